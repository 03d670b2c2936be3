/**
 * Notices of workflow steps and playbook runs, as cards through the proactive notifier:
 * - the admin channel (`notify here`); a tenant without one gets the notice in the requester's
 *   personal chat, which says how to register a channel;
 * - the requester or a target's manager, in their personal chat.
 *
 * A playbook's attestation also reaches its approvers as the approval card (Approve / Reject
 * through the one approval service), once per request.
 *
 * Each key is sent once per process; after a crash the engines send a notice again under the
 * same key, so a notice may (rarely) arrive twice, but is never lost. Failures are answered, not
 * thrown, with a stable code and words for the run card.
 */
import { renderAutomationNoticeCard, Verbs, type AdaptiveCardJson, type CardFact } from '../../cards';
import { describePerson, type Person } from '../../services/access/actor';
import type { Logger } from '../../services/logger';
import { NotifierError, type NotificationTarget, type Notifier } from '../../services/ports/notifier.port';
import type { PlaybookNotice, PlaybookNoticePort } from '../../services/playbooks/playbook-notice.port';
import type { WorkflowNotice, WorkflowNoticePort, WorkflowNoticeResult } from '../../services/workflows/workflow-notice.port';

export interface AutomationNoticesDependencies {
  notifier: Pick<Notifier, 'send'>;
  /** The tenant's registered admin channel, if any (tenant settings). */
  adminChannelOf(tenantId: string): string | undefined;
  /** Sends a pending approval request's cards to its approvers, unless it has them already. Absent: approvers use `approvals`. */
  approvalCards?: { publishPending(tenantId: string, requestId: string): Promise<void> };
  logger: Logger;
}

const NO_CHANNEL_NOTE = 'No admin channel is registered, so this came to you. A tenant admin can type "notify here" in a channel to send these there.';
/** Keys remembered per process (each notice is small; the engines resend a key only after a crash). */
const MAX_REMEMBERED_KEYS = 10_000;

export class AutomationNotices implements WorkflowNoticePort, PlaybookNoticePort {
  private readonly sent = new Set<string>();

  constructor(private readonly deps: AutomationNoticesDependencies) {}

  async send(notice: WorkflowNotice): Promise<WorkflowNoticeResult> {
    if (this.sent.has(notice.idempotencyKey)) return { status: 'sent', summary: 'Already sent.' };
    const card = (note?: string) =>
      renderAutomationNoticeCard({
        title: notice.title,
        source: `From the workflow ${notice.workflowTitle}, started by ${describePerson(notice.requester)}`,
        text: notice.text,
        facts: [{ label: 'User', value: `${notice.target.displayName} (${notice.target.upn})` }],
        ...(note ? { footer: note } : {}),
        nextStep: { title: 'Workflow runs', verb: Verbs.workflowRuns },
      });
    try {
      if (notice.audience === 'adminChannel') {
        const reached = await this.toAdminChannel(notice.tenantId, notice.requester, card, notice.title);
        this.remember(notice.idempotencyKey);
        return { status: 'sent', summary: reached };
      }
      const recipient = notice.recipient;
      if (!recipient) return { status: 'failed', code: 'NOTICE.NO_RECIPIENT', summary: notice.audience === 'manager' ? 'The user has no manager in the directory.' : 'Nobody to send it to.' };
      await this.deps.notifier.send({ tenantId: notice.tenantId, kind: 'user', id: recipient.userId }, { card: card(), summary: notice.title });
      this.remember(notice.idempotencyKey);
      return { status: 'sent', summary: `Sent to ${describePerson(recipient)}.` };
    } catch (error) {
      return this.failure(error, notice.tenantId, notice.recipient);
    }
  }

  /** A playbook's findings, attestation, remediation report or failure, to the admin channel. */
  async publish(notice: PlaybookNotice): Promise<void> {
    if (this.sent.has(notice.dedupeKey)) return;
    const card = (note?: string) => playbookCard(notice, note);
    await this.toAdminChannel(notice.tenantId, notice.requestedBy, card, `${notice.playbookName}: ${notice.policyName}`);
    this.remember(notice.dedupeKey);
    if (notice.kind === 'attestation-requested' && this.deps.approvalCards) {
      // The notice tells the channel; the approvers decide on their approval card. A failure leaves them the `approvals` list.
      await this.deps.approvalCards.publishPending(notice.tenantId, notice.approvalRequestId).catch((error: unknown) => {
        this.deps.logger.warn({ tenantId: notice.tenantId, code: error instanceof NotifierError ? error.code : 'UNEXPECTED' }, 'attestation approval cards not delivered');
      });
    }
  }

  private async toAdminChannel(tenantId: string, fallback: Person, card: (note?: string) => AdaptiveCardJson, summary: string): Promise<string> {
    const channel = this.deps.adminChannelOf(tenantId);
    if (channel) {
      await this.deps.notifier.send({ tenantId, kind: 'conversation', id: channel }, { card: card(), summary });
      return 'Sent to the admin channel.';
    }
    const target: NotificationTarget = { tenantId, kind: 'user', id: fallback.userId };
    await this.deps.notifier.send(target, { card: card(NO_CHANNEL_NOTE), summary });
    return `Sent to ${describePerson(fallback)} (no admin channel is registered).`;
  }

  private failure(error: unknown, tenantId: string, recipient: Person | undefined): WorkflowNoticeResult {
    if (error instanceof NotifierError && error.code === 'NOTIFY.NO_REFERENCE') {
      return { status: 'failed', code: 'NOTICE.NOT_INSTALLED', summary: `${recipient ? describePerson(recipient) : 'The recipient'} hasn't chatted with the bot yet, so the notice could not be delivered.` };
    }
    this.deps.logger.warn({ tenantId, code: error instanceof NotifierError ? error.code : 'UNEXPECTED' }, 'automation notice not delivered');
    return { status: 'failed', code: 'NOTICE.FAILED', summary: 'Teams did not accept the notice; it was not delivered.' };
  }

  private remember(key: string): void {
    if (this.sent.size >= MAX_REMEMBERED_KEYS) this.sent.clear();
    this.sent.add(key);
  }
}

const MODE_WORDS: Record<string, string> = { alert: 'Alert only', attestation: 'Attestation before remediation', action: 'Remediate automatically' };

function playbookCard(notice: PlaybookNotice, note?: string): AdaptiveCardJson {
  const facts: CardFact[] = [
    { label: 'Policy', value: notice.policyName },
    { label: 'Mode', value: MODE_WORDS[notice.mode] ?? notice.mode },
    { label: 'Found', value: `${notice.total.toLocaleString('en-US')} ${notice.total === 1 ? 'user' : 'users'}` },
  ];
  const lines = notice.findings.map((finding) => {
    const who = `${finding.displayName} (${finding.userPrincipalName})`;
    if (finding.summary) return `${who}: ${finding.summary}`;
    const licences = finding.facts.assignedSkuIds?.length;
    return licences ? `${who}: ${licences} ${licences === 1 ? 'licence' : 'licences'}` : who;
  });
  const base = {
    source: `From the playbook ${notice.playbookName}, ${notice.trigger.kind === 'schedule' ? 'on its schedule' : `run by ${describePerson(notice.requestedBy)}`}`,
    facts,
    lines,
    moreLines: Math.max(0, notice.total - notice.findings.length),
    nextStep: { title: 'Playbooks', verb: Verbs.playbooksList },
    ...(note ? { footer: note } : {}),
  };
  switch (notice.kind) {
    case 'findings':
      return renderAutomationNoticeCard({ ...base, title: `${notice.policyName}: ${notice.total} found`, text: notice.total === 0 ? 'Nothing to fix: no user matches this policy.' : 'Nothing was changed (alert only).', linesHeading: 'Found' });
    case 'attestation-requested':
      return renderAutomationNoticeCard({ ...base, title: `${notice.policyName}: waiting for attestation`, text: `${notice.approver ? describePerson(notice.approver) : 'A tenant admin'} must approve "${notice.remediation}" for these users before anything changes. The request expires ${notice.expiresAt}.`, linesHeading: 'Found' });
    case 'remediated':
      return renderAutomationNoticeCard({ ...base, tone: notice.counts.failed + notice.counts.unknown > 0 ? 'attention' : 'good', title: `${notice.policyName}: ${notice.remediation} done`, text: `${notice.counts.succeeded} succeeded, ${notice.counts.failed} failed, ${notice.counts.unknown} outcome unknown, ${notice.counts.skipped} skipped.`, linesHeading: 'Users' });
    case 'not-attested':
      return renderAutomationNoticeCard({ ...base, tone: 'attention', title: `${notice.policyName}: not remediated`, text: `The attestation was not given${notice.decidedBy ? ` (${describePerson(notice.decidedBy)})` : ''}, so nothing was changed.`, linesHeading: 'Found' });
    case 'failed':
      return renderAutomationNoticeCard({ ...base, tone: 'attention', title: `${notice.policyName}: the run failed`, text: 'The playbook could not finish this policy. Nothing more was changed; run it again later.', linesHeading: 'Found' });
  }
}

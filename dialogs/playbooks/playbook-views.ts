/**
 * Playbooks as cards: the `playbooks` list (policies with their modes in words, schedule, last
 * run, Run now, a mode choice per policy) and a run (started, then its report). Pure.
 */
import { codeSentence, renderPlaybookRunCard, renderPlaybooksCard, Verbs, type AdaptiveCardJson, type CardFact, type PlaybookRunPolicyCardView } from '../../cards';
import { describePerson } from '../../services/access/actor';
import type { PlaybookView, PolicyView } from '../../services/playbooks/playbook.service';
import type { PlaybookFinding, PlaybookRun, PlaybookRunReport, PolicyMode, RemediationState } from '../../services/playbooks/playbook.types';

export const MODE_TITLES: Record<PolicyMode, string> = {
  alert: 'Alert only',
  attestation: 'Ask a tenant admin to attest, then remediate',
  action: 'Remediate automatically',
};

/** A policy's mode in words, with what it does. */
export function modeWords(policy: Pick<PolicyView, 'mode' | 'approver' | 'attestationExpiresInHours'>): string {
  switch (policy.mode) {
    case 'alert':
      return 'Alert only: a card lists what it finds, and nothing changes';
    case 'attestation':
      return `Attestation: ${policy.approver ? describePerson(policy.approver) : 'a tenant admin'} must approve within ${policy.attestationExpiresInHours} hours before anything changes`;
    case 'action':
      return 'Remediate automatically: it acts on each user it finds';
  }
}

const RUN_STATE_WORDS: Record<PlaybookRun['state'], string> = {
  running: 'Running',
  'awaiting-attestation': 'Waiting for attestation',
  completed: 'Finished',
  failed: 'Failed',
};

function scheduleFact(playbook: PlaybookView): CardFact {
  if (!playbook.schedule) return { label: 'Schedule', value: 'Not scheduled: it runs when someone selects Run now' };
  const next = playbook.schedule.nextRunAt ? `; next on ${playbook.schedule.nextRunAt}` : '';
  return { label: 'Schedule', value: `On the cron pattern ${playbook.schedule.cron} (${playbook.schedule.timeZone})${next}` };
}

function lastRunFact(playbook: PlaybookView): CardFact {
  const last = playbook.lastRun;
  if (!last) return { label: 'Last run', value: 'Never run' };
  const how = last.trigger.kind === 'schedule' ? 'on its schedule' : 'by hand';
  return { label: 'Last run', value: `${RUN_STATE_WORDS[last.state]}, ${how}, started on ${last.startedAt}: ${last.findings.toLocaleString('en-US')} ${last.findings === 1 ? 'user' : 'users'} found` };
}

/** `playbooks` (tenant admins). */
export function playbooksCard(views: readonly PlaybookView[], message?: { text: string; tone: 'good' | 'attention' }): AdaptiveCardJson {
  return renderPlaybooksCard({
    ...(message ? { message } : {}),
    playbooks: views.map((playbook) => ({
      id: playbook.id,
      name: playbook.name,
      description: playbook.description,
      facts: [scheduleFact(playbook), lastRunFact(playbook)],
      policies: playbook.policies.map((policy) => ({
        id: policy.id,
        name: policy.name,
        description: policy.description,
        modeWords: modeWords(policy),
        ...(policy.remediation ? { remediation: policy.remediation } : {}),
        ...(policy.setBy ? { setBy: describePerson(policy.setBy) } : {}),
        ...(policy.setAt ? { setAt: policy.setAt } : {}),
        mode: policy.mode,
        modes: policy.modes.map((mode) => ({ value: mode, title: MODE_TITLES[mode] })),
      })),
      buttons: [
        { title: 'Run now', verb: Verbs.playbookRun, style: 'positive' as const, data: { playbook: playbook.id } as Record<string, string> },
        ...(playbook.lastRun ? [{ title: 'Last run', verb: Verbs.playbookReport, data: { runId: playbook.lastRun.id } as Record<string, string> }] : []),
      ],
    })),
  });
}

/** Where a run's findings are announced, in words. */
export function findingsGoTo(adminChannel: boolean): string {
  return adminChannel ? 'the admin channel' : 'you, in your personal chat (no admin channel is registered: a tenant admin can type "notify here" in a channel)';
}

const REMEDIATION_WORDS: Record<RemediationState, string> = {
  none: '',
  pending: 'Not yet',
  running: 'In progress',
  succeeded: 'Done',
  failed: 'Failed',
  unknown: 'Outcome unknown',
  skipped: 'Left alone',
};

function findingLine(finding: PlaybookFinding): string {
  const who = `${finding.displayName} (${finding.userPrincipalName})`;
  const licences = finding.facts.assignedSkuIds?.length;
  const what = licences ? `${licences} ${licences === 1 ? 'licence' : 'licences'}` : '';
  if (finding.remediation === 'none') return what ? `${who}: ${what}` : who;
  const result = finding.summary ?? (finding.code ? codeSentence(finding.code) : undefined) ?? REMEDIATION_WORDS[finding.remediation];
  return `${who}: ${REMEDIATION_WORDS[finding.remediation]}${result && result !== REMEDIATION_WORDS[finding.remediation] ? ` (${result})` : ''}`;
}

function policyResult(entry: PlaybookRunReport['policies'][number]): string {
  const { policy, counts } = entry;
  const found = `${policy.findingCount.toLocaleString('en-US')} ${policy.findingCount === 1 ? 'user' : 'users'} found`;
  const remediation = policy.remediation?.describe ?? 'remediate';
  const because = policy.code ? (codeSentence(policy.code) ?? '') : '';
  switch (policy.state) {
    case 'pending':
      return 'Checking the directory…';
    case 'requesting-approval':
    case 'awaiting-approval':
      return `${found}. Waiting for ${policy.approver ? describePerson(policy.approver) : 'a tenant admin'} to attest before it will ${remediation}; the request is in "approvals".`;
    case 'remediating':
      return `${found}. Going to ${remediation}: ${counts.succeeded} done so far.`;
    case 'done':
      if (policy.findingCount === 0) return 'Nothing found: no user matches this policy.';
      if (policy.mode === 'alert') return `${found}. Nothing was changed (alert only).`;
      return `${found}. ${remediation.charAt(0).toUpperCase()}${remediation.slice(1)}: ${counts.succeeded} done, ${counts.failed} failed, ${counts.unknown} outcome unknown, ${counts.skipped} left alone.`;
    case 'unavailable':
      return `Not available in this tenant: ${policy.reason ?? because}`;
    case 'not-attested':
      return `${found}. Nothing was changed: ${because || 'the remediation was not attested.'}`;
    case 'failed':
      return `It could not finish: ${because || 'the directory query failed.'}`;
  }
}

/** A run: just started (the findings follow), or its report. */
export function playbookRunCard(report: PlaybookRunReport, options: { adminChannel: boolean; justStarted?: boolean }): AdaptiveCardJson {
  const { run } = report;
  const finished = run.state === 'completed' || run.state === 'failed';
  const attention = run.state === 'failed' || report.policies.some((entry) => entry.policy.state === 'failed' || entry.counts.failed + entry.counts.unknown > 0);
  const policies: PlaybookRunPolicyCardView[] = report.policies.map((entry) => ({
    name: entry.policy.policyName,
    result: policyResult(entry),
    lines: entry.findings.map(findingLine),
    more: entry.moreFindings,
  }));
  const title = options.justStarted ? `${run.playbookName}: started` : `${run.playbookName}: ${RUN_STATE_WORDS[run.state].toLowerCase()}`;
  const text = options.justStarted
    ? `It checks the directory now. What it finds goes to ${findingsGoTo(options.adminChannel)}, and this card shows the report when it is done.`
    : finished
      ? `What it found also went to ${findingsGoTo(options.adminChannel)}. Every finding and change is in the audit.`
      : run.state === 'awaiting-attestation'
        ? 'A policy waits for a tenant admin to attest before it remediates; nothing changes until then.'
        : 'Still running; select Refresh to see how far it is.';
  return renderPlaybookRunCard({
    title,
    text,
    tone: finished ? (attention ? 'attention' : 'good') : 'running',
    facts: [
      { label: 'Run by', value: run.trigger.kind === 'schedule' ? `Its schedule, for ${describePerson(run.requestedBy)}` : describePerson(run.requestedBy) },
      { label: 'Started', value: run.startedAt },
      ...(run.finishedAt ? [{ label: 'Finished', value: run.finishedAt }] : []),
    ],
    policies: options.justStarted ? [] : policies,
    buttons: [
      { title: 'Refresh', verb: Verbs.playbookReport, data: { runId: run.id } },
      { title: 'Playbooks', verb: Verbs.playbooksList, data: {} },
    ],
  });
}

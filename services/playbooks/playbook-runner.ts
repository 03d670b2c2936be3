/**
 * Moves a stored run forward, policy by policy, as far as it can go now:
 *
 *   pending ──query──▶ done (nothing found, or alert: the findings notice is owed)
 *                  ├─▶ remediating (action mode)
 *                  ├─▶ requesting-approval ──▶ awaiting-approval ──(approved)──▶ remediating ──▶ done
 *                  │                                            └─(rejected, expired, cancelled)──▶ not-attested
 *                  ├─▶ unavailable (the tenant cannot answer the query)
 *                  └─▶ failed (the query or the approval request failed)
 *
 * Every step is stored before the next one starts, with the audit records and notices it owes
 * (drained from the run's outbox right after). A run cut off by a crash is advanced again from
 * where it stood: a finding already settled is never acted on again, and one whose action was
 * in flight is retried with the same idempotency key, which the action port answers once.
 * Calls for one run are serialized within the process.
 */
import type { Actor } from '../access/actor';
import type { ApprovalRequest } from '../approvals/approval-request';
import type { AuditWriter, JsonObject } from '../ports/audit-log.port';
import type { AreaLogger } from '../ports/area-logger.port';
import type { Clock } from '../ports/clock.port';
import type { DirectoryFinding, DirectoryQueryOutcome, PlaybookDirectory } from '../ports/playbook-directory.port';
import { silentLogger } from '../ports/area-logger.port';
import type { PlaybookActionPort, PlaybookActionResult } from './playbook-action.port';
import { codeOf, PLAYBOOK_ERROR_WORDS } from './playbook-errors';
import { countRemediations, factsForAudit, notice, policyAudit, runAudit, userAudit } from './playbook-follow-ups';
import type { PlaybookNoticePort } from './playbook-notice.port';
import type { PlaybookRepository, RemediationOutcome } from './playbook.repository.port';
import { FINAL_POLICY_STATES, type PlaybookFinding, type PlaybookRun, type PolicyRemediation, type PolicyRun } from './playbook.types';

export const PLAYBOOK_REMEDIATION_APPROVAL = 'playbook.remediation';

/** The approval service as playbooks see it (ApprovalService satisfies it). */
export interface PlaybookApprovalDesk {
  create(actor: Actor, input: { kind: string; payload: JsonObject; expiresInMs?: number; correlationId?: string }): Promise<ApprovalRequest>;
  listPending(tenantId: string, options?: { kind?: string }): Promise<ApprovalRequest[]>;
}

export interface PlaybookRunnerDeps {
  repository: PlaybookRepository;
  directory: PlaybookDirectory;
  actions: PlaybookActionPort;
  notices: PlaybookNoticePort;
  approvals: PlaybookApprovalDesk;
  audit: AuditWriter;
  clock: Clock;
  logger?: AreaLogger;
}

/** Steps one policy may take in one pass; a policy rests long before (at most four). */
const MAX_STEPS_PER_PASS = 8;

export class PlaybookRunner {
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly logger: AreaLogger;

  constructor(private readonly deps: PlaybookRunnerDeps) {
    this.logger = deps.logger ?? silentLogger;
  }

  /**
   * Advances the run until every policy rests (done, awaiting an attestation, …) and its owed
   * records and notices are out. A second call while one runs waits for it, then passes again.
   * @throws only what the stores throw (SQLite, the audit log, the notice port): the run stays where it stood and is resumed later.
   */
  advance(tenantId: string, runId: string): Promise<void> {
    const previous = this.inFlight.get(runId) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(() => this.advanceOnce(tenantId, runId));
    this.inFlight.set(runId, next);
    const forget = (): void => {
      if (this.inFlight.get(runId) === next) this.inFlight.delete(runId);
    };
    void next.then(forget, forget);
    return next;
  }

  isInFlight(runId: string): boolean {
    return this.inFlight.has(runId);
  }

  /** Writes the run's owed audit records and publishes its owed notices, oldest first. */
  async flush(runId: string): Promise<void> {
    for (const item of this.deps.repository.listOutbox(runId)) {
      if (item.followUp.kind === 'audit') await this.deps.audit.append(item.followUp.entry);
      else await this.deps.notices.publish(item.followUp.notice);
      // Sent first, then removed: a crash in between repeats it (the notice port drops a repeat by its dedupe key).
      this.deps.repository.completeOutbox(item.id);
    }
  }

  private async advanceOnce(tenantId: string, runId: string): Promise<void> {
    const run = this.deps.repository.getRun(tenantId, runId);
    if (!run) return;
    await this.flush(run.id);
    for (const policy of run.policies) await this.advancePolicy(run, policy.policyId);
    this.settleRun(run);
    await this.flush(run.id);
  }

  private async advancePolicy(run: PlaybookRun, policyId: string): Promise<void> {
    for (let step = 0; step < MAX_STEPS_PER_PASS; step += 1) {
      const policy = this.policyOf(run, policyId);
      if (!policy) return;
      switch (policy.state) {
        case 'pending':
          await this.query(run, policy);
          break;
        case 'requesting-approval':
          await this.requestAttestation(run, policy);
          break;
        case 'remediating':
          await this.remediate(run, policy);
          break;
        default:
          return;
      }
      await this.flush(run.id);
    }
  }

  private policyOf(run: PlaybookRun, policyId: string): PolicyRun | undefined {
    return this.deps.repository.getRun(run.tenantId, run.id)?.policies.find((candidate) => candidate.policyId === policyId);
  }

  /** Completed (or failed) once every policy is final; awaiting an attestation while one waits. */
  private settleRun(run: PlaybookRun): void {
    const current = this.deps.repository.getRun(run.tenantId, run.id);
    if (!current || current.state === 'completed' || current.state === 'failed') return;
    const open = current.policies.filter((policy) => !FINAL_POLICY_STATES.includes(policy.state));
    const now = this.deps.clock.now().toISOString();
    if (open.length > 0) {
      if (open.every((policy) => policy.state === 'awaiting-approval') && current.state !== 'awaiting-attestation') {
        this.deps.repository.setRunState(run.id, 'awaiting-attestation', now);
      }
      return;
    }
    const failed = current.policies.some((policy) => policy.state === 'failed');
    const state = failed ? 'failed' : 'completed';
    const summary = current.policies.map((policy) => `${policy.policyId}:${policy.state}:${policy.findingCount}`);
    this.deps.repository.setRunState(run.id, state, now, [runAudit(run, 'playbook.run.finish', failed ? { outcome: 'failed', code: 'PLAYBOOK.POLICY_FAILED' } : { outcome: 'ok' }, { state, policies: summary })]);
  }

  // ---- query --------------------------------------------------------------------------------

  private async query(run: PlaybookRun, policy: PolicyRun): Promise<void> {
    let outcome: DirectoryQueryOutcome;
    try {
      outcome = await this.deps.directory.listFindings(run.tenantId, policy.query, { now: this.deps.clock.now() });
    } catch (error) {
      const code = codeOf(error, 'DIRECTORY.UNAVAILABLE');
      this.logger.warn({ tenantId: run.tenantId, runId: run.id, policyId: policy.policyId, code }, 'playbook query failed');
      this.deps.repository.transitionPolicy(run.id, policy.policyId, {
        from: ['pending'],
        to: 'failed',
        code,
        followUps: [policyAudit(run, policy, 'playbook.policy.query', { outcome: 'failed', code }), notice(run, policy, { kind: 'failed', code }, [], 0)],
      });
      return;
    }
    if (outcome.status === 'unavailable') {
      const code = 'PLAYBOOK.QUERY_UNAVAILABLE';
      this.deps.repository.transitionPolicy(run.id, policy.policyId, {
        from: ['pending'],
        to: 'unavailable',
        code,
        reason: outcome.reason,
        followUps: [policyAudit(run, policy, 'playbook.policy.query', { outcome: 'failed', code }, { query: policy.query.kind })],
      });
      return;
    }
    const findings = uniqueByUser(outcome.findings);
    const remediates = policy.mode !== 'alert' && policy.remediation !== undefined;
    const to = findings.length === 0 || !remediates ? 'done' : policy.mode === 'action' ? 'remediating' : 'requesting-approval';
    const followUps = [
      policyAudit(run, policy, 'playbook.policy.query', { outcome: 'ok' }, { query: policy.query.kind, findings: findings.length, mode: policy.mode }),
      ...findings.map((finding) => userAudit(run, policy, finding, 'playbook.finding', { outcome: 'ok' }, factsForAudit(finding.facts))),
    ];
    if (to === 'done' && findings.length > 0) followUps.push(notice(run, policy, { kind: 'findings' }, findings, findings.length));
    this.deps.repository.transitionPolicy(run.id, policy.policyId, {
      from: ['pending'],
      to,
      findings: { items: findings, remediation: remediates ? 'pending' : 'none' },
      followUps,
    });
  }

  // ---- attestation --------------------------------------------------------------------------

  /** Opens the approval (or finds the one a crash left behind) and announces it. */
  private async requestAttestation(run: PlaybookRun, policy: PolicyRun): Promise<void> {
    const remediation = policy.remediation as PolicyRemediation;
    let request: ApprovalRequest;
    try {
      const pending = await this.deps.approvals.listPending(run.tenantId, { kind: PLAYBOOK_REMEDIATION_APPROVAL });
      request =
        pending.find((candidate) => candidate.payload.runId === run.id && candidate.payload.policyId === policy.policyId) ??
        (await this.deps.approvals.create({ tenantId: run.tenantId, ...run.requestedBy }, {
          kind: PLAYBOOK_REMEDIATION_APPROVAL,
          payload: attestationPayload(run, policy, remediation),
          expiresInMs: policy.attestationExpiresInMs,
          correlationId: run.correlationId,
        }));
    } catch (error) {
      // E.g. the schedule's owner is no longer a tenant admin: fail closed, act on nobody.
      const code = codeOf(error, 'BOT.INTERNAL');
      this.deps.repository.transitionPolicy(run.id, policy.policyId, {
        from: ['requesting-approval'],
        to: 'failed',
        code,
        skipPendingWith: code,
        followUps: [policyAudit(run, policy, 'playbook.attestation.request', { outcome: 'failed', code }), notice(run, policy, { kind: 'failed', code }, [], policy.findingCount)],
      });
      return;
    }
    const findings = this.deps.repository.listFindings(run.id, policy.policyId);
    this.deps.repository.transitionPolicy(run.id, policy.policyId, {
      from: ['requesting-approval'],
      to: 'awaiting-approval',
      approvalRequestId: request.id,
      followUps: [
        policyAudit(run, policy, 'playbook.attestation.request', { outcome: 'ok' }, { approvalRequestId: request.id, findings: findings.length, approver: policy.approver?.userId ?? null }),
        notice(
          run,
          policy,
          { kind: 'attestation-requested', approvalRequestId: request.id, expiresAt: request.expiresAt, remediation: remediation.describe, ...(policy.approver ? { approver: policy.approver } : {}) },
          findings,
          findings.length,
        ),
      ],
    });
  }

  // ---- remediation --------------------------------------------------------------------------

  private async remediate(run: PlaybookRun, policy: PolicyRun): Promise<void> {
    const remediation = policy.remediation as PolicyRemediation;
    // Actions a crash cut off first: the port answers their first outcome by the same key.
    for (const finding of this.deps.repository.listFindings(run.id, policy.policyId, ['running'])) await this.act(run, policy, remediation, finding);

    const pending = this.deps.repository.listFindings(run.id, policy.policyId, ['pending']);
    if (pending.length > 0) {
      // The directory may have changed since the query (an attestation can take a day): act only on users who still match.
      const stillMatching = await this.stillMatching(run, policy);
      if (!stillMatching) {
        const code = 'PLAYBOOK.RECHECK_FAILED';
        this.deps.repository.transitionPolicy(run.id, policy.policyId, {
          from: ['remediating'],
          to: 'failed',
          code,
          skipPendingWith: code,
          followUps: [policyAudit(run, policy, 'playbook.remediation.recheck', { outcome: 'failed', code }), notice(run, policy, { kind: 'failed', code }, [], policy.findingCount)],
        });
        return;
      }
      for (const finding of pending) {
        if (!stillMatching.has(finding.userId.toLowerCase())) {
          this.settle(run, policy, remediation, finding, { state: 'skipped', code: 'PLAYBOOK.NO_LONGER_MATCHES', summary: PLAYBOOK_ERROR_WORDS['PLAYBOOK.NO_LONGER_MATCHES'].userMessage });
          await this.flush(run.id);
          continue;
        }
        if (!this.deps.repository.startRemediation(run.id, policy.policyId, finding.userId)) continue;
        await this.act(run, policy, remediation, finding);
      }
    }

    const findings = this.deps.repository.listFindings(run.id, policy.policyId);
    this.deps.repository.transitionPolicy(run.id, policy.policyId, {
      from: ['remediating'],
      to: 'done',
      followUps: [notice(run, policy, { kind: 'remediated', counts: countRemediations(findings), remediation: remediation.describe }, findings, findings.length)],
    });
  }

  private async stillMatching(run: PlaybookRun, policy: PolicyRun): Promise<Set<string> | undefined> {
    try {
      const outcome = await this.deps.directory.listFindings(run.tenantId, policy.query, { now: this.deps.clock.now() });
      return outcome.status === 'ok' ? new Set(outcome.findings.map((finding) => finding.userId.toLowerCase())) : undefined;
    } catch (error) {
      this.logger.warn({ tenantId: run.tenantId, runId: run.id, policyId: policy.policyId, code: codeOf(error, 'DIRECTORY.UNAVAILABLE') }, 'playbook recheck failed');
      return undefined;
    }
  }

  /** Calls the action for a finding already marked running, then records how it ended. */
  private async act(run: PlaybookRun, policy: PolicyRun, remediation: PolicyRemediation, finding: PlaybookFinding): Promise<void> {
    let result: PlaybookActionResult;
    try {
      result = await this.deps.actions.run({
        tenantId: run.tenantId,
        requester: { tenantId: run.tenantId, ...run.requestedBy },
        actionId: remediation.actionId,
        targetUserId: finding.userId,
        parameters: remediation.parameters,
        idempotencyKey: remediationKey(run.id, policy.policyId, finding.userId),
      });
    } catch (error) {
      result = { status: 'unknown', summary: PLAYBOOK_ERROR_WORDS['PLAYBOOK.ACTION_NO_ANSWER'].userMessage, code: codeOf(error, 'PLAYBOOK.ACTION_NO_ANSWER') };
    }
    const outcome: RemediationOutcome = { state: result.status, summary: result.summary, ...(result.code ? { code: result.code } : {}) };
    if (result.status !== 'succeeded' && !outcome.code) outcome.code = result.status === 'unknown' ? 'PLAYBOOK.ACTION_NO_ANSWER' : 'PLAYBOOK.ACTION_FAILED';
    this.settle(run, policy, remediation, finding, outcome);
    await this.flush(run.id);
  }

  private settle(run: PlaybookRun, policy: PolicyRun, remediation: PolicyRemediation, finding: PlaybookFinding, outcome: RemediationOutcome): void {
    const result = outcome.state === 'succeeded' || outcome.state === 'skipped' ? { outcome: 'ok' as const } : { outcome: 'failed' as const, code: outcome.code ?? 'PLAYBOOK.ACTION_FAILED' };
    const details: JsonObject = { actionId: remediation.actionId, state: outcome.state };
    if (outcome.state === 'skipped' && outcome.code) details.code = outcome.code;
    if (policy.approvalRequestId) details.approvalRequestId = policy.approvalRequestId;
    if (policy.decidedBy) details.attestedBy = policy.decidedBy.userId;
    this.deps.repository.settleRemediation(run.id, policy.policyId, finding.userId, outcome, [userAudit(run, policy, finding, 'playbook.remediation', result, details)]);
  }
}

/** One key per finding of one run: every attempt at it (a retry, a resume) carries the same one. */
export function remediationKey(runId: string, policyId: string, userId: string): string {
  return `${runId}:${policyId}:${userId}`;
}

function attestationPayload(run: PlaybookRun, policy: PolicyRun, remediation: PolicyRemediation): JsonObject {
  const payload: JsonObject = {
    runId: run.id,
    playbookId: run.playbookId,
    playbookName: run.playbookName,
    policyId: policy.policyId,
    policyName: policy.policyName,
    actionId: remediation.actionId,
    remediation: remediation.describe,
    findings: policy.findingCount,
  };
  if (policy.approver) {
    payload.approverUserId = policy.approver.userId;
    if (policy.approver.displayName) payload.approverName = policy.approver.displayName;
  }
  return payload;
}

function uniqueByUser(findings: readonly DirectoryFinding[]): DirectoryFinding[] {
  const seen = new Set<string>();
  return findings.filter((finding) => {
    const key = finding.userId.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

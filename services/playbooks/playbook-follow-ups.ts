/**
 * The audit records and notices a run owes, built as plain data so they can be stored in the
 * run's outbox with the state change that owes them. Ids, counts and codes only: no payloads,
 * no secrets (a finding is a user's id, UPN, name and a few facts).
 */
import { SYSTEM_PERSON, type Person } from '../access/actor';
import type { AuditEntry, AuditResult, JsonObject } from '../ports/audit-log.port';
import type { FindingFacts } from '../ports/playbook-directory.port';
import { NOTICE_FINDINGS_LIMIT, type NoticeFinding, type PlaybookNotice } from './playbook-notice.port';
import type { RunFollowUp } from './playbook.repository.port';
import type { PlaybookFinding, PlaybookRun, PolicyRun, RemediationCounts } from './playbook.types';

type RunRef = Pick<PlaybookRun, 'id' | 'tenantId' | 'playbookId' | 'playbookName' | 'trigger' | 'requestedBy' | 'correlationId'>;

/** A scheduled run is the bot's own doing, on behalf of the admin who set the schedule. */
export function auditActorOf(run: RunRef): Person {
  return run.trigger.kind === 'schedule' ? SYSTEM_PERSON : run.requestedBy;
}

function runDetails(run: RunRef, policy?: Pick<PolicyRun, 'policyId'>): JsonObject {
  const details: JsonObject = { runId: run.id, playbookId: run.playbookId, trigger: run.trigger.kind };
  if (run.trigger.kind === 'schedule') {
    details.slot = run.trigger.slot;
    details.onBehalfOf = run.requestedBy.userId;
  }
  if (policy) details.policyId = policy.policyId;
  return details;
}

export function runAudit(run: RunRef, action: string, result: AuditResult, details: JsonObject = {}): RunFollowUp {
  const entry: AuditEntry = {
    tenantId: run.tenantId,
    actor: auditActorOf(run),
    action,
    target: { type: 'playbook', id: run.playbookId, displayName: run.playbookName },
    result,
    correlationId: run.correlationId,
    details: { ...runDetails(run), ...details },
  };
  return { kind: 'audit', entry };
}

export function policyAudit(run: RunRef, policy: Pick<PolicyRun, 'policyId' | 'policyName'>, action: string, result: AuditResult, details: JsonObject = {}): RunFollowUp {
  const entry: AuditEntry = {
    tenantId: run.tenantId,
    actor: auditActorOf(run),
    action,
    target: { type: 'playbookPolicy', id: `${run.playbookId}/${policy.policyId}`, displayName: policy.policyName },
    result,
    correlationId: run.correlationId,
    details: { ...runDetails(run, policy), ...details },
  };
  return { kind: 'audit', entry };
}

/** One record per user a policy found, and one per remediation attempt (or skip). */
export function userAudit(
  run: RunRef,
  policy: Pick<PolicyRun, 'policyId'>,
  user: { userId: string; userPrincipalName: string; displayName: string },
  action: 'playbook.finding' | 'playbook.remediation',
  result: AuditResult,
  details: JsonObject = {},
): RunFollowUp {
  const entry: AuditEntry = {
    tenantId: run.tenantId,
    actor: auditActorOf(run),
    action,
    target: { type: 'user', id: user.userId, upn: user.userPrincipalName, displayName: user.displayName },
    result,
    correlationId: run.correlationId,
    details: { ...runDetails(run, policy), ...details },
  };
  return { kind: 'audit', entry };
}

/** What a finding's facts add to its audit record: counts and instants, never lists of ids. */
export function factsForAudit(facts: FindingFacts): JsonObject {
  const details: JsonObject = {};
  if (facts.assignedSkuIds) details.licences = facts.assignedSkuIds.length;
  if (facts.lastSignInAt !== undefined) details.lastSignInAt = facts.lastSignInAt;
  return details;
}

type NoticeExtra =
  | { kind: 'findings' }
  | { kind: 'attestation-requested'; approvalRequestId: string; expiresAt: string; approver?: Person; remediation: string }
  | { kind: 'remediated'; counts: RemediationCounts; remediation: string }
  | { kind: 'not-attested'; code: string; decidedBy?: Person }
  | { kind: 'failed'; code: string };

export function notice(run: RunRef, policy: Pick<PolicyRun, 'policyId' | 'policyName' | 'mode'>, extra: NoticeExtra, findings: readonly (NoticeFinding | PlaybookFinding)[], total: number): RunFollowUp {
  const lines: NoticeFinding[] = findings.slice(0, NOTICE_FINDINGS_LIMIT).map((finding) => ({
    userId: finding.userId,
    userPrincipalName: finding.userPrincipalName,
    displayName: finding.displayName,
    facts: finding.facts,
    ...('remediation' in finding && extra.kind === 'remediated' ? { remediation: finding.remediation } : {}),
    ...(finding.summary && extra.kind === 'remediated' ? { summary: finding.summary } : {}),
    ...(finding.code && extra.kind === 'remediated' ? { code: finding.code } : {}),
  }));
  const value = {
    dedupeKey: `${run.id}:${policy.policyId}:${extra.kind}`,
    tenantId: run.tenantId,
    runId: run.id,
    playbookId: run.playbookId,
    playbookName: run.playbookName,
    policyId: policy.policyId,
    policyName: policy.policyName,
    mode: policy.mode,
    trigger: run.trigger,
    requestedBy: run.requestedBy,
    total,
    findings: lines,
    ...extra,
  } as PlaybookNotice;
  return { kind: 'notice', notice: value };
}

export function countRemediations(findings: readonly PlaybookFinding[]): RemediationCounts {
  const counts: RemediationCounts = { findings: findings.length, succeeded: 0, failed: 0, unknown: 0, skipped: 0, pending: 0 };
  for (const finding of findings) {
    if (finding.remediation === 'succeeded') counts.succeeded += 1;
    else if (finding.remediation === 'failed') counts.failed += 1;
    else if (finding.remediation === 'unknown') counts.unknown += 1;
    else if (finding.remediation === 'skipped') counts.skipped += 1;
    else if (finding.remediation === 'pending' || finding.remediation === 'running') counts.pending += 1;
  }
  return counts;
}

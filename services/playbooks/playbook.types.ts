/**
 * Playbooks (issue 14, part 3): a playbook holds policies; a policy is a directory query and a
 * remediation mode. A run queries every policy, records what it found, and then alerts, asks for
 * an attestation (an approval) or acts on each finding, depending on the tenant's chosen mode.
 */
import type { Person } from '../access/actor';
import type { DirectoryQuery, FindingFacts } from '../ports/playbook-directory.port';

/**
 * - alert: a card to the admin channel lists the findings; nothing changes.
 * - attestation: a tenant admin (or the named approver) approves before the remediation runs.
 * - action: the remediation runs on each finding at once.
 */
export type PolicyMode = 'alert' | 'attestation' | 'action';
export const POLICY_MODES: readonly PolicyMode[] = ['alert', 'attestation', 'action'];

/** The built-in action a policy runs on each finding (attestation and action modes). */
export interface PolicyRemediation {
  /** A built-in action id of services/access/actions.ts, e.g. 'user.removeAllLicenses'. */
  actionId: string;
  /** Words for cards: "remove all their licences". */
  describe: string;
  parameters: Readonly<Record<string, string>>;
}

export interface PolicyDefinition {
  /** Stable slug, e.g. 'disabled-users-with-licences'. */
  id: string;
  name: string;
  description: string;
  query: DirectoryQuery;
  defaultMode: PolicyMode;
  /** Absent: the policy can only alert. */
  remediation?: PolicyRemediation;
}

export interface PlaybookDefinition {
  /** Stable slug, e.g. 'licence-hygiene'. */
  id: string;
  name: string;
  description: string;
  policies: readonly PolicyDefinition[];
}

/** A tenant admin's choice for one policy (persisted per tenant). */
export interface PolicySetting {
  tenantId: string;
  playbookId: string;
  policyId: string;
  mode: PolicyMode;
  /** Attestation: the one tenant admin who must attest; absent: any tenant admin. */
  approver?: Person;
  /** Attestation: how long the approval stays open. Default 24. */
  attestationExpiresInHours?: number;
  setBy: Person;
  setAt: string;
}

/** A playbook's schedule in one tenant: a cron pattern in an IANA time zone (croner). */
export interface PlaybookSchedule {
  tenantId: string;
  playbookId: string;
  cron: string;
  timeZone: string;
  /** The tenant admin who set it: scheduled runs act on their behalf (and fail closed once they are no longer an admin). */
  setBy: Person;
  setAt: string;
  /** When this pattern and zone began to apply: slots before it were never scheduled, so never "missed". */
  armedAt: string;
}

export type RunTrigger = { kind: 'manual' } | { kind: 'schedule'; slot: string };

export type PlaybookRunState = 'running' | 'awaiting-attestation' | 'completed' | 'failed';

/**
 * - pending: the query has not answered yet.
 * - requesting-approval → awaiting-approval: attestation mode with findings.
 * - remediating: acting on each finding (action mode, or after the attestation).
 * - done: alerted, remediated, or nothing found. unavailable: the tenant cannot answer the query.
 * - not-attested: rejected, expired, cancelled, or approved by someone other than the named approver.
 * - failed: the query or the approval request failed (code says why).
 */
export type PolicyRunState = 'pending' | 'requesting-approval' | 'awaiting-approval' | 'remediating' | 'done' | 'unavailable' | 'not-attested' | 'failed';

export const FINAL_POLICY_STATES: readonly PolicyRunState[] = ['done', 'unavailable', 'not-attested', 'failed'];

/** One policy inside a run; mode, action and approver are copied at the start, so a later settings change never alters a run. */
export interface PolicyRun {
  runId: string;
  policyId: string;
  policyName: string;
  position: number;
  query: DirectoryQuery;
  mode: PolicyMode;
  remediation?: PolicyRemediation;
  approver?: Person;
  attestationExpiresInMs: number;
  state: PolicyRunState;
  code?: string;
  /** Why the query is unavailable, in words. */
  reason?: string;
  approvalRequestId?: string;
  decidedBy?: Person;
  findingCount: number;
}

export interface PlaybookRun {
  id: string;
  tenantId: string;
  playbookId: string;
  playbookName: string;
  trigger: RunTrigger;
  /** Who asked (manual) or on whose behalf the schedule runs. */
  requestedBy: Person;
  correlationId: string;
  startedAt: string;
  finishedAt?: string;
  state: PlaybookRunState;
  policies: PolicyRun[];
}

/**
 * none: alert mode (nothing to do). pending → running → succeeded | failed | unknown. skipped:
 * never attempted (not attested, no longer matching, or the remediation could not start).
 */
export type RemediationState = 'none' | 'pending' | 'running' | 'succeeded' | 'failed' | 'unknown' | 'skipped';

export interface PlaybookFinding {
  runId: string;
  policyId: string;
  userId: string;
  userPrincipalName: string;
  displayName: string;
  facts: FindingFacts;
  remediation: RemediationState;
  code?: string;
  summary?: string;
}

export interface RemediationCounts {
  findings: number;
  succeeded: number;
  failed: number;
  unknown: number;
  skipped: number;
  pending: number;
}

/** A run as a card shows it: each policy with its counts and its first findings. */
export interface PlaybookRunReport {
  run: PlaybookRun;
  policies: Array<{ policy: PolicyRun; counts: RemediationCounts; findings: PlaybookFinding[]; moreFindings: number }>;
}

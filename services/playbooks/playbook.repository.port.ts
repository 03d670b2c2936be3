/**
 * Storage of playbook settings, schedules, slots and runs. SQLite:
 * services/adapters/sqlite/playbook.sqlite.ts (area 'playbooks').
 *
 * Every state change of a run is one transaction with the follow-ups it owes (audit records,
 * notices) in the run's outbox, so a crash between the change and its follow-up loses nothing:
 * the outbox is drained after each change and again when the run resumes.
 */
import type { Person } from '../access/actor';
import type { AuditEntry } from '../ports/audit-log.port';
import type { DirectoryFinding } from '../ports/playbook-directory.port';
import type { PlaybookNotice } from './playbook-notice.port';
import type { PlaybookFinding, PlaybookRun, PlaybookRunState, PlaybookSchedule, PolicyRunState, PolicySetting, RemediationState } from './playbook.types';

export type RunFollowUp = { kind: 'audit'; entry: AuditEntry } | { kind: 'notice'; notice: PlaybookNotice };

export interface RunOutboxItem {
  id: number;
  runId: string;
  followUp: RunFollowUp;
}

/** A run to insert: its policies in order, each in state 'pending'. */
export type NewPlaybookRun = Omit<PlaybookRun, 'finishedAt' | 'state'>;

/** How one finding's remediation ended (or why it was never attempted). */
export interface RemediationOutcome {
  state: Exclude<RemediationState, 'none' | 'pending' | 'running'>;
  summary: string;
  code?: string;
}

export interface PolicyTransition {
  /** Applied only while the policy is in one of these states (a compare-and-set). */
  from: readonly PolicyRunState[];
  to: PolicyRunState;
  code?: string;
  reason?: string;
  approvalRequestId?: string;
  decidedBy?: Person;
  /** Recorded with the transition (from 'pending'); remediation 'pending' in attestation and action modes, 'none' in alert mode. */
  findings?: { items: readonly DirectoryFinding[]; remediation: 'none' | 'pending' };
  /** Findings still 'pending' become 'skipped' with this code. */
  skipPendingWith?: string;
  followUps?: readonly RunFollowUp[];
}

export interface PlaybookRepository {
  getPolicySetting(tenantId: string, playbookId: string, policyId: string): PolicySetting | undefined;
  listPolicySettings(tenantId: string, playbookId: string): PolicySetting[];
  setPolicySetting(setting: PolicySetting): void;

  getSchedule(tenantId: string, playbookId: string): PlaybookSchedule | undefined;
  /** Every schedule of every tenant, for the scheduler. */
  listSchedules(): PlaybookSchedule[];
  setSchedule(schedule: PlaybookSchedule): void;
  deleteSchedule(tenantId: string, playbookId: string): boolean;

  /** INSERT OR IGNORE: true for the one caller that claimed the slot. */
  claimSlot(tenantId: string, playbookId: string, slotKey: string, claimedAt: string): boolean;
  completeSlot(tenantId: string, playbookId: string, slotKey: string, outcome: string, runId?: string): void;
  /** The latest claimed slot key (an ISO instant), if any. */
  lastSlot(tenantId: string, playbookId: string): string | undefined;

  /**
   * Inserts the run and its policies with the start follow-ups. 'busy' when the tenant already
   * has an unfinished run of this playbook (running or awaiting an attestation): nothing is stored.
   */
  createRun(run: NewPlaybookRun, followUps: readonly RunFollowUp[]): { status: 'created' } | { status: 'busy'; activeRunId: string };
  getRun(tenantId: string, runId: string): PlaybookRun | undefined;
  /** Newest first. */
  listRuns(tenantId: string, options: { playbookId?: string; limit: number }): PlaybookRun[];
  /** Runs with work left: unfinished, or finished with follow-ups still owed. */
  listRunsNeedingWork(): Array<{ tenantId: string; runId: string }>;
  /** Compare-and-set on the policy; false when its state was not in `from`. */
  transitionPolicy(runId: string, policyId: string, transition: PolicyTransition): boolean;
  /** Sets the run's state (finishedAt for completed and failed) with its follow-ups; false when it had finished already. */
  setRunState(runId: string, state: PlaybookRunState, at: string, followUps?: readonly RunFollowUp[]): boolean;

  /** In the order the query returned them. */
  listFindings(runId: string, policyId: string, remediation?: readonly RemediationState[]): PlaybookFinding[];
  /** pending → running, before the action is called; false when it was not pending. */
  startRemediation(runId: string, policyId: string, userId: string): boolean;
  /** running → the outcome, with its audit record. */
  settleRemediation(runId: string, policyId: string, userId: string, outcome: RemediationOutcome, followUps: readonly RunFollowUp[]): void;

  /** Owed follow-ups of a run, oldest first. */
  listOutbox(runId: string): RunOutboxItem[];
  completeOutbox(id: number): void;
}

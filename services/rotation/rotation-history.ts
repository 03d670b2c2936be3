/**
 * The `rotation history` card's data: past rotations with time, trigger, actor or schedule,
 * result and duration. Read from the rotation journal, so it shows exactly what the protocol
 * recorded, including runs that recovery finished after a crash.
 */
import { describePerson } from '../access/actor';
import type { RotationJournal } from './rotation-store.port';
import type { RotationRun, RotationRunStatus, RotationTriggerKind } from './rotation.types';

export interface RotationHistoryEntry {
  rotationId: string;
  /** ISO-8601 UTC start of the run. */
  startedAt: string;
  finishedAt?: string;
  trigger: RotationTriggerKind;
  /** "Ada Admin (ada@contoso.com)" for a person, "schedule (2026-01-12T02:00:00.000Z)" for the scheduler, "the bot (recovery)" otherwise. */
  initiatedBy: string;
  actorId?: string;
  result: RotationRunStatus;
  errorCode?: string;
  durationInMs?: number;
  newVersion?: string;
  previousVersion?: string;
  settledByRecovery: boolean;
}

export const MAX_HISTORY_LIMIT = 100;

export class RotationHistory {
  constructor(private readonly journal: Pick<RotationJournal, 'list'>) {}

  /**
   * Newest first, at most `limit` (1..100, default 10). No Graph or vault call. Callers
   * authorize: tenant admins and auditors only. Throws nothing for an unknown tenant (empty list).
   */
  list(tenantId: string, options: { limit?: number } = {}): RotationHistoryEntry[] {
    const limit = Math.min(Math.max(Math.trunc(options.limit ?? 10), 1), MAX_HISTORY_LIMIT);
    return this.journal.list(tenantId, { limit }).map(toEntry);
  }
}

function toEntry(run: RotationRun): RotationHistoryEntry {
  const entry: RotationHistoryEntry = {
    rotationId: run.rotationId,
    startedAt: run.startedAt,
    trigger: run.trigger.kind,
    initiatedBy: initiatedBy(run),
    result: run.status,
    settledByRecovery: run.settledByRecovery,
  };
  if (run.finishedAt) entry.finishedAt = run.finishedAt;
  if (run.trigger.actor) entry.actorId = run.trigger.actor.userId;
  if (run.errorCode) entry.errorCode = run.errorCode;
  if (run.durationInMs !== undefined) entry.durationInMs = run.durationInMs;
  if (run.status === 'succeeded' && run.pendingVersion) entry.newVersion = run.pendingVersion;
  if (run.previousVersion) entry.previousVersion = run.previousVersion;
  return entry;
}

function initiatedBy(run: RotationRun): string {
  if (run.trigger.actor) return describePerson(run.trigger.actor);
  if (run.trigger.kind === 'schedule') return run.trigger.slot ? `schedule (${run.trigger.slot})` : 'schedule';
  return 'the bot (recovery)';
}

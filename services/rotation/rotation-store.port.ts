/**
 * What the rotation area persists besides the ServiceAccountRecord: the journal of runs (which
 * is also the rotation history), the per-tenant lease, and the tenant's rotation condition.
 * SQLite implementations live in services/adapters/sqlite/rotation-*.ts. Synchronous, like the
 * other repositories on better-sqlite3. None of these ever stores a password.
 */
import type { RotationCondition, RotationRun, RotationRunStatus, RotationStep } from './rotation.types';

export interface RotationJournal {
  /** Inserts a new run (status running, step started). */
  start(run: Pick<RotationRun, 'rotationId' | 'tenantId' | 'trigger' | 'startedAt' | 'previousVersion'>): void;
  /** Records that `step` completed; versions are only ever added, never cleared. */
  advance(rotationId: string, step: RotationStep, versions?: { pendingVersion?: string }): void;
  /** Sets the run's status; `finishedAt` and `durationInMs` are set for succeeded/failed. */
  finish(
    rotationId: string,
    outcome: { status: RotationRunStatus; errorCode?: string; finishedAt?: string; durationInMs?: number; settledByRecovery?: boolean },
  ): void;
  get(rotationId: string): RotationRun | undefined;
  /** The tenant's run that is running or unresolved, newest first (there is at most one while the lease works). */
  findOpen(tenantId: string): RotationRun | undefined;
  /** Newest first. */
  list(tenantId: string, options: { limit: number }): RotationRun[];
}

export interface RotationLease {
  holderId: string;
  acquiredAt: string;
  expiresAt: string;
}

/**
 * A per-tenant lease: at most one holder at a time, and an expiry so that a holder that died
 * (crash, kill -9) does not block rotation forever.
 */
export interface RotationLeaseStore {
  /** Takes the lease if it is free or expired at `now`. Returns false when someone else holds a live lease. */
  tryAcquire(tenantId: string, holderId: string, now: Date, leaseInMs: number): boolean;
  /** Extends a lease this holder still owns; false when it was lost (expired and taken). */
  renew(tenantId: string, holderId: string, now: Date, leaseInMs: number): boolean;
  /** Releases the lease if this holder owns it. */
  release(tenantId: string, holderId: string): void;
  current(tenantId: string): RotationLease | undefined;
}

export interface RotationConditionStore {
  get(tenantId: string): RotationCondition | undefined;
  set(condition: RotationCondition): void;
  /** Tenants whose condition is not healthy. */
  listUnhealthy(): RotationCondition[];
}

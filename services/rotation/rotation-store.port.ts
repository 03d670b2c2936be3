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

/** The process that holds a lease (see rotation-lease-owner.ts). Identifiers only. */
export interface RotationLeaseOwner {
  /** Drawn once per process start. */
  instanceId: string;
  pid: number;
  hostname: string;
}

export interface RotationLease {
  holderId: string;
  acquiredAt: string;
  expiresAt: string;
  /** Absent on leases written without one (older rows, tools): those are only taken over once expired. */
  owner?: RotationLeaseOwner;
  /** ISO time of the holder's last renewal; it renews every few seconds while it works. */
  heartbeatAt?: string;
}

/**
 * A per-tenant lease: at most one holder at a time, an expiry so that a holder that died
 * (crash, kill -9) does not block rotation forever, and the owner's process identity plus a
 * heartbeat so that a successor takes over from a dead owner within seconds (RotationLocks).
 */
export interface RotationLeaseStore {
  /** Takes the lease if it is free or expired at `now`. Returns false when someone else holds a live lease. */
  tryAcquire(tenantId: string, holderId: string, now: Date, leaseInMs: number, owner?: RotationLeaseOwner): boolean;
  /**
   * Takes the lease over from `staleHolderId`, only if that holder still has it (a compare-and-set:
   * of two processes taking over the same dead owner's lease, one wins).
   */
  takeOver(tenantId: string, staleHolderId: string, holderId: string, now: Date, leaseInMs: number, owner: RotationLeaseOwner): boolean;
  /** Extends a lease this holder still owns and records its heartbeat; false when it was lost (expired and taken, or taken over). */
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

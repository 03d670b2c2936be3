/**
 * The rotation area's own types (issue 7). Services, cards and the scheduler see these, never
 * storage rows. Nothing here ever holds a password: only Key Vault *version ids*, which are
 * identifiers, not secrets.
 */
import type { Person } from '../access/actor';

/** Who or what started a rotation. One `rotate` method serves all four entry points. */
export type RotationTriggerKind = 'schedule' | 'manual' | 'approval' | 'recovery';

export interface RotationTrigger {
  kind: RotationTriggerKind;
  /** The tenant admin who asked (manual), approved (approval) or forced a reset (recovery). Taken from the activity, never from card data. */
  actor?: Person;
  /** ISO time of the scheduler slot, for `schedule`. */
  slot?: string;
}

/** The protocol's steps, in order. A journal row records the last one that completed. */
export type RotationStep = 'started' | 'pending-stored' | 'entra-set' | 'verified' | 'promoted';

/**
 * running: in flight (or its process died; recovery closes it).
 * unresolved: stopped, and the pending version may be live in Entra; recovery settles it.
 * succeeded / failed: final.
 */
export type RotationRunStatus = 'running' | 'unresolved' | 'succeeded' | 'failed';

/** One rotation attempt: the crash journal while it runs, the history row once it ends. */
export interface RotationRun {
  rotationId: string;
  tenantId: string;
  trigger: RotationTrigger;
  /** ISO-8601 UTC. */
  startedAt: string;
  step: RotationStep;
  status: RotationRunStatus;
  /** Key Vault version written by this run (step 2). */
  pendingVersion?: string;
  /** The version that was current when the run started. */
  previousVersion?: string;
  errorCode?: string;
  finishedAt?: string;
  durationInMs?: number;
  /** True when recovery (after a crash or an outage) finished the run rather than the run itself. */
  settledByRecovery: boolean;
}

/** What `rotate` returns when the new password is current and proven to sign in. */
export interface RotationResult {
  rotationId: string;
  tenantId: string;
  newVersion: string;
  previousVersion: string;
  /** ISO-8601 UTC. */
  rotatedAt: string;
  nextRotationAt?: string;
  durationInMs: number;
}

/**
 * The state of the account's credentials after a failure, in the terms a notice needs.
 * unchanged: Entra still has the current version (any pending one was discarded);
 * unresolved: Entra has the current or the pending version, not yet proven which; the token
 *   broker tries both, and recovery settles it;
 * locked-out: neither version the vault holds signs in.
 */
export type AccountCredentialState =
  | { kind: 'unchanged'; currentVersion: string }
  | { kind: 'unresolved'; currentVersion: string; pendingVersion: string }
  | { kind: 'locked-out'; currentVersion: string; rejectedVersions: string[] };

/** What recovery found and did. */
export type RecoveryOutcome =
  | { kind: 'clean' }
  /** A pending version signed in and is now current. */
  | { kind: 'promoted'; version: string; previousVersion: string; rotationId?: string }
  /** Pending versions that never reached Entra were disabled; the current one still works. */
  | { kind: 'discarded'; versions: string[]; currentVersion: string; rotationId?: string }
  /** Tags or the store were out of step with each other and were aligned; nothing was probed. */
  | { kind: 'normalized'; currentVersion: string }
  /** Could not decide now (vault or Entra unreachable, sign-in blocked): nothing changed, retried later. */
  | { kind: 'deferred'; code: string; state: AccountCredentialState; rotationId?: string }
  | { kind: 'locked-out'; state: Extract<AccountCredentialState, { kind: 'locked-out' }>; rotationId?: string };

/** A credential the token broker may use, in the order it should try them. */
export interface CredentialCandidate {
  secretName: string;
  version: string;
  role: 'current' | 'pending';
}

/** The tenant's rotation condition, persisted so the scheduler neither re-probes nor re-alerts in a loop. */
export interface RotationCondition {
  tenantId: string;
  kind: 'healthy' | 'deferred' | 'locked-out';
  code?: string;
  /** ISO-8601 UTC. */
  since: string;
  /** Earliest time the scheduler retries recovery by itself. */
  nextRecoveryAt?: string;
  /** Versions involved (ids only), for the alert card. */
  state?: AccountCredentialState;
}

/**
 * The small interfaces the rotation service needs from neighbouring areas (password generator,
 * token broker, audit, notices, schedule, logging). The composition root adapts the real
 * services to these, so this area does not change when theirs do.
 */
import type { Person } from '../access/actor';
import type { AccountCredentialState, RotationResult, RotationTrigger } from './rotation.types';

/** services/service-account/password-generator.ts `PasswordGenerator` satisfies this. */
export interface PasswordSource {
  /** A fresh password; the caller keeps it in memory only while it uses it. */
  generate(): string;
}

/** The token broker's cache of service-account tokens and secret values (issue 6, `notifyRotated`). */
export interface CredentialCacheInvalidator {
  /** Drops cached tokens and secret values of the tenant's service account, so the next action signs in with the new version. */
  notifyRotated(tenantId: string): Promise<void> | void;
}

/** One audit record as the rotation area writes it. Never holds a secret: versions are ids. */
export interface RotationAuditEntry {
  tenantId: string;
  /** The person who triggered the run, or the bot itself for the schedule and recovery. */
  actor: Person;
  /** rotation.started | rotation.succeeded | rotation.failed | rotation.recovered | rotation.discarded | rotation.lockedOut | rotation.normalized */
  action: string;
  target: { type: 'serviceAccount'; id: string; name?: string };
  /** The identity that made the Graph call: the bot's own app (the rotation never uses the service account's token to change itself). */
  principal: { kind: 'botApp' };
  result: 'ok' | 'failed';
  code?: string;
  /** The rotation id. */
  correlationId: string;
  details?: Record<string, string | number | boolean | undefined>;
}

export interface RotationAuditSink {
  append(entry: RotationAuditEntry): Promise<unknown> | unknown;
}

/** Events that become proactive notices (services/notifications implements this). */
export interface RotationEventSink {
  rotationSucceeded(event: RotationSucceededEvent): Promise<void>;
  rotationFailed(event: RotationFailedEvent): Promise<void>;
  lockedOut(event: LockedOutEvent): Promise<void>;
}

export interface RotationSucceededEvent {
  tenantId: string;
  accountUpn: string;
  trigger: RotationTrigger;
  result: RotationResult;
  /** True when recovery finished an interrupted run. */
  settledByRecovery: boolean;
}

export interface RotationFailedEvent {
  tenantId: string;
  accountUpn: string;
  rotationId: string;
  trigger: RotationTrigger;
  /** The RotationErrorCode. */
  code: string;
  /** The step that did not complete. */
  failedStep: string;
  state: AccountCredentialState;
  /** ISO-8601 UTC. */
  at: string;
}

export interface LockedOutEvent {
  tenantId: string;
  accountUpn: string;
  secretName: string;
  state: Extract<AccountCredentialState, { kind: 'locked-out' }>;
  /** ISO-8601 UTC. */
  detectedAt: string;
  rotationId?: string;
}

/** Next scheduled rotation for a tenant (services/scheduling implements this with croner). */
export interface RotationScheduleLookup {
  nextRotationAt(tenantId: string, after: Date): Date | undefined;
}

export type { AreaLogger as RotationLogger } from '../ports/area-logger.port';
export { silentLogger as silentRotationLogger } from '../ports/area-logger.port';

/** Waits; injected so tests with a ManualClock move time instead of sleeping. */
export type Sleep = (ms: number) => Promise<void>;

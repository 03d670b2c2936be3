/**
 * The small interfaces the service-account use cases need from neighbouring areas (audit,
 * sessions, logging). The composition root adapts the real services to these, so this area
 * does not change when theirs do.
 */
import type { Person } from '../access/actor';

/** One audit record as this area writes it. Ids and codes only; never a password or token. */
export interface ServiceAccountAuditEntry {
  tenantId: string;
  actor: Person;
  /** e.g. `serviceAccount.create`, `serviceAccount.roleAssigned`, `advanced.disable`, `mode.change`. */
  action: string;
  target?: { type: 'user' | 'roleAssignment' | 'secret' | 'tenant' | 'approval'; id: string; name?: string };
  /** The identity that made the call: the bot's own app for every step of this area. */
  principal?: { kind: 'botApp' | 'serviceAccount'; id?: string; name?: string };
  result: 'ok' | 'denied' | 'failed';
  code?: string;
  correlationId: string;
  details?: Record<string, string | number | boolean | undefined>;
}

export interface ServiceAccountAuditSink {
  append(entry: ServiceAccountAuditEntry): Promise<unknown> | unknown;
}

/** What ending the session did, as the session service reports it (ids and names only). */
export interface EndedSessionReport {
  /** `kept`: the session already runs in the mode the caller asked to keep. */
  outcome: 'turned-off' | 'already-off' | 'kept';
  /** The session turned off by this call: its mode and the account its Graph calls carried. */
  ended?: {
    mode?: 'default' | 'advanced';
    principal?: { kind: 'serviceAccount' | 'signedInAdmin'; objectId: string; userPrincipalName: string };
  };
}

/**
 * Turns the tenant's management session off before its account disappears, or when a mode
 * switch changes the account a session must run as. Wired to the session service. Must be
 * idempotent: an already-OFF session is success. With `keepMode`, a session already running in
 * that mode is left alone.
 */
export interface SessionTerminator {
  endSession(
    tenantId: string,
    options: { reason: 'advanced-management-disabled' | 'mode-changed'; actor: Person; correlationId: string; keepMode?: 'default' | 'advanced' },
  ): Promise<EndedSessionReport | void>;
}

export { type AreaLogger, silentLogger } from '../ports/area-logger.port';

export const noAudit: ServiceAccountAuditSink = { append: () => undefined };

/** Waits; injected so tests of the sign-in retry do not sleep. */
export type Sleep = (ms: number) => Promise<void>;
export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

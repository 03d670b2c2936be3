/**
 * The management session's own types (DESIGN.md §2, §5). Services, cards and dialogs see
 * these, never storage rows. Nothing here ever holds a password or a token.
 */
import type { Person } from '../access/actor';
import type { ManagementMode } from '../ports/tenant-settings.repository.port';

export type { Actor, Person } from '../access/actor';
export { SYSTEM_PERSON } from '../access/actor';

/** OFF → ENABLING → ON → DISABLING → OFF, or ERROR with a reason. */
export type SessionState = 'OFF' | 'ENABLING' | 'ON' | 'DISABLING' | 'ERROR';

/** The two ways a session is backed: a Global Admin's own sign-in, or the service account. */
export type SessionMode = Exclude<ManagementMode, 'none'>;

/** The account whose token the Graph calls of a session carry. */
export interface SessionPrincipal {
  objectId: string;
  userPrincipalName: string;
  /** `serviceAccount` in Advanced mode, `signedInAdmin` in Default mode. */
  kind: 'serviceAccount' | 'signedInAdmin';
}

export interface SessionErrorInfo {
  code: string;
  message: string;
  at: string;
}

/** Why the session last changed state; shown on the OFF card and in notices. */
export type SessionChangeReason =
  | 'turning-on'
  | 'turned-on'
  | 'auto-enabled'
  | 'turn-on-failed'
  | 'turning-off'
  | 'turned-off'
  | 'ended'
  | 'expired'
  | 'credentials-lost'
  | 'restart-resumed'
  | 'restart-settled';

/** One tenant's management session as persisted. Dates are ISO-8601 UTC strings. */
export interface ManagementSession {
  tenantId: string;
  state: SessionState;
  /** Incremented by every transition; transitions compare-and-set on (state, version). */
  version: number;
  mode?: SessionMode;
  principal?: SessionPrincipal;
  /** Who turned it on (or is turning it on, while ENABLING). */
  enabledBy?: Person;
  /** True when the session was turned on by auto-enable rather than a `turn on` command. */
  autoEnabled: boolean;
  enablingStartedAt?: string;
  enabledAt?: string;
  expiresAt?: string;
  /** Identifies the ENABLING attempt that owns the transition to ON/ERROR. */
  attemptId?: string;
  lastError?: SessionErrorInfo;
  changedAt: string;
  changedBy?: Person;
  lastChangeReason?: SessionChangeReason;
}

/** The fields a transition writes (everything but the key and the version, which the store bumps). */
export type SessionFields = Omit<ManagementSession, 'tenantId' | 'version'>;

/** A message the caller (bot scheduler, startup) should deliver; services render no cards. */
export interface SessionNotice {
  tenantId: string;
  recipient: Person;
  kind: 'expired' | 'credentials-lost' | 'resumed-on' | 'resume-failed' | 'turned-off';
  /** Stable code for the card: SESSION.EXPIRED, SESSION.RESTARTED_CREDENTIALS_LOST, … */
  code: string;
  session: ManagementSession;
}

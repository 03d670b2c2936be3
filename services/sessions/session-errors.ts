/**
 * Stable error codes of the session area (rows of services/error-catalog.ts). Cards turn a code
 * into a title and buttons; `userMessage` and `nextStep` here are the plain-language words. No error built here ever
 * carries a password, a token or an upstream error message (which could echo request data).
 */
import { AppError } from '../errors';
import type { Person } from './session.types';

export type SessionErrorCode =
  | 'SESSION.NOT_ACTIVE'
  | 'SESSION.FORBIDDEN'
  | 'SESSION.DEFAULT_MODE_ADMIN_ONLY'
  | 'SESSION.MODE_NOT_CONFIGURED'
  | 'SESSION.CREDENTIALS_REQUIRED'
  | 'SESSION.CREDENTIALS_NOT_EXPECTED'
  | 'SESSION.NO_SERVICE_ACCOUNT'
  | 'SESSION.VAULT_UNAVAILABLE'
  | 'SESSION.SECRET_NOT_FOUND'
  | 'SESSION.SERVICE_ACCOUNT_CREDENTIAL_INVALID'
  | 'SESSION.MFA_REQUIRED'
  | 'SESSION.BLOCKED_BY_CONDITIONAL_ACCESS'
  | 'SESSION.WRONG_PASSWORD'
  | 'SESSION.ACCOUNT_DISABLED'
  | 'SESSION.USER_NOT_FOUND'
  | 'SESSION.NOT_GLOBAL_ADMIN'
  | 'SESSION.SIGN_IN_UNAVAILABLE'
  | 'SESSION.BOT_MISCONFIGURED'
  | 'SESSION.SIGN_IN_FAILED'
  | 'SESSION.DEFAULT_TOKEN_EXPIRED'
  | 'SESSION.SCOPE_UNAVAILABLE'
  | 'SESSION.RESTARTED_CREDENTIALS_LOST'
  | 'SESSION.EXPIRED'
  | 'SESSION.BUSY'
  | 'SESSION.CONFLICT'
  | 'SESSION.TENANT_MISMATCH';

export interface SessionErrorDetails {
  /** Who owns the attempt this caller joined (concurrent turn-on). */
  attemptBy?: Person;
  /** Conditional-access policies that block or demand MFA, by display name (What If or local evaluation). */
  blockingPolicies?: string[];
  aadsts?: string;
  signInCorrelationId?: string;
  /** For SESSION.NO_SERVICE_ACCOUNT / SESSION.NOT_ACTIVE: lets the card offer "create" or "ask an admin". */
  actorIsTenantAdmin?: boolean;
  /** For SESSION.NOT_ACTIVE: the reason of the last failure, if the session is in ERROR. */
  lastErrorCode?: string;
  mode?: string;
  /** For SESSION.NOT_ACTIVE: auto-enable is on, yet did not apply (it works in Advanced mode only). */
  autoEnable?: boolean;
}

/** An error of the session area with a stable code, a user-facing message and a next step. */
export class SessionError extends AppError<SessionErrorCode, SessionErrorDetails> {
  declare readonly nextStep: string;

  constructor(code: SessionErrorCode, userMessage: string, nextStep: string, details: SessionErrorDetails = {}) {
    super(code, userMessage, { userMessage, nextStep, details });
  }

  /** The same error, as answered to someone who joined another person's attempt. */
  withDetails(extra: SessionErrorDetails): SessionError {
    return new SessionError(this.code, this.userMessage, this.nextStep, { ...this.details, ...extra });
  }
}

export function isSessionError(error: unknown): error is SessionError {
  return error instanceof SessionError;
}

/** Builders for the errors thrown in more than one place. */
export const sessionErrors = {
  notActive(details: SessionErrorDetails = {}): SessionError {
    return new SessionError(
      'SESSION.NOT_ACTIVE',
      'The management session is off.',
      'Turn on the management session, then run the action again.',
      details,
    );
  },
  noServiceAccount(actorIsTenantAdmin: boolean): SessionError {
    return new SessionError(
      'SESSION.NO_SERVICE_ACCOUNT',
      'Advanced mode needs the management service account, and this tenant does not have one yet.',
      actorIsTenantAdmin ? 'Create the service account from settings.' : 'Ask a tenant admin to create the management service account.',
      { actorIsTenantAdmin },
    );
  },
  vaultUnavailable(): SessionError {
    return new SessionError(
      'SESSION.VAULT_UNAVAILABLE',
      'Key Vault cannot be reached, so the service account cannot sign in. Nothing was run.',
      'Try again in a few minutes. If it persists, check the vault and the bot identity\'s "Key Vault Secrets Officer" role.',
    );
  },
  defaultTokenExpired(): SessionError {
    return new SessionError(
      'SESSION.DEFAULT_TOKEN_EXPIRED',
      'The Default-mode sign-in has expired. Default mode keeps no password, so it cannot renew itself.',
      'Turn the management session on again with the admin credentials, or switch to Advanced mode.',
    );
  },
  busy(): SessionError {
    return new SessionError(
      'SESSION.BUSY',
      'The management session is changing state right now.',
      'Wait a moment and try again.',
    );
  },
} as const;

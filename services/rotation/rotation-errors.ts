/**
 * Stable error codes of the rotation area (issue 7). Cards key on `code`; `userMessage` is
 * safe to show in Teams (no secret, no payload, no upstream error text, which could echo a
 * request body) and `nextStep` says what a tenant admin can do about it.
 */
export const rotationErrorCatalog = {
  'ROTATION.IN_PROGRESS': {
    userMessage: 'A password rotation is already running for this tenant.',
    nextStep: 'Wait for it to finish; you will get a notice either way.',
  },
  'ROTATION.NO_SERVICE_ACCOUNT': {
    userMessage: 'This tenant has no management service account, so there is no password to rotate.',
    nextStep: 'Create the service account from settings first.',
  },
  'ROTATION.VAULT_UNAVAILABLE': {
    userMessage: 'Key Vault was unavailable, so the rotation stopped. The management account still signs in with a password the vault holds.',
    nextStep: 'Retry the rotation when Key Vault is reachable again.',
  },
  'ROTATION.VAULT_FORBIDDEN': {
    userMessage: "The bot doesn't have access to its Key Vault secret (it needs the Key Vault Secrets Officer role).",
    nextStep: 'Grant the bot the Key Vault Secrets Officer role on the vault, then retry.',
  },
  'ROTATION.ENTRA_THROTTLED': {
    userMessage: 'Microsoft Entra ID throttled the password change, so the rotation stopped.',
    nextStep: 'Retry the rotation in a few minutes.',
  },
  'ROTATION.ENTRA_UNAVAILABLE': {
    userMessage: 'Microsoft Entra ID could not be reached during the rotation.',
    nextStep: 'The bot settles the account by itself when Entra is back; retry the rotation afterwards.',
  },
  'ROTATION.ENTRA_PERMISSION_DENIED': {
    userMessage: "The bot isn't allowed to reset the management account's password.",
    nextStep: 'Grant the bot User.ReadWrite.All and a directory role that may reset an administrator\'s password (Privileged Authentication Administrator), then retry.',
  },
  'ROTATION.ENTRA_REJECTED': {
    userMessage: 'Microsoft Entra ID refused the new password.',
    nextStep: 'Check the tenant password policy, then retry the rotation.',
  },
  'ROTATION.ACCOUNT_MISSING': {
    userMessage: 'The management service account no longer exists in Entra ID.',
    nextStep: 'Re-create the service account from settings.',
  },
  'ROTATION.VERIFY_FAILED': {
    userMessage: 'The new password was set, but a test sign-in with it did not succeed.',
    nextStep: 'The bot keeps both passwords until it can prove which one works; check MFA and conditional access for the account.',
  },
  'ROTATION.LOCKED_OUT': {
    userMessage: 'Neither password held in Key Vault signs in as the management account any more.',
    nextStep: 'A tenant admin can set a fresh password through the bot ("Set a fresh password"); nobody will see it.',
  },
  'ROTATION.RECOVERY_PENDING': {
    userMessage: 'An earlier rotation was interrupted and could not be settled yet.',
    nextStep: 'The bot retries by itself; a new rotation starts once the earlier one is settled.',
  },
  'ROTATION.LEASE_LOST': {
    userMessage: 'The rotation took too long and another run took over.',
    nextStep: 'No action is needed; the other run settles the account.',
  },
  'ROTATION.INTERRUPTED': {
    userMessage: 'The rotation was interrupted before the new password reached Entra ID; the unused password was discarded.',
    nextStep: 'Retry the rotation.',
  },
  'ROTATION.FAILED': {
    userMessage: 'The password rotation failed.',
    nextStep: 'Retry the rotation; if it keeps failing, check the bot logs with the correlation id.',
  },
} as const satisfies Record<string, { userMessage: string; nextStep: string }>;

export type RotationErrorCode = keyof typeof rotationErrorCatalog;

export type RotationErrorDetailValue = string | number | boolean | undefined;

export interface RotationErrorOptions {
  /** Ids and codes only (never payloads or secrets); these end up in logs. */
  details?: Record<string, RotationErrorDetailValue>;
  /** For ENTRA_THROTTLED: how long Entra asked us to wait. */
  retryAfterInMs?: number;
  /** The rotation id, used as the correlation id of its audit records and notices. */
  correlationId?: string;
  cause?: unknown;
}

/** An expected rotation failure with a stable code. `message` is for logs; cards use `userMessage`. */
export class RotationError extends Error {
  readonly code: RotationErrorCode;
  readonly userMessage: string;
  readonly nextStep: string;
  readonly details: Readonly<Record<string, RotationErrorDetailValue>>;
  readonly retryAfterInMs: number | undefined;
  readonly correlationId: string | undefined;

  constructor(code: RotationErrorCode, developerMessage?: string, options: RotationErrorOptions = {}) {
    super(developerMessage ? `${code}: ${developerMessage}` : code, { cause: options.cause });
    this.name = 'RotationError';
    this.code = code;
    this.userMessage = rotationErrorCatalog[code].userMessage;
    this.nextStep = rotationErrorCatalog[code].nextStep;
    this.details = options.details ?? {};
    this.retryAfterInMs = options.retryAfterInMs;
    this.correlationId = options.correlationId;
  }
}

export function isRotationError(error: unknown): error is RotationError {
  return error instanceof RotationError;
}

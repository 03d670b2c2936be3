/**
 * Stable error codes of the service-account, disable and mode-switch use cases.
 *
 * Same shape as `AppError` in services/errors.ts (code, userMessage, details, correlationId),
 * kept here until these rows join that catalogue (it is owned elsewhere); cards key on `code`.
 * `userMessage` is safe to show in Teams: no secrets, no payloads, no other tenant's ids.
 */
export const serviceAccountErrorCatalog = {
  'SERVICE_ACCOUNT.PERMISSION_DENIED': {
    userMessage: "The bot doesn't have permission to create a service account on your tenant.",
    retryable: true,
  },
  'SERVICE_ACCOUNT.THROTTLED': { userMessage: 'Microsoft Graph is throttling the bot. Try again in a moment.', retryable: true },
  'SERVICE_ACCOUNT.UPN_TAKEN': {
    userMessage: 'An account with the management account\'s user name already exists, and the bot cannot prove it created it.',
    retryable: false,
  },
  'SERVICE_ACCOUNT.VAULT_UNAVAILABLE': {
    userMessage: 'Key Vault is unavailable, so the bot stopped before changing anything that depends on it.',
    retryable: true,
  },
  'SERVICE_ACCOUNT.VAULT_FORBIDDEN': {
    userMessage: "The bot doesn't have access to its Key Vault (it needs the Key Vault Secrets Officer role).",
    retryable: true,
  },
  'SERVICE_ACCOUNT.DIRECTORY_UNAVAILABLE': { userMessage: 'Microsoft Entra ID could not be reached. Try again in a moment.', retryable: true },
  'SERVICE_ACCOUNT.SIGNIN_FAILED': {
    userMessage: 'The management account was created, but signing in with it did not work yet.',
    retryable: true,
  },
  'SERVICE_ACCOUNT.SIGNIN_UNAVAILABLE': { userMessage: 'The Microsoft sign-in service could not be reached. Try again in a moment.', retryable: true },
  'SERVICE_ACCOUNT.NOT_FOUND': { userMessage: 'This tenant has no management service account yet.', retryable: false },
  'SERVICE_ACCOUNT.OPERATION_IN_PROGRESS': {
    userMessage: 'Another change to the management account is running for this tenant. Wait for it to finish.',
    retryable: true,
  },
  'SERVICE_ACCOUNT.DISABLE_UNFINISHED': {
    userMessage: 'Disabling advanced management did not finish. Retry it before creating a new management account.',
    retryable: false,
  },
  'SERVICE_ACCOUNT.FAILED': { userMessage: 'The management account change failed.', retryable: true },
  'MODE.UNCHANGED': { userMessage: 'The tenant already uses that management type.', retryable: false },
  'MODE.INVALID': { userMessage: 'That is not a management type the bot supports.', retryable: false },
  'MODE.NO_ACCOUNT': { userMessage: 'There is no management service account to disable.', retryable: false },
  'MODE.REQUEST_PENDING': { userMessage: 'A request for this change is already waiting for another tenant admin.', retryable: false },
} as const satisfies Record<string, { userMessage: string; retryable: boolean }>;

export type ServiceAccountErrorCode = keyof typeof serviceAccountErrorCatalog;

export type ErrorDetailValue = string | number | boolean | undefined;

export interface ServiceAccountErrorOptions {
  /** Overrides the catalogue text; must itself be safe to show. */
  userMessage?: string;
  /** What the admin should do next, in words for the card. */
  nextStep?: string;
  /** For PERMISSION_DENIED: the Graph application permission or directory/vault role that is missing. */
  missingPermission?: string;
  /** For THROTTLED: wait at least this long before Retry. */
  retryAfterInMs?: number;
  /** Ids and codes only (never payloads or secrets); these end up in logs. */
  details?: Record<string, ErrorDetailValue>;
  correlationId?: string;
  cause?: unknown;
}

export class ServiceAccountError extends Error {
  readonly code: ServiceAccountErrorCode;
  readonly userMessage: string;
  readonly nextStep: string | undefined;
  readonly missingPermission: string | undefined;
  readonly retryAfterInMs: number | undefined;
  readonly retryable: boolean;
  readonly details: Readonly<Record<string, ErrorDetailValue>>;
  readonly correlationId: string | undefined;

  constructor(code: ServiceAccountErrorCode, developerMessage?: string, options: ServiceAccountErrorOptions = {}) {
    super(developerMessage ? `${code}: ${developerMessage}` : code, { cause: options.cause });
    this.name = 'ServiceAccountError';
    this.code = code;
    this.userMessage = options.userMessage ?? serviceAccountErrorCatalog[code].userMessage;
    this.nextStep = options.nextStep;
    this.missingPermission = options.missingPermission;
    this.retryAfterInMs = options.retryAfterInMs;
    this.retryable = serviceAccountErrorCatalog[code].retryable;
    this.details = options.details ?? {};
    this.correlationId = options.correlationId;
  }
}

export function isServiceAccountError(error: unknown): error is ServiceAccountError {
  return error instanceof ServiceAccountError;
}

/** The same error carrying the correlation id of the call that surfaced it (shown to the user). */
export function withCorrelationId(error: ServiceAccountError, correlationId: string): ServiceAccountError {
  if (error.correlationId) return error;
  const options: ServiceAccountErrorOptions = { userMessage: error.userMessage, details: { ...error.details }, correlationId, cause: error.cause };
  if (error.nextStep !== undefined) options.nextStep = error.nextStep;
  if (error.missingPermission !== undefined) options.missingPermission = error.missingPermission;
  if (error.retryAfterInMs !== undefined) options.retryAfterInMs = error.retryAfterInMs;
  const copy = new ServiceAccountError(error.code, undefined, options);
  copy.message = error.message;
  copy.stack = error.stack;
  return copy;
}

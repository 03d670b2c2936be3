/**
 * Stable error codes of the service-account, disable and mode-switch use cases: rows of the one
 * catalogue (services/error-catalog.ts). Cards key on `code`. `userMessage` is safe to show in
 * Teams: no secrets, no payloads, no other tenant's ids.
 */
import { AppError, type AppErrorCode } from '../errors';

export type ServiceAccountErrorCode = Extract<AppErrorCode, `SERVICE_ACCOUNT.${string}` | `MODE.${string}`>;

/** Codes a Retry can fix (the cause is outside the bot, or passes by itself). */
const RETRYABLE: ReadonlySet<ServiceAccountErrorCode> = new Set([
  'SERVICE_ACCOUNT.PERMISSION_DENIED',
  'SERVICE_ACCOUNT.THROTTLED',
  'SERVICE_ACCOUNT.VAULT_UNAVAILABLE',
  'SERVICE_ACCOUNT.VAULT_FORBIDDEN',
  'SERVICE_ACCOUNT.DIRECTORY_UNAVAILABLE',
  'SERVICE_ACCOUNT.SIGNIN_FAILED',
  'SERVICE_ACCOUNT.SIGNIN_UNAVAILABLE',
  'SERVICE_ACCOUNT.OPERATION_IN_PROGRESS',
  'SERVICE_ACCOUNT.FAILED',
]);

export function isRetryable(code: ServiceAccountErrorCode): boolean {
  return RETRYABLE.has(code);
}

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

export class ServiceAccountError extends AppError<ServiceAccountErrorCode, Readonly<Record<string, ErrorDetailValue>>> {
  readonly missingPermission: string | undefined;
  readonly retryAfterInMs: number | undefined;
  readonly retryable: boolean;

  constructor(code: ServiceAccountErrorCode, developerMessage?: string, options: ServiceAccountErrorOptions = {}) {
    super(code, developerMessage, {
      details: options.details ?? {},
      ...(options.userMessage !== undefined ? { userMessage: options.userMessage } : {}),
      ...(options.nextStep !== undefined ? { nextStep: options.nextStep } : {}),
      correlationId: options.correlationId,
      cause: options.cause,
    });
    this.missingPermission = options.missingPermission;
    this.retryAfterInMs = options.retryAfterInMs;
    this.retryable = isRetryable(code);
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

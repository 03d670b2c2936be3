/**
 * Stable error codes of the rotation area (issue 7), rows of services/error-catalog.ts. Cards
 * key on `code`; `userMessage` is safe to show in Teams (no secret, no payload, no upstream
 * error text, which could echo a request body) and `nextStep` says what a tenant admin can do.
 */
import { AppError, errorCatalog, type AppErrorCode } from '../errors';

export type RotationErrorCode = Extract<AppErrorCode, `ROTATION.${string}`>;

/** The rotation rows of the one error catalogue, for notices that show a code's words without an error object. */
export const rotationErrorCatalog = Object.fromEntries(Object.entries(errorCatalog).filter(([code]) => code.startsWith('ROTATION.'))) as {
  readonly [Code in RotationErrorCode]: (typeof errorCatalog)[Code];
};

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
export class RotationError extends AppError<RotationErrorCode, Readonly<Record<string, RotationErrorDetailValue>>> {
  declare readonly nextStep: string;
  readonly retryAfterInMs: number | undefined;

  constructor(code: RotationErrorCode, developerMessage?: string, options: RotationErrorOptions = {}) {
    super(code, developerMessage, { details: options.details ?? {}, correlationId: options.correlationId, cause: options.cause });
    this.retryAfterInMs = options.retryAfterInMs;
  }
}

export function isRotationError(error: unknown): error is RotationError {
  return error instanceof RotationError;
}

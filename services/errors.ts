import { randomUUID } from 'node:crypto';
import { errorCatalog, type AppErrorCode, type ErrorCatalogEntry } from './error-catalog';

export { errorCatalog, type AppErrorCode, type ErrorCatalogEntry } from './error-catalog';

const GENERIC_USER_MESSAGE = 'Something went wrong on our side.';

function catalogEntryOf(code: string): ErrorCatalogEntry | undefined {
  return Object.hasOwn(errorCatalog, code) ? (errorCatalog as Record<string, ErrorCatalogEntry>)[code] : undefined;
}

/** The catalogue's user-safe text for a code; a generic sentence for codes it does not list. */
export function userMessageFor(code: string): string {
  return catalogEntryOf(code)?.userMessage ?? GENERIC_USER_MESSAGE;
}

/** The catalogue's next step for a code, if it names one. */
export function nextStepFor(code: string): string | undefined {
  return catalogEntryOf(code)?.nextStep;
}

export interface AppErrorOptions<Details extends object = Readonly<Record<string, unknown>>> {
  /** Ids and codes only (never payloads or secrets); these end up in logs. */
  details?: Details;
  /** Overrides the catalogue's user-safe text. Must itself be safe to show to a user. */
  userMessage?: string;
  /** Overrides the catalogue's next step: what the user can do about it. */
  nextStep?: string;
  correlationId?: string;
  cause?: unknown;
}

/**
 * An expected failure with a stable code: the one error family of bot/, dialogs/ and services/
 * (the sandbox is a separate simulated system with its own). `message` is for logs (the code
 * plus a short developer note); `userMessage` and `nextStep` are what a user may see, always
 * with a correlation id; one `cardForError` (dialogs/shared/card-for-error.ts) renders them.
 *
 * An area with its own code union subclasses it:
 * `class AuditError extends AppError<AuditErrorCode> {}`; its codes are rows of errorCatalog.
 */
export class AppError<Code extends string = AppErrorCode, Details extends object = Readonly<Record<string, unknown>>> extends Error {
  readonly code: Code;
  readonly userMessage: string;
  readonly nextStep: string | undefined;
  readonly details: Readonly<Details>;
  readonly correlationId: string | undefined;

  constructor(code: NoInfer<Code>, developerMessage?: string, options: AppErrorOptions<Details> = {}) {
    super(developerMessage ? `${code}: ${developerMessage}` : code, { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.userMessage = options.userMessage ?? userMessageFor(code);
    this.nextStep = options.nextStep ?? nextStepFor(code);
    this.details = (options.details ?? {}) as Details;
    this.correlationId = options.correlationId;
  }
}

export function isAppError(error: unknown): error is AppError<string> {
  return error instanceof AppError;
}

/** A correlation id ties a user's apology text to the log lines and audit records of one turn. */
export function newCorrelationId(): string {
  return randomUUID();
}

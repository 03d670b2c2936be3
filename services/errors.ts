import { randomUUID } from 'node:crypto';

/**
 * The catalogue of stable error codes. Codes are part of the contract with cards, logs and
 * tests: add a row, never rename one. `userMessage` is safe to show in Teams (no ids of other
 * tenants, no payloads, no secrets); cards turn a code into words and a next step.
 */
export const errorCatalog = {
  'BOT.BAD_REQUEST': { userMessage: 'The request was not a valid Bot Framework activity.' },
  'BOT.PAYLOAD_TOO_LARGE': { userMessage: 'The request body is too large.' },
  'BOT.UNSUPPORTED_MEDIA_TYPE': { userMessage: 'The request body encoding is not supported.' },
  'BOT.NOT_FOUND': { userMessage: 'There is nothing at this address.' },
  'BOT.TENANT_NOT_ALLOWED': { userMessage: 'This bot is not available for your organization.' },
  'BOT.UNKNOWN_VERB': { userMessage: "That button isn't supported by this version of the bot." },
  'BOT.INTERNAL': { userMessage: 'Something went wrong on our side.' },
  'CONFIG.INVALID': { userMessage: 'The bot is not configured correctly.' },
  'STORAGE.ETAG_CONFLICT': { userMessage: 'Someone else changed this at the same time. Please try again.' },
  'STORAGE.UNSCOPED_KEY': { userMessage: 'Something went wrong on our side.' },
  'ACCESS.DENIED': { userMessage: "You don't have permission to do that." },
  'ACCESS.NOT_IN_SCOPE': { userMessage: 'That user is outside the scope you manage.' },
} as const satisfies Record<string, { userMessage: string }>;

export type AppErrorCode = keyof typeof errorCatalog;

const GENERIC_USER_MESSAGE = 'Something went wrong on our side.';

/** The catalogue's user-safe text for a code; a generic sentence for codes defined elsewhere. */
export function userMessageFor(code: string): string {
  return Object.hasOwn(errorCatalog, code) ? errorCatalog[code as AppErrorCode].userMessage : GENERIC_USER_MESSAGE;
}

export interface AppErrorOptions {
  /** Overrides the catalogue's user-safe text. Must itself be safe to show to a user. */
  userMessage?: string;
  /** Ids and codes only (never payloads or secrets); these end up in logs. */
  details?: Readonly<Record<string, unknown>>;
  correlationId?: string;
  cause?: unknown;
}

/**
 * An expected failure with a stable code. `message` is for logs (the code plus a short
 * developer note); `userMessage` is what a user may see, always with a correlation id.
 *
 * Used directly, the code must come from `errorCatalog`. An area with its own code union
 * subclasses it: `class AccessError extends AppError<AccessErrorCode> {}`.
 */
export class AppError<Code extends string = AppErrorCode> extends Error {
  readonly code: Code;
  readonly userMessage: string;
  readonly details: Readonly<Record<string, unknown>>;
  readonly correlationId: string | undefined;

  constructor(code: NoInfer<Code>, developerMessage?: string, options: AppErrorOptions = {}) {
    super(developerMessage ? `${code}: ${developerMessage}` : code, { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.userMessage = options.userMessage ?? userMessageFor(code);
    this.details = options.details ?? {};
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

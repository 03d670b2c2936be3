/**
 * How many prepared-but-unconfirmed things one person may hold open (issue 11, finding 8): each
 * `block sign-in` stores a pending action and each `grant operator` a pending confirmation, so
 * without a bound one person could fill the database. The next one past the limit is refused
 * with a next step, and nothing is stored.
 */
import { AccessError, type AccessErrorCode } from './access-errors';

/** Open pending actions per person and tenant. */
export const MAX_OPEN_PENDING_ACTIONS = 20;
/** Open access confirmations per person and tenant. */
export const MAX_OPEN_CONFIRMATIONS = 20;

/**
 * A row of services/error-catalog.ts. AccessErrorCode (access-errors.ts) does not list it yet;
 * until it does, the code is widened here, in this one place.
 */
export const TOO_MANY_PENDING_CODE: AccessErrorCode = 'ACCESS.TOO_MANY_PENDING';

export type PendingKind = 'actions' | 'confirmations';

const WHAT: Record<PendingKind, string> = {
  actions: 'management actions',
  confirmations: 'access changes',
};

/**
 * The refusal when a person already holds `limit` open items of a kind. An AccessError, so every
 * entry point (dialog, card verb, command) renders it with the catalogue's next step.
 */
export class TooManyPendingError extends AccessError {
  constructor(kind: PendingKind, limit: number) {
    super(TOO_MANY_PENDING_CODE, `You already have ${limit} ${WHAT[kind]} waiting for your confirmation, so I didn't prepare another one.`, { kind, limit });
  }
}

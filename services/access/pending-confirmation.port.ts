/**
 * What an access confirmation card will do, held server-side under an unguessable id. The
 * card's buttons carry only that id (plus echoes that are compared, never used), so an edited or
 * replayed invoke cannot change what is granted, to whom, or by whom. State changes are
 * compare-and-set: of two concurrent or redelivered confirms exactly one moves the record from
 * `open` to `working`, and a restart keeps every confirmation.
 * Implemented by services/adapters/botbuilder/pending-confirmation.store.ts.
 */
import type { CardFact, GrantOutcome } from '../../cards';
import type { JsonObject } from '../ports/audit-log.port';

export type ConfirmationKind = 'operator.grant' | 'operator.revoke' | 'auditor.grant' | 'auditor.revoke';
export type ConfirmationState = 'open' | 'working' | 'done' | 'cancelled';

export interface ConfirmationOutcome {
  outcome: GrantOutcome;
  title: string;
  message: string;
}

export interface PendingConfirmation {
  id: string;
  tenantId: string;
  kind: ConfirmationKind;
  /** The admin who asked; only they may confirm. */
  requesterId: string;
  /** The user the change is about (operator or auditor object id). */
  subjectId: string;
  /** Kind-specific, already resolved to object ids. */
  payload: JsonObject;
  /** What the confirmation card listed, repeated on the result card. */
  facts: CardFact[];
  createdAt: string;
  expiresAt: string;
  state: ConfirmationState;
  outcome?: ConfirmationOutcome;
}

export type TransitionResult = 'ok' | 'conflict' | 'missing';

export interface PendingConfirmations {
  /**
   * Holds a new open confirmation. A requester may hold a limited number of open ones per tenant.
   * @throws AccessError ACCESS.TOO_MANY_PENDING when the requester is at the limit (nothing is stored).
   */
  create(input: Pick<PendingConfirmation, 'tenantId' | 'kind' | 'requesterId' | 'subjectId' | 'payload' | 'facts'>): Promise<PendingConfirmation>;
  /**
   * The same limit, checked before a confirmation is prepared (so a refused request asks the
   * directory nothing). `create` checks it again.
   * @throws AccessError ACCESS.TOO_MANY_PENDING.
   */
  requireRoom(tenantId: string, requesterId: string): Promise<void>;
  /**
   * Deletes confirmations past their expiry (in any state: after expiry a click is refused
   * anyway). For the scheduler; also done for a tenant whenever a confirmation is created there.
   * Returns how many were deleted.
   */
  purgeExpired(now?: Date): Promise<number>;
  /** The record in the caller's tenant; an id from another tenant is simply not found. */
  get(tenantId: string, id: string): Promise<(PendingConfirmation & { eTag: string }) | undefined>;
  isExpired(record: Pick<PendingConfirmation, 'expiresAt'>): boolean;
  /** Moves the record from `from` to `to` only if nobody changed it since it was read. */
  transition(tenantId: string, id: string, from: ConfirmationState, to: ConfirmationState, outcome?: ConfirmationOutcome): Promise<TransitionResult>;
}

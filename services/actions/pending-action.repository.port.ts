/**
 * Storage of pending actions. The claim is a conditional UPDATE (pending and unexpired →
 * running), so of two deliveries of the same confirmation exactly one runs the action.
 * Implemented by services/adapters/sqlite/pending-action.sqlite.ts.
 */
import type { SessionPrincipal } from '../sessions/session.types';
import type { PendingAction, PendingActionResult, PendingActionState } from './pending-action.types';

export type FinalPendingActionState = Extract<PendingActionState, 'done' | 'failed' | 'unknown' | 'denied'>;

export interface PendingActionRepository {
  /**
   * Stores a new pending action. With `maxOpenPerActor`, only if its actor holds fewer open ones
   * (pending, unexpired at its `createdAt`) in its tenant; decided in the same statement as the
   * insert, so concurrent prepares cannot pass the limit together. Returns whether it was stored
   * (false too when its idempotency key is already used in the tenant).
   */
  create(action: PendingAction, options?: { maxOpenPerActor?: number }): boolean;
  /** Open (pending and unexpired at `now`) actions of one person in one tenant. */
  countOpen(tenantId: string, actorUserId: string, now: Date): number;
  /**
   * Deletes actions that never ran and are past expiry at `now` (pending or denied): nothing can
   * confirm them any more. Running and settled actions stay. Returns how many were deleted.
   */
  purgeExpired(now: Date): number;
  get(id: string): PendingAction | undefined;
  /** The action stored under an unattended caller's idempotency key, if any. */
  findByIdempotencyKey(tenantId: string, idempotencyKey: string): PendingAction | undefined;
  /** pending and not expired at `now` → running with `claimId`. Returns the claimed record, or undefined if another delivery won. */
  claim(id: string, claimId: string, now: Date, principal: SessionPrincipal, autoEnabled: boolean): PendingAction | undefined;
  /** running with `claimId` → a final state. False if the claim was lost (reconciled meanwhile). */
  complete(id: string, claimId: string, state: FinalPendingActionState, result: PendingActionResult, now: Date): boolean;
  /** `from` → a final state, for denials (from pending) and reconciliation (from running). */
  settle(id: string, from: PendingActionState, state: FinalPendingActionState, result: PendingActionResult, now: Date): boolean;
  /**
   * Records the approval request a pending action waits for and keeps it open until `expiresAt`
   * (the approval window plus the time to run it). Only while pending and unexpired at `now`, and
   * only when it has no approval request yet or `replacing` is the one it has (asked again after
   * a rejection or expiry). Returns whether it was recorded.
   */
  attachApproval(id: string, approvalRequestId: string, expiresAt: string, now: Date, replacing?: string): boolean;
  /** Running actions claimed at or before `claimedBefore` (their delivery probably died). */
  listRunning(claimedBefore: Date): PendingAction[];
}

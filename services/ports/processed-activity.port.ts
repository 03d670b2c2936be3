/**
 * Deduplication of redelivered activities (Teams retries a turn after ~15 s, with the same id).
 * Implemented by services/adapters/sqlite/processed-activity.sqlite.ts.
 */

/**
 * - first: nobody saw this activity; run it.
 * - unfinished: a process that is gone (another instance id) claimed it and never finished it,
 *   because it crashed mid-turn; this process took the claim over; run it again (the services
 *   behind a command are idempotent or guarded, so a half-done turn is redone, not doubled).
 * - duplicate: it finished, or this very process is still running it; do nothing.
 */
export type TurnClaim = 'first' | 'unfinished' | 'duplicate';

export interface ProcessedActivityStore {
  /**
   * A once-only marker (a button press, a card id): true for the first claim, false for every
   * later one, even across restarts.
   */
  tryClaim(tenantId: string, key: string): Promise<boolean>;
  /** Claims a turn for the process `instanceId` (a random id per process start). */
  beginTurn(tenantId: string, activityId: string, instanceId: string): Promise<TurnClaim>;
  /** The turn's work is done (answered, or failed with an apology): a redelivery is a duplicate from now on. */
  finishTurn(tenantId: string, activityId: string): Promise<void>;
  /** Deletes claims older than the retention; returns how many went. */
  prune(): Promise<number>;
}

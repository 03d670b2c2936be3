/**
 * Deduplication of redelivered activities (Teams retries after ~15 s).
 * Implemented by services/adapters/sqlite/processed-activity.sqlite.ts.
 */
export interface ProcessedActivityStore {
  /**
   * Atomically records that this process handles the activity. True for the first delivery,
   * false for every redelivery (Teams retries after ~15 s), even across restarts.
   */
  tryClaim(tenantId: string, activityId: string): Promise<boolean>;
  /** Deletes claims older than the retention; returns how many went. */
  prune(): Promise<number>;
}

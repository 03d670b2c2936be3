/**
 * Storage of custom action versions and their history, per tenant: every read and write names
 * the tenant, and nothing crosses tenants. A change is one `commit`: conditional on the state
 * and revision the service read, all-or-nothing, with its history lines in the same
 * transaction, so two admins (or two deliveries of one click) cannot both win.
 * Implemented by services/adapters/sqlite/custom-action.sqlite.ts.
 */
import type { CustomActionHistoryEntry, CustomActionState, CustomActionVersion } from './custom-action.types';

/** Replace a stored version with `next`, only if it is still in `expected` state and revision. */
export interface CustomActionVersionUpdate {
  expected: { state: CustomActionState; revision: number };
  /** Same tenant, name and version as the stored one. */
  next: CustomActionVersion;
}

export interface CustomActionCommit {
  /** A new version (create, or a new version of a published action). */
  insert?: CustomActionVersion;
  updates: CustomActionVersionUpdate[];
  history: CustomActionHistoryEntry[];
}

export interface CustomActionRepository {
  /** Every version of one action in one tenant, newest first; empty when there is none. */
  listVersions(tenantId: string, name: string): Promise<CustomActionVersion[]>;
  /** Every version of every action in one tenant, by name, newest version first. */
  listTenant(tenantId: string): Promise<CustomActionVersion[]>;
  /** The action's history in one tenant, oldest first. */
  listHistory(tenantId: string, name: string, options?: { limit?: number }): Promise<CustomActionHistoryEntry[]>;
  /**
   * Applies the insert, every update and the history lines atomically. Returns false and
   * changes nothing when an update's expectation no longer holds, or the insert collides with
   * an existing version (or a second open or live version of the same action).
   */
  commit(change: CustomActionCommit): Promise<boolean>;
}

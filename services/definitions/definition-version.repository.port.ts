/**
 * Storage of a definition's versions and their history, per tenant (custom actions, workflows):
 * every read and write names the tenant, and nothing crosses tenants. A change is one `commit`:
 * conditional on the state and revision the service read, all-or-nothing, with its history lines
 * in the same transaction, so two admins (or two deliveries of one click) cannot both win.
 * Implemented by services/adapters/sqlite/definition-version.sqlite.ts.
 */
import type { DefinitionHistoryEntry, DefinitionState, DefinitionVersion } from './definition-lifecycle.types';

/** Replace a stored version with `next`, only if it is still in `expected` state and revision. */
export interface DefinitionVersionUpdate<TDefinition> {
  expected: { state: DefinitionState; revision: number };
  /** Same tenant, name and version as the stored one. */
  next: DefinitionVersion<TDefinition>;
}

export interface DefinitionCommit<TDefinition> {
  /** A new version (create, or a new version of a published definition). */
  insert?: DefinitionVersion<TDefinition>;
  updates: DefinitionVersionUpdate<TDefinition>[];
  history: DefinitionHistoryEntry[];
}

export interface DefinitionVersionRepository<TDefinition> {
  /** Every version of one definition in one tenant, newest first; empty when there is none. */
  listVersions(tenantId: string, name: string): Promise<DefinitionVersion<TDefinition>[]>;
  /** Every version of every definition in one tenant, by name, newest version first. */
  listTenant(tenantId: string): Promise<DefinitionVersion<TDefinition>[]>;
  /** The definition's history in one tenant, oldest first (the newest `limit` lines). */
  listHistory(tenantId: string, name: string, options?: { limit?: number }): Promise<DefinitionHistoryEntry[]>;
  /**
   * Applies the insert, every update and the history lines atomically. Returns false and
   * changes nothing when an update's expectation no longer holds, or the insert collides with
   * an existing version (or a second open or live version of the same definition).
   */
  commit(change: DefinitionCommit<TDefinition>): Promise<boolean>;
}

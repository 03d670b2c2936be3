/**
 * Persistence of management sessions, one row per tenant. Every transition is a
 * compare-and-set on (state, version), so two processes or twenty concurrent requests can
 * never both move the same session. Implemented by services/adapters/sqlite/session.sqlite.ts.
 */
import type { ManagementSession, SessionFields, SessionState } from './session.types';

export interface ManagementSessionRepository {
  /** The tenant's session; a tenant never seen gets an OFF row (version 0) created on first read. */
  getOrCreate(tenantId: string, now: Date): ManagementSession;
  /**
   * Writes `next` and bumps the version only if the stored row still has `expected.state` and
   * `expected.version`. Returns the new row, or undefined when another transition won.
   */
  compareAndSet(tenantId: string, expected: Pick<ManagementSession, 'state' | 'version'>, next: SessionFields): ManagementSession | undefined;
  /** Sessions currently in one of the given states, across tenants (restart recovery). */
  listInStates(states: readonly SessionState[]): ManagementSession[];
  /** ON sessions whose expiresAt is at or before `now`. */
  listExpired(now: Date): ManagementSession[];
}

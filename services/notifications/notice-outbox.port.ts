/**
 * The durable outbox of proactive notices. One row per (notice, target), so a notice that
 * reached the channel but not an admin is retried for the admin only. SQLite implementation:
 * services/adapters/sqlite/notice-outbox.sqlite.ts.
 */
import type { NotificationTarget } from '../ports/notifier.port';
import type { Notice } from './notice.types';

export type OutboxRowStatus = 'pending' | 'delivered' | 'expanded';

export interface OutboxRow {
  id: number;
  noticeId: string;
  tenantId: string;
  /** Undefined for a notice enqueued when no target was known yet; each round resolves targets again. */
  target?: NotificationTarget;
  dedupeKey: string;
  notice: Notice;
  status: OutboxRowStatus;
  /** Sends tried, over all rounds. */
  attempts: number;
  rounds: number;
  nextAttemptAt: string;
  lastErrorCode?: string;
  lastStatus?: number;
  createdAt: string;
  deliveredAt?: string;
  conversationId?: string;
  activityId?: string;
}

export interface NewOutboxRow {
  noticeId: string;
  tenantId: string;
  target?: NotificationTarget;
  dedupeKey: string;
  notice: Notice;
  createdAt: Date;
}

export interface NoticeOutboxStore {
  /** Inserts rows, ignoring any (tenant, dedupeKey, target) already queued or delivered. Returns how many were new. */
  insert(rows: readonly NewOutboxRow[]): number;
  /**
   * Atomically takes up to `limit` pending rows due at `now` (oldest first) and pushes their
   * next attempt to `leaseUntil`, so a concurrent round (or a round after a crash) does not send them twice.
   */
  claimDue(now: Date, leaseUntil: Date, limit: number, tenantId?: string): OutboxRow[];
  markDelivered(id: number, at: Date, sent: { conversationId: string; activityId: string }, attempts: number): void;
  markFailed(id: number, failure: { attempts: number; nextAttemptAt: Date; errorCode: string; status?: number }): void;
  /** For an unaddressed row once its targets were resolved and queued. */
  markExpanded(id: number): void;
  /** Rows not delivered yet, oldest first. */
  listQueued(tenantId?: string): OutboxRow[];
  get(id: number): OutboxRow | undefined;
}

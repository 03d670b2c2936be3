/**
 * Durable approval requests, their card copies and their outbox of follow-up work.
 * Every state change is a single conditional statement on `state = 'pending'`, so concurrent
 * deciders (double clicks, two admins, redelivered invokes, two processes) change it once.
 * Implemented by services/adapters/sqlite/approval.sqlite.ts.
 */
import type { Person } from '../access/actor';
import type {
  ApprovalCardRef,
  ApprovalOutboxItem,
  ApprovalOutboxKind,
  ApprovalPolicy,
  ApprovalRequest,
} from '../approvals/approval-request';

export interface CloseTransition {
  state: 'approved' | 'rejected' | 'cancelled';
  decidedBy: Person;
  /** UTC ISO; also the "now" against which expiry is checked, so a late click cannot beat expiry. */
  decidedAt: string;
  selfApproved: boolean;
  correlationId: string;
  /** Follow-ups to record with the change (updateCard rows are added per card copy automatically). */
  followUps: readonly Exclude<ApprovalOutboxKind, 'updateCard'>[];
}

export interface StoredApprovalPolicy {
  policy: ApprovalPolicy;
  setBy: Person;
  setAt: string;
}

export interface ApprovalRepository {
  /** Stores a new pending request and its 'created' audit follow-up atomically. */
  create(request: ApprovalRequest): Promise<void>;
  get(tenantId: string, requestId: string): Promise<ApprovalRequest | undefined>;
  listPending(tenantId: string, options?: { kind?: string; limit?: number }): Promise<ApprovalRequest[]>;
  /**
   * pending → approved | rejected | cancelled, only if still pending and not yet expired at
   * `decidedAt`. Returns the closed request to the one caller that changed it, else undefined.
   */
  close(tenantId: string, requestId: string, transition: CloseTransition): Promise<ApprovalRequest | undefined>;
  /** pending → expired for every request (all tenants) whose expiry is at or before `now`; returns those this call expired. */
  expireDue(now: string, followUps: readonly Exclude<ApprovalOutboxKind, 'updateCard'>[]): Promise<ApprovalRequest[]>;
  /** Marks due reminders as sent and returns them; a reminder is returned to exactly one caller, once. */
  claimDueReminders(now: string): Promise<ApprovalRequest[]>;
  /** Records a card copy; if the request is already closed, queues its update at once. Undefined when not found. */
  attachCard(tenantId: string, requestId: string, card: ApprovalCardRef, at: string): Promise<ApprovalRequest | undefined>;
  /**
   * Leases up to `limit` follow-ups of the given kinds until `leaseUntil` (optionally of one
   * request). An item whose lease ran out (its worker died) can be claimed again.
   */
  claimOutbox(options: { kinds: readonly ApprovalOutboxKind[]; now: string; leaseUntil: string; limit: number; tenantId?: string; requestId?: string }): Promise<ApprovalOutboxItem[]>;
  /** Removes a finished follow-up. */
  completeOutbox(id: number): Promise<void>;
  getPolicy(tenantId: string): Promise<StoredApprovalPolicy | undefined>;
  setPolicy(tenantId: string, policy: StoredApprovalPolicy): Promise<void>;
}

/**
 * A bulk action: one management action over many users, as the server-side record behind the
 * bulk confirmation and progress cards. The cards carry only the job id.
 *
 * Job states: awaiting-confirmation → running (started by exactly one delivery of the confirm,
 * keyed by its idempotency key) → cancelling? → done | cancelled; awaiting-confirmation →
 * expired (never confirmed).
 *
 * Item states: pending → sending (committed before its batch goes out) → succeeded | failed |
 * pending again (429, after its own Retry-After) | unknown; skipped from the start (out of scope,
 * privileged, not found) or when cancelled before it was sent. An item left `sending` by a dead
 * process is re-checked before anything is sent again (see BulkJobRunner).
 */
import type { RunnableActionId } from '../../access/actions';
import type { Person, SessionPrincipal } from '../../sessions/session.types';

export type BulkJobState = 'awaiting-confirmation' | 'running' | 'cancelling' | 'done' | 'cancelled' | 'expired';
export type BulkItemState = 'pending' | 'sending' | 'succeeded' | 'failed' | 'skipped' | 'unknown';

/** Why an item was skipped or failed, as stable codes the cards turn into words. */
export type BulkSkipCode = 'ACCESS.NOT_IN_SCOPE' | 'ACCESS.PRIVILEGED_TARGET' | 'ACTION.TARGET_NOT_FOUND' | 'BULK.CANCELLED' | 'BULK.DUPLICATE';

/** How the users were chosen, as typed: "users a@x, b@x", "department Sales", "group Leavers". */
export type BulkSelector =
  | { kind: 'users'; users: readonly string[] }
  | { kind: 'department'; name: string }
  | { kind: 'group'; name: string };

export interface BulkJob {
  id: string;
  tenantId: string;
  /** Who prepared it; only they (or a tenant admin, for cancel) act on it. */
  actor: Person;
  actionId: RunnableActionId;
  /** "department Sales", for the cards and the audit. */
  selection: string;
  correlationId: string;
  createdAt: string;
  /** The confirmation is valid until then. */
  expiresAt: string;
  state: BulkJobState;
  /** From the confirm invoke (card action or activity id): a redelivered confirm finds the job it started. */
  idempotencyKey?: string;
  startedAt?: string;
  finishedAt?: string;
  /** The account whose token the batches carry (set when started). */
  principal?: SessionPrincipal;
  /** The progress card (the clicked confirmation card), updated in place while the job runs. */
  card?: { conversationId: string; activityId: string };
  /**
   * The tenant admin's approval the job waits for or was given (an approval request of kind
   * `bulk.run`), when it is above the tenant's bulk approval size. The approval service holds its state.
   */
  approvalRequestId?: string;
}

export interface BulkItem {
  jobId: string;
  userId: string;
  upn: string;
  displayName: string;
  state: BulkItemState;
  /** Why skipped or failed (BulkSkipCode, DIRECTORY.*, Graph's code for a refused item). */
  code?: string;
  /** Sends so far (a throttled item is sent again). */
  attempts: number;
  /** Pending: a throttled item is not sent again before this instant. Sending: when its batch went out. (ms since epoch) */
  notBefore?: number;
}

export type BulkCounts = Record<BulkItemState, number>;

export interface BulkItemSettlement {
  userId: string;
  state: BulkItemState;
  code?: string;
  notBefore?: number;
}

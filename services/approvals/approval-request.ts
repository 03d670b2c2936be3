/**
 * An approval request and what happens around it. Generic: mode changes, disabling advanced
 * management and later features each register a kind (see approval-handler.registry.ts).
 */
import type { Person } from '../access/actor';
import type { JsonObject } from '../ports/audit-log.port';

export type ApprovalState = 'pending' | 'approved' | 'rejected' | 'expired' | 'cancelled';
export type ClosedApprovalState = Exclude<ApprovalState, 'pending'>;

/**
 * four-eyes: the requester can never decide their own request (default).
 * self-approve: an explicit opt-out for single-admin tenants; every such decision is flagged.
 */
export type ApprovalPolicy = 'four-eyes' | 'self-approve';

/** One copy of the approval card in Teams, so every copy can be updated in place. */
export interface ApprovalCardRef {
  conversationId: string;
  activityId: string;
  /**
   * Whose copy it is. Approvers' copies (and the admin channel's) are the default; the
   * requester's own "approval requested" card is marked, because after an approval the
   * feature's progress takes that card over, while a cancel, rejection or expiry closes it too.
   */
  audience?: 'approvers' | 'requester';
}

export interface ApprovalRequest {
  id: string;
  tenantId: string;
  kind: string;
  /** Small JSON describing what is asked; never a secret (refused at creation). */
  payload: JsonObject;
  requester: Person;
  /** UTC ISO-8601. */
  createdAt: string;
  expiresAt: string;
  /** When a reminder is due, if one is planned; `remindedAt` once it was claimed. */
  remindAt?: string;
  remindedAt?: string;
  state: ApprovalState;
  decidedBy?: Person;
  decidedAt?: string;
  /** True when the requester approved or rejected under the self-approve policy. */
  selfApproved: boolean;
  /** Correlation id of the command that created the request. */
  correlationId: string;
  cards: ApprovalCardRef[];
}

/** The lifecycle events that are audited, each exactly once. */
export type ApprovalEvent = 'created' | ClosedApprovalState;

/**
 * Follow-up work recorded in the same transaction as a state change, so a crash between the
 * change and the follow-up loses nothing:
 * - audit: append the lifecycle record;
 * - effect: run the kind's handler (e.g. start the mode switch);
 * - updateCard: the bot replaces one card copy with the final state;
 * - notifyRequester: the bot tells the requester about the decision.
 */
export type ApprovalOutboxKind = 'audit' | 'effect' | 'updateCard' | 'notifyRequester';

export interface ApprovalOutboxItem {
  id: number;
  tenantId: string;
  requestId: string;
  kind: ApprovalOutboxKind;
  event: ApprovalEvent;
  correlationId: string;
  card?: ApprovalCardRef;
  createdAt: string;
  attempts: number;
}

export type ApprovalDecision = 'approve' | 'reject';

export type ApprovalOutcome =
  | { status: 'decided'; request: ApprovalRequest; selfApproved: boolean; effect?: { ok: true } | { ok: false; code: string } }
  /** Someone (or expiry) got there first; `message` says who and when. Not an error: redelivered invokes land here. */
  | { status: 'alreadyClosed'; request: ApprovalRequest; message: string };

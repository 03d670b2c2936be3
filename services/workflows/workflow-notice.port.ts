/**
 * How a notice step reaches people: a card to the tenant's admin channel, to the run's requester
 * (personal chat), or to the target's manager (personal chat, found by the engine through
 * WorkflowDirectory.getManager).
 *
 * The real implementation (with the chat wiring) renders a notice card and queues it in the
 * notice outbox (services/notifications/), keyed by `idempotencyKey`: the engine sends a notice
 * again after a crash left it claimed but unsettled (a notice has no effect to read back), and
 * the port must drop a key it already queued, so each notice is delivered once. Text is already
 * filled in; it never holds a secret (the templates can't reach one). Failures are returned, not
 * thrown (a throw is read as `failed` with WORKFLOW.NOTICE_FAILED).
 */
import type { Person } from '../access/actor';
import type { NoticeAudience } from './workflow.schema';
import type { WorkflowUser } from './workflow-run.types';

export interface WorkflowNotice {
  tenantId: string;
  runId: string;
  stepId: string;
  /** `${runId}:${stepId}` (or `…:${attempt}` on a retry): deliver once per key. */
  idempotencyKey: string;
  correlationId: string;
  audience: NoticeAudience;
  /** The person it goes to, for `requester` and `manager`; absent for the admin channel. */
  recipient?: Person;
  workflowTitle: string;
  /** The step's title, as the card's heading. */
  title: string;
  text: string;
  target: WorkflowUser;
  requester: Person;
}

export interface WorkflowNoticeResult {
  status: 'sent' | 'failed';
  /** Stable code when failed (e.g. NOTICE.NO_ADMIN_CHANNEL, NOTICE.NOT_INSTALLED). */
  code?: string;
  /** One line for the run card, e.g. "Sent to the admin channel." */
  summary?: string;
}

export interface WorkflowNoticePort {
  send(notice: WorkflowNotice): Promise<WorkflowNoticeResult>;
}

/**
 * How workflows and playbooks run a management action: through ManagementActionService.runOnce,
 * exactly as a chat command does (authorization and scope for the requester at each call, the
 * tenant's approval rules, the session guard with auto-enable, one claim per idempotency key,
 * the Graph call as the session's account, the action's own audit record). Custom actions
 * (`custom:<name>`) take the same path.
 *
 * - Refusals come back as `failed` with their code and words; anything unexpected is thrown, which
 *   the engines read as "it may or may not have happened".
 * - A secret the action shows once (reset password, Temporary Access Pass) goes to the requester
 *   only: a shown-once card in their personal chat, hidden in place like any other (the card is
 *   sent first as a placeholder, recorded for redaction, then filled). The engines get its label.
 */
import { renderWorkInProgressCard } from '../../cards';
import { shownOnceResultCard, type ShownOnceCardRecorder } from '../../dialogs/actions/shown-once-views';
import type { Actor } from '../../services/access/actor';
import type { ExecuteResult, ManagementActionService } from '../../services/actions/management-action.service';
import type { Logger } from '../../services/logger';
import type { Notifier } from '../../services/ports/notifier.port';
import type { PlaybookActionPort, PlaybookActionRequest, PlaybookActionResult } from '../../services/playbooks/playbook-action.port';
import type { WorkflowActionPort, WorkflowActionRequest, WorkflowActionResult } from '../../services/workflows/workflow-action.port';

export interface ManagementActionPortDependencies {
  actions: Pick<ManagementActionService, 'runOnce'>;
  notifier: Pick<Notifier, 'send' | 'update'>;
  shownOnce: ShownOnceCardRecorder;
  logger: Logger;
}

type Outcome = { status: 'succeeded' | 'failed' | 'unknown'; summary: string; code?: string; shownOnce?: { label: string } };

const STATUS: Record<ExecuteResult['outcome'], Outcome['status']> = { done: 'succeeded', failed: 'failed', unknown: 'unknown', 'in-progress': 'unknown' };

export class ManagementActionPort implements WorkflowActionPort, PlaybookActionPort {
  constructor(private readonly deps: ManagementActionPortDependencies) {}

  run(request: WorkflowActionRequest): Promise<WorkflowActionResult>;
  run(request: PlaybookActionRequest): Promise<PlaybookActionResult>;
  run(request: WorkflowActionRequest | PlaybookActionRequest): Promise<Outcome> {
    return this.runOnce(request, false);
  }

  /**
   * A workflow step a dead process claimed: the same key again, through runOnce's exactly-once
   * store. Never prepared or never claimed → it runs now; settled → the stored answer; claimed and
   * unsettled → read back as the bot's app (the dead process's call is not sent again).
   */
  resume(request: WorkflowActionRequest): Promise<WorkflowActionResult> {
    return this.runOnce(request, true);
  }

  private async runOnce(request: WorkflowActionRequest | PlaybookActionRequest, claimantGone: boolean): Promise<Outcome> {
    const targetId = 'target' in request ? request.target.userId : request.targetUserId;
    try {
      const result = await this.deps.actions.runOnce(request.requester, request.actionId, targetId, {
        idempotencyKey: request.idempotencyKey,
        input: request.parameters,
        ...('correlationId' in request ? { correlationId: request.correlationId } : {}),
        // The secret, if any, goes to the requester's personal chat below, and nowhere else.
        privateConversation: true,
        ...(claimantGone ? { claimantGone: true } : {}),
        ...('coveringApprovalRequestId' in request && request.coveringApprovalRequestId ? { coveringApprovalRequestId: request.coveringApprovalRequestId } : {}),
      });
      const outcome: Outcome = { status: STATUS[result.outcome], summary: result.summary, ...(result.code ? { code: result.code } : {}) };
      if (result.shownOnce) return { ...outcome, ...(await this.deliverSecret(request.requester, result)) };
      return outcome;
    } catch (error) {
      const code = refusalCode(error);
      if (!code) throw error;
      return { status: 'failed', code, summary: refusalWords(error) };
    }
  }

  /** The shown-once card, in the requester's personal chat only. The engines get the label, never the value. */
  private async deliverSecret(requester: Actor, result: ExecuteResult): Promise<Partial<Outcome>> {
    const label = result.shownOnce!.label;
    try {
      const target = { tenantId: requester.tenantId, kind: 'user' as const, id: requester.userId };
      const placeholder = await this.deps.notifier.send(target, { card: renderWorkInProgressCard({ title: `${result.title}…`, message: 'Preparing a secret shown once, to you only.' }), summary: result.title });
      const card = shownOnceResultCard(result, this.deps.shownOnce, { tenantId: requester.tenantId, actorUserId: requester.userId, conversationId: placeholder.conversationId, activityId: placeholder.activityId });
      await this.deps.notifier.update({ target, conversationId: placeholder.conversationId, activityId: placeholder.activityId }, { card, summary: result.title });
      // The action's own summary speaks of "the card where this was confirmed"; here there was none.
      return { shownOnce: { label }, summary: `${result.title} is done for ${result.target.upn}. The ${label.toLowerCase()} was shown once to ${requester.displayName ?? 'the requester'}, on a card of its own in their personal chat.` };
    } catch (error) {
      this.deps.logger.warn({ tenantId: requester.tenantId, code: refusalCode(error) ?? 'UNEXPECTED' }, 'automation: a shown-once secret could not be delivered');
      return { summary: `${result.title} is done for ${result.target.upn}, but the ${label.toLowerCase()} could not be delivered to the requester's personal chat, so nobody has it: run the action again from chat to get a new one.` };
    }
  }
}

/** The stable code of an expected refusal (ActionError, AccessError, SessionError, CustomActionError, …), or undefined. */
function refusalCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && /^[A-Z_]+\.[A-Z_]+$/.test(code) ? code : undefined;
}

function refusalWords(error: unknown): string {
  const record = error as { userMessage?: unknown; message?: unknown };
  const text = typeof record.userMessage === 'string' ? record.userMessage : typeof record.message === 'string' ? record.message : 'It was refused.';
  return text.slice(0, 300);
}

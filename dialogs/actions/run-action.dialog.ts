/**
 * Running a management action on one user (`block sign-in for <user>`, `unblock sign-in for
 * <user>`, `revoke sessions for <user>`), the same path for every row of the action table:
 *
 * 1. prepare: the service resolves the target, authorizes the actor on it, makes sure the
 *    session is on (auto-enabling it if the tenant allows) and holds the pending action; the
 *    confirmation card carries only the pending action's id.
 * 2. confirm: runs the prepared action once, as the session's account, for the person who
 *    prepared it (the actor from the activity, the action from the server-side record named by
 *    the card's id). A redelivered or repeated confirmation gets the stored answer and changes
 *    nothing; Cancel changes nothing at all. A slow action is answered with a progress card.
 *    When the service finds the target privileged (yourself, a directory-role holder, a
 *    break-glass account), the first Confirm is answered with a second confirmation card that
 *    names why; only its Confirm runs the action (the service judges privilege and access again).
 */
import type { TurnContext } from 'botbuilder';
import {
  renderActionConfirmationCard,
  renderActionResultCard,
  renderWorkInProgressCard,
  type ActionResultOutcome,
  type AdaptiveCardJson,
  type CardFact,
  cardDateTime,
} from '../../cards';
import { PrivilegedConfirmationRequiredError } from '../../services/access/privileged-target.service';
import { ActionError } from '../../services/actions/action-errors';
import type { ExecuteResult, ManagementActionService } from '../../services/actions/management-action.service';
import { CardStepDialog, type CardAnswer } from '../card-step.dialog';
import { flowTurnOf, type FlowTurn } from '../flow-turn';
import { expectedErrorCard } from '../shared/card-for-error';
import { answerWithinBudget, type InvokeBudgetDependencies } from '../shared/invoke-budget';
import type { ActionChatRow } from './action-rows';
import { exampleCommand, parseActionTarget } from './action-target-text';
import { PRIVILEGED_CONFIRMED, privilegedConfirmationCard } from './privileged-views';
import { groupChoiceCard, inputsOf } from './action-inputs';
import { shownOnceResultCard, type ShownOnceCardRecorder } from './shown-once-views';
import type { ActionApprovalAsker } from './action-approval-views';

export const AUTO_ENABLED_NOTE = 'The management session was off, so it was turned on automatically for this request (auto-enable).';

const PENDING_ID = /^[0-9a-f-]{8,64}$/i;

export function runActionDialogId(row: Pick<ActionChatRow, 'actionId'>): string {
  return `runAction:${row.actionId}`;
}



export interface RunActionDependencies {
  actions: Pick<ManagementActionService, 'prepare' | 'execute' | 'requestApproval'>;
  /** Sends an approval request's cards to the tenant admins. Without it, an action that needs approval cannot be asked for. */
  approvalAsker?: ActionApprovalAsker;
  budget: InvokeBudgetDependencies;
  /** Where a secret shown once (reset password) is recorded for its redaction. Without it, such an action is refused. */
  shownOnce?: ShownOnceCardRecorder;
}

/** A personal chat with the bot: the only place a secret may be shown (to the person who asked). */
function isPersonalChat(turn: TurnContext): boolean {
  return turn.activity.conversation?.conversationType === 'personal';
}

export class RunActionDialog extends CardStepDialog {
  protected readonly steps = this.stepsOf({ prepare: this.prepareStep, confirm: this.confirmStep });

  constructor(
    private readonly row: ActionChatRow,
    private readonly deps: RunActionDependencies,
    dialogId: string = runActionDialogId(row),
  ) {
    super(dialogId);
  }

  /** The inputs beyond the user, as typed or picked (untrusted: the action's rules judge them). */
  protected inputsFor(row: ActionChatRow, data: Readonly<Record<string, unknown>>): Record<string, string> {
    return inputsOf(row, data);
  }

  /** The row a turn is about: this dialog's own; a dialog for many actions (custom ones) reads it from the data. */
  protected rowOf(_data: Readonly<Record<string, unknown>>): ActionChatRow {
    return this.row;
  }

  /** The confirmation card: who, as which account, what happens. Nothing changes yet. */
  private async prepareStep(turn: TurnContext, data: Readonly<Record<string, unknown>>): Promise<CardAnswer> {
    const { actor, correlationId } = flowTurnOf(turn);
    const row = this.rowOf(data);
    const targetQuery = parseActionTarget(data['user']);
    if (!targetQuery) throw new ActionError('ACTION.TARGET_REQUIRED', `Say which user, for example "${exampleCommand(row.usage)}". Nothing was changed.`);
    let prepared;
    try {
      prepared = await this.deps.actions.prepare(actor, row.actionId, targetQuery, {
        correlationId,
        input: this.inputsFor(row, data),
        privateConversation: isPersonalChat(turn) && this.deps.shownOnce !== undefined,
      });
    } catch (error) {
      // Several groups match: a choice, each button preparing again with the picked group's id.
      if (error instanceof ActionError && error.code === 'ACTION.GROUP_AMBIGUOUS') return { card: groupChoiceCard(row, targetQuery, error, correlationId) };
      throw error;
    }
    const facts: CardFact[] = [
      { label: 'User', value: `${prepared.target.displayName} (${prepared.target.upn})` },
      ...(prepared.description.facts ?? []),
      { label: 'Runs as', value: prepared.session.principal?.userPrincipalName ?? 'the management session account' },
    ];
    if (prepared.session.enabledAt) facts.push({ label: 'Session on since', value: cardDateTime(prepared.session.enabledAt) });
    return {
      card: renderActionConfirmationCard({
        title: `${prepared.description.summary}?`,
        facts,
        consequences: prepared.description.consequences,
        ...(prepared.autoEnabled ? { note: AUTO_ENABLED_NOTE } : {}),
        verb: row.verb,
        pendingActionId: prepared.pendingActionId,
        confirmTitle: row.confirmTitle,
        destructive: prepared.description.destructive,
        expiresAt: cardDateTime(prepared.expiresAt),
        ...(prepared.approvalRequired ? { askApproval: true } : {}),
      }),
    };
  }

  /** Confirm or Cancel on the confirmation card. */
  private async confirmStep(turn: TurnContext, data: Readonly<Record<string, unknown>>): Promise<CardAnswer> {
    const flow = flowTurnOf(turn);
    const row = this.rowOf(data);
    const title = row.confirmTitle;
    // A group picked on the choice card: prepare again with it (the service judges the pick).
    if (data['decision'] === 'pick') return this.prepareStep(turn, data);
    const pendingActionId = typeof data['pendingActionId'] === 'string' ? data['pendingActionId'] : '';
    if (!PENDING_ID.test(pendingActionId)) {
      return { card: renderActionResultCard({ outcome: 'failed', title, summary: 'This card is not valid any more. Run the command again.', facts: [], correlationId: flow.correlationId }) };
    }
    if (data['decision'] === 'cancel') {
      return { card: renderActionResultCard({ outcome: 'cancelled', title: `Cancelled: ${title}`, summary: 'Nothing was changed.', facts: [] }) };
    }
    if (data['decision'] === 'requestApproval') return this.requestApprovalStep(turn, pendingActionId);
    const privilegedConfirmed = data['privileged'] === PRIVILEGED_CONFIRMED;
    const where = { conversationId: turn.activity.conversation?.id, activityId: turn.activity.replyToId, privateConversation: isPersonalChat(turn) };
    const card = await answerWithinBudget(
      turn,
      this.executeCard(flow, row, pendingActionId, privilegedConfirmed, where),
      renderWorkInProgressCard({ title: `${title}…`, message: 'Working on it as the management session account.' }),
      { correlationId: flow.correlationId, logger: flow.logger, summary: title },
      this.deps.budget,
    );
    return { card };
  }

  /** "Ask for approval": the tenant admins get the request; this card becomes the requester's copy. */
  private async requestApprovalStep(turn: TurnContext, pendingActionId: string): Promise<CardAnswer> {
    const { actor, correlationId } = flowTurnOf(turn);
    if (!this.deps.approvalAsker) throw new ActionError('ACTION.NOT_POSSIBLE', 'Approvals are not available here. Ask a tenant admin to run it. Nothing was changed.');
    const asked = await this.deps.actions.requestApproval(actor, pendingActionId, { correlationId });
    return { card: await this.deps.approvalAsker.askedCard(asked, { conversationId: turn.activity.conversation?.id, activityId: turn.activity.replyToId }) };
  }

  /** The result card, also when it finishes after the invoke was answered (the clicked card is then updated). */
  private async executeCard(
    flow: FlowTurn,
    row: ActionChatRow,
    pendingActionId: string,
    privilegedConfirmed: boolean,
    where: { conversationId: string | undefined; activityId: string | undefined; privateConversation: boolean },
  ): Promise<AdaptiveCardJson> {
    try {
      // A secret can be shown only where its card can be hidden again: the clicked card of a personal chat.
      const privateConversation = where.privateConversation && Boolean(where.conversationId && where.activityId) && this.deps.shownOnce !== undefined;
      const result = await this.deps.actions.execute(flow.actor, pendingActionId, { privilegedConfirmed, privateConversation });
      if (result.shownOnce && this.deps.shownOnce && where.conversationId && where.activityId) {
        return shownOnceResultCard(result, this.deps.shownOnce, { tenantId: flow.actor.tenantId, actorUserId: flow.actor.userId, conversationId: where.conversationId, activityId: where.activityId });
      }
      return actionResultCard(result);
    } catch (error) {
      if (error instanceof PrivilegedConfirmationRequiredError) return privilegedConfirmationCard(row, error);
      const card = expectedErrorCard(error, await flow.viewer(), flow.correlationId);
      if (card) return card;
      throw error;
    }
  }
}

const TITLES: Record<ExecuteResult['outcome'], (title: string) => string> = {
  done: (title) => `Done: ${title}`,
  failed: (title) => `Not done: ${title}`,
  unknown: (title) => `Outcome unknown: ${title}`,
  'in-progress': (title) => `Still running: ${title}`,
};

/** The result card; also used for a proactive "your interrupted action ended so" message. */
export function actionResultCard(
  result: Pick<ExecuteResult, 'outcome' | 'title' | 'summary' | 'target' | 'principal' | 'autoEnabled' | 'duplicate' | 'correlationId'>,
): AdaptiveCardJson {
  const facts: CardFact[] = [{ label: 'User', value: `${result.target.displayName} (${result.target.upn})` }];
  if (result.principal) facts.push({ label: 'Run as', value: result.principal.userPrincipalName });
  const notes = [
    ...(result.autoEnabled ? ['The management session was turned on automatically for this action (auto-enable).'] : []),
    ...(result.duplicate ? ['This confirmation was already answered; nothing was run again.'] : []),
  ];
  return renderActionResultCard({
    outcome: result.outcome as ActionResultOutcome,
    title: TITLES[result.outcome](result.title),
    summary: result.summary,
    ...(notes.length > 0 ? { note: notes.join(' ') } : {}),
    facts,
    correlationId: result.correlationId,
  });
}

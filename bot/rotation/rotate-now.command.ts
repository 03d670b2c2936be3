/**
 * `rotate password now` (tenant admins), the settings card's Rotate password now button and the
 * failure notice's Retry rotation button. All three call the same service method through
 * RotationStarter; the turn is answered at once and the result arrives as a proactive notice.
 */
import { Verbs } from '../../cards';
import type { RotationRuns } from '../../dialogs/rotation/rotation-runs';
import type { RotationRequestsService } from '../../services/rotation/rotation-requests.service';
import type { CommandDefinition } from '../commands';
import { sendCard } from '../commands/reply';
import type { VerbContext, VerbDefinition, VerbResult } from '../invoke-router';
import type { TurnContext } from 'botbuilder';

const ALREADY_STARTED = 'That rotation was already started. The result goes to the tenant admins and the admin channel; type "rotation history" to see it.';

export interface RotateNowDependencies {
  runs: Pick<RotationRuns, 'begin'>;
  requests: Pick<RotationRequestsService, 'claimOnce'>;
}

function originOf(turn: TurnContext): { id: string; type: string | undefined } {
  return { id: turn.activity.conversation.id, type: turn.activity.conversation.conversationType };
}

export function createRotateNowCommand(dependencies: RotateNowDependencies): CommandDefinition {
  return {
    id: 'password.rotateNow',
    capability: 'password.rotateNow',
    usage: 'rotate password now',
    description: "Rotates the management account's password now; the result is posted to the tenant admins (tenant admins).",
    patterns: [
      'rotate [the] [management] [service] [account] password [now]',
      'rotate [the] [management] [service] account password [now]',
      'rotate now',
      'retry [the] [password] rotation',
      '[please] change [the] [management] [service] [account] password now',
    ],
    handle: async (context) => {
      const outcome = dependencies.runs.begin('rotate', context.actor, originOf(context.turn), context.correlationId);
      // The card alone: a text next to it would show as a second bubble saying the same.
      await sendCard(context.turn, outcome.card);
    },
  };
}

/**
 * Rotate password now (settings) and Retry rotation (failure and overdue notices). The answer is
 * a short message, so the card that was clicked (settings, or the failure notice with what went
 * wrong) stays as it is; the result arrives as a new notice.
 */
export function createRotateNowVerbs(dependencies: RotateNowDependencies): VerbDefinition[] {
  const handle = (verb: string) => async (context: VerbContext): Promise<VerbResult> => {
    // Retry is claimed per failed rotation, so two admins pressing it on their copies start one run.
    if (!(await dependencies.requests.claimOnce(context.tenantId, verb, context.data['rotationId'], context.turn.activity.id))) {
      return { message: ALREADY_STARTED };
    }
    const outcome = dependencies.runs.begin('rotate', context.actor, originOf(context.turn), context.correlationId);
    return outcome.started ? { message: outcome.text } : { card: outcome.card };
  };
  return [
    { verb: Verbs.rotationRotateNow, handle: handle(Verbs.rotationRotateNow) },
    { verb: Verbs.rotationRetry, handle: handle(Verbs.rotationRetry) },
  ];
}

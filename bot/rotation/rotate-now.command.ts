/**
 * `rotate password now` (tenant admins), the settings card's Rotate password now button and the
 * failure notice's Retry rotation button. All three call the same service method through
 * RotationStarter; the turn is answered at once and the result arrives as a proactive notice.
 */
import { Verbs } from '../../cards';
import type { AuthorizationService } from '../../services/access/authorization.service';
import type { ActorResolver } from '../access/actor-resolver';
import { authorizeCommand } from '../access/access-turn';
import type { CommandDefinition } from '../commands';
import { sendCard } from '../commands/reply';
import type { VerbDefinition, VerbResult } from '../invoke-router';
import type { RotationStarter } from './rotation-starter';

const ALREADY_STARTED = 'That rotation was already started. The result goes to the tenant admins and the admin channel; type "rotation history" to see it.';

export interface RotateNowDependencies {
  authorization: AuthorizationService;
  actors: ActorResolver;
  starter: RotationStarter;
}

export function createRotateNowCommand(dependencies: RotateNowDependencies): CommandDefinition {
  return {
    id: 'password.rotateNow',
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
      const actor = await authorizeCommand(context, 'password.rotateNow', dependencies);
      if (!actor) return;
      const outcome = dependencies.starter.begin('rotate', actor, context.turn, context.correlationId);
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
  const handle = (verb: string) => async (context: Parameters<VerbDefinition['handle']>[0]): Promise<VerbResult> => {
    // Retry is claimed per failed rotation, so two admins pressing it on their copies start one run.
    if (!(await dependencies.starter.claimOnce(context.tenantId, verb, context.turn, context.data.rotationId))) {
      return { message: ALREADY_STARTED };
    }
    const actor = await dependencies.actors.resolve(context.tenantId, context.userAadObjectId);
    const outcome = dependencies.starter.begin('rotate', actor, context.turn, context.correlationId);
    return outcome.started ? { message: outcome.text } : { card: outcome.card };
  };
  return [
    { verb: Verbs.rotationRotateNow, handle: handle(Verbs.rotationRotateNow) },
    { verb: Verbs.rotationRetry, handle: handle(Verbs.rotationRetry) },
  ];
}

import { denialCard } from '../../dialogs/shared/card-for-error';
import type { TurnContext } from 'botbuilder';
import type { DialogTurnIdentity } from '../../dialogs/dialog-identity';
import type { Actor } from '../../services/access/actor';
import type { AuthorizationService } from '../../services/access/authorization.service';
import type { CapabilityId } from '../../services/access/capabilities';
import type { CommandContext } from '../commands';
import { sendCard } from '../commands/reply';
import { correlationIdOf, tenantIdOf } from '../turn-scope';
import type { ActorResolver } from './actor-resolver';

/** The actor of a turn: activity identity only (see ActorResolver). */
export function actorOfTurn(actors: ActorResolver, turn: TurnContext): Promise<Actor> {
  return actors.resolve(tenantIdOf(turn), turn.activity.from?.aadObjectId, turn.activity.from?.name);
}

export function dialogIdentity(actors: ActorResolver): DialogTurnIdentity {
  return { actorOf: (turn) => actorOfTurn(actors, turn), correlationIdOf };
}

/**
 * The authorization every command runs first. Returns the actor when allowed; otherwise the
 * service has audited the denial and the user gets a card saying why and whom to ask.
 */
export async function authorizeCommand(
  context: CommandContext,
  capability: CapabilityId,
  services: { authorization: AuthorizationService; actors: ActorResolver },
): Promise<Actor | undefined> {
  const actor = await actorOfTurn(services.actors, context.turn);
  const decision = await services.authorization.authorize(actor, capability, undefined, { correlationId: context.correlationId });
  if (decision.allowed) return actor;
  await sendCard(context.turn, denialCard(decision.message, decision.whoCanHelp, context.correlationId));
  return undefined;
}

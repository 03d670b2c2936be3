import type { AdaptiveCardInvokeResponse, AdaptiveCardInvokeValue, TurnContext } from 'botbuilder';
import type { AdaptiveCardJson } from '../cards';
import { flowTurnOf } from '../dialogs/flow-turn';
import { ANY_VIEWER, cardForError, isExpectedError } from '../dialogs/shared/card-for-error';
import { AppError, type AppErrorCode } from '../services/errors';
import type { Actor } from '../services/access/actor';
import type { Logger } from '../services/logger';

export const ADAPTIVE_CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';
const MESSAGE_CONTENT_TYPE = 'application/vnd.microsoft.activity.message';

/** What a verb handler gets. Identity is the activity's (`from.aadObjectId` + tenant), never card data. */
export interface VerbContext {
  turn: TurnContext;
  tenantId: string;
  userAadObjectId: string | undefined;
  /** The clicker, resolved once at the door and already authorized for the verb's capability. */
  actor: Actor;
  correlationId: string;
  verb: string;
  /** `Action.Execute` data merged with inputs. Untrusted: parse it, never use it for identity, role or scope. */
  data: Readonly<Record<string, unknown>>;
  logger: Logger;
}

/** A verb answers with a card that replaces the one clicked, or with a short message. */
export type VerbResult = { card: AdaptiveCardJson } | { message: string };

export interface VerbDefinition {
  verb: string;
  handle(context: VerbContext): Promise<VerbResult>;
}

/** A denial may bring its own card (why, and whom to ask); otherwise the code's catalogue text is shown. */
export type InvokeAuthorizationDecision = { allowed: true } | { allowed: false; code: AppErrorCode; card?: AdaptiveCardJson };

/**
 * The server-side authorization re-check every card action passes before its handler runs
 * (DESIGN §6.2). The access-control issue supplies the real one; until then all verbs are
 * informational and allowed.
 */
export interface InvokeAuthorizer {
  /** `correlationId` ties an audited denial to the turn's logs. */
  authorize(request: { verb: string; actor: Actor; correlationId: string }): Promise<InvokeAuthorizationDecision>;
}

export const allowAllInvokes: InvokeAuthorizer = { authorize: async () => ({ allowed: true }) };

export function cardResponse(card: AdaptiveCardJson): AdaptiveCardInvokeResponse {
  return { statusCode: 200, type: ADAPTIVE_CARD_CONTENT_TYPE, value: card };
}

function errorResponse(code: AppErrorCode, correlationId: string): AdaptiveCardInvokeResponse {
  return cardResponse(cardForError(new AppError(code), ANY_VIEWER, correlationId));
}

/** The verb table for `adaptiveCard/action` invokes (Universal Actions, `Action.Execute`). */
export class InvokeRouter {
  private readonly verbs = new Map<string, VerbDefinition>();

  constructor(
    verbs: readonly VerbDefinition[],
    private readonly authorizer: InvokeAuthorizer = allowAllInvokes,
  ) {
    for (const definition of verbs) {
      if (this.verbs.has(definition.verb)) throw new Error(`Duplicate verb "${definition.verb}".`);
      this.verbs.set(definition.verb, definition);
    }
  }

  knownVerbs(): string[] {
    return [...this.verbs.keys()];
  }

  async handle(context: Omit<VerbContext, 'verb' | 'data'>, value: AdaptiveCardInvokeValue): Promise<AdaptiveCardInvokeResponse> {
    const verb = value.action?.verb ?? '';
    const definition = this.verbs.get(verb);
    if (!definition) {
      context.logger.warn({ code: 'BOT.UNKNOWN_VERB', verb: verb.slice(0, 100), correlationId: context.correlationId }, 'unknown card verb');
      return errorResponse('BOT.UNKNOWN_VERB', context.correlationId);
    }
    // Authorization is re-checked here, at execution time, for every verb: a card may be old,
    // forwarded, or clicked by someone other than the user it was sent to.
    const decision = await this.authorizer.authorize({ verb, actor: context.actor, correlationId: context.correlationId });
    if (!decision.allowed) {
      context.logger.warn({ code: decision.code, verb, correlationId: context.correlationId }, 'card action refused');
      return decision.card ? cardResponse(decision.card) : errorResponse(decision.code, context.correlationId);
    }
    const data = (value.action.data ?? {}) as Record<string, unknown>;
    let result: VerbResult;
    try {
      result = await definition.handle({ ...context, verb, data });
    } catch (error) {
      // An expected refusal of a one-shot verb gets its card here; anything else goes to the turn error handler.
      if (!isExpectedError(error)) throw error;
      return cardResponse(cardForError(error, await flowTurnOf(context.turn).viewer(), context.correlationId));
    }
    if ('card' in result) return cardResponse(result.card);
    // Teams expects a plain string here; botbuilder's type only models the card variant.
    return { statusCode: 200, type: MESSAGE_CONTENT_TYPE, value: result.message as unknown as Record<string, unknown> };
  }
}

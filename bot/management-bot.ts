import {
  ActivityTypes,
  TeamsActivityHandler,
  TurnContext,
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  type BotState,
  type FileConsentCardResponse,
} from 'botbuilder';
import { setFlowTurn, type FlowTurn, type FlowViewer } from '../dialogs/flow-turn';
import { openInvokeAnswer, sendInvokeAnswer } from '../dialogs/shared/invoke-response-gate';
import { cardForError, denialCard, isExpectedError } from '../dialogs/shared/card-for-error';
import type { Actor } from '../services/access/actor';
import type { ActorResolver } from '../services/access/actor-resolver';
import type { AuthorizationService } from '../services/access/authorization.service';
import { runInAuthorizationScope } from '../services/access/turn-authorization-scope';
import { isManagementActionId } from '../services/access/actions';
import type { ConversationReferenceStore } from '../services/ports/conversation-reference.port';
import type { ProcessedActivityStore } from '../services/ports/processed-activity.port';
import type { Logger } from '../services/logger';
import { CommandRouter, MAX_COMMAND_TEXT_LENGTH, type RouteResult } from './command-router';
import { commandsVisibleTo, sendDidYouMean, sendHelp, type CommandDefinition } from './commands';
import { sendCard } from './commands/reply';
import { InvokeRouter } from './invoke-router';
import { correlationIdOf, tenantIdOf } from './turn-scope';

export interface ManagementBotDependencies {
  logger: Logger;
  /** The door: who sent the activity (from `from.aadObjectId` and the tenant gate's tenant, never card data). */
  actors: Pick<ActorResolver, 'resolve'>;
  /** The door: a command row's capability is checked before its handler runs. */
  authorization: Pick<AuthorizationService, 'authorize' | 'capabilitiesOf'>;
  commands: readonly CommandDefinition[];
  invokes: InvokeRouter;
  processedActivities: ProcessedActivityStore;
  /** This process's random id: whose claims are in flight here, and whose are left over by a crash. */
  instanceId: string;
  conversationReferences: ConversationReferenceStore;
  /** Saved at the end of every turn (dialog stacks of later issues). */
  conversationState: BotState;
  /** Multi-step dialogs; an unfinished one gets the user's next message first. */
  dialogs?: { continueActive(turn: TurnContext, routedCommandId: string | undefined): Promise<boolean> };
  /** Answers to Teams file consent cards (`fileConsent/invoke`): the audit export's delivery. */
  fileConsent?: FileConsentHandler;
}

/** What a `fileConsent/invoke` reaches, with the sender resolved at the door (never from the consent context). */
export interface FileConsentHandler {
  accept(turn: { turn: TurnContext; actor: Actor; correlationId: string; logger: Logger }, response: FileConsentCardResponse): Promise<void>;
  decline(turn: { turn: TurnContext; actor: Actor; correlationId: string; logger: Logger }, response: FileConsentCardResponse): Promise<void>;
}

/**
 * Activities Teams may redeliver (it retries after ~15 s) and whose handling is visible to the
 * user. Invokes are answered in their HTTP response and must always get one, so their
 * idempotency belongs to the verb's service (approval and session state machines).
 */
const DEDUPLICATED_TYPES = new Set<string>([ActivityTypes.Message, ActivityTypes.ConversationUpdate, ActivityTypes.InstallationUpdate]);

const TOO_LONG =
  `That message is too long for me to read (the limit is ${MAX_COMMAND_TEXT_LENGTH.toLocaleString('en-US')} characters), so I did nothing. ` +
  'Commands are short, for example **turn on management**. Type **help** to see them.';

const WELCOME =
  "Hi! I'm the Management Session Bot. I run delegated Microsoft 365 admin actions inside a management session, " +
  'so nobody needs to hold admin credentials. Type **help** at any time.';

/**
 * The Teams edge: deduplicates, remembers where to post proactively, and routes text and card
 * actions to the command and verb tables. It holds no business rules.
 */
export class ManagementBot extends TeamsActivityHandler {
  private readonly router: CommandRouter<CommandDefinition>;
  private readonly logger: Logger;

  constructor(private readonly dependencies: ManagementBotDependencies) {
    super();
    this.logger = dependencies.logger;
    this.router = new CommandRouter(dependencies.commands);

    this.onMessage(async (context, next) => {
      await this.handleMessage(context);
      await next();
    });
    this.onMembersAdded(async (context, next) => {
      await this.handleMembersAdded(context);
      await next();
    });
    this.onInstallationUpdateAdd(async (context, next) => {
      await this.rememberConversation(context);
      await next();
    });
  }

  override async run(context: TurnContext): Promise<void> {
    const claimed = await this.claim(context);
    if (claimed === 'duplicate') return;
    // A click's answer goes before any update of the clicked card, and carries its newest state.
    openInvokeAnswer(context);
    try {
      // The door's authorization and the service's of the same click are evaluated once (one scope per turn).
      await runInAuthorizationScope(() => super.run(context));
      await this.dependencies.conversationState.saveChanges(context, false);
    } finally {
      // Finished, or failed with an apology: either way a redelivery must not run it again. Only a
      // crash leaves the claim unfinished, and then the redelivery redoes the turn.
      try {
        if (claimed === 'claimed' && context.activity.id) await this.dependencies.processedActivities.finishTurn(tenantIdOf(context), context.activity.id);
      } finally {
        sendInvokeAnswer(context);
      }
    }
  }

  protected override async onAdaptiveCardInvoke(context: TurnContext, invokeValue: AdaptiveCardInvokeValue): Promise<AdaptiveCardInvokeResponse> {
    const flow = await this.door(context);
    return this.dependencies.invokes.handle(
      {
        turn: context,
        tenantId: tenantIdOf(context),
        userAadObjectId: context.activity.from?.aadObjectId,
        actor: flow.actor,
        correlationId: flow.correlationId,
        logger: flow.logger,
      },
      invokeValue,
    );
  }

  /** Allow on a file consent card: the door resolves the sender; the handler re-checks them (invoke answered 200 by the base class). */
  protected override async handleTeamsFileConsentAccept(context: TurnContext, response: FileConsentCardResponse): Promise<void> {
    if (!this.dependencies.fileConsent) return super.handleTeamsFileConsentAccept(context, response);
    const flow = await this.door(context);
    await this.dependencies.fileConsent.accept({ turn: context, actor: flow.actor, correlationId: flow.correlationId, logger: flow.logger }, response);
  }

  /** Decline on a file consent card. */
  protected override async handleTeamsFileConsentDecline(context: TurnContext, response: FileConsentCardResponse): Promise<void> {
    if (!this.dependencies.fileConsent) return super.handleTeamsFileConsentDecline(context, response);
    const flow = await this.door(context);
    await this.dependencies.fileConsent.decline({ turn: context, actor: flow.actor, correlationId: flow.correlationId, logger: flow.logger }, response);
  }

  /**
   * The door every message and card click passes: the sender is resolved once (object id from
   * the activity, tenant from the tenant gate) and handed to whatever runs next, with the turn's
   * correlation id and what the viewer may be offered on cards.
   */
  private async door(context: TurnContext): Promise<FlowTurn> {
    const actor = await this.dependencies.actors.resolve(tenantIdOf(context), context.activity.from?.aadObjectId, context.activity.from?.name);
    let viewer: Promise<FlowViewer> | undefined;
    const flow: FlowTurn = {
      actor,
      correlationId: correlationIdOf(context),
      logger: this.turnLogger(context),
      viewer: () => (viewer ??= this.viewerOf(actor)),
    };
    setFlowTurn(context, flow);
    return flow;
  }

  /** A directory outage only hides buttons: every button is authorized again when clicked. */
  private async viewerOf(actor: Actor): Promise<FlowViewer> {
    try {
      const capabilities = await this.dependencies.authorization.capabilitiesOf(actor);
      return { isTenantAdmin: capabilities.includes('session.details'), mayOperate: capabilities.includes('session.turnOn') };
    } catch {
      return { isTenantAdmin: false, mayOperate: false };
    }
  }

  /**
   * Claims the turn before any handling, for this process (its instance id). A redelivery of a
   * finished turn, or of one this process is still running, is ignored; a redelivery of a turn
   * that a crashed process claimed but never finished is run again (exactly once, not at most once).
   */
  private async claim(context: TurnContext): Promise<'claimed' | 'untracked' | 'duplicate'> {
    const { id, type } = context.activity;
    if (!id || !DEDUPLICATED_TYPES.has(type)) return 'untracked';
    const claim = await this.dependencies.processedActivities.beginTurn(tenantIdOf(context), id, this.dependencies.instanceId);
    if (claim === 'duplicate') {
      this.turnLogger(context).info({ activityType: type }, 'redelivered activity ignored');
      return 'duplicate';
    }
    if (claim === 'unfinished') this.turnLogger(context).warn({ activityType: type }, 'redelivered activity of a turn cut short by a crash: running it again');
    return 'claimed';
  }

  private async handleMessage(context: TurnContext): Promise<void> {
    await this.rememberConversation(context);
    const route = this.router.route(context.activity.text ?? '');
    if (route.kind === 'too-long') {
      // Nothing of an over-long message is parsed, not even by a waiting dialog, and nothing is looked up for it.
      this.turnLogger(context).info({ intent: 'too-long', length: route.length }, 'command text too long');
      await context.sendActivity(TOO_LONG);
      return;
    }
    const flow = await this.door(context);
    const { logger } = flow;
    const availableCommands = () => this.commandsFor(flow.actor);
    if (await this.dependencies.dialogs?.continueActive(context, interruptingCommandId(route))) return;
    if (route.kind === 'unknown') {
      logger.info({ intent: 'unknown' }, 'command not recognised');
      await (route.text ? sendDidYouMean({ turn: context, availableCommands }, route.text) : sendHelp({ turn: context, availableCommands }));
      return;
    }
    logger.info({ intent: route.intent.id }, 'command');
    const { capability } = route.intent;
    if (capability) {
      const decision = await this.dependencies.authorization.authorize(flow.actor, capability, undefined, { correlationId: flow.correlationId });
      if (!decision.allowed) {
        await sendCard(context, denialCard(decision.message, decision.whoCanHelp, flow.correlationId));
        return;
      }
    }
    try {
      await route.intent.handle({
        turn: context,
      tenantId: tenantIdOf(context),
      userAadObjectId: context.activity.from?.aadObjectId,
      actor: flow.actor,
      correlationId: flow.correlationId,
        args: route.args,
        text: route.text,
        logger,
        availableCommands,
      });
    } catch (error) {
      // An expected refusal of a one-shot command gets its card here; anything else goes to the turn error handler.
      if (!isExpectedError(error)) throw error;
      await sendCard(context, cardForError(error, await flow.viewer(), flow.correlationId));
    }
  }

  private async handleMembersAdded(context: TurnContext): Promise<void> {
    const botId = context.activity.recipient?.id;
    const botWasAdded = (context.activity.membersAdded ?? []).some((member) => member.id === botId);
    if (!botWasAdded) return;
    await this.rememberConversation(context);
    await context.sendActivity(WELCOME);
    await sendHelp({ turn: context, availableCommands: async () => this.commandsFor((await this.door(context)).actor) });
  }

  /**
   * The rows help and "Did you mean" offer this actor: those whose capability they hold (not
   * audited). A directory outage leaves only the open rows; every command is authorized again when run.
   */
  private async commandsFor(actor: Actor): Promise<CommandDefinition[]> {
    const capabilities = await this.dependencies.authorization.capabilitiesOf(actor).catch((): string[] => []);
    return commandsVisibleTo(this.router.list(), capabilities);
  }

  /**
   * Stores (or refreshes, when Teams moved the service URL) where to post proactive messages later.
   * Without the activity id, which changes every turn: the reference is written only when where to
   * post changes, not on every message (issue 17), and a later notice is not a reply to an old message.
   */
  private async rememberConversation(context: TurnContext): Promise<void> {
    const { activityId: _activityId, ...reference } = TurnContext.getConversationReference(context.activity);
    const result = await this.dependencies.conversationReferences.save({
      tenantId: tenantIdOf(context),
      userAadObjectId: context.activity.from?.aadObjectId,
      reference,
    });
    if (result !== 'unchanged') this.turnLogger(context).info({ result }, 'conversation reference stored');
  }

  private turnLogger(context: TurnContext): Logger {
    return this.logger.child({ correlationId: correlationIdOf(context), tenantId: tenantIdOf(context), activityId: context.activity.id });
  }
}

/**
 * The command that ends a waiting dialog, if any. An action's name with no user ("reset
 * password", "block sign-in") is what a dialog asking "Which actions may they run?" expects as
 * an answer, so it goes to the dialog; a whole command ("reset password for adele@…") starts over.
 */
function interruptingCommandId(route: RouteResult<CommandDefinition>): string | undefined {
  if (route.kind !== 'intent') return undefined;
  const incompleteAction = isManagementActionId(route.intent.capability ?? route.intent.id) && Object.values(route.args).every((value) => !value?.trim());
  return incompleteAction ? undefined : route.intent.id;
}

/**
 * What the settings, service-account and mode-switch handlers share: the services they call,
 * how they find the actor of a turn, and where a progress card lives. Handlers translate;
 * every rule (who may, what changes) is the services'.
 */
import type { TurnContext } from 'botbuilder';
import { CardFactory, MessageFactory } from 'botbuilder';
import type { AdaptiveCardJson } from '../../cards';
import type { Actor } from '../../services/access/actor';
import type { Logger } from '../../services/logger';
import type { ActorResolver } from '../access/actor-resolver';
import type { ApprovalCardPublisher } from '../access/approval-card-publisher';
import type { AppServices } from '../app-services';
import type { VerbContext } from '../invoke-router';
import { ConversationCardChannel } from './conversation-card-channel';
import type { ServiceAccountCreationRunner } from './creation-runner';
import type { LiveCardTarget } from './live-card';
import type { BotModeSwitchReporter } from './mode-switch-reporter';
import type { OpenSwitchLookup } from './open-switch';

export type FeatureServices = Pick<
  AppServices,
  'authorization' | 'settings' | 'provisioning' | 'modeSwitch' | 'approvals' | 'roles' | 'settingsRepo' | 'notifier' | 'backgroundTasks' | 'directory' | 'clock'
>;

export interface FeatureContext {
  services: FeatureServices;
  actors: ActorResolver;
  reporter: BotModeSwitchReporter;
  publisher: ApprovalCardPublisher;
  creations: ServiceAccountCreationRunner;
  openSwitch: OpenSwitchLookup;
  /** The bot's app id, to continue a conversation after the turn (empty in sandbox mode). */
  botAppId: string;
  logger: Logger;
}

const PROGRESS_SUMMARY = 'Management account change';

/** Where a handler shows a live card: the clicked card (invoke) or a new reply (message). */
export function cardAttacher(feature: FeatureContext, turn: TurnContext, surface: 'invoke' | 'message'): (first: AdaptiveCardJson) => Promise<LiveCardTarget> {
  return async (first) => (surface === 'invoke' ? clickedCardTarget(feature, turn) : postInTurn(feature, turn, first));
}

/** The actor of an invoke: the activity's `from.aadObjectId` and tenant, never card data. */
export function actorOfInvoke(feature: FeatureContext, context: VerbContext): Promise<Actor> {
  return feature.actors.resolve(context.tenantId, context.userAadObjectId, context.turn.activity.from?.name);
}

/**
 * The card a clicked button lives on, as a live-card target: Teams puts that message's id in
 * the invoke's `replyToId`, and the invoke's answer replaces it first. Without one (a client
 * that does not say), the progress goes to a new message in the same conversation.
 */
export function clickedCardTarget(feature: FeatureContext, turn: TurnContext): LiveCardTarget {
  const channel = ConversationCardChannel.fromTurn(turn, feature.botAppId);
  const activityId = turn.activity.replyToId;
  if (activityId) return { kind: 'posted', replace: (card) => channel.update(activityId, card, PROGRESS_SUMMARY) };
  return {
    kind: 'unposted',
    post: async (card) => {
      const id = await channel.send(card, PROGRESS_SUMMARY);
      return (next) => channel.update(id, next, PROGRESS_SUMMARY);
    },
  };
}

/** Sends the card as this turn's reply and returns how to replace it after the turn. */
export async function postInTurn(feature: FeatureContext, turn: TurnContext, card: AdaptiveCardJson): Promise<LiveCardTarget> {
  const activity = MessageFactory.attachment(CardFactory.adaptiveCard(card));
  activity.summary = PROGRESS_SUMMARY;
  const sent = await turn.sendActivity(activity);
  const channel = ConversationCardChannel.fromTurn(turn, feature.botAppId);
  const id = sent?.id;
  if (!id) {
    // The connector gave no id to update: the next state goes out as a new card, updated from then on.
    return {
      kind: 'unposted',
      post: async (next) => {
        const newId = await channel.send(next, PROGRESS_SUMMARY);
        return (again) => channel.update(newId, again, PROGRESS_SUMMARY);
      },
    };
  }
  return { kind: 'posted', replace: (next) => channel.update(id, next, PROGRESS_SUMMARY) };
}

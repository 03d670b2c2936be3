/**
 * `switch to advanced` / `switch to default` and `disable advanced management` (commands, and
 * the settings card's buttons): each asks another tenant admin for approval; the approved change
 * then runs with a progress card (BotModeSwitchReporter). Disabling first shows a confirmation.
 * Retry buttons on a failed change resume it without a new approval.
 */
import { ANY_VIEWER, expectedErrorCard } from '../../dialogs/shared/card-for-error';
import { renderDisableConfirmCard, renderModeRequestCard, Verbs, type AdaptiveCardJson } from '../../cards';
import type { Actor } from '../../services/access/actor';
import type { TargetMode } from '../../services/service-account/mode-switch.types';
import { authorizeCommand } from '../access/access-turn';
import type { CommandContext, CommandDefinition } from '../commands';
import { sendCard } from '../commands/reply';
import type { VerbContext, VerbDefinition } from '../invoke-router';
import { settingsCardFor } from '../settings/settings.handlers';
import { actorOfInvoke, cardAttacher, clickedCardTarget, postInTurn, type FeatureContext } from './feature-context';
import type { ModeRequester } from './mode-request';
import { accountFacts } from './progress-views';
import { retryOpenSwitch } from './switch-retry';

function parseMode(raw: unknown): TargetMode | undefined {
  const text = typeof raw === 'string' ? raw.trim().toLowerCase() : '';
  if (text === 'advanced' || text === 'advanced mode') return 'advanced';
  if (text === 'default' || text === 'default mode') return 'default';
  return undefined;
}

function isSet(value: unknown): boolean {
  return value === true || value === 'true';
}

const UNKNOWN_MODE = renderModeRequestCard({
  title: 'Which management type?',
  message: 'The bot supports two: Advanced (recommended: a management service account whose password only Key Vault holds) and Default (a Global Admin signs in for each session).',
  facts: [],
  nextStep: 'Type "switch to advanced" or "switch to default", or use the buttons in settings.',
  tone: 'refused',
});

/** The confirmation before asking to disable; refused at once when there is nothing to disable. */
async function disableConfirmation(feature: FeatureContext, actor: Actor, correlationId: string): Promise<AdaptiveCardJson> {
  try {
    const overview = await feature.services.settings.getOverview(actor);
    if (!overview.serviceAccount && !overview.pending && overview.mode !== 'advanced') {
      return renderModeRequestCard({ title: 'Nothing to disable', message: 'There is no management service account to disable.', facts: [], tone: 'refused' });
    }
    return renderDisableConfirmCard({ facts: overview.serviceAccount ? accountFacts(overview.serviceAccount) : [] });
  } catch (error) {
    const card = expectedErrorCard(error, ANY_VIEWER, correlationId);
    if (card) return card;
    throw error;
  }
}

export function createModeCommands(feature: FeatureContext, requester: ModeRequester): CommandDefinition[] {
  const services = { authorization: feature.services.authorization, actors: feature.actors };
  const askInTurn = async (context: CommandContext, actor: Actor, ask: Parameters<ModeRequester['request']>[1]): Promise<void> => {
    const answer = await requester.request(actor, ask, context.correlationId);
    const target = await postInTurn(feature, context.turn, answer.card);
    requester.rememberRequestCard(answer.request, target);
  };
  return [
    {
      id: 'mode.change',
      usage: 'switch to advanced | switch to default',
      description: 'Asks another tenant admin to approve a change of management type (tenant admins).',
      patterns: [
        'switch to {mode}',
        'switch [the] management type to {mode}',
        'change [the] management type to {mode}',
        'change [the] management type',
        'use {mode} mode',
      ],
      handle: async (context) => {
        const actor = await authorizeCommand(context, 'mode.change', services);
        if (!actor) return;
        const mode = parseMode(context.args['mode']);
        if (!mode) {
          await sendCard(context.turn, UNKNOWN_MODE);
          return;
        }
        await askInTurn(context, actor, { kind: 'mode.change', targetMode: mode });
      },
    },
    {
      id: 'advanced.disable',
      usage: 'disable advanced management',
      description: 'Removes the management service account and its secret, after a confirmation and an approval (tenant admins).',
      patterns: ['disable advanced management', 'turn off advanced management', 'delete [the] [management] service account'],
      handle: async (context) => {
        const actor = await authorizeCommand(context, 'advanced.disable', services);
        if (!actor) return;
        await sendCard(context.turn, await disableConfirmation(feature, actor, context.correlationId));
      },
    },
  ];
}

export function createModeVerbs(feature: FeatureContext, requester: ModeRequester): VerbDefinition[] {
  /** The invoke's answer replaces the clicked card; the approved change later replaces it again. */
  const askFromCard = async (context: VerbContext, actor: Actor, ask: Parameters<ModeRequester['request']>[1]): Promise<{ card: AdaptiveCardJson }> => {
    const answer = await requester.request(actor, ask, context.correlationId);
    requester.rememberRequestCard(answer.request, clickedCardTarget(feature, context.turn));
    return { card: answer.card };
  };
  return [
    {
      verb: Verbs.modeChangeRequest,
      handle: async (context) => {
        const actor = await actorOfInvoke(feature, context);
        if (isSet(context.data['retry'])) {
          const resumed = await retryOpenSwitch(feature, actor, 'mode.change', cardAttacher(feature, context.turn, 'invoke'));
          return { card: resumed ?? (await settingsCardFor(feature, actor, { message: { text: 'There is no unfinished switch to retry.', tone: 'good' } })) };
        }
        const mode = parseMode(context.data['targetMode']);
        if (!mode) return { card: UNKNOWN_MODE };
        return askFromCard(context, actor, { kind: 'mode.change', targetMode: mode });
      },
    },
    {
      verb: Verbs.advancedDisableConfirm,
      handle: async (context) => {
        const actor = await actorOfInvoke(feature, context);
        if (isSet(context.data['retry'])) {
          const resumed = await retryOpenSwitch(feature, actor, 'advanced.disable', cardAttacher(feature, context.turn, 'invoke'));
          if (resumed) return { card: resumed };
        }
        if (context.data['confirmed'] === true) return askFromCard(context, actor, { kind: 'advanced.disable' });
        return { card: await disableConfirmation(feature, actor, context.correlationId) };
      },
    },
  ];
}

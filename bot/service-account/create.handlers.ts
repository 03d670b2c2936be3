/**
 * `create service account` (command), and the Create / Retry service account creation / Check
 * sign-in again buttons. All of them call the same ServiceAccountProvisioningService.create:
 * it creates, resumes an interrupted creation, or re-checks an existing account. When the
 * account is part of an approved switch to Advanced that stopped, Retry resumes that switch
 * instead, so the mode is switched too.
 */
import { Verbs, type AdaptiveCardJson } from '../../cards';
import type { Actor } from '../../services/access/actor';
import { authorizeCommand } from '../access/access-turn';
import type { CommandDefinition } from '../commands';
import { sendCard } from '../commands/reply';
import type { VerbDefinition } from '../invoke-router';
import type { AttachCard } from './creation-runner';
import { actorOfInvoke, cardAttacher, type FeatureContext } from './feature-context';
import { retryOpenSwitch } from './switch-retry';

async function startCreation(feature: FeatureContext, actor: Actor, attach: AttachCard): Promise<AdaptiveCardJson> {
  const open = feature.openSwitch(actor.tenantId);
  if (open?.kind === 'mode.change' && open.targetMode === 'advanced') {
    const resumed = await retryOpenSwitch(feature, actor, 'mode.change', attach);
    if (resumed) return resumed;
  }
  return (await feature.creations.start(actor, attach)).card;
}

export function createServiceAccountCommand(feature: FeatureContext): CommandDefinition {
  return {
    id: 'serviceAccount.create',
    usage: 'create service account',
    description: "Creates the bot's management service account for Advanced mode; its password stays in Key Vault (tenant admins).",
    patterns: [
      'create [the] [management] service account',
      'create [the] management account',
      'retry [the] service account creation',
      'retry creating [the] [management] service account',
    ],
    handle: async (context) => {
      const actor = await authorizeCommand(context, 'serviceAccount.create', { authorization: feature.services.authorization, actors: feature.actors });
      if (!actor) return;
      const attach = cardAttacher(feature, context.turn, 'message');
      let posted = false;
      const card = await startCreation(feature, actor, (first) => {
        posted = true;
        return attach(first);
      });
      // Typed again while a creation runs: its current state, as a new message (the live card is further up).
      if (!posted) await sendCard(context.turn, card);
    },
  };
}

/** Create and Retry share one handler: the service decides whether to create, resume or re-check. */
export function createServiceAccountVerbs(feature: FeatureContext): VerbDefinition[] {
  const handle: VerbDefinition['handle'] = async (context) => {
    const actor = await actorOfInvoke(feature, context);
    // The invoke's answer is the progress card; it replaces the clicked card, later states update it.
    return { card: await startCreation(feature, actor, cardAttacher(feature, context.turn, 'invoke')) };
  };
  return [
    { verb: Verbs.serviceAccountCreate, handle },
    { verb: Verbs.serviceAccountRetry, handle },
  ];
}

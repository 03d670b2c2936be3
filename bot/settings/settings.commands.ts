import { ANY_VIEWER, expectedErrorCard } from '../../dialogs/shared/card-for-error';
import { authorizeCommand } from '../access/access-turn';
import type { CommandContext, CommandDefinition } from '../commands';
import { sendCard } from '../commands/reply';
import type { FeatureContext } from '../service-account/feature-context';
import { parseApprovalPolicy } from './settings-input';
import { approvalPolicySaved, settingsCardFor } from './settings.handlers';

/** `settings`: the tenant admin's settings card. Anyone else gets the access card (why, and who can help). */
export function createSettingsCommand(feature: FeatureContext): CommandDefinition {
  return {
    id: 'settings.view',
    usage: 'settings',
    description: 'Shows the management type, the service account, auto-enable, rotation and approval settings (tenant admins).',
    patterns: ['settings', '[show] [me] [the] [management] settings', 'open [the] [management] settings', 'bot settings'],
    handle: async (context) => {
      const actor = await authorizeCommand(context, 'settings.view', { authorization: feature.services.authorization, actors: feature.actors });
      if (!actor) return;
      await sendCard(context.turn, await settingsCardFor(feature, actor));
    },
  };
}

/** `approval policy [four-eyes|self-approve]`: shows or sets who approves requests. */
export function createApprovalPolicyCommand(feature: FeatureContext): CommandDefinition {
  return {
    id: 'approvalPolicy.set',
    usage: 'approval policy [four-eyes|self-approve]',
    description: 'Shows or sets whether another tenant admin must approve requests (self-approve is for single-admin tenants).',
    patterns: ['approval policy', /^(?:set )?(?:the )?approval policy(?: to)? (?<policy>.+)$/i],
    handle: async (context: CommandContext) => {
      const actor = await authorizeCommand(context, 'approvalPolicy.set', { authorization: feature.services.authorization, actors: feature.actors });
      if (!actor) return;
      const raw = context.args['policy'];
      if (raw === undefined) {
        await sendCard(context.turn, await settingsCardFor(feature, actor));
        return;
      }
      const parsed = parseApprovalPolicy(raw);
      if (!parsed.ok) {
        await sendCard(context.turn, await settingsCardFor(feature, actor, { message: { text: parsed.message, tone: 'attention' } }));
        return;
      }
      try {
        await feature.services.approvals.setPolicy(actor, parsed.value, { correlationId: context.correlationId });
      } catch (error) {
        const card = expectedErrorCard(error, ANY_VIEWER, context.correlationId);
        if (!card) throw error;
        await sendCard(context.turn, card);
        return;
      }
      await sendCard(context.turn, await settingsCardFor(feature, actor, { message: { text: approvalPolicySaved(parsed.value), tone: 'good' } }));
    },
  };
}

import type { CommandContext, CommandDefinition } from '../commands';
import { sendCard } from '../commands/reply';
import { parseApprovalPolicy } from './settings-input';
import { approvalPolicyConfirmation, type SettingsFeature } from './settings.handlers';

/** `settings`: the tenant admin's settings card. Anyone else gets the access card (why, and who can help). */
export function createSettingsCommand(feature: SettingsFeature): CommandDefinition {
  return {
    id: 'settings.view',
    capability: 'settings.view',
    usage: 'settings',
    description: 'Shows the management type, the service account, auto-enable, rotation and approval settings (tenant admins).',
    patterns: ['settings', '[show] [me] [the] [management] settings', 'open [the] [management] settings', 'bot settings'],
    handle: async (context) => sendCard(context.turn, await feature.settingsCards.forActor(context.actor)),
  };
}

/** `approval policy [four-eyes|self-approve]`: shows or sets who approves requests. */
export function createApprovalPolicyCommand(feature: SettingsFeature): CommandDefinition {
  return {
    id: 'approvalPolicy.set',
    capability: 'approvalPolicy.set',
    usage: 'approval policy [four-eyes|self-approve]',
    description: 'Shows or sets whether another tenant admin must approve requests (self-approve is for single-admin tenants).',
    patterns: ['approval policy', /^(?:set )?(?:the )?approval policy(?: to)? (?<policy>.+)$/i],
    handle: async (context: CommandContext) => {
      const { actor } = context;
      const raw = context.args['policy'];
      if (raw === undefined) {
        await sendCard(context.turn, await feature.settingsCards.forActor(actor));
        return;
      }
      const parsed = parseApprovalPolicy(raw);
      if (!parsed.ok) {
        await sendCard(context.turn, await feature.settingsCards.forActor(actor, { message: { text: parsed.message, tone: 'attention' } }));
        return;
      }
      // A refusal (ApprovalError, AccessDeniedError) is answered with its card at the door.
      await feature.approvals.setPolicy(actor, parsed.value, { correlationId: context.correlationId });
      await sendCard(context.turn, await approvalPolicyConfirmation(feature, actor, parsed.value, context.correlationId));
    },
  };
}

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

/** Words that clear the list rather than name an account. */
const CLEAR_WORDS = /^(?:none|nobody|clear|empty)$/i;

/**
 * `break-glass accounts <user>, <user>`: lists the tenant's emergency-access accounts. Acting on
 * one asks for a second confirmation, and operators cannot unless their grant includes
 * privileged accounts. `break-glass accounts none` clears the list; without users, the settings
 * card shows the list.
 */
export function createBreakGlassCommand(feature: SettingsFeature): CommandDefinition {
  return {
    id: 'settings.breakGlass',
    capability: 'settings.update',
    usage: 'break-glass accounts <user>, <user> | none',
    description: 'Lists the emergency-access accounts that need a second confirmation before any action (tenant admins).',
    patterns: ['break-glass accounts', 'break glass accounts', /^(?:set )?break[- ]glass accounts?(?: to| are)?:? (?<users>.+)$/i],
    handle: async (context: CommandContext) => {
      const { actor } = context;
      const raw = context.args['users']?.trim();
      if (!raw || !feature.breakGlass) {
        await sendCard(context.turn, await feature.settingsCards.forActor(actor));
        return;
      }
      const accounts = CLEAR_WORDS.test(raw) ? [] : raw.split(/[,;\s]+/).filter(Boolean);
      // A refusal (AccessDeniedError) or an unknown user (AccessError) is answered with its card at the door.
      const users = await feature.breakGlass.setBreakGlassAccounts(actor, accounts, { correlationId: context.correlationId });
      const text =
        users.length === 0
          ? 'No account is listed as break-glass now.'
          : `Listed as break-glass: ${users.map((user) => user.displayName || user.userPrincipalName).join(', ')}. Acting on them now asks for a second confirmation, and operators can't unless their grant includes privileged accounts.`;
      await sendCard(context.turn, await feature.settingsCards.forActor(actor, { message: { text, tone: 'good' } }));
    },
  };
}

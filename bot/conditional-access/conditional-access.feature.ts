/**
 * Conditional access in chat (issue 15), for tenant admins: `check policies`, `configure allowed
 * IPs` and `remove allowed IPs`, and the buttons of their cards. The door checks each verb's
 * capability; the services check the clicker again and decide.
 *
 * A button on a card that explains a failure (the turn-on's "requires MFA" card) carries
 * `opensNewCard`: its answer comes as a new card below, and the explanation stays on screen.
 */
import type { TurnContext } from 'botbuilder';
import { Verbs } from '../../cards';
import type { CardAnswer, CardFlows, CardStepOptions } from '../../dialogs/card-step.dialog';
import { CHECK_POLICIES_DIALOG } from '../../dialogs/conditional-access/check-policies.dialog';
import { ALLOWED_IPS_STEPS, CONFIGURE_ALLOWED_IPS_DIALOG } from '../../dialogs/conditional-access/configure-allowed-ips.dialog';
import { REMOVE_ALLOWED_IPS_DIALOG } from '../../dialogs/conditional-access/remove-allowed-ips.dialog';
import type { CommandDefinition } from '../commands';
import { reply } from '../flow-rows';
import type { VerbDefinition, VerbResult } from '../invoke-router';

const KEPT_ON_SCREEN = 'The answer is in a new card below; this card keeps its explanation.';

export function createConditionalAccessFeature(deps: { flows: CardFlows }): { commands: CommandDefinition[]; verbs: VerbDefinition[] } {
  const { flows } = deps;
  const command = async (turn: TurnContext, dialogId: string, options: CardStepOptions): Promise<void> => {
    const answer = await flows.run(turn, dialogId, options);
    if (answer) await reply(turn, answer);
  };
  const verb = async (turn: TurnContext, dialogId: string, data: Readonly<Record<string, unknown>>, step: string): Promise<VerbResult> => {
    const answer: CardAnswer = (await flows.run(turn, dialogId, { step, data })) ?? { message: 'Done.' };
    if (data['opensNewCard'] !== 'true') return answer;
    await reply(turn, answer);
    return { message: KEPT_ON_SCREEN };
  };
  return {
    commands: [
      {
        id: 'conditionalAccess.check',
        usage: 'check policies',
        description: "Shows which conditional access policies apply to the management account's sign-in from the bot's addresses, why, and what each requires (tenant admins).",
        capability: 'conditionalAccess.check',
        patterns: ['check [the] policies', 'check [the] conditional access policies', 'check conditional access', 'which policies apply'],
        handle: (context) => command(context.turn, CHECK_POLICIES_DIALOG, { step: 'check' }),
      },
      {
        id: 'conditionalAccess.configureAllowedIps',
        usage: 'configure allowed IPs',
        description: "Trusts the bot's IP addresses for the management account and requires MFA for it everywhere else, switched on after a second tenant admin approves (tenant admins).",
        capability: 'conditionalAccess.configureAllowedIps',
        patterns: ['configure [the] allowed ips', 'configure [the] allowed ip addresses', 'set [up] [the] allowed ips', 'allowed ips'],
        handle: (context) => command(context.turn, CONFIGURE_ALLOWED_IPS_DIALOG, { step: 'form' }),
      },
      {
        id: 'conditionalAccess.removeAllowedIps',
        usage: 'remove allowed IPs',
        description: 'Undoes what configure allowed IPs changed: the named location, the policy and the exclusions (tenant admins).',
        capability: 'conditionalAccess.removeAllowedIps',
        patterns: ['remove [the] allowed ips', 'remove [the] allowed ip addresses', 'undo [the] allowed ips'],
        handle: (context) => command(context.turn, REMOVE_ALLOWED_IPS_DIALOG, { step: 'confirm' }),
      },
    ],
    verbs: [
      { verb: Verbs.checkPolicies, handle: (context) => verb(context.turn, CHECK_POLICIES_DIALOG, context.data, 'check') },
      {
        verb: Verbs.configureAllowedIps,
        handle: (context) => {
          const named = context.data['step'];
          const step = ALLOWED_IPS_STEPS.find((candidate) => candidate === named) ?? 'form';
          return verb(context.turn, CONFIGURE_ALLOWED_IPS_DIALOG, context.data, step);
        },
      },
      { verb: Verbs.removeAllowedIps, handle: (context) => verb(context.turn, REMOVE_ALLOWED_IPS_DIALOG, context.data, context.data['step'] === 'remove' ? 'remove' : 'confirm') },
    ],
  };
}

/**
 * Playbooks in chat (issue 14), tenant admins only: `playbooks` (each policy's mode, schedule and
 * last run, Run now, a mode per policy), `run playbook <name>` (started at once; the findings go
 * to the admin channel, and the card shows the report when the run rests) and the cards' buttons.
 * The door checks the capability (playbooks.list, playbooks.run, playbooks.configure); the
 * service checks it again and audits every change.
 */
import type { TurnContext } from 'botbuilder';
import { Verbs } from '../../cards';
import type { CardFlows, CardStepOptions } from '../../dialogs/card-step.dialog';
import { PLAYBOOKS_DIALOG } from '../../dialogs/playbooks/playbooks.dialog';
import type { CommandDefinition } from '../commands';
import { flowVerb, reply } from '../flow-rows';
import type { VerbDefinition } from '../invoke-router';

export function createPlaybooksFeature(deps: { flows: CardFlows }): { commands: CommandDefinition[]; verbs: VerbDefinition[] } {
  const { flows } = deps;
  const run = async (turn: TurnContext, options: CardStepOptions): Promise<void> => {
    const answer = await flows.run(turn, PLAYBOOKS_DIALOG, options);
    if (answer) await reply(turn, answer);
  };
  return {
    commands: [
      {
        id: 'playbooks.list',
        usage: 'playbooks',
        description: 'Lists the playbooks with each policy’s mode (alert, attestation or remediate automatically), schedule and last run; run one or change a mode there (tenant admins).',
        capability: 'playbooks.list',
        group: 'Management actions',
        patterns: ['playbooks', '[list] [the] playbooks', 'show [me] [the] playbooks'],
        handle: (context) => run(context.turn, { step: 'list' }),
      },
      {
        id: 'playbooks.run',
        usage: 'run playbook <name>',
        description: 'Runs a playbook now: its findings go to the admin channel (or to you), and the card shows the report when it is done (tenant admins).',
        capability: 'playbooks.run',
        group: 'Management actions',
        patterns: ['run [the] playbook {playbook}', 'start [the] playbook {playbook}', 'run [the] {playbook} playbook'],
        handle: (context) => run(context.turn, { step: 'run', data: { playbook: context.args['playbook'] ?? '' } }),
      },
    ],
    verbs: [
      flowVerb(flows, PLAYBOOKS_DIALOG, Verbs.playbooksList, 'list'),
      flowVerb(flows, PLAYBOOKS_DIALOG, Verbs.playbookRun, 'run'),
      flowVerb(flows, PLAYBOOKS_DIALOG, Verbs.playbookPolicyMode, 'mode'),
      flowVerb(flows, PLAYBOOKS_DIALOG, Verbs.playbookReport, 'report'),
    ],
  };
}

/**
 * Workflow schedules in chat (issue 14), for tenant admins: `workflow schedules` (the list),
 * `schedule workflow [<name>]` (the form) and the buttons of their cards. The door checks
 * `workflow.schedule`; WorkflowScheduleService checks the clicker again and decides. The slots'
 * runs themselves are started by the background timer (bot/composition-root.ts).
 */
import type { TurnContext } from 'botbuilder';
import { Verbs } from '../../cards';
import type { CardFlows, CardStepOptions } from '../../dialogs/card-step.dialog';
import { SCHEDULE_FORM_STEPS, WORKFLOW_SCHEDULES_DIALOG } from '../../dialogs/workflows/workflow-schedules.dialog';
import type { CommandDefinition } from '../commands';
import { flowVerb, reply } from '../flow-rows';
import type { VerbDefinition } from '../invoke-router';

export function createWorkflowSchedulesFeature(deps: { flows: CardFlows }): { commands: CommandDefinition[]; verbs: VerbDefinition[] } {
  const { flows } = deps;
  const run = async (turn: TurnContext, options: CardStepOptions): Promise<void> => {
    const answer = await flows.run(turn, WORKFLOW_SCHEDULES_DIALOG, options);
    if (answer) await reply(turn, answer);
  };
  return {
    commands: [
      {
        id: 'workflow.schedules',
        usage: 'workflow schedules',
        description: 'Lists the workflows that run on a schedule for a department or group, when each runs next and what its last run did, with Remove and New schedule (tenant admins).',
        capability: 'workflow.schedule',
        group: 'Management actions',
        patterns: ['workflow schedules', '[show] [me] [the] [list] [the] workflow schedules', 'scheduled workflows'],
        handle: (context) => run(context.turn, { step: 'list' }),
      },
      {
        id: 'workflow.schedule',
        usage: 'schedule workflow <name>',
        description: 'Runs a workflow for every user of a department or group, daily, weekly or monthly in your time zone, each user in a run of their own (tenant admins).',
        capability: 'workflow.schedule',
        group: 'Management actions',
        patterns: ['schedule [a] [the] workflow {workflow}', 'schedule [a] [the] workflow', 'new workflow schedule'],
        handle: (context) => run(context.turn, { step: 'form', data: context.args['workflow'] ? { workflow: context.args['workflow'] } : {} }),
      },
    ],
    verbs: [
      flowVerb(flows, WORKFLOW_SCHEDULES_DIALOG, Verbs.workflowSchedules, 'list'),
      {
        // The form's and the confirmation's buttons name their step; only those steps may be named through this verb.
        verb: Verbs.workflowScheduleDefine,
        handle: async (context) => {
          const named = context.data['step'];
          const step = SCHEDULE_FORM_STEPS.find((candidate) => candidate === named) ?? 'form';
          return (await flows.run(context.turn, WORKFLOW_SCHEDULES_DIALOG, { step, data: context.data })) ?? { message: 'Done.' };
        },
      },
      flowVerb(flows, WORKFLOW_SCHEDULES_DIALOG, Verbs.workflowScheduleRemove, 'remove'),
    ],
  };
}

/**
 * Workflows in chat (issue 14): `workflows` (what can be run, with Start forms), `run workflow
 * <name> for <user>` and `remediate compromised <user>` (a preview of every change, then Start),
 * `workflow runs`, and the run cards' buttons (an answer to a question, Stop, Retry, Open). The
 * door checks `workflow.run`; WorkflowRunService authorizes each start on its user (every action
 * step, scope included) and each step again when it runs.
 */
import type { TurnContext } from 'botbuilder';
import { Verbs } from '../../cards';
import type { CardFlows, CardStepOptions } from '../../dialogs/card-step.dialog';
import { RUN_WORKFLOW_DIALOG } from '../../dialogs/workflows/run-workflow.dialog';
import { WORKFLOW_RUNS_DIALOG } from '../../dialogs/workflows/workflow-runs.dialog';
import type { CommandDefinition } from '../commands';
import { flowVerb, reply } from '../flow-rows';
import type { VerbDefinition } from '../invoke-router';

export interface WorkflowsFeatureDependencies {
  flows: CardFlows;
}

export function createWorkflowsFeature(deps: WorkflowsFeatureDependencies): { commands: CommandDefinition[]; verbs: VerbDefinition[] } {
  const { flows } = deps;
  const run = async (turn: TurnContext, dialogId: string, options: CardStepOptions): Promise<void> => {
    const answer = await flows.run(turn, dialogId, options);
    if (answer) await reply(turn, answer);
  };
  return {
    commands: [
      {
        id: 'workflow.list',
        usage: 'workflows',
        description: 'Lists the workflows you can run (onboarding, offboarding, compromised account and your organization’s own), each with a form to start it.',
        capability: 'workflow.run',
        group: 'Management actions',
        patterns: ['workflows', '[list] [the] workflows', 'show [me] [the] workflows', 'what workflows can i run'],
        handle: (context) => run(context.turn, RUN_WORKFLOW_DIALOG, { step: 'list' }),
      },
      {
        id: 'workflow.start',
        usage: 'run workflow <name> for <user>',
        description:
          'Previews every change a workflow will make for a user (optional steps and values on the card), then runs it when you select Start; the card follows the run. "for department <name>" or "for group <name>" runs it for each of their users, one run each, followed on one card.',
        capability: 'workflow.run',
        group: 'Management actions',
        patterns: [
          // Before "for {user}": "for group Leavers" is every member of the group, not a user called "group Leavers".
          'run [the] workflow {workflow} for [every] [each] [user] [users] [in] [of] [the] department {department}',
          'run [the] workflow {workflow} for [every] [each] [user] [users] [in] [of] [the] group {group}',
          'start [the] workflow {workflow} for [the] department {department}',
          'start [the] workflow {workflow} for [the] group {group}',
          'run [the] workflow {workflow} for {user}',
          'start [the] workflow {workflow} for {user}',
          'run [the] workflow {workflow}',
          'start [the] workflow {workflow}',
        ],
        handle: (context) => {
          const batch = context.args['department'] ? { department: context.args['department'] } : context.args['group'] ? { group: context.args['group'] } : undefined;
          return run(context.turn, RUN_WORKFLOW_DIALOG, { step: 'prepare', data: { workflow: context.args['workflow'] ?? '', ...(batch ? { batch } : context.args['user'] ? { user: context.args['user'] } : {}) } });
        },
      },
      {
        id: 'workflow.remediateCompromised',
        usage: 'remediate compromised <user>',
        description: 'Treats an account as compromised: block sign-in, revoke every session, reset the password (the temporary password comes to you only) and tell the admin channel, after one confirmation.',
        capability: 'workflow.run',
        group: 'Management actions',
        patterns: ['remediate [a] compromised [account] [user] {user}', 'remediate compromise [of] {user}', 'compromised account {user}'],
        handle: (context) => run(context.turn, RUN_WORKFLOW_DIALOG, { step: 'remediate', data: { user: context.args['user'] ?? '' } }),
      },
      {
        id: 'workflow.runs',
        usage: 'workflow runs',
        description: 'Shows the latest workflow runs (tenant admins: everyone’s; others: their own) with their state, user, who started them and when.',
        capability: 'workflow.run',
        group: 'Management actions',
        patterns: ['workflow runs', '[show] [me] [the] [recent] [latest] workflow runs', 'my workflow runs', 'runs of workflows'],
        handle: (context) => run(context.turn, WORKFLOW_RUNS_DIALOG, { step: 'runs' }),
      },
    ],
    verbs: [
      flowVerb(flows, RUN_WORKFLOW_DIALOG, Verbs.workflowPrepare, 'prepare'),
      flowVerb(flows, RUN_WORKFLOW_DIALOG, Verbs.workflowStart, 'start'),
      flowVerb(flows, WORKFLOW_RUNS_DIALOG, Verbs.workflowRuns, 'runs'),
      flowVerb(flows, WORKFLOW_RUNS_DIALOG, Verbs.workflowAnswer, 'answer'),
      flowVerb(flows, WORKFLOW_RUNS_DIALOG, Verbs.workflowStop, 'stop'),
      flowVerb(flows, WORKFLOW_RUNS_DIALOG, Verbs.workflowRetry, 'retry'),
    ],
  };
}

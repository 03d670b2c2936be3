/**
 * `actions`: the catalogue of management actions the caller may run (a tenant admin: all; an
 * operator: their grant's), and its Start buttons. A Start click runs the chosen action's own flow
 * from its first step with the typed user and inputs, exactly as the typed command would: the
 * service resolves the target and authorizes the actor on it again, so the card's data decides
 * nothing but which flow to start.
 */
import { renderActionCatalogueCard, Verbs } from '../../cards';
import { catalogueGroupsView, startData } from '../../dialogs/actions/action-catalogue-views';
import { ACTION_CHAT_ROWS, type ActionChatRow } from '../../dialogs/actions/action-rows';
import { runActionDialogId } from '../../dialogs/actions/run-action.dialog';
import type { CardFlows } from '../../dialogs/card-step.dialog';
import type { ActionCatalogueService } from '../../services/actions/action-catalogue.service';
import type { CommandDefinition } from '../commands';
import { sendCard } from '../commands/reply';
import type { VerbDefinition } from '../invoke-router';

export interface ActionCatalogueFeatureDependencies {
  flows: CardFlows;
  catalogue: Pick<ActionCatalogueService, 'listFor'>;
  rows?: readonly ActionChatRow[];
}

export function createActionCatalogueFeature(deps: ActionCatalogueFeatureDependencies): { commands: CommandDefinition[]; verbs: VerbDefinition[] } {
  const rows = deps.rows ?? ACTION_CHAT_ROWS;
  return {
    commands: [
      {
        id: 'actions.list',
        usage: 'actions',
        description: 'Lists the management actions you may run, grouped, each with a button to start it.',
        capability: 'actions.list',
        group: 'Management actions',
        patterns: ['actions', '[list] [the] [management] actions', 'show [me] [the] [management] actions', 'what actions can i run', 'action catalogue', 'action catalog'],
        handle: async (context) => {
          const groups = await deps.catalogue.listFor(context.actor);
          await sendCard(context.turn, renderActionCatalogueCard({ groups: catalogueGroupsView(groups, rows) }));
        },
      },
    ],
    verbs: [
      {
        verb: Verbs.actionsStart,
        handle: async (context) => {
          const actionId = typeof context.data['actionId'] === 'string' ? context.data['actionId'] : '';
          const row = rows.find((candidate) => candidate.actionId === actionId);
          if (!row) return { message: "I don't know that action any more. Type \"actions\" to see the ones you can run." };
          const answer = await deps.flows.run(context.turn, runActionDialogId(row), { step: 'prepare', data: startData(row, context.data) });
          return answer ?? { message: 'Done.' };
        },
      },
    ],
  };
}

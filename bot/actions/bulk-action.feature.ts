/**
 * Bulk management actions in chat: `<action> for users …`, `… for department …`, `… for group …`
 * and the Confirm / Cancel verbs of their cards. The service authorizes the actor on every user
 * when the job is prepared, and the actor's action again when it starts.
 */
import { renderBulkStartCard, Verbs, type AdaptiveCardJson } from '../../cards';
import type { Actor } from '../../services/access/actor';
import { BULK_ACTION_DIALOG } from '../../dialogs/actions/bulk-action.dialog';
import { BULK_CHAT_ROWS, bulkPatterns, type BulkChatRow } from '../../dialogs/actions/bulk-rows';
import type { CardFlows } from '../../dialogs/card-step.dialog';
import type { CommandDefinition } from '../commands';
import { reply } from '../flow-rows';
import type { VerbDefinition } from '../invoke-router';

export interface BulkActionFeatureDependencies {
  flows: CardFlows;
  /** The action ids the person may run (the catalogue's answer), for the form's choices. */
  mayRun(actor: Actor): Promise<ReadonlySet<string>>;
  rows?: readonly BulkChatRow[];
}

export function createBulkActionFeature(deps: BulkActionFeatureDependencies): { commands: CommandDefinition[]; verbs: VerbDefinition[] } {
  const rows = deps.rows ?? BULK_CHAT_ROWS;
  // Only lists; Review prepares through the service, which judges the person and every user again.
  const startCard = async (actor: Actor): Promise<AdaptiveCardJson | undefined> => {
    const allowed = await deps.mayRun(actor);
    const actions = rows.filter((row) => allowed.has(row.actionId)).map((row) => ({ actionId: row.actionId, title: row.confirmTitle }));
    return actions.length > 0 ? renderBulkStartCard({ actions }) : undefined;
  };
  const NONE = "You can't run any action on many users at once. Ask a tenant admin if you need to.";
  return {
    commands: [
      {
        id: 'actions.bulk',
        usage: 'bulk action',
        description: 'One action on many users at once: paste a list of sign-in names, or name a department or a group.',
        capability: 'actions.bulk',
        group: 'Management actions',
        patterns: ['bulk action', 'bulk actions', 'bulk', 'run a bulk action', 'many users'],
        handle: async (context) => {
          const card = await startCard(context.actor);
          await reply(context.turn, card ? { card } : { message: NONE });
        },
      },
      ...rows.map((row): CommandDefinition => ({
      // Help offers the row to whoever holds the action (its usage starts with the action's command); the service authorizes each user.
      id: `${row.actionId}.bulk`,
      usage: row.usage,
      description: row.description,
      group: 'Management actions',
      patterns: bulkPatterns(row),
      handle: async (context) => {
        const answer = await deps.flows.run(context.turn, BULK_ACTION_DIALOG, { step: 'prepare', data: { ...context.args, actionId: row.actionId } });
        if (answer) await reply(context.turn, answer);
      },
    })),
    ],
    verbs: [
      {
        verb: Verbs.bulkForm,
        handle: async (context) => {
          const card = await startCard(context.actor);
          return card ? { card } : { message: NONE };
        },
      },
      { verb: Verbs.bulkPrepare, handle: async (context) => (await deps.flows.run(context.turn, BULK_ACTION_DIALOG, { step: 'prepare', data: context.data })) ?? { message: 'Done.' } },
      { verb: Verbs.bulkConfirm, handle: async (context) => (await deps.flows.run(context.turn, BULK_ACTION_DIALOG, { step: 'confirm', data: context.data })) ?? { message: 'Done.' } },
      { verb: Verbs.bulkCancel, handle: async (context) => (await deps.flows.run(context.turn, BULK_ACTION_DIALOG, { step: 'cancel', data: context.data })) ?? { message: 'Done.' } },
    ],
  };
}

/**
 * Bulk management actions in chat: `<action> for users …`, `… for department …`, `… for group …`
 * and the Confirm / Cancel verbs of their cards. The service authorizes the actor on every user
 * when the job is prepared, and the actor's action again when it starts.
 */
import { Verbs } from '../../cards';
import { BULK_ACTION_DIALOG } from '../../dialogs/actions/bulk-action.dialog';
import { BULK_CHAT_ROWS, bulkPatterns, type BulkChatRow } from '../../dialogs/actions/bulk-rows';
import type { CardFlows } from '../../dialogs/card-step.dialog';
import type { CommandDefinition } from '../commands';
import { reply } from '../flow-rows';
import type { VerbDefinition } from '../invoke-router';

export function createBulkActionFeature(deps: { flows: CardFlows; rows?: readonly BulkChatRow[] }): { commands: CommandDefinition[]; verbs: VerbDefinition[] } {
  const rows = deps.rows ?? BULK_CHAT_ROWS;
  return {
    commands: rows.map((row) => ({
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
    verbs: [
      { verb: Verbs.bulkConfirm, handle: async (context) => (await deps.flows.run(context.turn, BULK_ACTION_DIALOG, { step: 'confirm', data: context.data })) ?? { message: 'Done.' } },
      { verb: Verbs.bulkCancel, handle: async (context) => (await deps.flows.run(context.turn, BULK_ACTION_DIALOG, { step: 'cancel', data: context.data })) ?? { message: 'Done.' } },
    ],
  };
}

/**
 * `actions`: the catalogue of management actions the caller may run (a tenant admin: all; an
 * operator: their grant's), and its Start buttons. A Start click runs the chosen action's own flow
 * from its first step with the typed user and inputs, exactly as the typed command would: the
 * service resolves the target and authorizes the actor on it again, so the card's data decides
 * nothing but which flow to start.
 */
import { renderActionApprovalsCard, renderActionCatalogueCard, Verbs, type AdaptiveCardJson } from '../../cards';
import type { Actor } from '../../services/access/actor';
import type { ActionApprovalRules } from '../../services/actions/action-approvals';
import { catalogueGroupsView, startData } from '../../dialogs/actions/action-catalogue-views';
import { ACTION_CHAT_ROWS, type ActionChatRow } from '../../dialogs/actions/action-rows';
import { BULK_CHAT_ROWS } from '../../dialogs/actions/bulk-rows';
import { runActionDialogId } from '../../dialogs/actions/run-action.dialog';
import type { CardFlows } from '../../dialogs/card-step.dialog';
import type { ActionCatalogueService } from '../../services/actions/action-catalogue.service';
import type { CommandDefinition } from '../commands';
import { sendCard } from '../commands/reply';
import type { VerbDefinition } from '../invoke-router';

export interface ActionCatalogueFeatureDependencies {
  flows: CardFlows;
  catalogue: Pick<ActionCatalogueService, 'listFor'>;
  /** `action approvals`: which operator runs need a tenant admin's approval (tenant admins choose). */
  approvalRules: Pick<ActionApprovalRules, 'choices' | 'bulkThreshold' | 'choose' | 'chooseBulkThreshold'>;
  rows?: readonly ActionChatRow[];
}

export function createActionCatalogueFeature(deps: ActionCatalogueFeatureDependencies): { commands: CommandDefinition[]; verbs: VerbDefinition[] } {
  const rows = deps.rows ?? ACTION_CHAT_ROWS;
  const catalogueCard = async (actor: Actor): Promise<AdaptiveCardJson> => {
    const groups = await deps.catalogue.listFor(actor);
    const held = new Set(groups.flatMap((group) => group.actions.map((action) => action.id)));
    return renderActionCatalogueCard({ groups: catalogueGroupsView(groups, rows), bulk: BULK_CHAT_ROWS.some((row) => held.has(row.actionId)) });
  };
  const approvalsCard = (tenantId: string, message?: string): AdaptiveCardJson =>
    renderActionApprovalsCard({ actions: deps.approvalRules.choices(tenantId), bulkThreshold: deps.approvalRules.bulkThreshold(tenantId), ...(message ? { message } : {}) });
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
          await sendCard(context.turn, await catalogueCard(context.actor));
        },
      },
      {
        id: 'actions.approvals',
        usage: 'action approvals',
        description: "Shows which actions need a tenant admin's approval when operators run them, and the bulk size; tenant admins change them there.",
        capability: 'actions.approvals',
        group: 'Management actions',
        patterns: ['action approvals', 'actions approvals', 'approvals for actions', 'which actions need approval'],
        handle: async (context) => {
          await sendCard(context.turn, approvalsCard(context.tenantId));
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
      {
        verb: Verbs.actionsList,
        handle: async (context) => ({ card: await catalogueCard(context.actor) }),
      },
      {
        // Only the action id and the wanted state come from the card; the service authorizes the clicker again.
        verb: Verbs.actionsApprovalSet,
        handle: async (context) => {
          const actionId = typeof context.data['actionId'] === 'string' ? context.data['actionId'] : '';
          const required = context.data['required'] === 'yes' ? true : context.data['required'] === 'no' ? false : undefined;
          if (required === undefined) return { card: approvalsCard(context.actor.tenantId, 'That button is out of date; here are the choices as they are now.') };
          const title = await deps.approvalRules.choose(context.actor, actionId, required, { correlationId: context.correlationId });
          return { card: approvalsCard(context.actor.tenantId, required ? `${title} needs approval again when operators run it.` : `${title} no longer needs approval.`) };
        },
      },
      {
        verb: Verbs.actionsBulkThresholdSet,
        handle: async (context) => {
          const text = String(context.data['bulkThreshold'] ?? '').trim();
          const threshold = /^\d{1,6}$/.test(text) ? Number(text) : Number.NaN;
          await deps.approvalRules.chooseBulkThreshold(context.actor, threshold, { correlationId: context.correlationId });
          return { card: approvalsCard(context.actor.tenantId, `Bulk actions on more than ${threshold.toLocaleString('en-US')} users now need approval.`) };
        },
      },
    ],
  };
}

/**
 * Cards of the Temporary Access Pass, automatic replies and leaver actions: each confirmation as
 * the action's own `describe` builds it (before → after), the shown-once pass (shown, hidden by
 * "I've copied it", hidden by the timer) and a leaver's result, appended to `cardCatalog` so the
 * schema and card-words tests check them like every other card.
 */
import { renderActionConfirmationCard } from '../../../cards';
import { ACTION_CHAT_ROWS } from '../../../dialogs/actions/action-rows';
import { actionResultCard } from '../../../dialogs/actions/run-action.dialog';
import { redactedShownOnceCard, shownOnceResultCard } from '../../../dialogs/actions/shown-once-views';
import type { ActionParameters, ActionTarget } from '../../../services/actions/action-definition';
import { PASSWORD_ACCESS_AND_LEAVER_ACTIONS } from '../../../services/actions/password-access-and-leaver-actions';
import type { CardCatalogEntry } from './index';

const target: ActionTarget = { tenantId: 'contoso', userId: '3f2504e0-4f89-41d3-9a0c-0305e82c3306', upn: 'alice.ng@contoso.onmicrosoft.com', displayName: 'Alice Ng', accountEnabled: true };
const principal = { objectId: '3f2504e0-4f89-41d3-9a0c-0305e82c3307', userPrincipalName: 'mgmt-bot.admin@contoso.onmicrosoft.com', kind: 'serviceAccount' as const };
const correlationId = '0f8fad5b-d9cb-469f-a165-70867728950e';

const SAMPLE_PARAMETERS: Record<string, ActionParameters> = {
  'user.createTemporaryAccessPass': { lifetimeInMinutes: '480' },
  'user.setAutomaticReplies': { message: 'I have left Contoso. For sales questions, email sales@contoso.com.', before: 'Off' },
  'user.turnOffAutomaticReplies': { before: 'On: "I am away until Monday."', wasOn: 'yes' },
  'user.removeFromAllGroups': {
    groups: JSON.stringify([
      { id: '9013b6dc-4e58-4be9-ba45-eb01da4af427', name: 'Sales' },
      { id: 'e20dfcdb-ea8b-4e0b-9396-8ff9a08af80f', name: 'Sales - EMEA' },
      ...Array.from({ length: 30 }, (_, i) => ({ id: `0000000${i}-0000-4000-8000-000000000000`, name: `Project team ${i + 1}` })),
    ]),
    skipped: JSON.stringify([
      { name: 'All Staff', reason: 'dynamic: its members come from a rule' },
      { name: 'IT Admins', reason: 'role-assignable: it gives admin roles, so a tenant admin changes it by hand' },
      { name: 'Sales Announcements', reason: 'mail-enabled: managed in Exchange, not through Microsoft Graph' },
    ]),
  },
  'user.removeAllLicenses': {
    licences: JSON.stringify([
      { skuId: '06ebc4ee-1bb5-47dd-8120-11324bc54e06', name: 'Microsoft 365 E5 (SPE_E5)' },
      { skuId: '84a661c4-e949-4bd2-a560-ed7766fcaf2b', name: 'Microsoft Entra ID P2 (AAD_PREMIUM_P2)' },
    ]),
  },
};

function confirmationSample(actionId: string): CardCatalogEntry {
  const definition = PASSWORD_ACCESS_AND_LEAVER_ACTIONS.find((action) => action.id === actionId)!;
  const row = ACTION_CHAT_ROWS.find((candidate) => candidate.actionId === actionId)!;
  return {
    name: `action confirmation, ${definition.title.toLowerCase()}`,
    render: () => {
      const description = definition.describe(target, SAMPLE_PARAMETERS[actionId] ?? {});
      return renderActionConfirmationCard({
        title: `${description.summary}?`,
        facts: [{ label: 'User', value: `${target.displayName} (${target.upn})` }, ...(description.facts ?? []), { label: 'Runs as', value: principal.userPrincipalName }],
        consequences: description.consequences,
        verb: row.verb,
        pendingActionId: '3f2504e0-4f89-41d3-9a0c-0305e82c3321',
        confirmTitle: row.confirmTitle,
        destructive: description.destructive,
        expiresAt: '5 January 2026, 09:15 UTC',
      });
    },
  };
}

const passCard = { id: '3f2504e0-4f89-41d3-9a0c-0305e82c3324', title: 'Temporary Access Pass', targetUpn: target.upn, targetDisplayName: target.displayName };

export const passwordAccessAndLeaverCardSamples: readonly CardCatalogEntry[] = [
  ...Object.keys(SAMPLE_PARAMETERS).map(confirmationSample),
  {
    name: 'shown-once secret, Temporary Access Pass shown',
    render: () =>
      shownOnceResultCard(
        {
          outcome: 'done',
          duplicate: false,
          pendingActionId: '3f2504e0-4f89-41d3-9a0c-0305e82c3325',
          actionId: 'user.createTemporaryAccessPass',
          title: 'Temporary Access Pass',
          target: { userId: target.userId, upn: target.upn, displayName: target.displayName },
          principal,
          summary: 'A one-time Temporary Access Pass was created for alice.ng@contoso.onmicrosoft.com.',
          autoEnabled: false,
          correlationId,
          shownOnce: { label: 'Temporary Access Pass', value: 'e5%Bnu?w' },
        },
        { redactAfterInMs: 10 * 60_000, record: (card) => ({ ...card, id: passCard.id, shownAt: '', dueAt: '', state: 'shown', attempts: 0 }) },
        { tenantId: 'contoso', actorUserId: 'u-1', conversationId: 'a:personal', activityId: 'sent-1' },
      ),
  },
  { name: "shown-once secret, Temporary Access Pass hidden after I've copied it", render: () => redactedShownOnceCard(passCard, 'copied') },
  { name: 'shown-once secret, Temporary Access Pass hidden by the timer', render: () => redactedShownOnceCard(passCard, 'timer') },
  {
    name: 'action result, removed from all groups with one refusal',
    render: () =>
      actionResultCard({
        outcome: 'done',
        title: 'Remove from all groups',
        summary: 'alice.ng@contoso.onmicrosoft.com was removed from 2 groups: Sales, Sales - EMEA. Not removed from Project team 1: Microsoft Graph refused. Run the command again to retry those.',
        target: { userId: target.userId, upn: target.upn, displayName: target.displayName },
        principal,
        autoEnabled: true,
        duplicate: false,
        correlationId,
      }),
  },
];

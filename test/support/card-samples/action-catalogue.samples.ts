/**
 * Cards of the action catalogue (issue 13): the shown-once temporary password (shown, hidden by
 * "I've copied it", hidden by the timer), the group choice and a group change confirmation,
 * appended to `cardCatalog` so the schema and card-words tests render them like every other card.
 */
import { renderActionConfirmationCard } from '../../../cards';
import { Verbs } from '../../../cards/verbs';
import { groupChoiceCard } from '../../../dialogs/actions/action-inputs';
import { redactedShownOnceCard, shownOnceResultCard } from '../../../dialogs/actions/shown-once-views';
import { ActionError } from '../../../services/actions/action-errors';
import type { CardCatalogEntry } from './index';

const shownCard = { id: '3f2504e0-4f89-41d3-9a0c-0305e82c3304', title: 'Reset password', targetUpn: 'alice.ng@contoso.onmicrosoft.com', targetDisplayName: 'Alice Ng' };

export const actionCatalogueCardSamples: readonly CardCatalogEntry[] = [
  {
    name: 'shown-once secret, temporary password shown',
    render: () =>
      shownOnceResultCard(
        {
          outcome: 'done',
          duplicate: false,
          pendingActionId: '3f2504e0-4f89-41d3-9a0c-0305e82c3305',
          actionId: 'user.resetPassword',
          title: 'Reset password',
          target: { userId: '3f2504e0-4f89-41d3-9a0c-0305e82c3306', upn: 'alice.ng@contoso.onmicrosoft.com', displayName: 'Alice Ng' },
          principal: { objectId: '3f2504e0-4f89-41d3-9a0c-0305e82c3307', userPrincipalName: 'mgmt-bot.admin@contoso.onmicrosoft.com', kind: 'serviceAccount' },
          summary: 'The password of alice.ng@contoso.onmicrosoft.com was reset.',
          autoEnabled: false,
          correlationId: '0f8fad5b-d9cb-469f-a165-70867728950e',
          shownOnce: { label: 'Temporary password', value: 'Kq7#vR2m-Tx9@pLw' },
        },
        { redactAfterInMs: 10 * 60_000, record: (card) => ({ ...card, id: shownCard.id, shownAt: '', dueAt: '', state: 'shown', attempts: 0 }) },
        { tenantId: 'contoso', actorUserId: 'u-1', conversationId: 'a:personal', activityId: 'sent-1' },
      ),
  },
  { name: "shown-once secret, hidden after I've copied it", render: () => redactedShownOnceCard(shownCard, 'copied') },
  { name: 'shown-once secret, hidden by the timer', render: () => redactedShownOnceCard(shownCard, 'timer') },
  {
    name: 'group choice, several groups match',
    render: () =>
      groupChoiceCard(
        { verb: Verbs.addToGroupConfirm, confirmTitle: 'Add to group' },
        'alice.ng@contoso.onmicrosoft.com',
        new ActionError('ACTION.GROUP_AMBIGUOUS', 'More than one group starts with "Sales". Pick one.', {
          groupCandidates: [
            { groupId: '9013b6dc-4e58-4be9-ba45-eb01da4af427', displayName: 'Sales', description: 'Security group' },
            { groupId: 'e20dfcdb-ea8b-4e0b-9396-8ff9a08af80f', displayName: 'Sales - EMEA', description: 'Security group' },
          ],
        }),
        '0f8fad5b-d9cb-469f-a165-70867728950e',
      ),
  },
  {
    name: 'action confirmation, add to group (before → after)',
    render: () =>
      renderActionConfirmationCard({
        title: 'Add Alice Ng (alice.ng@contoso.onmicrosoft.com) to Sales Team?',
        facts: [
          { label: 'User', value: 'Alice Ng (alice.ng@contoso.onmicrosoft.com)' },
          { label: 'Group', value: 'Sales Team: not a member → member' },
          { label: 'Runs as', value: 'mgmt-bot.admin@contoso.onmicrosoft.com' },
        ],
        consequences: ['Alice Ng will be added to Sales Team.'],
        verb: Verbs.addToGroupConfirm,
        pendingActionId: '3f2504e0-4f89-41d3-9a0c-0305e82c3308',
        confirmTitle: 'Add to group',
        destructive: false,
        expiresAt: '5 January 2026, 09:15 UTC',
      }),
  },
];

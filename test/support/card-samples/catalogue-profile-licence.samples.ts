/**
 * The `actions` catalogue card (per role: everything, an operator's few, nothing) and the profile
 * and licence confirmations (before → after, seats), rendered through the bot's own view code and
 * appended to `cardCatalog` so the schema and card-words tests check them like every other card.
 */
import { renderActionCatalogueCard, renderActionConfirmationCard } from '../../../cards';
import { Verbs } from '../../../cards/verbs';
import { catalogueGroupsView } from '../../../dialogs/actions/action-catalogue-views';
import { ACTION_CHAT_ROWS } from '../../../dialogs/actions/action-rows';
import { ACTION_CATEGORIES } from '../../../services/actions/action-definition';
import type { CatalogueGroup } from '../../../services/actions/action-catalogue.service';
import { BUILTIN_ACTIONS } from '../../../services/actions/builtin-actions';
import type { CardCatalogEntry } from './index';

/** Every built-in action, grouped as the catalogue service groups them. */
function allGroups(): CatalogueGroup[] {
  return ACTION_CATEGORIES.map((category) => ({
    category,
    actions: BUILTIN_ACTIONS.filter((action) => action.category === category).map(({ id, title, description, category: c, risk, approvalByDefault, graphCalls }) => ({
      id,
      title,
      description,
      category: c,
      risk,
      approvalByDefault,
      approvalRequired: approvalByDefault,
      graphCalls,
    })),
  })).filter((group) => group.actions.length > 0);
}

const user = 'Alice Ng (alice.ng@contoso.onmicrosoft.com)';
const runsAs = { label: 'Runs as', value: 'mgmt-bot.admin@contoso.onmicrosoft.com' };

export const catalogueProfileLicenceCardSamples: readonly CardCatalogEntry[] = [
  { name: 'action catalogue, a tenant admin (every action)', render: () => renderActionCatalogueCard({ groups: catalogueGroupsView(allGroups(), ACTION_CHAT_ROWS) }) },
  {
    name: 'action catalogue, an operator with two actions',
    render: () =>
      renderActionCatalogueCard({
        groups: catalogueGroupsView(
          allGroups()
            .map((group) => ({ ...group, actions: group.actions.filter((action) => action.id === 'user.blockSignIn' || action.id === 'user.updateProfile') }))
            .filter((group) => group.actions.length > 0),
          ACTION_CHAT_ROWS,
        ),
      }),
  },
  { name: 'action catalogue, nothing granted', render: () => renderActionCatalogueCard({ groups: [] }) },
  {
    name: 'action confirmation, set usage location (before → after)',
    render: () =>
      renderActionConfirmationCard({
        title: 'Set the usage location of Alice Ng (alice.ng@contoso.onmicrosoft.com) to DE (Germany)?',
        facts: [{ label: 'User', value: user }, { label: 'Usage location', value: 'US (United States) → DE (Germany)' }, runsAs],
        consequences: ['Only the usage location changes; nothing else on the profile is touched.'],
        verb: Verbs.updateProfileConfirm,
        pendingActionId: '3f2504e0-4f89-41d3-9a0c-0305e82c3311',
        confirmTitle: 'Update profile',
        destructive: false,
        expiresAt: '5 January 2026, 09:15 UTC',
      }),
  },
  {
    name: 'action confirmation, assign licence with seats',
    render: () =>
      renderActionConfirmationCard({
        title: 'Assign Microsoft 365 E5 (SPE_E5) to Alice Ng (alice.ng@contoso.onmicrosoft.com)?',
        facts: [{ label: 'User', value: user }, { label: 'Licence', value: 'not assigned → Microsoft 365 E5' }, { label: 'Available seats', value: '9 of 25 free' }, runsAs],
        consequences: ['One seat is used, and the user gets the licence\u2019s apps and services within a few minutes.'],
        verb: Verbs.assignLicenseConfirm,
        pendingActionId: '3f2504e0-4f89-41d3-9a0c-0305e82c3312',
        confirmTitle: 'Assign licence',
        destructive: false,
        expiresAt: '5 January 2026, 09:15 UTC',
      }),
  },
  {
    name: 'action confirmation, remove licence',
    render: () =>
      renderActionConfirmationCard({
        title: 'Remove Office 365 E3 (ENTERPRISEPACK) from Alice Ng (alice.ng@contoso.onmicrosoft.com)?',
        facts: [{ label: 'User', value: user }, { label: 'Licence', value: 'Office 365 E3 → not assigned' }, { label: 'Available seats', value: '45 of 100 free' }, runsAs],
        consequences: ['The user loses the licence\u2019s apps and services, and one seat is freed.', 'Data in those services (such as a mailbox) is kept for 30 days, then deleted.'],
        verb: Verbs.removeLicenseConfirm,
        pendingActionId: '3f2504e0-4f89-41d3-9a0c-0305e82c3313',
        confirmTitle: 'Remove licence',
        destructive: true,
        expiresAt: '5 January 2026, 09:15 UTC',
      }),
  },
];

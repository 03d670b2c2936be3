/**
 * The privileged-target confirmation (issue 12), appended to `cardCatalog` so the schema and
 * card-words tests render it like every other card.
 */
import { renderPrivilegedConfirmationCard } from '../../../cards/privileged-confirmation.card';
import { Verbs } from '../../../cards/verbs';
import type { CardCatalogEntry } from './index';

export const privilegedConfirmationCardSamples: readonly CardCatalogEntry[] = [
  {
    name: 'privileged-confirmation, a Global Administrator on the break-glass list',
    render: () =>
      renderPrivilegedConfirmationCard({
        title: 'Block sign-in for Megan Bowen? Please confirm again',
        reasons: ['Megan Bowen holds Global Administrator.', 'Megan Bowen is listed as a break-glass account in settings.'],
        summary: 'Confirming will block sign-in for Megan Bowen (megan.bowen@contoso.onmicrosoft.com).',
        verb: Verbs.blockSignInConfirm,
        pendingActionId: '3f2504e0-4f89-41d3-9a0c-0305e82c3303',
        confirmTitle: 'Yes, block sign-in',
      }),
  },
];

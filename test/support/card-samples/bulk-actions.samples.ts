/** Cards of bulk actions (issue 13): the confirmation with skipped users, the progress card, the summaries. */
import { bulkConfirmationCard, bulkProgressCard } from '../../../dialogs/actions/bulk-views';
import type { BulkProgress } from '../../../services/actions/bulk/bulk-progress';
import type { CardCatalogEntry } from './index';

const job = {
  id: '3f2504e0-4f89-41d3-9a0c-0305e82c3401',
  tenantId: 'contoso',
  actor: { userId: 'u-1', upn: 'adele@contoso.onmicrosoft.com', displayName: 'Adele Vance' },
  actionId: 'user.blockSignIn' as const,
  selection: 'department Sales',
  correlationId: '0f8fad5b-d9cb-469f-a165-70867728950e',
  createdAt: '2026-03-02T09:00:00.000Z',
  expiresAt: '2026-03-02T09:15:00.000Z',
  principal: { objectId: 'p-1', userPrincipalName: 'mgmt-bot.admin@contoso.onmicrosoft.com', kind: 'serviceAccount' as const },
  card: { conversationId: 'a:personal', activityId: 'sent-1' },
};

const progress = (overrides: Partial<BulkProgress>): BulkProgress => ({
  job: { ...job, state: 'running' },
  title: 'Block sign-in',
  counts: { pending: 600, sending: 20, succeeded: 377, failed: 1, skipped: 2, unknown: 0 },
  codes: { 'ACCESS.NOT_IN_SCOPE': 2, 'DIRECTORY.NOT_FOUND': 1 },
  total: 1000,
  settled: 380,
  finished: false,
  listed: [
    { jobId: job.id, userId: 'u-2', upn: 'megan@contoso.onmicrosoft.com', displayName: 'Megan Bowen', state: 'failed', code: 'DIRECTORY.NOT_FOUND', attempts: 1 },
    { jobId: job.id, userId: 'u-3', upn: 'alex@contoso.onmicrosoft.com', displayName: 'Alex Wilber', state: 'skipped', code: 'ACCESS.NOT_IN_SCOPE', attempts: 0 },
  ],
  unlisted: 0,
  ...overrides,
});

export const bulkActionCardSamples: readonly CardCatalogEntry[] = [
  {
    name: 'bulk confirmation, skipped users listed',
    render: () =>
      bulkConfirmationCard(
        {
          jobId: job.id,
          actionId: 'user.blockSignIn',
          title: 'Block sign-in',
          selection: 'department Sales',
          toActOn: 37,
          skipped: [
            { upn: 'alex@contoso.onmicrosoft.com', displayName: 'Alex Wilber', code: 'ACCESS.NOT_IN_SCOPE' },
            { upn: 'megan@contoso.onmicrosoft.com', displayName: 'Megan Bowen', code: 'ACCESS.PRIVILEGED_TARGET' },
          ],
          notFound: ['nobody@contoso.onmicrosoft.com'],
          principalUpn: 'mgmt-bot.admin@contoso.onmicrosoft.com',
          autoEnabled: true,
          expiresAt: job.expiresAt,
          destructive: true,
          correlationId: job.correlationId,
          approvalRequired: false,
          approvalThreshold: 50,
        },
        'Block sign-in',
      ),
  },
  {
    name: 'bulk confirmation, above the approval size',
    render: () =>
      bulkConfirmationCard(
        {
          jobId: job.id,
          actionId: 'user.blockSignIn',
          title: 'Block sign-in',
          selection: 'department Sales',
          toActOn: 120,
          skipped: [],
          notFound: [],
          principalUpn: 'mgmt-bot.admin@contoso.onmicrosoft.com',
          autoEnabled: false,
          expiresAt: job.expiresAt,
          destructive: true,
          correlationId: job.correlationId,
          approvalRequired: true,
          approvalThreshold: 50,
        },
        'Block sign-in',
      ),
  },
  { name: 'bulk progress, running', render: () => bulkProgressCard(progress({})) },
  { name: 'bulk progress, cancelling', render: () => bulkProgressCard(progress({ job: { ...job, state: 'cancelling' } })) },
  {
    name: 'bulk summary, done with a failure',
    render: () => bulkProgressCard(progress({ job: { ...job, state: 'done' }, finished: true, counts: { pending: 0, sending: 0, succeeded: 997, failed: 1, skipped: 2, unknown: 0 }, settled: 1000 })),
  },
  {
    name: 'bulk summary, cancelled',
    render: () =>
      bulkProgressCard(progress({ job: { ...job, state: 'cancelled' }, finished: true, counts: { pending: 0, sending: 0, succeeded: 200, failed: 0, skipped: 800, unknown: 0 }, codes: { 'BULK.CANCELLED': 798, 'ACCESS.NOT_IN_SCOPE': 2 }, settled: 1000, listed: [], unlisted: 0 })),
  },
];

/**
 * The `approvals` list (issue 12) and the cancelled approval card, appended to `cardCatalog` so
 * the schema test validates them and checks the 28 KB limit.
 */
import { renderApprovalCard } from '../../../cards/approval.card';
import { renderApprovalsCard, type PendingApprovalRowView } from '../../../cards/approvals.card';
import type { CardCatalogEntry } from './index';

const tenantId = '7c1f6d0a-3b5e-4c2d-9a8f-1e2d3c4b5a69';

export const samplePendingRow: PendingApprovalRowView = {
  requestId: '3f2504e0-4f89-41d3-9a0c-0305e82c3301',
  tenantId,
  requesterId: 'b6f1c1de-0000-4000-8000-000000000001',
  title: 'Change management type',
  what: 'Switch the management type from Default to Advanced.',
  requester: 'Adele Vance (adele@contoso.onmicrosoft.com)',
  requestedAt: '2026-01-05T09:00:00.000Z',
  expiresAt: '2026-01-06T09:00:00.000Z',
  mayDecide: true,
  mayCancel: false,
};

const rows: PendingApprovalRowView[] = Array.from({ length: 20 }, (_, index) => ({
  ...samplePendingRow,
  requestId: `3f2504e0-4f89-41d3-9a0c-${String(index).padStart(12, '0')}`,
  requester: `${'Very Long Display Name '.repeat(4)}${index} (someone.with.a.long.name@contoso.onmicrosoft.com)`,
  what: 'Turn off advanced management and remove the management service account mgmt-bot.admin@contoso.onmicrosoft.com and its password.',
  mayDecide: index % 2 === 0,
  mayCancel: index % 2 === 1,
  ...(index % 2 === 1 ? { note: 'You asked for this, so another tenant admin decides it. You can cancel it.' } : {}),
}));

export const approvalsCardSamples: readonly CardCatalogEntry[] = [
  { name: 'approvals, nothing pending', render: () => renderApprovalsCard({ scope: 'tenant', rows: [], showSettings: true }) },
  { name: 'approvals, one for an approver', render: () => renderApprovalsCard({ scope: 'tenant', rows: [samplePendingRow], showSettings: true }) },
  {
    name: 'approvals, twenty after a policy change',
    render: () => renderApprovalsCard({ scope: 'tenant', rows, showSettings: true, message: { text: 'Approval policy: four-eyes. It applies to requests made from now on.', tone: 'good' } }),
  },
  {
    name: 'approval cancelled, requester copy',
    render: () =>
      renderApprovalCard({
        requestId: samplePendingRow.requestId,
        tenantId,
        requesterId: samplePendingRow.requesterId,
        kindLabel: 'Change management type',
        details: [{ label: 'To', value: 'Advanced' }],
        requester: samplePendingRow.requester,
        createdAt: samplePendingRow.requestedAt,
        expiresAt: samplePendingRow.expiresAt,
        state: 'cancelled',
        decidedBy: samplePendingRow.requester,
        decidedAt: '2026-01-05T09:30:00.000Z',
        mode: 'status',
        approverIds: [],
        message: 'You cancelled this request. Nothing was changed.',
        showSettings: true,
      }),
  },
];

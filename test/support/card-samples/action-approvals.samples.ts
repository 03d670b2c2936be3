/** `action approvals` and the cards of an operator's action waiting for, or given, a tenant admin's approval. */
import { renderActionApprovalsCard, renderBulkStartCard } from '../../../cards';
import { approvedRunCard } from '../../../dialogs/actions/action-approval-views';
import type { ApprovalRequest } from '../../../services/approvals/approval-request';
import { BUILTIN_ACTIONS } from '../../../services/actions/builtin-actions';
import type { CardCatalogEntry } from './index';

const approved: ApprovalRequest = {
  id: '0b6f1c2e-7a41-4d7e-9c55-3f2b8e1d6a90',
  tenantId: '7c1f6d0a-3b5e-4c2d-9a8f-1e2d3c4b5a69',
  kind: 'action.run',
  payload: {
    action: 'Reset password',
    user: 'Adele Vance (adele@contoso.onmicrosoft.com)',
    change: 'Reset the password of Adele Vance (adele@contoso.onmicrosoft.com)',
    actionId: 'user.resetPassword',
    pendingActionId: '5d3a2b1c-0e9f-4a8b-b7c6-d5e4f3a2b1c0',
  },
  requester: { userId: 'isaiah-id', displayName: 'Isaiah Langer', upn: 'isaiah@contoso.onmicrosoft.com' },
  createdAt: '2026-01-05T09:00:00.000Z',
  expiresAt: '2026-01-06T09:00:00.000Z',
  state: 'approved',
  decidedBy: { userId: 'megan-id', displayName: 'Megan Bowen', upn: 'megan@contoso.onmicrosoft.com' },
  decidedAt: '2026-01-05T09:12:00.000Z',
  selfApproved: false,
  correlationId: 'c0ffee00-1111-4222-8333-444455556666',
  cards: [],
};

export const actionApprovalsCardSamples: readonly CardCatalogEntry[] = [
  {
    name: 'action approvals, every built-in action, one changed from its default',
    render: () =>
      renderActionApprovalsCard({
        actions: BUILTIN_ACTIONS.map((action) => ({ actionId: action.id, title: action.title, required: action.id === 'user.resetPassword' ? false : action.approvalByDefault, byDefault: action.approvalByDefault })),
        bulkThreshold: 50,
        message: 'Reset password no longer needs approval.',
      }),
  },
  { name: 'approved action, Run now', render: () => approvedRunCard(approved) },
  {
    name: 'bulk action form, three actions',
    render: () =>
      renderBulkStartCard({
        actions: [
          { actionId: 'user.blockSignIn', title: 'Block sign-in' },
          { actionId: 'user.unblockSignIn', title: 'Unblock sign-in' },
          { actionId: 'user.revokeSessions', title: 'Revoke sessions' },
        ],
      }),
  },
  {
    name: 'approved bulk action, Start now',
    render: () =>
      approvedRunCard({
        ...approved,
        kind: 'bulk.run',
        payload: { action: 'Block sign-in, in bulk', users: 'department Sales', toChange: '120 users', skipped: '3 users (out of scope, privileged or not found)', jobId: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d' },
      }),
  },
];

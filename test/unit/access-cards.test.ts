import { renderAccessDeniedCard, renderApprovalCard, renderGrantConfirmationCard, renderOperatorsCard, Verbs, type ApprovalCardView } from '../../cards';
import { libraryErrors, schemaErrors } from '../support/adaptive-card-validation';

const pending: ApprovalCardView = {
  requestId: '3f2504e0-4f89-41d3-9a0c-0305e82c3301',
  tenantId: 'tenant-1',
  requesterId: 'requester-1',
  kindLabel: 'Change management type',
  details: [{ label: 'To', value: 'Advanced' }],
  requester: 'Ada Admin (ada@contoso.com)',
  createdAt: '2026-01-05T09:00:00.000Z',
  expiresAt: '2026-01-06T09:00:00.000Z',
  state: 'pending',
  mode: 'status',
  approverIds: ['approver-1', 'approver-2'],
};

function actionsOf(card: Record<string, unknown>): Array<{ title: string; verb: string; data?: unknown }> {
  return (card.actions as Array<{ title: string; verb: string; data?: unknown }> | undefined) ?? [];
}

describe('access cards', () => {
  it('when an approval is pending, then the status view refreshes for the approvers (as 8:orgid MRIs) and shows no decision buttons', () => {
    const card = renderApprovalCard(pending);
    expect(card.refresh).toEqual({
      action: { type: 'Action.Execute', title: 'Refresh', verb: Verbs.approvalRefresh, data: { requestId: pending.requestId } },
      userIds: ['8:orgid:approver-1', '8:orgid:approver-2'],
    });
    expect(actionsOf(card).map((action) => action.title)).toEqual(['Refresh']);
  });

  it('when an approver views it, then Approve and Reject carry only the request id and the echoes to compare', () => {
    const card = renderApprovalCard({ ...pending, mode: 'decide' });
    expect(actionsOf(card)).toEqual([
      expect.objectContaining({ title: 'Approve', verb: Verbs.approvalApprove, data: { requestId: pending.requestId, tenantId: 'tenant-1', requesterId: 'requester-1' } }),
      expect.objectContaining({ title: 'Reject', verb: Verbs.approvalReject, data: { requestId: pending.requestId, tenantId: 'tenant-1', requesterId: 'requester-1' } }),
    ]);
  });

  it('when an approval is closed, then the card has no refresh and no buttons, even in decide mode, and says who decided and when', () => {
    const card = renderApprovalCard({ ...pending, mode: 'decide', state: 'approved', decidedBy: 'Adam Admin', decidedAt: '2026-01-05T10:00:00.000Z' });
    expect(card.refresh).toBeUndefined();
    expect(actionsOf(card)).toEqual([]);
    expect(JSON.stringify(card)).toContain('Approved by Adam Admin at {{DATE(2026-01-05T10:00:00Z, SHORT)}} {{TIME(2026-01-05T10:00:00Z)}}.');
    expect(schemaErrors(card)).toEqual([]);
    expect(libraryErrors(card)).toEqual([]);
  });

  it('when an approver views a pending request, then it names the requester rather than "another tenant admin" (true under self-approve too)', () => {
    const text = JSON.stringify(renderApprovalCard({ ...pending, mode: 'decide' }));
    expect(text).toContain(`${pending.requester} asked for this`);
    expect(text).not.toContain('Another tenant admin asked');
  });

  it('when more than 60 approvers exist, then the refresh names at most 60 (the Teams limit)', () => {
    const card = renderApprovalCard({ ...pending, approverIds: Array.from({ length: 70 }, (_, index) => `a-${index}`) });
    expect((card.refresh as { userIds: string[] }).userIds).toHaveLength(60);
  });

  it('when user-typed text reaches a card, then markdown is inert', () => {
    const card = renderAccessDeniedCard({ reason: 'No.', whoCanHelp: ['[click me](https://evil.example)'] });
    expect(JSON.stringify(card)).toContain('\\\\[click me\\\\](https://evil.example)');
  });

  it('when a confirmation is destructive, then its confirm button is destructive and both buttons use the same verb', () => {
    const card = renderGrantConfirmationCard({
      title: 'Revoke?',
      intro: 'x',
      facts: [],
      verb: Verbs.revokeOperatorConfirm,
      confirmTitle: 'Revoke',
      destructive: true,
      expiresAt: '2026-01-05T10:00:00.000Z',
      confirmData: { pendingId: 'p', choice: 'confirm' },
      cancelData: { pendingId: 'p', choice: 'cancel' },
    });
    expect(actionsOf(card)).toEqual([
      expect.objectContaining({ title: 'Revoke', style: 'destructive', verb: Verbs.revokeOperatorConfirm, data: { pendingId: 'p', choice: 'confirm' } }),
      expect.objectContaining({ title: 'Cancel', verb: Verbs.revokeOperatorConfirm, data: { pendingId: 'p', choice: 'cancel' } }),
    ]);
  });

  it('when the operators list has more than a page, then Previous/Next carry the offsets', () => {
    const row = { name: 'Alex', scope: ['department "Sales"'], actions: ['Block sign-in'], includePrivileged: false, grantedBy: 'Ada', grantedAt: '2026-01-05T09:00:00.000Z' };
    const card = renderOperatorsCard({ operators: [row], auditors: [], offset: 10, pageSize: 10, total: 25 });
    expect(actionsOf(card).map((action) => [action.title, action.data])).toEqual([
      ['Previous', { offset: 0 }],
      ['Next', { offset: 20 }],
    ]);
    expect(JSON.stringify(card)).toContain('Showing 11–11 of 25');
  });
});

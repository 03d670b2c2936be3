import { renderApprovalCard, renderApprovalsCard, Verbs } from '../../cards';
import { libraryErrors, schemaErrors } from '../support/adaptive-card-validation';
import { samplePendingRow } from '../support/card-samples/approvals.samples';

interface Button {
  title: string;
  verb: string;
  data?: Record<string, unknown>;
}

/** Every Action.Execute on the card, in order (root actions and action sets). */
function buttonsOf(card: unknown): Button[] {
  const found: Button[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    if (record['type'] === 'Action.Execute') found.push({ title: String(record['title']), verb: String(record['verb']), data: record['data'] as Record<string, unknown> });
    Object.values(record).forEach(visit);
  };
  visit(card);
  return found;
}

const ISO_INSTANT = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?Z(?!\))/;

describe('the approvals card', () => {
  it.each<{ name: string; mayDecide: boolean; mayCancel: boolean; buttons: string[] }>([
    { name: 'an eligible approver', mayDecide: true, mayCancel: false, buttons: ['Approve', 'Reject', 'Refresh', 'Open settings'] },
    { name: 'the requester under four-eyes', mayDecide: false, mayCancel: true, buttons: ['Cancel request', 'Refresh', 'Open settings'] },
    { name: 'the requester under self-approve', mayDecide: true, mayCancel: true, buttons: ['Approve', 'Reject', 'Cancel request', 'Refresh', 'Open settings'] },
    { name: 'an admin who may do neither', mayDecide: false, mayCancel: false, buttons: ['Refresh', 'Open settings'] },
  ])('when the viewer is $name, then the row offers $buttons', ({ mayDecide, mayCancel, buttons }) => {
    const card = renderApprovalsCard({ scope: 'tenant', rows: [{ ...samplePendingRow, mayDecide, mayCancel }], showSettings: true });

    expect(buttonsOf(card).map((button) => button.title)).toEqual(buttons);
    expect(schemaErrors(card)).toEqual([]);
    expect(libraryErrors(card)).toEqual([]);
  });

  it('when a row is shown, then it names who asked, what in words and when in the viewer\'s time zone, never an ISO time', () => {
    const text = JSON.stringify(renderApprovalsCard({ scope: 'tenant', rows: [samplePendingRow] }));

    expect(text).toContain('Asked by Adele Vance (adele@contoso.onmicrosoft.com) on {{DATE(2026-01-05T09:00:00Z, SHORT)}}');
    expect(text).toContain('Switch the management type from Default to Advanced.');
    expect(text.replace(/\{\{(DATE|TIME)\([^)]*\)/g, '')).not.toMatch(ISO_INSTANT);
  });

  it('when Approve, Reject and Cancel are built, then they carry only the request id, the echoes to compare and where they came from', () => {
    const card = renderApprovalsCard({ scope: 'tenant', rows: [{ ...samplePendingRow, mayCancel: true }] });
    const byTitle = Object.fromEntries(buttonsOf(card).map((button) => [button.title, button]));

    const echoes = { requestId: samplePendingRow.requestId, tenantId: samplePendingRow.tenantId, requesterId: samplePendingRow.requesterId, from: 'approvals' };
    expect(byTitle['Approve']).toMatchObject({ verb: Verbs.approvalApprove, data: echoes });
    expect(byTitle['Reject']).toMatchObject({ verb: Verbs.approvalReject, data: echoes });
    expect(byTitle['Cancel request']).toMatchObject({ verb: Verbs.approvalCancel, data: { requestId: samplePendingRow.requestId, from: 'approvals' } });
  });

  it.each<{ scope: 'tenant' | 'own'; says: string }>([
    { scope: 'tenant', says: 'Nothing is waiting for a decision.' },
    { scope: 'own', says: 'None of your requests is waiting for a decision.' },
  ])('when nothing is pending ($scope), then it says so and offers a next step', ({ scope, says }) => {
    const card = renderApprovalsCard({ scope, rows: [], showSettings: scope === 'tenant' });

    expect(JSON.stringify(card)).toContain(says);
    expect(buttonsOf(card).map((button) => button.verb)).toContain(Verbs.approvalsList);
    expect(schemaErrors(card)).toEqual([]);
  });

  it('when requester-typed text reaches the list, then markdown is inert', () => {
    const text = JSON.stringify(renderApprovalsCard({ scope: 'tenant', rows: [{ ...samplePendingRow, requester: '[click](https://evil.example) **Eve**' }] }));
    expect(text).not.toContain('[click](https://evil.example)');
  });
});

describe('the cancelled approval card', () => {
  const base = {
    requestId: samplePendingRow.requestId,
    tenantId: samplePendingRow.tenantId,
    requesterId: samplePendingRow.requesterId,
    kindLabel: 'Change management type',
    details: [],
    requester: 'Adele Vance',
    createdAt: '2026-01-05T09:00:00.000Z',
    expiresAt: '2026-01-06T09:00:00.000Z',
    state: 'cancelled' as const,
    decidedBy: 'Adele Vance',
    decidedAt: '2026-01-05T09:30:00.000Z',
    mode: 'decide' as const,
    approverIds: ['approver-1'],
  };

  it.each<{ who: string; showSettings: boolean; buttons: string[] }>([
    { who: "an approver's copy", showSettings: false, buttons: ['Show pending approvals'] },
    { who: "the requester's copy", showSettings: true, buttons: ['Show pending approvals', 'Open settings'] },
  ])('when $who is cancelled, then it says who cancelled, offers no decision and has a next step', ({ showSettings, buttons }) => {
    const card = renderApprovalCard({ ...base, showSettings });

    expect(JSON.stringify(card)).toContain('Cancelled by Adele Vance');
    expect(card.refresh).toBeUndefined();
    expect(buttonsOf(card).map((button) => button.title)).toEqual(buttons);
    expect(schemaErrors(card)).toEqual([]);
    expect(libraryErrors(card)).toEqual([]);
  });
});

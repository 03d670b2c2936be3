/**
 * Representative and worst-case view models of the access-control cards (issue 4), appended to
 * `cardCatalog` so the schema test validates every one of them and checks the 28 KB limit.
 */
import { renderAccessDeniedCard } from '../../../cards/access-denied.card';
import { renderApprovalCard, type ApprovalCardView } from '../../../cards/approval.card';
import { renderAuditExportCard } from '../../../cards/audit-export.card';
import { renderAuditRecordsCard, type AuditRecordRowView } from '../../../cards/audit-records.card';
import { renderAuditVerifyCard } from '../../../cards/audit-verify.card';
import { renderGrantConfirmationCard } from '../../../cards/grant-confirmation.card';
import { renderGrantResultCard } from '../../../cards/grant-result.card';
import type { CardCatalogEntry } from './index';
import { renderNotifyHereCard } from '../../../cards/notify-here.card';
import { renderOperatorsCard, type OperatorRowView } from '../../../cards/operators.card';
import { Verbs } from '../../../cards/verbs';

const tenantId = '7c1f6d0a-3b5e-4c2d-9a8f-1e2d3c4b5a69';
const requestId = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
const long = (text: string, times: number): string => Array.from({ length: times }, () => text).join(' ');

const pendingApproval: ApprovalCardView = {
  requestId,
  tenantId,
  requesterId: 'b6f1c1de-0000-4000-8000-000000000001',
  kindLabel: 'Change management type',
  details: [
    { label: 'From', value: 'Default' },
    { label: 'To', value: 'Advanced' },
  ],
  requester: 'Adele Vance (adele@contoso.onmicrosoft.com)',
  createdAt: '2026-01-05T09:00:00.000Z',
  expiresAt: '2026-01-06T09:00:00.000Z',
  state: 'pending',
  mode: 'status',
  approverIds: ['b6f1c1de-0000-4000-8000-000000000002', 'b6f1c1de-0000-4000-8000-000000000003'],
};

const worstOperator: OperatorRowView = {
  name: long('Very Long Display Name', 6),
  scope: Array.from({ length: 8 }, (_, index) => `department "${long('Sales', 4)} ${index}"`),
  actions: ['Block sign-in', 'Unblock sign-in', 'Revoke sessions', 'Reset password', 'Update profile fields'],
  includePrivileged: true,
  grantedBy: long('Adele Vance', 5),
  grantedAt: '2026-01-05T09:00:00.000Z',
};

const worstRecord = (sequence: number): AuditRecordRowView => ({
  sequence,
  recordedAt: '2026-01-05T09:00:00.000Z',
  action: 'operator.grant',
  actor: long('Adele Vance (adele@contoso.onmicrosoft.com)', 3),
  target: long('Alex Wilber (alex@contoso.onmicrosoft.com)', 3),
  principal: 'mgmt-bot.admin@contoso.onmicrosoft.com',
  outcome: 'denied',
  code: 'ACCESS.TENANT_ADMIN_REQUIRED',
});

export const accessCardSamples: readonly CardCatalogEntry[] = [
  {
    name: 'access-denied with names',
    render: () =>
      renderAccessDeniedCard({
        reason: 'Only tenant admins (Global Administrator or Privileged Role Administrator) can do this.',
        whoCanHelp: ['Adele Vance (adele@contoso.com)', 'Megan Bowen (megan@contoso.com)'],
        correlationId: '0f8fad5b-d9cb-469f-a165-70867728950e',
      }),
  },
  { name: 'access-denied, nobody known', render: () => renderAccessDeniedCard({ reason: "You aren't an operator yet.", whoCanHelp: [] }) },
  {
    name: 'grant-confirmation operator, with warning',
    render: () =>
      renderGrantConfirmationCard({
        title: 'Grant operator access?',
        intro: 'Alex Wilber (alex@contoso.com) will be able to act on these users:',
        facts: [
          { label: 'Operator', value: 'Alex Wilber (alex@contoso.com)' },
          { label: 'Scope', value: long('department "Sales";', 20) },
          { label: 'Actions', value: 'Block sign-in, Revoke sessions' },
        ],
        warnings: ['This scope reaches users who hold admin roles, because you said "including admins".'],
        verb: Verbs.grantOperatorConfirm,
        confirmTitle: 'Grant',
        expiresAt: '2026-01-05T10:00:00.000Z',
        confirmData: { pendingId: requestId, choice: 'confirm', tenantId, requesterId: 'a', subjectId: 'b' },
        cancelData: { pendingId: requestId, choice: 'cancel', tenantId, requesterId: 'a', subjectId: 'b' },
      }),
  },
  {
    name: 'grant-confirmation revoke, destructive, no warnings',
    render: () =>
      renderGrantConfirmationCard({
        title: 'Revoke operator access?',
        intro: 'Alex Wilber will no longer be able to run management actions.',
        facts: [{ label: 'Operator', value: 'Alex Wilber (alex@contoso.com)' }],
        verb: Verbs.revokeOperatorConfirm,
        confirmTitle: 'Revoke',
        destructive: true,
        expiresAt: '2026-01-05T10:00:00.000Z',
        confirmData: { pendingId: requestId, choice: 'confirm' },
        cancelData: { pendingId: requestId, choice: 'cancel' },
      }),
  },
  {
    name: 'grant-result done',
    render: () =>
      renderGrantResultCard({
        outcome: 'done',
        title: 'Alex Wilber is now an operator',
        message: 'The grant is stored and audited.',
        facts: [{ label: 'Scope', value: 'department "Sales"' }],
        correlationId: '0f8fad5b-d9cb-469f-a165-70867728950e',
      }),
  },
  {
    name: 'grant-result failed, minimal',
    render: () => renderGrantResultCard({ outcome: 'failed', title: 'Nothing was granted', message: 'The user was not found.', nextStep: 'Check the UPN.' }),
  },
  {
    name: 'operators, empty',
    render: () => renderOperatorsCard({ operators: [], auditors: [], offset: 0, pageSize: 10, total: 0 }),
  },
  {
    name: 'operators, worst-case page',
    render: () =>
      renderOperatorsCard({
        operators: Array.from({ length: 10 }, () => worstOperator),
        auditors: Array.from({ length: 20 }, (_, index) => `Auditor ${index} (auditor${index}@contoso.onmicrosoft.com)`),
        offset: 10,
        pageSize: 10,
        total: 35,
      }),
  },
  { name: 'audit-records, empty', render: () => renderAuditRecordsCard({ records: [] }) },
  {
    name: 'audit-records, worst-case page',
    render: () =>
      renderAuditRecordsCard({
        records: Array.from({ length: 10 }, (_, index) => worstRecord(990 - index)),
        newerBefore: 1001,
        olderBefore: 981,
        headSequence: 1000,
      }),
  },
  {
    name: 'audit-verify intact',
    render: () => renderAuditVerifyCard({ ok: true, checked: 42, headSequence: 42, headHash: 'a3f5c2d1e4b6a7980c1d2e3f405162738495a6b7c8d9e0f1a2b3c4d5e6f70819' }),
  },
  {
    name: 'audit-verify broken',
    render: () =>
      renderAuditVerifyCard({ ok: false, checked: 6, brokenAt: 7, problem: 'hash_mismatch', message: 'record 7 was changed after it was written' }),
  },
  {
    name: 'audit-export',
    render: () => renderAuditExportCard({ fileName: `audit-${tenantId}-2026-01-05T09-00-00-000Z.csv`, format: 'csv', recordCount: 120, from: '2026-01-01' }),
  },
  { name: 'notify-here', render: () => renderNotifyHereCard({ conversationLabel: 'this channel', registeredBy: 'Adele Vance', registeredAt: '2026-01-05T09:00:00.000Z', replacedPrevious: true }) },
  { name: 'approval pending, status view with refresh', render: () => renderApprovalCard(pendingApproval) },
  { name: 'approval pending, approver view', render: () => renderApprovalCard({ ...pendingApproval, mode: 'decide', message: 'Reminder: this request expires soon.' }) },
  {
    name: 'approval approved, self-approved',
    render: () =>
      renderApprovalCard({
        ...pendingApproval,
        state: 'approved',
        decidedBy: 'Adele Vance (adele@contoso.onmicrosoft.com)',
        decidedAt: '2026-01-05T10:00:00.000Z',
        selfApproved: true,
        message: 'Already approved by Adele Vance at 2026-01-05T10:00:00.000Z.',
      }),
  },
  { name: 'approval expired', render: () => renderApprovalCard({ ...pendingApproval, state: 'expired', approverIds: [] }) },
];

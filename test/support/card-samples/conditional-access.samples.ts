/**
 * The conditional-access cards (issue 15), built through the dialog's own view functions so the
 * card-words lint reads the words people see: `check policies` (blocked, clear with the bot's
 * policy waiting for approval), the allowed-IPs form (empty, and back with refusals), its
 * confirmation with one exclusion toggle, the result, the removal's confirmation, and the
 * missing-permission card.
 */
import {
  allowedIpsAppliedCard,
  allowedIpsConfirmCard,
  allowedIpsFormCard,
  allowedIpsRemoveCard,
  permissionMissingCard,
  policyCheckCard,
} from '../../../dialogs/conditional-access/conditional-access-views';
import { Verbs } from '../../../cards';
import type { AllowedIpsRecord } from '../../../services/conditional-access/allowed-ips.repository.port';
import { ConditionalAccessError } from '../../../services/conditional-access/conditional-access-errors';
import type { PolicyCheckResult } from '../../../services/conditional-access/policy-check.service';
import type { CardCatalogEntry } from './index';

const tenantId = '7c1f6d0a-3b5e-4c2d-9a8f-1e2d3c4b5a69';
const account = { objectId: '5d7c3f10-2a4b-4c6d-8e9f-0a1b2c3d4e5f', userPrincipalName: 'mgmt-bot.admin@contoso.test', displayName: 'Management Session Bot – management account', kind: 'serviceAccount' as const };
const mfaForAdmins = {
  id: '0b19213a-afec-4954-bb82-e3323eacb1d8',
  displayName: 'Require MFA for administrators',
  state: 'enabled',
  effect: 'mfa' as const,
  grantControls: ['mfa'],
  enforced: true,
  fromIps: ['203.0.113.10'],
  why: ['It applies to admins in roles such as Global Administrator, Privileged Role Administrator (14 roles).', "It applies from every location except trusted locations, and the bot's address is not among them."],
};
const reportOnly = { ...mfaForAdmins, id: '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f', displayName: 'Require MFA for all users (report-only)', state: 'enabledForReportingButNotEnforced', enforced: false, why: ['It applies to all users.', 'It applies from every location.'] };

const blocked: PolicyCheckResult = {
  tenantId,
  account,
  egressIps: ['203.0.113.10'],
  source: 'whatIf',
  checkedAt: '2026-12-02T09:30:00.000Z',
  verdict: 'mfaRequired',
  applying: [mfaForAdmins, reportOnly],
  notApplying: [{ id: '2b3c', displayName: 'Block restricted admins outside Contoso HQ', state: 'enabled', analysisReasons: ['users'] }],
};

const record: AllowedIpsRecord = {
  tenantId,
  namedLocationId: '6e7f8a9b-0c1d-4e2f-8a3b-4c5d6e7f8a9b',
  namedLocationName: 'Management Session Bot: allowed IPs',
  ranges: ['203.0.113.10/32', '2001:db8:10::/64'],
  policyId: '7f8a9b0c-1d2e-4f3a-9b4c-5d6e7f8a9b0c',
  policyName: 'Management Session Bot: require MFA for mgmt-bot.admin@contoso.test outside allowed IPs',
  policyState: 'enabledForReportingButNotEnforced',
  accountObjectId: account.objectId,
  accountUpn: account.userPrincipalName,
  excludedFrom: [{ policyId: mfaForAdmins.id, displayName: mfaForAdmins.displayName }],
  approvalRequestId: '8a9b0c1d-2e3f-4a4b-8c5d-6e7f8a9b0c1d',
  configuredBy: { userId: '1b2c', displayName: 'Alex Wilber', upn: 'admin@contoso.test' },
  configuredAt: '2026-12-02T09:35:00.000Z',
};

const clear: PolicyCheckResult = { ...blocked, verdict: 'clear', applying: [reportOnly], checkedAt: '2026-12-02T09:36:00.000Z', allowedIps: record };

export const conditionalAccessCardSamples: CardCatalogEntry[] = [
  { name: 'check policies: a policy requires MFA for the management account', render: () => policyCheckCard(blocked) },
  { name: 'check policies: clear, the bot policy waits for approval', render: () => policyCheckCard(clear) },
  { name: 'configure allowed IPs: the form, prefilled with the egress IP', render: () => allowedIpsFormCard({ ranges: '', egressIps: ['203.0.113.10'] }) },
  {
    name: 'configure allowed IPs: the form back with refusals',
    render: () => allowedIpsFormCard({ ranges: '0.0.0.0/0\nnot-an-ip', egressIps: ['203.0.113.10'], problems: ['"0.0.0.0/0" means every address: that would trust the whole internet.', '"not-an-ip" is not an IP address or CIDR range.'] }),
  },
  {
    name: 'configure allowed IPs: the confirmation with one exclusion',
    render: () =>
      allowedIpsConfirmCard(
        {
          account,
          ranges: ['203.0.113.10/32'],
          problems: [],
          warnings: [],
          egressNotCovered: ['198.51.100.7'],
          locationName: record.namedLocationName,
          policyName: record.policyName,
          exclusions: [{ policyId: mfaForAdmins.id, displayName: mfaForAdmins.displayName, effect: 'mfa' }],
        },
        '203.0.113.10',
      ),
  },
  { name: 'configure allowed IPs: the result, approval asked', render: () => allowedIpsAppliedCard({ record, check: clear, approvalRequestId: record.approvalRequestId as string }, ['Megan Bowen']) },
  { name: 'remove allowed IPs: the confirmation', render: () => allowedIpsRemoveCard(record) },
  {
    name: 'conditional access: a missing permission, with Retry',
    render: () =>
      permissionMissingCard(new ConditionalAccessError('CONDITIONAL_ACCESS.PERMISSION_MISSING', 'denied', { details: { permissions: ['Policy.Read.All'] } }), { title: 'Retry', verb: Verbs.checkPolicies }, '3f4a5b6c-7d8e-4f9a-8b0c-1d2e3f4a5b6c'),
  },
];

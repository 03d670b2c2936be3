/**
 * Representative and worst-case view models of the rotation cards (issue 7), appended to
 * `cardCatalog` so the schema test validates each and checks the 28 KB limit. The bot's
 * NoticeRenderer is also run over every notice the composer makes (test/unit/rotation-cards.test.ts).
 */
import type { CardCatalogEntry } from './index';
import { renderRotationNoticeCard, type RotationNoticeCardView } from '../../../cards/notice-rotation.card';
import { renderRotationForceResetCard } from '../../../cards/rotation-force-reset.card';
import { renderRotationHistoryCard, type RotationHistoryRowView } from '../../../cards/rotation-history.card';
import { renderRotationStatusCard } from '../../../cards/rotation-status.card';
import { Verbs } from '../../../cards/verbs';

const rotationId = '5d3c2b1a-0f9e-4d8c-b7a6-958473625140';
const upn = 'mgmt-bot.admin@contoso.onmicrosoft.com';
const v1 = '0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f';
const v2 = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
const long = (text: string, times: number): string => Array.from({ length: times }, () => text).join(' ');

const succeeded: RotationNoticeCardView = {
  tone: 'good',
  title: 'Management account password rotated',
  headline: 'Password rotated at Mon, 12 Jan 2026, 03:00 (Europe/Amsterdam), version a1b2c3d4, next rotation Mon, 19 Jan 2026, 03:00 (Europe/Amsterdam).',
  paragraphs: [`The management account ${upn} now signs in with the new password from Key Vault. Nobody saw it.`],
  facts: [
    { label: 'Account', value: upn },
    { label: 'Version', value: v2 },
    { label: 'Replaced version', value: v1 },
    { label: 'Started by', value: 'Adele Vance (adele@contoso.onmicrosoft.com)' },
  ],
  buttons: [{ title: 'Rotation history', verb: Verbs.rotationHistory, data: {} }],
  reference: rotationId,
};

const worstLockedOut: RotationNoticeCardView = {
  tone: 'critical',
  title: 'Management account cannot sign in',
  headline: long(`Neither password in Key Vault signs in as ${upn} any more.`, 4),
  paragraphs: [long('Someone may have reset the password outside the bot, or a rotation went wrong.', 8)],
  steps: Array.from({ length: 5 }, (_, index) => long(`Step ${index} of the guided recovery, with [markdown](https://example.com) **noise**.`, 6)),
  stepsHeading: 'How to recover',
  facts: Array.from({ length: 8 }, (_, index) => ({ label: `Fact ${index}`, value: long(v1, 6) })),
  buttons: [{ title: 'Set a fresh password', verb: Verbs.rotationForceReset, style: 'destructive', data: { rotationId } }],
  reference: rotationId,
};

const worstRow = (index: number): RotationHistoryRowView => ({
  startedAt: 'Mon, 12 Jan 2026, 03:00 (America/Argentina/ComodRivadavia)',
  trigger: (['schedule', 'manual', 'approval', 'recovery'] as const)[index % 4] ?? 'manual',
  initiatedBy: long('Adele Vance (adele@contoso.onmicrosoft.com)', 3),
  result: (['succeeded', 'failed', 'running', 'unresolved'] as const)[index % 4] ?? 'failed',
  duration: '12 s',
  newVersion: v2,
  previousVersion: v1,
  errorCode: 'ROTATION.ENTRA_THROTTLED',
  settledByRecovery: true,
});

export const rotationCardSamples: readonly CardCatalogEntry[] = [
  { name: 'notice-rotation succeeded', render: () => renderRotationNoticeCard(succeeded) },
  {
    name: 'notice-rotation failed with Retry rotation',
    render: () =>
      renderRotationNoticeCard({
        tone: 'warning',
        title: 'Password rotation failed',
        headline: 'Password rotation failed while setting the new password in Entra ID. The account still signs in with its current password.',
        paragraphs: ['What failed: setting the new password in Entra ID.', 'Account state: unchanged.', 'Next step: Retry the rotation in a few minutes.'],
        facts: [
          { label: 'Error code', value: 'ROTATION.ENTRA_THROTTLED' },
          { label: 'Current version', value: v1 },
        ],
        buttons: [{ title: 'Retry rotation', verb: Verbs.rotationRetry, style: 'positive', data: { rotationId } }],
        reference: rotationId,
      }),
  },
  {
    name: 'notice-rotation heads-up without buttons',
    render: () =>
      renderRotationNoticeCard({ tone: 'info', title: 'Password rotation in 24 hours', headline: 'The password will be rotated at Mon 03:00.', paragraphs: [], facts: [{ label: 'Account', value: upn }], buttons: [] }),
  },
  { name: 'notice-rotation locked out, worst case', render: () => renderRotationNoticeCard(worstLockedOut) },
  { name: 'rotation-history empty', render: () => renderRotationHistoryCard({ timeZone: 'UTC', rows: [], limit: 10 }) },
  {
    name: 'rotation-history, worst case',
    render: () => renderRotationHistoryCard({ accountUpn: upn, timeZone: 'America/Argentina/ComodRivadavia', rows: Array.from({ length: 25 }, (_, index) => worstRow(index)), limit: 25 }),
  },
  {
    name: 'rotation-status working',
    render: () =>
      renderRotationStatusCard({
        kind: 'working',
        title: 'Rotating the management account password…',
        message: "I'll post the result here and to the admin channel.",
        facts: [{ label: 'Account', value: upn }],
        reference: rotationId,
      }),
  },
  { name: 'rotation-status refused', render: () => renderRotationStatusCard({ kind: 'refused', title: 'A rotation is already running', message: 'Wait for it.', nextStep: 'You will get a notice.' }) },
  {
    name: 'rotation-force-reset confirmation',
    render: () => renderRotationForceResetCard({ accountUpn: upn, accountState: 'locked out since Mon 03:00', secretName: 'mgmt-sa-contoso', confirmationId: rotationId }),
  },
];

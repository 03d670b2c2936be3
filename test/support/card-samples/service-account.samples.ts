/**
 * Representative and worst-case view models of the settings, progress, mode-request and
 * disable-confirmation cards (issue 5), appended to `cardCatalog` so the schema test validates
 * each one and checks the 28 KB limit.
 */
import type { CardCatalogEntry } from './index';
import { renderDisableConfirmCard } from '../../../cards/mode-disable-confirm.card';
import { renderModeRequestCard } from '../../../cards/mode-request.card';
import { renderProgressCard, type ProgressStepView } from '../../../cards/progress.card';
import { renderSettingsCard, type SettingsCardView } from '../../../cards/settings.card';
import { Verbs } from '../../../cards/verbs';

const tenantId = '7c1f6d0a-3b5e-4c2d-9a8f-1e2d3c4b5a69';
const correlationId = '0f8fad5b-d9cb-469f-a165-70867728950e';
const upn = 'mgmt-bot.admin@contoso.onmicrosoft.com';
const long = (text: string, times: number): string => Array.from({ length: times }, () => text).join(' ');

const createSteps = (states: ProgressStepView['state'][]): ProgressStepView[] =>
  ['Creating account…', 'Assigning role…', 'Storing secret…', 'Verifying sign-in…'].map((label, index) => ({ label, state: states[index] ?? 'pending' }));

const settingsWithAccount: SettingsCardView = {
  tenantId,
  modeFacts: [
    { label: 'Mode', value: 'Advanced' },
    { label: 'Means', value: 'Management actions run as the management service account.' },
  ],
  accountFacts: [
    { label: 'Account', value: upn },
    { label: 'Created', value: '2026-01-05T09:00:00.000Z by Adele Vance' },
    { label: 'Role', value: 'Global Administrator' },
    { label: 'Secret name', value: `mgmt-sa-${tenantId}` },
    { label: 'Secret version', value: '3d2f0c5e8a7b4c1d9e6f5a4b3c2d1e0f' },
    { label: 'Last rotation', value: '2026-01-12T03:00:04.000Z' },
    { label: 'Next rotation', value: '2026-01-19T03:00:00.000Z' },
  ],
  buttons: [
    { title: 'Switch to Default', verb: Verbs.modeChangeRequest, data: { targetMode: 'default' } },
    { title: 'Rotate password now', verb: Verbs.rotationRotateNow },
    { title: 'Disable advanced management', verb: Verbs.advancedDisableConfirm, style: 'destructive' },
  ],
  autoEnable: true,
  rotationCron: '0 3 * * 1',
  rotationTimeZone: 'Europe/Amsterdam',
  rotationSummary: 'Next rotation: Monday 2026-01-19 03:00 (Europe/Amsterdam).',
  approvalPolicy: 'four-eyes',
  updated: 'Last changed 2026-01-05T09:00:00.000Z by Adele Vance.',
};

export const serviceAccountCardSamples: readonly CardCatalogEntry[] = [
  {
    name: 'settings, no mode and no account',
    render: () =>
      renderSettingsCard({
        tenantId,
        modeFacts: [{ label: 'Mode', value: 'Not chosen' }],
        accountFacts: [],
        buttons: [
          { title: 'Create service account', verb: Verbs.serviceAccountCreate, style: 'positive' },
          { title: 'Switch to Advanced', verb: Verbs.modeChangeRequest, data: { targetMode: 'advanced' } },
          { title: 'Switch to Default', verb: Verbs.modeChangeRequest, data: { targetMode: 'default' } },
        ],
        autoEnable: false,
        rotationCron: '0 3 * * 1',
        rotationTimeZone: 'UTC',
        rotationSummary: 'No rotation until a management service account exists.',
        approvalPolicy: 'four-eyes',
        updated: 'Never changed.',
      }),
  },
  { name: 'settings, advanced with every field', render: () => renderSettingsCard(settingsWithAccount) },
  {
    name: 'settings, worst case: interrupted creation and a validation error',
    render: () =>
      renderSettingsCard({
        ...settingsWithAccount,
        accountFacts: [],
        // As dialogs/settings/settings-view.ts words an interrupted creation.
        pending: long('Creating the management service account (started Mon, 05 Jan 2026, 09:00 (UTC)) stopped because the bot\'s app lacks a permission. Select "Retry service account creation" to finish it where it stopped.', 5),
        buttons: [
          { title: 'Retry service account creation', verb: Verbs.serviceAccountRetry, style: 'positive' },
          { title: 'Switch to Default', verb: Verbs.modeChangeRequest, data: { targetMode: 'default' } },
          { title: 'Disable advanced management', verb: Verbs.advancedDisableConfirm, style: 'destructive' },
          { title: 'Rotate password now', verb: Verbs.rotationRotateNow },
          { title: 'Open', verb: Verbs.settingsOpen },
          { title: 'Extra', verb: Verbs.settingsOpen },
          { title: 'Dropped (over five)', verb: Verbs.settingsOpen },
        ],
        rotationCron: long('*', 60),
        rotationTimeZone: long('America/Argentina/ComodRivadavia', 3),
        approvalPolicy: 'self-approve',
        message: { text: long("That setting isn't valid. Check the schedule.", 12), tone: 'attention' },
        correlationId,
      }),
  },
  {
    name: 'progress, creating',
    render: () =>
      renderProgressCard({
        title: 'Creating the management service account',
        outcome: 'running',
        summary: 'This takes up to a minute. This card updates as each step finishes.',
        steps: createSteps(['done', 'running']),
      }),
  },
  {
    name: 'progress, created and blocked by MFA',
    render: () =>
      renderProgressCard({
        title: 'Management service account created',
        outcome: 'attention',
        summary: `${upn} was created with Global Administrator. Its password is in Key Vault; nobody has seen it.`,
        steps: [...createSteps(['done', 'done', 'done']).slice(0, 3), { label: 'Verifying sign-in…', state: 'failed', detail: 'The account was created, but Entra requires MFA for it ("Require MFA for admins").' }],
        facts: [
          { label: 'Account', value: upn },
          { label: 'Role', value: 'Global Administrator' },
          { label: 'Sign-in', value: 'Blocked: MFA required' },
        ],
        attention: Array.from({ length: 14 }, (_, index) => long(`Change ${index}: exclude the account from "Require MFA for admins".`, 6)),
        nextStep: 'After changing Entra, select "Check sign-in again".',
        buttons: [
          { title: 'Check sign-in again', verb: Verbs.serviceAccountCreate, style: 'positive' },
          { title: 'Open settings', verb: Verbs.settingsOpen },
        ],
        correlationId,
      }),
  },
  {
    name: 'progress, permission denied with Retry',
    render: () =>
      renderProgressCard({
        title: "The bot doesn't have permission to create a service account on your tenant",
        outcome: 'failed',
        summary: "The bot doesn't have permission to create a service account on your tenant. It could not assign the directory role: the bot's app needs the RoleManagement.ReadWrite.Directory permission.",
        steps: [...createSteps(['done']).slice(0, 1), { label: 'Assigning role…', state: 'failed', detail: 'Missing RoleManagement.ReadWrite.Directory.' }, ...createSteps([]).slice(2)],
        facts: [{ label: 'Missing permission', value: 'RoleManagement.ReadWrite.Directory' }],
        nextStep: "Grant RoleManagement.ReadWrite.Directory to the bot's app (with admin consent), then retry.",
        buttons: [
          { title: 'Retry service account creation', verb: Verbs.serviceAccountRetry, style: 'positive' },
          { title: 'Open settings', verb: Verbs.settingsOpen },
        ],
        correlationId,
      }),
  },
  {
    name: 'progress, mode switched',
    render: () =>
      renderProgressCard({
        title: 'Management type switched to Advanced',
        outcome: 'succeeded',
        summary: 'The management type was switched and the management account was created; turn the management session on to use it.',
        steps: [...createSteps(['done', 'done', 'done', 'done']), { label: 'Switching management type…', state: 'done' }],
        facts: [{ label: 'Approved by', value: 'Megan Bowen (megan.bowen@contoso.test)' }],
      }),
  },
  {
    name: 'mode-request sent',
    render: () =>
      renderModeRequestCard({
        title: 'Approval requested: switch to Advanced',
        message: 'Another tenant admin must approve this. When they do, the switch runs and this chat gets a progress card.',
        facts: [
          { label: 'From', value: 'Default' },
          { label: 'To', value: 'Advanced' },
          { label: 'Sent to', value: '2 tenant admins' },
          { label: 'Expires', value: '2026-01-06T09:00:00.000Z' },
        ],
        nextStep: 'You can keep working; nothing changes until then.',
        reference: '3f2504e0-4f89-41d3-9a0c-0305e82c3301',
      }),
  },
  {
    name: 'mode-request refused',
    render: () => renderModeRequestCard({ title: 'Nothing was requested', message: 'The tenant already uses that management type.', facts: [], tone: 'refused' }),
  },
  {
    name: 'mode-disable-confirm',
    render: () =>
      renderDisableConfirmCard({
        facts: [
          { label: 'Account', value: upn },
          { label: 'Role', value: 'Global Administrator' },
          { label: 'Secret', value: `mgmt-sa-${tenantId}` },
        ],
      }),
  },
];

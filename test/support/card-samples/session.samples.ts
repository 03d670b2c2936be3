/**
 * Representative and worst-case view models of the session and action cards (issue 6),
 * appended to `cardCatalog` so the schema test validates every one of them under 28 KB.
 */
import { renderActionConfirmationCard } from '../../../cards/action-confirmation.card';
import { renderActionResultCard, type ActionResultOutcome } from '../../../cards/action-result.card';
import { renderCredentialsRequestCard } from '../../../cards/credentials-request.card';
import { renderWorkInProgressCard } from '../../../cards/credentials-signing-in.card';
import { renderPrivilegedConfirmationCard } from '../../../cards/privileged-confirmation.card';
import type { CardCatalogEntry } from './index';
import { renderSessionDetailsCard } from '../../../cards/session-details.card';
import { renderSessionProblemCard } from '../../../cards/session-problem.card';
import { renderSessionStatusCard } from '../../../cards/session-status.card';
import { Verbs } from '../../../cards/verbs';

const tenantId = '7c1f6d0a-3b5e-4c2d-9a8f-1e2d3c4b5a69';
const correlationId = '0f8fad5b-d9cb-469f-a165-70867728950e';
const long = (text: string, times: number): string => Array.from({ length: times }, () => text).join(' ');

const resultFacts = [
  { label: 'User', value: 'Adele Vance (adele@contoso.onmicrosoft.com)' },
  { label: 'Run as', value: 'mgmt-bot.admin@contoso.onmicrosoft.com' },
];

export const sessionCardSamples: readonly CardCatalogEntry[] = [
  {
    name: 'session-status ON with buttons, auto-enabled note',
    render: () =>
      renderSessionStatusCard({
        state: 'ON',
        tenantId,
        modeLabel: 'Advanced (service account)',
        principal: 'mgmt-bot.admin@contoso.onmicrosoft.com',
        enabledBy: 'Adele Vance (adele@contoso.onmicrosoft.com), automatically',
        enabledAt: '2026-01-05 09:30 UTC',
        expiresAt: '2026-01-05 17:30 UTC',
        autoEnable: 'On',
        note: 'The management session was turned on automatically for your action.',
        offer: { turnOff: true, details: true },
      }),
  },
  {
    name: 'session-status OFF after expiry, offering turn on',
    render: () =>
      renderSessionStatusCard({
        state: 'OFF',
        tenantId,
        modeLabel: 'Default (Global Admin sign-in)',
        autoEnable: 'Off',
        lastChange: `Expired at 2026-01-05 17:30 UTC. ${long('Detail.', 30)}`,
        note: 'Your management session reached its time limit and was turned off.',
        offer: { turnOn: true },
      }),
  },
  { name: 'credentials request (Default mode sign-in)', render: () => renderCredentialsRequestCard({ username: 'admin@contoso.onmicrosoft.com' }) },
  { name: 'credentials request, asked again', render: () => renderCredentialsRequestCard({ problem: 'Enter both the user name and the password.' }) },
  { name: 'credentials signing in (work in progress)', render: () => renderWorkInProgressCard({ title: 'Signing in…', message: 'Signing in as admin@contoso.onmicrosoft.com to turn the management session on.' }) },
  {
    name: 'session-problem conditional access with policies and buttons',
    render: () =>
      renderSessionProblemCard({
        title: 'Blocked by conditional access',
        message: 'The account admin@contoso.onmicrosoft.com is blocked by the conditional-access policy "Block admins outside HQ".',
        nextStep: 'Add an exception for this account to the policy, or use "Configure allowed IPs".',
        policies: Array.from({ length: 12 }, (_, i) => `Policy ${i + 1} ${long('name', 20)}`),
        facts: [{ label: 'Sign-in error', value: 'AADSTS53003' }],
        buttons: [
          { title: 'Try again', verb: Verbs.sessionTurnOn, style: 'positive' },
          { title: 'Configure allowed IPs', verb: 'conditionalAccess.configureAllowedIps' },
          { title: 'Open settings', verb: Verbs.settingsOpen },
        ],
        correlationId,
      }),
  },
  {
    name: 'session-problem session off, minimal',
    render: () => renderSessionProblemCard({ title: 'Management session is off', message: 'Turn it on first.', tone: 'warning' }),
  },
  {
    name: 'session-details with broker counters',
    render: () =>
      renderSessionDetailsCard({
        facts: [
          { label: 'State', value: 'ON' },
          { label: 'Account object id', value: '5bc920d8-f970-41ad-b2a9-54e20eb59706' },
        ],
        counters: [
          { label: 'Token requests', value: '1' },
          { label: 'Key Vault reads', value: '1' },
          { label: 'Tokens from cache', value: '99' },
          { label: 'Authentication failures', value: '0' },
        ],
      }),
  },
  { name: 'session-details without counters', render: () => renderSessionDetailsCard({ facts: [{ label: 'State', value: 'OFF' }] }) },
  {
    name: 'privileged-target second confirmation, every reason',
    render: () =>
      renderPrivilegedConfirmationCard({
        title: 'Block sign-in for Megan Bowen? Please confirm again',
        reasons: ['This is your own account.', 'Megan Bowen holds Global Administrator, User Administrator and 2 more roles.', 'Megan Bowen is listed as a break-glass (emergency access) account.'],
        summary: 'Confirming will block sign-in for Megan Bowen (megan.bowen@contoso.test).',
        verb: 'user.blockSignIn.confirm',
        pendingActionId: '0f8e4a52-2c1b-4d0e-9a57-3b6f1c2d4e5f',
        confirmTitle: 'Yes, block sign-in',
      }),
  },
  {
    name: 'action confirmation, destructive, auto-enabled',
    render: () =>
      renderActionConfirmationCard({
        title: 'Block sign-in for Adele Vance (adele@contoso.onmicrosoft.com)?',
        facts: [...resultFacts, { label: 'Session', value: 'Advanced, on since 09:30 UTC' }],
        consequences: ['The user can no longer sign in.', long('Sessions already open stay valid until they expire.', 5)],
        note: 'The management session was turned on automatically for this request.',
        verb: Verbs.blockSignInConfirm,
        pendingActionId: '3f2504e0-4f89-41d3-9a0c-0305e82c3301',
        confirmTitle: 'Block sign-in',
        destructive: true,
        expiresAt: '2026-01-05 09:45 UTC',
      }),
  },
  // Titles as dialogs/actions/run-action.dialog.ts words them.
  ...(
    [
      ['done', 'Done: Block sign-in'],
      ['failed', 'Not done: Block sign-in'],
      ['unknown', 'Outcome unknown: Block sign-in'],
      ['in-progress', 'Still running: Block sign-in'],
      ['cancelled', 'Cancelled: Block sign-in'],
    ] as Array<[ActionResultOutcome, string]>
  ).map(([outcome, title]) => ({
    name: `action result ${outcome}`,
    render: () =>
      renderActionResultCard({
        outcome,
        title,
        summary: 'Sign-in is blocked for adele@contoso.onmicrosoft.com.',
        ...(outcome === 'done' ? { note: 'The management session was turned on automatically for this action.' } : {}),
        facts: resultFacts,
        correlationId,
      }),
  })),
];

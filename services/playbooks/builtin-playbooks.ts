/**
 * The playbooks every tenant has. Each policy starts in its default mode; a tenant admin changes
 * the mode per tenant (PlaybookService.setPolicyMode). Policies whose query the tenant cannot
 * answer report "not available in this tenant" with the reason, rather than finding nothing.
 */
import type { PlaybookDefinition } from './playbook.types';

export const LICENCE_HYGIENE: PlaybookDefinition = {
  id: 'licence-hygiene',
  name: 'Licence hygiene',
  description: 'Finds licences held by accounts nobody can use.',
  policies: [
    {
      id: 'disabled-users-with-licences',
      name: 'Disabled users with licences',
      description: 'Accounts that are blocked from signing in but still hold at least one licence, so their seats are paid for and unused.',
      query: { kind: 'disabledUsersWithLicences' },
      defaultMode: 'alert',
      remediation: { actionId: 'user.removeAllLicenses', describe: 'remove all their licences', parameters: {} },
    },
  ],
};

export const ACCOUNT_HYGIENE: PlaybookDefinition = {
  id: 'account-hygiene',
  name: 'Account hygiene',
  description: 'Finds accounts that are stale, unowned or under-protected.',
  policies: [
    {
      id: 'users-not-signed-in-90-days',
      name: 'Users not signed in for 90 days',
      description: 'Enabled accounts with no sign-in in the last 90 days (or never, for accounts older than that).',
      query: { kind: 'usersNotSignedInFor', days: 90 },
      defaultMode: 'alert',
      remediation: { actionId: 'user.blockSignIn', describe: 'block their sign-in', parameters: {} },
    },
    {
      id: 'guests-without-sponsor',
      name: 'Guests without a sponsor',
      description: 'Guest accounts nobody in the organization is responsible for.',
      query: { kind: 'guestsWithoutSponsor' },
      defaultMode: 'alert',
      remediation: { actionId: 'user.blockSignIn', describe: 'block their sign-in', parameters: {} },
    },
    {
      id: 'admins-without-mfa',
      name: 'Admins without an MFA method',
      description: 'Administrators with no multifactor authentication method registered.',
      query: { kind: 'adminsWithoutMfa' },
      // Blocking an admin is not a safe automatic remediation: alert only.
      defaultMode: 'alert',
    },
  ],
};

export const BUILT_IN_PLAYBOOKS: readonly PlaybookDefinition[] = [LICENCE_HYGIENE, ACCOUNT_HYGIENE];

/** "licence hygiene", "License Hygiene", "licence-hygiene": the same playbook. */
export function findPlaybook(playbooks: readonly PlaybookDefinition[], name: string): PlaybookDefinition | undefined {
  const wanted = normalize(name);
  return playbooks.find((playbook) => normalize(playbook.id) === wanted || normalize(playbook.name) === wanted);
}

function normalize(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/^["'“”]+|["'“”]+$/g, '')
    .replace(/[\s_-]+/g, ' ')
    .replace(/\blicense\b/g, 'licence')
    .replace(/ playbook$/, '');
}

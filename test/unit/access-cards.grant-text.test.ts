import { MANAGEMENT_ACTION_IDS } from '../../services/access/actions';
import { parseActions, parseScope } from '../../dialogs/access/grant-text-parser';
import { parseExportArguments } from '../../bot/access/audit-export';

const GROUP = '6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f';

describe('what admins type after "scope", "actions" and "export audit"', () => {
  it.each([
    ['department Sales', { rules: [{ kind: 'department', value: 'Sales' }], includePrivileged: false }],
    ['department "Help Desk"', { rules: [{ kind: 'department', value: 'Help Desk' }], includePrivileged: false }],
    [`group ${GROUP.toUpperCase()}`, { rules: [{ kind: 'group', groupId: GROUP }], includePrivileged: false }],
    [`au ${GROUP}`, { rules: [{ kind: 'administrativeUnit', unitId: GROUP }], includePrivileged: false }],
    ['users a@x.test, b@x.test and c@x.test', { rules: [{ kind: 'users', userIds: ['a@x.test', 'b@x.test', 'c@x.test'] }], includePrivileged: false }],
    ['all users', { rules: [{ kind: 'allUsersExceptAdmins' }], includePrivileged: false }],
    ['department Sales; users a@x.test including admins', { rules: [{ kind: 'department', value: 'Sales' }, { kind: 'users', userIds: ['a@x.test'] }], includePrivileged: true }],
    [`department Sales and group ${GROUP}`, { rules: [{ kind: 'department', value: 'Sales' }, { kind: 'group', groupId: GROUP }], includePrivileged: false }],
  ])('when the scope is "%s", then it parses to the service input', (text, expected) => {
    expect(parseScope(text)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ['group Help Desk', 'object id'],
    ['everyone', "I didn't understand the scope"],
    ['including admins', 'Say which users'],
  ])('when the scope is "%s", then the parser explains what is wrong', (text, message) => {
    const result = parseScope(text);
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.message).toContain(message);
  });

  it.each([
    ['block sign-in, revoke sessions', ['user.blockSignIn', 'user.revokeSessions']],
    ['Block sign-in and Reset password', ['user.blockSignIn', 'user.resetPassword']],
    ['user.unblockSignIn; update profile', ['user.unblockSignIn', 'user.updateProfile']],
    // Every action of the catalog, in catalog order (the list grows with each action module).
    ['all', [...MANAGEMENT_ACTION_IDS]],
  ])('when the actions are "%s", then they map to catalog ids', (text, expected) => {
    expect(parseActions(text)).toEqual({ ok: true, value: expected });
  });

  it('when an action is unknown, then the answer lists the ones that exist', () => {
    const result = parseActions('delete mailbox');
    expect(result).toEqual({ ok: false, message: expect.stringContaining('Block sign-in, Unblock sign-in') });
  });

  it.each([
    ['', { format: 'csv' }],
    ['as json', { format: 'json' }],
    ['2026-01-01', { format: 'csv', from: '2026-01-01' }],
    ['from 2026-01-01 to 2026-01-31 as csv', { format: 'csv', from: '2026-01-01', to: '2026-01-31' }],
  ])('when export audit is followed by "%s", then the request is %j', (text, expected) => {
    expect(parseExportArguments(text)).toEqual({ ok: true, value: expected });
  });

  it.each(['2026-02-30', '2026-02-01 2026-01-01', 'yesterday', '2026-01-01 2026-01-02 2026-01-03'])('when export audit is followed by "%s", then it is refused', (text) => {
    expect(parseExportArguments(text).ok).toBe(false);
  });
});

import { commandsVisibleTo, suggestCommands } from '../../../bot/commands';
import { editDistance } from '../../../bot/commands/suggest';
import { renderHelpCard } from '../../../cards';
import { MANAGEMENT_ACTION_IDS } from '../../../services/access/actions';
import type { Actor } from '../../../services/access/actor';
import { ManualClock } from '../../../services/ports/clock.port';
import { InMemoryDirectory } from '../../support/fakes/in-memory-directory';
import { buildHarness, tempDatabase, type AccessHarness } from '../access/support/access-harness';
import { actor, people, seedContoso, TENANT_A } from '../access/support/contoso';
import { realHelpRows } from './command-table';

const rows = realHelpRows();

describe('Did you mean: misspelt commands → the closest command the caller may run', () => {
  it.each([
    ['turn on managment', 'turn on management'],
    ['turn of management', 'turn off management'],
    ['managment off', 'turn off management'],
    ['stauts', 'status'],
    ['sttus please', 'status'],
    ['hlep', 'help'],
    ['setings', 'settings'],
    ['grnat operator bob', 'grant operator <user> scope <scope> actions <actions>'],
    ['grant auditr bob', 'grant auditor <user>'],
    ['revoke auditer bob', 'revoke auditor <user>'],
    ['blok sign-in for bob', 'block sign-in for <user>'],
    ['unblok sign-in for bob', 'unblock sign-in for <user>'],
    ['revoke sesions for bob', 'revoke sessions for <user>'],
    ['rotaet password now', 'rotate password now'],
    ['rotation histroy', 'rotation history'],
    ['force rest', 'force reset'],
    ['exprot audit', 'export audit [YYYY-MM-DD] [YYYY-MM-DD] [as csv|json]'],
    ['veryfy audit', 'verify audit'],
    ['audti', 'audit'],
    ['operater', 'operators'],
    ['notfy here', 'notify here'],
    ['creat service account', 'create service account'],
    ['swich to advanced', 'switch to advanced | switch to default'],
    ['disable advanced managment', 'disable advanced management'],
    ['auto enable on', 'auto-enable on|off'],
    ['approval polcy four-eyes', 'approval policy [four-eyes|self-approve]'],
  ])('when "%s" is typed, then the first suggestion is "%s", with at most three', (typed, expected) => {
    const suggestions = suggestCommands(typed, rows);
    expect(suggestions[0]?.usage).toBe(expected);
    expect(suggestions.length).toBeLessThanOrEqual(3);
  });

  it.each(['make me a sandwich', 'what is the weather in Paris', 'xyzzy'])('when "%s" is nothing like a command, then nothing is suggested', (typed) => {
    expect(suggestCommands(typed, rows)).toEqual([]);
  });

  it('when a suggestion needs no argument, then it carries the text a button sends; with placeholders, it does not', () => {
    expect(suggestCommands('stauts', rows)[0]).toMatchObject({ usage: 'status', sendText: 'status' });
    expect(suggestCommands('grant auditr bob', rows)[0]?.sendText).toBeUndefined();
  });

  it('when the caller may not run a command, then it is never suggested', () => {
    const noRole = commandsVisibleTo(rows, ['help', 'status']);
    expect(suggestCommands('setings', noRole).map((s) => s.usage)).not.toContain('settings');
  });

  it('when letters are swapped, then the swap costs one edit', () => {
    expect(editDistance('stauts', 'status')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });

  it('when help renders an unrecognised command, then it shows the suggestions, buttons and the hint, not the catalogue', () => {
    const card = renderHelpCard({ unrecognizedText: 'turn on managment', commands: rows, suggestions: suggestCommands('turn on managment', rows) });
    const json = JSON.stringify(card);
    expect(json).toContain('Did you mean');
    expect(json).toContain('Type **help** to see what you can do.');
    expect(json).not.toContain('What I can do');
    expect(json).not.toContain('rotation history');
    expect(card.actions).toEqual([
      { type: 'Action.Submit', title: 'turn on management', data: { msteams: { type: 'imBack', value: 'turn on management' } } },
      { type: 'Action.Submit', title: 'Help', data: { msteams: { type: 'imBack', value: 'help' } } },
    ]);
  });
});

describe('role-aware help: which commands each role is shown', () => {
  let cleanup: () => void;
  let h: AccessHarness;
  const roles: Record<'tenantAdmin' | 'operator' | 'auditor' | 'noRole', Actor> = {
    tenantAdmin: actor(TENANT_A, people.ada),
    operator: actor(TENANT_A, people.olga),
    auditor: actor(TENANT_A, people.aud),
    noRole: actor(TENANT_A, people.uma),
  };
  const visible: Partial<Record<keyof typeof roles, string[]>> = {};

  beforeAll(async () => {
    const database = tempDatabase();
    cleanup = database.cleanup;
    const directory = new InMemoryDirectory();
    seedContoso(directory, TENANT_A);
    h = buildHarness({ dbPath: database.dbPath, directory, clock: new ManualClock() });
    // Olga may block and unblock sign-in, but not revoke sessions.
    const actions = MANAGEMENT_ACTION_IDS.filter((id) => id === 'user.blockSignIn' || id === 'user.unblockSignIn');
    await h.grants.grantOperator(roles.tenantAdmin, { operator: people.olga.userId, scope: [{ kind: 'department', value: 'Sales' }], actions });
    await h.grants.grantAuditor(roles.tenantAdmin, people.aud.userId);
    for (const [role, who] of Object.entries(roles) as Array<[keyof typeof roles, Actor]>) {
      visible[role] = commandsVisibleTo(rows, await h.authorization.capabilitiesOf(who)).map((row) => row.usage);
    }
  });

  afterAll(() => {
    h.close();
    cleanup();
  });

  it.each([
    ['tenantAdmin', 'help', true],
    ['tenantAdmin', 'settings', true],
    ['tenantAdmin', 'grant operator <user> scope <scope> actions <actions>', true],
    ['tenantAdmin', 'revoke sessions for <user>', true],
    ['tenantAdmin', 'audit', true],
    ['operator', 'status', true],
    ['operator', 'turn on management', true],
    ['operator', 'block sign-in for <user>', true],
    ['operator', 'revoke sessions for <user>', false],
    ['operator', 'settings', false],
    ['operator', 'audit', false],
    ['operator', 'grant auditor <user>', false],
    ['auditor', 'audit', true],
    ['auditor', 'verify audit', true],
    ['auditor', 'export audit [YYYY-MM-DD] [YYYY-MM-DD] [as csv|json]', true],
    ['auditor', 'turn on management', false],
    ['auditor', 'create service account', false],
    ['noRole', 'help', true],
    ['noRole', 'status', true],
    ['noRole', 'turn on management', false],
    ['noRole', 'block sign-in for <user>', false],
    ['noRole', 'operators', false],
    ['noRole', 'auto-enable on|off', false],
  ] as const)('when a %s asks for help, then "%s" shown: %s', (role, usage, shown) => {
    expect(visible[role]?.includes(usage)).toBe(shown);
  });

  it('when a tenant admin asks for help, then every command row is shown', () => {
    expect(visible.tenantAdmin).toEqual(rows.map((row) => row.usage));
  });

  it('when someone with no role asks for help, then only help and status are shown', () => {
    expect(visible.noRole).toEqual(['help', 'status']);
  });
});

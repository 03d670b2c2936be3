import type { World } from './crash-world';
import { TENANT_ID } from './crash-world';
import type { BotProcess } from './bot-process';

export const MANAGEMENT_UPN = 'mgmt-bot.admin@contoso.example';
export const SECRET_NAME = `mgmt-sa-${TENANT_ID}`;
export const GLOBAL_ADMIN = '62e90394-69f5-4237-9190-012177145e10';

/**
 * The end state issue 5 demands after any number of crashes and reruns: exactly one account,
 * one assignment per configured role, exactly one current (enabled) secret version, whose
 * value signs in as the account, and a bot record that names both.
 */
export async function expectOneWorkingAccount(world: World, process: BotProcess, roles: readonly string[] = [GLOBAL_ADMIN]): Promise<void> {
  const accounts = [...world.directory.users.values()].filter((u) => u.userPrincipalName === MANAGEMENT_UPN);
  expect(accounts).toHaveLength(1);
  const account = accounts[0]!;
  const assignments = world.directory.roleAssignments.filter((a) => a.principalId === account.id);
  expect(assignments.map((a) => a.roleDefinitionId).sort()).toEqual([...roles].sort());

  const versions = world.vault.versionsOf(SECRET_NAME);
  const enabled = versions.filter((v) => v.enabled);
  expect(enabled).toHaveLength(1);
  const current = enabled[0]!;
  expect(current.tags).toMatchObject({ state: 'current', tenantId: TENANT_ID, objectId: account.id });
  expect(versions.filter((v) => v.tags['state'] === 'current')).toHaveLength(1);
  await expect(world.tokens.getUserTokenWithPassword(TENANT_ID, MANAGEMENT_UPN, current.value)).resolves.toMatchObject({ claims: { oid: account.id } });

  const record = process.accounts.get(TENANT_ID);
  expect(record).toMatchObject({ objectId: account.id, userPrincipalName: MANAGEMENT_UPN, currentSecretVersion: current.version, secretName: SECRET_NAME });
  expect([...(record?.roleAssignmentIds ?? [])].sort()).toEqual(assignments.map((a) => a.id).sort());
  expect(process.journal.listOpen()).toEqual([]);
}

/** Every string the tests could have leaked: anything the vault holds or held. */
export function expectNoSecretIn(world: World, haystacks: readonly string[]): void {
  const secrets = world.vault.allValues();
  expect(secrets.length).toBeGreaterThan(0);
  for (const secret of secrets) {
    for (const haystack of haystacks) expect(haystack.includes(secret)).toBe(false);
  }
}

/** Every row of every table in the process's SQLite file, as text. */
export function dumpDatabase(process: BotProcess): string[] {
  const tables = process.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{ name: string }>;
  return tables.flatMap(({ name }) => (process.db.prepare(`SELECT * FROM "${name}"`).all() as unknown[]).map((row) => `${name}: ${JSON.stringify(row)}`));
}

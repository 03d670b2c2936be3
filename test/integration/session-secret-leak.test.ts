/**
 * Invariant 1 (no secret leaks) for sessions and actions: after every Default-mode outcome,
 * an Advanced turn-on, a rotation notice, actions and failures, with logging at debug, no
 * password and no token appears in any log line, any row of any SQLite table, the audit, any
 * answer or any error.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../services/adapters/sqlite/database';
import { actorOf, auditRecords, createSessionCloud, PASSWORDS, startSessionProcess, TENANT_ID } from '../support/fakes/fake-session-world';

describe('sessions and actions leak no secret', () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'msb-session-leak-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('when every sign-in outcome, turn-on, action and failure has happened, then no password or token is in logs, tables, audit, answers or errors', async () => {
    const cloud = await createSessionCloud();
    const db = openDatabase(join(dir, 'bot.sqlite'));
    const answers: unknown[] = [];
    const keep = async (work: Promise<unknown>) => answers.push(await work.catch((error: unknown) => ({ error, message: (error as Error).message, json: JSON.stringify(error) })));

    const defaultBot = await startSessionProcess(cloud, { db, mode: 'default', withOperatorGrants: true });
    const ada = actorOf(cloud.people.ada);
    for (const [username, password] of [
      ['ada@contoso.test', PASSWORDS.wrong],
      ['mfa.admin@contoso.test', PASSWORDS.mfaAdmin],
      ['ca.admin@contoso.test', PASSWORDS.caAdmin],
      ['dis.admin@contoso.test', PASSWORDS.disabledAdmin],
      ['nora@contoso.test', PASSWORDS.nora],
      ['ada@contoso.test', PASSWORDS.ada],
    ] as const) {
      await keep(defaultBot.sessions.turnOn(ada, { credentials: { username, password } }));
    }
    await keep(defaultBot.sessions.turnOn(actorOf(cloud.people.operators[0]!), { credentials: { username: 'ada@contoso.test', password: PASSWORDS.ada } }));
    await keep(defaultBot.sessions.getDetails(ada));
    const prepared = await defaultBot.actions.prepare(ada, 'user.blockSignIn', 'adele@contoso.test');
    await keep(defaultBot.actions.execute(ada, prepared.pendingActionId));
    await keep(defaultBot.sessions.turnOff(ada));

    const advancedBot = await startSessionProcess(cloud, { db, mode: 'advanced', autoEnable: true, withServiceAccount: true, logLines: defaultBot.logLines });
    const operator = actorOf(cloud.people.operators[1]!);
    const block = await advancedBot.actions.prepare(operator, 'user.unblockSignIn', 'adele@contoso.test');
    await keep(advancedBot.actions.execute(operator, block.pendingActionId));
    await keep(advancedBot.actions.execute(operator, block.pendingActionId));
    advancedBot.broker.notifyRotated(TENANT_ID);
    cloud.vault.unavailable = true;
    const revoke = await advancedBot.actions.prepare(operator, 'user.revokeSessions', 'alex@contoso.test');
    await keep(advancedBot.actions.execute(operator, revoke.pendingActionId));
    cloud.vault.unavailable = false;
    await keep(advancedBot.sessions.getDetails(ada));
    await keep(advancedBot.sessions.recover());
    await keep(advancedBot.sessions.turnOff(operator));

    const tokensIssued = /fake-token-\d+/;
    const haystacks: Array<[string, string]> = [
      ...advancedBot.logLines.map((line, i) => [`log line ${i}`, line] as [string, string]),
      ...dumpAllTables(db).map((row) => [`table ${row.table}`, row.json] as [string, string]),
      ...(await auditRecords(advancedBot)).map((r) => [`audit #${r.sequence}`, JSON.stringify(r)] as [string, string]),
      ...answers.map((a, i) => [`answer ${i}`, JSON.stringify(a, replacer)] as [string, string]),
    ];
    expect(advancedBot.logLines.length).toBeGreaterThan(10);
    expect(haystacks.some(([where]) => where.startsWith('table management_sessions'))).toBe(true);
    for (const [where, text] of haystacks) {
      for (const [name, password] of Object.entries(PASSWORDS)) {
        if (text.includes(password)) throw new Error(`${name} password found in ${where}`);
      }
      if (tokensIssued.test(text)) throw new Error(`a token found in ${where}`);
    }
    db.close();
  });
});

function dumpAllTables(db: ReturnType<typeof openDatabase>): Array<{ table: string; json: string }> {
  const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as Array<{ name: string }>;
  return tables.flatMap(({ name }) => (db.prepare(`SELECT * FROM "${name}"`).all() as object[]).map((row) => ({ table: name, json: JSON.stringify(row) })));
}

/** Errors serialise their own fields plus message and stack. */
function replacer(_key: string, value: unknown): unknown {
  if (value instanceof Error) return { ...value, message: value.message, stack: value.stack };
  return value;
}

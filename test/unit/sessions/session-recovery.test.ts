import type { ManagementSession, SessionFields } from '../../../services/sessions/session.types';
import { actorOf, auditRecords, createSessionCloud, PASSWORDS, startSessionProcess, TENANT_ID, type SessionCloud, type SessionProcess } from '../../support/fakes/fake-session-world';

/** Writes the session row as a process that died mid-transition would have left it. */
function leaveSession(bot: SessionProcess, fields: Partial<SessionFields> & Pick<SessionFields, 'state'>): ManagementSession {
  const current = bot.sessionStore.getOrCreate(TENANT_ID, new Date('2026-01-05T09:00:00Z'));
  const written = bot.sessionStore.compareAndSet(TENANT_ID, current, { autoEnabled: false, changedAt: '2026-01-05T09:00:00.000Z', ...fields });
  if (!written) throw new Error('could not write the session');
  return written;
}

describe('ManagementSessionService.recover — a restart in every in-between state', () => {
  let cloud: SessionCloud;
  let before: SessionProcess;

  beforeEach(async () => {
    cloud = await createSessionCloud();
    before = await startSessionProcess(cloud, { mode: 'advanced' });
  });

  const restart = () => startSessionProcess(cloud, { db: before.db, logLines: before.logLines });

  it('when the bot died while turning an Advanced session on, then the restart finishes the turn-on and tells the requester', async () => {
    const operator = cloud.people.operators[0]!;
    const release = cloud.issuer.hold();
    const orphan = before.sessions.turnOn(actorOf(operator)).catch((error: unknown) => error);
    await until(() => before.sessionStore.getOrCreate(TENANT_ID, cloud.clock.now()).state === 'ENABLING');

    const after = await restart();
    const recovering = after.sessions.recover();
    release();
    const notices = await recovering;

    expect(notices).toEqual([expect.objectContaining({ kind: 'resumed-on', recipient: expect.objectContaining({ userId: operator.id }) })]);
    const session = (await after.sessions.getStatus(TENANT_ID)).session;
    expect(session).toMatchObject({ state: 'ON', enabledBy: { userId: operator.id }, lastChangeReason: 'restart-resumed' });
    // The dead process's late answer cannot overwrite the recovered session.
    expect(await orphan).toMatchObject({ code: 'SESSION.CONFLICT' });
    expect((await after.sessions.getStatus(TENANT_ID)).session.version).toBe(session.version);
    expect((await auditRecords(after)).filter((r) => r.action === 'session.recover' && r.result.outcome === 'ok')).toHaveLength(1);
  });

  it('when the bot died while turning a Default session on, then it settles OFF because the credentials are gone', async () => {
    leaveSession(before, { state: 'ENABLING', mode: 'default', enabledBy: { userId: cloud.people.ada.id, upn: 'ada@contoso.test' }, attemptId: 'a1' });
    const after = await restart();

    const notices = await after.sessions.recover();

    expect(notices).toEqual([expect.objectContaining({ kind: 'credentials-lost', code: 'SESSION.RESTARTED_CREDENTIALS_LOST', recipient: expect.objectContaining({ userId: cloud.people.ada.id }) })]);
    expect((await after.sessions.getStatus(TENANT_ID)).session).toMatchObject({ state: 'OFF', lastError: { code: 'SESSION.RESTARTED_CREDENTIALS_LOST' } });
  });

  it('when a Default session was ON, then the restart turns it OFF with SESSION.RESTARTED_CREDENTIALS_LOST and the enabler is told', async () => {
    const defaultBot = await startSessionProcess(cloud, { db: before.db, mode: 'default' });
    await defaultBot.sessions.turnOn(actorOf(cloud.people.ada), { credentials: { username: 'ada@contoso.test', password: PASSWORDS.ada } });
    const after = await restart();

    const notices = await after.sessions.recover();

    expect(notices).toEqual([expect.objectContaining({ kind: 'credentials-lost', code: 'SESSION.RESTARTED_CREDENTIALS_LOST' })]);
    expect(notices[0]!.recipient.userId).toBe(cloud.people.ada.id);
    expect((await after.sessions.getStatus(TENANT_ID)).session.state).toBe('OFF');
    expect((await auditRecords(after)).at(-1)).toMatchObject({ action: 'session.recover', result: { outcome: 'ok', code: 'SESSION.RESTARTED_CREDENTIALS_LOST' }, details: { mode: 'default' } });
  });

  it('when an Advanced session was ON, then it stays ON and the first action reads the vault once, lazily', async () => {
    await before.sessions.turnOn(actorOf(cloud.people.ada));
    const readsBefore = cloud.vault.reads;
    const after = await restart();

    expect(await after.sessions.recover()).toEqual([]);
    expect((await after.sessions.getStatus(TENANT_ID)).session.state).toBe('ON');
    expect(cloud.vault.reads).toBe(readsBefore);

    const active = await after.guard.requireActiveSession(TENANT_ID, actorOf(cloud.people.ada));
    await active.directory.revokeSignInSessions(TENANT_ID, cloud.people.adele.id);
    expect(cloud.vault.reads).toBe(readsBefore + 1);
  });

  it('when an Advanced session expired while the bot was down, then the restart turns it OFF and tells the enabler', async () => {
    await before.sessions.turnOn(actorOf(cloud.people.operators[1]!));
    cloud.clock.advance(9 * 3_600_000);
    const after = await restart();

    const notices = await after.sessions.recover();

    expect(notices).toEqual([expect.objectContaining({ kind: 'expired', recipient: expect.objectContaining({ userId: cloud.people.operators[1]!.id }) })]);
    expect((await after.sessions.getStatus(TENANT_ID)).session.state).toBe('OFF');
  });

  it('when the bot died while turning off, then the restart completes the turn-off', async () => {
    await before.sessions.turnOn(actorOf(cloud.people.ada));
    const on = before.sessionStore.getOrCreate(TENANT_ID, cloud.clock.now());
    before.sessionStore.compareAndSet(TENANT_ID, on, { ...on, state: 'DISABLING', changedBy: { userId: cloud.people.ada.id }, lastChangeReason: 'turning-off' });
    const after = await restart();

    const notices = await after.sessions.recover();

    expect(notices).toEqual([expect.objectContaining({ kind: 'turned-off', recipient: expect.objectContaining({ userId: cloud.people.ada.id }) })]);
    expect((await after.sessions.getStatus(TENANT_ID)).session.state).toBe('OFF');
  });

  it('when sessions are OFF or in ERROR, then recovery leaves them alone', async () => {
    leaveSession(before, { state: 'ERROR', mode: 'advanced', lastError: { code: 'SESSION.VAULT_UNAVAILABLE', message: 'x', at: '2026-01-05T09:00:00.000Z' } });
    const after = await restart();
    expect(await after.sessions.recover()).toEqual([]);
    expect((await after.sessions.getStatus(TENANT_ID)).session.state).toBe('ERROR');
  });

  it('when an ENABLING row is left stale and recovery has not run, then a new turn-on takes it over', async () => {
    leaveSession(before, { state: 'ENABLING', mode: 'advanced', enabledBy: { userId: 'u-op05' }, attemptId: 'dead' });
    const after = await restart();
    cloud.clock.advance(3 * 60_000);

    const result = await after.sessions.turnOn(actorOf(cloud.people.ada));

    expect(result).toMatchObject({ outcome: 'turned-on', session: { state: 'ON', enabledBy: { userId: cloud.people.ada.id } } });
  });
});

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 500; i += 1) {
    if (condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  throw new Error('condition not reached');
}

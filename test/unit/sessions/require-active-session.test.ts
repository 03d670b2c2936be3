import { actorOf, auditRecords, createSessionCloud, OTHER_TENANT_ID, PASSWORDS, startSessionProcess, TENANT_ID } from '../../support/fakes/fake-session-world';

describe('requireActiveSession', () => {
  it('when the session is ON, then the directory it returns calls Graph as the service account', async () => {
    const cloud = await createSessionCloud();
    const bot = await startSessionProcess(cloud, { mode: 'advanced' });
    await bot.sessions.turnOn(actorOf(cloud.people.ada));

    const active = await bot.guard.requireActiveSession(TENANT_ID, actorOf(cloud.people.operators[0]!));
    await active.directory.updateUser(TENANT_ID, cloud.people.adele.id, { accountEnabled: false });

    expect(active.autoEnabled).toBe(false);
    expect(active.principal).toMatchObject({ objectId: cloud.people.serviceAccount.id, kind: 'serviceAccount' });
    expect(cloud.tenant.calls).toEqual([expect.objectContaining({ method: 'updateUser', userId: cloud.people.adele.id, callerId: cloud.people.serviceAccount.id })]);
  });

  it('when the session is OFF and auto-enable is on, then it turns on by itself, says so, and audits the auto-enable', async () => {
    const cloud = await createSessionCloud();
    const bot = await startSessionProcess(cloud, { mode: 'advanced', autoEnable: true });
    const operator = cloud.people.operators[2]!;

    const active = await bot.guard.requireActiveSession(TENANT_ID, actorOf(operator));

    expect(active.autoEnabled).toBe(true);
    expect(active.session).toMatchObject({ state: 'ON', autoEnabled: true, enabledBy: { userId: operator.id }, lastChangeReason: 'auto-enabled' });
    expect((await auditRecords(bot)).map((r) => [r.action, r.actor.userId, r.details['mode']])).toEqual([['session.autoEnable', operator.id, 'advanced']]);
    expect((await bot.guard.requireActiveSession(TENANT_ID, actorOf(operator))).autoEnabled).toBe(false);
  });

  it('when 20 operators act at once with auto-enable on, then one session is made and everyone is told it was auto-enabled', async () => {
    const cloud = await createSessionCloud();
    const bot = await startSessionProcess(cloud, { mode: 'advanced', autoEnable: true });

    const results = await Promise.all(cloud.people.operators.map((op) => bot.guard.requireActiveSession(TENANT_ID, actorOf(op))));

    expect(results.every((r) => r.autoEnabled)).toBe(true);
    expect(new Set(results.map((r) => r.session.version)).size).toBe(1);
    expect(cloud.issuer.passwordGrants).toBe(1);
  });

  it('when the session is OFF and auto-enable is off, then it refuses with SESSION.NOT_ACTIVE and changes nothing', async () => {
    const cloud = await createSessionCloud();
    const bot = await startSessionProcess(cloud, { mode: 'advanced', autoEnable: false });

    await expect(bot.guard.requireActiveSession(TENANT_ID, actorOf(cloud.people.operators[0]!))).rejects.toMatchObject({ code: 'SESSION.NOT_ACTIVE' });
    expect(cloud.vault.reads).toBe(0);
    expect((await bot.sessions.getStatus(TENANT_ID)).session.state).toBe('OFF');
  });

  it('when auto-enable is on but the tenant is in Default mode, then it still refuses (Default needs the admin)', async () => {
    const cloud = await createSessionCloud();
    const bot = await startSessionProcess(cloud, { mode: 'default', autoEnable: true });
    await expect(bot.guard.requireActiveSession(TENANT_ID, actorOf(cloud.people.operators[0]!))).rejects.toMatchObject({ code: 'SESSION.NOT_ACTIVE' });
  });

  it('when auto-enable cannot reach the vault, then the action is refused with SESSION.VAULT_UNAVAILABLE (fail closed)', async () => {
    const cloud = await createSessionCloud();
    const bot = await startSessionProcess(cloud, { mode: 'advanced', autoEnable: true });
    cloud.vault.unavailable = true;
    await expect(bot.guard.requireActiveSession(TENANT_ID, actorOf(cloud.people.operators[0]!))).rejects.toMatchObject({ code: 'SESSION.VAULT_UNAVAILABLE' });
    expect((await auditRecords(bot)).at(-1)).toMatchObject({ action: 'session.autoEnable', result: { outcome: 'failed', code: 'SESSION.VAULT_UNAVAILABLE' } });
  });

  it('when a Default-mode session reaches its token expiry, then the guard finds it OFF and the admin is told', async () => {
    const cloud = await createSessionCloud();
    const bot = await startSessionProcess(cloud, { mode: 'default' });
    await bot.sessions.turnOn(actorOf(cloud.people.ada), { credentials: { username: 'ada@contoso.test', password: PASSWORDS.ada } });
    cloud.clock.advance(61 * 60_000);

    await expect(bot.guard.requireActiveSession(TENANT_ID, actorOf(cloud.people.ada))).rejects.toMatchObject({ code: 'SESSION.NOT_ACTIVE' });
    expect(bot.delivered).toEqual([expect.objectContaining({ kind: 'expired', recipient: expect.objectContaining({ userId: cloud.people.ada.id }) })]);
  });

  it('when the actor belongs to another tenant, or the bound directory is asked about another tenant, then it is refused', async () => {
    const cloud = await createSessionCloud();
    const bot = await startSessionProcess(cloud, { mode: 'advanced' });
    await bot.sessions.turnOn(actorOf(cloud.people.ada));

    await expect(bot.guard.requireActiveSession(TENANT_ID, actorOf(cloud.people.ada, OTHER_TENANT_ID))).rejects.toMatchObject({ code: 'SESSION.TENANT_MISMATCH' });
    const active = await bot.guard.requireActiveSession(TENANT_ID, actorOf(cloud.people.ada));
    await expect(active.directory.updateUser(OTHER_TENANT_ID, 'someone', { accountEnabled: false })).rejects.toMatchObject({ code: 'SESSION.TENANT_MISMATCH' });
    expect(cloud.tenant.calls).toHaveLength(0);
  });
});

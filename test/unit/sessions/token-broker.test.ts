import { SessionError } from '../../../services/sessions/session-errors';
import { actorOf, createSessionCloud, PASSWORDS, SERVICE_ACCOUNT_SECRET, startSessionProcess, TENANT_ID, type SessionCloud, type SessionProcess } from '../../support/fakes/fake-session-world';

describe('TokenBroker — Advanced mode', () => {
  let cloud: SessionCloud;
  let bot: SessionProcess;

  beforeEach(async () => {
    cloud = await createSessionCloud();
    bot = await startSessionProcess(cloud, { mode: 'advanced' });
    await bot.sessions.turnOn(actorOf(cloud.people.ada));
  });

  it('when 100 actions need a token with a warm session, then there are 0 extra vault reads and no extra token request', async () => {
    const before = bot.broker.getCounters(TENANT_ID);
    const active = await bot.guard.requireActiveSession(TENANT_ID, actorOf(cloud.people.ada));

    for (let i = 0; i < 100; i += 1) await active.directory.revokeSignInSessions(TENANT_ID, cloud.people.adele.id);

    const after = bot.broker.getCounters(TENANT_ID);
    expect(after.vaultReads - before.vaultReads).toBe(0);
    expect(after.tokenAcquisitions - before.tokenAcquisitions).toBe(0);
    expect(cloud.tenant.callsBy(cloud.people.serviceAccount.id)).toHaveLength(100);
  });

  it('when the cold cache gets 100 token requests at once, then they share one vault read and one token request', async () => {
    bot.broker.dropTenant(TENANT_ID);
    const before = bot.broker.getCounters(TENANT_ID);

    const tokens = await Promise.all(Array.from({ length: 100 }, () => bot.broker.getToken(TENANT_ID)));

    expect(new Set(tokens.map((t) => t.token)).size).toBe(1);
    const after = bot.broker.getCounters(TENANT_ID);
    expect(after.vaultReads - before.vaultReads).toBe(1);
    expect(after.tokenAcquisitions - before.tokenAcquisitions).toBe(1);
  });

  it('when the token nears expiry, then a new one is requested with the cached password (no vault read)', async () => {
    const first = await bot.broker.getToken(TENANT_ID);
    cloud.clock.advance(56 * 60_000);

    const second = await bot.broker.getToken(TENANT_ID);

    expect(second.token).not.toBe(first.token);
    expect(bot.broker.getCounters(TENANT_ID)).toMatchObject({ vaultReads: 1, tokenAcquisitions: 2 });
  });

  it('when Graph answers 401, then the vault is re-read exactly once and the call is retried once', async () => {
    const active = await bot.guard.requireActiveSession(TENANT_ID, actorOf(cloud.people.ada));
    cloud.tenant.revokeToken((await bot.broker.getToken(TENANT_ID)).token);
    const before = bot.broker.getCounters(TENANT_ID);

    await active.directory.updateUser(TENANT_ID, cloud.people.adele.id, { accountEnabled: false });

    const after = bot.broker.getCounters(TENANT_ID);
    expect(after.vaultReads - before.vaultReads).toBe(1);
    expect(after.tokenAcquisitions - before.tokenAcquisitions).toBe(1);
    expect(after.authenticationFailures - before.authenticationFailures).toBe(1);
    expect(cloud.people.adele.accountEnabled).toBe(false);
  });

  it('when ten concurrent calls all get 401 for the same token, then there is still one vault re-read', async () => {
    const active = await bot.guard.requireActiveSession(TENANT_ID, actorOf(cloud.people.ada));
    cloud.tenant.revokeToken((await bot.broker.getToken(TENANT_ID)).token);
    const before = bot.broker.getCounters(TENANT_ID);

    await Promise.all(Array.from({ length: 10 }, () => active.directory.revokeSignInSessions(TENANT_ID, cloud.people.alex.id)));

    expect(bot.broker.getCounters(TENANT_ID).vaultReads - before.vaultReads).toBe(1);
  });

  it('when the password was rotated elsewhere, then the cached password is refused and the vault is re-read (current, then pending)', async () => {
    // A rotation wrote v2 as pending and changed Entra, then stopped before marking it current.
    await cloud.vault.setSecret(SERVICE_ACCOUNT_SECRET, 'Rotated-Password-99!');
    cloud.people.serviceAccount.password = 'Rotated-Password-99!';
    const account = bot.serviceAccounts.get(TENANT_ID)!;
    bot.serviceAccounts.save({ ...account, pendingSecretVersion: 'v2' });
    cloud.clock.advance(56 * 60_000);

    const token = await bot.broker.getToken(TENANT_ID);

    expect(cloud.tenant.authenticate(token.token)).toBe(cloud.people.serviceAccount.id);
    // cached password refused → read current (v1, refused) → read pending (v2, works)
    expect(bot.broker.getCounters(TENANT_ID)).toMatchObject({ vaultReads: 3, authenticationFailures: 1 });
  });

  it('when a rotation is announced, then the next call reads the new current version', async () => {
    await cloud.vault.setSecret(SERVICE_ACCOUNT_SECRET, 'Rotated-Password-99!');
    cloud.people.serviceAccount.password = 'Rotated-Password-99!';
    bot.serviceAccounts.save({ ...bot.serviceAccounts.get(TENANT_ID)!, currentSecretVersion: 'v2' });

    bot.broker.notifyRotated(TENANT_ID);
    await bot.broker.getToken(TENANT_ID);

    expect(bot.broker.getCounters(TENANT_ID)).toMatchObject({ vaultReads: 2, tokenAcquisitions: 2 });
  });

  it('when neither vault version signs in, then the broker says so instead of guessing', async () => {
    cloud.people.serviceAccount.password = 'Changed-Outside-The-Bot-1!';
    bot.broker.dropTenant(TENANT_ID);
    const error = await bot.broker.getToken(TENANT_ID).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SessionError);
    expect((error as SessionError).code).toBe('SESSION.SERVICE_ACCOUNT_CREDENTIAL_INVALID');
  });

  it('when the vault becomes unavailable after the secret is cached, then warm calls keep working but a re-read fails closed', async () => {
    cloud.vault.unavailable = true;
    await expect(bot.broker.getToken(TENANT_ID)).resolves.toBeDefined();
    bot.broker.notifyRotated(TENANT_ID);
    await expect(bot.broker.getToken(TENANT_ID)).rejects.toMatchObject({ code: 'SESSION.VAULT_UNAVAILABLE' });
  });
});

describe('TokenBroker — Default mode', () => {
  it('when the admin token expires, then calls fail with SESSION.DEFAULT_TOKEN_EXPIRED (it is never refreshed)', async () => {
    const cloud = await createSessionCloud();
    const bot = await startSessionProcess(cloud, { mode: 'default', withServiceAccount: false });
    await bot.sessions.turnOn(actorOf(cloud.people.ada), { credentials: { username: 'ada@contoso.test', password: PASSWORDS.ada } });
    const token = await bot.broker.getToken(TENANT_ID);
    expect(cloud.tenant.authenticate(token.token)).toBe(cloud.people.ada.id);

    cloud.clock.advance(59 * 60_000 + 45_000);

    await expect(bot.broker.getToken(TENANT_ID)).rejects.toMatchObject({ code: 'SESSION.DEFAULT_TOKEN_EXPIRED' });
    expect(cloud.issuer.passwordGrants).toBe(1);
  });
});

import { SessionError } from '../../../services/sessions/session-errors';
import { actorOf, auditRecords, createSessionCloud, PASSWORDS, startSessionProcess, TENANT_ID, type SessionCloud, type SessionProcess } from '../../support/fakes/fake-session-world';

async function expectSessionError(promise: Promise<unknown>, code: string): Promise<SessionError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SessionError);
  expect((error as SessionError).code).toBe(code);
  return error as SessionError;
}

describe('ManagementSessionService — Advanced mode', () => {
  let cloud: SessionCloud;
  let bot: SessionProcess;

  beforeEach(async () => {
    cloud = await createSessionCloud();
    bot = await startSessionProcess(cloud, { mode: 'advanced' });
  });

  it('when an operator turns it on, then the session is ON as the service account, for 8 hours, and audited', async () => {
    const operator = cloud.people.operators[0]!;
    const result = await bot.sessions.turnOn(actorOf(operator));

    expect(result.outcome).toBe('turned-on');
    expect(result.session).toMatchObject({
      state: 'ON',
      mode: 'advanced',
      principal: { objectId: cloud.people.serviceAccount.id, userPrincipalName: 'mgmt-bot.admin@contoso.test', kind: 'serviceAccount' },
      enabledBy: { userId: operator.id, upn: operator.userPrincipalName },
      enabledAt: '2026-01-05T09:00:00.000Z',
      expiresAt: '2026-01-05T17:00:00.000Z',
    });
    expect((await bot.sessions.getStatus(TENANT_ID)).session.state).toBe('ON');
    const turnOn = (await auditRecords(bot)).find((r) => r.action === 'session.turnOn');
    expect(turnOn).toMatchObject({ actor: { userId: operator.id }, principal: { id: cloud.people.serviceAccount.id }, result: { outcome: 'ok' }, details: { mode: 'advanced' } });
  });

  it('when it is turned off, then it is OFF, tokens are dropped, and the next turn-on reads the vault again', async () => {
    const ada = actorOf(cloud.people.ada);
    await bot.sessions.turnOn(ada);
    const off = await bot.sessions.turnOff(ada);

    expect(off.outcome).toBe('turned-off');
    expect(off.session).toMatchObject({ state: 'OFF', lastChangeReason: 'turned-off', changedBy: { userId: ada.userId } });
    expect(off.session.principal).toBeUndefined();
    expect((await bot.sessions.turnOff(ada)).outcome).toBe('already-off');

    await bot.sessions.turnOn(ada);
    expect(bot.broker.getCounters(TENANT_ID)).toMatchObject({ vaultReads: 2, tokenAcquisitions: 2 });
    expect((await auditRecords(bot)).map((r) => r.action)).toEqual(['session.turnOn', 'session.turnOff', 'session.turnOn']);
  });

  it('when there is no service account, then an admin is offered to create it and an operator is told to ask an admin', async () => {
    const empty = await startSessionProcess(cloud, { mode: 'advanced', withServiceAccount: false });
    const forAdmin = await expectSessionError(empty.sessions.turnOn(actorOf(cloud.people.ada)), 'SESSION.NO_SERVICE_ACCOUNT');
    const forOperator = await expectSessionError(empty.sessions.turnOn(actorOf(cloud.people.operators[0]!)), 'SESSION.NO_SERVICE_ACCOUNT');

    expect(forAdmin.details.actorIsTenantAdmin).toBe(true);
    expect(forAdmin.nextStep).toMatch(/Create the service account/);
    expect(forOperator.details.actorIsTenantAdmin).toBe(false);
    expect(forOperator.nextStep).toMatch(/Ask a tenant admin/);
    expect((await empty.sessions.getStatus(TENANT_ID)).session).toMatchObject({ state: 'ERROR', lastError: { code: 'SESSION.NO_SERVICE_ACCOUNT' } });
  });

  it('when Key Vault is unavailable, then turn-on fails closed with SESSION.VAULT_UNAVAILABLE and the failure is audited', async () => {
    cloud.vault.unavailable = true;
    await expectSessionError(bot.sessions.turnOn(actorOf(cloud.people.ada)), 'SESSION.VAULT_UNAVAILABLE');

    expect((await bot.sessions.getStatus(TENANT_ID)).session.state).toBe('ERROR');
    expect(cloud.issuer.passwordGrants).toBe(0);
    expect((await auditRecords(bot)).at(-1)).toMatchObject({ action: 'session.turnOn', result: { outcome: 'failed', code: 'SESSION.VAULT_UNAVAILABLE' } });

    cloud.vault.unavailable = false;
    expect((await bot.sessions.turnOn(actorOf(cloud.people.ada))).session.state).toBe('ON');
  });

  it('when the service account needs MFA, then the error names the policy from the What If check', async () => {
    cloud.tenant.policies.push({ id: 'pol-2', displayName: 'MFA for every admin', userIds: [cloud.people.serviceAccount.id], grant: 'mfa' });
    const error = await expectSessionError(bot.sessions.turnOn(actorOf(cloud.people.ada)), 'SESSION.MFA_REQUIRED');

    expect(error.details.blockingPolicies).toEqual(['MFA for every admin']);
    expect(error.nextStep).toMatch(/Exclude the management service account/);
  });

  it('when someone without a role tries, then it is refused and the denial is audited once', async () => {
    await expectSessionError(bot.sessions.turnOn(actorOf(cloud.people.outsider)), 'SESSION.FORBIDDEN');
    const records = await auditRecords(bot);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ action: 'session.turnOn', actor: { userId: cloud.people.outsider.id }, result: { outcome: 'denied' } });
  });

  it('when no mode is configured, then turn-on explains that an admin must choose one', async () => {
    const unconfigured = await startSessionProcess(cloud, { mode: 'none' });
    const error = await expectSessionError(unconfigured.sessions.turnOn(actorOf(cloud.people.ada)), 'SESSION.MODE_NOT_CONFIGURED');
    expect(error.nextStep).toMatch(/settings/);
  });

  it('when advanced management is disabled elsewhere, then endSession turns the session off, audits why, and tells the enabler', async () => {
    const operator = cloud.people.operators[5]!;
    await bot.sessions.turnOn(actorOf(operator));

    await bot.sessions.endSession(TENANT_ID, { reason: 'advanced-management-disabled', actor: { userId: cloud.people.ada.id }, correlationId: 'c-1' });

    expect((await bot.sessions.getStatus(TENANT_ID)).session).toMatchObject({ state: 'OFF', lastChangeReason: 'ended', lastError: { code: 'SESSION.ENDED_ADVANCED_DISABLED' } });
    expect(bot.delivered).toEqual([expect.objectContaining({ kind: 'turned-off', code: 'SESSION.ENDED_ADVANCED_DISABLED', recipient: expect.objectContaining({ userId: operator.id }) })]);
    expect((await auditRecords(bot)).at(-1)).toMatchObject({ action: 'session.turnOff', actor: { userId: cloud.people.ada.id }, correlationId: 'c-1', details: { reason: 'ended' } });
    await expect(bot.guard.requireActiveSession(TENANT_ID, actorOf(operator))).rejects.toMatchObject({ code: 'SESSION.NOT_ACTIVE' });
  });

  it('when a tenant admin asks for details, then the broker counters are included; an operator is refused', async () => {
    await bot.sessions.turnOn(actorOf(cloud.people.ada));
    const details = await bot.sessions.getDetails(actorOf(cloud.people.ada));
    expect(details.counters).toMatchObject({ tokenAcquisitions: 1, vaultReads: 1 });
    await expectSessionError(bot.sessions.getDetails(actorOf(cloud.people.operators[0]!)), 'SESSION.FORBIDDEN');
  });
});

describe('ManagementSessionService — Default mode', () => {
  let cloud: SessionCloud;
  let bot: SessionProcess;

  beforeEach(async () => {
    cloud = await createSessionCloud();
    bot = await startSessionProcess(cloud, { mode: 'default', withServiceAccount: false });
  });

  it('when the admin signs in with the right password, then the session is ON as that admin until the token expires', async () => {
    const result = await bot.sessions.turnOn(actorOf(cloud.people.ada), { credentials: { username: 'ada@contoso.test', password: PASSWORDS.ada } });

    expect(result.outcome).toBe('turned-on');
    expect(result.limitedByTokenLifetime).toBe(true);
    expect(result.session).toMatchObject({
      state: 'ON',
      mode: 'default',
      principal: { objectId: cloud.people.ada.id, userPrincipalName: 'ada@contoso.test', kind: 'signedInAdmin' },
      expiresAt: '2026-01-05T10:00:00.000Z',
    });
    expect(bot.broker.hasUsableDefaultGrant(TENANT_ID)).toBe(true);
  });

  it.each([
    { account: 'a wrong password', username: 'ada@contoso.test', password: PASSWORDS.wrong, code: 'SESSION.WRONG_PASSWORD', next: /Check them and try again/ },
    { account: 'an MFA-required account', username: 'mfa.admin@contoso.test', password: PASSWORDS.mfaAdmin, code: 'SESSION.MFA_REQUIRED', next: /use Advanced mode, or disable MFA/i },
    { account: 'a conditional-access block', username: 'ca.admin@contoso.test', password: PASSWORDS.caAdmin, code: 'SESSION.BLOCKED_BY_CONDITIONAL_ACCESS', next: /exception/ },
    { account: 'a disabled account', username: 'dis.admin@contoso.test', password: PASSWORDS.disabledAdmin, code: 'SESSION.ACCOUNT_DISABLED', next: /enabled Global Administrator/ },
    { account: 'an unknown account', username: 'nobody@contoso.test', password: PASSWORDS.wrong, code: 'SESSION.USER_NOT_FOUND', next: /Check the user name/ },
    { account: 'a non-admin account', username: 'nora@contoso.test', password: PASSWORDS.nora, code: 'SESSION.NOT_GLOBAL_ADMIN', next: /Global Administrator/ },
  ])('when signing in with $account, then the answer is $code with its own next step', async ({ username, password, code, next }) => {
    const error = await expectSessionError(bot.sessions.turnOn(actorOf(cloud.people.ada), { credentials: { username, password } }), code);

    expect(error.nextStep).toMatch(next);
    expect(`${error.message} ${error.nextStep} ${JSON.stringify(error.details)}`).not.toContain(password);
    const status = await bot.sessions.getStatus(TENANT_ID);
    expect(status.session).toMatchObject({ state: 'ERROR', lastError: { code } });
    expect(bot.broker.hasUsableDefaultGrant(TENANT_ID)).toBe(false);
  });

  it('when conditional access blocks, then the message names the blocking policy', async () => {
    const error = await expectSessionError(
      bot.sessions.turnOn(actorOf(cloud.people.ada), { credentials: { username: 'ca.admin@contoso.test', password: PASSWORDS.caAdmin } }),
      'SESSION.BLOCKED_BY_CONDITIONAL_ACCESS',
    );
    expect(error.message).toContain('"Block sign-ins outside HQ"');
    expect(error.details.blockingPolicies).toEqual(['Block sign-ins outside HQ']);
  });

  it('when an operator tries, then Default mode is refused: it needs the admin who owns the credentials', async () => {
    await expectSessionError(
      bot.sessions.turnOn(actorOf(cloud.people.operators[0]!), { credentials: { username: 'ada@contoso.test', password: PASSWORDS.ada } }),
      'SESSION.DEFAULT_MODE_ADMIN_ONLY',
    );
    expect(cloud.issuer.passwordGrants).toBe(0);
    expect((await auditRecords(bot)).at(-1)).toMatchObject({ result: { outcome: 'denied', code: 'SESSION.DEFAULT_MODE_ADMIN_ONLY' } });
  });

  it('when no credentials are given, then the caller is asked for them (and an ON session needs none)', async () => {
    await expectSessionError(bot.sessions.turnOn(actorOf(cloud.people.ada)), 'SESSION.CREDENTIALS_REQUIRED');
    await bot.sessions.turnOn(actorOf(cloud.people.ada), { credentials: { username: 'ada@contoso.test', password: PASSWORDS.ada } });
    expect((await bot.sessions.turnOn(actorOf(cloud.people.ada))).outcome).toBe('already-on');
  });

  it('when the token lifetime passes, then expireDue turns the session off, drops the token and tells the admin', async () => {
    await bot.sessions.turnOn(actorOf(cloud.people.ada), { credentials: { username: 'ada@contoso.test', password: PASSWORDS.ada } });
    cloud.clock.advance(60 * 60_000);

    const notices = await bot.sessions.expireDue();

    expect(notices).toEqual([expect.objectContaining({ kind: 'expired', code: 'SESSION.EXPIRED', recipient: expect.objectContaining({ userId: cloud.people.ada.id }) })]);
    expect((await bot.sessions.getStatus(TENANT_ID)).session).toMatchObject({ state: 'OFF', lastChangeReason: 'expired' });
    expect(bot.broker.hasUsableDefaultGrant(TENANT_ID)).toBe(false);
    expect((await auditRecords(bot)).at(-1)).toMatchObject({ action: 'session.expire', actor: { userId: 'system' }, details: { mode: 'default' } });
  });
});

describe('ManagementSessionService — expiry', () => {
  it('when the TTL passes, then only expired sessions go OFF and the enabler is told', async () => {
    const cloud = await createSessionCloud();
    const bot = await startSessionProcess(cloud, { mode: 'advanced', sessionTtlInMinutes: 30 });
    const operator = cloud.people.operators[3]!;
    await bot.sessions.turnOn(actorOf(operator));

    cloud.clock.advance(29 * 60_000);
    expect(await bot.sessions.expireDue()).toEqual([]);
    cloud.clock.advance(60_000);
    const notices = await bot.sessions.expireDue();

    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ tenantId: TENANT_ID, kind: 'expired', recipient: { userId: operator.id } });
    expect((await bot.sessions.getStatus(TENANT_ID)).session.state).toBe('OFF');
  });

  it('when an expired session is read before the scheduler runs, then it is turned off and the notice goes to the sink', async () => {
    const cloud = await createSessionCloud();
    const bot = await startSessionProcess(cloud, { mode: 'advanced', sessionTtlInMinutes: 30 });
    await bot.sessions.turnOn(actorOf(cloud.people.ada));
    cloud.clock.advance(31 * 60_000);

    expect((await bot.sessions.getStatus(TENANT_ID)).session.state).toBe('OFF');
    expect(bot.delivered).toEqual([expect.objectContaining({ kind: 'expired', recipient: expect.objectContaining({ userId: cloud.people.ada.id }) })]);
  });
});

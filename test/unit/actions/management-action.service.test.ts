import { ActionError } from '../../../services/actions/action-errors';
import { DirectoryError } from '../../../services/ports/directory.port';
import { actorOf, auditRecords, createSessionCloud, OTHER_TENANT_ID, startSessionProcess, TENANT_ID, type SessionCloud, type SessionProcess } from '../../support/fakes/fake-session-world';

describe('ManagementActionService', () => {
  let cloud: SessionCloud;
  let bot: SessionProcess;

  beforeEach(async () => {
    cloud = await createSessionCloud();
    bot = await startSessionProcess(cloud, { mode: 'advanced', autoEnable: true });
  });

  const operator = () => actorOf(cloud.people.operators[0]!);

  it('when an operator blocks sign-in for an in-scope user, then the user is blocked by the service account and the audit ties both', async () => {
    const prepared = await bot.actions.prepare(operator(), 'user.blockSignIn', 'adele@contoso.test');

    expect(prepared).toMatchObject({ actionId: 'user.blockSignIn', title: 'Block sign-in', autoEnabled: true, target: { userId: cloud.people.adele.id } });
    expect(prepared.description.summary).toBe('Block sign-in for Adele Vance (adele@contoso.test)');
    expect(prepared.description.destructive).toBe(true);
    expect(cloud.people.adele.accountEnabled).toBe(true);

    const result = await bot.actions.execute(operator(), prepared.pendingActionId);

    expect(result).toMatchObject({ outcome: 'done', duplicate: false, principal: { objectId: cloud.people.serviceAccount.id }, summary: 'Sign-in is blocked for adele@contoso.test.' });
    expect(cloud.people.adele.accountEnabled).toBe(false);
    expect(cloud.tenant.calls).toEqual([expect.objectContaining({ method: 'updateUser', userId: cloud.people.adele.id, callerId: cloud.people.serviceAccount.id })]);
    const record = (await auditRecords(bot)).find((r) => r.action === 'user.blockSignIn');
    expect(record).toMatchObject({
      actor: { userId: cloud.people.operators[0]!.id, upn: 'op01@contoso.test' },
      target: { type: 'user', id: cloud.people.adele.id, upn: 'adele@contoso.test' },
      principal: { id: cloud.people.serviceAccount.id, upn: 'mgmt-bot.admin@contoso.test' },
      result: { outcome: 'ok' },
      correlationId: prepared.correlationId,
    });
  });

  it('when unblocking and revoking sessions, then each makes its own Graph call as the service account', async () => {
    cloud.people.alex.accountEnabled = false;
    const unblock = await bot.actions.prepare(operator(), 'user.unblockSignIn', 'alex@contoso.test');
    await bot.actions.execute(operator(), unblock.pendingActionId);
    const revoke = await bot.actions.prepare(operator(), 'user.revokeSessions', 'Alex Wilber');
    const revoked = await bot.actions.execute(operator(), revoke.pendingActionId);

    expect(cloud.people.alex.accountEnabled).toBe(true);
    expect(revoked.outcome).toBe('done');
    expect(cloud.tenant.calls.map((c) => [c.method, c.userId, c.callerId])).toEqual([
      ['updateUser', cloud.people.alex.id, cloud.people.serviceAccount.id],
      ['revokeSignInSessions', cloud.people.alex.id, cloud.people.serviceAccount.id],
    ]);
  });

  it('when the user is outside the operator scope, then it is refused, audited, and nothing is prepared or changed', async () => {
    const error = await bot.actions.prepare(operator(), 'user.blockSignIn', 'fiona@contoso.test').catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ActionError);
    expect(error).toMatchObject({ code: 'ACTION.DENIED', details: { reason: 'ACCESS.NOT_IN_SCOPE' } });
    expect(cloud.people.fiona.accountEnabled).toBe(true);
    expect(cloud.tenant.calls).toHaveLength(0);
    expect(bot.db.prepare('SELECT COUNT(*) AS n FROM pending_actions').get()).toEqual({ n: 0 });
    expect((await auditRecords(bot)).at(-1)).toMatchObject({
      action: 'user.blockSignIn',
      actor: { userId: cloud.people.operators[0]!.id },
      target: { id: cloud.people.fiona.id },
      result: { outcome: 'denied', code: 'ACCESS.NOT_IN_SCOPE' },
    });
  });

  it('when the confirmation is delivered again, then the action does not run twice and the stored answer is returned', async () => {
    const prepared = await bot.actions.prepare(operator(), 'user.blockSignIn', 'adele@contoso.test');
    const first = await bot.actions.execute(operator(), prepared.pendingActionId);
    cloud.people.adele.accountEnabled = true; // someone re-enabled her in the portal meanwhile

    const again = await bot.actions.execute(operator(), prepared.pendingActionId);

    expect(first.duplicate).toBe(false);
    expect(again).toMatchObject({ outcome: 'done', duplicate: true, summary: first.summary, principal: first.principal });
    expect(cloud.people.adele.accountEnabled).toBe(true);
    expect(cloud.tenant.calls).toHaveLength(1);
    expect((await auditRecords(bot)).filter((r) => r.action === 'user.blockSignIn')).toHaveLength(1);
  });

  it('when an unattended caller runs an action three times under one key, then it runs once and every call gets the same answer', async () => {
    const key = 'run-1:block';
    const answers = [];
    for (let i = 0; i < 3; i += 1) answers.push(await bot.actions.runOnce(operator(), 'user.blockSignIn', 'adele@contoso.test', { idempotencyKey: key }));
    expect(answers.map((a) => [a.outcome, a.duplicate])).toEqual([['done', false], ['done', true], ['done', true]]);
    expect(cloud.tenant.calls.filter((call) => call.method === 'updateUser')).toHaveLength(1);
    expect((await auditRecords(bot)).filter((r) => r.action === 'user.blockSignIn')).toHaveLength(1);
    // Another tenant's key space is its own; a new key is a new run.
    await bot.actions.runOnce(operator(), 'user.unblockSignIn', 'adele@contoso.test', { idempotencyKey: 'run-2:unblock' });
    expect(cloud.people.adele.accountEnabled).toBe(true);
  });

  it('when an unattended run targets a user outside the scope, then it is refused like a typed command and nothing is stored under its key', async () => {
    await expect(bot.actions.runOnce(operator(), 'user.blockSignIn', 'fiona@contoso.test', { idempotencyKey: 'run-3:block' })).rejects.toMatchObject({ code: 'ACTION.DENIED', details: { reason: 'ACCESS.NOT_IN_SCOPE' } });
    expect(cloud.tenant.calls).toEqual([]);
    expect(bot.db.prepare('SELECT COUNT(*) AS n FROM pending_actions').get()).toEqual({ n: 0 });
  });

  it('when two deliveries of the same confirmation arrive together, then exactly one runs', async () => {
    const prepared = await bot.actions.prepare(operator(), 'user.revokeSessions', 'adele@contoso.test');

    const results = await Promise.all([bot.actions.execute(operator(), prepared.pendingActionId), bot.actions.execute(operator(), prepared.pendingActionId)]);

    expect(results.filter((r) => !r.duplicate)).toHaveLength(1);
    expect(cloud.tenant.calls).toHaveLength(1);
  });

  it('when another person presses the confirm button, then it is refused and audited, and the preparer can still confirm', async () => {
    const prepared = await bot.actions.prepare(operator(), 'user.blockSignIn', 'adele@contoso.test');
    const intruder = actorOf(cloud.people.operators[1]!);

    await expect(bot.actions.execute(intruder, prepared.pendingActionId)).rejects.toMatchObject({ code: 'ACTION.NOT_PREPARER' });
    await expect(bot.actions.execute(actorOf(cloud.people.operators[0]!, OTHER_TENANT_ID), prepared.pendingActionId)).rejects.toMatchObject({ code: 'ACTION.NOT_FOUND' });
    expect(cloud.tenant.calls).toHaveLength(0);
    expect((await auditRecords(bot)).at(-1)).toMatchObject({ actor: { userId: intruder.userId }, result: { outcome: 'denied', code: 'ACTION.NOT_PREPARER' } });

    expect((await bot.actions.execute(operator(), prepared.pendingActionId)).outcome).toBe('done');
  });

  it('when the confirmation is older than its time limit, then it is refused', async () => {
    const prepared = await bot.actions.prepare(operator(), 'user.blockSignIn', 'adele@contoso.test');
    cloud.clock.advance(16 * 60_000);
    await expect(bot.actions.execute(operator(), prepared.pendingActionId)).rejects.toMatchObject({ code: 'ACTION.EXPIRED' });
    expect(cloud.tenant.calls).toHaveLength(0);
  });

  it('when the operator loses the scope before confirming, then execution is refused at that moment and stays refused', async () => {
    const prepared = await bot.actions.prepare(operator(), 'user.blockSignIn', 'adele@contoso.test');
    await bot.grants.deleteOperatorGrant(TENANT_ID, cloud.people.operators[0]!.id);

    await expect(bot.actions.execute(operator(), prepared.pendingActionId)).rejects.toMatchObject({ code: 'ACTION.DENIED', details: { reason: 'ACCESS.NOT_OPERATOR' } });
    await expect(bot.actions.execute(operator(), prepared.pendingActionId)).rejects.toMatchObject({ code: 'ACTION.DENIED' });
    expect(cloud.people.adele.accountEnabled).toBe(true);
  });

  it('when the session was turned off between confirmation card and click (auto-enable off), then it is refused and can be confirmed later', async () => {
    const manual = await startSessionProcess(cloud, { db: bot.db, autoEnable: false });
    await manual.sessions.turnOn(actorOf(cloud.people.ada));
    const prepared = await manual.actions.prepare(operator(), 'user.blockSignIn', 'adele@contoso.test');
    expect(prepared.autoEnabled).toBe(false);
    await manual.sessions.turnOff(actorOf(cloud.people.ada));

    await expect(manual.actions.execute(operator(), prepared.pendingActionId)).rejects.toMatchObject({ code: 'SESSION.NOT_ACTIVE' });
    expect(cloud.tenant.calls).toHaveLength(0);

    await manual.sessions.turnOn(actorOf(cloud.people.ada));
    expect((await manual.actions.execute(operator(), prepared.pendingActionId)).outcome).toBe('done');
  });

  it('when the target is named loosely, then a unique match is used and an ambiguous one lists candidates', async () => {
    expect((await bot.actions.prepare(operator(), 'user.revokeSessions', 'Adele')).target.userId).toBe(cloud.people.adele.id);
    await expect(bot.actions.prepare(operator(), 'user.revokeSessions', 'A')).rejects.toMatchObject({
      code: 'ACTION.TARGET_AMBIGUOUS',
      details: { candidates: expect.arrayContaining([expect.objectContaining({ upn: 'adele@contoso.test' }), expect.objectContaining({ upn: 'alex@contoso.test' })]) },
    });
    await expect(bot.actions.prepare(operator(), 'user.revokeSessions', 'Zed Nobody')).rejects.toMatchObject({ code: 'ACTION.TARGET_NOT_FOUND' });
    await expect(bot.actions.prepare(operator(), 'user.deleteEverything', 'adele@contoso.test')).rejects.toMatchObject({ code: 'ACTION.UNKNOWN' });
  });

  it('when the service account lacks the permission, then the result says which one and the failure is audited', async () => {
    cloud.tenant.failNextWrites = { count: 1, error: new DirectoryError('DIRECTORY.PERMISSION_DENIED', 'Authorization_RequestDenied', { status: 403 }) };
    const prepared = await bot.actions.prepare(operator(), 'user.blockSignIn', 'adele@contoso.test');

    const result = await bot.actions.execute(operator(), prepared.pendingActionId);

    expect(result).toMatchObject({ outcome: 'failed', code: 'DIRECTORY.PERMISSION_DENIED' });
    expect(result.summary).toContain('User.ReadWrite.All');
    expect((await auditRecords(bot)).at(-1)).toMatchObject({ action: 'user.blockSignIn', result: { outcome: 'failed', code: 'DIRECTORY.PERMISSION_DENIED' } });
  });

  it('when Graph fails ambiguously (503), then the outcome is decided by reading the user back', async () => {
    cloud.tenant.failNextWrites = { count: 1, error: new DirectoryError('DIRECTORY.UNAVAILABLE', 'ServiceUnavailable', { status: 503 }) };
    const prepared = await bot.actions.prepare(operator(), 'user.blockSignIn', 'adele@contoso.test');

    const result = await bot.actions.execute(operator(), prepared.pendingActionId);

    expect(result).toMatchObject({ outcome: 'failed', code: 'ACTION.NOT_APPLIED' });
  });
});

describe('ManagementActionService — a crash after the claim', () => {
  it('when a verifiable action was interrupted, then it is settled by reading the user back, audited, and the operator told', async () => {
    const cloud = await createSessionCloud();
    const bot = await startSessionProcess(cloud, { mode: 'advanced', autoEnable: true });
    const operator = actorOf(cloud.people.operators[0]!);
    const prepared = await bot.actions.prepare(operator, 'user.blockSignIn', 'adele@contoso.test');
    // The dying process claimed it and its PATCH reached Graph, then the process died.
    bot.pendingActions.claim(prepared.pendingActionId, 'dead-claim', cloud.clock.now(), prepared.session.principal!, false);
    cloud.people.adele.accountEnabled = false;
    cloud.clock.advance(3 * 60_000);

    const restarted = await startSessionProcess(cloud, { db: bot.db });
    const notices = await restarted.actions.reconcileInterrupted();

    expect(notices).toEqual([expect.objectContaining({ pendingActionId: prepared.pendingActionId, state: 'done', recipient: expect.objectContaining({ userId: operator.userId }) })]);
    expect(await restarted.actions.execute(operator, prepared.pendingActionId)).toMatchObject({ outcome: 'done', duplicate: true });
    expect((await auditRecords(restarted)).at(-1)).toMatchObject({ action: 'user.blockSignIn', principal: { id: cloud.people.serviceAccount.id }, details: { reconciled: true } });
  });

  it('when an unverifiable action was interrupted, then a redelivery reports "outcome unknown" and does not run it again', async () => {
    const cloud = await createSessionCloud();
    const bot = await startSessionProcess(cloud, { mode: 'advanced', autoEnable: true });
    const operator = actorOf(cloud.people.operators[0]!);
    const prepared = await bot.actions.prepare(operator, 'user.revokeSessions', 'adele@contoso.test');
    bot.pendingActions.claim(prepared.pendingActionId, 'dead-claim', cloud.clock.now(), prepared.session.principal!, false);

    expect(await bot.actions.execute(operator, prepared.pendingActionId)).toMatchObject({ outcome: 'in-progress', duplicate: true });
    cloud.clock.advance(3 * 60_000);
    const result = await bot.actions.execute(operator, prepared.pendingActionId);

    expect(result).toMatchObject({ outcome: 'unknown', duplicate: true, code: 'ACTION.OUTCOME_UNKNOWN' });
    expect(cloud.tenant.calls).toHaveLength(0);
    expect((await auditRecords(bot)).at(-1)).toMatchObject({ result: { outcome: 'failed', code: 'ACTION.OUTCOME_UNKNOWN' } });
  });
});

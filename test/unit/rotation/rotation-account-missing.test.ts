/**
 * Finding 9 of issue 11 (part): a rotation that finds the service account deleted must say so
 * with its own code, ROTATION.ACCOUNT_MISSING, and settle its run as failed at once, instead of
 * leaving the run open for recovery sign-ins that can never succeed. First with the in-memory
 * tenant (every store inspected), then through the bot against the sandbox tenant (the real
 * Graph adapter's 404, the admin's notice).
 */
import { GLOBAL_ADMIN } from '../../../sandbox/directory/seed/contoso-ids';
import { RotationError } from '../../../services/rotation/rotation-errors';
import { startAppWithSandbox, type AppWithSandbox } from '../../support/app-harness';
import { ADMIN_CHANNEL, RotationWorld, SECRET_NAME, TENANT_ID } from '../../support/fakes/fake-rotation-world';
import { createServiceAccount, setMode } from '../../support/session-bot-world';
import { cardTextOf, latestRotationId, waitForPost, waitForRotation } from '../../integration/rotation-bot.world';

const ADA = { userId: 'admin-ada', upn: 'ada@contoso.example', displayName: 'Ada Admin' };
const GONE = 'The management service account no longer exists in Entra ID.';
const RECREATE = 'Re-create the service account from settings.';

describe('a rotation whose service account was deleted in Entra', () => {
  let world: RotationWorld;
  afterEach(() => world.close());

  it('when the account is gone, then the rotation fails at once with ROTATION.ACCOUNT_MISSING, the run is settled as failed, the new version is discarded and admins are told to re-create the account', async () => {
    world = await RotationWorld.create();
    const current = world.record().currentSecretVersion;
    await world.directory.deleteUser(TENANT_ID, world.accountId);

    const error = await world.process.service.rotate(TENANT_ID, { kind: 'manual', actor: ADA }).catch((caught: unknown) => caught);
    world.caught.push(error);

    expect(error).toBeInstanceOf(RotationError);
    expect(error).toMatchObject({ code: 'ROTATION.ACCOUNT_MISSING', userMessage: GONE, nextStep: RECREATE });
    const [run] = world.process.history.list(TENANT_ID, { limit: 5 });
    expect(run).toMatchObject({ result: 'failed', errorCode: 'ROTATION.ACCOUNT_MISSING', settledByRecovery: false, finishedAt: world.clock.now().toISOString() });
    // Nothing is left for recovery: no open run, no pending version anywhere, the current one untouched.
    expect(world.process.service.needsRecovery(TENANT_ID)).toBe(false);
    expect(world.process.service.condition(TENANT_ID)).toMatchObject({ kind: 'healthy' });
    expect(world.record().currentSecretVersion).toBe(current);
    expect(world.record().pendingSecretVersion).toBeUndefined();
    expect(world.versionsIn('current')).toEqual([current]);
    expect(world.versionsIn('pending')).toEqual([]);
    const written = world.vault.versionsOf(SECRET_NAME).find((version) => version.version !== current);
    expect(written).toMatchObject({ enabled: false, tags: expect.objectContaining({ state: 'discarded' }) });
    // The admins hear why and what to do.
    const notice = world.notifier.delivered.find((entry) => entry.target.id === ADMIN_CHANNEL)!.message;
    expect(notice.summary).toContain('Password rotation failed while setting the new password in Entra ID.');
    expect(JSON.stringify(notice)).toContain('ROTATION.ACCOUNT_MISSING');
    expect(JSON.stringify(notice)).toContain(GONE);
    expect(JSON.stringify(notice)).toContain(RECREATE);

    // Asked again, it reports the same cause, not "an earlier rotation is unsettled".
    await expect(world.process.service.rotate(TENANT_ID, { kind: 'manual', actor: ADA })).rejects.toMatchObject({ code: 'ROTATION.ACCOUNT_MISSING' });
    expect(world.process.history.list(TENANT_ID, { limit: 5 }).map((entry) => entry.result)).toEqual(['failed', 'failed']);
    expect(world.leakScan()).toEqual([]);
  });
});

describe('a rotation whose recovery breaks after a failed step', () => {
  let world: RotationWorld;
  afterEach(() => world.close());

  it('when the sign-in check throws an unexpected error, then the caller gets a RotationError and the run is recorded as unresolved, not left running', async () => {
    world = await RotationWorld.create({
      boot: {
        wrapTokens: (tokens) => ({
          getAppToken: (tenantId, scopes) => tokens.getAppToken(tenantId, scopes),
          getUserTokenWithPassword: async () => {
            throw new TypeError('token endpoint answered something unreadable');
          },
        }),
      },
    });
    world.directory.unavailable = true;

    const error = await world.process.service.rotate(TENANT_ID, { kind: 'manual', actor: ADA }).catch((caught: unknown) => caught);
    world.caught.push(error);

    expect(error).toBeInstanceOf(RotationError);
    expect(error).toMatchObject({ code: 'ROTATION.ENTRA_UNAVAILABLE' });
    const [run] = world.process.history.list(TENANT_ID, { limit: 1 });
    expect(run).toMatchObject({ result: 'unresolved', errorCode: 'ROTATION.ENTRA_UNAVAILABLE' });
    expect(world.process.service.condition(TENANT_ID)).toMatchObject({ kind: 'deferred' });
  });
});

describe('a rotation asked in chat after the service account was deleted (sandbox tenant)', () => {
  let app: AppWithSandbox;

  beforeAll(async () => {
    app = await startAppWithSandbox({
      overrides: {
        serviceOptions: {
          serviceAccount: { signInVerifyAttempts: 2, signInVerifyDelayInMs: 50 },
          sessions: { pollIntervalInMs: 20 },
          background: { rotationScheduler: false },
          rotation: { verifyDelayInMs: 50, entraRetry: { maxAttempts: 2, maxTotalWaitInMs: 2_000, baseDelayInMs: 50 } },
        },
      },
    });
    setMode(app, 'advanced', false);
    await createServiceAccount(app, GLOBAL_ADMIN);
  }, 120_000);

  afterAll(async () => {
    await app?.close();
  });

  it('when an admin asks for a rotation, then the run is recorded as failed with ROTATION.ACCOUNT_MISSING right away and the admin is told to re-create the account', async () => {
    const admin = app.as(GLOBAL_ADMIN);
    const record = app.app.services.serviceAccountRepo.get(app.tenantId)!;
    await app.app.services.directory.deleteUser(app.tenantId, record.objectId);
    const previous = latestRotationId(app);
    const posted = app.bot.connector.sent(admin.conversationId).length;

    await app.exchange(admin.message('rotate password now'));
    const run = await waitForRotation(app, previous, 15_000);

    expect(run).toMatchObject({ result: 'failed', errorCode: 'ROTATION.ACCOUNT_MISSING', settledByRecovery: false });
    expect(run.finishedAt).toBeDefined();
    const notice = await waitForPost(app, admin.conversationId, GONE, { after: posted });
    expect(cardTextOf(notice)).toContain(RECREATE);
    expect(app.app.services.rotation.needsRecovery(app.tenantId)).toBe(false);
    expect(app.app.services.serviceAccountRepo.get(app.tenantId)).toMatchObject({ currentSecretVersion: record.currentSecretVersion });
    expect(app.app.services.serviceAccountRepo.get(app.tenantId)?.pendingSecretVersion).toBeUndefined();
  });
});

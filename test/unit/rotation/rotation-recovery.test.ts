import { SignInError } from '../../../services/ports/token-issuer.port';
import { ADMIN_CHANNEL, RotationWorld, SECRET_NAME, TENANT_ID } from '../../support/fakes/fake-rotation-world';
import { FaultPlan, withFaults } from '../../support/fakes/flaky-ports';

const ADA = { userId: 'admin-ada', upn: 'ada@contoso.example', displayName: 'Ada Admin' };

describe('rotation recovery', () => {
  let world: RotationWorld;
  afterEach(() => world.close());

  it('when someone reset the password outside the bot, then the start-up check raises one locked-out alert, the schedule refuses to rotate, and an admin\'s fresh password restores sign-in', async () => {
    world = await RotationWorld.create({ start: '2026-01-10T10:00:00Z' });
    await world.directory.setPassword(TENANT_ID, world.accountId, world.generate());
    const stale = world.record().currentSecretVersion;

    const startup = await world.process.scheduler.start();

    expect(startup.recoveries).toEqual([{ tenantId: TENANT_ID, outcome: 'locked-out' }]);
    expect(world.process.service.condition(TENANT_ID)).toMatchObject({ kind: 'locked-out', state: { kind: 'locked-out', rejectedVersions: [stale] } });
    const alerts = world.notifier.delivered.filter((entry) => entry.target.id === ADMIN_CHANNEL);
    expect(alerts.map((entry) => entry.message.summary)).toEqual([
      'Neither password in Key Vault signs in as mgmt-bot.admin@contoso.example any more. Management sessions cannot start until a fresh password is set.',
    ]);
    expect(JSON.stringify(alerts[0]?.message.card)).toContain('"verb":"rotation.forceReset"');

    // The Monday slot comes: the schedule never resets a password unattended after an alert.
    world.clock.set('2026-01-12T02:00:00Z');
    const tick = await world.process.scheduler.tick();
    expect(tick.rotations).toEqual([{ tenantId: TENANT_ID, slot: '2026-01-12T02:00:00.000Z', outcome: 'ROTATION.LOCKED_OUT' }]);
    expect(world.directory.passwordMatches(world.accountId, world.vault.versionsOf(SECRET_NAME)[0]!.value)).toBe(false);
    // A new tenant day brings one reminder (still dated from the first detection); more ticks that day bring none.
    world.clock.advance(60_000);
    await world.process.scheduler.tick();
    const reminders = world.notifier.delivered.filter((entry) => entry.target.id === ADMIN_CHANNEL);
    expect(reminders).toHaveLength(2);
    expect(JSON.stringify(reminders[1]?.message.card)).toContain('Sat, 10 Jan 2026, 11:00 (Europe/Amsterdam)');

    const reset = await world.process.service.forceReset(TENANT_ID, ADA);

    expect(world.convergedState()).toEqual({ currentTagged: [reset.newVersion], storeCurrent: reset.newVersion, currentSignsIn: true, pendingTagged: [] });
    expect(world.process.service.condition(TENANT_ID)).toMatchObject({ kind: 'healthy' });
    expect(world.process.history.list(TENANT_ID, { limit: 5 }).map((entry) => [entry.trigger, entry.result, entry.errorCode])).toEqual([
      ['recovery', 'succeeded', undefined],
      ['schedule', 'failed', 'ROTATION.LOCKED_OUT'],
    ]);
    expect(world.leakScan()).toEqual([]);
  });

  it('when Entra cannot be reached to verify, then both versions stay candidates for the broker and the scheduler settles the run once Entra is back', async () => {
    world = await RotationWorld.create();
    const outage = new FaultPlan().add({ method: 'getUserTokenWithPassword', error: () => new SignInError('SIGNIN.UNAVAILABLE', 'unavailable') });
    world.boot({ wrapTokens: (tokens) => withFaults(tokens, outage) });
    const before = world.record().currentSecretVersion;

    await expect(world.process.service.rotate(TENANT_ID, { kind: 'manual', actor: ADA })).rejects.toMatchObject({ code: 'ROTATION.ENTRA_UNAVAILABLE' });

    const pending = world.record().pendingSecretVersion!;
    await expect(world.process.service.credentialCandidates(TENANT_ID)).resolves.toEqual([
      { secretName: SECRET_NAME, version: before, role: 'current' },
      { secretName: SECRET_NAME, version: pending, role: 'pending' },
    ]);
    expect(world.process.history.list(TENANT_ID, { limit: 1 })[0]).toMatchObject({ result: 'unresolved', errorCode: 'ROTATION.ENTRA_UNAVAILABLE' });
    const failure = world.notifier.delivered.find((entry) => entry.target.id === ADMIN_CHANNEL)!.message;
    expect(failure.summary).toBe('Password rotation failed while the test sign-in with the new password. The account signs in with the current or the new password; the bot settles which by itself.');

    // Not before the deferred retry time, then on the next tick once Entra answers again.
    expect(world.process.service.needsRecovery(TENANT_ID)).toBe(false);
    world.clock.advance(5 * 60_000);
    outage.clear();
    const tick = await world.process.scheduler.tick();

    expect(tick.recoveries).toEqual([{ tenantId: TENANT_ID, outcome: 'promoted' }]);
    expect(world.convergedState()).toEqual({ currentTagged: [pending], storeCurrent: pending, currentSignsIn: true, pendingTagged: [] });
    expect(world.process.history.list(TENANT_ID, { limit: 1 })[0]).toMatchObject({ result: 'succeeded', settledByRecovery: true, newVersion: pending });
    expect(world.notifier.summariesFor(ADMIN_CHANNEL).at(-1)).toMatch(/^Password rotated at .*, version .*, next rotation .*\.$/);
    expect(world.process.tokenDrops).toEqual([TENANT_ID]);
    expect(world.leakScan()).toEqual([]);
  });

  it("when the crashed holder's lease has not expired, then recovery is refused with ROTATION.IN_PROGRESS, and succeeds once it has", async () => {
    world = await RotationWorld.create({ boot: { crash: { port: 'directory', point: { method: 'setPassword' } } } });
    await world.process.service.rotate(TENANT_ID, { kind: 'manual', actor: ADA }).catch((error: unknown) => world.caught.push(error));
    world.process.db.close();
    const restarted = world.boot();

    await expect(restarted.service.recover(TENANT_ID)).rejects.toMatchObject({ code: 'ROTATION.IN_PROGRESS' });
    expect(restarted.service.needsRecovery(TENANT_ID)).toBe(true);

    world.clock.advance(5 * 60_000);
    await expect(restarted.service.recover(TENANT_ID)).resolves.toMatchObject({ kind: 'promoted' });
    expect(world.convergedState().currentSignsIn).toBe(true);
  });

  it('when the provisioned version carries no state tag, then recovery tags it current without signing in', async () => {
    world = await RotationWorld.create();
    const current = world.record().currentSecretVersion;
    await world.vault.updateVersion(SECRET_NAME, current, { tags: { managedBy: 'management-session-bot', tenantId: TENANT_ID } });
    const signInsBefore = world.tokens.attempts.length;

    await expect(world.process.service.recover(TENANT_ID)).resolves.toEqual({ kind: 'normalized', currentVersion: current });

    expect(world.convergedState().currentTagged).toEqual([current]);
    expect(world.tokens.attempts.length).toBe(signInsBefore);
    await expect(world.process.service.recover(TENANT_ID)).resolves.toEqual({ kind: 'clean' });
  });

  it('when provisioning marked old versions retired/abandoned, then recovery reads them as previous/discarded and leaves them alone', async () => {
    world = await RotationWorld.create();
    const stray = await world.vault.setSecret(SECRET_NAME, world.generate(), { tags: { managedBy: 'management-session-bot', state: 'abandoned' } });
    await world.vault.updateVersion(SECRET_NAME, stray.version, { tags: { managedBy: 'management-session-bot', state: 'abandoned' }, enabled: false });

    await expect(world.process.service.recover(TENANT_ID)).resolves.toEqual({ kind: 'clean' });
    const result = await world.process.service.rotate(TENANT_ID, { kind: 'manual', actor: ADA });
    expect(world.convergedState().currentTagged).toEqual([result.newVersion]);
  });
});

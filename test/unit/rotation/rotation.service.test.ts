import { RotationError } from '../../../services/rotation/rotation-errors';
import { versionState } from '../../../services/rotation/rotation-vault-tags';
import { ADMIN_CHANNEL, ADMIN_IDS, RotationWorld, SECRET_NAME, TENANT_ID } from '../../support/fakes/fake-rotation-world';

const ADA = { userId: 'admin-ada', upn: 'ada@contoso.example', displayName: 'Ada Admin' };

describe('RotationService.rotate', () => {
  let world: RotationWorld;

  beforeEach(async () => {
    world = await RotationWorld.create({ start: '2026-01-07T10:00:00Z' });
  });

  afterEach(() => world.close());

  it('when a tenant admin rotates, then exactly one new current version signs in and the old one is retired', async () => {
    const before = world.record().currentSecretVersion;

    const result = await world.process.service.rotate(TENANT_ID, { kind: 'manual', actor: ADA });

    expect(result.previousVersion).toBe(before);
    expect(world.convergedState()).toEqual({ currentTagged: [result.newVersion], storeCurrent: result.newVersion, currentSignsIn: true, pendingTagged: [] });
    const old = world.vault.versionsOf(SECRET_NAME).find((version) => version.version === before);
    expect(old).toMatchObject({ enabled: false });
    expect(versionState(old!)).toBe('previous');
    expect(world.directory.passwordMatches(world.accountId, old!.value)).toBe(false);
    expect(world.process.tokenDrops).toEqual([TENANT_ID]);
    expect(world.record()).toMatchObject({ lastRotationAt: '2026-01-07T10:00:00.000Z', nextRotationAt: '2026-01-12T02:00:00.000Z' });
  });

  it('when a rotation succeeds, then history, audit and the admins\' notice say so without any password', async () => {
    const result = await world.process.service.rotate(TENANT_ID, { kind: 'manual', actor: ADA });

    const [entry] = world.process.history.list(TENANT_ID, { limit: 5 });
    expect(entry).toMatchObject({
      rotationId: result.rotationId,
      trigger: 'manual',
      initiatedBy: 'Ada Admin (ada@contoso.example)',
      result: 'succeeded',
      newVersion: result.newVersion,
      previousVersion: result.previousVersion,
      settledByRecovery: false,
    });
    expect(entry?.durationInMs).toBeGreaterThanOrEqual(0);

    const audit = await world.process.audit.list(TENANT_ID, { limit: 10 });
    expect(audit.records.map((record) => record.action)).toEqual(['rotation.succeeded', 'rotation.started']);
    expect(audit.records[0]).toMatchObject({ actor: { userId: 'admin-ada' }, principal: { id: 'bot-app-client-id' }, result: { outcome: 'ok' }, correlationId: result.rotationId });

    for (const target of [ADMIN_CHANNEL, ...ADMIN_IDS]) {
      expect(world.notifier.summariesFor(target)).toEqual([
        `Password rotated at Wed, 07 Jan 2026, 11:00 (Europe/Amsterdam), version ${result.newVersion.slice(0, 8)}, next rotation Mon, 12 Jan 2026, 03:00 (Europe/Amsterdam).`,
      ]);
    }
    expect(world.leakScan()).toEqual([]);
  });

  it('when a rotation holds the tenant lease, then a second one is refused with ROTATION.IN_PROGRESS and changes nothing', async () => {
    const first = world.process.service.rotate(TENANT_ID, { kind: 'schedule', slot: '2026-01-12T02:00:00.000Z' });
    const second = world.process.service.rotate(TENANT_ID, { kind: 'manual', actor: ADA });

    await expect(second).rejects.toMatchObject({ code: 'ROTATION.IN_PROGRESS' });
    const result = await first;
    expect(world.convergedState().currentTagged).toEqual([result.newVersion]);
    expect(world.process.history.list(TENANT_ID, { limit: 10 })).toHaveLength(1);
  });

  it('when rotations run back to back, then each one retires the previous and the vault never holds two current versions', async () => {
    const first = await world.process.service.rotate(TENANT_ID, { kind: 'manual', actor: ADA });
    const second = await world.process.service.rotate(TENANT_ID, { kind: 'approval', actor: ADA });

    expect(second.previousVersion).toBe(first.newVersion);
    expect(world.convergedState()).toMatchObject({ currentTagged: [second.newVersion], currentSignsIn: true });
    expect(world.vault.versionsOf(SECRET_NAME).filter((version) => version.enabled).map((version) => version.version)).toEqual([second.newVersion]);
  });

  it('when the tenant has no service account, then rotate throws ROTATION.NO_SERVICE_ACCOUNT', async () => {
    await expect(world.process.service.rotate('other-tenant', { kind: 'manual', actor: ADA })).rejects.toBeInstanceOf(RotationError);
    await expect(world.process.service.rotate('other-tenant', { kind: 'manual', actor: ADA })).rejects.toMatchObject({ code: 'ROTATION.NO_SERVICE_ACCOUNT' });
  });

  it('when a password is planted in a log line and a table, then the leak scan finds both (the scan itself works)', async () => {
    await world.process.service.rotate(TENANT_ID, { kind: 'manual', actor: ADA });
    const planted = world.generated.at(-1)!;
    world.logger.info({ note: `oops ${planted}` }, 'planted');
    world.process.db.exec(`CREATE TABLE planted (v TEXT); INSERT INTO planted VALUES ('${planted}')`);

    expect(world.leakScan()).toEqual(['logs', 'table planted']);
  });

  it('when nothing is in flight, then the broker is told to try only the current version', async () => {
    await expect(world.process.service.credentialCandidates(TENANT_ID)).resolves.toEqual([
      { secretName: SECRET_NAME, version: world.record().currentSecretVersion, role: 'current' },
    ]);
    expect(world.process.service.needsRecovery(TENANT_ID)).toBe(false);
  });
});

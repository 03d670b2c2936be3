import { VaultError } from '../../../services/ports/secret-vault.port';
import { RotationSchedule } from '../../../services/scheduling/rotation-schedule';
import { ADMIN_CHANNEL, RotationWorld, TENANT_ID } from '../../support/fakes/fake-rotation-world';
import { FaultPlan, withFaults } from '../../support/fakes/flaky-ports';

const MINUTE = 60_000;

/** Ticks every `stepInMs` from the clock's time until `until`, collecting the scheduled rotations and when they ran. */
async function tickThrough(world: RotationWorld, until: string, stepInMs = 30 * MINUTE): Promise<Array<{ slot: string; ranAt: string; outcome: string }>> {
  const runs: Array<{ slot: string; ranAt: string; outcome: string }> = [];
  while (world.clock.now().getTime() <= Date.parse(until)) {
    const report = await world.process.scheduler.tick();
    for (const rotation of report.rotations) runs.push({ slot: rotation.slot, ranAt: report.at, outcome: rotation.outcome });
    world.clock.advance(stepInMs);
  }
  return runs;
}

const scheduledRuns = (world: RotationWorld) =>
  world.process.history
    .list(TENANT_ID, { limit: 100 })
    .filter((entry) => entry.trigger === 'schedule')
    .map((entry) => entry.initiatedBy)
    .reverse();

describe('rotation scheduler', () => {
  let world: RotationWorld;
  afterEach(() => world.close());

  it('when the weekly slot comes, then it runs exactly once, at Monday 03:00 in the tenant zone', async () => {
    world = await RotationWorld.create({ start: '2026-01-07T10:00:00Z' });
    await world.process.scheduler.start();

    const runs = await tickThrough(world, '2026-01-20T12:00:00Z', 15 * MINUTE);

    expect(runs).toEqual([
      { slot: '2026-01-12T02:00:00.000Z', ranAt: '2026-01-12T02:00:00.000Z', outcome: 'succeeded' },
      { slot: '2026-01-19T02:00:00.000Z', ranAt: '2026-01-19T02:00:00.000Z', outcome: 'succeeded' },
    ]);
    expect(scheduledRuns(world)).toEqual(['schedule (2026-01-12T02:00:00.000Z)', 'schedule (2026-01-19T02:00:00.000Z)']);
    expect(world.record().nextRotationAt).toBe('2026-01-26T02:00:00.000Z');
    expect(world.convergedState().currentSignsIn).toBe(true);
  });

  it('when the process dies in the middle of a slot, then the restart settles that run and does not run the slot again', async () => {
    world = await RotationWorld.create({ start: '2026-01-11T12:00:00Z', boot: { crash: { port: 'directory', point: { method: 'setPassword' } } } });
    await world.process.scheduler.start();
    world.clock.set('2026-01-12T02:00:00Z');

    const dying = await world.process.scheduler.tick();
    expect(dying.errors.map((error) => error.code)).toEqual(['SimulatedCrash']);

    const restarted = world.restart();
    const startup = await restarted.scheduler.start();
    const later = await tickThrough(world, '2026-01-12T06:00:00Z');

    expect(startup.recoveries).toEqual([{ tenantId: TENANT_ID, outcome: 'promoted' }]);
    expect(startup.rotations).toEqual([]);
    expect(later).toEqual([]);
    expect(restarted.history.list(TENANT_ID, { limit: 10 }).map((entry) => [entry.initiatedBy, entry.result, entry.settledByRecovery])).toEqual([
      ['schedule (2026-01-12T02:00:00.000Z)', 'succeeded', true],
    ]);
    expect(world.convergedState().currentSignsIn).toBe(true);
    expect(world.leakScan()).toEqual([]);
  });

  it("when the slot comes while a dead process's lease is still live, then the slot waits for the lease instead of being lost", async () => {
    // A manual rotation is killed at 02:58 local, after Entra took its password; the bot restarts at the 03:00 slot.
    world = await RotationWorld.create({ start: '2026-01-12T01:58:00Z', boot: { crash: { port: 'directory', point: { method: 'setPassword' } } } });
    await world.process.service.rotate(TENANT_ID, { kind: 'manual', actor: { userId: 'admin-ada' } }).catch((error: unknown) => world.caught.push(error));
    world.process.db.close();
    world.clock.set('2026-01-12T02:00:00Z');
    const restarted = world.boot();

    const startup = await restarted.scheduler.start();
    const later = await tickThrough(world, '2026-01-12T02:10:00Z', MINUTE);

    expect(startup.rotations).toEqual([{ tenantId: TENANT_ID, slot: '2026-01-12T02:00:00.000Z', outcome: 'ROTATION.IN_PROGRESS' }]);
    // The dead run's lease expires at 03:03: that tick settles the run (its password becomes current at 03:03),
    // and the slot, whose claim was given back each time, counts that as its rotation instead of rotating twice.
    expect(later).toEqual([
      { slot: '2026-01-12T02:00:00.000Z', ranAt: '2026-01-12T02:00:00.000Z', outcome: 'ROTATION.IN_PROGRESS' },
      { slot: '2026-01-12T02:00:00.000Z', ranAt: '2026-01-12T02:01:00.000Z', outcome: 'ROTATION.IN_PROGRESS' },
      { slot: '2026-01-12T02:00:00.000Z', ranAt: '2026-01-12T02:02:00.000Z', outcome: 'ROTATION.IN_PROGRESS' },
      { slot: '2026-01-12T02:00:00.000Z', ranAt: '2026-01-12T02:03:00.000Z', outcome: 'already-rotated' },
    ]);
    expect(restarted.history.list(TENANT_ID, { limit: 5 }).map((entry) => [entry.trigger, entry.result, entry.settledByRecovery])).toEqual([
      ['manual', 'succeeded', true],
    ]);
    expect(world.record().lastRotationAt).toBe('2026-01-12T02:03:00.000Z');
    expect(world.convergedState().currentSignsIn).toBe(true);
  });

  it('when a manual rotation finished at or after the slot time, then the slot does not rotate again', async () => {
    world = await RotationWorld.create({ start: '2026-01-12T02:00:00Z' });
    await world.process.service.rotate(TENANT_ID, { kind: 'manual', actor: { userId: 'admin-ada' } });

    const runs = await tickThrough(world, '2026-01-12T03:00:00Z');

    expect(runs).toEqual([{ slot: '2026-01-12T02:00:00.000Z', ranAt: '2026-01-12T02:00:00.000Z', outcome: 'already-rotated' }]);
    expect(world.process.history.list(TENANT_ID, { limit: 5 })).toHaveLength(1);
  });

  it('when the bot was down over several slots, then only the most recent missed slot runs, once, at the next start', async () => {
    world = await RotationWorld.create({ start: '2026-01-11T12:00:00Z' });
    await world.process.scheduler.start();
    world.process.db.close();

    world.clock.set('2026-01-28T09:00:00Z');
    const restarted = world.boot();
    const startup = await restarted.scheduler.start();
    const after = await tickThrough(world, '2026-01-28T20:00:00Z');

    expect(startup.rotations).toEqual([{ tenantId: TENANT_ID, slot: '2026-01-26T02:00:00.000Z', outcome: 'succeeded' }]);
    expect(after).toEqual([]);
    expect(scheduledRuns(world)).toEqual(['schedule (2026-01-26T02:00:00.000Z)']);
  });

  it.each([
    {
      zone: 'Europe/Amsterdam',
      cron: '0 3 * * 1',
      from: '2026-03-20T12:00:00Z',
      until: '2026-04-01T00:00:00Z',
      // 03:00 CET (UTC+1) before the switch on 29 March, 03:00 CEST (UTC+2) after it.
      slots: ['2026-03-23T02:00:00.000Z', '2026-03-30T01:00:00.000Z'],
    },
    {
      zone: 'Europe/Amsterdam',
      cron: '0 3 * * 1',
      from: '2026-10-20T12:00:00Z',
      until: '2026-11-03T00:00:00Z',
      // 03:00 CEST before the switch on 25 October, 03:00 CET after it.
      slots: ['2026-10-26T02:00:00.000Z', '2026-11-02T02:00:00.000Z'],
    },
    {
      zone: 'America/New_York',
      cron: '0 3 * * 1',
      from: '2026-03-01T12:00:00Z',
      until: '2026-03-10T00:00:00Z',
      // 03:00 EST (UTC-5), then 03:00 EDT (UTC-4) after 8 March.
      slots: ['2026-03-02T08:00:00.000Z', '2026-03-09T07:00:00.000Z'],
    },
    {
      zone: 'Europe/Amsterdam',
      cron: '30 2 * * 0',
      from: '2026-03-27T12:00:00Z',
      until: '2026-04-06T00:00:00Z',
      // 02:30 does not exist on 29 March (02:00 → 03:00): it runs once, at 03:30 CEST, then 02:30 CEST a week later.
      slots: ['2026-03-29T01:30:00.000Z', '2026-04-05T00:30:00.000Z'],
    },
    {
      zone: 'Europe/Amsterdam',
      cron: '30 2 * * 0',
      from: '2026-10-23T12:00:00Z',
      until: '2026-10-27T00:00:00Z',
      // 02:30 happens twice on 25 October (CEST, then CET): it runs once.
      slots: ['2026-10-25T01:30:00.000Z'],
    },
  ])('when the schedule is "$cron" in $zone across a daylight-saving switch, then it runs at $slots', async ({ zone, cron, from, until, slots }) => {
    world = await RotationWorld.create({ start: from, timeZone: zone, cron });
    await world.process.scheduler.start();

    const runs = await tickThrough(world, until);

    expect(runs).toEqual(slots.map((slot) => ({ slot, ranAt: slot, outcome: 'succeeded' })));
  });

  it('when rotations keep failing for more than 8 days, then admins get one overdue alert per day', async () => {
    world = await RotationWorld.create({ start: '2026-01-07T10:00:00Z' });
    const outage = new FaultPlan().add({ method: 'listVersions', error: () => new VaultError('VAULT.UNAVAILABLE', 'down', { status: 503 }) });
    world.boot({ wrapVault: (vault) => withFaults(vault, outage) });
    await world.process.scheduler.start();

    const runs = await tickThrough(world, '2026-01-16T12:00:00Z', 60 * MINUTE);

    expect(runs).toEqual([{ slot: '2026-01-12T02:00:00.000Z', ranAt: '2026-01-12T02:00:00.000Z', outcome: 'ROTATION.VAULT_UNAVAILABLE' }]);
    const overdue = world.notifier.delivered.filter((entry) => entry.target.id === ADMIN_CHANNEL && entry.message.summary.includes('overdue'));
    expect(overdue.map((entry) => entry.message.summary)).toEqual([
      // Thursday 15 January, 11:00 local, the first tick past 8 days; then Friday 16 January, the first tick of the new local day.
      "The management account's password is overdue for rotation: the last successful rotation was 8 days ago (Wed, 07 Jan 2026, 11:00 (Europe/Amsterdam)).",
      "The management account's password is overdue for rotation: the last successful rotation was 8 days ago (Wed, 07 Jan 2026, 11:00 (Europe/Amsterdam)).",
    ]);
    expect(overdue.map((entry) => JSON.stringify(entry.message.card).includes('"verb":"rotation.retry"'))).toEqual([true, true]);
    expect(world.process.slots.list(TENANT_ID, 'overdue').map((slot) => slot.slotKey)).toEqual(['2026-01-16', '2026-01-15']);
  });

  it('when a heads-up is configured, then admins hear about a scheduled rotation 24 h ahead, once', async () => {
    world = await RotationWorld.create({ start: '2026-01-10T12:00:00Z', boot: { schedulerOptions: { headsUpBeforeInMs: 24 * 60 * MINUTE } } });
    await world.process.scheduler.start();

    await tickThrough(world, '2026-01-12T01:00:00Z', 15 * MINUTE);

    const headsUps = world.notifier.delivered.filter((entry) => entry.target.id === ADMIN_CHANNEL && entry.message.summary.includes('will be rotated'));
    expect(headsUps.map((entry) => entry.message.summary)).toEqual(["The management account's password will be rotated at Mon, 12 Jan 2026, 03:00 (Europe/Amsterdam)."]);
    expect(world.process.slots.list(TENANT_ID, 'heads-up')).toEqual([
      { slotKey: '2026-01-12T02:00:00.000Z', claimedAt: '2026-01-11T02:00:00.000Z' },
    ]);
  });

  it('when an admin changes the schedule, then a slot of the new schedule that lies in the past is not "caught up"', async () => {
    world = await RotationWorld.create({ start: '2026-01-13T10:00:00Z' });
    await world.process.scheduler.start();
    world.process.settings.update(TENANT_ID, { rotationCron: '0 3 * * 0' }, 'admin-ada');

    const runs = await tickThrough(world, '2026-01-18T12:00:00Z');

    expect(runs).toEqual([{ slot: '2026-01-18T02:00:00.000Z', ranAt: '2026-01-18T02:00:00.000Z', outcome: 'succeeded' }]);
  });

  it('when the tenant is not in Advanced mode, then nothing is scheduled', async () => {
    world = await RotationWorld.create({ start: '2026-01-11T12:00:00Z' });
    world.process.settings.update(TENANT_ID, { mode: 'default' });

    const runs = await tickThrough(world, '2026-01-12T06:00:00Z');

    expect(runs).toEqual([]);
  });
});

describe('RotationSchedule', () => {
  it('when asked for the latest slot, then it finds the most recent occurrence within the armed window only', () => {
    const schedule = new RotationSchedule('0 3 * * 1', 'Europe/Amsterdam');
    try {
      expect(schedule.latestAtOrBefore(new Date('2026-01-28T09:00:00Z'), new Date('2026-01-01T00:00:00Z'))?.toISOString()).toBe('2026-01-26T02:00:00.000Z');
      expect(schedule.latestAtOrBefore(new Date('2026-01-26T02:00:00Z'), new Date('2026-01-01T00:00:00Z'))?.toISOString()).toBe('2026-01-26T02:00:00.000Z');
      expect(schedule.latestAtOrBefore(new Date('2026-01-28T09:00:00Z'), new Date('2026-01-27T00:00:00Z'))).toBeUndefined();
      expect(schedule.nextAfter(new Date('2026-01-26T02:00:00Z'))?.toISOString()).toBe('2026-02-02T02:00:00.000Z');
    } finally {
      schedule.dispose();
    }
  });

  it('when a minute-level pattern looks back a year, then the search stays bounded', () => {
    const schedule = new RotationSchedule('* * * * *', 'UTC');
    try {
      expect(schedule.latestAtOrBefore(new Date('2026-01-28T09:00:30Z'), new Date('2025-01-01T00:00:00Z'))?.toISOString()).toBe('2026-01-28T09:00:00.000Z');
    } finally {
      schedule.dispose();
    }
  });

  it('when the pattern or the zone is invalid, then it throws SCHEDULE.INVALID', () => {
    expect(() => new RotationSchedule('not a cron', 'UTC')).toThrow(expect.objectContaining({ code: 'SCHEDULE.INVALID' }));
    expect(() => new RotationSchedule('0 3 * * 1', 'Mars/Olympus_Mons')).toThrow(expect.objectContaining({ code: 'SCHEDULE.INVALID' }));
  });
});

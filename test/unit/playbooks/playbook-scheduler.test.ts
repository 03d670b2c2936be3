/**
 * Scheduled playbook runs with a ManualClock: a cron pattern in the tenant's time zone, one run
 * per slot, one catch-up run for slots missed while the bot was down, and no "catching up" of
 * the time before the schedule was set.
 */
import { ada, PlaybookWorld, TENANT_A } from './support/playbook-world';

const HYGIENE = 'Licence hygiene';
const MINUTE = 60_000;

describe('playbooks: schedule', () => {
  let world: PlaybookWorld;

  beforeEach(() => {
    // Sunday, 4 January 2026, 12:00 UTC.
    world = new PlaybookWorld('2026-01-04T12:00:00Z');
    world.seedLicences();
  });

  afterEach(async () => {
    await world.close();
  });

  /** Ticks every `stepInMs` until `until`, collecting when each scheduled run happened. */
  async function tickThrough(until: string, stepInMs = 15 * MINUTE): Promise<Array<{ slot: string; ranAt: string; outcome: string }>> {
    const runs: Array<{ slot: string; ranAt: string; outcome: string }> = [];
    while (world.clock.now().getTime() <= Date.parse(until)) {
      const report = await world.process.scheduler.runDue(world.clock.now());
      for (const run of report.runs) runs.push({ slot: run.slot, ranAt: report.at, outcome: run.outcome });
      world.clock.advance(stepInMs);
    }
    return runs;
  }

  it('when a tenant admin schedules Mondays 06:00 without a zone, then it runs once per Monday at 06:00 in the tenant\'s zone', async () => {
    const schedule = await world.process.service.setSchedule(ada, HYGIENE, { cron: '0 6 * * 1' });
    expect(schedule).toMatchObject({ cron: '0 6 * * 1', timeZone: 'Europe/Amsterdam', nextRunAt: '2026-01-05T05:00:00.000Z', setBy: { userId: ada.userId } });

    const runs = await tickThrough('2026-01-13T12:00:00Z');

    expect(runs).toEqual([
      { slot: '2026-01-05T05:00:00.000Z', ranAt: '2026-01-05T05:00:00.000Z', outcome: 'completed' },
      { slot: '2026-01-12T05:00:00.000Z', ranAt: '2026-01-12T05:00:00.000Z', outcome: 'completed' },
    ]);
    const scheduled = world.process.repository.listRuns(TENANT_A, { limit: 10 });
    expect(scheduled.map((run) => [run.trigger, run.requestedBy.userId])).toEqual([
      [{ kind: 'schedule', slot: '2026-01-12T05:00:00.000Z' }, ada.userId],
      [{ kind: 'schedule', slot: '2026-01-05T05:00:00.000Z' }, ada.userId],
    ]);
    // A scheduled run is the bot's doing on the admin's behalf.
    expect((await world.auditOf('playbook.run')).map((record) => [record.actor.userId, record.details.onBehalfOf])).toEqual([
      ['system', ada.userId],
      ['system', ada.userId],
    ]);
    expect(world.notices.ofKind('findings').map((notice) => notice.trigger)).toEqual([
      { kind: 'schedule', slot: '2026-01-05T05:00:00.000Z' },
      { kind: 'schedule', slot: '2026-01-12T05:00:00.000Z' },
    ]);
  });

  it('when the bot was down over several slots, then one catch-up run happens at the next tick, and a restart does not run a claimed slot again', async () => {
    await world.process.service.setSchedule(ada, HYGIENE, { cron: '0 6 * * *', timeZone: 'UTC' });
    world.clock.set('2026-01-08T09:30:00Z');

    const first = await world.process.scheduler.runDue(world.clock.now());
    await world.restart();
    const again = await world.process.scheduler.runDue(world.clock.now());

    expect(first.runs.map((run) => [run.slot, run.outcome])).toEqual([['2026-01-08T06:00:00.000Z', 'completed']]);
    expect(again.runs).toEqual([]);
    expect(world.process.repository.listRuns(TENANT_A, { limit: 10 })).toHaveLength(1);
  });

  it('when a schedule is set after today\'s time has passed, then the past is not caught up', async () => {
    await world.process.service.setSchedule(ada, HYGIENE, { cron: '0 6 * * *', timeZone: 'UTC' });

    const runs = await tickThrough('2026-01-05T05:59:00Z');

    expect(runs).toEqual([]);
  });

  it('when a slot comes while the previous run waits for its attestation, then that slot is recorded as skipped and nothing new runs', async () => {
    await world.process.service.setPolicyMode(ada, HYGIENE, 'disabled-users-with-licences', { mode: 'attestation', attestationExpiresInHours: 48 });
    await world.process.service.setSchedule(ada, HYGIENE, { cron: '0 6 * * *', timeZone: 'UTC' });

    const runs = await tickThrough('2026-01-06T07:00:00Z', 30 * MINUTE);

    expect(runs.map((run) => [run.slot, run.outcome])).toEqual([
      ['2026-01-05T06:00:00.000Z', 'awaiting-attestation'],
      ['2026-01-06T06:00:00.000Z', 'PLAYBOOK.RUN_IN_PROGRESS'],
    ]);
    expect(world.process.repository.listRuns(TENANT_A, { limit: 10 })).toHaveLength(1);
    expect(await world.process.harness.approvals.listPending(TENANT_A)).toHaveLength(1);
  });

  it('when the schedule is cleared, then no later slot runs, and the change is audited', async () => {
    await world.process.service.setSchedule(ada, HYGIENE, { cron: '0 6 * * *', timeZone: 'UTC' });
    expect(await world.process.service.clearSchedule(ada, HYGIENE)).toBe(true);

    const runs = await tickThrough('2026-01-06T07:00:00Z', 60 * MINUTE);

    expect(runs).toEqual([]);
    expect((await world.audit()).map((record) => record.action)).toEqual(['playbook.schedule.set', 'playbook.schedule.clear']);
    expect((await world.process.service.list(ada)).find((playbook) => playbook.id === 'licence-hygiene')?.schedule).toBeUndefined();
  });

  it('when the pattern is changed, then the new pattern counts from the change and the list shows the next run in UTC', async () => {
    await world.process.service.setSchedule(ada, HYGIENE, { cron: '0 6 * * 1', timeZone: 'Europe/Amsterdam' });
    world.clock.set('2026-01-05T10:00:00Z');
    await world.process.service.setSchedule(ada, HYGIENE, { cron: '0 7 * * *', timeZone: 'Europe/Amsterdam' });

    const [view] = await world.process.service.list(ada);
    const runs = await tickThrough('2026-01-06T07:00:00Z');

    expect(view?.schedule).toMatchObject({ cron: '0 7 * * *', armedAt: '2026-01-05T10:00:00.000Z', nextRunAt: '2026-01-06T06:00:00.000Z' });
    expect(runs.map((run) => run.slot)).toEqual(['2026-01-06T06:00:00.000Z']);
  });
});

/**
 * A run killed in the middle of its remediation resumes after a restart from where it stood:
 * users already settled are not acted on again, the one whose action was in flight is asked
 * again with the same idempotency key (the action port answers its first outcome), and every
 * finding and remediation ends with exactly one audit record.
 */
import { ada, PlaybookWorld, SimulatedCrash, TENANT_A, type CrashPoint } from './support/playbook-world';

const HYGIENE = 'Licence hygiene';
const POLICY = 'disabled-users-with-licences';

describe('playbooks: resume after a crash', () => {
  let world: PlaybookWorld;

  beforeEach(async () => {
    world = new PlaybookWorld();
    world.seedLicences();
    await world.process.service.setPolicyMode(ada, HYGIENE, POLICY, { mode: 'action' });
  });

  afterEach(async () => {
    await world.close();
  });

  async function crashDuringRun(crashOn: CrashPoint): Promise<string> {
    await world.restart({ crashOn });
    const error = await world.process.service.runPlaybook(ada, HYGIENE).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SimulatedCrash);
    const [run] = world.process.repository.listRuns(TENANT_A, { limit: 1 });
    expect(run?.state).toBe('running');
    return run?.id ?? '';
  }

  const countBy = <T>(items: readonly T[], key: (item: T) => string | undefined): Record<string, number> =>
    items.reduce<Record<string, number>>((counts, item) => ({ ...counts, [key(item) ?? '?']: (counts[key(item) ?? '?'] ?? 0) + 1 }), {});

  it.each([
    ['after Dan\'s licences were removed but before the outcome was stored', { method: 'settleRemediation', userId: 'u-dan', afterWrite: false }, { 'u-dora': 1, 'u-dan': 2, 'u-dina': 1 }],
    ['after Dan was marked in flight but before his action was called', { method: 'startRemediation', userId: 'u-dan', afterWrite: true }, { 'u-dora': 1, 'u-dan': 1, 'u-dina': 1 }],
    ['before Dan was even marked in flight', { method: 'startRemediation', userId: 'u-dan', afterWrite: false }, { 'u-dora': 1, 'u-dan': 1, 'u-dina': 1 }],
  ] as const)('when the process dies %s, then the restarted run finishes and changes each user exactly once', async (_when, crashOn, expectedCalls) => {
    const runId = await crashDuringRun(crashOn);
    expect(world.actions.effects.get('u-dora')).toBe(1);

    await world.restart();
    const resumed = await world.process.service.resumeInterrupted();

    expect(resumed).toBe(1);
    expect(world.licencedDisabled()).toEqual([]);
    // Every user changed once; a call repeated after the crash carries the first call's key.
    expect(Object.fromEntries(world.actions.effects)).toEqual({ 'u-dora': 1, 'u-dan': 1, 'u-dina': 1 });
    expect(countBy(world.actions.calls, (call) => call.targetUserId)).toEqual(expectedCalls);
    expect(new Set(world.actions.calls.filter((call) => call.targetUserId === 'u-dan').map((call) => call.idempotencyKey))).toEqual(new Set([`${runId}:${POLICY}:u-dan`]));

    const report = world.process.service.report(TENANT_A, runId);
    expect(report.run.state).toBe('completed');
    expect(report.policies[0]?.counts).toEqual({ findings: 3, succeeded: 3, failed: 0, unknown: 0, skipped: 0, pending: 0 });
    expect(countBy(await world.auditOf('playbook.finding'), (record) => record.target?.id)).toEqual({ 'u-dora': 1, 'u-dan': 1, 'u-dina': 1 });
    expect(countBy(await world.auditOf('playbook.remediation'), (record) => record.target?.id)).toEqual({ 'u-dora': 1, 'u-dan': 1, 'u-dina': 1 });
    expect(world.notices.ofKind('remediated')).toHaveLength(1);
    expect(await world.auditOf('playbook.run.finish')).toHaveLength(1);
  });

  it('when a finished run is resumed again (a second restart), then nothing is called, audited or announced again', async () => {
    await crashDuringRun({ method: 'settleRemediation', userId: 'u-dina', afterWrite: true });
    await world.restart();
    await world.process.service.resumeInterrupted();
    const calls = world.actions.calls.length;
    const records = (await world.audit()).length;
    const publishes = world.notices.publishes;

    await world.restart();
    expect(await world.process.service.resumeInterrupted()).toBe(0);

    expect(world.actions.calls).toHaveLength(calls);
    expect(await world.audit()).toHaveLength(records);
    expect(world.notices.publishes).toBe(publishes);
  });

  it('when the admin channel cannot be reached, then the run keeps its notice owed and a later pass delivers it once', async () => {
    const publish = world.notices.publish.bind(world.notices);
    let down = true;
    world.notices.publish = async (notice) => {
      if (down) throw Object.assign(new Error('teams down'), { code: 'NOTIFY.FAILED' });
      return publish(notice);
    };

    await expect(world.process.service.runPlaybook(ada, HYGIENE)).rejects.toMatchObject({ code: 'NOTIFY.FAILED' });
    expect(world.licencedDisabled()).toEqual([]);
    expect(world.notices.published).toEqual([]);

    down = false;
    const tick = await world.process.scheduler.runDue(world.clock.now());

    expect(tick.resumed).toBe(1);
    expect(world.notices.ofKind('remediated')).toHaveLength(1);
    expect(world.process.repository.listRuns(TENANT_A, { limit: 1 })[0]?.state).toBe('completed');
    expect(Object.fromEntries(world.actions.effects)).toEqual({ 'u-dora': 1, 'u-dan': 1, 'u-dina': 1 });
  });
});

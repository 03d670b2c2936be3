/**
 * Issue 14, workflow triggers: "on a schedule (croner, tenant time zone) with inputs from a query
 * (a department, a group)". The real WorkflowScheduleService and WorkflowRunService over SQLite,
 * the fake tenant of the workflow world, a manual clock.
 */
import { SqliteWorkflowScheduleRepository } from '../../../services/adapters/sqlite/workflow-schedule.sqlite';
import { cronFromScheduleWords, describeCronSchedule } from '../../../services/scheduling/schedule-words';
import { WorkflowCatalog } from '../../../services/workflows/workflow-catalog';
import { WorkflowScheduleService, type WorkflowScheduleSlotReport } from '../../../services/workflows/workflow-schedules';
import { ada, createWorkflowWorld, olga, users, type WorkflowWorld } from './support/workflow-world';

describe('schedule words', () => {
  it.each([
    ['daily at 06:00', '0 6 * * *', 'daily at 06:00'],
    ['every day at 6pm', '0 18 * * *', 'daily at 18:00'],
    ['weekly on Monday at 07:30', '30 7 * * 1', 'weekly on Monday at 07:30'],
    ['every Friday at 5.15 pm', '15 17 * * 5', 'weekly on Friday at 17:15'],
    ['every weekday at 07:00', '0 7 * * 1-5', 'every weekday at 07:00'],
    ['monthly on day 1 at 06:00', '0 6 1 * *', 'monthly on day 1 at 06:00'],
    ['0 3 * * 1', '0 3 * * 1', 'weekly on Monday at 03:00'],
  ])('when someone writes "%s", then the cron pattern is %s and it reads back as "%s"', (words, cron, back) => {
    expect(cronFromScheduleWords(words)).toBe(cron);
    expect(describeCronSchedule(cron)).toBe(back);
  });

  it.each(['sometimes', 'daily at 25:00', 'every blursday at 06:00', 'monthly on day 31 at 06:00', 'at noon', ''])('when someone writes "%s", then it is not read as a schedule', (words) => {
    expect(cronFromScheduleWords(words)).toBeUndefined();
  });
});

describe('scheduled workflow runs', () => {
  let world: WorkflowWorld;
  let reports: WorkflowScheduleSlotReport[];

  const build = () =>
    new WorkflowScheduleService({
      repository: new SqliteWorkflowScheduleRepository(world.harness.db),
      workflows: world.service,
      catalog: new WorkflowCatalog(world.definitions),
      isTenantAdmin: (actor) => world.guard.isTenantAdmin(actor),
      tenantTimeZone: () => 'Europe/Amsterdam',
      audit: world.harness.audit,
      clock: world.clock,
      report: async (report) => {
        reports.push(report);
      },
    });

  beforeEach(() => {
    world = createWorkflowWorld();
    reports = [];
  });

  afterEach(() => world.close());

  const at = async (iso: string, schedules: WorkflowScheduleService) => {
    world.clock.set(iso);
    const started = await schedules.runDue(world.clock.now());
    await world.service.drain();
    return started;
  };

  it('when a tenant admin schedules offboarding for a department weekly, then each slot runs once per user in the tenant zone, out-of-scope users are refused and reported, and missed slots collapse into one', async () => {
    const schedules = build();
    world.guard.outOfScope.add(users.cora.userId);
    // 2026-01-05 is a Monday; 11:00 in Amsterdam is 10:00 UTC in winter.
    const created = await schedules.create(ada, { workflowName: 'offboarding', query: { department: 'Sales' }, when: 'weekly on Monday at 11:00' });
    expect(created).toMatchObject({ cron: '0 11 * * 1', timeZone: 'Europe/Amsterdam', whenInWords: 'weekly on Monday at 11:00', nextRunAt: '2026-01-05T10:00:00.000Z', workflowTitle: 'Offboarding' });

    expect(await at('2026-01-05T09:59:00Z', schedules)).toBe(0);
    expect(await at('2026-01-05T10:00:30Z', schedules)).toBe(1);
    expect(world.actions.callsOf('user.blockSignIn').map((call) => call.target.upn).sort()).toEqual(['pete@contoso.com', 'sam@contoso.com']);
    expect(reports).toHaveLength(1);
    expect(reports[0]!.result!.runs.map((run) => run.target.upn).sort()).toEqual(['pete@contoso.com', 'sam@contoso.com']);
    expect(reports[0]!.result!.refused).toEqual([expect.objectContaining({ upn: 'cora@contoso.com', code: 'ACCESS.NOT_IN_SCOPE' })]);

    // The same slot again (a second tick, a restart): nothing new.
    expect(await at('2026-01-05T10:05:00Z', schedules)).toBe(0);
    expect(await at('2026-01-05T10:05:00Z', build())).toBe(0);
    expect(world.actions.callsOf('user.blockSignIn')).toHaveLength(2);

    // Down for two weeks: the two missed Mondays make one batch, for the latest.
    expect(await at('2026-01-20T08:00:00Z', schedules)).toBe(1);
    expect(reports.map((report) => report.slot)).toEqual(['2026-01-05T10:00:00.000Z', '2026-01-19T10:00:00.000Z']);
    expect(world.actions.callsOf('user.blockSignIn')).toHaveLength(4);

    const trail = await world.audit();
    expect(trail.filter((record) => record.action === 'workflow.schedule.create')).toEqual([expect.objectContaining({ actor: expect.objectContaining({ userId: ada.userId }), details: expect.objectContaining({ department: 'Sales', cron: '0 11 * * 1', timeZone: 'Europe/Amsterdam' }) })]);
    expect(trail.filter((record) => record.action === 'workflow.batch.start')).toHaveLength(2);
  });

  it('when the process died after claiming a slot and starting part of its batch, then the next tick finishes the slot and starts no user twice', async () => {
    const schedules = build();
    const created = await schedules.create(ada, { workflowName: 'compromised-account', query: { group: 'Leavers' }, when: 'daily at 11:00' });
    world.clock.set('2026-01-05T10:00:10Z');
    // What the dead process did: claimed the slot and started the batch, then died before recording it.
    const repository = new SqliteWorkflowScheduleRepository(world.harness.db);
    expect(repository.claimSlot(ada.tenantId, created.id, '2026-01-05T10:00:00.000Z', world.clock.now().toISOString())).toBe(true);
    await world.service.runScheduled(ada.tenantId, 'compromised-account', { group: 'Leavers' }, { scheduledBy: ada, batchKey: `${created.id}:2026-01-05T10:00:00.000Z` });
    await world.service.drain();
    expect(world.actions.callsOf('user.blockSignIn')).toHaveLength(2);

    world.restart();
    const next = build();
    expect(await at('2026-01-05T10:01:00Z', next)).toBe(1);
    expect(world.actions.callsOf('user.blockSignIn')).toHaveLength(2);
    expect(reports).toHaveLength(1);
    expect(reports[0]!.result!.runs).toHaveLength(2);
    expect(new SqliteWorkflowScheduleRepository(world.harness.db).lastSlot(ada.tenantId, created.id)).toMatchObject({ outcome: 'started', runs: 2, refused: 0 });
    expect(await at('2026-01-05T10:02:00Z', build())).toBe(0);
  });

  it('when a schedule cannot be read, names a workflow that works out its own user, or comes from an operator, then nothing is stored and the words say why', async () => {
    const schedules = build();
    await expect(schedules.create(olga, { workflowName: 'offboarding', query: { department: 'Sales' }, when: 'daily at 06:00' })).rejects.toMatchObject({ code: 'WORKFLOW.NOT_ALLOWED' });
    await expect(schedules.create(ada, { workflowName: 'offboarding', query: { department: 'Sales' }, when: 'now and then' })).rejects.toMatchObject({ code: 'WORKFLOW.INVALID_SCHEDULE', userMessage: `"now and then" isn't a schedule I can read.` });
    await expect(schedules.create(ada, { workflowName: 'offboarding', query: { department: 'Sales' }, when: 'daily at 06:00', timeZone: 'Mars/Olympus' })).rejects.toMatchObject({ code: 'WORKFLOW.INVALID_SCHEDULE' });
    await expect(schedules.create(ada, { workflowName: 'onboarding', query: { department: 'Sales' }, when: 'daily at 06:00' })).rejects.toMatchObject({ code: 'WORKFLOW.INVALID_INPUTS' });
    await expect(schedules.create(ada, { workflowName: 'no-such-workflow', query: { department: 'Sales' }, when: 'daily at 06:00' })).rejects.toMatchObject({ code: 'WORKFLOW.NOT_FOUND' });
    await expect(schedules.list(olga)).rejects.toMatchObject({ code: 'WORKFLOW.NOT_ALLOWED' });
    expect(await schedules.list(ada)).toEqual([]);
  });

  it('when a schedule is removed, then no later slot runs, runs already started go on, and the removal is audited', async () => {
    const schedules = build();
    const created = await schedules.create(ada, { id: 'click-1', workflowName: 'offboarding', query: { department: 'Sales' }, when: 'daily at 11:00' });
    // A repeated click stores one schedule.
    await schedules.create(ada, { id: 'click-1', workflowName: 'offboarding', query: { department: 'Sales' }, when: 'daily at 11:00' });
    expect((await schedules.list(ada)).map((schedule) => schedule.id)).toEqual([created.id]);
    expect(await at('2026-01-05T10:00:10Z', schedules)).toBe(1);
    await expect(schedules.remove(olga, created.id)).rejects.toMatchObject({ code: 'WORKFLOW.NOT_ALLOWED' });
    await schedules.remove(ada, created.id);
    await expect(schedules.remove(ada, created.id)).rejects.toMatchObject({ code: 'WORKFLOW.SCHEDULE_NOT_FOUND' });
    expect(await at('2026-01-06T10:00:10Z', schedules)).toBe(0);
    expect(world.actions.callsOf('user.blockSignIn')).toHaveLength(3);
    expect((await world.audit()).filter((record) => record.action === 'workflow.schedule.remove')).toHaveLength(1);
  });

  it('when someone runs a workflow for a department now, then the preview names who it covers and who is left out, and Start (delivered twice) makes one run per user', async () => {
    world.guard.outOfScope.add(users.cora.userId);
    const preview = await world.service.previewBatch(ada, 'offboarding', { department: 'Sales' }, {});
    expect(preview.users.map((user) => user.upn).sort()).toEqual(['pete@contoso.com', 'sam@contoso.com']);
    expect(preview.refused).toEqual([expect.objectContaining({ upn: 'cora@contoso.com', code: 'ACCESS.NOT_IN_SCOPE' })]);
    expect(world.actions.calls).toEqual([]);

    const first = await world.service.startBatch(ada, 'offboarding', { department: 'Sales' }, {}, { startKey: 'invoke:1' });
    const again = await world.service.startBatch(ada, 'offboarding', { department: 'Sales' }, {}, { startKey: 'invoke:1' });
    await world.service.drain();
    expect(again.batchId).toBe(first.batchId);
    expect(world.actions.callsOf('user.blockSignIn').map((call) => call.target.upn).sort()).toEqual(['pete@contoso.com', 'sam@contoso.com']);
    expect(world.service.batchViews(ada.tenantId, first.batchId).map((run) => [run.target.upn, run.state, run.trigger]).sort()).toEqual([
      ['pete@contoso.com', 'succeeded', 'manual'],
      ['sam@contoso.com', 'succeeded', 'manual'],
    ]);
    expect((await world.audit()).filter((record) => record.action === 'workflow.batch.start')).toHaveLength(1);

    world.guard.outOfScope.add(users.pete.userId).add(users.sam.userId);
    await expect(world.service.previewBatch(ada, 'offboarding', { department: 'Sales' }, {})).rejects.toMatchObject({ code: 'WORKFLOW.NOT_ALLOWED' });
  });

  it("when the tenant admin who set a schedule is no longer one, then its slot starts nothing and says why", async () => {
    const schedules = build();
    await schedules.create(ada, { workflowName: 'offboarding', query: { department: 'Sales' }, when: 'daily at 11:00' });
    world.guard.tenantAdmins.delete(ada.userId);
    expect(await at('2026-01-05T10:00:10Z', schedules)).toBe(1);
    expect(world.actions.calls).toEqual([]);
    expect(reports).toEqual([expect.objectContaining({ error: expect.objectContaining({ code: 'WORKFLOW.NOT_ALLOWED', message: expect.stringContaining('is no longer a tenant admin') }) })]);
  });

  it("when an operator runs a workflow for more users than the tenant's bulk approval size, then it is refused in words and nothing starts", async () => {
    world.guard.operatorBatchLimit = 1;
    await expect(world.service.previewBatch(olga, 'offboarding', { department: 'Sales' }, {})).rejects.toMatchObject({ code: 'WORKFLOW.NOT_ALLOWED', userMessage: expect.stringContaining('at most 1 user at once') });
    await expect(world.service.startBatch(olga, 'offboarding', { department: 'Sales' }, {}, { startKey: 'invoke:2' })).rejects.toMatchObject({ code: 'WORKFLOW.NOT_ALLOWED' });
    await world.service.drain();
    expect(world.actions.calls).toEqual([]);
    // A tenant admin is not held to it.
    expect((await world.service.previewBatch(ada, 'offboarding', { department: 'Sales' }, {})).users.length).toBeGreaterThan(1);
  });
});

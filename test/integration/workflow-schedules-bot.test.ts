/**
 * Issue 14, workflow triggers "on a schedule (croner, tenant time zone) with inputs from a query
 * (a department, a group)", over HTTP to the real bot against the sandbox tenant: a tenant admin
 * schedules offboarding for a department from the form (a schedule it can't read comes back on
 * the form, nothing stored; Schedule clicked twice stores one); the slot, when it comes round,
 * starts one run per user of the department, which the sandbox shows done, and the admin gets a
 * card saying what ran; the same slot again starts nothing; Remove stops it. All audited.
 */
import { GLOBAL_ADMIN } from '../../sandbox/directory/seed/contoso-ids';
import type { SandboxUser } from '../../sandbox/directory/model';
import { Verbs } from '../../cards';
import type { WorkflowRunView } from '../../services/workflows/workflow-run.types';
import { waiveApprovals } from '../support/action-approval-choices';
import { startAppWithSandbox, type AppWithSandbox, type UserChannel } from '../support/app-harness';
import { schemaErrors } from '../support/adaptive-card-validation';
import { actionNamed, actionTitles, actorOf, auditTrail, cardOf, createServiceAccount, invokeCard, setMode, textOf, titleOf, type Card } from '../support/session-bot-world';

const OFFBOARDING_ACTIONS = ['user.blockSignIn', 'user.revokeSessions', 'user.removeFromAllGroups', 'user.removeAllLicenses'] as const;

describe('workflow schedules in chat, against the sandbox tenant', () => {
  let world: AppWithSandbox;
  let admin: UserChannel;
  let leavers: SandboxUser[];

  const say = async (text: string): Promise<{ card: Card; activityId: string }> => {
    const [reply] = await world.exchange(admin.message(text), 1, 20_000);
    return { card: cardOf(reply), activityId: `sent-${world.bot.connector.calls.indexOf(reply!) + 1}` };
  };
  const click = async (card: Card, title: string, activityId: string, inputs: Record<string, unknown> = {}): Promise<Card> => {
    const action = actionNamed(card, title);
    return invokeCard(await world.send(admin.invoke(String(action['verb']), { ...(action['data'] as Record<string, unknown>), ...inputs }, { replyToId: activityId })));
  };

  /** Like the people who leave: each in a group the bot can change, with a licence (an unlicensed user in no group fails those steps). */
  async function leaversIn(department: string, prefix: string): Promise<SandboxUser[]> {
    const added = await world.sandbox.sandbox.addUsers(3, { department, prefix });
    const directory = world.sandbox.sandbox.state().directory;
    const group = directory.groups.find((candidate) => !(candidate.groupTypes ?? []).includes('DynamicMembership') && !candidate.isAssignableToRole && candidate.securityEnabled && !candidate.mailEnabled)!;
    const sku = directory.subscribedSkus[0]!;
    for (const user of added) {
      group.members.push(user.id);
      directory.users.find((candidate) => candidate.id === user.id)!.assignedLicenses.push({ skuId: sku.skuId, disabledPlans: [] });
    }
    await world.sandbox.sandbox.persist();
    return added;
  }

  beforeAll(async () => {
    world = await startAppWithSandbox({ overrides: { serviceOptions: { sessions: { pollIntervalInMs: 20 }, background: { rotationScheduler: false }, cardUpdates: { minIntervalInMs: 50 } } } });
    setMode(world, 'advanced', false);
    await createServiceAccount(world, GLOBAL_ADMIN);
    admin = world.as(GLOBAL_ADMIN);
    expect(textOf((await say('turn on management')).card)).toContain('Management ON');
    waiveApprovals(world, OFFBOARDING_ACTIONS);
    leavers = await leaversIn('Leavers', 'leaver');
  }, 90_000);

  afterAll(async () => {
    await world?.close();
  });

  it('when a tenant admin schedules offboarding for a department, then each slot offboards every user of it once and the admin is told what ran', async () => {
    const form = await say('schedule workflow offboarding');
    expect(titleOf(form.card)).toBe('Schedule a workflow');
    expect(schemaErrors(form.card)).toEqual([]);

    // Words the bot can't read come back on the form, with the way to say it; nothing is stored.
    const refused = await click(form.card, 'Check', form.activityId, { workflow: 'offboarding', queryKind: 'department', queryName: 'Leavers', when: 'now and then' });
    expect(titleOf(refused)).toBe('Schedule a workflow');
    expect(textOf(refused)).toContain(`\\"now and then\\" isn't a schedule I can read.`);
    expect(textOf(refused)).toContain('weekly on Monday at 06:00');
    expect(await world.app.services.workflowSchedules.list(actorOf(world, GLOBAL_ADMIN))).toEqual([]);

    const confirmation = await click(form.card, 'Check', form.activityId, { workflow: 'offboarding', queryKind: 'department', queryName: 'Leavers', when: 'weekly on Monday at 06:00' });
    expect(titleOf(confirmation)).toBe('Run Offboarding weekly on Monday at 06:00 for the department Leavers?');
    expect(actionTitles(confirmation)).toEqual(['Schedule', 'Change', 'Cancel']);
    expect(textOf(confirmation)).toContain('Every user of the department Leavers, each in a run of their own');
    expect(schemaErrors(confirmation)).toEqual([]);

    // Schedule clicked twice (a double click, a redelivery): one schedule.
    const listed = await click(confirmation, 'Schedule', 'sent-confirm');
    await click(confirmation, 'Schedule', 'sent-confirm-again');
    expect(titleOf(listed)).toBe('Workflow schedules');
    expect(textOf(listed)).toContain('Offboarding for the department Leavers');
    expect(textOf(listed)).toContain('Weekly on Monday at 06:00');
    expect(schemaErrors(listed)).toEqual([]);
    const [schedule, ...others] = await world.app.services.workflowSchedules.list(actorOf(world, GLOBAL_ADMIN));
    expect(others).toEqual([]);
    expect(schedule).toMatchObject({ workflowName: 'offboarding', query: { department: 'Leavers' }, cron: '0 6 * * 1' });

    // The slot comes round: one run per user of the department, each done, as the sandbox shows.
    const slotTime = new Date(Date.parse(schedule!.nextRunAt!) + 1_000);
    const sentBefore = world.bot.connector.calls.length;
    expect(await world.app.services.workflowSchedules.runDue(slotTime)).toBe(1);
    const runs = async (): Promise<WorkflowRunView[]> => (await world.app.services.workflows.list(actorOf(world, GLOBAL_ADMIN), { limit: 100 })).filter((run) => leavers.some((user) => user.id === run.target.userId));
    const deadline = Date.now() + 60_000;
    while ((await runs()).some((run) => !['succeeded', 'completed-with-failures', 'failed', 'stopped'].includes(run.state))) {
      if (Date.now() > deadline) throw new Error('the scheduled runs did not finish');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await world.app.services.workflows.drain();
    const finished = await runs();
    expect(finished.map((run) => [run.target.upn, run.state, run.trigger]).sort()).toEqual(leavers.map((user) => [user.userPrincipalName, 'succeeded', 'scheduled']).sort());
    expect(new Set(finished.map((run) => run.batchId)).size).toBe(1);
    const directory = world.sandbox.sandbox.state().directory;
    for (const user of leavers) {
      const after = directory.users.find((candidate) => candidate.id === user.id)!;
      expect([after.accountEnabled, after.assignedLicenses]).toEqual([false, []]);
      expect(directory.groups.filter((group) => group.members.includes(user.id))).toEqual([]);
    }

    // The admin is told, in their personal chat, what the slot did.
    const report = world.bot.connector.calls.slice(sentBefore).filter((call) => call.conversationId === admin.conversationId && call.kind !== 'update' && textOf(cardOf(call)).includes('Offboarding started for 3 users of the department Leavers'));
    expect(report).toHaveLength(1);
    expect(actionTitles(cardOf(report[0]))).toEqual(['Workflow runs']);
    expect(schemaErrors(cardOf(report[0]))).toEqual([]);

    // The same slot again (a second tick, a restart): nothing new.
    expect(await world.app.services.workflowSchedules.runDue(slotTime)).toBe(0);
    expect(await runs()).toHaveLength(3);

    // Remove: the list is empty, and the next Monday starts nothing.
    const list = await say('workflow schedules');
    const removeButton = (list.card.body as Array<Record<string, unknown>>).flatMap((element) => (element['items'] as Array<Record<string, unknown>> | undefined) ?? []).find((item) => item['type'] === 'ActionSet')!;
    const remove = (removeButton['actions'] as Array<Record<string, unknown>>)[0]!;
    expect(remove['title']).toBe('Remove');
    expect(remove['verb']).toBe(Verbs.workflowScheduleRemove);
    const emptied = invokeCard(await world.send(admin.invoke(String(remove['verb']), remove['data'] as Record<string, unknown>, { replyToId: list.activityId })));
    expect(textOf(emptied)).toContain('No workflow runs on a schedule yet.');
    expect(await world.app.services.workflowSchedules.runDue(new Date(slotTime.getTime() + 7 * 24 * 3_600_000))).toBe(0);

    const trail = await auditTrail(world);
    expect(trail.filter((record) => record.action === 'workflow.schedule.create')).toHaveLength(1);
    expect(trail.filter((record) => record.action === 'workflow.schedule.remove')).toHaveLength(1);
    expect(trail.filter((record) => record.action === 'workflow.batch.start')).toHaveLength(1);
  }, 180_000);

  it('when a tenant admin runs offboarding for a department now, then the preview names who it covers, Start makes one run per user once, and one card follows them to the end', async () => {
    const movers = await leaversIn('Movers', 'mover');
    const preview = await say('run workflow offboarding for department Movers');
    expect(titleOf(preview.card)).toBe('Run Offboarding for 3 users of the department Movers?');
    for (const user of movers) expect(textOf(preview.card)).toContain(user.displayName);
    expect(schemaErrors(preview.card)).toEqual([]);

    // Start delivered twice with one invoke id (a Teams retry): one batch.
    const start = actionNamed(preview.card, 'Start');
    const invoke = admin.invoke(String(start['verb']), start['data'] as Record<string, unknown>, { replyToId: preview.activityId, id: 'start-batch-1' });
    const first = invokeCard(await world.send(invoke));
    invokeCard(await world.send(invoke));
    expect(titleOf(first)).toMatch(/^(Offboarding for the department Movers: \d of 3 runs finished|Done: Offboarding for the department Movers)$/);
    expect(schemaErrors(first)).toEqual([]);

    const runsOf = async () => (await world.app.services.workflows.list(actorOf(world, GLOBAL_ADMIN), { limit: 100 })).filter((run) => movers.some((user) => user.id === run.target.userId));
    const summary = await (async () => {
      const deadline = Date.now() + 60_000;
      for (;;) {
        const updates = world.bot.connector.calls.filter((call) => call.kind === 'update' && call.conversationId === admin.conversationId && call.activityId === preview.activityId).map((call) => cardOf(call));
        const last = updates.at(-1);
        if (last && titleOf(last) === 'Done: Offboarding for the department Movers') return last;
        if (Date.now() > deadline) throw new Error(`no summary on the batch card yet: ${last ? titleOf(last) : 'no update'}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();
    expect(textOf(summary)).toContain('3 succeeded.');
    expect(actionTitles(summary)).toEqual(['Workflow runs']);
    expect(schemaErrors(summary)).toEqual([]);
    const runs = await runsOf();
    expect(runs.map((run) => [run.target.upn, run.state, run.trigger]).sort()).toEqual(movers.map((user) => [user.userPrincipalName, 'succeeded', 'manual']).sort());
    expect(new Set(runs.map((run) => run.batchId)).size).toBe(1);
    for (const user of movers) expect(world.sandbox.sandbox.state().directory.users.find((candidate) => candidate.id === user.id)!.accountEnabled).toBe(false);
  }, 180_000);
});

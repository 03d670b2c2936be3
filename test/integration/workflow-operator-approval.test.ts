/**
 * Issue 14 with issue 13's approval rules, over HTTP to the real bot against the sandbox tenant:
 * an operator offboards a Sales user while the tenant sends "block sign-in" for a tenant admin's
 * approval. The preview shows the approval first; Start asks the tenant admins once (an approval
 * card in the second admin's chat); nothing changes until the approval; Approve lets every step
 * run, and ManagementActionService accepts that approval for this run's actions only (the audit
 * names who approved). A forged claim to that approval by another run is refused.
 */
import { GLOBAL_ADMIN, HELP_DESK_USERS, SECOND_GLOBAL_ADMIN } from '../../sandbox/directory/seed/contoso-ids';
import type { SandboxUser } from '../../sandbox/directory/model';
import { Verbs } from '../../cards';
import type { WorkflowRunView } from '../../services/workflows/workflow-run.types';
import { waiveApprovals } from '../support/action-approval-choices';
import { startAppWithSandbox, type AppWithSandbox, type UserChannel } from '../support/app-harness';
import { schemaErrors } from '../support/adaptive-card-validation';
import { actionNamed, actorOf, auditTrail, cardOf, createServiceAccount, invokeCard, plainUsers, setMode, textOf, titleOf, type Card } from '../support/session-bot-world';
import { eventually as eventuallyWithin } from '../support/eventually';

const eventually = <T>(check: () => T | Promise<T>, timeoutInMs = 30_000): Promise<T> => eventuallyWithin(check, timeoutInMs);

const OPERATOR = HELP_DESK_USERS[1]!;
const OFFBOARDING_ACTIONS = ['user.blockSignIn', 'user.revokeSessions', 'user.removeFromAllGroups', 'user.removeAllLicenses'] as const;


describe("an operator's workflow whose actions need a tenant admin's approval (sandbox tenant)", () => {
  let world: AppWithSandbox;
  let target: SandboxUser;

  const say = async (channel: UserChannel, text: string): Promise<{ card: Card; activityId: string }> => {
    const [reply] = await world.exchange(channel.message(text), 1, 20_000);
    return { card: cardOf(reply), activityId: `sent-${world.bot.connector.calls.indexOf(reply!) + 1}` };
  };
  const click = async (channel: UserChannel, action: Record<string, unknown>, activityId: string, inputs: Record<string, unknown> = {}): Promise<Card> =>
    invokeCard(await world.send(channel.invoke(String(action['verb']), { ...(action['data'] as Record<string, unknown>), ...inputs }, { replyToId: activityId })));
  const adminActor = () => actorOf(world, GLOBAL_ADMIN);
  const runFor = async (userId: string): Promise<WorkflowRunView | undefined> => (await world.app.services.workflows.list(adminActor(), { limit: 100 })).find((run) => run.target.userId === userId);

  beforeAll(async () => {
    world = await startAppWithSandbox({ overrides: { serviceOptions: { sessions: { pollIntervalInMs: 20 }, background: { rotationScheduler: false } } } });
    setMode(world, 'advanced', false);
    await createServiceAccount(world, GLOBAL_ADMIN);
    expect(textOf((await say(world.as(GLOBAL_ADMIN), 'turn on management')).card)).toContain('Management ON');
    await world.app.services.accessGrants.grantOperator(adminActor(), { operator: OPERATOR.userPrincipalName, scope: [{ kind: 'department', value: 'Sales' }], actions: [...OFFBOARDING_ACTIONS] });
    waiveApprovals(world, OFFBOARDING_ACTIONS);
    // This tenant's admins want to approve every block an operator makes.
    world.app.services.actionApprovalRules.setRequired(world.tenantId, 'user.blockSignIn', true, GLOBAL_ADMIN.id);
    const helpDesk = new Set(HELP_DESK_USERS.map((person) => person.id));
    const sales = new Set(plainUsers(world, 'Sales').map((person) => person.id));
    target = world.sandbox.sandbox.state().directory.users.find((user) => sales.has(user.id) && !helpDesk.has(user.id) && user.assignedLicenses.length > 0)!;
    expect(target).toBeDefined();
  }, 90_000);

  afterAll(async () => {
    await world?.close();
  });

  it('when the operator starts offboarding, then a tenant admin approves it once from the card and every step runs on that approval', async () => {
    const operator = world.as(OPERATOR);
    const megan = world.as(SECOND_GLOBAL_ADMIN);
    await say(megan, 'status'); // Megan has talked to the bot: her approval card reaches her personal chat.

    const preview = await say(operator, `run workflow offboarding for ${target.userPrincipalName}`);
    expect(titleOf(preview.card)).toBe(`Run Offboarding for ${target.displayName} (${target.userPrincipalName})?`);
    expect(textOf(preview.card)).toContain("A tenant admin's approval");
    expect(textOf(preview.card)).toContain("Block sign-in needs a tenant admin's approval when an operator runs it");
    expect(schemaErrors(preview.card)).toEqual([]);
    await click(operator, actionNamed(preview.card, 'Start'), preview.activityId);

    const waiting = await eventually(async () => {
      const run = await runFor(target.id);
      if (run?.state !== 'waiting-approval') throw new Error(`the run is ${run?.state}`);
      return run;
    });
    expect(waiting.steps[0]).toMatchObject({ id: 'tenantAdminApproval', status: 'waiting-approval' });
    expect(world.sandbox.sandbox.state().directory.users.find((user) => user.id === target.id)!.accountEnabled).toBe(true);

    // The approval card in Megan's chat; Approve goes through the one approval service.
    const approvalCall = await eventually(() => {
      const call = world.bot.connector.sent(megan.conversationId).find((candidate) => textOf(cardOf(candidate)).includes('Approve a workflow step'));
      if (!call) throw new Error('no approval card for Megan yet');
      return call;
    });
    expect(textOf(cardOf(approvalCall))).toContain(`${OPERATOR.displayName}`);
    expect(schemaErrors(cardOf(approvalCall))).toEqual([]);
    const requestId = waiting.steps[0]!.approvalRequestId!;
    await click(megan, { verb: Verbs.approvalApprove, data: { requestId } }, `sent-${world.bot.connector.calls.indexOf(approvalCall) + 1}`);

    const done = await eventually(async () => {
      const run = await runFor(target.id);
      if (!run || !['succeeded', 'completed-with-failures', 'failed'].includes(run.state)) throw new Error(`the run is ${run?.state}`);
      return run;
    }, 60_000);
    await world.app.services.workflows.drain();
    expect(done.steps.map((step) => [step.id, step.status])).toEqual([
      ['tenantAdminApproval', 'succeeded'],
      ['blockSignIn', 'succeeded'],
      ['revokeSessions', 'succeeded'],
      ['automaticReply', 'skipped'],
      ['removeGroups', 'succeeded'],
      ['removeLicences', 'succeeded'],
      ['tellAdmins', 'succeeded'],
    ]);
    expect(world.sandbox.sandbox.state().directory.users.find((user) => user.id === target.id)!.accountEnabled).toBe(false);

    // The block ran as the operator, on Megan's approval of this run.
    const blocked = (await auditTrail(world)).filter((record) => record.action === 'user.blockSignIn' && record.target?.id === target.id);
    expect(blocked).toEqual([expect.objectContaining({ actor: expect.objectContaining({ userId: OPERATOR.id }), result: { outcome: 'ok' }, details: expect.objectContaining({ approvalRequestId: requestId, approvedBy: SECOND_GLOBAL_ADMIN.displayName }) })]);

    // That approval covers this run's actions only: another key that names it is still refused.
    const other = world.sandbox.sandbox.state().directory.users.find((user) => user.department === 'Sales' && user.id !== target.id && user.accountEnabled && !HELP_DESK_USERS.some((person) => person.id === user.id))!;
    await expect(
      world.app.services.actions.runOnce(actorOf(world, OPERATOR), 'user.blockSignIn', other.id, { idempotencyKey: 'another-run:blockSignIn', coveringApprovalRequestId: requestId }),
    ).rejects.toMatchObject({ code: 'ACTION.APPROVAL_REQUIRED' });
    expect(world.sandbox.sandbox.state().directory.users.find((user) => user.id === other.id)!.accountEnabled).toBe(true);
  }, 180_000);
});

/**
 * Issue 14 with issue 13's approval rules: an operator's workflow run whose action steps the
 * tenant sends for a tenant admin's approval asks for that approval once, at its start (the
 * preview shows the step), waits for it across a restart, and then runs its actions on it; a
 * rejection runs nothing. A tenant admin's run needs no such step.
 */
import { ada, createWorkflowWorld, olga, pria, users, type WorkflowWorld } from './support/workflow-world';

describe("an operator's run of actions that need a tenant admin's approval", () => {
  let world: WorkflowWorld;

  beforeEach(async () => {
    world = createWorkflowWorld();
    world.guard.approvalRequired.add('user.blockSignIn');
    // Olga is an operator for Sales (the approval service lets operators ask).
    await world.harness.grants.grantOperator(ada, { operator: olga.userId, scope: [{ kind: 'department', value: 'Sales' }], actions: ['user.blockSignIn', 'user.revokeSessions', 'user.resetPassword'] });
  });

  afterEach(() => world.close());

  it('when an operator starts it, then it asks a tenant admin first, waits across a restart, and runs every step on the approval', async () => {
    const preview = await world.service.preview(olga, 'compromised-account', users.sam.upn, {});
    expect(preview.steps[0]).toMatchObject({ id: 'tenantAdminApproval', title: "A tenant admin's approval" });
    expect(preview.steps.slice(1).map((step) => step.id)).toEqual(['blockSignIn', 'revokeSessions', 'resetPassword', 'tellAdmins']);

    const started = await world.service.start(olga, 'compromised-account', users.sam.upn, {});
    await world.service.drain();
    const waiting = await world.view(started.id, olga);
    expect(waiting.state).toBe('waiting-approval');
    expect(waiting.steps[0]).toMatchObject({ id: 'tenantAdminApproval', status: 'waiting-approval' });
    expect(world.actions.calls).toEqual([]);
    const request = await world.harness.approvals.get(olga.tenantId, waiting.steps[0]!.approvalRequestId!);
    expect(request).toMatchObject({ state: 'pending', requester: { userId: olga.userId }, payload: { runId: started.id, coversKeysOf: started.id } });
    expect(String(request!.payload['message'])).toContain('user.blockSignIn needs a tenant admin');

    world.restart();
    await world.service.resumeAll();
    await world.service.drain();
    expect(world.actions.calls).toEqual([]);

    await world.service.decideApproval(started.id, 'tenantAdminApproval', ada, 'approve');
    await world.service.drain();
    const done = await world.view(started.id, olga);
    expect(done.state).toBe('succeeded');
    // Every action of the run names the approval it runs on; the port checks it (the real one: ManagementActionService).
    expect(world.actions.calls.map((call) => [call.actionId, call.coveringApprovalRequestId])).toEqual([
      ['user.blockSignIn', request!.id],
      ['user.revokeSessions', request!.id],
      ['user.resetPassword', request!.id],
    ]);
  });

  it('when the approval is rejected, then nothing runs', async () => {
    const started = await world.service.start(olga, 'compromised-account', users.sam.upn, {});
    await world.service.drain();
    await world.service.decideApproval(started.id, 'tenantAdminApproval', pria, 'reject');
    await world.service.drain();
    const run = await world.view(started.id, olga);
    expect(run.state).toBe('failed');
    expect(run.steps.slice(1).every((step) => step.status !== 'succeeded')).toBe(true);
    expect(world.actions.calls).toEqual([]);
  });

  it('when a tenant admin starts it, or none of its actions needs approval, then there is no approval step', async () => {
    const byAdmin = await world.service.preview(ada, 'compromised-account', users.sam.upn, {});
    expect(byAdmin.steps.map((step) => step.id)).not.toContain('tenantAdminApproval');
    world.guard.approvalRequired.clear();
    const byOperator = await world.service.preview(olga, 'compromised-account', users.sam.upn, {});
    expect(byOperator.steps.map((step) => step.id)).not.toContain('tenantAdminApproval');
  });
});

/**
 * Issue 14, durable runs: a process that dies between two writes of a step leaves the step
 * claimed; the next process settles it without doing it twice. (The SIGKILL test in
 * workflow-crash.test.ts kills a real process; these stop one write, to reach the two steps a
 * kill can hardly aim at: between asking for an approval and recording the request, and between
 * sending a notice and recording it.) Tenants never see each other's runs.
 */
import { actor, people, TENANT_B } from '../access/support/contoso';
import { ada, createWorkflowWorld, failOnce, pria, statuses, users, type WorkflowWorld } from './support/workflow-world';

const ASK_FIRST = `
name: ask-first
title: Ask first
steps:
  - id: approve
    kind: approval
    approvers: tenantAdmins
    message: Block {{target.displayName}}?
  - id: block
    kind: action
    action: user.blockSignIn
`;

describe('resuming interrupted steps', () => {
  let world: WorkflowWorld;

  beforeEach(() => {
    world = createWorkflowWorld();
  });

  afterEach(() => world.close());

  it('when the process died after asking for approval but before recording the request, then the restart adopts that request instead of asking twice', async () => {
    world.publish(ASK_FIRST);
    world.wrapRuns(failOnce((_key, patch) => patch.status === 'waiting-approval'));
    world.restart();
    const started = await world.service.start(ada, 'ask-first', users.sam.upn, {});
    await world.service.drain();
    expect(statuses(await world.view(started.id))).toEqual({ approve: 'running', block: 'pending' });
    const asked = await world.harness.approvals.listPending(ada.tenantId, { kind: 'workflow.step' });
    expect(asked).toHaveLength(1);

    world.wrapRuns(undefined);
    world.restart();
    await world.service.resumeAll();
    await world.service.drain();
    const waiting = await world.view(started.id);
    expect(waiting.steps[0]).toMatchObject({ status: 'waiting-approval', approvalRequestId: asked[0]!.id });
    expect(await world.harness.approvals.listPending(ada.tenantId, { kind: 'workflow.step' })).toHaveLength(1);

    await world.service.decideApproval(started.id, 'approve', pria, 'approve');
    await world.service.drain();
    expect((await world.view(started.id)).state).toBe('succeeded');
    expect(world.actions.callsOf('user.blockSignIn')).toHaveLength(1);
  });

  it('when the process died after sending a notice but before recording it, then the restart sends it again under the same key and it is delivered once', async () => {
    world.wrapRuns(failOnce((key, patch) => key.stepId === 'tellAdmins' && patch.status === 'succeeded'));
    world.restart();
    const started = await world.service.start(ada, 'compromised-account', users.sam.upn, {});
    await world.service.drain();
    expect((await world.view(started.id)).steps[3]!.status).toBe('running');

    world.wrapRuns(undefined);
    world.restart();
    await world.service.resumeAll();
    await world.service.drain();

    const run = await world.view(started.id);
    expect(run.state).toBe('succeeded');
    expect(world.notices.attempts).toEqual([`${run.id}:tellAdmins`, `${run.id}:tellAdmins`]);
    expect(world.notices.sent).toHaveLength(1);
    expect(world.actions.calls).toHaveLength(3);
  });

  it('when the process died after an action that can be read back but before recording it, then the restart settles it from the tenant and never calls it again', async () => {
    world.wrapRuns(failOnce((key, patch) => key.stepId === 'blockSignIn' && patch.status === 'succeeded'));
    world.restart();
    const started = await world.service.start(ada, 'offboarding', users.sam.upn, {});
    await world.service.drain();

    world.wrapRuns(undefined);
    world.restart();
    await world.service.resumeAll();
    await world.service.drain();

    const run = await world.view(started.id);
    expect(run.state).toBe('succeeded');
    expect(run.steps[0]).toMatchObject({ status: 'succeeded', summary: 'The change is in effect (checked after the interruption).' });
    expect(world.actions.callsOf('user.blockSignIn')).toHaveLength(1);
    expect(world.actions.verifications.map((request) => request.idempotencyKey)).toEqual([`${run.id}:blockSignIn`]);
  });

  it("when someone of another tenant names a run's id, then it is not found, and nothing changes", async () => {
    const started = await world.service.start(ada, 'compromised-account', users.sam.upn, {});
    await world.service.drain();
    const outsider = actor(TENANT_B, people.ada);
    await expect(world.service.get(outsider, started.id)).rejects.toMatchObject({ code: 'WORKFLOW.RUN_NOT_FOUND' });
    await expect(world.service.stop(started.id, outsider)).rejects.toMatchObject({ code: 'WORKFLOW.RUN_NOT_FOUND' });
    await expect(world.service.retry(started.id, outsider)).rejects.toMatchObject({ code: 'WORKFLOW.RUN_NOT_FOUND' });
    expect(await world.service.list(outsider)).toEqual([]);
    expect((await world.view(started.id)).state).toBe('succeeded');
  });
});

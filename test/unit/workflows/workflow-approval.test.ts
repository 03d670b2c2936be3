/**
 * Issue 14, "Approval step: a workflow waits on its approval step across a restart, then continues
 * when approved from the card, or takes its timeout path." The approval goes through the real
 * ApprovalService on SQLite (four-eyes, expiry) with a fake clock; a restart is a new service on
 * the same database file.
 */
import { ada, createWorkflowWorld, gus, pria, runTrail, statuses, type WorkflowWorld, users } from './support/workflow-world';

const HOUR = 3_600_000;

function approvalWorkflow(onTimeout = 'stop', approvers = 'tenantAdmins'): string {
  return `
name: approved-leaver
title: Approved leaver
steps:
  - id: approve
    kind: approval
    approvers: ${approvers}
    message: Offboard {{target.displayName}} ({{target.upn}})?
    timeout: PT4H
    onTimeout: ${onTimeout}
  - id: block
    kind: action
    action: user.blockSignIn
  - id: removeLicences
    kind: action
    action: user.removeAllLicenses
  - id: tell
    kind: notice
    to: requester
    text: "{{target.displayName}}: approval {{steps.approve.decision}}, block {{steps.block.status}}."
`;
}

describe('workflow approval steps', () => {
  let world: WorkflowWorld;

  beforeEach(() => {
    world = createWorkflowWorld();
  });

  afterEach(() => world.close());

  async function startWaiting(onTimeout?: string, approvers?: string): Promise<string> {
    world.publish(approvalWorkflow(onTimeout, approvers));
    const started = await world.service.start(ada, 'approved-leaver', users.sam.upn, {});
    await world.service.drain();
    const waiting = await world.view(started.id);
    expect(waiting.state).toBe('waiting-approval');
    return started.id;
  }

  it('when a run waits on its approval across a restart and is then approved from the card, then it continues and nothing ran before the approval', async () => {
    const runId = await startWaiting();
    const waiting = await world.view(runId);
    const step = waiting.steps[0]!;
    expect(step).toMatchObject({ status: 'waiting-approval', deadline: '2026-01-05T13:00:00.000Z' });
    const request = await world.harness.approvals.get(ada.tenantId, step.approvalRequestId!);
    expect(request).toMatchObject({ kind: 'workflow.step', state: 'pending', requester: { userId: ada.userId }, payload: { runId, stepId: 'approve', attempt: 1, target: 'sam@contoso.com', message: 'Offboard Sam Sales (sam@contoso.com)?' } });

    world.restart();
    expect(await world.service.resumeAll()).toBe(1);
    await world.service.drain();
    expect((await world.view(runId)).state).toBe('waiting-approval');
    expect(world.actions.calls).toEqual([]);

    const outcome = await world.service.decideApproval(runId, 'approve', pria, 'approve');
    expect(outcome).toMatchObject({ status: 'decided', effect: { ok: true } });
    await world.service.drain();

    const run = await world.view(runId);
    expect(run.state).toBe('succeeded');
    expect(run.steps[0]).toMatchObject({ status: 'succeeded', decision: 'approved', decidedBy: { userId: pria.userId }, summary: 'Approved by Pria Roleadmin (pria@contoso.com).' });
    expect(world.actions.order()).toEqual(['user.blockSignIn', 'user.removeAllLicenses']);
    expect(world.notices.sent[0]!.text).toBe('Sam Sales: approval approved, block succeeded.');
    const audit = await world.audit();
    expect(audit.filter((record) => record.target?.id === step.approvalRequestId).map((record) => [record.action, record.actor.userId])).toEqual([
      ['approval.create', ada.userId],
      ['approval.approve', pria.userId],
    ]);
    expect(runTrail(audit, runId)[1]).toEqual(['workflow.step', 'approve', 'succeeded']);
  });

  it('when the requester approves their own run, then four-eyes refuses it and the run keeps waiting', async () => {
    const runId = await startWaiting();
    await expect(world.service.decideApproval(runId, 'approve', ada, 'approve')).rejects.toMatchObject({ code: 'APPROVAL.SELF_APPROVAL_FORBIDDEN' });
    expect((await world.view(runId)).state).toBe('waiting-approval');
  });

  it('when the approval is rejected, then the step fails, nothing after it runs, and a retry asks again', async () => {
    const runId = await startWaiting();
    await world.service.decideApproval(runId, 'approve', pria, 'reject');
    await world.service.drain();

    const run = await world.view(runId);
    expect(run).toMatchObject({ state: 'failed', failedStepId: 'approve' });
    expect(statuses(run)).toEqual({ approve: 'failed', block: 'skipped', removeLicences: 'skipped', tell: 'skipped' });
    expect(run.steps[0]).toMatchObject({ decision: 'rejected', code: 'WORKFLOW.APPROVAL_REJECTED', summary: 'Rejected by Pria Roleadmin (pria@contoso.com).' });
    expect(world.actions.calls).toEqual([]);

    await world.service.retry(runId, ada);
    await world.service.drain();
    const again = await world.view(runId);
    expect(again.state).toBe('waiting-approval');
    expect(again.steps[0]!.approvalRequestId).not.toBe(run.steps[0]!.approvalRequestId);
    const request = await world.harness.approvals.get(ada.tenantId, again.steps[0]!.approvalRequestId!);
    expect(request?.payload).toMatchObject({ attempt: 2 });
  });

  it.each([
    ['stop', 'failed', { approve: 'failed', block: 'skipped', removeLicences: 'skipped', tell: 'skipped' }, []],
    ['continue', 'succeeded', { approve: 'skipped', block: 'succeeded', removeLicences: 'succeeded', tell: 'succeeded' }, ['user.blockSignIn', 'user.removeAllLicenses']],
    ['removeLicences', 'succeeded', { approve: 'skipped', block: 'skipped', removeLicences: 'succeeded', tell: 'succeeded' }, ['user.removeAllLicenses']],
  ])('when nobody decides before the timeout and onTimeout is %s, then after a restart the timer takes that path', async (onTimeout, endState, expected, actions) => {
    const runId = await startWaiting(onTimeout);
    world.restart();
    await world.service.resumeAll();
    world.clock.advance(3 * HOUR);
    await world.service.tick();
    expect((await world.view(runId)).state).toBe('waiting-approval');

    world.clock.advance(HOUR + 60_000);
    expect(await world.service.tick()).toMatchObject({ expired: 1 });
    await world.service.drain();

    const run = await world.view(runId);
    expect(run.state).toBe(endState);
    expect(statuses(run)).toEqual(expected);
    expect(run.steps[0]).toMatchObject({ decision: 'expired', code: 'WORKFLOW.APPROVAL_TIMED_OUT' });
    expect(world.actions.order()).toEqual(actions);
    if (onTimeout === 'removeLicences') {
      expect(run.steps[1]).toMatchObject({ code: 'WORKFLOW.JUMPED_OVER', summary: 'Jumped over: the approval timed out and the run went on at "Remove all licences".' });
      expect(world.notices.sent[0]!.text).toBe('Sam Sales: approval expired, block skipped.');
    }
    const trail = runTrail(await world.audit(), runId);
    expect(trail.filter(([action, stepId]) => action === 'workflow.step' && stepId === 'approve')).toEqual([['workflow.step', 'approve', expected.approve]]);
  });

  it('when the step names its approvers, then another tenant admin is refused on the card, and an approval given elsewhere by them does not count', async () => {
    const runId = await startWaiting('stop', '[pria@contoso.com]');
    await expect(world.service.decideApproval(runId, 'approve', gus, 'approve')).rejects.toMatchObject({ code: 'WORKFLOW.NOT_AN_APPROVER' });
    expect((await world.view(runId)).state).toBe('waiting-approval');
    const refusal = (await world.audit()).find((record) => record.result.code === 'WORKFLOW.NOT_AN_APPROVER');
    expect(refusal).toMatchObject({ actor: { userId: gus.userId }, result: { outcome: 'denied' } });

    // Gus approves through the generic approvals list instead.
    const requestId = (await world.view(runId)).steps[0]!.approvalRequestId!;
    await world.harness.approvals.decide(requestId, gus, 'approve');
    await world.service.drain();
    const run = await world.view(runId);
    expect(run.state).toBe('failed');
    expect(run.steps[0]).toMatchObject({ status: 'failed', code: 'WORKFLOW.APPROVER_NOT_NAMED' });
    expect(world.actions.calls).toEqual([]);
  });

  it('when a named approver approves, then the run continues', async () => {
    const runId = await startWaiting('stop', '[pria@contoso.com]');
    await world.service.decideApproval(runId, 'approve', pria, 'approve');
    await world.service.drain();
    expect((await world.view(runId)).state).toBe('succeeded');
  });

  it('when the approval is decided while the workflows are not running (its effect is lost), then the next start reads the decision back and goes on', async () => {
    const runId = await startWaiting();
    world.restart({ attach: false });
    const requestId = (await world.view(runId)).steps[0]!.approvalRequestId!;
    const outcome = await world.harness.approvals.decide(requestId, pria, 'approve');
    expect(outcome).toMatchObject({ status: 'decided', effect: { ok: false, code: 'WORKFLOW.NOT_READY' } });
    expect((await world.view(runId)).state).toBe('waiting-approval');

    world.attachLater();
    await world.service.resumeAll();
    await world.service.drain();
    expect((await world.view(runId)).state).toBe('succeeded');
    expect(world.actions.callsOf('user.blockSignIn')).toHaveLength(1);
  });

  it('when the requester stops a run waiting for approval, then the request is cancelled and a late decision changes nothing', async () => {
    const runId = await startWaiting();
    const requestId = (await world.view(runId)).steps[0]!.approvalRequestId!;
    await world.service.stop(runId, ada);
    await world.service.drain();

    expect(await world.harness.approvals.get(ada.tenantId, requestId)).toMatchObject({ state: 'cancelled' });
    const run = await world.view(runId);
    expect(run.state).toBe('stopped');
    expect(run.steps[0]).toMatchObject({ status: 'skipped', summary: 'Stopped by Ada Admin (ada@contoso.com) while waiting for approval.' });
    await expect(world.service.decideApproval(runId, 'approve', pria, 'approve')).resolves.toMatchObject({ status: 'alreadyClosed' });
    await world.service.drain();
    expect(world.actions.calls).toEqual([]);
  });
});

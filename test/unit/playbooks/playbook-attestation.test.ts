/**
 * Attestation mode through the real ApprovalService on SQLite: the run asks for an approval of
 * kind 'playbook.remediation', waits (across a restart too), and remediates only once a tenant
 * admin (or the named approver) approves; a rejection, an expiry or a cancel changes nobody.
 */
import { ApprovalError } from '../../../services/approvals/approval-errors';
import { ApprovalMaintenance } from '../../../services/approvals/approval-maintenance';
import { PLAYBOOK_REMEDIATION_APPROVAL } from '../../../services/playbooks/playbook-runner';
import { ada, gus, pria, PlaybookWorld, TENANT_A } from './support/playbook-world';

const HYGIENE = 'Licence hygiene';
const POLICY = 'disabled-users-with-licences';
const HOUR = 3_600_000;

describe('playbooks: attestation mode', () => {
  let world: PlaybookWorld;

  beforeEach(async () => {
    world = new PlaybookWorld();
    world.seedLicences();
    await world.process.service.setPolicyMode(ada, HYGIENE, POLICY, { mode: 'attestation', attestationExpiresInHours: 8 });
  });

  afterEach(async () => {
    await world.close();
  });

  async function runAndAwait(): Promise<{ runId: string; approvalId: string }> {
    const report = await world.process.service.runPlaybook(ada, HYGIENE);
    const policy = report.policies[0]?.policy;
    expect(report.run.state).toBe('awaiting-attestation');
    expect(policy).toMatchObject({ state: 'awaiting-approval', findingCount: 3 });
    return { runId: report.run.id, approvalId: policy?.approvalRequestId ?? '' };
  }

  it('when the run finds users, then it opens one approval for them, announces it, and changes nobody until it is decided', async () => {
    const { runId, approvalId } = await runAndAwait();

    const request = await world.process.harness.approvals.get(TENANT_A, approvalId);
    expect(request).toMatchObject({
      kind: PLAYBOOK_REMEDIATION_APPROVAL,
      state: 'pending',
      requester: { userId: ada.userId },
      payload: { runId, policyId: POLICY, actionId: 'user.removeAllLicenses', findings: 3 },
      createdAt: '2026-01-05T09:00:00.000Z',
      expiresAt: '2026-01-05T17:00:00.000Z',
    });
    const [announced] = world.notices.ofKind('attestation-requested');
    expect(announced).toMatchObject({ approvalRequestId: approvalId, expiresAt: '2026-01-05T17:00:00.000Z', total: 3, remediation: 'remove all their licences' });
    expect(announced?.approver).toBeUndefined();
    expect(world.licencedDisabled()).toEqual(['u-dan', 'u-dina', 'u-dora']);
    expect(world.actions.calls).toEqual([]);
    await expect(world.process.service.runPlaybook(ada, HYGIENE)).rejects.toMatchObject({ code: 'PLAYBOOK.RUN_IN_PROGRESS' });
  });

  it('when another tenant admin approves, then every finding is remediated as the run\'s requester, and the attestation and each remediation are audited', async () => {
    const { runId, approvalId } = await runAndAwait();

    const outcome = await world.process.harness.approvals.decide(approvalId, pria, 'approve');
    await world.settle();

    expect(outcome).toMatchObject({ status: 'decided', effect: { ok: true } });
    expect(world.licencedDisabled()).toEqual([]);
    expect(world.actions.calls.map((call) => call.requester.userId)).toEqual([ada.userId, ada.userId, ada.userId]);
    const report = world.process.service.report(TENANT_A, runId);
    expect(report.run.state).toBe('completed');
    expect(report.policies[0]?.policy).toMatchObject({ state: 'done', decidedBy: { userId: pria.userId } });
    expect(report.policies[0]?.counts).toMatchObject({ succeeded: 3 });
    expect(world.notices.ofKind('remediated')).toHaveLength(1);

    const actions = (await world.audit()).map((record) => record.action);
    expect(actions.filter((action) => action.startsWith('approval.') || action === 'playbook.attestation')).toEqual(['approval.create', 'approval.approve', 'playbook.attestation']);
    expect((await world.auditOf('playbook.remediation')).map((record) => [record.target?.id, record.details.approvalRequestId, record.details.attestedBy])).toEqual([
      ['u-dora', approvalId, pria.userId],
      ['u-dan', approvalId, pria.userId],
      ['u-dina', approvalId, pria.userId],
    ]);
  });

  it('when the requester tries to approve their own remediation (four-eyes), then it is refused and nothing changes', async () => {
    const { approvalId } = await runAndAwait();

    await expect(world.process.harness.approvals.decide(approvalId, ada, 'approve')).rejects.toBeInstanceOf(ApprovalError);
    await world.settle();

    expect(world.actions.calls).toEqual([]);
    expect((await world.process.harness.approvals.get(TENANT_A, approvalId))?.state).toBe('pending');
  });

  it('when a tenant admin rejects, then nobody is changed, every finding is skipped, and the admins are told', async () => {
    const { runId, approvalId } = await runAndAwait();

    await world.process.harness.approvals.decide(approvalId, pria, 'reject');
    await world.settle();

    expect(world.actions.calls).toEqual([]);
    expect(world.licencedDisabled()).toEqual(['u-dan', 'u-dina', 'u-dora']);
    const report = world.process.service.report(TENANT_A, runId);
    expect(report.run.state).toBe('completed');
    expect(report.policies[0]?.policy).toMatchObject({ state: 'not-attested', code: 'PLAYBOOK.ATTESTATION_REJECTED', decidedBy: { userId: pria.userId } });
    expect(report.policies[0]?.counts).toMatchObject({ skipped: 3, succeeded: 0 });
    expect(world.notices.ofKind('not-attested').map((notice) => [notice.code, notice.decidedBy?.userId])).toEqual([['PLAYBOOK.ATTESTATION_REJECTED', pria.userId]]);
    expect((await world.auditOf('playbook.attestation')).map((record) => record.result)).toEqual([{ outcome: 'denied', code: 'PLAYBOOK.ATTESTATION_REJECTED' }]);
  });

  it('when nobody decides before the expiry, then the approval expires, nobody is changed, and the playbook may run again', async () => {
    const { runId, approvalId } = await runAndAwait();

    world.clock.advance(8 * HOUR);
    const maintenance = await new ApprovalMaintenance(world.process.harness.approvals).runOnce();
    await world.settle();

    expect(maintenance.expired.map((request) => request.id)).toEqual([approvalId]);
    expect(world.actions.calls).toEqual([]);
    expect(world.process.service.report(TENANT_A, runId).policies[0]?.policy).toMatchObject({ state: 'not-attested', code: 'PLAYBOOK.ATTESTATION_EXPIRED' });
    expect(world.notices.ofKind('not-attested').map((notice) => notice.code)).toEqual(['PLAYBOOK.ATTESTATION_EXPIRED']);
    // A late click lands on a closed request and changes nothing.
    await expect(world.process.harness.approvals.decide(approvalId, pria, 'approve')).resolves.toMatchObject({ status: 'alreadyClosed' });
    await world.settle();
    expect(world.actions.calls).toEqual([]);
    await expect(world.process.service.runPlaybook(ada, HYGIENE)).resolves.toMatchObject({ run: { state: 'awaiting-attestation' } });
  });

  it('when the requester cancels the attestation, then nobody is changed', async () => {
    const { runId, approvalId } = await runAndAwait();

    await world.process.harness.approvals.cancel(approvalId, ada);
    await world.settle();

    expect(world.actions.calls).toEqual([]);
    expect(world.process.service.report(TENANT_A, runId).policies[0]?.policy).toMatchObject({ state: 'not-attested', code: 'PLAYBOOK.ATTESTATION_CANCELLED' });
  });

  it('when the policy names an approver, then the request says so, another admin\'s approval remediates nobody, and the named approver\'s does', async () => {
    await world.process.service.setPolicyMode(ada, HYGIENE, POLICY, { mode: 'attestation', approver: { userId: pria.userId, upn: pria.upn, displayName: pria.displayName } });

    const first = await runAndAwait();
    expect(world.notices.ofKind('attestation-requested')[0]?.approver).toEqual({ userId: pria.userId, upn: pria.upn, displayName: pria.displayName });
    expect((await world.process.harness.approvals.get(TENANT_A, first.approvalId))?.payload).toMatchObject({ approverUserId: pria.userId });

    // Gus is a Global Administrator (through a group) but not the named approver.
    await world.process.harness.approvals.decide(first.approvalId, gus, 'approve');
    await world.settle();
    expect(world.actions.calls).toEqual([]);
    expect(world.process.service.report(TENANT_A, first.runId).policies[0]?.policy).toMatchObject({ state: 'not-attested', code: 'PLAYBOOK.NOT_NAMED_APPROVER', decidedBy: { userId: gus.userId } });
    expect((await world.auditOf('playbook.attestation')).map((record) => record.result)).toEqual([{ outcome: 'denied', code: 'PLAYBOOK.NOT_NAMED_APPROVER' }]);

    const second = await runAndAwait();
    await world.process.harness.approvals.decide(second.approvalId, pria, 'approve');
    await world.settle();
    expect(world.licencedDisabled()).toEqual([]);
  });

  it('when the bot restarts while the attestation is open, then the approval given to the new process remediates each user once', async () => {
    const { runId, approvalId } = await runAndAwait();

    await world.restart();
    expect(await world.process.service.resumeInterrupted()).toBe(1);
    expect(world.actions.calls).toEqual([]);
    await world.process.harness.approvals.decide(approvalId, pria, 'approve');
    await world.settle();

    expect(world.licencedDisabled()).toEqual([]);
    expect([...world.actions.effects.values()]).toEqual([1, 1, 1]);
    expect(world.process.service.report(TENANT_A, runId).run.state).toBe('completed');
  });

  it('when a user was re-enabled while the attestation was open, then that user is left alone and reported as no longer matching', async () => {
    const { runId, approvalId } = await runAndAwait();
    const dan = world.licences.user(TENANT_A, 'u-dan');
    if (dan) dan.accountEnabled = true;

    await world.process.harness.approvals.decide(approvalId, pria, 'approve');
    await world.settle();

    expect(world.actions.calls.map((call) => call.targetUserId)).toEqual(['u-dora', 'u-dina']);
    expect(world.licences.user(TENANT_A, 'u-dan')?.skuIds).toHaveLength(2);
    const findings = world.process.service.report(TENANT_A, runId).policies[0]?.findings ?? [];
    expect(findings.find((finding) => finding.userId === 'u-dan')).toMatchObject({ remediation: 'skipped', code: 'PLAYBOOK.NO_LONGER_MATCHES' });
  });

  it('when a scheduled run asks for an attestation on behalf of an admin who is no longer one, then it fails closed and changes nobody', async () => {
    await world.process.service.setSchedule(ada, HYGIENE, { cron: '0 6 * * *' });
    world.directory.removeRoles(TENANT_A, ada.userId);
    world.clock.set('2026-01-06T06:00:00Z');

    const tick = await world.process.scheduler.runDue(world.clock.now());

    expect(tick.runs.map((run) => run.outcome)).toEqual(['failed']);
    const run = world.process.service.report(TENANT_A, tick.runs[0]?.runId ?? '');
    expect(run.policies[0]?.policy).toMatchObject({ state: 'failed', code: 'ACCESS.TENANT_ADMIN_REQUIRED' });
    expect(run.policies[0]?.counts).toMatchObject({ skipped: 3 });
    expect(world.actions.calls).toEqual([]);
    expect(world.notices.ofKind('failed').map((notice) => notice.code)).toEqual(['ACCESS.TENANT_ADMIN_REQUIRED']);
  });
});

/**
 * Playbook runs in alert and action mode, who may run and configure them, and what a tenant
 * cannot answer: over SQLite, the real authorization and audit, and in-memory ports.
 */
import { AccessDeniedError } from '../../../services/access/access-errors';
import { DirectoryError } from '../../../services/ports/directory.port';
import { PlaybookError } from '../../../services/playbooks/playbook-errors';
import { ada, adaOfB, ENTERPRISE_PACK, EMS, olga, PlaybookWorld, TENANT_A, TENANT_B } from './support/playbook-world';

const HYGIENE = 'Licence hygiene';
const POLICY = 'disabled-users-with-licences';

describe('playbooks: alert and action modes', () => {
  let world: PlaybookWorld;

  beforeEach(() => {
    world = new PlaybookWorld();
    world.seedLicences();
  });

  afterEach(async () => {
    await world.close();
  });

  it('when "Licence hygiene" runs in its default alert mode, then exactly the disabled users with licences are listed to the admin channel and nobody is changed', async () => {
    const report = await world.process.service.runPlaybook(ada, HYGIENE);

    expect(report.run).toMatchObject({ state: 'completed', playbookId: 'licence-hygiene', trigger: { kind: 'manual' }, requestedBy: { userId: ada.userId } });
    const [policy] = report.policies;
    expect(policy?.policy).toMatchObject({ policyId: POLICY, mode: 'alert', state: 'done', findingCount: 3 });
    expect(policy?.findings.map((finding) => finding.userId).sort()).toEqual(['u-dan', 'u-dina', 'u-dora']);
    expect(policy?.findings.every((finding) => finding.remediation === 'none')).toBe(true);

    const [alert] = world.notices.ofKind('findings');
    expect(world.notices.published).toHaveLength(1);
    expect(alert).toMatchObject({ tenantId: TENANT_A, playbookName: HYGIENE, policyName: 'Disabled users with licences', total: 3 });
    expect(alert?.findings.find((finding) => finding.userId === 'u-dan')?.facts.assignedSkuIds).toEqual([ENTERPRISE_PACK, EMS]);
    expect(world.licencedDisabled()).toEqual(['u-dan', 'u-dina', 'u-dora']);
    expect(world.actions.calls).toEqual([]);

    expect((await world.auditOf('playbook.finding')).map((record) => [record.target?.id, record.details.licences, record.actor.userId])).toEqual([
      ['u-dora', 1, ada.userId],
      ['u-dan', 2, ada.userId],
      ['u-dina', 1, ada.userId],
    ]);
    expect((await world.audit()).map((record) => record.action)).toEqual([
      'playbook.run',
      'playbook.policy.query',
      'playbook.finding',
      'playbook.finding',
      'playbook.finding',
      'playbook.run.finish',
    ]);
  });

  it('when a tenant admin switches the policy to action mode, then the next run removes every finding\'s licences, reports each user, and a second run finds nothing', async () => {
    await world.process.service.setPolicyMode(ada, HYGIENE, POLICY, { mode: 'action' });

    const first = await world.process.service.runPlaybook(ada, 'license hygiene');

    expect(first.run.state).toBe('completed');
    expect(first.policies[0]?.counts).toEqual({ findings: 3, succeeded: 3, failed: 0, unknown: 0, skipped: 0, pending: 0 });
    expect(world.licencedDisabled()).toEqual([]);
    expect(world.licences.user(TENANT_A, 'u-eve')?.skuIds).toEqual([ENTERPRISE_PACK]);
    expect(world.actions.calls.map((call) => [call.actionId, call.targetUserId, call.idempotencyKey, call.requester.userId])).toEqual([
      ['user.removeAllLicenses', 'u-dora', `${first.run.id}:${POLICY}:u-dora`, ada.userId],
      ['user.removeAllLicenses', 'u-dan', `${first.run.id}:${POLICY}:u-dan`, ada.userId],
      ['user.removeAllLicenses', 'u-dina', `${first.run.id}:${POLICY}:u-dina`, ada.userId],
    ]);
    const [remediated] = world.notices.ofKind('remediated');
    expect(remediated?.findings.map((finding) => [finding.userId, finding.remediation, finding.summary])).toEqual([
      ['u-dora', 'succeeded', 'Removed 1 licence.'],
      ['u-dan', 'succeeded', 'Removed 2 licences.'],
      ['u-dina', 'succeeded', 'Removed 1 licence.'],
    ]);
    expect(world.notices.ofKind('findings')).toEqual([]);
    expect((await world.auditOf('playbook.remediation')).map((record) => [record.target?.id, record.result.outcome, record.details.actionId])).toEqual([
      ['u-dora', 'ok', 'user.removeAllLicenses'],
      ['u-dan', 'ok', 'user.removeAllLicenses'],
      ['u-dina', 'ok', 'user.removeAllLicenses'],
    ]);

    const second = await world.process.service.runPlaybook(ada, HYGIENE);
    expect(second.policies[0]?.policy).toMatchObject({ state: 'done', findingCount: 0 });
    expect(world.actions.calls).toHaveLength(3);
  });

  it('when the action fails for one user, then the others are still remediated and the failure is reported and audited with its code', async () => {
    await world.process.service.setPolicyMode(ada, HYGIENE, POLICY, { mode: 'action' });
    world.actions.failFor.set('u-dan', 'SESSION.NOT_ACTIVE');

    const report = await world.process.service.runPlaybook(ada, HYGIENE);

    expect(report.policies[0]?.counts).toMatchObject({ succeeded: 2, failed: 1 });
    expect(world.licencedDisabled()).toEqual(['u-dan']);
    expect(report.policies[0]?.findings.find((finding) => finding.userId === 'u-dan')).toMatchObject({ remediation: 'failed', code: 'SESSION.NOT_ACTIVE' });
    expect((await world.auditOf('playbook.remediation')).find((record) => record.target?.id === 'u-dan')?.result).toEqual({ outcome: 'failed', code: 'SESSION.NOT_ACTIVE' });
  });

  it('when the mode is changed in one tenant, then it is stored for that tenant only, survives a restart and is audited', async () => {
    world.seedLicences(TENANT_B);
    await world.process.service.setPolicyMode(ada, HYGIENE, POLICY, { mode: 'action' });
    await world.restart();

    const [inA] = (await world.process.service.list(ada))[0]?.policies ?? [];
    const [inB] = (await world.process.service.list(adaOfB))[0]?.policies ?? [];
    expect(inA).toMatchObject({ id: POLICY, mode: 'action', defaultMode: 'alert', setBy: { userId: ada.userId } });
    expect(inB).toMatchObject({ id: POLICY, mode: 'alert' });

    await world.process.service.runPlaybook(adaOfB, HYGIENE);
    expect(world.licencedDisabled(TENANT_B)).toEqual(['u-dan', 'u-dina', 'u-dora']);
    expect((await world.auditOf('playbook.policy.set')).map((record) => record.details)).toEqual([
      { from: 'alert', to: 'action', approver: null, attestationExpiresInHours: null },
    ]);
  });

  it('when an operator tries to run or configure a playbook, then they are refused, nothing runs, and the refusal is audited', async () => {
    await expect(world.process.service.runPlaybook(olga, HYGIENE)).rejects.toBeInstanceOf(AccessDeniedError);
    await expect(world.process.service.setPolicyMode(olga, HYGIENE, POLICY, { mode: 'action' })).rejects.toMatchObject({ code: 'ACCESS.TENANT_ADMIN_REQUIRED' });

    expect(world.licences.queries).toBe(0);
    expect(await world.process.service.listRuns(ada)).toEqual([]);
    expect((await world.audit()).map((record) => [record.actor.userId, record.result.outcome, record.result.code])).toEqual([
      [olga.userId, 'denied', 'ACCESS.TENANT_ADMIN_REQUIRED'],
      [olga.userId, 'denied', 'ACCESS.TENANT_ADMIN_REQUIRED'],
    ]);
  });

  it.each([
    ['an unknown playbook', () => world.process.service.runPlaybook(ada, 'Mailbox hygiene'), 'PLAYBOOK.NOT_FOUND'],
    ['an unknown policy', () => world.process.service.setPolicyMode(ada, HYGIENE, 'nope', { mode: 'alert' }), 'PLAYBOOK.POLICY_NOT_FOUND'],
    ['a remediation for an alert-only policy', () => world.process.service.setPolicyMode(ada, 'Account hygiene', 'admins-without-mfa', { mode: 'action' }), 'PLAYBOOK.MODE_NOT_AVAILABLE'],
    ['an approver outside attestation mode', () => world.process.service.setPolicyMode(ada, HYGIENE, POLICY, { mode: 'action', approver: { userId: 'u-pria' } }), 'PLAYBOOK.INVALID_SETTING'],
    ['an attestation open for 8 days', () => world.process.service.setPolicyMode(ada, HYGIENE, POLICY, { mode: 'attestation', attestationExpiresInHours: 192 }), 'PLAYBOOK.INVALID_SETTING'],
    ['a schedule with a bad pattern', () => world.process.service.setSchedule(ada, HYGIENE, { cron: 'every monday' }), 'PLAYBOOK.INVALID_SCHEDULE'],
    ['a schedule in an unknown zone', () => world.process.service.setSchedule(ada, HYGIENE, { cron: '0 6 * * 1', timeZone: 'Mars/Olympus' }), 'PLAYBOOK.INVALID_SCHEDULE'],
  ])('when a tenant admin asks for %s, then it is refused with a stable code and nothing is stored', async (_case, call, code) => {
    const error = await call().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PlaybookError);
    expect(error).toMatchObject({ code });
    expect((error as PlaybookError).userMessage.length).toBeGreaterThan(10);
    expect(world.process.repository.listPolicySettings(TENANT_A, 'licence-hygiene')).toEqual([]);
    expect(world.process.repository.listSchedules()).toEqual([]);
  });

  it('when the playbook is already running in the tenant, then a second run is refused with PLAYBOOK.RUN_IN_PROGRESS, and another tenant may run it', async () => {
    const first = await world.process.service.startPlaybook(ada, HYGIENE);

    await expect(world.process.service.runPlaybook(ada, HYGIENE)).rejects.toMatchObject({ code: 'PLAYBOOK.RUN_IN_PROGRESS', details: { runId: first.id } });
    await expect(world.process.service.runPlaybook(adaOfB, HYGIENE)).resolves.toMatchObject({ run: { state: 'completed' } });
    await world.settle();
    expect((await world.process.service.getRunReport(ada, first.id)).run.state).toBe('completed');
  });

  it('when the tenant cannot answer a query, then that policy says "not available" with the reason, finds nobody, and the other policies still run', async () => {
    world.licences.unavailable.set('usersNotSignedInFor', "This tenant's directory doesn't report sign-in activity to the bot.");

    const report = await world.process.service.runPlaybook(ada, 'Account hygiene');

    expect(report.run.state).toBe('completed');
    expect(report.policies.map((entry) => [entry.policy.policyId, entry.policy.state, entry.policy.code ?? null])).toEqual([
      ['users-not-signed-in-90-days', 'unavailable', 'PLAYBOOK.QUERY_UNAVAILABLE'],
      ['guests-without-sponsor', 'done', null],
      ['admins-without-mfa', 'done', null],
    ]);
    expect(report.policies[0]?.policy.reason).toMatch(/sign-in activity/);
    expect(world.notices.published).toEqual([]);
    expect((await world.auditOf('playbook.policy.query')).map((record) => record.result)).toEqual([
      { outcome: 'failed', code: 'PLAYBOOK.QUERY_UNAVAILABLE' },
      { outcome: 'ok' },
      { outcome: 'ok' },
    ]);
  });

  it('when the directory is down, then the run fails with the directory\'s code, the admins hear of it, and nothing is remediated', async () => {
    await world.process.service.setPolicyMode(ada, HYGIENE, POLICY, { mode: 'action' });
    world.licences.outage = new DirectoryError('DIRECTORY.UNAVAILABLE', 'graph down');

    const report = await world.process.service.runPlaybook(ada, HYGIENE);

    expect(report.run.state).toBe('failed');
    expect(report.policies[0]?.policy).toMatchObject({ state: 'failed', code: 'DIRECTORY.UNAVAILABLE' });
    expect(world.notices.ofKind('failed').map((notice) => notice.code)).toEqual(['DIRECTORY.UNAVAILABLE']);
    expect(world.actions.calls).toEqual([]);
    expect((await world.auditOf('playbook.run.finish'))[0]?.result).toEqual({ outcome: 'failed', code: 'PLAYBOOK.POLICY_FAILED' });
  });

  it('when a run\'s records are read, then no record, notice or stored row holds anything secret-shaped', async () => {
    await world.process.service.setPolicyMode(ada, HYGIENE, POLICY, { mode: 'action' });
    await world.process.service.runPlaybook(ada, HYGIENE);
    const tables = ['playbook_runs', 'playbook_policy_runs', 'playbook_findings', 'playbook_policy_settings', 'playbook_run_outbox'];
    const rows = Object.fromEntries(tables.map((table) => [table, world.process.harness.db.prepare(`SELECT * FROM ${table}`).all()]));
    expect((rows.playbook_findings as unknown[]).length).toBe(3);
    const everything = JSON.stringify({ audit: await world.audit(), notices: world.notices.published, rows });
    expect(everything).not.toMatch(/password|secret|token|eyJ[a-zA-Z0-9_-]{10,}/i);
  });
});

/**
 * The "Licence hygiene" playbook against the sandbox over HTTPS: the real Graph query adapter
 * (as an app holding only User.Read.All, paging through @odata.nextLink), the real SQLite store,
 * audit log, authorization and approvals (tenant admins checked in the sandbox's Entra), and an
 * action port that removes licences through GraphUserAdministration as the bot's app.
 */
import { CONTOSO_TENANT_ID, GLOBAL_ADMIN, READ_ONLY_APP, SECOND_GLOBAL_ADMIN } from '../../sandbox/directory/seed/contoso-ids';
import type { SandboxUser } from '../../sandbox/directory/model';
import type { Actor } from '../../services/access/actor';
import { AuthorizationService } from '../../services/access/authorization.service';
import { RoleService } from '../../services/access/role.service';
import { SqliteAccessGrantRepository } from '../../services/adapters/sqlite/access-grant.sqlite';
import { SqliteApprovalRepository } from '../../services/adapters/sqlite/approval.sqlite';
import { SqliteAuditRecordRepository } from '../../services/adapters/sqlite/audit-record.sqlite';
import { openDatabase, type SqliteDatabase } from '../../services/adapters/sqlite/database';
import { SqlitePlaybookRepository } from '../../services/adapters/sqlite/playbook.sqlite';
import type { GraphFetch } from '../../services/adapters/graph/graph-client-factory';
import { GraphDirectory } from '../../services/adapters/graph/graph-directory';
import { GraphPlaybookDirectory } from '../../services/adapters/graph/graph-playbook-directory';
import { GraphUserAdministration } from '../../services/adapters/graph/graph-user-administration';
import { ApprovalHandlerRegistry } from '../../services/approvals/approval-handler.registry';
import { ApprovalService } from '../../services/approvals/approval.service';
import { AuditLogService } from '../../services/audit/audit-log.service';
import { silentLogger } from '../../services/ports/area-logger.port';
import { systemClock } from '../../services/ports/clock.port';
import type { PlaybookActionPort, PlaybookActionRequest, PlaybookActionResult } from '../../services/playbooks/playbook-action.port';
import type { PlaybookNotice, PlaybookNoticePort } from '../../services/playbooks/playbook-notice.port';
import { PlaybookService } from '../../services/playbooks/playbook.service';
import { BackgroundTasks } from '../../services/service-account/background-tasks';
import { startSandboxHarness, type SandboxHarness } from '../support/sandbox-harness';

const HYGIENE = 'Licence hygiene';
const POLICY = 'disabled-users-with-licences';
const admin: Actor = { tenantId: CONTOSO_TENANT_ID, userId: GLOBAL_ADMIN.id, upn: GLOBAL_ADMIN.userPrincipalName, displayName: GLOBAL_ADMIN.displayName };
const secondAdmin: Actor = { tenantId: CONTOSO_TENANT_ID, userId: SECOND_GLOBAL_ADMIN.id, upn: SECOND_GLOBAL_ADMIN.userPrincipalName, displayName: SECOND_GLOBAL_ADMIN.displayName };

/**
 * Stands in for the management-action port: the same Graph calls as `user.removeAllLicenses`
 * (read the user's licences, then assignLicense removing all of them) as the bot's app, exactly
 * once per idempotency key.
 */
class GraphLicenceRemoval implements PlaybookActionPort {
  readonly calls: PlaybookActionRequest[] = [];
  private readonly answered = new Map<string, PlaybookActionResult>();

  constructor(private readonly users: GraphUserAdministration) {}

  async run(request: PlaybookActionRequest): Promise<PlaybookActionResult> {
    this.calls.push(request);
    const earlier = this.answered.get(request.idempotencyKey);
    if (earlier) return earlier;
    const result = await this.removeAll(request);
    this.answered.set(request.idempotencyKey, result);
    return result;
  }

  private async removeAll(request: PlaybookActionRequest): Promise<PlaybookActionResult> {
    if (request.actionId !== 'user.removeAllLicenses') return { status: 'failed', summary: 'Only licence removal is wired here.', code: 'ACTION.UNKNOWN' };
    try {
      const profile = await this.users.getUserProfile(request.tenantId, request.targetUserId);
      if (!profile) return { status: 'failed', summary: 'The user no longer exists.', code: 'ACTION.TARGET_NOT_FOUND' };
      if (profile.assignedSkuIds.length === 0) return { status: 'succeeded', summary: 'No licences were left to remove.' };
      await this.users.assignLicense(request.tenantId, request.targetUserId, { addSkuIds: [], removeSkuIds: profile.assignedSkuIds });
      return { status: 'succeeded', summary: `Removed ${profile.assignedSkuIds.length} licence${profile.assignedSkuIds.length === 1 ? '' : 's'}.` };
    } catch (error) {
      return { status: 'failed', summary: 'Microsoft Graph refused the change.', code: (error as { code?: string }).code ?? 'DIRECTORY.UNAVAILABLE' };
    }
  }
}

class RecordedNotices implements PlaybookNoticePort {
  readonly published: PlaybookNotice[] = [];
  async publish(notice: PlaybookNotice): Promise<void> {
    if (!this.published.some((seen) => seen.dedupeKey === notice.dedupeKey)) this.published.push(notice);
  }
}

describe('playbooks against the sandbox (HTTPS, real Graph client)', () => {
  let harness: SandboxHarness;
  let db: SqliteDatabase;
  let service: PlaybookService;
  let approvals: ApprovalService;
  let audit: AuditLogService;
  let background: BackgroundTasks;
  let actions: GraphLicenceRemoval;
  let notices: RecordedNotices;

  const users = (): SandboxUser[] => harness.sandbox.state().directory.users;
  const byUpn = (upn: string): SandboxUser => {
    const user = users().find((candidate) => candidate.userPrincipalName === upn);
    if (!user) throw new Error(`seed has no ${upn}`);
    return user;
  };
  /** What the sandbox itself says matches: the test's oracle. */
  const matchingInSandbox = (): string[] =>
    users()
      .filter((user) => !user.accountEnabled && user.assignedLicenses.length > 0)
      .map((user) => user.id)
      .sort();
  const consumedUnits = (): Record<string, number> => Object.fromEntries(harness.sandbox.state().directory.subscribedSkus.map((sku) => [sku.skuId, sku.consumedUnits]));

  beforeAll(async () => {
    harness = await startSandboxHarness();
  }, 60_000);

  afterAll(async () => {
    await harness.stop();
  });

  beforeEach(async () => {
    await harness.sandbox.reset();
    // A few more disabled users with licences, one disabled user whose licence was taken back
    // (its seat freed), on top of the seed's own (Luis and Farah disabled with licences, the
    // disabled admin without any); everyone else stays enabled with their licences.
    for (const upn of ['jamal.carter@contoso.test', 'kira.novak@contoso.test', 'liam.obrien@contoso.test', 'maya.patel@contoso.test']) byUpn(upn).accountEnabled = false;
    const nikolai = byUpn('nikolai.ivanov@contoso.test');
    nikolai.accountEnabled = false;
    for (const licence of nikolai.assignedLicenses) {
      const sku = harness.sandbox.state().directory.subscribedSkus.find((candidate) => candidate.skuId === licence.skuId);
      if (sku) sku.consumedUnits -= 1;
    }
    nikolai.assignedLicenses = [];
    await harness.sandbox.persist();
    harness.sandbox.traffic.clear();

    const readerIssuer = harness.tokenIssuer({ clientId: READ_ONLY_APP.appId, appCredential: { kind: 'clientSecret', clientSecret: READ_ONLY_APP.clientSecret } });
    const botIssuer = harness.tokenIssuer();
    const fetch = harness.fetch as GraphFetch;
    const botToken = async (tenantId: string) => (await botIssuer.getAppToken(tenantId)).token;

    db = openDatabase(':memory:');
    audit = new AuditLogService(new SqliteAuditRecordRepository(db), systemClock);
    const graphDirectory = new GraphDirectory({ baseUrl: harness.sandbox.graphBaseUrl, getAccessToken: botToken, fetch, retry: { maxRetries: 0 } });
    const roles = new RoleService(graphDirectory, new SqliteAccessGrantRepository(db), systemClock);
    const authorization = new AuthorizationService(roles, graphDirectory, audit);
    const registry = new ApprovalHandlerRegistry();
    approvals = new ApprovalService(new SqliteApprovalRepository(db), registry, authorization, roles, audit, systemClock);
    background = new BackgroundTasks(silentLogger);
    actions = new GraphLicenceRemoval(new GraphUserAdministration({ baseUrl: harness.sandbox.graphBaseUrl, getAccessToken: botToken, fetch, retry: { maxRetries: 0 } }));
    notices = new RecordedNotices();
    service = new PlaybookService({
      repository: new SqlitePlaybookRepository(db),
      // The least privilege the query needs: an app holding User.Read.All only; two users a page.
      directory: new GraphPlaybookDirectory({
        baseUrl: harness.sandbox.graphBaseUrl,
        getAccessToken: async (tenantId) => (await readerIssuer.getAppToken(tenantId)).token,
        fetch,
        retry: { maxRetries: 0 },
        pageSize: 2,
      }),
      actions,
      notices,
      approvals,
      audit,
      clock: systemClock,
      // Until playbooks.* exist in the capability catalogue, a tenant-admin-only capability decides.
      authorize: (who, _capability, options) => authorization.require(who, 'settings.update', undefined, options),
      attestationCapability: 'settings.update',
      background,
    });
    registry.register(service.approvalHandler());
  });

  afterEach(async () => {
    await background.drain();
    db.close();
  });

  it('when "Licence hygiene" runs in alert mode, then it lists exactly the sandbox\'s disabled users that hold licences, and changes nobody', async () => {
    const expected = matchingInSandbox();
    expect(expected).toHaveLength(6);
    const before = consumedUnits();

    const report = await service.runPlaybook(admin, HYGIENE);

    expect(report.run.state).toBe('completed');
    expect(report.policies[0]?.findings.map((finding) => finding.userId).sort()).toEqual(expected);
    const [alert] = notices.published;
    expect(alert).toMatchObject({ kind: 'findings', total: 6 });
    expect(alert?.findings.map((finding) => finding.userId).sort()).toEqual(expected);
    const luis = alert?.findings.find((finding) => finding.userPrincipalName === 'luis.ortega@contoso.test');
    expect(luis?.facts.assignedSkuIds?.sort()).toEqual(byUpn('luis.ortega@contoso.test').assignedLicenses.map((licence) => licence.skuId.toLowerCase()).sort());
    expect(matchingInSandbox()).toEqual(expected);
    expect(consumedUnits()).toEqual(before);
    // Paged two at a time, the disabled users came over several requests.
    expect(harness.sandbox.traffic.entries().filter((entry) => entry.path === '/v1.0/users' && entry.method === 'GET').length).toBeGreaterThanOrEqual(4);
  });

  it('when the policy is in action mode, then their licences are removed through Graph, the seats are freed, and a second run finds nothing', async () => {
    const expected = matchingInSandbox();
    const seatsHeld = users()
      .filter((user) => expected.includes(user.id))
      .flatMap((user) => user.assignedLicenses.map((licence) => licence.skuId));
    const before = consumedUnits();
    await service.setPolicyMode(admin, HYGIENE, POLICY, { mode: 'action' });

    const first = await service.runPlaybook(admin, HYGIENE);

    expect(first.policies[0]?.counts).toEqual({ findings: 6, succeeded: 6, failed: 0, unknown: 0, skipped: 0, pending: 0 });
    expect(matchingInSandbox()).toEqual([]);
    for (const id of expected) expect(users().find((user) => user.id === id)?.assignedLicenses).toEqual([]);
    const freed = Object.fromEntries(Object.entries(before).map(([skuId, units]) => [skuId, units - seatsHeld.filter((held) => held === skuId).length]));
    expect(consumedUnits()).toEqual(freed);
    expect(byUpn('adele.vance@contoso.test').assignedLicenses).toHaveLength(1);
    expect((await audit.list(CONTOSO_TENANT_ID, { limit: 100 })).records.filter((record) => record.action === 'playbook.remediation').map((record) => record.target?.id).sort()).toEqual(expected);

    const second = await service.runPlaybook(admin, HYGIENE);
    expect(second.policies[0]?.policy).toMatchObject({ state: 'done', findingCount: 0 });
    expect(actions.calls).toHaveLength(6);
  });

  it('when the policy is in attestation mode, then nothing changes until the second Global Administrator approves, then the licences go', async () => {
    const expected = matchingInSandbox();
    await service.setPolicyMode(admin, HYGIENE, POLICY, { mode: 'attestation' });

    const report = await service.runPlaybook(admin, HYGIENE);
    const approvalId = report.policies[0]?.policy.approvalRequestId ?? '';
    expect(report.run.state).toBe('awaiting-attestation');
    expect(matchingInSandbox()).toEqual(expected);

    await expect(approvals.decide(approvalId, secondAdmin, 'approve')).resolves.toMatchObject({ status: 'decided' });
    await background.drain();

    expect(matchingInSandbox()).toEqual([]);
    expect(service.report(CONTOSO_TENANT_ID, report.run.id).run.state).toBe('completed');
  });

  it('when a policy asks what the sandbox does not model, then it is reported as not available in this tenant, never as "nobody"', async () => {
    const report = await service.runPlaybook(admin, 'Account hygiene');

    expect(report.policies.map((entry) => [entry.policy.policyId, entry.policy.state])).toEqual([
      // The sandbox has no signInActivity: Graph's own 400 for an unknown property.
      ['users-not-signed-in-90-days', 'unavailable'],
      // No guests in the seed, so "no guest lacks a sponsor" is true whether or not sponsors are served.
      ['guests-without-sponsor', 'done'],
      // No /reports segment in the sandbox.
      ['admins-without-mfa', 'unavailable'],
    ]);
    expect(report.policies[0]?.policy.reason).toMatch(/sign-in activity/);
    expect(report.policies[2]?.policy.reason).toMatch(/authentication-method registrations/);
    // Graph's answers, not a permission problem of the reader app: a 400 for each unmodelled part.
    const refused = harness.sandbox.traffic.entries().filter((entry) => entry.status >= 400).map((entry) => [entry.method, entry.path, entry.status]);
    expect(refused).toEqual([
      ['GET', '/v1.0/users', 400],
      ['GET', '/v1.0/reports/authenticationMethods/userRegistrationDetails', 400],
    ]);
  });

  it('when the sandbox has a guest but answers without sponsors, then guests without a sponsor are "not available", not every guest', async () => {
    const guest = byUpn('adele.vance@contoso.test');
    guest.userType = 'Guest';
    await harness.sandbox.persist();

    const report = await service.runPlaybook(admin, 'Account hygiene');

    expect(report.policies[1]?.policy).toMatchObject({ policyId: 'guests-without-sponsor', state: 'unavailable', findingCount: 0 });
  });
});

/**
 * Issue 11, finding 4: one admin could switch four-eyes off alone. Self-approve may be chosen
 * only while the tenant has exactly one tenant admin (counted in Entra), a self-approval is
 * refused once a second admin exists, and the policy stored is the policy in force.
 */
import { GLOBAL_ADMINISTRATOR_ROLE_ID, heldDirectoryRoles, holdsTenantAdminRole, PRIVILEGED_ROLE_ADMINISTRATOR_ROLE_ID } from '../../../services/access/directory-roles';
import type { TenantAdminRoster } from '../../../services/access/role.service';
import { SqliteApprovalRepository } from '../../../services/adapters/sqlite/approval.sqlite';
import { SqliteTenantSettingsRepository } from '../../../services/adapters/sqlite/tenant-settings.sqlite';
import { ApprovalHandlerRegistry } from '../../../services/approvals/approval-handler.registry';
import type { ApprovalRequest } from '../../../services/approvals/approval-request';
import { ManualClock } from '../../../services/ports/clock.port';
import { DirectoryError } from '../../../services/ports/directory.port';
import type { AuditRecord } from '../../../services/ports/audit-log.port';
import { InMemoryDirectory } from '../../support/fakes/in-memory-directory';
import { buildHarness, tempDatabase, type AccessHarness } from './support/access-harness';
import { actor, TENANT_A } from './support/contoso';

const ada = actor(TENANT_A, { userId: 'u-ada', upn: 'ada@fabrikam.com', displayName: 'Ada Admin' });
const bea = actor(TENANT_A, { userId: 'u-bea', upn: 'bea@fabrikam.com', displayName: 'Bea Backup' });
const olga = actor(TENANT_A, { userId: 'u-olga', upn: 'olga@fabrikam.com', displayName: 'Olga Operator' });
const ROLE_GROUP = 'g-privileged-role-admins';

/**
 * Entra's list of tenant admins over the in-memory directory, as the Graph roster reads it: every
 * user of the tenant holding Global Administrator or Privileged Role Administrator tenant-wide,
 * directly or through a role-assignable group. `unavailable` stands for a Graph outage.
 */
class DirectoryRoster implements TenantAdminRoster {
  unavailable = false;

  constructor(
    private readonly directory: InMemoryDirectory,
    private readonly userIds: readonly string[],
  ) {}

  async listTenantAdminIds(tenantId: string): Promise<string[]> {
    if (this.unavailable) throw new DirectoryError('DIRECTORY.UNAVAILABLE', 'roster read failed', { status: 503 });
    const admins: string[] = [];
    for (const id of this.userIds) {
      const held = heldDirectoryRoles(await this.directory.listRoleAssignments(tenantId, id), await this.directory.listTransitiveMemberships(tenantId, id));
      if (holdsTenantAdminRole(held)) admins.push(id);
    }
    return admins;
  }
}

describe('self-approve needs a single tenant admin', () => {
  let dbPath: string;
  let cleanup: () => void;
  let directory: InMemoryDirectory;
  let clock: ManualClock;
  let roster: DirectoryRoster;
  let h: AccessHarness;
  let effects: string[];

  let settings: SqliteTenantSettingsRepository;

  function start(options: { withRoster: boolean }): AccessHarness {
    const handlers = new ApprovalHandlerRegistry();
    handlers.register({ kind: 'mode.change', requestCapability: 'mode.change', onApproved: async (request) => void effects.push(request.id) });
    const harness = buildHarness({ dbPath, directory, clock, handlers, ...(options.withRoster ? { roleOptions: { tenantAdminRoster: roster } } : {}) });
    // The tenant settings live on the same database, built after the approvals as in the composition root.
    settings = new SqliteTenantSettingsRepository(harness.db, clock);
    return harness;
  }

  beforeEach(() => {
    ({ dbPath, cleanup } = tempDatabase());
    directory = new InMemoryDirectory();
    for (const who of [ada, bea, olga]) directory.addUser(TENANT_A, { id: who.userId, userPrincipalName: who.upn!, displayName: who.displayName! });
    directory.assignRole(TENANT_A, ada.userId, GLOBAL_ADMINISTRATOR_ROLE_ID);
    directory.addGroup(TENANT_A, ROLE_GROUP);
    directory.assignRole(TENANT_A, ROLE_GROUP, PRIVILEGED_ROLE_ADMINISTRATOR_ROLE_ID);
    clock = new ManualClock('2026-03-02T09:00:00Z');
    roster = new DirectoryRoster(directory, [ada.userId, bea.userId, olga.userId]);
    effects = [];
    h = start({ withRoster: true });
  });

  afterEach(() => {
    h.close();
    cleanup();
  });

  async function auditOf(action?: string): Promise<AuditRecord[]> {
    const records = (await h.audit.list(TENANT_A, { limit: 100 })).records.reverse();
    return action ? records.filter((r) => r.action === action) : records;
  }

  function storedSettingsPolicy(): string {
    return settings.get(TENANT_A).approvalPolicy;
  }

  async function openRequest(by = ada): Promise<ApprovalRequest> {
    return h.approvals.create(by, { kind: 'mode.change', payload: { to: 'default' } });
  }

  it('when a second tenant admin exists (one the bot never met, through a role-assignable group), then choosing self-approve is refused with a next step, nothing is stored, and the refusal is audited', async () => {
    directory.addToGroup(TENANT_A, ROLE_GROUP, bea.userId);

    const error = await h.approvals.setPolicy(ada, 'self-approve', { correlationId: 'set-1' }).catch((e: unknown) => e);

    expect(error).toMatchObject({
      code: 'APPROVAL.SELF_APPROVE_NEEDS_SINGLE_ADMIN',
      userMessage: expect.stringContaining('yours has 2'),
      nextStep: expect.stringContaining('Another tenant admin approves each of your requests'),
    });
    await expect(h.approvals.getPolicy(TENANT_A)).resolves.toBe('four-eyes');
    expect(storedSettingsPolicy()).toBe('four-eyes');
    expect(await auditOf('approvalPolicy.set')).toEqual([
      expect.objectContaining({
        actor: expect.objectContaining({ userId: ada.userId }),
        correlationId: 'set-1',
        result: { outcome: 'denied', code: 'APPROVAL.SELF_APPROVE_NEEDS_SINGLE_ADMIN' },
        details: expect.objectContaining({ policy: 'self-approve', tenantAdmins: 2 }),
      }),
    ]);
    // The same admin's own request still needs the other admin.
    const request = await openRequest();
    await expect(h.approvals.decide(request.id, ada, 'approve')).rejects.toMatchObject({ code: 'APPROVAL.SELF_APPROVAL_FORBIDDEN' });
    expect(effects).toEqual([]);
  });

  it('when there are several tenant admins, then four-eyes can still be chosen at once (it is the stricter policy)', async () => {
    directory.addToGroup(TENANT_A, ROLE_GROUP, bea.userId);
    await h.approvals.setPolicy(ada, 'four-eyes');
    await expect(h.approvals.getPolicy(TENANT_A)).resolves.toBe('four-eyes');
    expect((await auditOf('approvalPolicy.set')).map((r) => r.result.outcome)).toEqual(['ok']);
  });

  it('when the only tenant admin chooses self-approve, then it takes effect, is audited, the settings copy agrees, and their own approval goes through flagged', async () => {
    await h.approvals.setPolicy(ada, 'self-approve', { correlationId: 'set-2' });

    await expect(h.approvals.getPolicy(TENANT_A)).resolves.toBe('self-approve');
    expect(storedSettingsPolicy()).toBe('self-approve');
    expect(await auditOf('approvalPolicy.set')).toEqual([
      expect.objectContaining({ correlationId: 'set-2', result: { outcome: 'ok' }, details: { policy: 'self-approve', previous: 'four-eyes' } }),
    ]);
    const request = await openRequest();
    await expect(h.approvals.mayDecide(request, ada)).resolves.toBe(true);
    await expect(h.approvals.decide(request.id, ada, 'approve')).resolves.toMatchObject({ status: 'decided', selfApproved: true });
    expect(effects).toEqual([request.id]);
  });

  it('when a second tenant admin appears after self-approve was chosen, then the requester\'s own approval is refused at decision time, the request stays pending, and the stored policy returns to four-eyes', async () => {
    await h.approvals.setPolicy(ada, 'self-approve');
    const request = await openRequest();
    directory.assignRole(TENANT_A, bea.userId, GLOBAL_ADMINISTRATOR_ROLE_ID);

    await expect(h.approvals.mayDecide(request, ada)).resolves.toBe(false);
    const error = await h.approvals.decide(request.id, ada, 'approve', { correlationId: 'self-1' }).catch((e: unknown) => e);

    expect(error).toMatchObject({ code: 'APPROVAL.SELF_APPROVE_NEEDS_SINGLE_ADMIN', nextStep: expect.stringContaining('Ask another tenant admin') });
    await expect(h.approvals.get(TENANT_A, request.id)).resolves.toMatchObject({ state: 'pending' });
    expect(effects).toEqual([]);
    await expect(h.approvals.getPolicy(TENANT_A)).resolves.toBe('four-eyes');
    expect(storedSettingsPolicy()).toBe('four-eyes');
    expect((await auditOf()).filter((r) => r.correlationId === 'self-1').map((r) => [r.action, r.actor.userId, r.result.outcome, r.result.code ?? null])).toEqual([
      ['approval.approve', ada.userId, 'denied', 'APPROVAL.SELF_APPROVE_NEEDS_SINGLE_ADMIN'],
      ['approvalPolicy.set', 'system', 'ok', null],
    ]);

    // The new admin decides it, as four-eyes asks.
    await expect(h.approvals.decide(request.id, bea, 'approve')).resolves.toMatchObject({ status: 'decided', selfApproved: false });
    expect(effects).toEqual([request.id]);
  });

  it('when the tenant admins cannot be counted because Entra is unavailable, then self-approve is not chosen (fail closed) and the refusal is audited', async () => {
    roster.unavailable = true;
    await expect(h.approvals.setPolicy(ada, 'self-approve', { correlationId: 'set-3' })).rejects.toMatchObject({ code: 'ACCESS.DIRECTORY_UNAVAILABLE' });
    await expect(h.approvals.getPolicy(TENANT_A)).resolves.toBe('four-eyes');
    expect(await auditOf('approvalPolicy.set')).toEqual([expect.objectContaining({ correlationId: 'set-3', result: { outcome: 'denied', code: 'ACCESS.DIRECTORY_UNAVAILABLE' } })]);
  });

  it('when the bot has no roster of Entra\'s admins but has met a second admin, then a self-approval is still refused at decision time', async () => {
    h.close();
    h = start({ withRoster: false });
    directory.assignRole(TENANT_A, bea.userId, GLOBAL_ADMINISTRATOR_ROLE_ID);
    await h.authorization.authorize(bea, 'settings.view'); // Bea used the bot once: confirmed in Entra, remembered.
    await h.approvals.setPolicy(ada, 'self-approve');
    const request = await openRequest();

    await expect(h.approvals.decide(request.id, ada, 'approve')).rejects.toMatchObject({ code: 'APPROVAL.SELF_APPROVE_NEEDS_SINGLE_ADMIN' });
    await expect(h.approvals.get(TENANT_A, request.id)).resolves.toMatchObject({ state: 'pending' });
    await expect(h.approvals.getPolicy(TENANT_A)).resolves.toBe('four-eyes');
  });

  it('when a database from before holds self-approve only in the approvals\' table, then opening it brings the settings copy in line', async () => {
    settings.update(TENANT_A, { autoEnable: true }, ada.userId);
    h.db.prepare(`INSERT INTO approval_policies (tenant_id, policy, set_by_json, set_at) VALUES (?, 'self-approve', ?, ?)`).run(TENANT_A, JSON.stringify({ userId: ada.userId }), clock.now().toISOString());
    expect(storedSettingsPolicy()).toBe('four-eyes');

    new SqliteApprovalRepository(h.db);

    expect(settings.get(TENANT_A)).toMatchObject({ approvalPolicy: 'self-approve', autoEnable: true });
    await expect(h.approvals.getPolicy(TENANT_A)).resolves.toBe('self-approve');
  });
});

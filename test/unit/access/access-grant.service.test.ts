import { AccessDeniedError } from '../../../services/access/access-errors';
import { ManualClock } from '../../../services/ports/clock.port';
import { InMemoryDirectory } from '../../support/fakes/in-memory-directory';
import { buildHarness, tempDatabase, type AccessHarness } from './support/access-harness';
import { actor, people, seedContoso, targets, TENANT_A, TENANT_B } from './support/contoso';

const adaA = actor(TENANT_A, people.ada);
const adaB = actor(TENANT_B, people.ada);
const olgaA = actor(TENANT_A, people.olga);
const salesScope = { scope: [{ kind: 'department' as const, value: 'Sales' }], actions: ['user.blockSignIn' as const] };

describe('AccessGrantService', () => {
  let dbPath: string;
  let cleanup: () => void;
  let directory: InMemoryDirectory;
  let clock: ManualClock;
  let h: AccessHarness;

  beforeEach(() => {
    ({ dbPath, cleanup } = tempDatabase());
    directory = new InMemoryDirectory();
    seedContoso(directory, TENANT_A);
    seedContoso(directory, TENANT_B);
    clock = new ManualClock('2026-01-05T09:00:00Z');
    h = buildHarness({ dbPath, directory, clock });
  });

  afterEach(() => {
    h.close();
    cleanup();
  });

  it('when a tenant admin grants an operator by UPN, then the grant holds the names from the directory and the audit records who granted what', async () => {
    const grant = await h.grants.grantOperator(adaA, { operator: 'OLGA@contoso.com', ...salesScope }, { correlationId: 'c-grant' });
    expect(grant).toMatchObject({ operator: people.olga, grantedBy: people.ada, includePrivileged: false, grantedAt: '2026-01-05T09:00:00.000Z' });

    const [record] = (await h.audit.list(TENANT_A, { limit: 1 })).records;
    expect(record).toMatchObject({
      actor: { userId: people.ada.userId },
      action: 'operator.grant',
      target: { type: 'user', id: people.olga.userId, upn: people.olga.upn },
      result: { outcome: 'ok' },
      correlationId: 'c-grant',
      details: { scope: ['department "Sales"'], actions: ['user.blockSignIn'], includePrivileged: false, replacedExisting: false },
    });
  });

  it('when a grant is replaced, then the original grant time is kept and the new scope applies at once', async () => {
    await h.grants.grantOperator(adaA, { operator: people.olga.userId, ...salesScope });
    clock.advance(60_000);
    const replaced = await h.grants.grantOperator(adaA, { operator: people.olga.userId, scope: [{ kind: 'users', userIds: [targets.eli.id] }], actions: ['user.blockSignIn'] });
    expect(replaced).toMatchObject({ grantedAt: '2026-01-05T09:00:00.000Z', updatedAt: '2026-01-05T09:01:00.000Z' });
    await expect(h.authorization.authorize(olgaA, 'user.blockSignIn', { userId: targets.sam.id })).resolves.toMatchObject({ allowed: false, reason: 'ACCESS.NOT_IN_SCOPE' });
    await expect(h.authorization.authorize(olgaA, 'user.blockSignIn', { userId: targets.eli.id })).resolves.toMatchObject({ allowed: true });
  });

  it('when an operator tries to grant, revoke or list, then each is refused as tenant-admin only, nothing changes, and each refusal is audited', async () => {
    await h.grants.grantOperator(adaA, { operator: people.olga.userId, ...salesScope });
    const attempts = [
      h.grants.grantOperator(olgaA, { operator: people.otto.userId, ...salesScope }),
      h.grants.revokeOperator(olgaA, people.olga.userId),
      h.grants.listOperators(olgaA),
      h.grants.grantAuditor(olgaA, people.olga.userId),
    ];
    for (const attempt of attempts) {
      const error = await attempt.catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AccessDeniedError);
      expect(error).toMatchObject({ reason: 'ACCESS.TENANT_ADMIN_REQUIRED' });
    }
    expect((await h.grants.listOperators(adaA)).map((g) => g.operator.userId)).toEqual([people.olga.userId]);
    await expect(h.roles.isAuditor(TENANT_A, people.olga.userId)).resolves.toBe(false);
    const denied = (await h.audit.list(TENANT_A, { limit: 20 })).records.filter((r) => r.result.outcome === 'denied');
    expect(denied.map((r) => r.action).sort()).toEqual(['auditor.grant', 'operator.grant', 'operator.list', 'operator.revoke']);
  });

  it('when an operator is revoked, then their next action is refused', async () => {
    await h.grants.grantOperator(adaA, { operator: people.olga.userId, ...salesScope });
    await expect(h.grants.revokeOperator(adaA, people.olga.upn)).resolves.toBe(true);
    await expect(h.authorization.authorize(olgaA, 'user.blockSignIn', { userId: targets.sam.id })).resolves.toMatchObject({ allowed: false, reason: 'ACCESS.NOT_OPERATOR' });
    await expect(h.grants.revokeOperator(adaA, people.olga.upn)).resolves.toBe(false);
  });

  it('when the operator was deleted from the directory, then their grant can still be revoked by object id', async () => {
    await h.grants.grantOperator(adaA, { operator: people.olga.userId, ...salesScope });
    await directory.deleteUser(TENANT_A, people.olga.userId);
    await expect(h.grants.revokeOperator(adaA, people.olga.userId)).resolves.toBe(true);
    await expect(h.grants.listOperators(adaA)).resolves.toEqual([]);
  });

  it('when an auditor is granted and later revoked, then they can read the audit only in between', async () => {
    const aud = actor(TENANT_A, people.aud);
    await h.grants.grantAuditor(adaA, people.aud.upn);
    await expect(h.authorization.authorize(aud, 'audit.export')).resolves.toMatchObject({ allowed: true, via: 'auditor' });
    expect((await h.grants.listAuditors(adaA)).map((g) => g.auditor)).toEqual([people.aud]);
    await expect(h.grants.revokeAuditor(adaA, people.aud.userId)).resolves.toBe(true);
    await expect(h.authorization.authorize(aud, 'audit.export')).resolves.toMatchObject({ allowed: false, reason: 'ACCESS.ADMIN_OR_AUDITOR_REQUIRED' });
  });

  it("when a grant exists in tenant A, then tenant B's admin cannot see, use or revoke it", async () => {
    await h.grants.grantOperator(adaA, { operator: people.olga.userId, ...salesScope });
    await h.grants.grantAuditor(adaA, people.aud.userId);

    await expect(h.grants.listOperators(adaB)).resolves.toEqual([]);
    await expect(h.grants.listAuditors(adaB)).resolves.toEqual([]);
    await expect(h.grants.revokeOperator(adaB, people.olga.userId)).resolves.toBe(false);
    await expect(h.authorization.authorize(actor(TENANT_B, people.olga), 'user.blockSignIn', { userId: targets.sam.id })).resolves.toMatchObject({
      allowed: false,
      reason: 'ACCESS.NOT_OPERATOR',
    });
    await expect(h.authorization.authorize(actor(TENANT_B, people.aud), 'audit.view')).resolves.toMatchObject({ allowed: false });
    expect((await h.grants.listOperators(adaA)).map((g) => g.operator.userId)).toEqual([people.olga.userId]);
    const bRecords = (await h.audit.list(TENANT_B, { limit: 50 })).records;
    expect(bRecords.every((r) => r.tenantId === TENANT_B)).toBe(true);
    expect(bRecords.some((r) => r.action === 'operator.grant')).toBe(false);
  });

  it('when Entra is unreachable and the admin is not cached, then granting is refused (fail closed) with ACCESS.DIRECTORY_UNAVAILABLE', async () => {
    directory.failWith();
    await expect(h.grants.grantOperator(adaA, { operator: people.olga.userId, ...salesScope })).rejects.toMatchObject({ reason: 'ACCESS.DIRECTORY_UNAVAILABLE' });
    await expect(h.roles.getOperatorGrant(TENANT_A, people.olga.userId)).resolves.toBeUndefined();
  });
});

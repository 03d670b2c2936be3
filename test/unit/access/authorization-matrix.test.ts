import { MANAGEMENT_ACTION_IDS } from '../../../services/access/actions';
import type { Actor } from '../../../services/access/actor';
import { CAPABILITIES, ENTRY_POINTS, capabilityForVerb, findCapability } from '../../../services/access/capabilities';
import { parseAuditExport } from '../../../services/audit/audit-export';
import { ManualClock } from '../../../services/ports/clock.port';
import type { AuditRecord } from '../../../services/ports/audit-log.port';
import { InMemoryDirectory } from '../../support/fakes/in-memory-directory';
import { buildHarness, tempDatabase, type AccessHarness } from './support/access-harness';
import { actor, AU_NORTH, people, seedContoso, targets, TENANT_A } from './support/contoso';
import { EXPECTED_ACCESS, type MatrixRole } from '../../support/access-expectations';

type Role = MatrixRole;
const EXPECTED = EXPECTED_ACCESS;

const ROLES: Record<Role, Actor> = {
  tenantAdmin: actor(TENANT_A, people.ada),
  operatorInScope: actor(TENANT_A, people.olga),
  operatorOutOfScope: actor(TENANT_A, people.otto),
  auditor: actor(TENANT_A, people.aud),
  unknownUser: actor(TENANT_A, people.uma),
};

describe('capability catalogue', () => {
  it('when the catalogue is built, then every capability has an entry point, ids are unique, and no verb or command leads to two capabilities', () => {
    expect(new Set(CAPABILITIES.map((c) => c.id)).size).toBe(CAPABILITIES.length);
    for (const capability of CAPABILITIES) expect(capability.commands.length + capability.verbs.length).toBeGreaterThan(0);
    const keys = ENTRY_POINTS.map((e) => `${e.kind}:${e.name}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('when a management action is in the catalog, then it is a target capability with a confirm verb', () => {
    for (const id of MANAGEMENT_ACTION_IDS) {
      expect(findCapability(id)).toMatchObject({ audience: 'targetAction', action: id });
      expect(capabilityForVerb(`${id}.confirm`)).toBe(id);
    }
    expect(capabilityForVerb('approval.approve')).toBe('approval.approve');
    expect(capabilityForVerb('not.a.verb')).toBeUndefined();
  });
});

describe('authorization matrix: every role × every command and verb', () => {
  let dbPath: string;
  let cleanup: () => void;
  let h: AccessHarness;
  const cells: { role: Role; entry: (typeof ENTRY_POINTS)[number]; expected: true | string; correlationId: string; allowed: boolean; reason?: string; whoCanHelp?: string[] }[] = [];
  let records: AuditRecord[] = [];

  beforeAll(async () => {
    ({ dbPath, cleanup } = tempDatabase());
    const directory = new InMemoryDirectory();
    seedContoso(directory, TENANT_A);
    h = buildHarness({ dbPath, directory, clock: new ManualClock() });
    const ada = ROLES.tenantAdmin;
    await h.grants.grantOperator(ada, { operator: people.olga.userId, scope: [{ kind: 'department', value: 'Sales' }], actions: MANAGEMENT_ACTION_IDS });
    await h.grants.grantOperator(ada, { operator: people.otto.userId, scope: [{ kind: 'administrativeUnit', unitId: AU_NORTH }], actions: MANAGEMENT_ACTION_IDS });
    await h.grants.grantAuditor(ada, people.aud.userId);
    const before = (await h.audit.head(TENANT_A))?.sequence ?? 0;

    for (const role of Object.keys(ROLES) as Role[]) {
      for (const [index, entry] of ENTRY_POINTS.entries()) {
        const capability = findCapability(entry.capability)!;
        const correlationId = `${role}/${entry.kind}/${index}`;
        const target = capability.audience === 'targetAction' ? { userId: targets.sam.userPrincipalName } : undefined;
        const decision = await h.authorization.authorize(ROLES[role], entry.capability, target, { correlationId });
        cells.push({
          role,
          entry,
          expected: EXPECTED[role][capability.audience],
          correlationId,
          allowed: decision.allowed,
          ...(decision.allowed ? {} : { reason: decision.reason, whoCanHelp: decision.whoCanHelp }),
        });
      }
    }
    records = parseAuditExport((await h.audit.export(TENANT_A, { format: 'json' })).content, 'json').filter((r) => r.sequence > before);
  });

  afterAll(() => {
    h.close();
    cleanup();
  });

  it('when every role tries every entry point, then each cell is allowed or denied exactly as specified', () => {
    const mismatches = cells
      .filter((cell) => (cell.expected === true ? !cell.allowed : cell.allowed || cell.reason !== cell.expected))
      .map((cell) => `${cell.role} ${cell.entry.kind} "${cell.entry.name}": expected ${String(cell.expected)}, got ${cell.allowed ? 'allowed' : cell.reason}`);
    expect(mismatches).toEqual([]);
    expect(cells.length).toBe(ENTRY_POINTS.length * 5);
  });

  it('when a cell is denied, then exactly one audit record says who tried what and why, and allowed cells write none', () => {
    const byCorrelation = new Map<string, AuditRecord[]>();
    for (const record of records) byCorrelation.set(record.correlationId, [...(byCorrelation.get(record.correlationId) ?? []), record]);
    for (const cell of cells) {
      const written = byCorrelation.get(cell.correlationId) ?? [];
      if (cell.allowed) {
        expect(written).toEqual([]);
        continue;
      }
      expect(written).toHaveLength(1);
      expect(written[0]).toMatchObject({
        actor: { userId: ROLES[cell.role].userId, upn: ROLES[cell.role].upn },
        action: cell.entry.capability,
        result: { outcome: 'denied', code: cell.reason },
      });
    }
    expect(records).toHaveLength(cells.filter((c) => !c.allowed).length);
  });

  it('when a cell is denied, then the refusal names someone who can help', () => {
    for (const cell of cells.filter((c) => !c.allowed)) {
      expect(cell.whoCanHelp).toContain('Ada Admin (ada@contoso.com)');
    }
  });

  it('when the audit is verified after the whole matrix, then the chain is intact', async () => {
    await expect(h.audit.verify(TENANT_A)).resolves.toMatchObject({ ok: true });
  });

  it('when each role asks what it can do (help card), then the list matches the matrix without targets', async () => {
    const capabilitiesOf = async (role: Role): Promise<string[]> => (await h.authorization.capabilitiesOf(ROLES[role])).sort();
    const expectedFor = (role: Role): string[] =>
      CAPABILITIES.filter((c) => EXPECTED[role][c.audience] === true || (c.audience === 'targetAction' && role === 'operatorOutOfScope'))
        .map((c) => c.id)
        .sort();
    for (const role of Object.keys(ROLES) as Role[]) expect(await capabilitiesOf(role)).toEqual(expectedFor(role));
  });

  it('when a capability nobody defined is asked for, then it is denied and audited', async () => {
    const decision = await h.authorization.authorize(ROLES.tenantAdmin, 'tenant.deleteEverything', undefined, { correlationId: 'unknown-cap' });
    expect(decision).toMatchObject({ allowed: false, reason: 'ACCESS.UNKNOWN_CAPABILITY' });
    const [record] = (await h.audit.list(TENANT_A, { limit: 1 })).records;
    expect(record).toMatchObject({ correlationId: 'unknown-cap', result: { outcome: 'denied', code: 'ACCESS.UNKNOWN_CAPABILITY' } });
  });

  it('when the activity carries no user id, then everything but help and status is denied', async () => {
    const anonymous = { tenantId: TENANT_A, userId: '' };
    await expect(h.authorization.authorize(anonymous, 'help')).resolves.toMatchObject({ allowed: true });
    await expect(h.authorization.authorize(anonymous, 'audit.view')).resolves.toMatchObject({ allowed: false, reason: 'ACCESS.INVALID_ACTOR' });
  });
});

import { randomUUID } from 'node:crypto';
import { allVerbs, Verbs } from '../../cards';
import { findCapability, type CapabilityAudience, type CapabilityId } from '../../services/access/capabilities';
import { startBotHarness } from '../support/bot-harness';
import { actorOf, people, referenceOf, startWorld, textOf, TENANT, type Person, type World } from './access-bot.world';

type Role = 'tenantAdmin' | 'operatorInScope' | 'operatorOutOfScope' | 'auditor' | 'unknownUser';

/** The specification (issue 4): allowed, or the reason code of the denial, per role and audience. */
const EXPECTED: Record<Role, Record<Exclude<CapabilityAudience, 'targetAction' | 'adminOrOperator'>, true | string>> = {
  tenantAdmin: { anyone: true, tenantAdmin: true, adminOrAuditor: true },
  operatorInScope: { anyone: true, tenantAdmin: 'ACCESS.TENANT_ADMIN_REQUIRED', adminOrAuditor: 'ACCESS.ADMIN_OR_AUDITOR_REQUIRED' },
  operatorOutOfScope: { anyone: true, tenantAdmin: 'ACCESS.TENANT_ADMIN_REQUIRED', adminOrAuditor: 'ACCESS.ADMIN_OR_AUDITOR_REQUIRED' },
  auditor: { anyone: true, tenantAdmin: 'ACCESS.TENANT_ADMIN_REQUIRED', adminOrAuditor: true },
  unknownUser: { anyone: true, tenantAdmin: 'ACCESS.TENANT_ADMIN_REQUIRED', adminOrAuditor: 'ACCESS.ADMIN_OR_AUDITOR_REQUIRED' },
};

const ROLES: Record<Role, Person> = {
  tenantAdmin: people.ada,
  operatorInScope: people.olga,
  operatorOutOfScope: people.otto,
  auditor: people.aud,
  unknownUser: people.uma,
};

/** Every command the bot has now: its help usage, a line that runs it, and the capability it needs. */
const COMMANDS: ReadonlyArray<{ usage: string; text: string; capability: CapabilityId; kind?: 'groupChat' }> = [
  { usage: 'help', text: 'help', capability: 'help' },
  { usage: 'status', text: 'status', capability: 'status' },
  { usage: 'grant operator <user> scope <scope> actions <actions>', text: 'grant operator alex@contoso.test scope department Sales actions block sign-in', capability: 'operator.grant' },
  { usage: 'revoke operator <user>', text: 'revoke operator olga@contoso.test', capability: 'operator.revoke' },
  { usage: 'grant auditor <user>', text: 'grant auditor alex@contoso.test', capability: 'auditor.grant' },
  { usage: 'revoke auditor <user>', text: 'revoke auditor aud@contoso.test', capability: 'auditor.revoke' },
  { usage: 'operators', text: 'operators', capability: 'operator.list' },
  { usage: 'export audit [YYYY-MM-DD] [YYYY-MM-DD] [as csv|json]', text: 'export audit as json', capability: 'audit.export' },
  { usage: 'verify audit', text: 'verify audit', capability: 'audit.verify' },
  { usage: 'audit', text: 'audit', capability: 'audit.view' },
  { usage: 'notify here', text: 'notify here', capability: 'notify.here', kind: 'groupChat' },
];

/** Every card verb the bot has now, with data that reaches its handler, and the capability it needs. */
const VERBS: ReadonlyArray<{ verb: string; data: () => Record<string, unknown>; capability: CapabilityId }> = [
  { verb: Verbs.showHelp, data: () => ({}), capability: 'help' },
  { verb: Verbs.refreshSessionStatus, data: () => ({}), capability: 'status' },
  { verb: Verbs.approvalRefresh, data: () => ({ requestId: randomUUID() }), capability: 'status' },
  { verb: Verbs.grantOperatorConfirm, data: () => ({ pendingId: randomUUID(), choice: 'cancel' }), capability: 'operator.grant' },
  { verb: Verbs.revokeOperatorConfirm, data: () => ({ pendingId: randomUUID(), choice: 'cancel' }), capability: 'operator.revoke' },
  { verb: Verbs.grantAuditorConfirm, data: () => ({ pendingId: randomUUID(), choice: 'cancel' }), capability: 'auditor.grant' },
  { verb: Verbs.revokeAuditorConfirm, data: () => ({ pendingId: randomUUID(), choice: 'cancel' }), capability: 'auditor.revoke' },
  { verb: Verbs.operatorsPage, data: () => ({ offset: 0 }), capability: 'operator.list' },
  { verb: Verbs.auditPage, data: () => ({}), capability: 'audit.view' },
  { verb: Verbs.auditVerify, data: () => ({}), capability: 'audit.verify' },
  { verb: Verbs.auditExport, data: () => ({ format: 'csv' }), capability: 'audit.export' },
  { verb: Verbs.approvalApprove, data: () => ({ requestId: randomUUID() }), capability: 'approval.approve' },
  { verb: Verbs.approvalReject, data: () => ({ requestId: randomUUID() }), capability: 'approval.reject' },
];

function expectation(role: Role, capability: CapabilityId): true | string {
  const audience = findCapability(capability)?.audience;
  if (audience !== 'anyone' && audience !== 'tenantAdmin' && audience !== 'adminOrAuditor') throw new Error(`no expectation for ${capability} (${audience})`);
  return EXPECTED[role][audience];
}

const DENIAL_TITLE = "You can't do that";

describe('role matrix over the bot surface', () => {
  let world: World;

  beforeAll(async () => {
    world = await startWorld();
    const { grants } = world.harness.app.access;
    const ada = actorOf(people.ada);
    await grants.grantOperator(ada, { operator: people.olga.id, scope: [{ kind: 'department', value: 'Sales' }], actions: ['user.blockSignIn'] });
    await grants.grantOperator(ada, { operator: people.otto.id, scope: [{ kind: 'department', value: 'Marketing' }], actions: ['user.blockSignIn'] });
    await grants.grantAuditor(ada, people.aud.id);
  });
  afterAll(async () => {
    await world.close();
  });

  /** Runs one cell and returns what the user saw plus the denials audited meanwhile for them. */
  async function runCell(who: Person, act: () => Promise<unknown>): Promise<{ shown: unknown; denials: Awaited<ReturnType<World['auditRecords']>> }> {
    const before = (await world.harness.app.access.audit.head(TENANT))?.sequence ?? 0;
    const shown = await act();
    const denials = (await world.auditRecords()).filter((record) => record.sequence > before && record.result.outcome === 'denied' && record.actor.userId === who.id);
    return { shown, denials };
  }

  function check(role: Role, capability: CapabilityId, shown: unknown, denials: Awaited<ReturnType<World['auditRecords']>>): void {
    const expected = expectation(role, capability);
    if (expected === true) {
      expect(textOf(shown)).not.toContain(DENIAL_TITLE);
      expect(denials.filter((record) => record.result.code?.startsWith('ACCESS.'))).toEqual([]);
      return;
    }
    expect(textOf(shown)).toContain(DENIAL_TITLE);
    // Ada's admin role was confirmed in Entra by the first rows, so the card names her.
    expect(textOf(shown)).toContain('ask Ada Admin (ada@contoso.test)');
    expect(denials).toHaveLength(1);
    expect(denials[0]).toMatchObject({ action: capability, result: { outcome: 'denied', code: expected } });
    expect(referenceOf(shown)).toBe(denials[0]?.correlationId);
  }

  it('when the matrix is listed, then it covers every command in help and every card verb', async () => {
    const [help] = await world.say(people.uma, 'help');
    const facts = ((help?.cards[0]?.body as Array<{ type: string; facts?: Array<{ title: string }> }>).find((element) => element.type === 'FactSet')?.facts ?? []).map((fact) => fact.title);
    expect([...facts].sort()).toEqual(COMMANDS.map((command) => command.usage).sort());
    expect([...allVerbs].sort()).toEqual(VERBS.map((entry) => entry.verb).sort());
  });

  describe.each(Object.keys(ROLES) as Role[])('%s', (role) => {
    const who = (): Person => ROLES[role];

    it.each(COMMANDS.map((command) => [command.text, command] as const))('when they type "%s", then it is allowed or denied (and audited) as specified', async (_text, command) => {
      const { shown, denials } = await runCell(who(), () => world.say(who(), command.text, command.kind ? { kind: command.kind } : {}));
      expect(shown).not.toEqual([]);
      check(role, command.capability, shown, denials);
    });

    it.each(VERBS.map((entry) => [entry.verb, entry] as const))('when they click a %s button, then it is allowed or denied (and audited) as specified', async (_verb, entry) => {
      const { shown, denials } = await runCell(who(), () => world.invoke(who(), entry.verb, entry.data()));
      check(role, entry.capability, shown, denials);
    });
  });

  it('when an invoke carries no aadObjectId, then a tenant-admin verb is refused and audited as an invalid actor', async () => {
    const before = (await world.harness.app.access.audit.head(TENANT))?.sequence ?? 0;
    const activity = world.harness.invoke(Verbs.operatorsPage, { offset: 0 }, { from: { id: '29:anonymous', name: 'Anonymous' } });
    const result = await world.harness.send(activity);
    expect(textOf(result.body)).toContain(DENIAL_TITLE);
    const records = (await world.auditRecords()).filter((record) => record.sequence > before);
    expect(records).toEqual([expect.objectContaining({ action: 'operator.list', result: { outcome: 'denied', code: 'ACCESS.INVALID_ACTOR' } })]);
  });
});

describe('without a directory adapter', () => {
  const bootstrapAdmin = people.ada;

  it('when no Directory is wired, then only bootstrap admins pass tenant-admin checks and everyone else is refused (fail closed)', async () => {
    const harness = await startBotHarness({ env: { BOOTSTRAP_TENANT_ADMIN_IDS: bootstrapAdmin.id } });
    try {
      const as = (who: Person, conversationId: string): Record<string, unknown> => ({
        from: { id: `29:${who.key}`, name: who.displayName, aadObjectId: who.id },
        conversation: { id: conversationId, conversationType: 'personal', tenantId: TENANT },
      });
      await harness.send(harness.message('operators', as(bootstrapAdmin, 'a:bootstrap')));
      expect(textOf(harness.connector.sent('a:bootstrap'))).toContain('No operators yet');

      await harness.send(harness.message('operators', as(people.adam, 'a:not-bootstrap')));
      expect(textOf(harness.connector.sent('a:not-bootstrap'))).toContain("couldn't check access with Microsoft Entra");
      const denials = (await harness.app.access.audit.list(TENANT, { limit: 10 })).records.filter((record) => record.result.outcome === 'denied');
      expect(denials).toEqual([expect.objectContaining({ actor: expect.objectContaining({ userId: people.adam.id }), result: { outcome: 'denied', code: 'ACCESS.DIRECTORY_UNAVAILABLE' } })]);

      // Users cannot be resolved either, so nothing can be granted by accident.
      await harness.send(harness.message('grant auditor uma@contoso.test', as(bootstrapAdmin, 'a:bootstrap')));
      expect(textOf(harness.connector.sent('a:bootstrap').at(-1))).not.toContain('Grant auditor access?');
    } finally {
      await harness.close();
    }
  });
});

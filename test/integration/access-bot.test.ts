import { randomUUID } from 'node:crypto';
import { allVerbs, Verbs } from '../../cards';
import { usageText } from '../../cards/render-template';
import { MANAGEMENT_ACTION_IDS, isManagementActionId } from '../../services/access/actions';
import { CAPABILITIES, capabilityForVerb, findCapability, type CapabilityId } from '../../services/access/capabilities';
import { DEFAULT_TENANT_SETTINGS } from '../../services/ports/tenant-settings.repository.port';
import { startBotHarness } from '../support/bot-harness';
import { actorOf, people, referenceOf, startWorld, textOf, TENANT, type Person, type World } from './access-bot.world';
import { EXPECTED_ACCESS, type MatrixRole } from '../support/access-expectations';

type Role = MatrixRole;
const EXPECTED = EXPECTED_ACCESS;

const ROLES: Record<Role, Person> = {
  tenantAdmin: people.ada,
  operatorInScope: people.olga,
  operatorOutOfScope: people.otto,
  auditor: people.aud,
  unknownUser: people.uma,
};

/** Both operators hold every action; only their scopes differ (Olga: Sales, Otto: Marketing). */
const OPERATOR_SCOPES = { olga: 'Sales', otto: 'Marketing' } as const;
/** The user every management action targets: inside Olga's scope, outside Otto's. */
const TARGET = people.sally;

/**
 * The capability a typed line needs, from the catalogue's command list (services/access/capabilities.ts):
 * the capability whose canonical command starts the line, the longest such command winning.
 */
function capabilityOfCommand(text: string): CapabilityId {
  const typed = text.toLowerCase();
  const matches = CAPABILITIES.flatMap((capability) =>
    capability.commands.filter((command) => typed === command || typed.startsWith(`${command} `)).map((command) => ({ id: capability.id, length: command.length })),
  ).sort((a, b) => b.length - a.length);
  const [best, next] = matches;
  if (!best) throw new Error(`no capability in the catalogue lists a command that starts "${text}"`);
  if (next && next.length === best.length && next.id !== best.id) throw new Error(`"${text}" starts commands of both ${best.id} and ${next.id}`);
  return best.id;
}

/** Every command the bot has now: its help usage and a line that runs it (its capability comes from the catalogue). */
const COMMANDS: ReadonlyArray<{ usage: string; text: string; kind?: 'groupChat'; capability?: CapabilityId }> = [
  { usage: 'help', text: 'help' },
  { usage: 'status', text: 'status' },
  // Access control (issue 4).
  { usage: 'grant operator <user> scope <scope> actions <actions>', text: 'grant operator alex@contoso.test scope department Sales actions block sign-in' },
  { usage: 'revoke operator <user>', text: 'revoke operator olga@contoso.test' },
  { usage: 'grant auditor <user>', text: 'grant auditor alex@contoso.test' },
  { usage: 'revoke auditor <user>', text: 'revoke auditor aud@contoso.test' },
  { usage: 'operators', text: 'operators' },
  { usage: 'export audit [YYYY-MM-DD] [YYYY-MM-DD] [as csv|json]', text: 'export audit as json' },
  { usage: 'verify audit', text: 'verify audit' },
  { usage: 'audit', text: 'audit' },
  { usage: 'notify here', text: 'notify here', kind: 'groupChat' },
  // Approvals that never strand anyone (issue 12).
  { usage: 'approvals', text: 'approvals' },
  // Settings, the service account and the mode switch (issue 5). The lines change nothing that later cells depend on.
  { usage: 'settings', text: 'settings' },
  { usage: 'approval policy [four-eyes|self-approve]', text: 'approval policy' },
  { usage: 'break-glass accounts <user>, <user> | none', text: 'break-glass accounts' },
  { usage: 'switch to advanced | switch to default', text: 'change management type' },
  { usage: 'create service account', text: 'create service account' },
  { usage: 'disable advanced management', text: 'disable advanced management' },
  // Management sessions and the first actions (issue 6).
  { usage: 'turn on management', text: 'turn on management' },
  { usage: 'turn off management', text: 'turn off management' },
  { usage: 'auto-enable on|off', text: `auto-enable ${DEFAULT_TENANT_SETTINGS.autoEnable ? 'on' : 'off'}` },
  { usage: 'block sign-in for <user>', text: `block sign-in for ${TARGET.upn}` },
  { usage: 'unblock sign-in for <user>', text: `unblock sign-in for ${TARGET.upn}` },
  { usage: 'revoke sessions for <user>', text: `revoke sessions for ${TARGET.upn}` },
  // Bulk actions (issue 13): a list of one user in the cell's scope; the service judges each user.
  { usage: 'block sign-in for users|department|group <…>', text: `block sign-in for users ${TARGET.upn}` },
  { usage: 'unblock sign-in for users|department|group <…>', text: `unblock sign-in for users ${TARGET.upn}` },
  { usage: 'revoke sessions for users|department|group <…>', text: `revoke sessions for users ${TARGET.upn}` },
  { usage: 'reset password for <user>', text: `reset password for ${TARGET.upn}` },
  // The user stands between the verb and "to group", so no catalogue prefix names these two: say which.
  { usage: 'add <user> to group <group>', text: `add ${TARGET.upn} to group Sales`, capability: 'user.addToGroup' },
  { usage: 'remove <user> from group <group>', text: `remove ${TARGET.upn} from group Sales`, capability: 'user.removeFromGroup' },
  // The action catalogue (issue 13).
  { usage: 'actions', text: 'actions' },
  { usage: 'action approvals', text: 'action approvals' },
  // Custom actions' lifecycle (issue 14): the list and the definition form change nothing.
  { usage: 'custom actions', text: 'custom actions' },
  { usage: 'new custom action', text: 'new custom action' },
  // Workflows tenant admins define (issue 14): the list and the definition form change nothing.
  { usage: 'workflow definitions', text: 'workflow definitions' },
  { usage: 'new workflow', text: 'new workflow' },
  { usage: 'bulk action', text: 'bulk action' },
  // A custom action nobody defined: the service says so (audited), after the door.
  { usage: 'run <custom action> for <user> [with <parameter>=<value>, …]', text: `run no-such-action for ${TARGET.upn}` },
  // Workflows (issue 14): the list and the runs change nothing; a workflow nobody defined, and a user the directory
  // does not know, are refused by the service after the door (before any step is authorized on a target).
  { usage: 'workflows', text: 'workflows' },
  { usage: 'run workflow <name> for <user>', text: `run workflow no-such-workflow for ${TARGET.upn}` },
  { usage: 'remediate compromised <user>', text: 'remediate compromised nobody@contoso.test' },
  { usage: 'workflow runs', text: 'workflow runs' },
  // Workflow schedules (issue 14), tenant admins: the list and the form change nothing.
  { usage: 'workflow schedules', text: 'workflow schedules' },
  { usage: 'schedule workflow <name>', text: 'schedule workflow offboarding' },
  // Playbooks (issue 14), tenant admins: the list changes nothing; a playbook nobody has is "not found" after the door.
  { usage: 'playbooks', text: 'playbooks' },
  { usage: 'run playbook <name>', text: 'run playbook no-such-playbook' },
  { usage: 'set <field> for <user> to <value>', text: `set department for ${TARGET.upn} to Sales` },
  { usage: 'assign licence <licence> to <user>', text: `assign licence E5 to ${TARGET.upn}` },
  { usage: 'remove licence <licence> from <user>', text: `remove licence E5 from ${TARGET.upn}` },
  { usage: 'temporary access pass for <user>', text: `temporary access pass for ${TARGET.upn}` },
  // The message follows the user, so the catalogue prefix "set automatic replies for" names it.
  { usage: 'set automatic replies for <user> to <message>', text: `set automatic replies for ${TARGET.upn} to I am away until Monday.` },
  { usage: 'turn off automatic replies for <user>', text: `turn off automatic replies for ${TARGET.upn}` },
  { usage: 'remove <user> from all groups', text: `remove ${TARGET.upn} from all groups`, capability: 'user.removeFromAllGroups' },
  { usage: 'remove all licences from <user>', text: `remove all licences from ${TARGET.upn}` },
  // Password rotation (issue 7).
  { usage: 'rotate password now', text: 'rotate password now' },
  { usage: 'force reset', text: 'force reset' },
  { usage: 'rotation history', text: 'rotation history' },
  // Conditional access (issue 15): tenant admins only.
  { usage: 'check policies', text: 'check policies' },
  { usage: 'configure allowed IPs', text: 'configure allowed IPs' },
  { usage: 'remove allowed IPs', text: 'remove allowed IPs' },
];

/** What a verb's data may need: the clicking person and, for a confirm button, the pending action its card names. */
interface VerbCell {
  who: Person;
  /** A pending action of `who` on TARGET for the verb's management action (what the confirmation card carries). */
  preparedActionId(): string;
}

/**
 * Every card verb the bot has now, with data that reaches its handler. The capability comes from
 * the catalogue (`capabilityForVerb`), as it does for the bot's invoke authorizer.
 * Server-side ids the handlers look up are random (the handler answers "not found"), except that
 * a management action's confirm button names a real pending action, so it reaches the target check.
 */
const VERBS: ReadonlyArray<{ verb: string; data: (cell: VerbCell) => Record<string, unknown> }> = [
  { verb: Verbs.showHelp, data: () => ({}) },
  { verb: Verbs.refreshSessionStatus, data: () => ({}) },
  { verb: Verbs.approvalRefresh, data: () => ({ requestId: randomUUID() }) },
  // Access control (issue 4).
  { verb: Verbs.grantOperatorConfirm, data: () => ({ pendingId: randomUUID(), choice: 'cancel' }) },
  { verb: Verbs.revokeOperatorConfirm, data: () => ({ pendingId: randomUUID(), choice: 'cancel' }) },
  { verb: Verbs.grantAuditorConfirm, data: () => ({ pendingId: randomUUID(), choice: 'cancel' }) },
  { verb: Verbs.revokeAuditorConfirm, data: () => ({ pendingId: randomUUID(), choice: 'cancel' }) },
  { verb: Verbs.operatorsPage, data: () => ({ offset: 0 }) },
  { verb: Verbs.auditPage, data: () => ({}) },
  { verb: Verbs.auditVerify, data: () => ({}) },
  { verb: Verbs.auditExport, data: () => ({ format: 'csv' }) },
  { verb: Verbs.approvalApprove, data: () => ({ requestId: randomUUID() }) },
  { verb: Verbs.approvalReject, data: () => ({ requestId: randomUUID() }) },
  { verb: Verbs.approvalCancel, data: () => ({ requestId: randomUUID() }) },
  { verb: Verbs.approvalsList, data: () => ({}) },
  // Password rotation (issue 7): ids are claimed once, so each cell sends a fresh one.
  { verb: Verbs.rotationRotateNow, data: () => ({ rotationId: randomUUID() }) },
  { verb: Verbs.rotationRetry, data: () => ({ rotationId: randomUUID() }) },
  { verb: Verbs.rotationForceReset, data: () => ({}) },
  { verb: Verbs.rotationForceResetConfirm, data: () => ({ decision: 'confirm', confirmationId: randomUUID() }) },
  { verb: Verbs.rotationHistory, data: () => ({}) },
  // Settings, the service account and the mode switch (issue 5): saving the defaults changes nothing.
  { verb: Verbs.settingsOpen, data: () => ({}) },
  { verb: Verbs.settingsAutoEnableSet, data: () => ({ autoEnable: String(DEFAULT_TENANT_SETTINGS.autoEnable) }) },
  { verb: Verbs.settingsRotationScheduleSet, data: () => ({ rotationCron: DEFAULT_TENANT_SETTINGS.rotationCron, rotationTimeZone: DEFAULT_TENANT_SETTINGS.rotationTimeZone }) },
  { verb: Verbs.settingsApprovalPolicySet, data: () => ({ approvalPolicy: DEFAULT_TENANT_SETTINGS.approvalPolicy }) },
  { verb: Verbs.serviceAccountCreate, data: () => ({}) },
  { verb: Verbs.serviceAccountRetry, data: () => ({}) },
  // Without a targetMode the handler asks which type; with confirmed unset the disable button shows its confirmation.
  { verb: Verbs.modeChangeRequest, data: () => ({}) },
  { verb: Verbs.advancedDisableConfirm, data: () => ({}) },
  // Management sessions and the first actions (issue 6).
  { verb: Verbs.sessionTurnOn, data: () => ({}) },
  { verb: Verbs.sessionTurnOff, data: () => ({}) },
  { verb: Verbs.sessionDetails, data: () => ({}) },
  { verb: Verbs.configureAllowedIps, data: () => ({}) },
  { verb: Verbs.checkPolicies, data: () => ({}) },
  { verb: Verbs.removeAllowedIps, data: () => ({}) },
  { verb: Verbs.blockSignInConfirm, data: (cell) => ({ pendingActionId: cell.preparedActionId(), decision: 'confirm' }) },
  { verb: Verbs.unblockSignInConfirm, data: (cell) => ({ pendingActionId: cell.preparedActionId(), decision: 'confirm' }) },
  { verb: Verbs.revokeSessionsConfirm, data: (cell) => ({ pendingActionId: cell.preparedActionId(), decision: 'confirm' }) },
  { verb: Verbs.resetPasswordConfirm, data: (cell) => ({ pendingActionId: cell.preparedActionId(), decision: 'confirm' }) },
  { verb: Verbs.addToGroupConfirm, data: (cell) => ({ pendingActionId: cell.preparedActionId(), decision: 'confirm' }) },
  { verb: Verbs.removeFromGroupConfirm, data: (cell) => ({ pendingActionId: cell.preparedActionId(), decision: 'confirm' }) },
  // Hiding a shown-once secret: anyone may click it on a card they have; a card id that holds nothing hides nothing.
  { verb: Verbs.shownOnceRedact, data: () => ({ shownOnceCardId: randomUUID() }) },
  // The action catalogue (issue 13): the Start button names an action and its inputs; its confirm buttons name a pending action.
  // Without a user the flow asks who (a target in one operator's scope is outside the other's, so the matrix leaves it out).
  { verb: Verbs.actionsStart, data: () => ({ actionId: 'user.blockSignIn' }) },
  { verb: Verbs.actionsList, data: () => ({}) },
  // Which operator runs need approval (tenant admins): choosing the defaults changes nothing.
  { verb: Verbs.actionsApprovalSet, data: () => ({ actionId: 'user.blockSignIn', required: 'no' }) },
  { verb: Verbs.actionsBulkThresholdSet, data: () => ({ bulkThreshold: '50' }) },
  // Bulk confirm and cancel name a job id; one nobody prepared is refused by the service after the door.
  { verb: Verbs.bulkConfirm, data: () => ({ jobId: randomUUID(), decision: 'confirm' }) },
  { verb: Verbs.bulkCancel, data: () => ({ jobId: randomUUID() }) },
  // The pasted-list form, and its Review. Without users the flow asks which (a target in one operator's scope is outside the other's).
  { verb: Verbs.bulkForm, data: () => ({}) },
  // Running a custom action: a pending action nobody prepared is "not found" after the door.
  { verb: Verbs.customActionRunConfirm, data: () => ({ pendingActionId: randomUUID(), decision: 'confirm' }) },
  { verb: Verbs.bulkPrepare, data: () => ({ actionId: 'user.blockSignIn' }) },
  // Custom actions (issue 14): the list, the empty form and a Check change nothing; the steps name an
  // action nobody defined, which the service refuses as not found (audited) after the door.
  { verb: Verbs.customActionsList, data: () => ({}) },
  { verb: Verbs.customActionDefine, data: () => ({ step: 'check', definition: 'name: nothing-here' }) },
  { verb: Verbs.customActionSubmit, data: () => ({ name: 'never-defined', version: 1, revision: 1 }) },
  { verb: Verbs.customActionApprove, data: () => ({ name: 'never-defined', version: 1, revision: 1 }) },
  { verb: Verbs.customActionReject, data: () => ({ name: 'never-defined', version: 1, revision: 1 }) },
  { verb: Verbs.customActionPublish, data: () => ({ name: 'never-defined', version: 1, revision: 1 }) },
  { verb: Verbs.customActionDisable, data: () => ({ name: 'never-defined', version: 1, revision: 1 }) },
  { verb: Verbs.customActionEnable, data: () => ({ name: 'never-defined', version: 1, revision: 1 }) },
  { verb: Verbs.customActionPreview, data: () => ({ name: 'never-defined' }) },
  { verb: Verbs.customActionHistory, data: () => ({ name: 'never-defined' }) },
  // Workflows tenant admins define (issue 14): the list, the empty form and a Check change nothing; the steps name a
  // workflow nobody defined, which the service refuses as not found (audited) after the door.
  { verb: Verbs.workflowDefinitionsList, data: () => ({}) },
  { verb: Verbs.workflowDefine, data: () => ({ step: 'check', definition: 'name: nothing-here' }) },
  { verb: Verbs.workflowDefinitionSubmit, data: () => ({ name: 'never-defined', version: 1, revision: 1 }) },
  { verb: Verbs.workflowDefinitionApprove, data: () => ({ name: 'never-defined', version: 1, revision: 1 }) },
  { verb: Verbs.workflowDefinitionReject, data: () => ({ name: 'never-defined', version: 1, revision: 1 }) },
  { verb: Verbs.workflowDefinitionPublish, data: () => ({ name: 'never-defined', version: 1, revision: 1 }) },
  { verb: Verbs.workflowDefinitionDisable, data: () => ({ name: 'never-defined', version: 1, revision: 1 }) },
  { verb: Verbs.workflowDefinitionEnable, data: () => ({ name: 'never-defined', version: 1, revision: 1 }) },
  { verb: Verbs.workflowDefinitionReview, data: () => ({ name: 'never-defined' }) },
  { verb: Verbs.workflowDefinitionHistory, data: () => ({ name: 'never-defined' }) },
  // Download results: anyone may click; a job nobody prepared is "not found" (audited), never an access denial.
  { verb: Verbs.bulkExport, data: () => ({ jobId: randomUUID() }) },
  // Workflows (issue 14): the runs list; a workflow nobody defined; runs nobody started ("not found" after the door).
  { verb: Verbs.workflowRuns, data: () => ({}) },
  { verb: Verbs.workflowPrepare, data: () => ({ workflow: 'no-such-workflow', user: TARGET.upn }) },
  { verb: Verbs.workflowStart, data: () => ({ workflow: 'no-such-workflow', user: TARGET.upn }) },
  { verb: Verbs.workflowAnswer, data: () => ({ runId: randomUUID(), stepId: 'keepMailbox', option: 'yes' }) },
  { verb: Verbs.workflowStop, data: () => ({ runId: randomUUID() }) },
  { verb: Verbs.workflowRetry, data: () => ({ runId: randomUUID() }) },
  // Workflow schedules (issue 14): the list, the form, a schedule nobody set (not found after the door).
  { verb: Verbs.workflowSchedules, data: () => ({}) },
  { verb: Verbs.workflowScheduleDefine, data: () => ({ step: 'form' }) },
  { verb: Verbs.workflowScheduleRemove, data: () => ({ scheduleId: randomUUID() }) },
  // Playbooks (issue 14), tenant admins: the list; a playbook and a run nobody has; a mode for a playbook nobody has.
  { verb: Verbs.playbooksList, data: () => ({}) },
  { verb: Verbs.playbookRun, data: () => ({ playbook: 'no-such-playbook' }) },
  { verb: Verbs.playbookPolicyMode, data: () => ({ playbook: 'no-such-playbook', policy: 'no-such-policy', mode: 'alert' }) },
  { verb: Verbs.playbookReport, data: () => ({ runId: randomUUID() }) },
  { verb: Verbs.updateProfileConfirm, data: (cell) => ({ pendingActionId: cell.preparedActionId(), decision: 'confirm' }) },
  { verb: Verbs.assignLicenseConfirm, data: (cell) => ({ pendingActionId: cell.preparedActionId(), decision: 'confirm' }) },
  { verb: Verbs.removeLicenseConfirm, data: (cell) => ({ pendingActionId: cell.preparedActionId(), decision: 'confirm' }) },
  { verb: Verbs.createTemporaryAccessPassConfirm, data: (cell) => ({ pendingActionId: cell.preparedActionId(), decision: 'confirm' }) },
  { verb: Verbs.setAutomaticRepliesConfirm, data: (cell) => ({ pendingActionId: cell.preparedActionId(), decision: 'confirm' }) },
  { verb: Verbs.turnOffAutomaticRepliesConfirm, data: (cell) => ({ pendingActionId: cell.preparedActionId(), decision: 'confirm' }) },
  { verb: Verbs.removeFromAllGroupsConfirm, data: (cell) => ({ pendingActionId: cell.preparedActionId(), decision: 'confirm' }) },
  { verb: Verbs.removeAllLicensesConfirm, data: (cell) => ({ pendingActionId: cell.preparedActionId(), decision: 'confirm' }) },
];

function capabilityOfVerbEntry(entry: (typeof VERBS)[number]): CapabilityId {
  const capability = capabilityForVerb(entry.verb);
  if (!capability) throw new Error(`${entry.verb}: no capability in the catalogue`);
  return capability;
}

function expectation(role: Role, capability: CapabilityId): true | string {
  const audience = findCapability(capability)?.audience;
  if (!audience) throw new Error(`no capability ${capability} in the catalogue`);
  return EXPECTED[role][audience];
}


const DENIAL_TITLE = "You can't do that";

describe('role matrix over the bot surface', () => {
  let world: World;

  beforeAll(async () => {
    world = await startWorld();
    const { grants } = world.harness.app.access;
    const ada = actorOf(people.ada);
    for (const key of ['olga', 'otto'] as const) {
      await grants.grantOperator(ada, { operator: people[key].id, scope: [{ kind: 'department', value: OPERATOR_SCOPES[key] }], actions: [...MANAGEMENT_ACTION_IDS] });
    }
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
    // Ada's admin role was confirmed in Entra by the first rows, so the card names her
    // ("…ask Ada Admin" on the access card, "Next step: Ask Ada Admin" on the session card).
    expect(textOf(shown)).toMatch(/\bask Ada Admin \(ada@contoso\.test\)/i);
    expect(denials).toHaveLength(1);
    expect(denials[0]).toMatchObject({ action: capability, result: { outcome: 'denied', code: expected } });
    // The reference on the card is the audited denial's correlation id, so support can find it.
    expect(referenceOf(shown)).toBe(denials[0]?.correlationId);
  }

  it('when the matrix is listed, then it covers every command in help and every card verb', async () => {
    // Issue 12: help lists only what the caller may run, so the full list is a tenant admin's, in one FactSet per group.
    const [help] = await world.say(ROLES.tenantAdmin, 'help');
    const groups = (help?.cards[0]?.body as Array<{ type: string; items?: Array<{ type: string; facts?: Array<{ title: string }> }> }>).filter((element) => element.type === 'Container');
    const facts = groups.flatMap((group) => (group.items ?? []).flatMap((item) => (item.type === 'FactSet' ? (item.facts ?? []) : []))).map((fact) => fact.title);
    expect([...facts].sort()).toEqual(COMMANDS.map((command) => usageText(command.usage)).sort());
    expect([...allVerbs].sort()).toEqual(VERBS.map((entry) => entry.verb).sort());
    // Every row has a capability in the catalogue, and the targets sit where the matrix says.
    for (const command of COMMANDS) expect(findCapability(command.capability ?? capabilityOfCommand(command.text))).toBeDefined();
    for (const entry of VERBS) expect(findCapability(capabilityOfVerbEntry(entry))).toBeDefined();
    expect(TARGET.department).toBe(OPERATOR_SCOPES.olga);
    expect(TARGET.department).not.toBe(OPERATOR_SCOPES.otto);
  });

  describe.each(Object.keys(ROLES) as Role[])('%s', (role) => {
    const who = (): Person => ROLES[role];

    it.each(COMMANDS.map((command) => [command.text, command] as const))('when they type "%s", then it is allowed or denied (and audited) as specified', async (_text, command) => {
      const { shown, denials } = await runCell(who(), () => world.say(who(), command.text, command.kind ? { kind: command.kind } : {}));
      expect(shown).not.toEqual([]);
      check(role, command.capability ?? capabilityOfCommand(command.text), shown, denials);
    });

    it.each(VERBS.map((entry) => [entry.verb, entry] as const))('when they click a %s button, then it is allowed or denied (and audited) as specified', async (_verb, entry) => {
      const capability = capabilityOfVerbEntry(entry);
      const cell: VerbCell = {
        who: who(),
        preparedActionId: () => {
          if (!isManagementActionId(capability)) throw new Error(`${entry.verb} is not a management action's confirm button`);
          return world.preparedAction(who(), capability, TARGET);
        },
      };
      const { shown, denials } = await runCell(who(), () => world.invoke(who(), entry.verb, entry.data(cell)));
      check(role, capability, shown, denials);
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

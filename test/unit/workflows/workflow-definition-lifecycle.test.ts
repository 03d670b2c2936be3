/**
 * Issue 14, workflows tenant admins define, with the custom actions' lifecycle: a tenant admin
 * pastes YAML (checked on save, every problem in words with its line), submits it, a second
 * tenant admin approves it (never its author or submitter), a tenant admin publishes, disables
 * and enables it; only the published version runs (the catalogue reads it from the same store);
 * editing a published workflow drafts version n+1 while version n keeps running; every change is
 * in the history and the audit, refusals too; the store's migration keeps the first store's rows.
 * Wired as the composition root wires it: the real authorization, role, approval and audit
 * services over SQLite and the in-memory directory.
 */
import type { Actor } from '../../../services/access/actor';
import { GLOBAL_ADMINISTRATOR_ROLE_ID, PRIVILEGED_ROLE_ADMINISTRATOR_ROLE_ID } from '../../../services/access/directory-roles';
import { SqliteCustomActionRepository } from '../../../services/adapters/sqlite/custom-action.sqlite';
import { migrate, openDatabase } from '../../../services/adapters/sqlite/database';
import { SqliteWorkflowDefinitionRepository } from '../../../services/adapters/sqlite/workflow-definition.sqlite';
import { CustomActionService } from '../../../services/custom-actions/custom-action.service';
import { ManualClock } from '../../../services/ports/clock.port';
import type { AuditRecord } from '../../../services/ports/audit-log.port';
import { WorkflowCatalog } from '../../../services/workflows/workflow-catalog';
import { WorkflowDefinitionService } from '../../../services/workflows/workflow-definition.service';
import { InMemoryDirectory } from '../../support/fakes/in-memory-directory';
import { buildHarness, tempDatabase, type AccessHarness } from '../access/support/access-harness';
import { TENANT_A, TENANT_B } from '../access/support/contoso';
import { COST_CENTER_YAML } from '../custom-actions/support/definitions';
import { LOST_LAPTOP_NAME as NAME, LOST_LAPTOP_YAML } from '../../support/workflows/lost-laptop';

const ada: Actor = { tenantId: TENANT_A, userId: 'u-ada', upn: 'ada@contoso.com', displayName: 'Ada Admin' };
const bea: Actor = { tenantId: TENANT_A, userId: 'u-bea', upn: 'bea@contoso.com', displayName: 'Bea Backup' };
const cai: Actor = { tenantId: TENANT_A, userId: 'u-cai', upn: 'cai@contoso.com', displayName: 'Cai Roleadmin' };
const olga: Actor = { tenantId: TENANT_A, userId: 'u-olga', upn: 'olga@contoso.com', displayName: 'Olga Operator' };
const bert: Actor = { tenantId: TENANT_B, userId: 'u-bert', upn: 'bert@fabrikam.com', displayName: 'Bert Fabrikam' };

/** Version 2: sessions revoked too, and a different notice. */
const LOST_LAPTOP_V2_YAML = LOST_LAPTOP_YAML.replace(
  '  - id: tellAdmins',
  '  - id: revokeSessions\n    kind: action\n    action: user.revokeSessions\n  - id: tellAdmins',
).replace('sign-in is blocked.', 'sign-in is blocked and sessions are revoked.');

interface World {
  h: AccessHarness;
  clock: ManualClock;
  service: WorkflowDefinitionService;
  repository: SqliteWorkflowDefinitionRepository;
  catalog: WorkflowCatalog;
  customActions: CustomActionService;
  cleanup(): void;
}

/** Ada and Bea: Global Administrators; Cai: Privileged Role Administrator; Olga: an operator; Bert: admin of another tenant. */
async function startWorld(): Promise<World> {
  const { dbPath, cleanup } = tempDatabase();
  const directory = new InMemoryDirectory();
  const clock = new ManualClock('2026-03-02T09:00:00Z');
  for (const who of [ada, bea, cai, olga]) directory.addUser(TENANT_A, { id: who.userId, userPrincipalName: who.upn!, displayName: who.displayName! });
  directory.addUser(TENANT_A, { id: 't-sam', userPrincipalName: 'sam@contoso.com', displayName: 'Sam Sales', department: 'Sales' });
  directory.addUser(TENANT_B, { id: bert.userId, userPrincipalName: bert.upn!, displayName: bert.displayName! });
  directory.assignRole(TENANT_B, bert.userId, GLOBAL_ADMINISTRATOR_ROLE_ID);
  for (const admin of [ada, bea, cai]) directory.assignRole(TENANT_A, admin.userId, admin === cai ? PRIVILEGED_ROLE_ADMINISTRATOR_ROLE_ID : GLOBAL_ADMINISTRATOR_ROLE_ID);
  const h = buildHarness({ dbPath, directory, clock, roleOptions: { tenantAdminRoster: directory } });
  await h.grants.grantOperator(ada, { operator: olga.userId, scope: [{ kind: 'department', value: 'Sales' }], actions: ['user.blockSignIn'] });
  const customActions = new CustomActionService(new SqliteCustomActionRepository(h.db), h.authorization, h.audit, clock, { approvalPolicy: h.approvals, tenantAdmins: h.roles });
  const repository = new SqliteWorkflowDefinitionRepository(h.db);
  const service = new WorkflowDefinitionService(repository, h.authorization, h.audit, clock, { approvalPolicy: h.approvals, tenantAdmins: h.roles, customActions });
  return {
    h,
    clock,
    service,
    repository,
    catalog: new WorkflowCatalog(repository),
    customActions,
    cleanup: () => {
      h.close();
      cleanup();
    },
  };
}

async function caught(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a refusal');
}

describe('workflow definition lifecycle', () => {
  let w: World;

  beforeEach(async () => {
    w = await startWorld();
  });
  afterEach(() => w.cleanup());

  async function workflowAudit(tenantId = TENANT_A): Promise<AuditRecord[]> {
    return (await w.h.audit.list(tenantId, { limit: 100 })).records.reverse().filter((record) => record.action.startsWith('workflowDefinition.') || record.action.startsWith('workflow.'));
  }

  /** Ada defines and submits; Bea approves; Ada publishes. */
  async function publishedByTwoAdmins(yaml = LOST_LAPTOP_YAML): Promise<void> {
    const { version } = await w.service.createDraft(ada, yaml);
    await w.service.submit(ada, version.name);
    await w.service.approve(bea, version.name, { expected: { version: version.version, revision: version.revision } });
    await w.service.publish(ada, version.name);
  }

  describe('defining', () => {
    it('when a tenant admin pastes a valid YAML workflow, then version 1 is stored as a draft, with a history line and an audit record, and it is not runnable', async () => {
      w.clock.set('2026-03-02T09:15:00Z');
      const result = await w.service.createDraft(ada, LOST_LAPTOP_YAML, { correlationId: 'define-1' });

      expect(result).toMatchObject({ version: { name: NAME, version: 1, state: 'draft', revision: 1, authors: [{ userId: ada.userId }] }, warnings: [] });
      expect(await w.service.get(TENANT_A, NAME)).toMatchObject({ title: 'Lost laptop', open: { state: 'draft' } });
      expect(await w.service.history(TENANT_A, NAME)).toEqual([
        {
          tenantId: TENANT_A,
          name: NAME,
          version: 1,
          at: '2026-03-02T09:15:00.000Z',
          actor: { userId: ada.userId, upn: ada.upn, displayName: ada.displayName },
          event: 'created',
          toState: 'draft',
          revision: 1,
          changes: ['new: 2 steps (action user.blockSignIn, a notice), no inputs'],
          correlationId: 'define-1',
        },
      ]);
      expect(await workflowAudit()).toEqual([
        expect.objectContaining({
          action: 'workflowDefinition.create',
          actor: expect.objectContaining({ userId: ada.userId }),
          target: { type: 'workflowDefinition', id: NAME, displayName: 'Lost laptop' },
          result: { outcome: 'ok' },
          correlationId: 'define-1',
          details: expect.objectContaining({ version: 1, state: 'draft' }),
        }),
      ]);
      expect(w.catalog.get(TENANT_A, NAME)).toBeUndefined();
      expect(w.catalog.list(TENANT_A).map((summary) => summary.name)).not.toContain(NAME);
    });

    it('when the YAML has an unknown action, a template without an input and an unknown custom action, then the save is refused listing each problem with its line, nothing is stored, and the failure is audited', async () => {
      const pasted = LOST_LAPTOP_YAML.replace('user.blockSignIn', 'user.blockSignon').replace('{{target.displayName}}', '{{person}}') + '  - id: costCenter\n    kind: action\n    action: custom:set-cost-center\n';
      const error = await caught(w.service.createDraft(ada, pasted, { correlationId: 'bad' }));

      expect(error).toMatchObject({
        code: 'WORKFLOW_DEFINITION.INVALID_DEFINITION',
        userMessage: [
          'The workflow was not saved because of these 3 problems:',
          'Line 7 (steps › item 1 › action): "user.blockSignon" isn\'t an action (did you mean user.blockSignIn?). Use a built-in action id such as user.blockSignIn (type "actions" to see them), or custom:<name> for a custom action.',
          'Line 11 (steps › item 2 › text): {{person}}: "person" isn\'t an input or a binding of this workflow. It has none yet: declare it under inputs.',
          'Line 14 (steps › item 3 › action): There is no custom action called "set-cost-center". Type "custom actions" to see them.',
        ].join('\n'),
      });
      expect((error as { details: { problems: string[] } }).details.problems).toHaveLength(3);
      expect(await w.service.list(TENANT_A)).toEqual([]);
      expect(await workflowAudit()).toEqual([
        expect.objectContaining({ action: 'workflowDefinition.create', target: expect.objectContaining({ id: NAME }), result: { outcome: 'failed', code: 'WORKFLOW_DEFINITION.INVALID_DEFINITION' }, details: expect.objectContaining({ problemCount: 3 }) }),
      ]);
    });

    it("when the workflow names the tenant's custom action, then the save checks its parameters and warns while it is not published", async () => {
      await w.customActions.createDraft(ada, COST_CENTER_YAML);
      const pasted = `${LOST_LAPTOP_YAML}  - id: costCenter\n    kind: action\n    action: custom:set-cost-center\n    parameters:\n      costCenter: CC-1042\n      department: Sales\n`;

      const saved = await w.service.createDraft(ada, pasted);

      expect(saved.warnings).toEqual(['Line 14 (steps › item 3 › action): The custom action "set-cost-center" is a draft, not published: a run stops at this step until it is published.']);
      await expect(w.service.editDraft(ada, NAME, pasted.replace('      department: Sales\n', '      department: Sales\n      colour: blue\n'))).rejects.toMatchObject({
        code: 'WORKFLOW_DEFINITION.INVALID_DEFINITION',
        userMessage: expect.stringContaining('The custom action "set-cost-center" has no parameter "colour"'),
      });
    });

    it("when the workflow takes a built-in template's name, or the name is already used, then it is refused and the first is unchanged", async () => {
      await expect(w.service.createDraft(ada, LOST_LAPTOP_YAML.replace(`name: ${NAME}`, 'name: offboarding'))).rejects.toMatchObject({
        code: 'WORKFLOW_DEFINITION.INVALID_DEFINITION',
        userMessage: 'The workflow was not saved because of this problem:\nLine 1 (name): "offboarding" is the name of a built-in template; choose another name.',
      });
      await w.service.createDraft(ada, LOST_LAPTOP_YAML);
      await expect(w.service.createDraft(bea, LOST_LAPTOP_YAML.replace('title: Lost laptop', 'title: Other'))).rejects.toMatchObject({ code: 'WORKFLOW_DEFINITION.ALREADY_EXISTS', userMessage: `A workflow named "${NAME}" already exists.` });
      expect((await w.service.get(TENANT_A, NAME))?.title).toBe('Lost laptop');
    });

    it('when an operator tries to define, approve or publish one, then only tenant admins may: nothing is stored and each denial is audited', async () => {
      await expect(w.service.createDraft(olga, LOST_LAPTOP_YAML, { correlationId: 'olga-define' })).rejects.toMatchObject({ code: 'ACCESS.TENANT_ADMIN_REQUIRED' });
      await w.service.createDraft(ada, LOST_LAPTOP_YAML);
      await w.service.submit(ada, NAME);
      await expect(w.service.approve(olga, NAME, { expected: { version: 1, revision: 1 } })).rejects.toMatchObject({ code: 'ACCESS.TENANT_ADMIN_REQUIRED' });
      await expect(w.service.publish(olga, NAME)).rejects.toMatchObject({ code: 'ACCESS.TENANT_ADMIN_REQUIRED' });

      expect((await w.service.get(TENANT_A, NAME))?.open?.state).toBe('submitted');
      expect((await workflowAudit()).filter((r) => r.actor.userId === olga.userId).map((r) => [r.action, r.result.outcome, r.result.code])).toEqual([
        ['workflow.define', 'denied', 'ACCESS.TENANT_ADMIN_REQUIRED'],
        ['workflow.approve', 'denied', 'ACCESS.TENANT_ADMIN_REQUIRED'],
        ['workflow.define', 'denied', 'ACCESS.TENANT_ADMIN_REQUIRED'],
      ]);
    });
  });

  describe('four-eyes', () => {
    it('when the submitter tries to approve their own workflow, then it is refused and audited as denied, and a second tenant admin approves it', async () => {
      const { version } = await w.service.createDraft(ada, LOST_LAPTOP_YAML);
      await w.service.submit(ada, NAME);

      const error = await caught(w.service.approve(ada, NAME, { expected: { version: 1, revision: version.revision }, correlationId: 'self' }));
      expect(error).toMatchObject({ code: 'WORKFLOW_DEFINITION.SELF_APPROVAL_FORBIDDEN', userMessage: 'You submitted version 1 of "Lost laptop", so another tenant admin must approve it.' });
      expect((await w.service.get(TENANT_A, NAME))?.open?.state).toBe('submitted');

      await expect(w.service.approve(bea, NAME, { expected: { version: 1, revision: version.revision } })).resolves.toMatchObject({ version: { state: 'approved', approvedBy: { userId: bea.userId }, selfApproved: false } });
      expect((await workflowAudit()).map((r) => [r.action, r.actor.userId, r.result.outcome, r.result.code])).toEqual([
        ['workflowDefinition.create', ada.userId, 'ok', undefined],
        ['workflowDefinition.submit', ada.userId, 'ok', undefined],
        ['workflowDefinition.approve', ada.userId, 'denied', 'WORKFLOW_DEFINITION.SELF_APPROVAL_FORBIDDEN'],
        ['workflowDefinition.approve', bea.userId, 'ok', undefined],
      ]);
    });

    it('when another admin edited the draft, then neither the editor nor the submitter may approve it; a third admin does. A stale approval is a conflict', async () => {
      const created = await w.service.createDraft(ada, LOST_LAPTOP_YAML);
      const edited = await w.service.editDraft(bea, NAME, LOST_LAPTOP_V2_YAML, { expected: { version: 1, revision: created.version.revision } });
      await w.service.submit(ada, NAME);

      await expect(w.service.approve(bea, NAME, { expected: { version: 1, revision: edited.version.revision } })).rejects.toMatchObject({ code: 'WORKFLOW_DEFINITION.SELF_APPROVAL_FORBIDDEN', userMessage: expect.stringContaining('You wrote version 1') });
      await expect(w.service.approve(cai, NAME, { expected: { version: 1, revision: created.version.revision } })).rejects.toMatchObject({ code: 'WORKFLOW_DEFINITION.CONFLICT' });
      await expect(w.service.approve(cai, NAME, { expected: { version: 1, revision: edited.version.revision } })).resolves.toMatchObject({ changed: true, version: { state: 'approved', approvedBy: { userId: cai.userId } } });
    });

    it('when another admin rejects a submission, then it goes back to draft with the reason; when the submitter does it, it is a withdrawal', async () => {
      await w.service.createDraft(ada, LOST_LAPTOP_YAML);
      await w.service.submit(ada, NAME);
      await expect(w.service.reject(bea, NAME, { reason: 'Revoke the sessions too.' })).resolves.toMatchObject({ version: { state: 'draft' } });
      await w.service.submit(ada, NAME);
      await w.service.reject(ada, NAME);

      expect((await w.service.history(TENANT_A, NAME)).map((e) => [e.event, e.actor.userId, e.note])).toEqual([
        ['created', ada.userId, undefined],
        ['submitted', ada.userId, undefined],
        ['rejected', bea.userId, 'Revoke the sessions too.'],
        ['submitted', ada.userId, undefined],
        ['withdrawn', ada.userId, undefined],
      ]);
    });
  });

  describe('only a published version runs', () => {
    it('when the workflow goes from draft to published, then the catalogue runs it only once published; disabled, it is listed as disabled and cannot run; enabled, it runs again', async () => {
      const { version } = await w.service.createDraft(ada, LOST_LAPTOP_YAML);
      await w.service.submit(ada, NAME);
      expect(w.catalog.get(TENANT_A, NAME)).toBeUndefined();
      await w.service.approve(bea, NAME, { expected: { version: 1, revision: version.revision } });
      expect(w.catalog.get(TENANT_A, NAME)).toBeUndefined();

      await w.service.publish(ada, NAME);
      expect(w.catalog.get(TENANT_A, NAME)).toMatchObject({ name: NAME, steps: [{ id: 'blockSignIn' }, { id: 'tellAdmins' }] });
      expect(w.catalog.list(TENANT_A).find((summary) => summary.name === NAME)).toMatchObject({ state: 'published', builtIn: false, stepTitles: ['Block sign-in', 'Notice to the admin channel'] });

      await w.service.disable(bea, NAME, { reason: 'The laptop was found' });
      expect(w.catalog.get(TENANT_A, NAME)).toBeUndefined();
      expect(w.catalog.list(TENANT_A).find((summary) => summary.name === NAME)?.state).toBe('disabled');

      await w.service.enable(ada, NAME);
      expect(w.catalog.get(TENANT_A, NAME)).toBeDefined();
      expect((await w.service.history(TENANT_A, NAME)).slice(-2).map((e) => [e.event, e.actor.userId, e.toState, e.note])).toEqual([
        ['disabled', bea.userId, 'disabled', 'The laptop was found'],
        ['enabled', ada.userId, 'published', undefined],
      ]);
    });

    it("when another tenant has a workflow of that name, then this tenant's catalogue does not run it", async () => {
      await publishedByTwoAdmins();
      expect(w.catalog.get(TENANT_B, NAME)).toBeUndefined();
      await expect(w.service.approve(bert, NAME, { expected: { version: 1, revision: 1 } })).rejects.toMatchObject({ code: 'WORKFLOW_DEFINITION.NOT_FOUND' });
      expect(await w.service.list(TENANT_B)).toEqual([]);
    });
  });

  describe('editing a published workflow', () => {
    it('when it is edited, then version 2 is drafted while version 1 keeps running; publishing version 2 supersedes it; the history says who changed what', async () => {
      await publishedByTwoAdmins();
      w.clock.set('2026-03-03T10:00:00Z');
      const edit = await w.service.editDraft(ada, NAME, LOST_LAPTOP_V2_YAML);

      expect(edit.version).toMatchObject({ version: 2, state: 'draft', revision: 1 });
      expect(edit.changes).toEqual([
        'step "revokeSessions" added (action user.revokeSessions)',
        'steps › tellAdmins › text: "{{target.displayName}} lost their laptop: sign-in is blocked." → "{{target.displayName}} lost their laptop: sign-in is blocked and sessions are …',
      ]);
      expect(w.catalog.get(TENANT_A, NAME)?.steps.map((step) => step.id)).toEqual(['blockSignIn', 'tellAdmins']);
      expect(await w.service.get(TENANT_A, NAME)).toMatchObject({ live: { version: 1, state: 'published' }, open: { version: 2, state: 'draft' } });

      await w.service.submit(ada, NAME);
      expect(w.catalog.get(TENANT_A, NAME)?.steps).toHaveLength(2);
      await w.service.approve(cai, NAME, { expected: { version: 2, revision: 1 } });
      await w.service.publish(bea, NAME);

      expect(w.catalog.get(TENANT_A, NAME)?.steps.map((step) => step.id)).toEqual(['blockSignIn', 'revokeSessions', 'tellAdmins']);
      expect((await w.repository.listVersions(TENANT_A, NAME)).map((v) => [v.version, v.state])).toEqual([
        [2, 'published'],
        [1, 'superseded'],
      ]);
      const history = await w.service.history(TENANT_A, NAME);
      expect(history.map((e) => [e.version, e.event, e.actor.userId])).toEqual([
        [1, 'created', ada.userId],
        [1, 'submitted', ada.userId],
        [1, 'approved', bea.userId],
        [1, 'published', ada.userId],
        [2, 'newVersion', ada.userId],
        [2, 'submitted', ada.userId],
        [2, 'approved', cai.userId],
        [1, 'superseded', bea.userId],
        [2, 'published', bea.userId],
      ]);
      expect(history[4]).toMatchObject({ at: '2026-03-03T10:00:00.000Z', changes: edit.changes, note: 'Version 1 stays published until this version is approved and published.' });
      expect((await workflowAudit()).filter((r) => r.action === 'workflowDefinition.publish').map((r) => r.details)).toEqual([
        expect.objectContaining({ version: 1, state: 'published' }),
        expect.objectContaining({ version: 2, state: 'published', supersededVersion: 1 }),
      ]);
    });

    it('when an edit changes nothing, then nothing is written; when it renames the workflow, then it is refused', async () => {
      await w.service.createDraft(ada, LOST_LAPTOP_YAML);
      await expect(w.service.editDraft(bea, NAME, LOST_LAPTOP_YAML)).resolves.toMatchObject({ changes: [], version: { revision: 1, authors: [{ userId: ada.userId }] } });
      await expect(w.service.editDraft(ada, NAME, LOST_LAPTOP_YAML.replace(`name: ${NAME}`, 'name: lost-phone'))).rejects.toMatchObject({
        code: 'WORKFLOW_DEFINITION.INVALID_DEFINITION',
        userMessage: expect.stringContaining('The name can\'t change: this is "lost-laptop", and the definition says "lost-phone". To make a new workflow, define it instead.'),
      });
      expect((await w.service.history(TENANT_A, NAME)).map((e) => e.event)).toEqual(['created']);
    });
  });

  describe('repeated clicks and states', () => {
    it('when submit, approve and publish are delivered twice, then the second changes nothing and writes no second history line or audit record', async () => {
      const { version } = await w.service.createDraft(ada, LOST_LAPTOP_YAML);
      await w.service.submit(ada, NAME);
      await expect(w.service.submit(ada, NAME)).resolves.toMatchObject({ changed: false });
      await w.service.approve(bea, NAME, { expected: { version: 1, revision: version.revision } });
      await expect(w.service.approve(bea, NAME, { expected: { version: 1, revision: version.revision } })).resolves.toMatchObject({ changed: false });
      await w.service.publish(ada, NAME);
      await expect(w.service.publish(ada, NAME)).resolves.toMatchObject({ changed: false, version: { state: 'published' } });

      expect((await w.service.history(TENANT_A, NAME)).map((e) => e.event)).toEqual(['created', 'submitted', 'approved', 'published']);
      expect((await workflowAudit()).map((r) => r.action)).toEqual(['workflowDefinition.create', 'workflowDefinition.submit', 'workflowDefinition.approve', 'workflowDefinition.publish']);
    });

    it.each([
      ['publish a draft', async () => w.service.publish(ada, NAME), 'is a draft: only a version another tenant admin approved can be published'],
      ['approve a draft', async () => w.service.approve(bea, NAME, { expected: { version: 1, revision: 1 } }), 'is a draft: it must be submitted before it can be approved'],
      ['disable a draft', async () => w.service.disable(ada, NAME), 'was never published, so there is nothing to disable'],
      ['enable a draft', async () => w.service.enable(ada, NAME), 'was never published, so there is nothing to enable'],
    ])('when an admin tries to %s, then the step is refused with the state in words, and audited', async (_case, step, words) => {
      await w.service.createDraft(ada, LOST_LAPTOP_YAML);
      await expect(step()).rejects.toMatchObject({ code: 'WORKFLOW_DEFINITION.INVALID_STATE', userMessage: expect.stringContaining(words) });
      expect((await workflowAudit()).at(-1)).toMatchObject({ result: { outcome: 'failed', code: 'WORKFLOW_DEFINITION.INVALID_STATE' } });
    });
  });
});

describe('the store before reviews', () => {
  it('when a database from before the review lifecycle is opened, then its workflows are carried over in their state, a published one stays runnable, and the history says so', async () => {
    const { dbPath, cleanup } = tempDatabase();
    const db = openDatabase(dbPath);
    try {
      // The first store (released as migration 1 of 'workflow-definitions'), with one workflow in each state.
      migrate(db, 'workflow-definitions', [
        `CREATE TABLE workflow_definitions (tenant_id TEXT NOT NULL, name TEXT NOT NULL, revision INTEGER NOT NULL, state TEXT NOT NULL CHECK (state IN ('draft','published','disabled')),
         definition TEXT NOT NULL, updated_by TEXT NOT NULL, updated_at TEXT NOT NULL, PRIMARY KEY (tenant_id, name))`,
      ]);
      const store = db.prepare('INSERT INTO workflow_definitions VALUES (?, ?, ?, ?, ?, ?, ?)');
      const definition = (name: string) => JSON.stringify({ name, title: `Title of ${name}`, description: '', inputs: [], bindings: {}, steps: [{ id: 'block', kind: 'action', action: 'user.blockSignIn', parameters: {}, optional: false, onFailure: 'stop' }] });
      const by = JSON.stringify({ userId: ada.userId, displayName: ada.displayName });
      store.run(TENANT_A, 'live-one', 3, 'published', definition('live-one'), by, '2026-01-05T09:00:00.000Z');
      store.run(TENANT_A, 'draft-one', 1, 'draft', definition('draft-one'), by, '2026-01-06T09:00:00.000Z');
      store.run(TENANT_A, 'off-one', 2, 'disabled', definition('off-one'), by, '2026-01-07T09:00:00.000Z');

      const repository = new SqliteWorkflowDefinitionRepository(db);
      const catalog = new WorkflowCatalog(repository);

      expect(catalog.get(TENANT_A, 'live-one')).toMatchObject({ title: 'Title of live-one' });
      expect(catalog.get(TENANT_A, 'draft-one')).toBeUndefined();
      expect(catalog.get(TENANT_A, 'off-one')).toBeUndefined();
      expect(catalog.list(TENANT_A).filter((summary) => !summary.builtIn).map((summary) => [summary.name, summary.state])).toEqual([
        ['live-one', 'published'],
        ['off-one', 'disabled'],
      ]);
      expect(repository.liveVersion(TENANT_A, 'live-one')).toMatchObject({ version: 1, revision: 3, state: 'published', authors: [{ userId: ada.userId }], publishedBy: { userId: ada.userId }, publishedAt: '2026-01-05T09:00:00.000Z' });
      expect(db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'workflow_definitions'").all()).toEqual([]);
      await expect(repository.listHistory(TENANT_A, 'draft-one')).resolves.toEqual([
        expect.objectContaining({ version: 1, event: 'created', toState: 'draft', at: '2026-01-06T09:00:00.000Z', note: expect.stringContaining('Carried over from the store before workflows were reviewed') }),
      ]);
    } finally {
      db.close();
      cleanup();
    }
  });
});

/**
 * Issue 14, custom actions, the lifecycle: tenant admins define (draft), submit, a second tenant
 * admin approves, a tenant admin publishes, disables and enables; only a published version can
 * be run; edits of a published action make a new version; every change is in the history and
 * the audit. Wired as the composition root wires it: the real authorization, role, approval
 * and audit services over SQLite and the in-memory directory.
 */
import type { Actor } from '../../../services/access/actor';
import { GLOBAL_ADMINISTRATOR_ROLE_ID, PRIVILEGED_ROLE_ADMINISTRATOR_ROLE_ID } from '../../../services/access/directory-roles';
import { SqliteCustomActionRepository } from '../../../services/adapters/sqlite/custom-action.sqlite';
import { CustomActionService } from '../../../services/custom-actions/custom-action.service';
import type { CustomActionVersion } from '../../../services/custom-actions/custom-action.types';
import { ManualClock } from '../../../services/ports/clock.port';
import type { AuditRecord } from '../../../services/ports/audit-log.port';
import { InMemoryDirectory } from '../../support/fakes/in-memory-directory';
import { buildHarness, tempDatabase, type AccessHarness } from '../access/support/access-harness';
import { TENANT_A, TENANT_B } from '../access/support/contoso';
import { COST_CENTER_YAML, addMemberForm } from './support/definitions';

const ada: Actor = { tenantId: TENANT_A, userId: 'u-ada', upn: 'ada@contoso.com', displayName: 'Ada Admin' };
const bea: Actor = { tenantId: TENANT_A, userId: 'u-bea', upn: 'bea@contoso.com', displayName: 'Bea Backup' };
const cai: Actor = { tenantId: TENANT_A, userId: 'u-cai', upn: 'cai@contoso.com', displayName: 'Cai Roleadmin' };
const olga: Actor = { tenantId: TENANT_A, userId: 'u-olga', upn: 'olga@contoso.com', displayName: 'Olga Operator' };
const bert: Actor = { tenantId: TENANT_B, userId: 'u-bert', upn: 'bert@fabrikam.com', displayName: 'Bert Fabrikam' };
const NAME = 'set-cost-center';

interface World {
  h: AccessHarness;
  directory: InMemoryDirectory;
  clock: ManualClock;
  service: CustomActionService;
  repository: SqliteCustomActionRepository;
  cleanup(): void;
}

/** Ada and Bea: Global Administrators; Cai: Privileged Role Administrator; Olga: an operator; Bert: admin of another tenant. */
async function startWorld(options: { admins?: Actor[] } = {}): Promise<World> {
  const { dbPath, cleanup } = tempDatabase();
  const directory = new InMemoryDirectory();
  const clock = new ManualClock('2026-03-02T09:00:00Z');
  for (const who of [ada, bea, cai, olga]) directory.addUser(TENANT_A, { id: who.userId, userPrincipalName: who.upn!, displayName: who.displayName! });
  directory.addUser(TENANT_A, { id: 't-sam', userPrincipalName: 'sam@contoso.com', displayName: 'Sam Sales', department: 'Sales' });
  directory.addUser(TENANT_B, { id: bert.userId, userPrincipalName: bert.upn!, displayName: bert.displayName! });
  directory.assignRole(TENANT_B, bert.userId, GLOBAL_ADMINISTRATOR_ROLE_ID);
  for (const admin of options.admins ?? [ada, bea, cai]) {
    directory.assignRole(TENANT_A, admin.userId, admin === cai ? PRIVILEGED_ROLE_ADMINISTRATOR_ROLE_ID : GLOBAL_ADMINISTRATOR_ROLE_ID);
  }
  // Entra's complete list of tenant admins, so the single-admin rule of self-approve can be believed.
  const h = buildHarness({ dbPath, directory, clock, roleOptions: { tenantAdminRoster: directory } });
  await h.grants.grantOperator(ada, { operator: olga.userId, scope: [{ kind: 'department', value: 'Sales' }], actions: ['user.updateProfile'] });
  const repository = new SqliteCustomActionRepository(h.db);
  const service = new CustomActionService(repository, h.authorization, h.audit, clock, { approvalPolicy: h.approvals, tenantAdmins: h.roles });
  return {
    h,
    directory,
    clock,
    service,
    repository,
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

describe('custom action lifecycle', () => {
  let w: World;

  beforeEach(async () => {
    w = await startWorld();
  });
  afterEach(() => w.cleanup());

  async function customActionAudit(tenantId = TENANT_A): Promise<AuditRecord[]> {
    return (await w.h.audit.list(tenantId, { limit: 100 })).records.reverse().filter((record) => record.action.startsWith('customAction.'));
  }

  /** Ada defines and submits; Bea approves; Ada publishes. */
  async function publishedByTwoAdmins(): Promise<CustomActionVersion> {
    const { version } = await w.service.createDraft(ada, COST_CENTER_YAML);
    await w.service.submit(ada, NAME);
    await w.service.approve(bea, NAME, { expected: { version: version.version, revision: version.revision } });
    return (await w.service.publish(ada, NAME)).version;
  }

  describe('defining', () => {
    it('when a tenant admin pastes a valid YAML definition, then version 1 is stored as a draft, with a history line and an audit record', async () => {
      w.clock.set('2026-03-02T09:15:00Z');
      const result = await w.service.createDraft(ada, COST_CENTER_YAML, { correlationId: 'define-1' });

      expect(result).toMatchObject({ version: { name: NAME, version: 1, state: 'draft', revision: 1, authors: [{ userId: ada.userId }] }, warnings: [] });
      expect(await w.service.get(TENANT_A, NAME)).toMatchObject({ title: 'Set cost center', open: { state: 'draft' } });
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
          changes: ['new: PATCH /users/{id} on a user (2 parameters, risk low)'],
          correlationId: 'define-1',
        },
      ]);
      expect(await customActionAudit()).toEqual([
        expect.objectContaining({
          action: 'customAction.create',
          actor: expect.objectContaining({ userId: ada.userId }),
          target: { type: 'customAction', id: NAME, displayName: 'Set cost center' },
          result: { outcome: 'ok' },
          correlationId: 'define-1',
          details: expect.objectContaining({ version: 1, state: 'draft' }),
        }),
      ]);
    });

    it('when an operator tries to define one, then only tenant admins may: nothing is stored and the denial is audited', async () => {
      const error = await caught(w.service.createDraft(olga, COST_CENTER_YAML, { correlationId: 'olga-define' }));

      expect(error).toMatchObject({ code: 'ACCESS.TENANT_ADMIN_REQUIRED' });
      expect(await w.service.list(TENANT_A)).toEqual([]);
      expect(await customActionAudit()).toEqual([
        expect.objectContaining({ action: 'customAction.define', actor: expect.objectContaining({ userId: olga.userId }), result: { outcome: 'denied', code: 'ACCESS.TENANT_ADMIN_REQUIRED' }, correlationId: 'olga-define' }),
      ]);
    });

    it('when the path is outside the allow-list, then the save is refused with the words that say why, nothing is stored, and the failure is audited', async () => {
      const pasted = COST_CENTER_YAML.replace('path: /users/{id}', 'path: /users/{id}/passwordProfile');
      const error = await caught(w.service.createDraft(ada, pasted, { correlationId: 'bad-path' }));

      expect(error).toMatchObject({
        code: 'CUSTOM_ACTION.INVALID_DEFINITION',
        userMessage: expect.stringMatching(/^The custom action was not saved because of this problem:\nLine 7 \(path\): That path isn't one custom actions may call: \/users\/\{id\}\/passwordProfile\. The allowed requests are: PATCH \/users\/\{id\}, /),
      });
      expect(await w.service.list(TENANT_A)).toEqual([]);
      expect(await customActionAudit()).toEqual([
        expect.objectContaining({ action: 'customAction.create', target: expect.objectContaining({ id: NAME }), result: { outcome: 'failed', code: 'CUSTOM_ACTION.INVALID_DEFINITION' }, details: expect.objectContaining({ problemCount: 1 }) }),
      ]);
    });

    it('when the definition has no target, then the save is refused: a custom action always acts on one user or group', async () => {
      const pasted = COST_CENTER_YAML.replace('target: user\n', '');
      const error = await caught(w.service.createDraft(ada, pasted));

      expect(error).toMatchObject({ code: 'CUSTOM_ACTION.INVALID_DEFINITION', userMessage: expect.stringContaining('A custom action always acts on one user or group') });
      expect((error as { details: { problems: string[] } }).details.problems).toEqual([expect.stringMatching(/^target: .*there is no target-free custom action\. Add target: user or target: group\.$/)]);
      expect(await w.service.list(TENANT_A)).toEqual([]);
    });

    it('when a name is already used, then a second definition with it is refused and the first is unchanged', async () => {
      await w.service.createDraft(ada, COST_CENTER_YAML);
      const error = await caught(w.service.createDraft(bea, COST_CENTER_YAML.replace('title: Set cost center', 'title: Other')));
      expect(error).toMatchObject({ code: 'CUSTOM_ACTION.ALREADY_EXISTS' });
      expect((await w.service.get(TENANT_A, NAME))?.title).toBe('Set cost center');
    });
  });

  describe('four-eyes', () => {
    it('when the submitter tries to approve their own submission, then it is refused and audited, and a second tenant admin can approve it', async () => {
      const { version } = await w.service.createDraft(ada, COST_CENTER_YAML);
      await w.service.submit(ada, NAME);

      const error = await caught(w.service.approve(ada, NAME, { expected: { version: 1, revision: version.revision }, correlationId: 'self' }));
      expect(error).toMatchObject({ code: 'CUSTOM_ACTION.SELF_APPROVAL_FORBIDDEN', userMessage: 'You submitted version 1 of "Set cost center", so another tenant admin must approve it.' });
      expect((await w.service.get(TENANT_A, NAME))?.open?.state).toBe('submitted');

      const approved = await w.service.approve(bea, NAME, { expected: { version: 1, revision: version.revision } });
      expect(approved.version).toMatchObject({ state: 'approved', approvedBy: { userId: bea.userId }, selfApproved: false, submittedBy: { userId: ada.userId } });
      expect((await customActionAudit()).map((r) => [r.action, r.actor.userId, r.result.outcome, r.result.code])).toEqual([
        ['customAction.create', ada.userId, 'ok', undefined],
        ['customAction.submit', ada.userId, 'ok', undefined],
        ['customAction.approve', ada.userId, 'denied', 'CUSTOM_ACTION.SELF_APPROVAL_FORBIDDEN'],
        ['customAction.approve', bea.userId, 'ok', undefined],
      ]);
    });

    it('when another admin edited the draft before it was submitted, then neither the editor nor the submitter may approve it: a third admin does', async () => {
      const created = await w.service.createDraft(ada, COST_CENTER_YAML);
      const edited = await w.service.editDraft(bea, NAME, COST_CENTER_YAML.replace('risk: low', 'risk: medium'), { expected: { version: 1, revision: created.version.revision } });
      await w.service.submit(ada, NAME);
      const expected = { version: 1, revision: edited.version.revision };

      await expect(w.service.approve(bea, NAME, { expected })).rejects.toMatchObject({ code: 'CUSTOM_ACTION.SELF_APPROVAL_FORBIDDEN', userMessage: expect.stringContaining('You wrote version 1') });
      await expect(w.service.approve(ada, NAME, { expected })).rejects.toMatchObject({ code: 'CUSTOM_ACTION.SELF_APPROVAL_FORBIDDEN' });
      await expect(w.service.approve(cai, NAME, { expected })).resolves.toMatchObject({ changed: true, version: { state: 'approved', approvedBy: { userId: cai.userId } } });
    });

    it('when the definition changed after the approver looked at it, then the approval is refused as a conflict; the new content needs its own look', async () => {
      const created = await w.service.createDraft(ada, COST_CENTER_YAML);
      await w.service.submit(ada, NAME);
      const seenByBea = { version: 1, revision: created.version.revision };
      const edited = await w.service.editDraft(ada, NAME, COST_CENTER_YAML.replace('risk: low', 'risk: high'));
      expect(edited.version).toMatchObject({ state: 'draft', revision: 2 });
      expect(edited.version.submittedBy).toBeUndefined();
      await w.service.submit(ada, NAME);

      await expect(w.service.approve(bea, NAME, { expected: seenByBea })).rejects.toMatchObject({ code: 'CUSTOM_ACTION.CONFLICT' });
      await expect(w.service.approve(bea, NAME, { expected: { version: 1, revision: 2 } })).resolves.toMatchObject({ version: { state: 'approved', revision: 2 } });
      expect((await w.service.history(TENANT_A, NAME)).map((e) => [e.event, e.fromState, e.toState, e.revision, e.note])).toEqual([
        ['created', undefined, 'draft', 1, undefined],
        ['submitted', 'draft', 'submitted', 1, undefined],
        ['edited', 'submitted', 'draft', 2, 'It was waiting for approval by a second tenant admin; the edit took it back to draft, so it needs a new approval.'],
        ['submitted', 'draft', 'submitted', 2, undefined],
        ['approved', 'submitted', 'approved', 2, undefined],
      ]);
    });

    it('when an operator tries to approve or publish, then only tenant admins may', async () => {
      await w.service.createDraft(ada, COST_CENTER_YAML);
      await w.service.submit(ada, NAME);
      await expect(w.service.approve(olga, NAME, { expected: { version: 1, revision: 1 } })).rejects.toMatchObject({ code: 'ACCESS.TENANT_ADMIN_REQUIRED' });
      await expect(w.service.publish(olga, NAME)).rejects.toMatchObject({ code: 'ACCESS.TENANT_ADMIN_REQUIRED' });
    });

    it('when an admin rejects a submission, then it goes back to draft with the reason; when the submitter does it, it is a withdrawal', async () => {
      await w.service.createDraft(ada, COST_CENTER_YAML);
      await w.service.submit(ada, NAME);
      await expect(w.service.reject(bea, NAME, { reason: 'Cost centers come from HR, not from the help desk.' })).resolves.toMatchObject({ version: { state: 'draft' } });
      await w.service.submit(ada, NAME);
      await w.service.reject(ada, NAME);

      expect((await w.service.history(TENANT_A, NAME)).map((e) => [e.event, e.actor.userId, e.note])).toEqual([
        ['created', ada.userId, undefined],
        ['submitted', ada.userId, undefined],
        ['rejected', bea.userId, 'Cost centers come from HR, not from the help desk.'],
        ['submitted', ada.userId, undefined],
        ['withdrawn', ada.userId, undefined],
      ]);
    });
  });

  describe('only a published action runs', () => {
    it('when the action goes from draft to published, then it is runnable only once published', async () => {
      const { version } = await w.service.createDraft(ada, COST_CENTER_YAML);
      await expect(w.service.requireRunnable(TENANT_A, NAME)).rejects.toMatchObject({ code: 'CUSTOM_ACTION.NOT_RUNNABLE', details: { state: 'draft' }, userMessage: expect.stringContaining("isn't published yet (it is a draft)") });
      await w.service.submit(ada, NAME);
      await expect(w.service.requireRunnable(TENANT_A, NAME)).rejects.toMatchObject({ details: { state: 'submitted' }, userMessage: expect.stringContaining('waiting for approval by a second tenant admin') });
      await w.service.approve(bea, NAME, { expected: { version: 1, revision: version.revision } });
      await expect(w.service.requireRunnable(TENANT_A, NAME)).rejects.toMatchObject({ details: { state: 'approved' }, userMessage: expect.stringContaining('approved but not published yet') });

      w.clock.set('2026-03-02T12:00:00Z');
      await w.service.publish(ada, NAME);
      await expect(w.service.requireRunnable(TENANT_A, NAME)).resolves.toMatchObject({
        tenantId: TENANT_A,
        name: NAME,
        version: 1,
        approvedBy: { userId: bea.userId },
        publishedAt: '2026-03-02T12:00:00.000Z',
        definition: { method: 'PATCH', path: '/users/{id}' },
      });
    });

    it('when a published action is disabled, then it cannot run; when it is enabled again, it can, without a new approval', async () => {
      await publishedByTwoAdmins();
      await w.service.disable(bea, NAME, { reason: 'HR is migrating cost centers' });

      await expect(w.service.requireRunnable(TENANT_A, NAME)).rejects.toMatchObject({
        code: 'CUSTOM_ACTION.NOT_RUNNABLE',
        details: { state: 'disabled' },
        userMessage: '"Set cost center" is disabled, so it can\'t be run. A tenant admin can enable it again.',
      });
      await w.service.enable(ada, NAME);
      await expect(w.service.requireRunnable(TENANT_A, NAME)).resolves.toMatchObject({ version: 1 });
      expect((await w.service.history(TENANT_A, NAME)).slice(-2).map((e) => [e.event, e.actor.userId, e.toState, e.note])).toEqual([
        ['disabled', bea.userId, 'disabled', 'HR is migrating cost centers'],
        ['enabled', ada.userId, 'published', undefined],
      ]);
    });

    it('when there is no such action (or it belongs to another tenant), then it is not found', async () => {
      await publishedByTwoAdmins();
      await expect(w.service.requireRunnable(TENANT_A, 'no-such-action')).rejects.toMatchObject({ code: 'CUSTOM_ACTION.NOT_FOUND' });
      await expect(w.service.requireRunnable(TENANT_B, NAME)).rejects.toMatchObject({ code: 'CUSTOM_ACTION.NOT_FOUND' });
    });

    it('when a published version no longer fits the allow-list (an entry was removed), then it is not runnable and cannot be enabled', async () => {
      const stale: CustomActionVersion = {
        ...(await publishedByTwoAdmins()),
        name: 'stale',
        definition: { ...(await w.service.requireRunnable(TENANT_A, NAME)).definition, name: 'stale', path: '/users/{id}/passwordProfile' },
      };
      await w.repository.commit({ insert: stale, updates: [], history: [] });

      await expect(w.service.requireRunnable(TENANT_A, 'stale')).rejects.toMatchObject({ code: 'CUSTOM_ACTION.NOT_RUNNABLE', userMessage: expect.stringContaining('no longer fits the requests custom actions may make') });
      await w.service.disable(ada, 'stale');
      await expect(w.service.enable(ada, 'stale')).rejects.toMatchObject({ code: 'CUSTOM_ACTION.INVALID_DEFINITION' });
    });

    it('when operators ask what they may run, then they see published actions their grant allows, not drafts', async () => {
      await publishedByTwoAdmins();
      await w.service.createDraft(ada, addMemberForm());
      const grant = (await w.h.roles.getOperatorGrant(TENANT_A, olga.userId))!;

      expect((await w.service.listRunnable(TENANT_A, { via: 'operator', grant })).map((s) => s.name)).toEqual([NAME]);
      expect(await w.service.listRunnable(TENANT_A, { via: 'operator', grant: { ...grant, allowedActions: ['user.blockSignIn'] } })).toEqual([]);
    });
  });

  describe('editing a published action', () => {
    it('when a published action is edited, then version 2 is drafted while version 1 keeps running; publishing version 2 supersedes it; the history shows the diff', async () => {
      await publishedByTwoAdmins();
      const edit = await w.service.editDraft(ada, NAME, COST_CENTER_YAML.replace('[Sales, Marketing, Support]', '[Sales, Marketing, Support, Finance]').replace('title: Set cost center', 'title: Set cost center and department'));

      expect(edit.version).toMatchObject({ version: 2, state: 'draft', revision: 1 });
      expect(edit.changes).toEqual(['title: "Set cost center" → "Set cost center and department"', 'parameter "department": enum of Sales|Marketing|Support, required → enum of Sales|Marketing|Support|Finance, required']);
      await expect(w.service.requireRunnable(TENANT_A, NAME)).resolves.toMatchObject({ version: 1 });
      expect(await w.service.get(TENANT_A, NAME)).toMatchObject({ live: { version: 1, state: 'published' }, open: { version: 2, state: 'draft' } });

      await w.service.submit(ada, NAME);
      await w.service.approve(cai, NAME, { expected: { version: 2, revision: 1 } });
      await w.service.publish(bea, NAME);

      await expect(w.service.requireRunnable(TENANT_A, NAME)).resolves.toMatchObject({ version: 2, approvedBy: { userId: cai.userId } });
      expect((await w.repository.listVersions(TENANT_A, NAME)).map((v) => [v.version, v.state])).toEqual([
        [2, 'published'],
        [1, 'superseded'],
      ]);
      expect((await w.service.history(TENANT_A, NAME)).map((e) => [e.version, e.event, e.actor.userId])).toEqual([
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
      expect((await w.service.history(TENANT_A, NAME))[4]).toMatchObject({ changes: edit.changes, note: 'Version 1 stays published until this version is approved and published.' });
    });

    it('when an edit changes nothing, then nothing is written; when it renames the action, then it is refused', async () => {
      await w.service.createDraft(ada, COST_CENTER_YAML);
      const same = await w.service.editDraft(bea, NAME, COST_CENTER_YAML);
      expect(same).toMatchObject({ changes: [], version: { revision: 1, authors: [{ userId: ada.userId }] } });

      await expect(w.service.editDraft(ada, NAME, COST_CENTER_YAML.replace('name: set-cost-center', 'name: set-cost-centre'))).rejects.toMatchObject({
        code: 'CUSTOM_ACTION.INVALID_DEFINITION',
        userMessage: expect.stringContaining('The name can\'t change: this is "set-cost-center", and the definition says "set-cost-centre".'),
      });
      expect((await w.service.history(TENANT_A, NAME)).map((e) => e.event)).toEqual(['created']);
    });
  });

  describe('repeated clicks and states', () => {
    it('when approve and publish are delivered twice, then the second changes nothing and writes no second history line or audit record', async () => {
      const { version } = await w.service.createDraft(ada, COST_CENTER_YAML);
      await w.service.submit(ada, NAME);
      await w.service.approve(bea, NAME, { expected: { version: 1, revision: version.revision } });
      await expect(w.service.approve(bea, NAME, { expected: { version: 1, revision: version.revision } })).resolves.toMatchObject({ changed: false });
      await w.service.publish(ada, NAME);
      await expect(w.service.publish(ada, NAME)).resolves.toMatchObject({ changed: false, version: { state: 'published' } });

      expect((await w.service.history(TENANT_A, NAME)).map((e) => e.event)).toEqual(['created', 'submitted', 'approved', 'published']);
      expect((await customActionAudit()).map((r) => r.action)).toEqual(['customAction.create', 'customAction.submit', 'customAction.approve', 'customAction.publish']);
    });

    it.each([
      ['publish a draft', async () => w.service.publish(ada, NAME), 'is a draft: only a version another tenant admin approved can be published'],
      ['approve a draft', async () => w.service.approve(bea, NAME, { expected: { version: 1, revision: 1 } }), 'is a draft: it must be submitted before it can be approved'],
      ['disable a draft', async () => w.service.disable(ada, NAME), 'was never published, so there is nothing to disable'],
      ['enable a draft', async () => w.service.enable(ada, NAME), 'was never published, so there is nothing to enable'],
    ])('when an admin tries to %s, then the step is refused with the state in words, and audited', async (_case, step, words) => {
      await w.service.createDraft(ada, COST_CENTER_YAML);
      await expect(step()).rejects.toMatchObject({ code: 'CUSTOM_ACTION.INVALID_STATE', userMessage: expect.stringContaining(words) });
      expect((await customActionAudit()).at(-1)).toMatchObject({ result: { outcome: 'failed', code: 'CUSTOM_ACTION.INVALID_STATE' } });
    });
  });

  describe('tenant isolation', () => {
    it("when an admin of another tenant names this tenant's action, then it does not exist for them, and nothing changes here", async () => {
      const { version } = await w.service.createDraft(ada, COST_CENTER_YAML);
      await w.service.submit(ada, NAME);

      await expect(w.service.approve(bert, NAME, { expected: { version: 1, revision: version.revision } })).rejects.toMatchObject({ code: 'CUSTOM_ACTION.NOT_FOUND' });
      await expect(w.service.editDraft(bert, NAME, COST_CENTER_YAML)).rejects.toMatchObject({ code: 'CUSTOM_ACTION.NOT_FOUND' });
      expect(await w.service.list(TENANT_B)).toEqual([]);
      expect((await w.service.get(TENANT_A, NAME))?.open?.state).toBe('submitted');
      // Bert's refusals are in his own tenant's audit, none in this one.
      expect((await customActionAudit(TENANT_B)).map((r) => [r.action, r.result.code])).toEqual([
        ['customAction.approve', 'CUSTOM_ACTION.NOT_FOUND'],
        ['customAction.edit', 'CUSTOM_ACTION.NOT_FOUND'],
      ]);
      expect((await customActionAudit()).every((r) => r.actor.userId !== bert.userId)).toBe(true);
    });

    it('when both tenants define an action with the same name, then each has its own', async () => {
      await w.service.createDraft(ada, COST_CENTER_YAML);
      await w.service.createDraft(bert, COST_CENTER_YAML.replace('title: Set cost center', 'title: Fabrikam cost center'));
      expect((await w.service.get(TENANT_A, NAME))?.title).toBe('Set cost center');
      expect((await w.service.get(TENANT_B, NAME))?.title).toBe('Fabrikam cost center');
    });
  });
});

describe('self-approve in a single-admin tenant', () => {
  let w: World;

  beforeEach(async () => {
    w = await startWorld({ admins: [ada] });
    await w.h.approvals.setPolicy(ada, 'self-approve');
  });
  afterEach(() => w.cleanup());

  it('when the only tenant admin chose self-approve, then they may approve their own version, and it is flagged in the history and the audit', async () => {
    const { version } = await w.service.createDraft(ada, COST_CENTER_YAML);
    await w.service.submit(ada, NAME);

    const approved = await w.service.approve(ada, NAME, { expected: { version: 1, revision: version.revision }, correlationId: 'self-ok' });

    expect(approved.version).toMatchObject({ state: 'approved', selfApproved: true });
    expect((await w.service.history(TENANT_A, NAME)).at(-1)).toMatchObject({ event: 'approved', note: 'Approved by its own author under the self-approve policy of a single-admin tenant.' });
    const records = (await w.h.audit.list(TENANT_A, { limit: 50 })).records;
    expect(records.find((r) => r.correlationId === 'self-ok' && r.action === 'customAction.approve')).toMatchObject({ result: { outcome: 'ok' }, details: expect.objectContaining({ selfApproved: true }) });
  });

  it('when a second tenant admin appears, then self-approve no longer applies and the author is refused', async () => {
    const { version } = await w.service.createDraft(ada, COST_CENTER_YAML);
    await w.service.submit(ada, NAME);
    w.directory.assignRole(TENANT_A, bea.userId, GLOBAL_ADMINISTRATOR_ROLE_ID);

    await expect(w.service.approve(ada, NAME, { expected: { version: 1, revision: version.revision } })).rejects.toMatchObject({
      code: 'CUSTOM_ACTION.SELF_APPROVAL_FORBIDDEN',
      userMessage: expect.stringContaining('your organization has more than one tenant admin'),
    });
    await expect(w.service.approve(bea, NAME, { expected: { version: 1, revision: version.revision } })).resolves.toMatchObject({ version: { selfApproved: false } });
  });

  it('when Entra cannot be read to count the admins, then the self-approval is refused (fail closed) and audited', async () => {
    const { version } = await w.service.createDraft(ada, COST_CENTER_YAML);
    await w.service.submit(ada, NAME);
    // Ada's role check is cached from the submit; the census reads the roster now.
    w.directory.failWith('DIRECTORY.UNAVAILABLE', ['listTenantAdminIds']);

    await expect(w.service.approve(ada, NAME, { expected: { version: 1, revision: version.revision }, correlationId: 'outage' })).rejects.toMatchObject({ code: 'ACCESS.DIRECTORY_UNAVAILABLE' });
    expect((await w.service.get(TENANT_A, NAME))?.open?.state).toBe('submitted');
    const records = (await w.h.audit.list(TENANT_A, { limit: 50 })).records;
    expect(records.find((r) => r.correlationId === 'outage' && r.action === 'customAction.approve')).toMatchObject({ result: { outcome: 'denied', code: 'ACCESS.DIRECTORY_UNAVAILABLE' } });
  });
});

/**
 * Privileged targets (issue 12 §8): the rule (self, any directory role, break-glass), the
 * operator refusal unless the grant says includePrivileged, and the second confirmation the
 * management-action service demands and audits. Real services and SQLite over a fake tenant.
 */
import { privilegedReasonsFor, PrivilegedConfirmationRequiredError } from '../../../services/access/privileged-target.service';
import { userMessageFor } from '../../../services/errors';
import { actorOf, auditRecords, createSessionCloud, grantSalesOperator, startSessionProcess, TENANT_ID, type SessionCloud, type SessionProcess } from '../../support/fakes/fake-session-world';

const HELPDESK_ADMINISTRATOR = '729827e3-9c14-49f7-bb1b-9608f156bbb8';
const CUSTOM_ROLE = '11111111-2222-4333-8444-555555555555';

describe('privilegedReasonsFor (the pure rule)', () => {
  const target = { id: 'U-MEGAN', userPrincipalName: 'Megan.Bowen@contoso.test' };

  it.each<{ name: string; actorUserId: string; roleNames: string[]; breakGlass: string[]; kinds: string[] }>([
    { name: 'a plain user', actorUserId: 'u-ada', roleNames: [], breakGlass: [], kinds: [] },
    { name: 'yourself (ids compared case-insensitively)', actorUserId: 'u-megan', roleNames: [], breakGlass: [], kinds: ['self'] },
    { name: 'a role holder', actorUserId: 'u-ada', roleNames: ['Global Administrator'], breakGlass: [], kinds: ['directoryRole'] },
    { name: 'a break-glass account listed by id', actorUserId: 'u-ada', roleNames: [], breakGlass: ['u-megan'], kinds: ['breakGlass'] },
    { name: 'a break-glass account listed by UPN', actorUserId: 'u-ada', roleNames: [], breakGlass: ['megan.bowen@contoso.test'], kinds: ['breakGlass'] },
    { name: 'yourself, holding a role, listed as break-glass', actorUserId: 'u-megan', roleNames: ['Global Administrator'], breakGlass: ['U-Megan'], kinds: ['self', 'directoryRole', 'breakGlass'] },
  ])('when the target is $name, then the reasons are $kinds', ({ actorUserId, roleNames, breakGlass, kinds }) => {
    expect(privilegedReasonsFor({ actorUserId, target, roleNames, breakGlassAccountIds: breakGlass }).map((r) => r.kind)).toEqual(kinds);
  });
});

describe('PrivilegedTargetService and the management actions', () => {
  let cloud: SessionCloud;
  let bot: SessionProcess;

  beforeEach(async () => {
    cloud = await createSessionCloud();
    bot = await startSessionProcess(cloud, { mode: 'advanced', autoEnable: true });
  });

  const ada = () => actorOf(cloud.people.ada);
  const operator = () => actorOf(cloud.people.operators[0]!);

  describe('assess', () => {
    it.each<{ name: string; arrange: (c: SessionCloud, b: SessionProcess) => void; who: (c: SessionCloud) => { id: string; userPrincipalName: string }; expected: unknown[] }>([
      { name: 'a user without roles', arrange: () => undefined, who: (c) => c.people.adele, expected: [] },
      { name: 'a Global Administrator', arrange: () => undefined, who: (c) => c.people.mfaAdmin, expected: [{ kind: 'directoryRole', roleNames: ['Global Administrator'] }] },
      {
        name: 'a holder of two roles, one custom',
        arrange: (c) => c.people.adele.roleIds.push(CUSTOM_ROLE, HELPDESK_ADMINISTRATOR),
        who: (c) => c.people.adele,
        expected: [{ kind: 'directoryRole', roleNames: ['Helpdesk Administrator', 'a directory role'] }],
      },
      { name: 'the caller', arrange: () => undefined, who: (c) => c.people.ada, expected: [{ kind: 'self' }, { kind: 'directoryRole', roleNames: ['Global Administrator'] }] },
      {
        name: 'a listed break-glass account',
        arrange: (c, b) => b.settings.update(TENANT_ID, { breakGlassAccountIds: [c.people.alex.id] }),
        who: (c) => c.people.alex,
        expected: [{ kind: 'breakGlass' }],
      },
    ])('when the target is $name, then the assessment says so', async ({ arrange, who, expected }) => {
      arrange(cloud, bot);

      const assessment = await bot.privilegedTargets.assess(ada(), who(cloud));

      expect(assessment.reasons).toEqual(expected);
      expect(assessment.privileged).toBe(expected.length > 0);
    });

    it('when the roles cannot be read, then it fails closed instead of saying "not privileged"', async () => {
      const directory = bot.appDirectory as unknown as { listRoleAssignments: () => Promise<never> };
      directory.listRoleAssignments = async () => {
        throw new Error('Graph down');
      };

      await expect(bot.privilegedTargets.assess(ada(), cloud.people.adele)).rejects.toMatchObject({ code: 'ACCESS.DIRECTORY_UNAVAILABLE' });
    });
  });

  describe('break-glass setting', () => {
    it('when a tenant admin lists break-glass accounts by UPN, then they are stored by object id and audited, and survive a restart', async () => {
      const users = await bot.privilegedTargets.setBreakGlassAccounts(ada(), ['alex@contoso.test', ' ALEX@contoso.test ']);

      expect(users.map((u) => u.id)).toEqual([cloud.people.alex.id]);
      const restarted = await startSessionProcess(cloud, { db: bot.db });
      expect(restarted.privilegedTargets.breakGlassAccountIdsOf(TENANT_ID)).toEqual([cloud.people.alex.id]);
      expect((await auditRecords(bot)).at(-1)).toMatchObject({ action: 'settings.breakGlassAccounts.set', actor: { userId: cloud.people.ada.id }, result: { outcome: 'ok' } });
    });

    it('when an operator tries to change the list, then it is refused and nothing is stored', async () => {
      await expect(bot.privilegedTargets.setBreakGlassAccounts(operator(), ['alex@contoso.test'])).rejects.toMatchObject({ code: 'ACCESS.TENANT_ADMIN_REQUIRED' });
      expect(bot.privilegedTargets.breakGlassAccountIdsOf(TENANT_ID)).toEqual([]);
    });

    it('when an entry is nobody, then it is refused naming it and the list is unchanged', async () => {
      await expect(bot.privilegedTargets.setBreakGlassAccounts(ada(), ['ghost@contoso.test'])).rejects.toMatchObject({ code: 'ACCESS.USER_NOT_FOUND' });
      expect(bot.settings.get(TENANT_ID).breakGlassAccountIds).toBeUndefined();
    });
  });

  describe('operators', () => {
    it.each<{ name: string; arrange: (c: SessionCloud, b: SessionProcess) => Promise<void> | void; target: (c: SessionCloud) => string }>([
      { name: 'a user holding a directory role', arrange: (c) => void c.people.adele.roleIds.push(HELPDESK_ADMINISTRATOR), target: () => 'adele@contoso.test' },
      { name: 'a break-glass account', arrange: (c, b) => void b.settings.update(TENANT_ID, { breakGlassAccountIds: [c.people.adele.id] }), target: () => 'adele@contoso.test' },
      { name: 'themselves', arrange: (c) => void (c.people.operators[0]!.department = 'Sales'), target: (c) => c.people.operators[0]!.userPrincipalName },
    ])('when an operator without includePrivileged targets $name, then it is refused with one message and nothing is held', async ({ arrange, target }) => {
      await arrange(cloud, bot);

      const error = await bot.actions.prepare(operator(), 'user.blockSignIn', target(cloud)).catch((e: unknown) => e);

      expect(error).toMatchObject({ code: 'ACTION.DENIED', details: { reason: 'ACCESS.PRIVILEGED_TARGET' } });
      expect((error as Error & { userMessage: string }).userMessage).toBe(userMessageFor('ACCESS.PRIVILEGED_TARGET'));
      expect(bot.db.prepare('SELECT COUNT(*) AS n FROM pending_actions').get()).toEqual({ n: 0 });
      expect((await auditRecords(bot)).at(-1)).toMatchObject({ result: { outcome: 'denied', code: 'ACCESS.PRIVILEGED_TARGET' } });
    });

    it('when the grant says includePrivileged, then the operator may act on a break-glass account after the second confirmation', async () => {
      bot.settings.update(TENANT_ID, { breakGlassAccountIds: [cloud.people.adele.id] });
      const grant = (await bot.grants.getOperatorGrant(TENANT_ID, cloud.people.operators[0]!.id))!;
      await bot.grants.saveOperatorGrant({ ...grant, includePrivileged: true });

      const prepared = await bot.actions.prepare(operator(), 'user.blockSignIn', 'adele@contoso.test');
      expect(prepared.privileged.reasons).toEqual([{ kind: 'breakGlass' }]);
      await expect(bot.actions.execute(operator(), prepared.pendingActionId)).rejects.toBeInstanceOf(PrivilegedConfirmationRequiredError);
      const result = await bot.actions.execute(operator(), prepared.pendingActionId, { privilegedConfirmed: true });

      expect(result.outcome).toBe('done');
      expect(cloud.people.adele.accountEnabled).toBe(false);
    });

    it('when the operator loses includePrivileged between the cards, then the second Confirm is refused and nothing runs', async () => {
      bot.settings.update(TENANT_ID, { breakGlassAccountIds: [cloud.people.adele.id] });
      const grant = (await bot.grants.getOperatorGrant(TENANT_ID, cloud.people.operators[0]!.id))!;
      await bot.grants.saveOperatorGrant({ ...grant, includePrivileged: true });
      const prepared = await bot.actions.prepare(operator(), 'user.blockSignIn', 'adele@contoso.test');
      await grantSalesOperator(bot, TENANT_ID, cloud.people.operators[0]!, cloud.people.ada.id, cloud.clock);

      await expect(bot.actions.execute(operator(), prepared.pendingActionId, { privilegedConfirmed: true })).rejects.toMatchObject({
        code: 'ACTION.DENIED',
        details: { reason: 'ACCESS.PRIVILEGED_TARGET' },
      });
      expect(cloud.people.adele.accountEnabled).toBe(true);
      expect(cloud.tenant.calls).toHaveLength(0);
    });
  });

  describe('tenant admins', () => {
    it('when an admin confirms once on another Global Administrator, then nothing runs and the error names the reasons', async () => {
      const prepared = await bot.actions.prepare(ada(), 'user.blockSignIn', 'mfa.admin@contoso.test');

      const error = await bot.actions.execute(ada(), prepared.pendingActionId).catch((e: unknown) => e);

      expect(error).toBeInstanceOf(PrivilegedConfirmationRequiredError);
      expect((error as PrivilegedConfirmationRequiredError).reasons).toEqual([{ kind: 'directoryRole', roleNames: ['Global Administrator'] }]);
      expect(cloud.people.mfaAdmin.accountEnabled).toBe(true);
      expect(cloud.tenant.calls).toHaveLength(0);
      expect(bot.pendingActions.get(prepared.pendingActionId)?.state).toBe('pending');
    });

    it('when the admin gives the second confirmation, then the action runs once and the audit holds the confirmation and the reasons', async () => {
      const prepared = await bot.actions.prepare(ada(), 'user.revokeSessions', 'ada@contoso.test');

      const first = await bot.actions.execute(ada(), prepared.pendingActionId, { privilegedConfirmed: true });
      const again = await bot.actions.execute(ada(), prepared.pendingActionId, { privilegedConfirmed: true });

      expect(first).toMatchObject({ outcome: 'done', duplicate: false });
      expect(again).toMatchObject({ outcome: 'done', duplicate: true });
      expect(cloud.tenant.calls.filter((c) => c.method === 'revokeSignInSessions')).toHaveLength(1);
      const records = await auditRecords(bot);
      expect(records.filter((r) => r.action === 'privilegedTarget.confirm')).toEqual([
        expect.objectContaining({
          actor: expect.objectContaining({ userId: cloud.people.ada.id }),
          target: expect.objectContaining({ id: cloud.people.ada.id }),
          result: { outcome: 'ok' },
          correlationId: prepared.correlationId,
          details: expect.objectContaining({ actionId: 'user.revokeSessions', reasons: 'self,directoryRole', roles: 'Global Administrator' }),
        }),
      ]);
      expect(records.find((r) => r.action === 'user.revokeSessions')?.details).toMatchObject({ privilegedReasons: 'self,directoryRole' });
    });

    it('when the target is not privileged, then one confirmation runs it and no privileged record is written', async () => {
      const prepared = await bot.actions.prepare(ada(), 'user.blockSignIn', 'adele@contoso.test');

      expect(prepared.privileged).toEqual({ privileged: false, reasons: [] });
      expect((await bot.actions.execute(ada(), prepared.pendingActionId)).outcome).toBe('done');
      expect((await auditRecords(bot)).some((r) => r.action === 'privilegedTarget.confirm')).toBe(false);
    });
  });
});

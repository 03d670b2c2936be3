import { ACTION_CATEGORIES, catalogEntry, NO_PARAMETERS, type ActionDefinition } from '../../../services/actions/action-definition';
import { ActionRegistry } from '../../../services/actions/action-registry';
import { BUILTIN_ACTIONS } from '../../../services/actions/builtin-actions';
import type { ManagementActionId } from '../../../services/access/actions';
import { ManagementActionService } from '../../../services/actions/management-action.service';
import { actorOf, auditRecords, createSessionCloud, startSessionProcess } from '../../support/fakes/fake-session-world';

/** What a later issue's action module looks like: this is all it has to write. */
const moveToSalesAction: ActionDefinition = {
  ...catalogEntry('user.updateProfile'),
  category: 'Profile',
  description: 'Moves the user to Sales.',
  risk: 'low',
  approvalByDefault: false,
  graphCalls: ['PATCH /users/{id} (department)'],
  parameters: NO_PARAMETERS,
  describe: (target) => ({ summary: `Move ${target.displayName} to Sales`, consequences: ['Their department becomes Sales.'], destructive: false }),
  run: async (directory, target) => {
    await directory.updateUser(target.tenantId, target.userId, { department: 'Sales' });
    return { summary: `${target.upn} is in Sales now.` };
  },
  verify: async (appDirectory, target) => (await appDirectory.getUser(target.tenantId, target.userId))?.department === 'Sales',
};

describe('ActionRegistry', () => {
  it('when a new action module is registered, then it runs through the same prepare/confirm/audit path as the built-in ones', async () => {
    const cloud = await createSessionCloud();
    const bot = await startSessionProcess(cloud, { mode: 'advanced', autoEnable: true });
    const actions = new ManagementActionService({
      registry: new ActionRegistry([...BUILTIN_ACTIONS.filter((a) => a.id !== moveToSalesAction.id), moveToSalesAction]),
      pendingActions: bot.pendingActions,
      appDirectory: bot.appDirectory,
      authorizer: bot.authorization,
      sessions: bot.guard,
      audit: bot.audit,
      clock: cloud.clock,
    });
    const admin = actorOf(cloud.people.ada);

    const prepared = await actions.prepare(admin, 'user.updateProfile', 'fiona@contoso.test');
    const result = await actions.execute(admin, prepared.pendingActionId);

    expect(result).toMatchObject({ outcome: 'done', title: 'Update profile fields', principal: { objectId: cloud.people.serviceAccount.id } });
    expect(cloud.people.fiona.department).toBe('Sales');
    expect((await auditRecords(bot)).at(-1)).toMatchObject({ action: 'user.updateProfile', result: { outcome: 'ok' } });
  });

  it('when the same action id is registered twice, then the registry refuses to start', () => {
    expect(() => new ActionRegistry([...BUILTIN_ACTIONS, BUILTIN_ACTIONS[0]!])).toThrow(/registered twice/);
  });

  it('then every built-in action takes its title and permission from the shared catalog', () => {
    expect(BUILTIN_ACTIONS.map((a) => [a.id, a.title])).toEqual(
      expect.arrayContaining([
        ['user.blockSignIn', 'Block sign-in'],
        ['user.unblockSignIn', 'Unblock sign-in'],
        ['user.revokeSessions', 'Revoke sessions'],
        ['user.updateProfile', 'Update profile fields'],
        ['user.assignLicense', 'Assign licence'],
        ['user.removeLicense', 'Remove licence'],
      ]),
    );
    for (const action of BUILTIN_ACTIONS) expect([action.id, action.title, action.graphPermission]).toEqual([action.id, catalogEntry(action.id as ManagementActionId).title, catalogEntry(action.id as ManagementActionId).graphPermission]);
  });

  it('then every built-in action declares its catalogue fields: a group, a one-line description, a risk, an approval default, its Graph calls and a parameter schema', () => {
    for (const action of BUILTIN_ACTIONS) {
      expect(ACTION_CATEGORIES).toContain(action.category);
      expect(action.description).toMatch(/^[A-Z].{10,140}\.$/);
      expect(['low', 'medium', 'high']).toContain(action.risk);
      // Approval is on by default exactly for the risky ones.
      expect([action.id, action.approvalByDefault]).toEqual([action.id, action.risk === 'high']);
      expect(action.graphCalls.length).toBeGreaterThan(0);
      expect(typeof action.parameters.safeParse).toBe('function');
    }
  });
});

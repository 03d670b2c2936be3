/**
 * Issue 11, finding 4 through the bot: in a tenant with several Global Admins, one admin chose
 * self-approve and then approved their own request. Now the choice itself is refused while
 * Entra lists more than one tenant admin, and a self-approval is refused at decision time when
 * a second admin appeared after a sole admin chose it: the request waits for another admin, and
 * the stored policy (both copies) goes back to four-eyes.
 */
import { Verbs } from '../../cards';
import { GLOBAL_ADMINISTRATOR_ROLE_ID, PRIVILEGED_ROLE_ADMINISTRATOR_ROLE_ID } from '../../services/access/directory-roles';
import { actorOf, people, startWorld, textOf, TENANT, type World } from './access-bot.world';

const KIND = 'test.change';

describe('self-approval in a tenant with several admins, through the bot', () => {
  let world: World;
  let effects: string[];

  beforeAll(async () => {
    world = await startWorld();
    effects = [];
    world.harness.app.access.approvalHandlers.register({ kind: KIND, requestCapability: 'mode.change', onApproved: async (request) => void effects.push(request.id) });
    // Adam, another Global Administrator, has used the bot: Entra confirmed him as an admin.
    await world.say(people.adam, 'operators');
  });
  afterAll(async () => {
    await world.close();
  });

  it('when Ada chooses self-approve while Adam and Ava are tenant admins too, then it is refused with a next step and the policy stays four-eyes', async () => {
    const { approvals, tenantSettings } = world.harness.app.access;
    const [card] = await world.say(people.ada, 'approval policy self-approve');
    expect(textOf(card)).toContain('only for an organization with a single tenant admin');
    await expect(approvals.getPolicy(TENANT)).resolves.toBe('four-eyes');
    expect(tenantSettings.get(TENANT).approvalPolicy).toBe('four-eyes');
  });

  it('when Ada opts into self-approve and approves her own request, then it is refused with a next step, stays pending for Adam, and the policy is four-eyes again in both stored copies', async () => {
    const { approvals, tenantSettings, approvalRequests } = world.harness.app.access;
    // Ada chooses self-approve while she is the tenant's only admin (the choice is refused otherwise)…
    world.directory.removeRoles(TENANT, people.adam.id);
    world.directory.removeRoles(TENANT, people.ava.id);
    await world.say(people.ada, 'approval policy self-approve');
    await expect(approvals.getPolicy(TENANT)).resolves.toBe('self-approve');
    // …then Adam and Ava become tenant admins again before she decides her own request.
    world.directory.assignRole(TENANT, people.adam.id, GLOBAL_ADMINISTRATOR_ROLE_ID);
    world.directory.assignRole(TENANT, people.ava.id, PRIVILEGED_ROLE_ADMINISTRATOR_ROLE_ID);
    // Whatever the policy says, both copies say the same.
    expect(tenantSettings.get(TENANT).approvalPolicy).toBe(await approvals.getPolicy(TENANT));

    const { request } = await approvalRequests.request(actorOf(people.ada), { kind: KIND, payload: { setting: 'mode', value: 'default' } });
    const card = await world.click(people.ada, Verbs.approvalApprove, { requestId: request.id, tenantId: TENANT, requesterId: people.ada.id });

    expect(textOf(card)).toContain('more than one tenant admin now');
    expect(textOf(card)).toContain('Ask another tenant admin to decide it, or cancel it.');
    expect((await approvals.get(TENANT, request.id))?.state).toBe('pending');
    expect(effects).toEqual([]);
    await expect(approvals.getPolicy(TENANT)).resolves.toBe('four-eyes');
    expect(tenantSettings.get(TENANT).approvalPolicy).toBe('four-eyes');
    const refusals = (await world.auditRecords()).filter((record) => record.target?.id === request.id && record.result.outcome === 'denied');
    expect(refusals).toEqual([expect.objectContaining({ action: 'approval.approve', result: { outcome: 'denied', code: 'APPROVAL.SELF_APPROVE_NEEDS_SINGLE_ADMIN' } })]);

    const decided = await world.click(people.adam, Verbs.approvalApprove, { requestId: request.id, tenantId: TENANT, requesterId: people.ada.id });
    expect(textOf(decided)).toContain('Approved by Adam Admin (adam@contoso.test)');
    expect(effects).toEqual([request.id]);
  });
});

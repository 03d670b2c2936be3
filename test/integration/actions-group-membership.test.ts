/**
 * `add <user> to group <name>` and `remove <user> from group <name>` over HTTP to the real bot,
 * against the sandbox tenant: the group is picked by the start of its name (a choice when several
 * match), the confirmation says before → after, the membership changes once as the service
 * account, privileged groups are refused for operators, and out-of-scope users are refused and audited.
 */
import { randomUUID } from 'node:crypto';
import { GLOBAL_ADMIN, HELP_DESK_USERS } from '../../sandbox/directory/seed/contoso-ids';
import { startAppWithSandbox, type AppWithSandbox, type SandboxPerson, type UserChannel } from '../support/app-harness';
import { actionNamed, actionTitles, actorOf, auditTrail, cardOf, createServiceAccount, invokeCard, plainUsers, setMode, textOf, titleOf, type Card } from '../support/session-bot-world';

const OPERATOR = HELP_DESK_USERS[0]!;

describe('group membership actions, against the sandbox tenant', () => {
  let world: AppWithSandbox;
  let operator: UserChannel;
  let salesUsers: SandboxPerson[];
  const serviceAccountUpn = () => world.app.services.serviceAccountRepo.get(world.tenantId)!.userPrincipalName;
  const directory = () => world.sandbox.sandbox.state().directory;
  const groupNamed = (name: string) => directory().groups.find((group) => group.displayName === name)!;
  const isMember = (groupName: string, userId: string) => groupNamed(groupName).members.some((id) => id.toLowerCase() === userId.toLowerCase());

  beforeAll(async () => {
    world = await startAppWithSandbox();
    operator = world.as(OPERATOR);
    setMode(world, 'advanced', false);
    await createServiceAccount(world, GLOBAL_ADMIN);
    await world.app.services.accessGrants.grantOperator(actorOf(world, GLOBAL_ADMIN), {
      operator: OPERATOR.userPrincipalName,
      scope: [{ kind: 'department', value: 'Sales' }],
      actions: ['user.addToGroup', 'user.removeFromGroup'],
    });
    salesUsers = plainUsers(world, 'Sales');
    const template = groupNamed('Legal');
    directory().groups.push(
      { ...template, id: randomUUID(), displayName: 'Sales Team', description: 'The sales floor', members: [] },
      { ...template, id: randomUUID(), displayName: 'Privileged Helpdesk', description: 'Role-assignable', isAssignableToRole: true, members: [] },
    );
    expect(textOf(await say('turn on management'))).toContain('Management ON');
  }, 60_000);

  afterAll(async () => {
    await world?.close();
  });

  async function say(text: string): Promise<Card> {
    const [reply] = await world.exchange(operator.message(text));
    return cardOf(reply);
  }

  async function click(action: Record<string, unknown>): Promise<Card> {
    return invokeCard(await world.send(operator.invoke(String(action['verb']), action['data'] as Record<string, unknown>)));
  }

  it('when an operator adds an in-scope user to a group by its exact name, then the confirmation says before → after and the sandbox shows the membership', async () => {
    const target = salesUsers[0]!;
    const confirmation = await say(`add ${target.userPrincipalName} to group Sales Team`);
    expect(titleOf(confirmation)).toBe(`Add ${target.displayName} (${target.userPrincipalName}) to Sales Team?`);
    expect(textOf(confirmation)).toContain(`${target.displayName} will be added to Sales Team.`);
    expect(textOf(confirmation)).toContain('Sales Team: not a member → member');
    expect(isMember('Sales Team', target.id)).toBe(false);

    const result = await click(actionNamed(confirmation, 'Add to group'));
    expect(titleOf(result)).toBe('Done: Add to group');
    expect(textOf(result)).toContain(serviceAccountUpn());
    expect(isMember('Sales Team', target.id)).toBe(true);
    const records = (await auditTrail(world)).filter((r) => r.action === 'user.addToGroup' && r.target?.id === target.id && r.result.outcome === 'ok');
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ actor: { userId: OPERATOR.id }, principal: { upn: serviceAccountUpn() }, details: { groupName: 'Sales Team' } });
  });

  it('when several groups start with the typed name, then a choice is offered and the picked group is the one changed', async () => {
    const target = salesUsers[1]!;
    const choice = await say(`add ${target.userPrincipalName} to group Sal`);
    expect(titleOf(choice)).toBe('More than one group matches');
    expect(actionTitles(choice)).toEqual(expect.arrayContaining(['Sales', 'Sales - EMEA', 'Sales Team']));
    const confirmation = await click(actionNamed(choice, 'Sales Team'));
    expect(titleOf(confirmation)).toBe(`Add ${target.displayName} (${target.userPrincipalName}) to Sales Team?`);
    await click(actionNamed(confirmation, 'Add to group'));
    expect(isMember('Sales Team', target.id)).toBe(true);
  });

  it('when the same confirmation is delivered 3 times, then the membership changes once and one change is audited', async () => {
    const target = salesUsers[0]!;
    const confirmation = await say(`remove ${target.userPrincipalName} from group Sales Team`);
    expect(textOf(confirmation)).toContain('Sales Team: member → not a member');
    const confirm = actionNamed(confirmation, 'Remove from group');
    const answers = [await click(confirm), await click(confirm), await click(confirm)];
    expect(answers.map(titleOf)).toEqual(['Done: Remove from group', 'Done: Remove from group', 'Done: Remove from group']);
    expect(textOf(answers[2]!)).toContain('already answered; nothing was run again');
    expect(isMember('Sales Team', target.id)).toBe(false);
    expect((await auditTrail(world)).filter((r) => r.action === 'user.removeFromGroup' && r.target?.id === target.id && r.result.outcome === 'ok')).toHaveLength(1);
  });

  it('when an operator names a role-assignable group, then it is refused as privileged, nothing changes and the refusal is audited', async () => {
    const target = salesUsers[2]!;
    const card = await say(`add ${target.userPrincipalName} to group Privileged Helpdesk`);
    expect(textOf(card)).toContain('only tenant admins can change who is in it');
    expect(actionTitles(card)).not.toContain('Add to group');
    expect(isMember('Privileged Helpdesk', target.id)).toBe(false);
    const denials = (await auditTrail(world)).filter((r) => r.action === 'user.addToGroup' && r.target?.id === target.id && r.result.outcome === 'denied');
    expect(denials).toHaveLength(1);
    expect(denials[0]!.details).toMatchObject({ privilegedGroup: 'roleAssignable', groupName: 'Privileged Helpdesk' });
  });

  it('when a group becomes role-assignable between prepare and confirm, then the confirmation is refused on the server', async () => {
    const target = salesUsers[3]!;
    const confirmation = await say(`add ${target.userPrincipalName} to group Sales Team`);
    groupNamed('Sales Team').isAssignableToRole = true;
    try {
      const card = await click(actionNamed(confirmation, 'Add to group'));
      expect(textOf(card)).toContain('only tenant admins can change who is in it');
      expect(isMember('Sales Team', target.id)).toBe(false);
    } finally {
      groupNamed('Sales Team').isAssignableToRole = false;
    }
  });

  it('when the operator targets a user outside the scope, then it is refused and the denial is audited', async () => {
    const financeUser = plainUsers(world, 'Finance')[0]!;
    const card = await say(`add ${financeUser.userPrincipalName} to group Sales Team`);
    expect(textOf(card)).toMatch(/scope/i);
    expect(isMember('Sales Team', financeUser.id)).toBe(false);
    expect((await auditTrail(world)).filter((r) => r.action === 'user.addToGroup' && r.target?.id === financeUser.id && r.result.outcome === 'denied').length).toBeGreaterThanOrEqual(1);
  });

  it('when no group is named or none matches, then the bot says what to type', async () => {
    const target = salesUsers[4]!;
    expect(titleOf(await say(`add ${target.userPrincipalName} to group`))).toBe('Which group?');
    expect(titleOf(await say(`add ${target.userPrincipalName} to group Nothing Like This`))).toBe('Group not found');
  });
});

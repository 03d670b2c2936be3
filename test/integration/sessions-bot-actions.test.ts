/**
 * The first management actions through chat (`block sign-in for <user>` and friends): prepare →
 * confirmation card → execute as the service account → result card → audit, over HTTP to the
 * real bot, which calls the sandbox tenant over HTTPS. Also auto-enable, set through the bot.
 */
import { GLOBAL_ADMIN, HELP_DESK_USERS } from '../../sandbox/directory/seed/contoso-ids';
import { startAppWithSandbox, type AppWithSandbox, type SandboxPerson, type UserChannel } from '../support/app-harness';
import {
  actionNamed,
  actionTitles,
  actorOf,
  auditTrail,
  cardOf,
  createServiceAccount,
  invokeCard,
  plainUsers,
  sandboxUser,
  setMode,
  textOf,
  titleOf,
  type Card,
} from '../support/session-bot-world';

describe('management actions in chat, against the sandbox tenant', () => {
  let world: AppWithSandbox;
  let admin: UserChannel;
  let operator: UserChannel;
  let salesUsers: SandboxPerson[];
  let financeUser: SandboxPerson;
  const OPERATOR = HELP_DESK_USERS[0]!;

  beforeAll(async () => {
    world = await startAppWithSandbox();
    admin = world.as(GLOBAL_ADMIN);
    operator = world.as(OPERATOR);
    setMode(world, 'advanced', false);
    await createServiceAccount(world, GLOBAL_ADMIN);
    await world.app.services.accessGrants.grantOperator(actorOf(world, GLOBAL_ADMIN), {
      operator: OPERATOR.userPrincipalName,
      scope: [{ kind: 'department', value: 'Sales' }],
      actions: ['user.blockSignIn', 'user.unblockSignIn', 'user.revokeSessions'],
    });
    salesUsers = plainUsers(world, 'Sales');
    financeUser = plainUsers(world, 'Finance')[0]!;
  }, 60_000);

  afterAll(async () => {
    await world?.close();
  });

  async function say(channel: UserChannel, text: string): Promise<Card> {
    const [reply] = await world.exchange(channel.message(text));
    return cardOf(reply);
  }

  async function click(channel: UserChannel, action: Record<string, unknown>): Promise<Card> {
    return invokeCard(await world.send(channel.invoke(String(action['verb']), action['data'] as Record<string, unknown>)));
  }

  const serviceAccountUpn = () => world.app.services.serviceAccountRepo.get(world.tenantId)!.userPrincipalName;

  it('when the session is off and auto-enable is off, then the action is refused with an offer to turn the session on, and nothing changes', async () => {
    const target = salesUsers[0]!;
    const card = await say(operator, `block sign-in for ${target.userPrincipalName}`);
    expect(titleOf(card)).toBe('Management session is off');
    expect(actionNamed(card, 'Turn on management session')).toMatchObject({ verb: 'session.turnOn' });
    expect(sandboxUser(world, target.id)?.accountEnabled).toBe(true);
  });

  it('when an operator blocks sign-in for a user in scope through the confirmation card, then the sandbox shows accountEnabled false and the audit names the operator and the service account', async () => {
    expect(textOf(await say(operator, 'turn on management'))).toContain('Management ON');
    const target = salesUsers[0]!;

    const confirmation = await say(operator, `Block sign-in for ${target.userPrincipalName}`);
    expect(titleOf(confirmation)).toBe(`Block sign-in for ${target.displayName} (${target.userPrincipalName})?`);
    expect(textOf(confirmation)).toContain(serviceAccountUpn());
    const confirm = actionNamed(confirmation, 'Block sign-in');
    expect(confirm).toMatchObject({ verb: 'user.blockSignIn.confirm', style: 'destructive' });
    // Only the server-side id travels on the card.
    expect(Object.keys(confirm['data'] as object).sort()).toEqual(['decision', 'pendingActionId']);
    expect(sandboxUser(world, target.id)?.accountEnabled).toBe(true);

    const result = await click(operator, confirm);
    expect(titleOf(result)).toBe('Done: Block sign-in');
    expect(textOf(result)).toContain(serviceAccountUpn());
    expect(sandboxUser(world, target.id)?.accountEnabled).toBe(false);

    const record = (await auditTrail(world)).filter((r) => r.action === 'user.blockSignIn' && r.result.outcome === 'ok');
    expect(record).toHaveLength(1);
    expect(record[0]).toMatchObject({ actor: { userId: OPERATOR.id }, target: { id: target.id }, principal: { upn: serviceAccountUpn() } });
  });

  it('when the same confirmation is delivered again, then it answers from the stored result and changes nothing', async () => {
    const target = salesUsers[1]!;
    const confirm = actionNamed(await say(operator, `block sign-in for ${target.userPrincipalName}`), 'Block sign-in');
    const first = await click(operator, confirm);
    expect(titleOf(first)).toBe('Done: Block sign-in');
    // An admin re-enables the user meanwhile: a second run would block them again.
    await world.app.services.directory.updateUser(world.tenantId, target.id, { accountEnabled: true });

    const again = await click(operator, confirm);
    expect(titleOf(again)).toBe('Done: Block sign-in');
    expect(textOf(again)).toContain('already answered; nothing was run again');
    expect(sandboxUser(world, target.id)?.accountEnabled).toBe(true);
    expect((await auditTrail(world)).filter((r) => r.action === 'user.blockSignIn' && r.target?.id === target.id && r.result.outcome === 'ok')).toHaveLength(1);
  });

  it('when another person clicks the confirmation, then it is refused and nothing runs', async () => {
    const target = salesUsers[2]!;
    const confirm = actionNamed(await say(operator, `block sign-in for ${target.userPrincipalName}`), 'Block sign-in');
    const card = await click(world.as(HELP_DESK_USERS[1]!), confirm);
    expect(textOf(card)).toMatch(/not allowed|can't|only the person/i);
    expect(sandboxUser(world, target.id)?.accountEnabled).toBe(true);
  });

  it('when the operator cancels, then nothing changes', async () => {
    const target = salesUsers[3]!;
    const confirmation = await say(operator, `revoke sessions for ${target.userPrincipalName}`);
    const card = await click(operator, actionNamed(confirmation, 'Cancel'));
    expect(textOf(card)).toContain('Nothing was changed');
    expect((await auditTrail(world)).filter((r) => r.action === 'user.revokeSessions' && r.target?.id === target.id)).toEqual([]);
  });

  it('when the operator targets a user outside the scope, then the access-denied card says why and the denial is audited', async () => {
    const card = await say(operator, `block sign-in for ${financeUser.userPrincipalName}`);
    expect(textOf(card)).toMatch(/scope/i);
    expect(actionTitles(card)).not.toContain('Block sign-in');
    expect(sandboxUser(world, financeUser.id)?.accountEnabled).toBe(true);
    const denials = (await auditTrail(world)).filter((r) => r.actor.userId === OPERATOR.id && r.result.outcome === 'denied' && r.action === 'user.blockSignIn');
    expect(denials.length).toBeGreaterThanOrEqual(1);
  });

  it('when the operator unblocks and revokes sessions in scope, then both run as the service account', async () => {
    const target = salesUsers[0]!;
    const unblock = await click(operator, actionNamed(await say(operator, `unblock sign-in for ${target.userPrincipalName}`), 'Unblock sign-in'));
    expect(titleOf(unblock)).toBe('Done: Unblock sign-in');
    expect(sandboxUser(world, target.id)?.accountEnabled).toBe(true);
    const revoke = await click(operator, actionNamed(await say(operator, `revoke sessions for ${target.userPrincipalName}`), 'Revoke sessions'));
    expect(titleOf(revoke)).toBe('Done: Revoke sessions');
  });

  it('when the user is not named or not found, then the bot says what to type', async () => {
    expect(titleOf(await say(operator, 'block sign-in'))).toBe('Which user?');
    expect(titleOf(await say(operator, 'block sign-in for nobody-here@contoso.test'))).toBe('User not found');
  });

  describe('auto-enable', () => {
    beforeAll(async () => {
      await world.app.services.sessions.turnOff(actorOf(world, GLOBAL_ADMIN));
    });

    it('when an operator tries to turn auto-enable on, then only tenant admins may', async () => {
      const card = await say(operator, 'auto-enable on');
      expect(textOf(card)).toMatch(/tenant admin/i);
      expect(world.app.services.settingsRepo.get(world.tenantId).autoEnable).toBe(false);
    });

    it('when the admin turns auto-enable on, then an operator action on an OFF session turns it on by itself and says so', async () => {
      const set = await say(admin, 'auto-enable on');
      expect(textOf(set)).toContain('Auto-enable is on');
      expect(world.app.services.settingsRepo.get(world.tenantId).autoEnable).toBe(true);
      expect((await auditTrail(world)).filter((r) => r.action === 'settings.update' && r.actor.userId === GLOBAL_ADMIN.id).map((r) => r.details)).toEqual([{ autoEnable: true }]);

      const target = salesUsers[4]!;
      const confirmation = await say(operator, `block sign-in for ${target.userPrincipalName}`);
      expect(textOf(confirmation)).toContain('turned on automatically');
      expect((await world.app.services.sessions.getStatus(world.tenantId)).session).toMatchObject({ state: 'ON', autoEnabled: true });
      const result = await click(operator, actionNamed(confirmation, 'Block sign-in'));
      expect(titleOf(result)).toBe('Done: Block sign-in');
      expect(sandboxUser(world, target.id)?.accountEnabled).toBe(false);
      expect(textOf(await say(operator, 'status'))).toContain('automatically (auto-enable)');
    });

    it('when the admin turns auto-enable off again, then an action on an OFF session is refused with the offer', async () => {
      expect(textOf(await say(admin, 'turn auto-enable off'))).toContain('Auto-enable is off');
      await world.app.services.sessions.turnOff(actorOf(world, GLOBAL_ADMIN));
      const card = await say(operator, `revoke sessions for ${salesUsers[5]!.userPrincipalName}`);
      expect(titleOf(card)).toBe('Management session is off');
      expect(actionTitles(card)).toContain('Turn on management session');
    });
  });
});

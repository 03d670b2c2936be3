/**
 * `break-glass accounts <user>, <user>`: a tenant admin lists the emergency-access accounts in
 * chat; the settings card names them; acting on one asks an admin for a second confirmation that
 * says why, and an operator whose grant does not include privileged accounts is refused. Over
 * HTTP to the real bot, against the sandbox tenant.
 */
import { GLOBAL_ADMIN, HELP_DESK_USERS } from '../../sandbox/directory/seed/contoso-ids';
import { startAppWithSandbox, type AppWithSandbox, type SandboxPerson, type UserChannel } from '../support/app-harness';
import { actionNamed, actionTitles, actorOf, auditTrail, cardOf, createServiceAccount, invokeCard, plainUsers, sandboxUser, setMode, textOf, titleOf, type Card } from '../support/session-bot-world';

describe('break-glass accounts, set in chat', () => {
  let world: AppWithSandbox;
  let admin: UserChannel;
  let operator: UserChannel;
  let emergency: SandboxPerson;
  const OPERATOR = HELP_DESK_USERS[0]!;

  beforeAll(async () => {
    world = await startAppWithSandbox();
    admin = world.as(GLOBAL_ADMIN);
    operator = world.as(OPERATOR);
    setMode(world, 'advanced', false);
    await createServiceAccount(world, GLOBAL_ADMIN);
    // A Sales user with no directory role stands in for an emergency account the bot cannot recognise by role.
    emergency = plainUsers(world, 'Sales')[0]!;
    await world.app.services.accessGrants.grantOperator(actorOf(world, GLOBAL_ADMIN), {
      operator: OPERATOR.userPrincipalName,
      scope: [{ kind: 'department', value: 'Sales' }],
      actions: ['user.blockSignIn'],
    });
  }, 60_000);

  afterAll(async () => {
    await world?.close();
  });

  async function say(channel: UserChannel, text: string): Promise<Card> {
    const [reply] = await world.exchange(channel.message(text));
    return cardOf(reply);
  }

  it('when an operator tries to set the list, then it is refused and nothing is stored', async () => {
    const card = await say(operator, `break-glass accounts ${emergency.userPrincipalName}`);
    expect(textOf(card)).toMatch(/tenant admin/i);
    expect(world.app.services.settingsRepo.get(world.tenantId).breakGlassAccountIds ?? []).toEqual([]);
  });

  it('when a name is not in the directory, then the admin is told which one and the list is unchanged', async () => {
    const card = await say(admin, 'break-glass accounts nobody-here@contoso.test');
    expect(textOf(card)).toContain('nobody-here@contoso.test');
    expect(world.app.services.settingsRepo.get(world.tenantId).breakGlassAccountIds ?? []).toEqual([]);
  });

  it('when the admin lists an account, then settings names it, the change is audited, and acting on it needs a second confirmation or is refused for an operator', async () => {
    const saved = await say(admin, `break-glass accounts ${emergency.userPrincipalName}`);
    expect(textOf(saved)).toContain(`Listed as break-glass: ${emergency.displayName}`);
    expect(textOf(saved)).not.toContain(emergency.id);
    expect(world.app.services.settingsRepo.get(world.tenantId).breakGlassAccountIds).toEqual([emergency.id.toLowerCase()]);
    expect((await auditTrail(world)).filter((record) => record.action === 'settings.breakGlassAccounts.set')).toHaveLength(1);

    const shown = await say(admin, 'settings');
    expect(textOf(shown)).toContain(emergency.displayName);

    // The operator's grant does not include privileged accounts: refused before any confirmation.
    const refused = await say(operator, `block sign-in for ${emergency.userPrincipalName}`);
    expect(actionTitles(refused)).not.toContain('Block sign-in');
    expect(textOf(refused)).toMatch(/break-glass/i);
    expect(sandboxUser(world, emergency.id)?.accountEnabled).toBe(true);

    // The admin gets the usual confirmation; its Confirm asks once more and says why.
    expect(textOf(await say(admin, 'turn on management'))).toContain('Management ON');
    const first = await say(admin, `block sign-in for ${emergency.userPrincipalName}`);
    expect(titleOf(first)).toContain('Block sign-in');
    const confirm = actionNamed(first, 'Block sign-in');
    const second = invokeCard(await world.send(admin.invoke(String(confirm['verb']), confirm['data'] as Record<string, unknown>)));
    expect(textOf(second)).toMatch(/break-glass/i);
    expect(sandboxUser(world, emergency.id)?.accountEnabled).toBe(true);
  });

  it('when the admin clears the list, then nothing is listed any more', async () => {
    const cleared = await say(admin, 'break-glass accounts none');
    expect(textOf(cleared)).toContain('No account is listed as break-glass now.');
    expect(world.app.services.settingsRepo.get(world.tenantId).breakGlassAccountIds ?? []).toEqual([]);
    expect(textOf(await say(admin, 'settings'))).toContain('None listed');
  });
});

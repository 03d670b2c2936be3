/**
 * `turn on management`, `status`, `turn off management` and Default mode's sign-in form, over
 * HTTP to the real bot, which calls the sandbox tenant over HTTPS with its real adapters.
 */
import {
  CA_BLOCKED_ADMIN,
  DISABLED_ADMIN,
  GLOBAL_ADMIN,
  HELP_DESK_USERS,
  MFA_REQUIRED_ADMIN,
} from '../../sandbox/directory/seed/contoso-ids';
import { startAppWithSandbox, type AppWithSandbox, type UserChannel } from '../support/app-harness';
import type { HttpResult } from '../support/http-client';
import {
  actionNamed,
  actionTitles,
  actorOf,
  auditTrail,
  cardOf,
  createServiceAccount,
  elementsOf,
  invokeCard,
  secretLeaks,
  setMode,
  textOf,
  titleOf,
  type Card,
} from '../support/session-bot-world';

const WRONG_PASSWORD = 'Wrong-Sandbox-Password-4711!';

describe('management sessions in chat, against the sandbox tenant', () => {
  let world: AppWithSandbox;
  let admin: UserChannel;
  let operator: UserChannel;
  /** Every invoke answer, for the leak scan. */
  const answers: HttpResult[] = [];

  beforeAll(async () => {
    world = await startAppWithSandbox();
    admin = world.as(GLOBAL_ADMIN);
    operator = world.as(HELP_DESK_USERS[0]!);
    await world.app.services.accessGrants.grantOperator(actorOf(world, GLOBAL_ADMIN), {
      operator: HELP_DESK_USERS[0]!.userPrincipalName,
      scope: [{ kind: 'department', value: 'Sales' }],
      actions: ['user.blockSignIn'],
    });
  }, 60_000);

  afterAll(async () => {
    await world?.close();
  });

  afterEach(() => world.sandbox.sandbox.faults.clear());

  async function say(channel: UserChannel, text: string): Promise<Card> {
    const [reply] = await world.exchange(channel.message(text));
    return cardOf(reply);
  }

  async function click(channel: UserChannel, verb: string, data: Record<string, unknown> = {}, overrides: Record<string, unknown> = {}): Promise<Card> {
    const answer = await world.send(channel.invoke(verb, data, overrides));
    answers.push(answer);
    return invokeCard(answer);
  }

  describe('Advanced mode', () => {
    beforeAll(() => setMode(world, 'advanced', false));

    it('when there is no service account yet, then the admin is offered to create it and an operator is told to ask an admin', async () => {
      const forAdmin = await say(admin, 'turn on management');
      expect(titleOf(forAdmin)).toBe('No management service account yet');
      expect(actionTitles(forAdmin)).toContain('Create service account');

      const forOperator = await say(operator, 'enable management');
      expect(titleOf(forOperator)).toBe('No management service account yet');
      expect(textOf(forOperator)).toMatch(/Ask a tenant admin/);
      expect(actionTitles(forOperator)).not.toContain('Create service account');
    });

    it('when the admin types "turn on management", then the Management ON card shows the account, who, since, expiry and auto-enable, with a red turn-off button', async () => {
      await createServiceAccount(world, GLOBAL_ADMIN);
      const card = await say(admin, 'turn on management');
      const text = textOf(card);
      expect(text).toContain('Management ON');
      expect(text).toContain('Advanced (service account)');
      expect(text).toContain('mgmt-bot.admin@contoso.test');
      expect(text).toContain(GLOBAL_ADMIN.displayName);
      for (const label of ['Enabled at', 'Expires', 'Auto-enable']) expect(text).toContain(label);
      expect(actionNamed(card, 'Turn off management session')).toMatchObject({ type: 'Action.Execute', verb: 'session.turnOff', style: 'destructive' });
      expect(actionNamed(card, 'Details')).toMatchObject({ verb: 'status.details' });
      expect((await world.app.services.sessions.getStatus(world.tenantId)).session.state).toBe('ON');
    });

    it('when anyone asks for status, then it shows ON; an operator gets no Details button, the admin gets broker counters', async () => {
      expect(textOf(await say(operator, 'status'))).toContain('Management ON');
      expect(actionTitles(await say(operator, 'status'))).not.toContain('Details');

      const details = await click(admin, 'status.details');
      expect(textOf(details)).toContain('Key Vault reads');
      expect(textOf(details)).toContain('Token requests');
    });

    it('when an operator clicks Details anyway, then it is refused', async () => {
      expect(textOf(await click(operator, 'status.details'))).toMatch(/tenant admin/i);
    });

    it('when the admin clicks Turn off management session, then the card becomes Management OFF and the tokens are gone', async () => {
      const card = await click(admin, 'session.turnOff');
      expect(textOf(card)).toContain('Management OFF');
      expect(textOf(card)).toContain('cached tokens were dropped');
      expect(actionTitles(card)).toContain('Turn on management session');
      expect(textOf(await say(admin, 'status'))).toContain('Management OFF');
    });

    it('when the session is turned on and off again by command, then both are audited with the actor and mode', async () => {
      expect(textOf(await click(operator, 'session.turnOn'))).toContain('Management ON');
      expect(textOf(await say(operator, 'turn off management'))).toContain('Management OFF');
      expect(textOf(await say(operator, 'turn off management'))).toContain('already off');
      const records = (await auditTrail(world)).filter((record) => record.action.startsWith('session.') && record.actor.userId === HELP_DESK_USERS[0]!.id);
      expect(records.map((record) => record.action)).toEqual(expect.arrayContaining(['session.turnOn', 'session.turnOff']));
    });

    it('when Key Vault is unavailable, then turning on is refused with the vault card (fail closed)', async () => {
      world.sandbox.sandbox.faults.configure({ vaultUnavailable: true });
      const card = await say(admin, 'turn on management');
      expect(titleOf(card)).toBe('Key Vault is unavailable');
      expect(actionTitles(card)).toContain('Try again');
      expect((await world.app.services.sessions.getStatus(world.tenantId)).session.state).not.toBe('ON');
    });
  });

  describe('Default mode', () => {
    beforeAll(async () => {
      await world.app.services.sessions.turnOff(actorOf(world, GLOBAL_ADMIN));
      setMode(world, 'default');
    });

    it('when the admin types "turn on management", then a sign-in card asks for the user name and a password-style input, warning that MFA must be off', async () => {
      const card = await say(admin, 'turn on management');
      const inputs = elementsOf(card).filter((element) => element['type'] === 'Input.Text');
      expect(inputs).toEqual([
        expect.objectContaining({ id: 'username', value: GLOBAL_ADMIN.userPrincipalName }),
        expect.objectContaining({ id: 'password', style: 'password' }),
      ]);
      expect(inputs[1]).not.toHaveProperty('value');
      expect(textOf(card)).toContain('MFA must be off');
      expect(actionNamed(card, 'Sign in and turn on')).toMatchObject({ verb: 'session.turnOn', data: { step: 'signIn' } });
    });

    it('when an operator tries Default mode, then only a Global Admin may turn it on', async () => {
      expect(titleOf(await say(operator, 'turn on management'))).toBe('Only a Global Administrator can turn this on');
    });

    it.each([
      { case: 'a wrong password', username: GLOBAL_ADMIN.userPrincipalName, password: WRONG_PASSWORD, title: 'Wrong user name or password', detail: 'AADSTS50126' },
      { case: 'an MFA-enforced admin', username: MFA_REQUIRED_ADMIN.userPrincipalName, password: MFA_REQUIRED_ADMIN.password, title: 'This account requires MFA', detail: 'Advanced mode' },
      { case: 'a CA-blocked admin', username: CA_BLOCKED_ADMIN.userPrincipalName, password: CA_BLOCKED_ADMIN.password, title: 'Blocked by conditional access', detail: 'Block restricted admins outside Contoso HQ' },
      { case: 'a disabled admin', username: DISABLED_ADMIN.userPrincipalName, password: DISABLED_ADMIN.password, title: 'The account is disabled', detail: 'disabled' },
    ])('when the form is submitted with $case, then the form is replaced by its own explanation with a next step', async ({ username, password, title, detail }) => {
      const card = await click(admin, 'session.turnOn', { step: 'signIn', username, password });
      expect(titleOf(card)).toBe(title);
      expect(textOf(card)).toContain(detail);
      expect(actionTitles(card)).toContain('Try again');
      expect(elementsOf(card).filter((element) => String(element['type']).startsWith('Input.'))).toEqual([]);
      expect((await world.app.services.sessions.getStatus(world.tenantId)).session.state).not.toBe('ON');
    });

    it('when Try again is clicked, then a fresh, empty sign-in form comes back', async () => {
      const card = await click(admin, 'session.turnOn');
      expect(elementsOf(card).find((element) => element['id'] === 'password')).not.toHaveProperty('value');
    });

    it('when the form is submitted with the right password, then the form is replaced by Management ON as the signed-in admin', async () => {
      const card = await click(admin, 'session.turnOn', { step: 'signIn', username: GLOBAL_ADMIN.userPrincipalName, password: GLOBAL_ADMIN.password });
      expect(textOf(card)).toContain('Management ON');
      expect(textOf(card)).toContain('Default (Global Admin sign-in)');
      expect(textOf(card)).toContain(GLOBAL_ADMIN.userPrincipalName);
      expect(elementsOf(card).filter((element) => String(element['type']).startsWith('Input.'))).toEqual([]);
      expect(textOf(await click(admin, 'session.turnOff'))).toContain('Management OFF');
    });

    it('when the sign-in is slow, then the form is answered at once with a progress card and updated in place with the outcome', async () => {
      world.sandbox.sandbox.faults.configure({ latency: [{ match: { area: 'entra', method: 'POST' }, delayInMs: 3_500 }] });
      const before = world.bot.connector.calls.length;
      const card = await click(admin, 'session.turnOn', { step: 'signIn', username: GLOBAL_ADMIN.userPrincipalName, password: GLOBAL_ADMIN.password }, { replyToId: 'signin-card-1' });
      expect(titleOf(card)).toBe('Signing in…');
      expect(textOf(card)).not.toContain(GLOBAL_ADMIN.password);
      await world.app.services.backgroundTasks.drain();
      const update = world.bot.connector.calls.slice(before).find((call) => call.kind === 'update');
      expect(update?.activityId).toBe('signin-card-1');
      expect(textOf(cardOf(update))).toContain('Management ON');
      expect(textOf(await click(admin, 'session.turnOff'))).toContain('Management OFF');
    }, 20_000);

    it('when all that is done, then no password is in any log line, SQLite row, card, message or audit record', async () => {
      const audit = JSON.stringify(await auditTrail(world));
      expect(audit).toContain('session.turnOn');
      const secrets = [GLOBAL_ADMIN.password, WRONG_PASSWORD, MFA_REQUIRED_ADMIN.password, CA_BLOCKED_ADMIN.password, DISABLED_ADMIN.password];
      expect(secretLeaks(world, secrets, answers)).toEqual([]);
      for (const secret of secrets) expect(audit).not.toContain(secret);
      // The scan would have seen a leak: the log holds the turns the passwords came with.
      expect(world.log.lines.length).toBeGreaterThan(20);
    });
  });
});

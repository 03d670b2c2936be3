/**
 * The Temporary Access Pass, automatic replies and leaver actions over HTTP to the real bot,
 * which calls the sandbox tenant over HTTPS as the management service account: before → after on
 * each confirmation card (valid against the Adaptive Card 1.5 schema), the change in the sandbox,
 * the audit, a redelivered confirmation changing nothing more, an out-of-scope target refused,
 * and the passes found nowhere but on their own cards.
 */
import { randomUUID } from 'node:crypto';
import { GLOBAL_ADMIN, HELP_DESK_USERS } from '../../sandbox/directory/seed/contoso-ids';
import { verifySecret, type SandboxGroup } from '../../sandbox/directory/model';
import { schemaErrors } from '../support/adaptive-card-validation';
import { startAppWithSandbox, type AppWithSandbox, type SandboxPerson, type StartAppWithSandboxOptions } from '../support/app-harness';
import { waiveApprovals } from '../support/action-approval-choices';
import type { ConnectorCall } from '../support/fake-connector';
import type { HttpResult } from '../support/http-client';
import { actionNamed, actorOf, auditTrail, cardOf, createServiceAccount, elementsOf, invokeCard, plainUsers, setMode, textOf, titleOf, type Card } from '../support/session-bot-world';

const OPERATOR = HELP_DESK_USERS[0]!;
const REDACT_AFTER_IN_MS = 1_500;
const E5 = '06ebc4ee-1bb5-47dd-8120-11324bc54e06';

const options: StartAppWithSandboxOptions = {
  overrides: {
    serviceOptions: {
      serviceAccount: { signInVerifyAttempts: 2, signInVerifyDelayInMs: 50 },
      sessions: { pollIntervalInMs: 20 },
      background: { rotationScheduler: false },
      shownOnce: { redactAfterInMs: REDACT_AFTER_IN_MS, checkIntervalInMs: 100, retryAfterInMs: 100 },
    },
  },
};

/** The secret a shown-once card shows (its TextRun), or undefined once hidden. */
function secretOn(card: Card): string | undefined {
  const run = elementsOf(card).find((element) => element['type'] === 'TextRun');
  return typeof run?.['text'] === 'string' ? run['text'] : undefined;
}

describe('Temporary Access Pass, automatic replies and leavers, against the sandbox tenant', () => {
  let world: AppWithSandbox;
  let sales: SandboxPerson[];
  const answers: HttpResult[] = [];
  const state = () => world.sandbox.sandbox.state().directory;
  const userState = (id: string) => state().users.find((user) => user.id === id)!;
  const passesOf = (userId: string) => (state().temporaryAccessPasses ?? []).filter((pass) => pass.userId === userId);
  const serviceAccountUpn = () => world.app.services.serviceAccountRepo.get(world.tenantId)!.userPrincipalName;

  beforeAll(async () => {
    world = await startAppWithSandbox(options);
    setMode(world, 'advanced', false);
    await createServiceAccount(world, GLOBAL_ADMIN);
    await world.app.services.accessGrants.grantOperator(actorOf(world, GLOBAL_ADMIN), {
      operator: OPERATOR.userPrincipalName,
      scope: [{ kind: 'department', value: 'Sales' }],
      actions: ['user.createTemporaryAccessPass', 'user.setAutomaticReplies', 'user.turnOffAutomaticReplies', 'user.removeFromAllGroups', 'user.removeAllLicenses'],
    });
    // This tenant's admins chose no approval for these (the approval path: actions-approval.test.ts).
    waiveApprovals(world, ['user.createTemporaryAccessPass', 'user.removeFromAllGroups', 'user.removeAllLicenses']);
    sales = plainUsers(world, 'Sales');
    expect(sales.length).toBeGreaterThanOrEqual(11);
    const [reply] = await world.exchange(world.as(OPERATOR).message('turn on management'));
    expect(textOf(cardOf(reply))).toContain('Management ON');
  }, 60_000);

  afterAll(async () => {
    await world?.close();
  });

  /** Sends a command in the operator's personal chat; returns the card and the id of the message that carries it. */
  async function say(text: string): Promise<{ card: Card; activityId: string }> {
    const [reply] = await world.exchange(world.as(OPERATOR).message(text));
    const index = world.bot.connector.calls.indexOf(reply as ConnectorCall);
    return { card: cardOf(reply), activityId: `sent-${index + 1}` };
  }

  async function click(action: Record<string, unknown>, activityId: string): Promise<Card> {
    const result = await world.send(world.as(OPERATOR).invoke(String(action['verb']), action['data'] as Record<string, unknown>, { replyToId: activityId }));
    answers.push(result);
    return invokeCard(result);
  }

  /** Says the command, checks the confirmation card, confirms it; returns both cards. */
  async function confirmed(text: string, confirmTitle: string): Promise<{ confirmation: Card; result: Card }> {
    const { card, activityId } = await say(text);
    expect(schemaErrors(card)).toEqual([]);
    const result = await click(actionNamed(card, confirmTitle), activityId);
    expect(schemaErrors(result)).toEqual([]);
    return { confirmation: card, result };
  }

  const records = async (action: string, targetId: string, outcome = 'ok') => (await auditTrail(world)).filter((r) => r.action === action && r.target?.id === targetId && r.result.outcome === outcome);

  describe('Temporary Access Pass', () => {
    it('when an operator creates an 8-hour pass, then the card shows it once, the sandbox holds only its hash, and the audit says it was shown once', async () => {
      const target = sales[0]!;
      const { confirmation, result } = await confirmed(`tap for ${target.userPrincipalName} for 8 hours`, 'Create pass');
      expect(titleOf(confirmation)).toBe(`Create a Temporary Access Pass for ${target.displayName} (${target.userPrincipalName})?`);
      expect(textOf(confirmation)).toContain('none → one-time pass, valid for 8 hours');
      expect(titleOf(result)).toBe('Done: Temporary Access Pass');
      const pass = secretOn(result)!;
      expect(pass).toMatch(/^.{8}$/);
      expect(textOf(result)).toContain(serviceAccountUpn());
      const [stored] = passesOf(target.id);
      expect(stored).toMatchObject({ lifetimeInMinutes: 480, isUsableOnce: true });
      expect(verifySecret(stored!.passHash, pass)).toBe(true);

      const [record] = await records('user.createTemporaryAccessPass', target.id);
      expect(record).toMatchObject({ actor: { userId: OPERATOR.id }, principal: { upn: serviceAccountUpn() } });
      expect(record!.details).toMatchObject({ lifetimeInMinutes: '480', shownOnce: 'temporary access pass shown once' });

      const hidden = await click(actionNamed(result, "I've copied it"), 'sent-x');
      expect(secretOn(hidden)).toBeUndefined();
      expect(textOf(hidden)).toContain('Temporary Access Pass: hidden');
      expect(textOf(hidden)).toContain('create another');
    });

    it('when no lifetime is given, then the pass lasts the default hour', async () => {
      const target = sales[1]!;
      const { confirmation } = await confirmed(`temporary access pass for ${target.userPrincipalName}`, 'Create pass');
      expect(textOf(confirmation)).toContain('valid for 1 hour');
      expect(passesOf(target.id)).toEqual([expect.objectContaining({ lifetimeInMinutes: 60, isUsableOnce: true })]);
    });

    it('when the lifetime is outside 10 minutes to 30 days, then nothing is prepared and the card says the range', async () => {
      const target = sales[2]!;
      const { card } = await say(`tap for ${target.userPrincipalName} for 5 minutes`);
      expect(textOf(card)).toContain('from 10 minutes to 30 days');
      expect(passesOf(target.id)).toEqual([]);
    });

    it('when the same confirmation is delivered 3 times, then one pass is created and it is never shown again', async () => {
      const target = sales[3]!;
      const { card, activityId } = await say(`tap for ${target.userPrincipalName}`);
      const confirm = actionNamed(card, 'Create pass');
      const invoke = world.as(OPERATOR).invoke(String(confirm['verb']), confirm['data'] as Record<string, unknown>, { replyToId: activityId });
      const first = invokeCard(await world.send(invoke));
      const pass = secretOn(first)!;
      const again = [invokeCard(await world.send(invoke)), invokeCard(await world.send(invoke))];
      expect(passesOf(target.id)).toHaveLength(1);
      for (const repeated of again) {
        expect(secretOn(repeated)).toBeUndefined();
        expect(JSON.stringify(repeated)).not.toContain(pass);
        expect(textOf(repeated)).toContain('already answered; nothing was run again');
      }
      expect(await records('user.createTemporaryAccessPass', target.id)).toHaveLength(1);
    });

    it('when the user already has a pass, then the result says to delete it first and nothing else changes', async () => {
      const target = sales[0]!;
      const { result } = await confirmed(`tap for ${target.userPrincipalName}`, 'Create pass');
      expect(titleOf(result)).toBe('Not done: Temporary Access Pass');
      expect(textOf(result)).toContain('can have only one');
      expect(passesOf(target.id)).toHaveLength(1);
    });

    it('when the operator targets a user outside their scope, then it is refused, audited, and no pass is created', async () => {
      const financeUser = plainUsers(world, 'Finance')[0]!;
      const { card } = await say(`tap for ${financeUser.userPrincipalName}`);
      expect(textOf(card)).toMatch(/scope/i);
      expect(passesOf(financeUser.id)).toEqual([]);
      expect((await records('user.createTemporaryAccessPass', financeUser.id, 'denied')).length).toBeGreaterThanOrEqual(1);
    });

    it('when passes are created, then none appears in a log line, a table row, an audit record, a connector call or another invoke answer', async () => {
      const passes: string[] = [];
      const cardAnswers = new Set<HttpResult>();
      for (const target of sales.slice(4, 10)) {
        const { result } = await confirmed(`tap for ${target.userPrincipalName}`, 'Create pass');
        cardAnswers.add(answers.at(-1)!);
        passes.push(secretOn(result)!);
      }
      expect(new Set(passes).size).toBe(passes.length);
      // The timer hides every card meanwhile: its in-place update must not carry the pass either.
      await new Promise((resolve) => setTimeout(resolve, REDACT_AFTER_IN_MS + 500));

      const haystacks: Array<[string, string]> = [['logs', world.log.text], ['sandbox state', JSON.stringify(state())]];
      for (const { name } of world.app.db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as Array<{ name: string }>) {
        haystacks.push([`table ${name}`, JSON.stringify(world.app.db.prepare(`SELECT * FROM "${name}"`).all())]);
      }
      haystacks.push(['audit', JSON.stringify(await auditTrail(world))]);
      haystacks.push(['connector calls', JSON.stringify(world.bot.connector.calls)]);
      haystacks.push(['other invoke answers', JSON.stringify(answers.filter((answer) => !cardAnswers.has(answer)).map((answer) => answer.body))]);
      const leaks = passes.flatMap((pass) => haystacks.filter(([, text]) => text.includes(pass) || text.includes(JSON.stringify(pass).slice(1, -1))).map(([where]) => where));
      expect(leaks).toEqual([]);
      // The scan would see them: each pass is on its own card answer.
      expect(passes.every((pass) => [...cardAnswers].some((answer) => JSON.stringify(answer.body).includes(pass)))).toBe(true);
      expect(world.bot.connector.calls.filter((call) => call.kind === 'update' && textOf(cardOf(call)).includes('Temporary Access Pass: hidden')).length).toBeGreaterThanOrEqual(passes.length);
    }, 60_000);
  });

  describe('leavers', () => {
    function addGroup(overrides: Partial<SandboxGroup>, members: string[]): SandboxGroup {
      const group: SandboxGroup = {
        id: randomUUID(),
        displayName: 'Group',
        mailNickname: `group-${randomUUID().slice(0, 8)}`,
        mailEnabled: false,
        securityEnabled: true,
        groupTypes: [],
        createdDateTime: new Date().toISOString(),
        members,
        owners: [],
        ...overrides,
      };
      state().groups.push(group);
      return group;
    }

    it('when an operator removes a leaver from all groups, then the card lists them and the ones left alone, and only the listed ones lose the user', async () => {
      const target = sales[10]!;
      const dynamic = addGroup({ displayName: 'Leaver test dynamic', groupTypes: ['DynamicMembership'] }, [target.id]);
      const roleAssignable = addGroup({ displayName: 'Leaver test role admins', isAssignableToRole: true }, [target.id]);
      const distribution = addGroup({ displayName: 'Leaver test announcements', mailEnabled: true, securityEnabled: false, mail: 'announce@contoso.test' }, [target.id]);
      const project = addGroup({ displayName: 'Leaver test project' }, [target.id]);
      const removable = state().groups.filter((group) => group.members.includes(target.id) && ![dynamic.id, roleAssignable.id, distribution.id].includes(group.id));
      expect(removable.length).toBeGreaterThanOrEqual(2);

      const { card, activityId } = await say(`remove ${target.userPrincipalName} from all groups`);
      expect(schemaErrors(card)).toEqual([]);
      expect(titleOf(card)).toBe(`Remove ${target.displayName} (${target.userPrincipalName}) from ${removable.length} groups?`);
      for (const group of removable) expect(textOf(card)).toContain(group.displayName);
      expect(textOf(card)).toContain('Leaver test dynamic (dynamic: its members come from a rule)');
      expect(textOf(card)).toContain('Leaver test role admins (role-assignable');
      expect(textOf(card)).toContain('Leaver test announcements (mail-enabled');

      const confirm = actionNamed(card, 'Remove from groups');
      const invoke = world.as(OPERATOR).invoke(String(confirm['verb']), confirm['data'] as Record<string, unknown>, { replyToId: activityId });
      const results = [];
      for (let i = 0; i < 3; i += 1) results.push(invokeCard(await world.send(invoke)));
      expect(titleOf(results[0]!)).toBe('Done: Remove from all groups');
      expect(textOf(results[2]!)).toContain('already answered; nothing was run again');

      const stillIn = state().groups.filter((group) => group.members.includes(target.id)).map((group) => group.id).sort();
      expect(stillIn).toEqual([dynamic.id, roleAssignable.id, distribution.id].sort());
      expect(project.members).not.toContain(target.id);
      expect(await records('user.removeFromAllGroups', target.id)).toHaveLength(1);
    });

    it('when an operator removes all licences, then the card lists them with the seats freed, and confirming leaves none and frees the seats', async () => {
      const target = sales[7]!;
      const held = userState(target.id).assignedLicenses.map((licence) => licence.skuId);
      expect(held.length).toBeGreaterThan(0);
      const consumed = Object.fromEntries(held.map((skuId) => [skuId, state().subscribedSkus.find((sku) => sku.skuId === skuId)!.consumedUnits]));
      const { confirmation, result } = await confirmed(`remove all licences from ${target.userPrincipalName}`, 'Remove licences');
      expect(textOf(confirmation)).toContain('→ none');
      expect(textOf(confirmation)).toContain(`{"title":"Seats freed","value":"${held.length}"}`);
      if (held.includes(E5)) expect(textOf(confirmation)).toContain('Microsoft 365 E5');
      expect(titleOf(result)).toBe('Done: Remove all licences');
      expect(userState(target.id).assignedLicenses).toEqual([]);
      for (const skuId of held) expect(state().subscribedSkus.find((sku) => sku.skuId === skuId)!.consumedUnits).toBe(consumed[skuId]! - 1);
      expect(await records('user.removeAllLicenses', target.id)).toHaveLength(1);
    });

    it('when the operator targets a leaver outside their scope, then it is refused, audited, and their groups stay', async () => {
      const financeUser = plainUsers(world, 'Finance')[0]!;
      const before = state().groups.filter((group) => group.members.includes(financeUser.id)).length;
      const { card } = await say(`remove ${financeUser.userPrincipalName} from all groups`);
      expect(textOf(card)).toMatch(/scope/i);
      expect(state().groups.filter((group) => group.members.includes(financeUser.id))).toHaveLength(before);
      expect((await records('user.removeFromAllGroups', financeUser.id, 'denied')).length).toBeGreaterThanOrEqual(1);
    });
  });

  describe('automatic replies', () => {
    it('when an operator sets automatic replies, then the card shows off → on with the message, and the mailbox replies to everyone with it', async () => {
      const target = sales[9]!;
      const { confirmation, result } = await confirmed(`set automatic replies for ${target.userPrincipalName} to I have left Contoso & Co. Please email sales@contoso.test`, 'Turn on replies');
      expect(textOf(confirmation)).toContain('Off → On, inside and outside your organisation');
      expect(textOf(confirmation)).toContain('I have left Contoso & Co. Please email sales@contoso.test');
      expect(titleOf(result)).toBe('Done: Set automatic replies');
      expect(userState(target.id).automaticRepliesSetting).toEqual({
        status: 'alwaysEnabled',
        externalAudience: 'all',
        // Plain text as HTML: Graph takes HTML, so "&" goes as "&amp;".
        internalReplyMessage: 'I have left Contoso &amp; Co. Please email sales@contoso.test',
        externalReplyMessage: 'I have left Contoso &amp; Co. Please email sales@contoso.test',
      });

      const off = await confirmed(`turn off automatic replies for ${target.userPrincipalName}`, 'Turn off replies');
      expect(textOf(off.confirmation)).toContain(JSON.stringify('On: "I have left Contoso & Co. Please email sales@contoso.test" → Off').slice(1, -1));
      expect(userState(target.id).automaticRepliesSetting).toMatchObject({ status: 'disabled', internalReplyMessage: expect.stringContaining('I have left Contoso') });
      expect(await records('user.setAutomaticReplies', target.id)).toHaveLength(1);
      expect(await records('user.turnOffAutomaticReplies', target.id)).toHaveLength(1);
    });

    it('when the user has no mailbox, then it is refused before anything is prepared', async () => {
      const target = sales[8]!;
      userState(target.id).mail = null;
      const { card } = await say(`set automatic replies for ${target.userPrincipalName} to Away`);
      expect(textOf(card)).toContain('has no mailbox');
      expect(userState(target.id).automaticRepliesSetting).toBeUndefined();
    });
  });
});

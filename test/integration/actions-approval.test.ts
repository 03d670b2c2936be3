/**
 * An operator's action that needs a tenant admin's approval, over HTTP to the real bot against the
 * sandbox tenant: reset password (approval by default) and a bulk above the tenant's bulk
 * approval size. The confirmation asks for approval instead of running; the approvers get the
 * request (no ids on it); running before the approval, after a rejection, or with a forged
 * "confirm" is refused and changes nothing; once approved, the operator's card becomes "Run now"
 * and only then does the change happen, audited with who approved it. Tenant admins need none,
 * and a tenant admin can switch an action's approval off.
 */
import { GLOBAL_ADMIN, HELP_DESK_USERS, SECOND_GLOBAL_ADMIN } from '../../sandbox/directory/seed/contoso-ids';
import { verifySecret } from '../../sandbox/directory/model';
import { Verbs } from '../../cards';
import { ACTION_RUN_APPROVAL, BULK_RUN_APPROVAL } from '../../services/actions/action-approvals';
import { startAppWithSandbox, type AppWithSandbox, type SandboxPerson, type UserChannel } from '../support/app-harness';
import type { ConnectorCall } from '../support/fake-connector';
import { schemaErrors } from '../support/adaptive-card-validation';
import { actionNamed, actorOf, auditTrail, cardOf, createServiceAccount, elementsOf, invokeCard, plainUsers, setMode, textOf, titleOf, type Card } from '../support/session-bot-world';
import { eventually as eventuallyWithin } from '../support/eventually';

const eventually = <T>(check: () => T | Promise<T>, timeoutInMs = 8_000): Promise<T> => eventuallyWithin(check, timeoutInMs);

const OPERATOR = HELP_DESK_USERS[0]!;

class Person {
  constructor(
    private readonly world: AppWithSandbox,
    readonly channel: UserChannel,
  ) {}

  async say(text: string): Promise<{ card: Card; activityId: string }> {
    const [reply] = await this.world.exchange(this.channel.message(text));
    const index = this.world.bot.connector.calls.indexOf(reply as ConnectorCall);
    return { card: cardOf(reply), activityId: `sent-${index + 1}` };
  }

  async click(action: Record<string, unknown>, activityId: string): Promise<Card> {
    return invokeCard(await this.world.send(this.channel.invoke(String(action['verb']), action['data'] as Record<string, unknown>, { replyToId: activityId })));
  }
}

function secretOn(card: Card): string | undefined {
  const run = elementsOf(card).find((element) => element['type'] === 'TextRun');
  return typeof run?.['text'] === 'string' ? run['text'] : undefined;
}

/** A button anywhere on the card (top-level actions or an ActionSet in the body). */
function buttonNamed(card: Card, title: string): Record<string, unknown> {
  const found: Array<Record<string, unknown>> = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (node && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      if (record['type'] === 'Action.Execute' && record['title'] === title) found.push(record);
      Object.values(record).forEach(visit);
    }
  };
  visit(card);
  if (!found[0]) throw new Error(`No "${title}" button`);
  return found[0];
}

function buttonTitles(card: Card): string[] {
  return ((card['actions'] as Array<Record<string, unknown>> | undefined) ?? []).map((action) => String(action['title']));
}

/** The cards the bot sent or updated proactively since `from` (connector calls), newest last. */
function cardsSince(world: AppWithSandbox, from: number): Card[] {
  return world.bot.connector.calls.slice(from).flatMap((call) => {
    try {
      return [cardOf(call)];
    } catch {
      return [];
    }
  });
}


describe("an operator's action that needs a tenant admin's approval, against the sandbox tenant", () => {
  let world: AppWithSandbox;
  let operator: Person;
  let approver: Person;
  let admin: Person;
  let salesUsers: SandboxPerson[];

  beforeAll(async () => {
    world = await startAppWithSandbox({
      overrides: {
        serviceOptions: {
          serviceAccount: { signInVerifyAttempts: 2, signInVerifyDelayInMs: 50 },
          sessions: { pollIntervalInMs: 20 },
          background: { rotationScheduler: false },
        },
      },
    });
    setMode(world, 'advanced', false);
    await createServiceAccount(world, GLOBAL_ADMIN);
    await world.app.services.accessGrants.grantOperator(actorOf(world, GLOBAL_ADMIN), {
      operator: OPERATOR.userPrincipalName,
      scope: [{ kind: 'department', value: 'Sales' }],
      actions: ['user.resetPassword', 'user.blockSignIn'],
    });
    operator = new Person(world, world.as(OPERATOR));
    approver = new Person(world, world.as(SECOND_GLOBAL_ADMIN));
    admin = new Person(world, world.as(GLOBAL_ADMIN));
    // Both admins have talked to the bot, so the approval cards reach them.
    await approver.say('help');
    await admin.say('help');
    expect(textOf((await operator.say('turn on management')).card)).toContain('Management ON');
    salesUsers = plainUsers(world, 'Sales');
  }, 60_000);

  afterAll(async () => {
    await world?.close();
  });

  const passwordHashOf = (id: string) => world.sandbox.sandbox.state().directory.users.find((u) => u.id === id)!.passwordHash;

  it('when an operator resets a password, then it waits for approval, runs only after a second admin approves, and the audit names the approver', async () => {
    const target = salesUsers[0]!;
    const before = passwordHashOf(target.id);
    const confirmation = await operator.say(`reset password for ${target.userPrincipalName}`);
    expect(buttonTitles(confirmation.card)).toEqual(['Ask for approval', 'Cancel']);
    expect(textOf(confirmation.card)).toContain('Nothing changes until a tenant admin approves');
    expect(schemaErrors(confirmation.card)).toEqual([]);

    // A forged "confirm" on the same card is refused: the service decides, not the card.
    const ask = actionNamed(confirmation.card, 'Ask for approval');
    const forged = await operator.click({ ...ask, data: { ...(ask['data'] as object), decision: 'confirm' } }, confirmation.activityId);
    expect(titleOf(forged)).toBe("Needs a tenant admin's approval");
    expect(passwordHashOf(target.id)).toBe(before);

    const sentFrom = world.bot.connector.calls.length;
    const asked = await operator.click(ask, confirmation.activityId);
    expect(titleOf(asked)).toBe(`Approval requested: Reset the password of ${target.displayName} (${target.userPrincipalName})`);
    expect(textOf(asked)).toContain('Sent to');
    // Asked three times (a redelivered invoke): one request.
    await operator.click(ask, confirmation.activityId);
    await operator.click(ask, confirmation.activityId);
    const requests = await world.app.services.approvals.listPending(world.tenantId, { kind: ACTION_RUN_APPROVAL });
    expect(requests).toHaveLength(1);
    const request = requests[0]!;

    // The approvers' card says what and on whom, in words, with no ids.
    const approverCard = cardsSince(world, sentFrom).find((card) => textOf(card).includes('Run a management action'));
    expect(approverCard).toBeDefined();
    expect(textOf(approverCard!)).toContain(target.userPrincipalName);
    expect(textOf(approverCard!)).not.toMatch(/Pending action id|pendingActionId/);

    // Waiting: running now is refused and changes nothing.
    const early = await operator.click({ verb: ask['verb'], data: { pendingActionId: (ask['data'] as Record<string, unknown>)['pendingActionId'], decision: 'confirm' } }, confirmation.activityId);
    expect(titleOf(early)).toBe('Waiting for approval');
    expect(passwordHashOf(target.id)).toBe(before);

    // The operator may not approve their own request; the second admin does.
    const self = await world.app.services.approvals.decide(request.id, actorOf(world, OPERATOR), 'approve').catch((error: unknown) => error);
    expect(self).toBeInstanceOf(Error);
    const updatesFrom = world.bot.connector.calls.length;
    await approver.click({ verb: Verbs.approvalApprove, data: { requestId: request.id } }, 'approver-card');
    await world.app.access.upkeep.idle();

    // The operator's request card and a notice now offer "Run now".
    const runCard = await eventually(() => {
      const card = cardsSince(world, updatesFrom).find((candidate) => buttonTitles(candidate).includes('Run now'));
      if (!card) throw new Error('no Run now card yet');
      return card;
    });
    expect(textOf(runCard)).toContain(SECOND_GLOBAL_ADMIN.displayName);
    expect(schemaErrors(runCard)).toEqual([]);
    const done = await operator.click(actionNamed(runCard, 'Run now'), confirmation.activityId);
    expect(titleOf(done)).toBe('Done: Reset password');
    const password = secretOn(done)!;
    expect(verifySecret(passwordHashOf(target.id), password)).toBe(true);

    const record = (await auditTrail(world)).find((r) => r.action === 'user.resetPassword' && r.target?.id === target.id && r.result.outcome === 'ok');
    expect(record?.details).toMatchObject({ approvalRequestId: request.id, approvedBy: SECOND_GLOBAL_ADMIN.displayName });
    expect(JSON.stringify(record)).not.toContain(password);
  });

  it('when the approval is rejected, then running is refused and nothing changes', async () => {
    const target = salesUsers[1]!;
    const before = passwordHashOf(target.id);
    const confirmation = await operator.say(`reset password for ${target.userPrincipalName}`);
    const ask = actionNamed(confirmation.card, 'Ask for approval');
    await operator.click(ask, confirmation.activityId);
    const [request] = (await world.app.services.approvals.listPending(world.tenantId, { kind: ACTION_RUN_APPROVAL })).filter((r) => String(r.payload['user']).includes(target.userPrincipalName));
    await approver.click({ verb: Verbs.approvalReject, data: { requestId: request!.id } }, 'approver-card');
    // The request card itself now says "Rejected"; a copy of the old card (another message) is refused by the service.
    const run = await operator.click({ ...ask, data: { ...(ask['data'] as object), decision: 'confirm' } }, 'old-copy');
    expect(titleOf(run)).toBe('Not approved');
    const again = await operator.click(ask, 'old-copy');
    expect(titleOf(again)).toBe('Not approved');
    expect(passwordHashOf(target.id)).toBe(before);
  });

  it('when a tenant admin resets a password, then no approval is asked', async () => {
    const target = salesUsers[2]!;
    const confirmation = await admin.say(`reset password for ${target.userPrincipalName}`);
    expect(buttonTitles(confirmation.card)).toEqual(['Reset password', 'Cancel']);
  });

  it("when a tenant admin switches the action's approval off, then the operator's next confirmation runs at once", async () => {
    const off = await admin.say('action approvals');
    const toggle = buttonNamed(off.card, 'Approval: Reset password');
    const answer = await admin.click(toggle, off.activityId);
    expect(textOf(answer)).toContain('Reset password no longer needs approval');
    const target = salesUsers[2]!;
    const confirmation = await operator.say(`reset password for ${target.userPrincipalName}`);
    expect(buttonTitles(confirmation.card)).toEqual(['Reset password', 'Cancel']);
    // The operator cannot change it back: the door check refuses the verb.
    const refused = await operator.click(buttonNamed(answer, 'Approval: Reset password'), 'operator-copy');
    expect(textOf(refused)).not.toContain('needs approval again');
    expect((await auditTrail(world)).filter((r) => r.action === 'actions.approval.set').map((r) => r.actor.userId)).toEqual([GLOBAL_ADMIN.id]);
    expect(world.app.services.actionApprovalRules.requiresApproval(world.tenantId, 'user.resetPassword')).toBe(false);
    world.app.services.actionApprovalRules.setRequired(world.tenantId, 'user.resetPassword', true, GLOBAL_ADMIN.id);
  });

  it("when an operator's bulk is above the tenant's approval size, then it starts only once a tenant admin approved it", async () => {
    world.app.services.actionApprovalRules.setBulkThreshold(world.tenantId, 2, GLOBAL_ADMIN.id);
    const targets = salesUsers.slice(3, 6);
    const confirmation = await operator.say(`block sign-in for users ${targets.map((t) => t.userPrincipalName).join(', ')}`);
    expect(buttonTitles(confirmation.card)).toEqual(['Ask for approval', 'Cancel']);
    expect(textOf(confirmation.card)).toContain('more than 2 users');
    const ask = actionNamed(confirmation.card, 'Ask for approval');
    const forged = await operator.click({ ...ask, data: { ...(ask['data'] as object), decision: 'confirm' } }, confirmation.activityId);
    expect(titleOf(forged)).toBe("Needs a tenant admin's approval");
    await operator.click(ask, confirmation.activityId);
    const [request] = await world.app.services.approvals.listPending(world.tenantId, { kind: BULK_RUN_APPROVAL });
    expect(request).toBeDefined();
    const updatesFrom = world.bot.connector.calls.length;
    await approver.click({ verb: Verbs.approvalApprove, data: { requestId: request!.id } }, 'approver-card');
    await world.app.access.upkeep.idle();
    const startCard = await eventually(() => {
      const card = cardsSince(world, updatesFrom).find((candidate) => buttonTitles(candidate).includes('Start now'));
      if (!card) throw new Error('no Start now card yet');
      return card;
    });
    await operator.click(actionNamed(startCard, 'Start now'), confirmation.activityId);
    await eventually(() => {
      for (const t of targets) expect(world.sandbox.sandbox.state().directory.users.find((u) => u.id === t.id)!.accountEnabled).toBe(false);
    });
    const started = (await auditTrail(world)).find((r) => r.action === 'bulk.start' && r.details?.['approvalRequestId'] === request!.id);
    expect(started?.details).toMatchObject({ approvedBy: SECOND_GLOBAL_ADMIN.displayName });
  });
});

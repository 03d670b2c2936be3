/**
 * `reset password for <user>` over HTTP to the real bot against the sandbox tenant: a temporary
 * password set as the service account with forceChangePasswordNextSignIn, shown once on the card
 * that replaces the confirmation in the operator's personal chat, hidden in place by "I've copied
 * it" or by the bot after the set time (also across a restart), never shown again by a
 * redelivered confirmation, and found nowhere else: logs, SQLite, the audit, other connector calls.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { GLOBAL_ADMIN, HELP_DESK_USERS } from '../../sandbox/directory/seed/contoso-ids';
import { verifySecret } from '../../sandbox/directory/model';
import { startAppWithSandbox, type AppWithSandbox, type SandboxPerson, type StartAppWithSandboxOptions, type UserChannel } from '../support/app-harness';
import { waiveApprovals } from '../support/action-approval-choices';
import type { ConnectorCall } from '../support/fake-connector';
import type { HttpResult } from '../support/http-client';
import { actionNamed, actorOf, auditTrail, cardOf, createServiceAccount, elementsOf, invokeCard, plainUsers, setMode, textOf, titleOf, type Card } from '../support/session-bot-world';

const OPERATOR = HELP_DESK_USERS[0]!;
const REDACT_AFTER_IN_MS = 1_500;

function appOptions(extra: Partial<StartAppWithSandboxOptions> = {}): StartAppWithSandboxOptions {
  return {
    ...extra,
    overrides: {
      serviceOptions: {
        serviceAccount: { signInVerifyAttempts: 2, signInVerifyDelayInMs: 50 },
        sessions: { pollIntervalInMs: 20 },
        background: { rotationScheduler: false },
        shownOnce: { redactAfterInMs: REDACT_AFTER_IN_MS, checkIntervalInMs: 100, retryAfterInMs: 100 },
      },
    },
  };
}

/** The secret a shown-once card shows (its TextRun), or undefined once hidden. */
function secretOn(card: Card): string | undefined {
  const run = elementsOf(card).find((element) => element['type'] === 'TextRun');
  return typeof run?.['text'] === 'string' ? run['text'] : undefined;
}

async function eventually(check: () => void | Promise<void>, timeoutInMs = 8_000): Promise<void> {
  const deadline = Date.now() + timeoutInMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

class Operator {
  readonly answers: HttpResult[] = [];
  constructor(
    private readonly world: AppWithSandbox,
    readonly channel: UserChannel,
  ) {}

  /** Sends a command; returns the card and the id of the message that carries it. */
  async say(text: string, overrides: Record<string, unknown> = {}): Promise<{ card: Card; activityId: string }> {
    const [reply] = await this.world.exchange(this.channel.message(text, overrides));
    const index = this.world.bot.connector.calls.indexOf(reply as ConnectorCall);
    return { card: cardOf(reply), activityId: `sent-${index + 1}` };
  }

  /** Clicks a button on the message `activityId` (Teams sends the card's message id as replyToId). */
  async click(action: Record<string, unknown>, activityId: string, overrides: Record<string, unknown> = {}): Promise<Card> {
    const result = await this.world.send(this.channel.invoke(String(action['verb']), action['data'] as Record<string, unknown>, { replyToId: activityId, ...overrides }));
    this.answers.push(result);
    return invokeCard(result);
  }
}

async function arrange(world: AppWithSandbox): Promise<Operator> {
  setMode(world, 'advanced', false);
  await createServiceAccount(world, GLOBAL_ADMIN);
  await world.app.services.accessGrants.grantOperator(actorOf(world, GLOBAL_ADMIN), {
    operator: OPERATOR.userPrincipalName,
    scope: [{ kind: 'department', value: 'Sales' }],
    actions: ['user.resetPassword'],
  });
    // This tenant's admins chose no approval for these (the approval path: actions-approval.test.ts).
    waiveApprovals(world, ['user.resetPassword']);
  const operator = new Operator(world, world.as(OPERATOR));
  expect(textOf((await operator.say('turn on management')).card)).toContain('Management ON');
  return operator;
}

function sandboxUserOf(world: AppWithSandbox, id: string) {
  const user = world.sandbox.sandbox.state().directory.users.find((candidate) => candidate.id === id);
  if (!user) throw new Error(`no sandbox user ${id}`);
  return user;
}

describe('reset password, against the sandbox tenant', () => {
  let world: AppWithSandbox;
  let operator: Operator;
  let salesUsers: SandboxPerson[];
  const serviceAccountUpn = () => world.app.services.serviceAccountRepo.get(world.tenantId)!.userPrincipalName;

  beforeAll(async () => {
    world = await startAppWithSandbox(appOptions());
    operator = await arrange(world);
    salesUsers = plainUsers(world, 'Sales');
  }, 60_000);

  afterAll(async () => {
    await world?.close();
  });

  async function resetPassword(target: SandboxPerson): Promise<{ card: Card; activityId: string; confirm: Record<string, unknown> }> {
    const confirmation = await operator.say(`reset password for ${target.userPrincipalName}`);
    expect(titleOf(confirmation.card)).toBe(`Reset the password of ${target.displayName} (${target.userPrincipalName})?`);
    const confirm = actionNamed(confirmation.card, 'Reset password');
    return { card: await operator.click(confirm, confirmation.activityId), activityId: confirmation.activityId, confirm };
  }

  it('when an operator resets an in-scope password, then the sandbox holds the shown temporary password with a forced change, and the audit says it was shown once', async () => {
    const target = salesUsers[0]!;
    const { card } = await resetPassword(target);
    expect(titleOf(card)).toBe('Done: Reset password');
    expect(textOf(card)).toContain(serviceAccountUpn());
    const password = secretOn(card)!;
    expect(password).toMatch(/^.{16}$/);
    for (const kind of [/[A-Z]/, /[a-z]/, /[0-9]/, /[^A-Za-z0-9]/]) expect(password).toMatch(kind);
    const user = sandboxUserOf(world, target.id);
    expect(verifySecret(user.passwordHash, password)).toBe(true);
    expect(user.forceChangePasswordNextSignIn).toBe(true);
    expect(actionNamed(card, "I've copied it")).toMatchObject({ verb: 'shownOnce.redact' });

    const records = (await auditTrail(world)).filter((r) => r.action === 'user.resetPassword' && r.target?.id === target.id);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ actor: { userId: OPERATOR.id }, principal: { upn: serviceAccountUpn() }, result: { outcome: 'ok' } });
    expect(records[0]!.details).toMatchObject({ shownOnce: 'temporary password shown once' });
  });

  it("when the operator selects I've copied it, then the card is answered with the password hidden", async () => {
    const { card } = await resetPassword(salesUsers[1]!);
    const hidden = await operator.click(actionNamed(card, "I've copied it"), 'sent-x');
    expect(secretOn(hidden)).toBeUndefined();
    expect(textOf(hidden)).toContain('Temporary password: hidden');
    expect(textOf(hidden)).toContain('You said you copied it');
    expect(hidden.actions ?? []).toEqual([]);
  });

  it('when the set time passes, then the bot hides the password in place on the same message', async () => {
    const { card, activityId } = await resetPassword(salesUsers[2]!);
    expect(secretOn(card)).toBeDefined();
    await eventually(() => expect(world.bot.connector.calls.filter((call) => call.kind === 'update' && call.activityId === activityId)).toHaveLength(1));
    const update = world.bot.connector.calls.find((call) => call.kind === 'update' && call.activityId === activityId)!;
    expect(update.conversationId).toBe(operator.channel.conversationId);
    const redacted = cardOf(update);
    expect(secretOn(redacted)).toBeUndefined();
    expect(textOf(redacted)).toContain('hidden automatically');
  });

  it('when the same confirmation is delivered 3 times, then the password changes once and is never shown again', async () => {
    const target = salesUsers[3]!;
    const confirmation = await operator.say(`reset password for ${target.userPrincipalName}`);
    const confirm = actionNamed(confirmation.card, 'Reset password');
    const invoke = world.as(OPERATOR).invoke(String(confirm['verb']), confirm['data'] as Record<string, unknown>, { replyToId: confirmation.activityId });
    const first = invokeCard(await world.send(invoke));
    const password = secretOn(first)!;
    const hashAfterFirst = sandboxUserOf(world, target.id).passwordHash;
    const again = [invokeCard(await world.send(invoke)), invokeCard(await world.send(invoke))];

    expect(sandboxUserOf(world, target.id).passwordHash).toBe(hashAfterFirst);
    expect(verifySecret(hashAfterFirst, password)).toBe(true);
    for (const card of again) {
      expect(secretOn(card)).toBeUndefined();
      expect(textOf(card)).not.toContain(password);
      expect(textOf(card)).toContain('already answered; nothing was run again');
      expect(textOf(card)).toContain('If it was lost, reset the password again');
    }
    expect((await auditTrail(world)).filter((r) => r.action === 'user.resetPassword' && r.target?.id === target.id && r.result.outcome === 'ok')).toHaveLength(1);
  });

  it('when the operator targets a user outside the scope, then it is refused, nothing changes and the denial is audited', async () => {
    const financeUser = plainUsers(world, 'Finance')[0]!;
    const before = sandboxUserOf(world, financeUser.id).passwordHash;
    const { card } = await operator.say(`reset password for ${financeUser.userPrincipalName}`);
    expect(textOf(card)).toMatch(/scope/i);
    expect(sandboxUserOf(world, financeUser.id).passwordHash).toBe(before);
    const denials = (await auditTrail(world)).filter((r) => r.action === 'user.resetPassword' && r.target?.id === financeUser.id && r.result.outcome === 'denied');
    expect(denials.length).toBeGreaterThanOrEqual(1);
  });

  it('when asked in a group chat, then it is refused before anything is prepared: the password would be seen by others', async () => {
    const target = salesUsers[4]!;
    const before = sandboxUserOf(world, target.id).passwordHash;
    const { card } = await operator.say(`reset password for ${target.userPrincipalName}`, {
      conversation: { id: '19:team-chat@thread.v2', conversationType: 'groupChat', tenantId: world.tenantId },
    });
    expect(titleOf(card)).toBe('Run this in your personal chat with me');
    expect(sandboxUserOf(world, target.id).passwordHash).toBe(before);
  });

  it('when 50 passwords are reset, then none appears in a log line, a table row, an audit record, a connector call or another invoke answer', async () => {
    const passwords: string[] = [];
    const cardAnswers = new Set<HttpResult>();
    const targets = salesUsers.slice(0, 5);
    for (let i = 0; i < 50; i += 1) {
      const { card } = await resetPassword(targets[i % targets.length]!);
      cardAnswers.add(operator.answers.at(-1)!);
      passwords.push(secretOn(card)!);
    }
    expect(new Set(passwords).size).toBe(50);
    // Every card gets hidden by the timer meanwhile: its in-place update must not carry the password either.
    await new Promise((resolve) => setTimeout(resolve, REDACT_AFTER_IN_MS + 500));

    const haystacks: Array<[string, string]> = [['logs', world.log.text]];
    const db = world.app.db;
    for (const { name } of db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as Array<{ name: string }>) {
      haystacks.push([`table ${name}`, JSON.stringify(db.prepare(`SELECT * FROM "${name}"`).all())]);
    }
    haystacks.push(['audit', JSON.stringify(await auditTrail(world))]);
    haystacks.push(['connector calls', JSON.stringify(world.bot.connector.calls)]);
    haystacks.push(['other invoke answers', JSON.stringify(operator.answers.filter((answer) => !cardAnswers.has(answer)).map((answer) => answer.body))]);
    const leaks = passwords.flatMap((password) => haystacks.filter(([, text]) => text.includes(password) || text.includes(JSON.stringify(password).slice(1, -1))).map(([where]) => where));
    expect(leaks).toEqual([]);
    // The scan would see them: each password is on its own card answer.
    expect(passwords.every((password) => [...cardAnswers].some((answer) => JSON.stringify(answer.body).includes(password)))).toBe(true);
  }, 120_000);
});

describe('reset password across a restart', () => {
  let directory: string;

  beforeAll(() => {
    directory = mkdtempSync(path.join(tmpdir(), 'reset-password-restart-'));
  });

  afterAll(() => {
    rmSync(directory, { recursive: true, force: true });
  });

  it('when the bot restarts before the password card is due, then the restarted bot hides it in place when due', async () => {
    const databasePath = path.join(directory, 'bot.db');
    const first = await startAppWithSandbox(appOptions({ databasePath }));
    let activityId: string;
    let conversationId: string;
    try {
      const operator = await arrange(first);
      const target = plainUsers(first, 'Sales')[0]!;
      const confirmation = await operator.say(`reset password for ${target.userPrincipalName}`);
      activityId = confirmation.activityId;
      conversationId = operator.channel.conversationId;
      const card = await operator.click(actionNamed(confirmation.card, 'Reset password'), activityId);
      expect(secretOn(card)).toBeDefined();
      const [stored] = first.app.db.prepare(`SELECT * FROM shown_once_cards`).all() as Array<Record<string, unknown>>;
      expect(stored).toMatchObject({ activity_id: activityId, conversation_id: conversationId, state: 'shown' });
    } finally {
      await first.bot.close();
    }

    const second = await startAppWithSandbox(appOptions({ databasePath, sandbox: first.sandbox }));
    try {
      // The conversation's reference points at the first connector; the operator's next message refreshes it.
      await second.exchange(second.as(OPERATOR).message('status'));
      await eventually(() => expect(second.bot.connector.calls.filter((call) => call.kind === 'update' && call.activityId === activityId)).toHaveLength(1));
      const update = second.bot.connector.calls.find((call) => call.kind === 'update' && call.activityId === activityId)!;
      expect(update.conversationId).toBe(conversationId);
      expect(secretOn(cardOf(update))).toBeUndefined();
      await eventually(() => expect((second.app.db.prepare(`SELECT state FROM shown_once_cards`).get() as { state: string }).state).toBe('redacted'));
    } finally {
      await second.close();
      await first.sandbox.stop();
    }
  }, 60_000);
});

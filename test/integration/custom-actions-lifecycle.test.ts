/**
 * Issue 14, custom actions' lifecycle in chat, over HTTP to the real bot with the sandbox tenant:
 * a tenant admin pastes a YAML definition and saves it as a draft; a definition whose request is
 * outside the allow-list, or that has no target, is refused on save with its problems in words and
 * nothing is stored; the author submits it and cannot approve it themselves (refused and audited);
 * a second tenant admin approves it; the author publishes, disables and enables it; an edit from a
 * stale card is refused; an operator can neither define nor approve (refused at the door); the
 * history names who did what and when.
 */
import { GLOBAL_ADMIN, HELP_DESK_USERS, SECOND_GLOBAL_ADMIN } from '../../sandbox/directory/seed/contoso-ids';
import { Verbs } from '../../cards';
import { startAppWithSandbox, type AppWithSandbox, type UserChannel } from '../support/app-harness';
import type { ConnectorCall } from '../support/fake-connector';
import { libraryErrors, schemaErrors } from '../support/adaptive-card-validation';
import { lintCardText } from '../support/card-text-lint';
import { actorOf, auditTrail, cardOf, elementsOf, invokeCard, textOf, titleOf, type Card } from '../support/session-bot-world';

const OPERATOR = HELP_DESK_USERS[0]!;
const NAME = 'set-cost-center';

const COST_CENTER_YAML = `name: ${NAME}
title: Set cost center
description: Sets the cost center HR gave us.
target: user
method: PATCH
path: /users/{id}
body:
  employeeOrgData:
    costCenter: "{{costCenter}}"
parameters:
  - name: costCenter
    type: string
    description: The cost center code, for example CC-1042
whoMayRun:
  roles: [tenantAdmin, operator]
risk: low
`;

/** A password change is never an allowed request: custom actions do not touch sign-in. */
const OUTSIDE_ALLOW_LIST_YAML = COST_CENTER_YAML.replace('path: /users/{id}', 'path: /users/{id}/authentication/passwordMethods');
const NO_TARGET_YAML = COST_CENTER_YAML.replace('target: user\n', '');

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

  /** Clicks a button, with the card's inputs (as Teams merges them into the data). */
  async click(button: Record<string, unknown>, inputs: Record<string, unknown> = {}): Promise<Card> {
    const data = { ...(button['data'] as Record<string, unknown>), ...inputs };
    return invokeCard(await this.world.send(this.channel.invoke(String(button['verb']), data, { replyToId: 'sent-card' })));
  }
}

/** Every button on a card (top-level actions and ActionSets in the body). */
function buttonsOf(card: Card): Array<Record<string, unknown>> {
  const found: Array<Record<string, unknown>> = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (node && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      if (typeof record['type'] === 'string' && record['type'].startsWith('Action.')) found.push(record);
      Object.entries(record).forEach(([key, value]) => key !== 'data' && visit(value));
    }
  };
  visit(card);
  return found;
}

function buttonNamed(card: Card, title: string): Record<string, unknown> {
  const button = buttonsOf(card).find((candidate) => candidate['title'] === title);
  if (!button) throw new Error(`No "${title}" button; buttons: ${buttonsOf(card).map((b) => String(b['title'])).join(', ')}`);
  return button;
}

function buttonTitles(card: Card): string[] {
  return buttonsOf(card).map((button) => String(button['title']));
}

/** Every visible text of the card, joined: what a person reads. */
function wordsOf(card: Card): string {
  return elementsOf(card)
    .flatMap((element) => [element['text'], ...(Array.isArray(element['facts']) ? (element['facts'] as Array<{ title: string; value: string }>).flatMap((f) => [f.title, f.value]) : [])])
    .filter((text): text is string => typeof text === 'string')
    .join('\n')
    .replace(/\\([\\`*_[\]<>~])/g, '$1');
}

function inputValue(card: Card, id: string): unknown {
  return elementsOf(card).find((element) => element['id'] === id)?.['value'];
}

function expectValid(card: Card): void {
  expect(schemaErrors(card)).toEqual([]);
  expect(libraryErrors(card)).toEqual([]);
  expect(lintCardText(card)).toEqual([]);
}

describe('custom actions: define, four-eyes approval, publish, disable and enable, from chat against the sandbox tenant', () => {
  let world: AppWithSandbox;
  let adminA: Person;
  let adminB: Person;
  let operator: Person;

  const stored = () => world.app.services.customActions.list(world.tenantId);
  const customActionAudit = async () => (await auditTrail(world)).filter((record) => record.action.startsWith('customAction.'));

  beforeAll(async () => {
    world = await startAppWithSandbox();
    await world.app.services.accessGrants.grantOperator(actorOf(world, GLOBAL_ADMIN), {
      operator: OPERATOR.userPrincipalName,
      scope: [{ kind: 'department', value: 'Sales' }],
      actions: ['user.blockSignIn', 'user.updateProfile'],
    });
    adminA = new Person(world, world.as(GLOBAL_ADMIN));
    adminB = new Person(world, world.as(SECOND_GLOBAL_ADMIN));
    operator = new Person(world, world.as(OPERATOR));
  }, 60_000);

  afterAll(async () => {
    await world?.close();
  });

  let form: Card;

  it('when a tenant admin types "custom actions" with none defined, then the card says so and offers "New custom action", which opens the form', async () => {
    const { card } = await adminA.say('custom actions');
    expect(titleOf(card)).toBe('Custom actions');
    expect(wordsOf(card)).toContain('Your organization has no custom actions yet.');
    expectValid(card);

    form = await adminA.click(buttonNamed(card, 'New custom action'));
    expect(titleOf(form)).toBe('New custom action');
    expect(buttonTitles(form)).toEqual(['Check', 'Save as draft', 'Back to custom actions']);
    expectValid(form);
    // Typing it gives the same form.
    expect((await adminA.say('new custom action')).card).toEqual(form);
  });

  it('when the definition asks for a request outside the allow-list, then Check and Save list the problem with its line, keep the pasted text, and nothing is stored', async () => {
    const checked = await adminA.click(buttonNamed(form, 'Check'), { definition: OUTSIDE_ALLOW_LIST_YAML });
    expect(wordsOf(checked)).toMatch(/Not ready yet: 1 problem\./);
    expect(wordsOf(checked)).toMatch(/Line 6 \(path\): .*authentication\/passwordMethods/);

    const refused = await adminA.click(buttonNamed(form, 'Save as draft'), { definition: OUTSIDE_ALLOW_LIST_YAML });
    expect(titleOf(refused)).toBe('New custom action');
    expect(wordsOf(refused)).toContain('Not saved: 1 problem.');
    expect(wordsOf(refused)).toMatch(/Line 6 \(path\): /);
    expect(inputValue(refused, 'definition')).toBe(OUTSIDE_ALLOW_LIST_YAML);
    expectValid(refused);
    await expect(stored()).resolves.toEqual([]);
  });

  it('when the definition has no target, then Save says a custom action always has one, and nothing is stored; both refusals are audited', async () => {
    const refused = await adminA.click(buttonNamed(form, 'Save as draft'), { definition: NO_TARGET_YAML });
    expect(wordsOf(refused)).toContain('Not saved: 1 problem.');
    expect(wordsOf(refused)).toContain('there is no target-free custom action. Add target: user or target: group.');
    expect(inputValue(refused, 'definition')).toBe(NO_TARGET_YAML);
    await expect(stored()).resolves.toEqual([]);
    expect((await customActionAudit()).map((record) => [record.action, record.actor.userId, record.result.outcome, record.result.code])).toEqual([
      ['customAction.create', GLOBAL_ADMIN.id, 'failed', 'CUSTOM_ACTION.INVALID_DEFINITION'],
      ['customAction.create', GLOBAL_ADMIN.id, 'failed', 'CUSTOM_ACTION.INVALID_DEFINITION'],
    ]);
  });

  let list: Card;

  it('when a valid YAML definition is checked, then the card says it looks good and shows the exact request for a sample user; saved, it is a draft with Submit', async () => {
    const checked = await adminA.click(buttonNamed(form, 'Check'), { definition: COST_CENTER_YAML });
    expect(wordsOf(checked)).toContain('Looks good. For the sample user Alex Wilber (admin@contoso.test), with costCenter "example", it makes this request:');
    expect(wordsOf(checked)).toContain('PATCH https://graph.microsoft.com/v1.0/users/admin%40contoso.test');
    expect(wordsOf(checked)).toContain('"costCenter": "example"');
    expectValid(checked);
    await expect(stored()).resolves.toEqual([]);

    list = await adminA.click(buttonNamed(checked, 'Save as draft'), { definition: COST_CENTER_YAML });
    expect(titleOf(list)).toBe('Custom actions');
    expect(wordsOf(list)).toContain('Saved "Set cost center" as a draft (version 1).');
    expect(wordsOf(list)).toMatch(/Set cost center\nset-cost-center\nDraft\nLast changed by Alex Wilber \(admin@contoso\.test\) on \{\{DATE\(/);
    expect(buttonTitles(list)).toEqual(['Submit for approval', 'Edit', 'Preview', 'History', 'New custom action', 'Refresh']);
    expectValid(list);
    const [summary] = await stored();
    expect(summary?.open).toMatchObject({ state: 'draft', version: 1, createdBy: expect.objectContaining({ userId: GLOBAL_ADMIN.id }) });
  });

  it('when the author submits it, then it waits for a second admin; the author is offered Withdraw, not Approve, and a forged Approve is refused and audited', async () => {
    list = await adminA.click(buttonNamed(list, 'Submit for approval'));
    expect(wordsOf(list)).toContain("Waiting for a second admin's approval");
    expect(buttonTitles(list)).toEqual(['Withdraw', 'Edit', 'Preview', 'History', 'New custom action', 'Refresh']);

    const forged = await adminA.click({ verb: Verbs.customActionApprove, data: buttonNamed(list, 'Edit')['data'] });
    expect(titleOf(forged)).toBe('Another tenant admin must approve this');
    expect(wordsOf(forged)).toContain('so another tenant admin must approve it');
    expect(buttonTitles(forged)).toEqual(['Open custom actions']);
    expectValid(forged);
    expect((await stored())[0]?.open?.state).toBe('submitted');
    const refusal = (await customActionAudit()).at(-1);
    expect(refusal).toMatchObject({ action: 'customAction.approve', actor: expect.objectContaining({ userId: GLOBAL_ADMIN.id }), result: { outcome: 'denied', code: 'CUSTOM_ACTION.SELF_APPROVAL_FORBIDDEN' } });
  });

  it('when the second admin reviews it, then the preview shows the exact request and Approve; approving it makes it ready to publish', async () => {
    const { card } = await adminB.say('custom actions');
    expect(buttonTitles(card)).toEqual(['Approve', 'Reject', 'Edit', 'Preview', 'History', 'New custom action', 'Refresh']);

    const preview = await adminB.click(buttonNamed(card, 'Preview'));
    expect(titleOf(preview)).toBe('Preview: Set cost center');
    expect(wordsOf(preview)).toContain("Version 1 · Waiting for a second admin's approval");
    expect(wordsOf(preview)).toContain('PATCH https://graph.microsoft.com/v1.0/users/megan.bowen%40contoso.test');
    expect(wordsOf(preview)).toContain('Written by\nAlex Wilber (admin@contoso.test)');
    expectValid(preview);
    // Another sample user and value, typed on the card.
    const again = await adminB.click(buttonNamed(preview, 'Preview again'), { sampleTarget: 'adele.vance@contoso.test', sample_costCenter: 'CC-1042' });
    expect(wordsOf(again)).toContain('PATCH https://graph.microsoft.com/v1.0/users/adele.vance%40contoso.test');
    expect(wordsOf(again)).toContain('"costCenter": "CC-1042"');

    list = await adminB.click(buttonNamed(again, 'Approve'));
    expect(wordsOf(list)).toContain('You approved version 1 of "Set cost center". A tenant admin can publish it now.');
    expect(wordsOf(list)).toContain('Approved by a second admin, ready to publish');
    expect((await stored())[0]?.open).toMatchObject({ state: 'approved', approvedBy: expect.objectContaining({ userId: SECOND_GLOBAL_ADMIN.id }), selfApproved: false });
  });

  it('when the author publishes, disables and enables it, then each step shows its state in words with the next step', async () => {
    const { card } = await adminA.say('custom actions');
    expect(buttonTitles(card)).toEqual(['Publish', 'Edit', 'Preview', 'History', 'New custom action', 'Refresh']);

    list = await adminA.click(buttonNamed(card, 'Publish'));
    expect(wordsOf(list)).toContain('"Set cost center" version 1 is published');
    expect(wordsOf(list)).toContain('Published, version 1');
    expect(buttonTitles(list)).toEqual(['Disable', 'Edit', 'Preview', 'History', 'New custom action', 'Refresh']);
    await expect(world.app.services.customActions.requireRunnable(world.tenantId, NAME)).resolves.toMatchObject({ version: 1 });

    list = await adminA.click(buttonNamed(list, 'Disable'));
    expect(wordsOf(list)).toContain('Disabled, version 1');
    expect(buttonTitles(list)).toEqual(['Enable', 'Edit', 'Preview', 'History', 'New custom action', 'Refresh']);
    await expect(world.app.services.customActions.requireRunnable(world.tenantId, NAME)).rejects.toMatchObject({ code: 'CUSTOM_ACTION.NOT_RUNNABLE' });

    list = await adminA.click(buttonNamed(list, 'Enable'));
    expect(wordsOf(list)).toContain('Published, version 1');
    expectValid(list);
  });

  it('when a published action is edited, then the form holds its YAML (saved unchanged, nothing happens) and a change starts version 2; a second save from the same (stale) form is refused as a conflict', async () => {
    const editForm = await adminA.click(buttonNamed(list, 'Edit'));
    expect(titleOf(editForm)).toBe('Edit: Set cost center');
    const text = String(inputValue(editForm, 'definition'));
    expect(text).toContain('path: /users/{id}');
    expect(text).toContain('costCenter: "{{costCenter}}"');
    expectValid(editForm);

    // The YAML reads back as the same definition: saving it unchanged changes nothing.
    const unchanged = await adminA.click(buttonNamed(editForm, 'Save as draft'), { definition: text });
    expect(wordsOf(unchanged)).toContain('Nothing changed: the text is the same as version 1 of "Set cost center".');
    expect((await stored())[0]?.open).toBeUndefined();

    const changed = text.replace('risk: low', 'risk: medium');
    list = await adminA.click(buttonNamed(editForm, 'Save as draft'), { definition: changed });
    expect(wordsOf(list)).toContain('Saved "Set cost center" as a draft (version 2).');
    expect(wordsOf(list)).toContain('Published, version 1\nVersion 2 is a draft; version 1 stays published until version 2 is published.');

    const stale = await adminA.click(buttonNamed(editForm, 'Save as draft'), { definition: text.replace('risk: low', 'risk: high') });
    expect(titleOf(stale)).toBe('It changed since you opened it');
    expect(buttonTitles(stale)).toEqual(['Open custom actions']);
    const [summary] = await stored();
    expect(summary?.open?.definition.risk).toBe('medium');
  });

  it('when an operator tries to define or approve, then the door refuses (and audits) each, and nothing changes', async () => {
    const before = await stored();
    for (const text of ['custom actions', 'new custom action']) {
      const { card } = await operator.say(text);
      expect(textOf(card)).toContain("You can't do that");
    }
    const approve = await operator.click({ verb: Verbs.customActionApprove, data: { name: NAME, version: 2, revision: 1 } });
    expect(textOf(approve)).toContain("You can't do that");
    const save = await operator.click({ verb: Verbs.customActionDefine, data: { step: 'save', definition: COST_CENTER_YAML.replace(NAME, 'operator-made') } });
    expect(textOf(save)).toContain("You can't do that");
    await expect(stored()).resolves.toEqual(before);
    const denials = (await auditTrail(world)).filter((record) => record.actor.userId === OPERATOR.id && record.result.outcome === 'denied');
    expect(denials.map((record) => [record.action, record.result.code])).toEqual([
      ['customAction.define', 'ACCESS.TENANT_ADMIN_REQUIRED'],
      ['customAction.define', 'ACCESS.TENANT_ADMIN_REQUIRED'],
      ['customAction.approve', 'ACCESS.TENANT_ADMIN_REQUIRED'],
      ['customAction.define', 'ACCESS.TENANT_ADMIN_REQUIRED'],
    ]);
  });

  it('when History is opened, then every change is listed, newest first, with who did it and when', async () => {
    const history = await adminB.click(buttonNamed(list, 'History'));
    expect(titleOf(history)).toBe('History: Set cost center');
    const words = wordsOf(history);
    const lines = [
      'Started version 2 as a draft\nBy Alex Wilber (admin@contoso.test) on {{DATE(',
      'Enabled version 1 again\nBy Alex Wilber (admin@contoso.test) on {{DATE(',
      'Disabled version 1\nBy Alex Wilber (admin@contoso.test) on {{DATE(',
      'Published version 1\nBy Alex Wilber (admin@contoso.test) on {{DATE(',
      'Approved version 1\nBy Megan Bowen (megan.bowen@contoso.test) on {{DATE(',
      'Submitted version 1 for approval\nBy Alex Wilber (admin@contoso.test) on {{DATE(',
      'Created version 1 as a draft\nBy Alex Wilber (admin@contoso.test) on {{DATE(',
    ];
    const positions = lines.map((line) => words.indexOf(line));
    expect(positions.every((position) => position >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(words).toContain('- risk: "low" → "medium"');
    expect(buttonTitles(history)).toEqual(['Preview', 'Back to custom actions']);
    expectValid(history);
  });
});

/**
 * Issue 14, workflows tenant admins define, in chat, over HTTP to the real bot with the sandbox
 * tenant: admin A pastes a workflow's YAML (a broken one is refused on Check and Save with each
 * problem and its line, and nothing is stored), saves it as a draft and submits it; A's own
 * Approve is refused and audited; admin B reviews every step in words and approves it; A
 * publishes it, and then an operator in scope and an admin can `run workflow <name> for <user>`
 * (the preview appears); an edit drafts version 2 while version 1 keeps running; disabled, it
 * can't be run; the history names who did what and when; an operator can neither define nor
 * approve (refused at the door).
 */
import { GLOBAL_ADMIN, HELP_DESK_USERS, SECOND_GLOBAL_ADMIN } from '../../sandbox/directory/seed/contoso-ids';
import { Verbs } from '../../cards';
import { startAppWithSandbox, type AppWithSandbox, type SandboxPerson } from '../support/app-harness';
import { buttonNamed, buttonTitles, ChatPerson, expectValidCard, inputValue, wordsOf } from '../support/chat-person';
import { actorOf, auditTrail, createServiceAccount, plainUsers, setMode, textOf, titleOf, type Card } from '../support/session-bot-world';
import { LOST_LAPTOP_NAME as NAME, LOST_LAPTOP_YAML } from '../support/workflows/lost-laptop';

const OPERATOR = HELP_DESK_USERS[0]!;

/** An action that does not exist and a template without an input: two problems, each on its line. */
const BROKEN_YAML = LOST_LAPTOP_YAML.replace('user.blockSignIn', 'user.blockSignon').replace('{{target.displayName}}', '{{person}}');

describe('workflow definitions: define, four-eyes approval, publish, run, edit and disable, from chat against the sandbox tenant', () => {
  let world: AppWithSandbox;
  let adminA: ChatPerson;
  let adminB: ChatPerson;
  let operator: ChatPerson;
  let target: SandboxPerson;

  const stored = () => world.app.services.workflowDefinitions.list(world.tenantId);
  const definitionAudit = async () => (await auditTrail(world)).filter((record) => record.action.startsWith('workflowDefinition.'));

  beforeAll(async () => {
    world = await startAppWithSandbox({
      overrides: { serviceOptions: { serviceAccount: { signInVerifyAttempts: 2, signInVerifyDelayInMs: 50 }, sessions: { pollIntervalInMs: 20 }, background: { rotationScheduler: false } } },
    });
    // Runs (and their previews) need the management session on.
    setMode(world, 'advanced', false);
    await createServiceAccount(world, GLOBAL_ADMIN);
    adminA = new ChatPerson(world, world.as(GLOBAL_ADMIN));
    adminB = new ChatPerson(world, world.as(SECOND_GLOBAL_ADMIN));
    operator = new ChatPerson(world, world.as(OPERATOR));
    expect(textOf((await adminA.say('turn on management')).card)).toContain('Management ON');
    await world.app.services.accessGrants.grantOperator(actorOf(world, GLOBAL_ADMIN), {
      operator: OPERATOR.userPrincipalName,
      scope: [{ kind: 'department', value: 'Sales' }],
      actions: ['user.blockSignIn'],
    });
    const helpDesk = new Set(HELP_DESK_USERS.map((person) => person.id));
    target = plainUsers(world, 'Sales').find((person) => !helpDesk.has(person.id))!;
  }, 90_000);

  afterAll(async () => {
    await world?.close();
  });

  let form: Card;

  it('when a tenant admin types "workflows", then the card offers New workflow and Workflow definitions; "new workflow" opens the form', async () => {
    const { card } = await adminA.say('workflows');
    expect(buttonTitles(card)).toEqual(expect.arrayContaining(['Workflow runs', 'New workflow', 'Workflow definitions']));
    expectValidCard(card);

    form = await adminA.click(buttonNamed(card, 'New workflow'));
    expect(titleOf(form)).toBe('New workflow');
    expect(buttonTitles(form)).toEqual(['Check', 'Save as draft', 'Back to workflow definitions']);
    expectValidCard(form);
    expect((await adminA.say('new workflow')).card).toEqual(form);

    const list = await adminA.click(buttonNamed(card, 'Workflow definitions'));
    expect(titleOf(list)).toBe('Workflow definitions');
    expect(wordsOf(list)).toContain('Your organization has no workflows of its own yet.');
  });

  it('when the YAML has problems, then Check and Save list each with its line, keep the pasted text, store nothing, and the refusal is audited', async () => {
    const checked = await adminA.click(buttonNamed(form, 'Check'), { definition: BROKEN_YAML });
    expect(wordsOf(checked)).toContain('Not ready yet: 2 problems.');
    expect(wordsOf(checked)).toContain('Line 7 (steps › item 1 › action): "user.blockSignon" isn\'t an action (did you mean user.blockSignIn?).');
    expect(wordsOf(checked)).toContain('Line 11 (steps › item 2 › text): {{person}}: "person" isn\'t an input or a binding of this workflow.');

    const refused = await adminA.click(buttonNamed(form, 'Save as draft'), { definition: BROKEN_YAML });
    expect(titleOf(refused)).toBe('New workflow');
    expect(wordsOf(refused)).toContain('Not saved: 2 problems.');
    expect(inputValue(refused, 'definition')).toBe(BROKEN_YAML);
    expectValidCard(refused);
    await expect(stored()).resolves.toEqual([]);
    expect((await definitionAudit()).map((record) => [record.action, record.result.outcome, record.result.code])).toEqual([['workflowDefinition.create', 'failed', 'WORKFLOW_DEFINITION.INVALID_DEFINITION']]);
  });

  let list: Card;

  it('when a valid YAML workflow is checked, then the card lists its steps in words; saved, it is a draft with Submit, and not runnable', async () => {
    const checked = await adminA.click(buttonNamed(form, 'Check'), { definition: LOST_LAPTOP_YAML });
    expect(wordsOf(checked)).toContain('Looks good. "Lost laptop" has 2 steps:\n1. Block sign-in\n2. Notice to the admin channel');
    expectValidCard(checked);
    await expect(stored()).resolves.toEqual([]);

    list = await adminA.click(buttonNamed(checked, 'Save as draft'), { definition: LOST_LAPTOP_YAML });
    expect(titleOf(list)).toBe('Workflow definitions');
    expect(wordsOf(list)).toContain('Saved "Lost laptop" as a draft (version 1).');
    expect(wordsOf(list)).toMatch(/Lost laptop\nlost-laptop\nDraft\nLast changed by Alex Wilber \(admin@contoso\.test\) on \{\{DATE\(/);
    expect(buttonTitles(list)).toEqual(['Submit for approval', 'Edit', 'Review', 'History', 'New workflow', 'Refresh']);
    expectValidCard(list);
    expect(world.app.services.workflows.listWorkflows(world.tenantId).map((workflow) => workflow.name)).not.toContain(NAME);
  });

  it("when the author submits it, then it waits for a second admin; the author's own Approve is refused and audited", async () => {
    list = await adminA.click(buttonNamed(list, 'Submit for approval'));
    expect(wordsOf(list)).toContain("Version 1 of \"Lost laptop\" is waiting for a second tenant admin's approval.");
    expect(buttonTitles(list)).toEqual(['Withdraw', 'Edit', 'Review', 'History', 'New workflow', 'Refresh']);

    const forged = await adminA.click({ verb: Verbs.workflowDefinitionApprove, data: buttonNamed(list, 'Edit')['data'] });
    expect(titleOf(forged)).toBe('Another tenant admin must approve this');
    expect(wordsOf(forged)).toContain('You submitted version 1 of "Lost laptop", so another tenant admin must approve it.');
    expect(buttonTitles(forged)).toEqual(['Open workflow definitions']);
    expectValidCard(forged);
    expect((await stored())[0]?.open?.state).toBe('submitted');
    expect((await definitionAudit()).at(-1)).toMatchObject({
      action: 'workflowDefinition.approve',
      actor: expect.objectContaining({ userId: GLOBAL_ADMIN.id }),
      result: { outcome: 'denied', code: 'WORKFLOW_DEFINITION.SELF_APPROVAL_FORBIDDEN' },
    });
  });

  it('when the second admin reviews it, then every step is in words with Approve; approving makes it ready to publish', async () => {
    const { card } = await adminB.say('workflow definitions');
    expect(buttonTitles(card)).toEqual(['Approve', 'Reject', 'Edit', 'Review', 'History', 'New workflow', 'Refresh']);

    const review = await adminB.click(buttonNamed(card, 'Review'));
    expect(titleOf(review)).toBe('Review: Lost laptop');
    expect(wordsOf(review)).toContain("Version 1 · Waiting for a second admin's approval");
    expect(wordsOf(review)).toContain('1. Block sign-in\nRuns the action Block sign-in.');
    expect(wordsOf(review)).toContain('2. Notice to the admin channel\nTells the admin channel: {{target.displayName}} lost their laptop: sign-in is blocked.');
    expect(wordsOf(review)).toContain('Written by\nAlex Wilber (admin@contoso.test)');
    expect(buttonTitles(review)).toEqual(['Approve', 'Reject', 'Edit', 'History', 'Back to workflow definitions']);
    expectValidCard(review);

    list = await adminB.click(buttonNamed(review, 'Approve'));
    expect(wordsOf(list)).toContain('You approved version 1 of "Lost laptop". A tenant admin can publish it now.');
    expect(wordsOf(list)).toContain('Approved by a second admin, ready to publish');
    expect((await stored())[0]?.open).toMatchObject({ state: 'approved', approvedBy: expect.objectContaining({ userId: SECOND_GLOBAL_ADMIN.id }), selfApproved: false });
  });

  it('when the author publishes it, then an operator in scope and an admin can run it: "run workflow" shows the preview', async () => {
    const { card } = await adminA.say('workflow definitions');
    list = await adminA.click(buttonNamed(card, 'Publish'));
    expect(wordsOf(list)).toContain('"Lost laptop" version 1 is published');
    expect(wordsOf(list)).toContain('Published, version 1');
    expect(buttonTitles(list)).toEqual(['Disable', 'Edit', 'Review', 'History', 'New workflow', 'Refresh']);
    expectValidCard(list);

    const byOperator = await operator.say(`run workflow ${NAME} for ${target.userPrincipalName}`);
    expect(titleOf(byOperator.card)).toBe(`Run Lost laptop for ${target.displayName} (${target.userPrincipalName})?`);
    expect(wordsOf(byOperator.card)).toContain('Block sign-in');
    expect(buttonTitles(byOperator.card)).toContain('Start');
    const listed = await operator.say('workflows');
    expect(wordsOf(listed.card)).toContain('Lost laptop');
    expect(buttonTitles(listed.card)).not.toContain('New workflow');

    const byAdmin = await adminB.say(`run workflow ${NAME} for ${target.userPrincipalName}`);
    expect(titleOf(byAdmin.card)).toBe(`Run Lost laptop for ${target.displayName} (${target.userPrincipalName})?`);
  });

  it('when the published workflow is edited, then version 2 is a draft and version 1 keeps running; a stale second save is refused as a conflict', async () => {
    const editForm = await adminA.click(buttonNamed(list, 'Edit'));
    expect(titleOf(editForm)).toBe('Edit: Lost laptop');
    const text = String(inputValue(editForm, 'definition'));
    expect(text).toContain('action: user.blockSignIn');
    expectValidCard(editForm);

    // The YAML reads back as the same workflow: saving it unchanged changes nothing.
    const unchanged = await adminA.click(buttonNamed(editForm, 'Save as draft'), { definition: text });
    expect(wordsOf(unchanged)).toContain('Nothing changed: the text is the same as version 1 of "Lost laptop".');

    list = await adminA.click(buttonNamed(editForm, 'Save as draft'), { definition: text.replace('sign-in is blocked.', 'sign-in is blocked until they have a new laptop.') });
    expect(wordsOf(list)).toContain('Saved "Lost laptop" as a draft (version 2).');
    expect(wordsOf(list)).toContain('Published, version 1\nVersion 2 is a draft; version 1 stays published until version 2 is published.');
    expect(titleOf((await operator.say(`run workflow ${NAME} for ${target.userPrincipalName}`)).card)).toBe(`Run Lost laptop for ${target.displayName} (${target.userPrincipalName})?`);

    const stale = await adminA.click(buttonNamed(editForm, 'Save as draft'), { definition: text.replace('Lost laptop', 'Lost device') });
    expect(titleOf(stale)).toBe('It changed since you opened it');
    expect(buttonTitles(stale)).toEqual(['Open workflow definitions']);
  });

  it('when an operator tries to define or approve, then the door refuses (and audits) each, and nothing changes', async () => {
    const before = await stored();
    for (const text of ['workflow definitions', 'new workflow']) expect(textOf((await operator.say(text)).card)).toContain("You can't do that");
    expect(textOf(await operator.click({ verb: Verbs.workflowDefinitionApprove, data: { name: NAME, version: 2, revision: 1 } }))).toContain("You can't do that");
    expect(textOf(await operator.click({ verb: Verbs.workflowDefine, data: { step: 'save', definition: LOST_LAPTOP_YAML.replace(NAME, 'operator-made') } }))).toContain("You can't do that");
    await expect(stored()).resolves.toEqual(before);
    const denials = (await auditTrail(world)).filter((record) => record.actor.userId === OPERATOR.id && record.result.outcome === 'denied');
    expect(denials.map((record) => [record.action, record.result.code])).toEqual([
      ['workflow.define', 'ACCESS.TENANT_ADMIN_REQUIRED'],
      ['workflow.define', 'ACCESS.TENANT_ADMIN_REQUIRED'],
      ['workflow.approve', 'ACCESS.TENANT_ADMIN_REQUIRED'],
      ['workflow.define', 'ACCESS.TENANT_ADMIN_REQUIRED'],
    ]);
  });

  it('when the workflow is disabled, then it can no longer be run, and the history lists every change with who and when', async () => {
    list = await adminA.click(buttonNamed(list, 'Disable'));
    expect(wordsOf(list)).toContain('"Lost laptop" is disabled: nobody can run it until a tenant admin enables it again.');
    expect(wordsOf(list)).toContain('Disabled, version 1');

    const refused = await operator.say(`run workflow ${NAME} for ${target.userPrincipalName}`);
    expect(titleOf(refused.card)).toBe('Workflow not found');
    expect(wordsOf(refused.card)).toContain('There is no workflow called "lost-laptop" that can be run.');

    const history = await adminB.click(buttonNamed(list, 'History'));
    expect(titleOf(history)).toBe('History: Lost laptop');
    const words = wordsOf(history);
    const lines = [
      'Disabled version 1\nBy Alex Wilber (admin@contoso.test) on {{DATE(',
      'Started version 2 as a draft\nBy Alex Wilber (admin@contoso.test) on {{DATE(',
      'Published version 1\nBy Alex Wilber (admin@contoso.test) on {{DATE(',
      'Approved version 1\nBy Megan Bowen (megan.bowen@contoso.test) on {{DATE(',
      'Submitted version 1 for approval\nBy Alex Wilber (admin@contoso.test) on {{DATE(',
      'Created version 1 as a draft\nBy Alex Wilber (admin@contoso.test) on {{DATE(',
    ];
    const positions = lines.map((line) => words.indexOf(line));
    expect(positions.every((position) => position >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(words).toContain('- steps › tellAdmins › text: ');
    expect(buttonTitles(history)).toEqual(['Review', 'Back to workflow definitions']);
    expectValidCard(history);
  });
});

/**
 * Workflows in chat, over HTTP to the real bot against the sandbox tenant (issue 14):
 * - a tenant admin's `remediate compromised <user>`: the confirmation answers at once; Start
 *   delivered three times makes one run; the run card follows it in place to "Done" with block,
 *   revoke and reset done; the sandbox holds the user blocked, with a new (forced-change) password
 *   and revoked sessions; the temporary password reached only the admin's personal chat, on a
 *   shown-once card, and no log line, table row, audit record or other connector call;
 * - an operator with a Sales scope offboards a Sales user (the optional automatic reply switched on
 *   in the preview): blocked, sessions revoked, out of every group the bot can change, no licence
 *   left; a user outside the scope is refused at the preview and at a forged Start, audited;
 * - a workflow with a question asks it on the run's card, and the answer's button continues it;
 * - a workflow with an approval step waits, and the second admin's Approve on the generic approval
 *   card continues it. (Both are a tenant's own workflows, published straight into the catalogue's
 *   store; their review in chat is test/integration/workflow-definitions-lifecycle.test.ts.)
 */
import { GLOBAL_ADMIN, HELP_DESK_USERS, SECOND_GLOBAL_ADMIN } from '../../sandbox/directory/seed/contoso-ids';
import { verifySecret, type SandboxUser } from '../../sandbox/directory/model';
import { Verbs } from '../../cards';
import { SqliteWorkflowDefinitionRepository } from '../../services/adapters/sqlite/workflow-definition.sqlite';
import type { WorkflowRunView } from '../../services/workflows/workflow-run.types';
import { waiveApprovals } from '../support/action-approval-choices';
import { publishWorkflow } from '../support/workflows/published-workflow';
import { startAppWithSandbox, type AppWithSandbox, type SandboxPerson, type UserChannel } from '../support/app-harness';
import { schemaErrors } from '../support/adaptive-card-validation';
import type { ConnectorCall } from '../support/fake-connector';
import type { HttpResult } from '../support/http-client';
import { actionNamed, actionTitles, actorOf, auditTrail, cardOf, createServiceAccount, elementsOf, invokeCard, plainUsers, setMode, textOf, titleOf, type Card } from '../support/session-bot-world';
import { eventually as eventuallyWithin } from '../support/eventually';

const eventually = <T>(check: () => T | Promise<T>, timeoutInMs = 20_000): Promise<T> => eventuallyWithin(check, timeoutInMs);

const OPERATOR = HELP_DESK_USERS[1]!;
const OFFBOARDING_ACTIONS = ['user.blockSignIn', 'user.revokeSessions', 'user.setAutomaticReplies', 'user.removeFromAllGroups', 'user.removeAllLicenses'] as const;

const ASK_THEN_BLOCK = `
name: ask-then-block
title: Ask, then block
description: Asks the requester whether to block the user now.
steps:
  - id: blockNow
    kind: choice
    question: Block {{target.displayName}} now?
    options: [yes, no]
  - id: blockSignIn
    kind: action
    action: user.blockSignIn
    when: steps.blockNow.answer == 'yes'
`;

const BLOCK_WITH_APPROVAL = `
name: block-with-approval
title: Block after approval
description: Asks a tenant admin, then blocks sign-in.
steps:
  - id: approve
    kind: approval
    approvers: tenantAdmins
    message: Block {{target.displayName}}? They reported a lost laptop.
  - id: blockSignIn
    kind: action
    action: user.blockSignIn
`;


class Person {
  readonly answers: HttpResult[] = [];
  constructor(
    private readonly world: AppWithSandbox,
    readonly channel: UserChannel,
  ) {}

  async say(text: string): Promise<{ card: Card; activityId: string }> {
    const [reply] = await this.world.exchange(this.channel.message(text), 1, 20_000);
    return { card: cardOf(reply), activityId: `sent-${this.world.bot.connector.calls.indexOf(reply as ConnectorCall) + 1}` };
  }

  /** Clicks a button of the message `activityId`; `inputs` are what the card's fields hold. */
  async click(action: Record<string, unknown>, activityId: string, inputs: Record<string, unknown> = {}, id?: string): Promise<Card> {
    const data = { ...(action['data'] as Record<string, unknown>), ...inputs };
    const result = await this.world.send(this.channel.invoke(String(action['verb']), data, { replyToId: activityId, ...(id ? { id } : {}) }));
    this.answers.push(result);
    return invokeCard(result);
  }
}

describe('workflows in chat, against the sandbox tenant', () => {
  let world: AppWithSandbox;
  let admin: Person;
  let operator: Person;
  let targets: SandboxUser[];
  let outside: SandboxPerson;

  const state = () => world.sandbox.sandbox.state().directory;
  const userState = (id: string) => state().users.find((user) => user.id === id)!;
  const adminActor = () => actorOf(world, GLOBAL_ADMIN);
  const runsFor = async (userId: string): Promise<WorkflowRunView[]> => (await world.app.services.workflows.list(adminActor(), { limit: 100 })).filter((run) => run.target.userId === userId);
  const cardUpdates = (conversationId: string, activityId: string): Card[] =>
    world.bot.connector.calls.filter((call) => call.kind === 'update' && call.conversationId === conversationId && call.activityId === activityId).map((call) => cardOf(call));

  /** Publishes a tenant workflow straight into the catalogue's store (its review in chat: workflow-definitions-lifecycle.test.ts). */
  function publish(yaml: string): string {
    return publishWorkflow(new SqliteWorkflowDefinitionRepository(world.app.db), world.tenantId, yaml, { userId: GLOBAL_ADMIN.id, displayName: GLOBAL_ADMIN.displayName }, new Date().toISOString());
  }

  async function finished(runId: string): Promise<WorkflowRunView> {
    const view = await eventually(async () => {
      const current = await world.app.services.workflows.get(adminActor(), runId);
      if (!['succeeded', 'completed-with-failures', 'failed', 'stopped'].includes(current.state)) throw new Error(`the run is ${current.state}`);
      return current;
    }, 60_000);
    await world.app.services.workflows.drain();
    return view;
  }

  beforeAll(async () => {
    world = await startAppWithSandbox({
      overrides: {
        serviceOptions: {
          serviceAccount: { signInVerifyAttempts: 2, signInVerifyDelayInMs: 50 },
          sessions: { pollIntervalInMs: 20 },
          background: { rotationScheduler: false },
          cardUpdates: { minIntervalInMs: 50 },
        },
      },
    });
    setMode(world, 'advanced', false);
    await createServiceAccount(world, GLOBAL_ADMIN);
    admin = new Person(world, world.as(GLOBAL_ADMIN));
    expect(textOf((await admin.say('turn on management')).card)).toContain('Management ON');
    await world.app.services.accessGrants.grantOperator(adminActor(), { operator: OPERATOR.userPrincipalName, scope: [{ kind: 'department', value: 'Sales' }], actions: [...OFFBOARDING_ACTIONS] });
    // This tenant's admins chose no approval for these (the approval path: actions-approval.test.ts).
    waiveApprovals(world, OFFBOARDING_ACTIONS);
    operator = new Person(world, world.as(OPERATOR));
    const helpDesk = new Set(HELP_DESK_USERS.map((person) => person.id));
    const sales = new Set(plainUsers(world, 'Sales').map((person) => person.id));
    targets = state().users.filter((user) => sales.has(user.id) && !helpDesk.has(user.id) && user.assignedLicenses.length > 0 && Boolean(user.mail));
    expect(targets.length).toBeGreaterThanOrEqual(4);
    outside = plainUsers(world, 'Marketing')[0]!;
  }, 90_000);

  afterAll(async () => {
    await world?.close();
  });

  it('when a tenant admin remediates a compromised Sales user, then the card answers at once, one run blocks, revokes and resets, and the password reaches only the admin', async () => {
    const target = targets[0]!;
    const before = { ...userState(target.id) };
    const adminChat = admin.channel.conversationId;

    const askedAt = Date.now();
    const confirmation = await admin.say(`remediate compromised ${target.userPrincipalName}`);
    expect(Date.now() - askedAt).toBeLessThan(5_000);
    expect(titleOf(confirmation.card)).toBe(`Treat ${target.displayName} (${target.userPrincipalName}) as compromised?`);
    for (const step of ['Block sign-in', 'Revoke sessions', 'Reset password (temporary password to you only)', 'Notice to the admin channel']) expect(textOf(confirmation.card)).toContain(step);
    expect(actionTitles(confirmation.card)).toEqual(['Start remediation', 'Cancel']);
    expect(schemaErrors(confirmation.card)).toEqual([]);
    expect(userState(target.id).accountEnabled).toBe(true);

    // The same Start delivered three times (Teams redelivers an invoke with its id): one run.
    const start = actionNamed(confirmation.card, 'Start remediation');
    const answers: Card[] = [];
    for (let i = 0; i < 3; i += 1) answers.push(await admin.click(start, confirmation.activityId, {}, 'start-remediation-1'));
    expect(titleOf(answers[0]!)).toMatch(new RegExp(`^(Compromised account for ${target.displayName}: \\d of 4 steps finished|Done: Compromised account for ${target.displayName})$`));
    const runs = await runsFor(target.id);
    expect(runs).toHaveLength(1);
    const run = await finished(runs[0]!.id);
    expect(run.state).toBe('succeeded');
    expect(run.steps.map((step) => [step.id, step.status])).toEqual([
      ['blockSignIn', 'succeeded'],
      ['revokeSessions', 'succeeded'],
      ['resetPassword', 'succeeded'],
      ['tellAdmins', 'succeeded'],
    ]);

    // The confirmation card followed the run in place and ended on the summary.
    const summary = await eventually(() => {
      const last = cardUpdates(adminChat, confirmation.activityId).at(-1);
      if (!last || titleOf(last) !== `Done: Compromised account for ${target.displayName}`) throw new Error('no summary on the card yet');
      return last;
    });
    expect(textOf(summary).match(/"text":"Done"/g)).toHaveLength(4);
    expect(actionTitles(summary)).toEqual(['Workflow runs']);
    expect(schemaErrors(summary)).toEqual([]);

    // The sandbox: blocked, a new password to change at next sign-in, sessions revoked.
    const after = userState(target.id);
    expect(after.accountEnabled).toBe(false);
    expect(after.passwordHash).not.toBe(before.passwordHash);
    expect(after.forceChangePasswordNextSignIn).toBe(true);
    expect(Date.parse(after.signInSessionsValidFromDateTime)).toBeGreaterThan(Date.parse(before.signInSessionsValidFromDateTime));

    // Each action ran once, as the admin, through the actions' own audit.
    const trail = await auditTrail(world);
    for (const action of ['user.blockSignIn', 'user.revokeSessions', 'user.resetPassword']) {
      expect(trail.filter((record) => record.action === action && record.target?.id === target.id && record.result.outcome === 'ok')).toEqual([expect.objectContaining({ actor: expect.objectContaining({ userId: GLOBAL_ADMIN.id }) })]);
    }

    // The temporary password: on one shown-once card in the admin's personal chat, and nowhere else.
    const secretCalls = world.bot.connector.calls.filter((call) => elementsOf(call.activity?.['attachments'] ? cardOf(call) : {}).some((element) => element['type'] === 'TextRun'));
    expect(secretCalls).toHaveLength(1);
    expect(secretCalls[0]!.conversationId).toBe(adminChat);
    const password = String(elementsOf(cardOf(secretCalls[0]!)).find((element) => element['type'] === 'TextRun')!['text']);
    expect(verifySecret(after.passwordHash, password)).toBe(true);
    const haystacks: Array<[string, string]> = [
      ['logs', world.log.text],
      ['audit', JSON.stringify(await auditTrail(world))],
      ['other connector calls', JSON.stringify(world.bot.connector.calls.filter((call) => call !== secretCalls[0]))],
      ['invoke answers', JSON.stringify(admin.answers.map((answer) => answer.body))],
    ];
    for (const { name } of world.app.db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as Array<{ name: string }>) {
      haystacks.push([`table ${name}`, JSON.stringify(world.app.db.prepare(`SELECT * FROM "${name}"`).all())]);
    }
    expect(haystacks.filter(([, text]) => text.includes(password) || text.includes(JSON.stringify(password).slice(1, -1))).map(([where]) => where)).toEqual([]);
  }, 120_000);

  it('when an operator with a Sales scope offboards a Sales user with the automatic reply, then the user is locked out, out of their groups and licences', async () => {
    const target = targets[1]!;
    const isManageable = (group: { groupTypes?: string[]; isAssignableToRole?: boolean | null; mailEnabled?: boolean; securityEnabled?: boolean }) =>
      !(group.groupTypes ?? []).includes('DynamicMembership') && !group.isAssignableToRole && !(group.mailEnabled && !group.securityEnabled);
    const groupsBefore = state().groups.filter((group) => group.members.includes(target.id));
    expect(groupsBefore.filter(isManageable).length).toBeGreaterThan(0);
    const sessionsBefore = userState(target.id).signInSessionsValidFromDateTime;

    const preview = await operator.say(`run workflow offboarding for ${target.userPrincipalName}`);
    expect(titleOf(preview.card)).toBe(`Run Offboarding for ${target.displayName} (${target.userPrincipalName})?`);
    expect(textOf(preview.card)).toContain('Optional: not included');
    expect(elementsOf(preview.card).filter((element) => element['type'] === 'Input.Toggle').map((element) => element['id'])).toEqual(['optIn.automaticReply']);
    expect(schemaErrors(preview.card)).toEqual([]);

    // The toggle switched on, then Update preview: the automatic reply will run too.
    const updated = await operator.click(actionNamed(preview.card, 'Update preview'), preview.activityId, { 'optIn.automaticReply': 'true', 'input.replyMessage': '' });
    expect(textOf(updated)).not.toContain('Optional: not included');
    expect(textOf(updated)).toContain('I have left the organization.');
    const started = await operator.click(actionNamed(updated, 'Start'), preview.activityId, { 'optIn.automaticReply': 'true', 'input.replyMessage': '' });
    expect(titleOf(started)).toMatch(/^(Offboarding for .*: \d of 6 steps finished|Done: Offboarding for .*)$/);

    const [only] = await runsFor(target.id);
    const run = await finished(only!.id);
    expect(run.requester.userId).toBe(OPERATOR.id);
    expect(run.steps.map((step) => [step.id, step.status])).toEqual([
      ['blockSignIn', 'succeeded'],
      ['revokeSessions', 'succeeded'],
      ['automaticReply', 'succeeded'],
      ['removeGroups', 'succeeded'],
      ['removeLicences', 'succeeded'],
      ['tellAdmins', 'succeeded'],
    ]);
    expect(run.state).toBe('succeeded');

    const after = userState(target.id);
    expect(after.accountEnabled).toBe(false);
    expect(Date.parse(after.signInSessionsValidFromDateTime)).toBeGreaterThan(Date.parse(sessionsBefore));
    expect(after.assignedLicenses).toEqual([]);
    expect(after.automaticRepliesSetting).toMatchObject({ status: 'alwaysEnabled', internalReplyMessage: expect.stringContaining('I have left the organization.') });
    expect(state().groups.filter((group) => group.members.includes(target.id) && isManageable(group))).toEqual([]);
    const trail = await auditTrail(world);
    for (const action of ['user.blockSignIn', 'user.removeFromAllGroups', 'user.removeAllLicenses']) {
      expect(trail.filter((record) => record.action === action && record.target?.id === target.id && record.result.outcome === 'ok').map((record) => record.actor.userId)).toEqual([OPERATOR.id]);
    }
    const summary = await eventually(() => {
      const last = cardUpdates(operator.channel.conversationId, preview.activityId).at(-1);
      if (!last || titleOf(last) !== `Done: Offboarding for ${target.displayName}`) throw new Error('no summary on the card yet');
      return last;
    });
    expect(schemaErrors(summary)).toEqual([]);

    // `workflow runs`: the operator sees their own run, in words.
    const list = await operator.say('workflow runs');
    expect(textOf(list.card)).toContain(`Offboarding: ${target.displayName} (${target.userPrincipalName})`);
    expect(textOf(list.card)).toContain('Done: every step succeeded');
    expect(schemaErrors(list.card)).toEqual([]);
  }, 120_000);

  it('when the operator names a user outside their scope, then the preview and a forged Start are refused, audited, and nothing runs', async () => {
    const denials = async () => (await auditTrail(world)).filter((record) => record.actor.userId === OPERATOR.id && record.result.outcome === 'denied' && record.target?.id === outside.id);
    const refused = await operator.say(`run workflow offboarding for ${outside.userPrincipalName}`);
    expect(titleOf(refused.card)).toBe("You can't do that");
    expect(textOf(refused.card)).toMatch(/scope/i);
    expect(await denials()).toEqual([expect.objectContaining({ action: 'user.blockSignIn', result: { outcome: 'denied', code: 'ACCESS.NOT_IN_SCOPE' } })]);

    const forged = await operator.click({ verb: Verbs.workflowStart, data: { workflow: 'offboarding', user: outside.userPrincipalName } }, refused.activityId, {}, 'forged-start-1');
    expect(titleOf(forged)).toBe("You can't do that");
    expect(await denials()).toHaveLength(2);
    expect(await runsFor(outside.id)).toEqual([]);
    expect(userState(outside.id).accountEnabled).toBe(true);
  }, 60_000);

  it("when an operator's grant lacks an optional step's action, then they may preview the workflow without it, and not with it", async () => {
    const other = HELP_DESK_USERS[2]!;
    await world.app.services.accessGrants.grantOperator(adminActor(), {
      operator: other.userPrincipalName,
      scope: [{ kind: 'department', value: 'Sales' }],
      actions: OFFBOARDING_ACTIONS.filter((action) => action !== 'user.setAutomaticReplies'),
    });
    const person = new Person(world, world.as(other));
    const target = targets[2]!;
    const preview = await person.say(`run workflow offboarding for ${target.userPrincipalName}`);
    expect(titleOf(preview.card)).toBe(`Run Offboarding for ${target.displayName} (${target.userPrincipalName})?`);
    const withReply = await person.click(actionNamed(preview.card, 'Update preview'), preview.activityId, { 'optIn.automaticReply': 'true' });
    expect(titleOf(withReply)).toBe("You can't do that");
    expect(userState(target.id).accountEnabled).toBe(true);
  }, 60_000);

  it('when a workflow asks its requester a question, then the run card shows the options and the answer continues the run', async () => {
    publish(ASK_THEN_BLOCK);
    const target = targets[3]!;
    const preview = await admin.say(`run workflow ask-then-block for ${target.userPrincipalName}`);
    expect(textOf(preview.card)).toContain(`Asks you: Block ${target.displayName} now? (yes, no)`);
    await admin.click(actionNamed(preview.card, 'Start'), preview.activityId);
    const asking = await eventually(() => {
      const last = cardUpdates(admin.channel.conversationId, preview.activityId).at(-1);
      if (!last || !textOf(last).includes('Waiting for an answer')) throw new Error('no question on the card yet');
      return last;
    });
    expect(schemaErrors(asking)).toEqual([]);
    expect(userState(target.id).accountEnabled).toBe(true);
    const yes = elementsOf(asking).find((element) => element['type'] === 'Action.Execute' && element['title'] === 'yes')!;
    expect(yes['verb']).toBe(Verbs.workflowAnswer);
    const answered = await admin.click(yes, preview.activityId);
    expect(textOf(answered)).toContain(`${GLOBAL_ADMIN.displayName} (${GLOBAL_ADMIN.userPrincipalName}) answered \\"yes\\"`);
    const [only] = await runsFor(target.id);
    const run = await finished(only!.id);
    expect(run.state).toBe('succeeded');
    expect(run.steps.map((step) => [step.id, step.status, step.answer ?? null])).toEqual([
      ['blockNow', 'succeeded', 'yes'],
      ['blockSignIn', 'succeeded', null],
    ]);
    expect(userState(target.id).accountEnabled).toBe(false);
  }, 60_000);

  it('when a workflow waits on its approval step, then the second admin approves from the generic approval card and the run continues', async () => {
    publish(BLOCK_WITH_APPROVAL);
    // Megan has talked to the bot, so her approval card reaches her personal chat.
    const megan = new Person(world, world.as(SECOND_GLOBAL_ADMIN));
    await megan.say('status');
    const target = targets[2]!;

    // From the `workflows` card: the workflow's Start form, its user, Preview, then Start on the preview that replaced it.
    const listed = await admin.say('workflows');
    expect(textOf(listed.card)).toContain('Block after approval');
    expect(schemaErrors(listed.card)).toEqual([]);
    const previewButton = elementsOf(listed.card).find((element) => element['title'] === 'Preview' && (element['data'] as Record<string, unknown>)['workflow'] === 'block-with-approval')!;
    const prefix = String((previewButton['data'] as Record<string, unknown>)['prefix']);
    const previewCard = await admin.click(previewButton, listed.activityId, { [`${prefix}user`]: target.userPrincipalName });
    expect(titleOf(previewCard)).toBe(`Run Block after approval for ${target.displayName} (${target.userPrincipalName})?`);
    expect(textOf(previewCard)).toContain(`Block ${target.displayName}? They reported a lost laptop.`);
    const preview = { card: previewCard, activityId: listed.activityId };
    await admin.click(actionNamed(preview.card, 'Start'), preview.activityId);
    const [only] = await runsFor(target.id);
    expect(only).toBeDefined();
    const waiting = await eventually(async () => {
      const view = await world.app.services.workflows.get(adminActor(), only!.id);
      if (view.state !== 'waiting-approval') throw new Error(`the run is ${view.state}`);
      return view;
    });
    const requestId = waiting.steps[0]!.approvalRequestId!;
    expect(userState(target.id).accountEnabled).toBe(true);

    // The approval card in Megan's chat says what, on whom, in words; Approve goes through the one approval service.
    const approvalCall = await eventually(() => {
      const call = world.bot.connector.sent(megan.channel.conversationId).find((candidate) => textOf(cardOf(candidate)).includes('Approve a workflow step'));
      if (!call) throw new Error('no approval card for Megan yet');
      return call;
    });
    const approvalCard = cardOf(approvalCall);
    expect(textOf(approvalCard)).toContain('Block after approval');
    expect(textOf(approvalCard)).toContain(`${target.displayName} (${target.userPrincipalName})`);
    expect(textOf(approvalCard)).not.toContain(only!.id);
    expect(schemaErrors(approvalCard)).toEqual([]);
    // The `approvals` list says the same in a sentence.
    const pending = await megan.say('approvals');
    expect(textOf(pending.card)).toContain(`Block after approval for ${target.displayName} waits for this approval: Block ${target.displayName}? They reported a lost laptop.`);
    const approved = await megan.click({ verb: Verbs.approvalApprove, data: { requestId } }, `sent-${world.bot.connector.calls.indexOf(approvalCall) + 1}`);
    expect(textOf(approved)).toContain('Megan Bowen');

    const run = await finished(only!.id);
    expect(run.state).toBe('succeeded');
    expect(run.steps[0]).toMatchObject({ status: 'succeeded', decision: 'approved', summary: expect.stringContaining('Megan Bowen') });
    expect(userState(target.id).accountEnabled).toBe(false);
    const summary = await eventually(() => {
      const last = cardUpdates(admin.channel.conversationId, preview.activityId).at(-1);
      if (!last || titleOf(last) !== `Done: Block after approval for ${target.displayName}`) throw new Error('no summary on the card yet');
      return last;
    });
    expect(textOf(summary)).toContain('Approved by Megan Bowen');
  }, 90_000);
});

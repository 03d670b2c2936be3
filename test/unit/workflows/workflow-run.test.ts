/**
 * Issue 14, workflows: runs are durable chains of steps on one target user. These tests drive the
 * real WorkflowRunService over SQLite with a fake tenant behind the action port, and read the
 * outcome where an operator would: the run's steps, what the tenant did, the notices, the audit.
 */
import { readFileSync } from 'node:fs';
import { createWorkflowWorld, ada, gus, olga, runTrail, statuses, TEMPORARY_PASSWORD, TENANT_A, users, type WorkflowWorld } from './support/workflow-world';

const CHOICE_WORKFLOW = `
name: leaver-with-choice
title: Leaver with a choice
inputs:
  - name: sendReply
    type: boolean
    required: false
    default: false
steps:
  - id: block
    kind: action
    action: user.blockSignIn
  - id: keepMailbox
    kind: choice
    question: Keep {{target.displayName}}'s mailbox?
    options: [yes, no]
  - id: autoReply
    kind: action
    action: user.setAutomaticReplies
    parameters: { message: "{{target.displayName}} has left." }
    when: steps.keepMailbox.answer == 'yes' and sendReply
  - id: removeLicences
    kind: action
    action: user.removeAllLicenses
    when: steps.keepMailbox.answer == 'no' and steps.block.status == 'succeeded'
`;

const COMPENSATING_WORKFLOW = `
name: move-to-quarantine
title: Move to quarantine
steps:
  - id: quarantine
    kind: action
    action: user.addToGroup
    parameters: { group: Quarantine }
    compensate:
      action: user.removeFromGroup
      parameters: { group: Quarantine }
  - id: department
    kind: action
    action: user.updateProfile
    parameters: { field: department, value: Quarantine }
    compensate:
      action: user.updateProfile
      parameters: { field: department, value: "{{target.displayName}}'s old department" }
  - id: block
    kind: action
    action: user.blockSignIn
  - id: tell
    kind: notice
    to: requester
    text: "{{target.displayName}} is in quarantine."
`;

const PREREQUISITE_WORKFLOW = `
name: licence-after-location
title: Licence after location
steps:
  - id: location
    kind: action
    action: user.updateProfile
    parameters: { field: usageLocation, value: GB }
    onFailure: continue
  - id: licence
    kind: action
    action: user.assignLicense
    parameters: { sku: E5 }
    needs: [location]
  - id: tell
    kind: notice
    to: adminChannel
    text: "Licence: {{steps.licence.status}}"
`;

describe('workflow runs', () => {
  let world: WorkflowWorld;

  beforeEach(() => {
    world = createWorkflowWorld();
  });

  afterEach(() => world.close());

  it('when the compromised-account workflow runs, then it blocks, revokes and resets once each, tells the admin channel, and the password reaches only the requester', async () => {
    const started = await world.service.start(ada, 'compromised-account', users.sam.upn, {});
    expect(started.state).toBe('running');
    await world.service.drain();

    const run = await world.view(started.id);
    expect(run.state).toBe('succeeded');
    expect(statuses(run)).toEqual({ blockSignIn: 'succeeded', revokeSessions: 'succeeded', resetPassword: 'succeeded', tellAdmins: 'succeeded' });
    expect(world.actions.order()).toEqual(['user.blockSignIn', 'user.revokeSessions', 'user.resetPassword']);
    expect(world.actions.calls.map((call) => call.idempotencyKey)).toEqual([`${run.id}:blockSignIn`, `${run.id}:revokeSessions`, `${run.id}:resetPassword`]);
    expect(world.actions.inEffect).toEqual(new Set(['user.blockSignIn:t-sam', 'user.revokeSessions:t-sam', 'user.resetPassword:t-sam']));
    expect(run.steps.find((step) => step.id === 'resetPassword')?.shownOnceLabel).toBe('Temporary password');
    expect(world.actions.delivered).toEqual([{ to: ada.userId, label: 'Temporary password', value: TEMPORARY_PASSWORD }]);

    expect(world.notices.sent).toHaveLength(1);
    expect(world.notices.sent[0]).toMatchObject({ audience: 'adminChannel', idempotencyKey: `${run.id}:tellAdmins` });
    expect(world.notices.sent[0]!.text).toBe(
      'Ada Admin treated Sam Sales (sam@contoso.com) as compromised. Block sign-in: succeeded. Revoke sessions: succeeded. Reset password: succeeded (the temporary password went to Ada Admin only).',
    );

    const audit = await world.audit();
    expect(runTrail(audit, run.id)).toEqual([
      ['workflow.run.start', '', ''],
      ['workflow.step', 'blockSignIn', 'succeeded'],
      ['workflow.step', 'revokeSessions', 'succeeded'],
      ['workflow.step', 'resetPassword', 'succeeded'],
      ['workflow.step', 'tellAdmins', 'succeeded'],
      ['workflow.run.end', '', 'succeeded'],
    ]);
    expect(JSON.stringify(audit)).not.toContain(TEMPORARY_PASSWORD);
    world.harness.db.pragma('wal_checkpoint(TRUNCATE)');
    expect(readFileSync(world.dbPath).toString('latin1')).not.toContain(TEMPORARY_PASSWORD);
    await expect(world.harness.audit.verify(TENANT_A)).resolves.toMatchObject({ ok: true });
  });

  it('when one remediation of a compromised account fails, then the others still run and the run says it completed with failures', async () => {
    world.actions.next('user.blockSignIn', 'fail');
    const started = await world.service.start(ada, 'compromised-account', users.sam.upn, {});
    await world.service.drain();

    const run = await world.view(started.id);
    expect(run.state).toBe('completed-with-failures');
    expect(statuses(run)).toEqual({ blockSignIn: 'failed', revokeSessions: 'succeeded', resetPassword: 'succeeded', tellAdmins: 'succeeded' });
    expect(world.notices.sent[0]!.text).toContain('Block sign-in: failed. Revoke sessions: succeeded.');
  });

  it('when a choice is answered, then the steps whose conditions are false are skipped and say why', async () => {
    world.publish(CHOICE_WORKFLOW);
    const started = await world.service.start(ada, 'leaver-with-choice', users.sam.upn, { sendReply: 'yes' });
    await world.service.drain();

    const waiting = await world.view(started.id);
    expect(waiting.state).toBe('waiting-choice');
    expect(waiting.steps[1]).toMatchObject({ id: 'keepMailbox', status: 'waiting-choice', question: "Keep Sam Sales's mailbox?", options: ['yes', 'no'] });

    await world.service.answer(started.id, 'keepMailbox', ada, 'No');
    await world.service.drain();
    // A second click on the card changes nothing.
    await world.service.answer(started.id, 'keepMailbox', ada, 'yes');
    await world.service.drain();

    const run = await world.view(started.id);
    expect(run.state).toBe('succeeded');
    expect(statuses(run)).toEqual({ block: 'succeeded', keepMailbox: 'succeeded', autoReply: 'skipped', removeLicences: 'succeeded' });
    expect(run.steps[1]).toMatchObject({ answer: 'no', summary: 'Ada Admin (ada@contoso.com) answered "no".' });
    expect(run.steps[2]).toMatchObject({ code: 'WORKFLOW.CONDITION_FALSE', summary: "Skipped: its condition (steps.keepMailbox.answer == 'yes' and sendReply) wasn't met." });
    expect(world.actions.order()).toEqual(['user.blockSignIn', 'user.removeAllLicenses']);
  });

  it('when someone other than the requester or a tenant admin answers, or picks no option of the step, then the answer is refused', async () => {
    world.publish(CHOICE_WORKFLOW);
    const started = await world.service.start(ada, 'leaver-with-choice', users.sam.upn, {});
    await world.service.drain();

    await expect(world.service.answer(started.id, 'keepMailbox', olga, 'no')).rejects.toMatchObject({ code: 'WORKFLOW.NOT_ALLOWED' });
    await expect(world.service.answer(started.id, 'keepMailbox', ada, 'maybe')).rejects.toMatchObject({ code: 'WORKFLOW.INVALID_ANSWER', userMessage: '"maybe" isn\'t one of the options: yes, no.' });
    expect((await world.view(started.id)).state).toBe('waiting-choice');
  });

  it('when an optional step is not chosen, then it is skipped as not chosen; when it is chosen, then it runs with its filled parameters', async () => {
    const without = await world.service.start(ada, 'offboarding', users.sam.upn, {});
    await world.service.drain();
    const withReply = await world.service.start(ada, 'offboarding', users.olive.upn, { replyMessage: 'Olive has moved on; write to finance@contoso.com.' }, { optIn: ['automaticReply'] });
    await world.service.drain();

    const first = await world.view(without.id);
    expect(first.state).toBe('succeeded');
    expect(first.steps.find((step) => step.id === 'automaticReply')).toMatchObject({ status: 'skipped', code: 'WORKFLOW.NOT_CHOSEN', summary: 'Not chosen before the run (an optional step).' });
    expect((await world.view(withReply.id)).steps.find((step) => step.id === 'automaticReply')?.status).toBe('succeeded');
    expect(world.actions.callsOf('user.setAutomaticReplies').map((call) => [call.target.upn, call.parameters])).toEqual([['olive@contoso.com', { message: 'Olive has moved on; write to finance@contoso.com.' }]]);
    expect(world.actions.order().slice(0, 4)).toEqual(['user.blockSignIn', 'user.revokeSessions', 'user.removeFromAllGroups', 'user.removeAllLicenses']);
  });

  it('when a step fails, then the run stops there, the rest are skipped saying why, and the run reports what was done', async () => {
    world.actions.next('user.removeFromAllGroups', 'fail');
    const started = await world.service.start(ada, 'offboarding', users.sam.upn, {});
    await world.service.drain();

    const run = await world.view(started.id);
    expect(run).toMatchObject({ state: 'failed', failedStepId: 'removeGroups', canRetry: true, canStop: false });
    expect(statuses(run)).toEqual({ blockSignIn: 'succeeded', revokeSessions: 'succeeded', automaticReply: 'skipped', removeGroups: 'failed', removeLicences: 'skipped', tellAdmins: 'skipped' });
    expect(run.steps.find((step) => step.id === 'removeGroups')).toMatchObject({ code: 'DIRECTORY.PERMISSION_DENIED', summary: "The management account isn't allowed to do this." });
    expect(run.steps.find((step) => step.id === 'removeLicences')).toMatchObject({ code: 'WORKFLOW.NOT_RUN', summary: 'Not run: "Remove from all groups" failed.' });
    expect(world.notices.sent).toEqual([]);
    const end = (await world.audit()).find((record) => record.action === 'workflow.run.end' && record.details['runId'] === run.id);
    expect(end).toMatchObject({ result: { outcome: 'failed', code: 'WORKFLOW.RUN_FAILED' }, details: { endedAs: 'failed', failedStepId: 'removeGroups', succeeded: 2, failed: 1, skipped: 3 } });
  });

  it('when a failed run is retried, then it goes on from the failed step with a new idempotency key and repeats no finished step', async () => {
    world.actions.next('user.removeFromAllGroups', 'fail');
    const started = await world.service.start(ada, 'offboarding', users.sam.upn, {});
    await world.service.drain();

    await expect(world.service.retry(started.id, olga)).rejects.toMatchObject({ code: 'WORKFLOW.NOT_ALLOWED' });
    await world.service.retry(started.id, ada, { correlationId: 'c-retry' });
    await world.service.drain();

    const run = await world.view(started.id);
    expect(run.state).toBe('succeeded');
    expect(statuses(run)).toEqual({ blockSignIn: 'succeeded', revokeSessions: 'succeeded', automaticReply: 'skipped', removeGroups: 'succeeded', removeLicences: 'succeeded', tellAdmins: 'succeeded' });
    expect(world.actions.callsOf('user.blockSignIn')).toHaveLength(1);
    expect(world.actions.callsOf('user.removeFromAllGroups').map((call) => call.idempotencyKey)).toEqual([`${run.id}:removeGroups`, `${run.id}:removeGroups:2`]);
    const trail = runTrail(await world.audit(), run.id);
    expect(trail.filter(([action]) => action === 'workflow.run.retry')).toHaveLength(1);
    expect(trail.filter(([action]) => action === 'workflow.run.end').map(([, , endedAs]) => endedAs)).toEqual(['failed', 'succeeded']);
    await expect(world.service.retry(started.id, ada)).rejects.toMatchObject({ code: 'WORKFLOW.INVALID_STATE' });
  });

  it('when a later step fails, then the finished steps\' compensations run last first, and the run cannot be retried', async () => {
    world.publish(COMPENSATING_WORKFLOW);
    world.actions.next('user.blockSignIn', 'fail');
    const started = await world.service.start(ada, 'move-to-quarantine', users.sam.upn, {});
    await world.service.drain();

    const run = await world.view(started.id);
    expect(run).toMatchObject({ state: 'failed', failedStepId: 'block', canRetry: false });
    expect(run.steps.map((step) => [step.id, step.status, step.compensation?.status])).toEqual([
      ['quarantine', 'succeeded', 'succeeded'],
      ['department', 'succeeded', 'succeeded'],
      ['block', 'failed', undefined],
      ['tell', 'skipped', undefined],
    ]);
    expect(world.actions.calls.map((call) => [call.actionId, call.purpose])).toEqual([
      ['user.addToGroup', 'step'],
      ['user.updateProfile', 'step'],
      ['user.blockSignIn', 'step'],
      ['user.updateProfile', 'compensation'],
      ['user.removeFromGroup', 'compensation'],
    ]);
    expect(world.actions.calls[3]).toMatchObject({ idempotencyKey: `${run.id}:department:compensate`, parameters: { field: 'department', value: "Sam Sales's old department" } });
    expect(world.actions.inEffect.has('user.addToGroup:t-sam')).toBe(false);
    const trail = runTrail(await world.audit(), run.id);
    expect(trail.filter(([action]) => action === 'workflow.step.compensate')).toEqual([
      ['workflow.step.compensate', 'department', 'succeeded'],
      ['workflow.step.compensate', 'quarantine', 'succeeded'],
    ]);
    expect(trail[trail.length - 1]).toEqual(['workflow.run.end', '', 'failed']);
    await expect(world.service.retry(started.id, ada)).rejects.toMatchObject({ code: 'WORKFLOW.NOT_RETRYABLE' });
  });

  it('when a step\'s prerequisite failed, then it is skipped saying which, and the run completed with failures', async () => {
    world.publish(PREREQUISITE_WORKFLOW);
    world.actions.next('user.updateProfile', 'fail');
    const started = await world.service.start(ada, 'licence-after-location', users.sam.upn, {});
    await world.service.drain();

    const run = await world.view(started.id);
    expect(run.state).toBe('completed-with-failures');
    expect(run.steps[1]).toMatchObject({ status: 'skipped', code: 'WORKFLOW.PREREQUISITE_NOT_MET', summary: 'Skipped because "Update profile fields" failed.' });
    expect(world.notices.sent[0]!.text).toBe('Licence: skipped');
    expect(world.actions.callsOf('user.assignLicense')).toEqual([]);
  });

  it('when the action port throws, then the step\'s outcome is unknown, the run stops, and the action is not called again', async () => {
    world.actions.next('user.revokeSessions', 'throw');
    const started = await world.service.start(ada, 'offboarding', users.sam.upn, {});
    await world.service.drain();

    const run = await world.view(started.id);
    expect(run).toMatchObject({ state: 'failed', failedStepId: 'revokeSessions' });
    expect(run.steps[1]).toMatchObject({ status: 'unknown', code: 'WORKFLOW.OUTCOME_UNKNOWN' });
    expect(world.actions.callsOf('user.revokeSessions')).toHaveLength(1);
  });

  it('when the onboarding template runs, then it works out the starter from the inputs, sets them up, and tells their manager', async () => {
    const inputs = { firstName: 'jo', lastName: 'starter', domain: 'contoso.com', department: 'Marketing', jobTitle: 'Designer', manager: 'megan@contoso.com', group: 'All Staff', licence: 'E5' };
    const started = await world.service.start(ada, 'onboarding', undefined, inputs);
    await world.service.drain();

    const run = await world.view(started.id);
    expect(run.target).toMatchObject({ upn: 'jo.starter@contoso.com' });
    expect(run.state).toBe('succeeded');
    expect(world.actions.calls.map((call) => [call.actionId, call.parameters])).toEqual([
      ['user.updateProfile', { field: 'department', value: 'Marketing' }],
      ['user.updateProfile', { field: 'jobTitle', value: 'Designer' }],
      ['user.updateProfile', { field: 'manager', value: 'megan@contoso.com' }],
      ['user.updateProfile', { field: 'usageLocation', value: 'US' }],
      ['user.addToGroup', { group: 'All Staff' }],
      ['user.assignLicense', { sku: 'E5' }],
      ['user.createTemporaryAccessPass', { lifetime: '8 hours' }],
    ]);
    expect(run.steps.map((step) => step.title)).toContain('Add to All Staff');
    expect(world.actions.delivered.map((secret) => [secret.to, secret.label])).toEqual([[ada.userId, 'Temporary Access Pass']]);
    expect(world.notices.sent).toEqual([
      expect.objectContaining({
        audience: 'manager',
        recipient: { userId: 'u-megan', upn: 'megan@contoso.com', displayName: 'Megan Manager' },
        text: 'jo starter (jo.starter@contoso.com) is set up as Designer in Marketing. Ada Admin has a Temporary Access Pass for their first sign-in and will hand it over.',
      }),
    ]);
  });

  it('when the inputs are wrong, then nothing starts and every problem is said in words', async () => {
    const attempt = world.service.start(ada, 'onboarding', 'sam@contoso.com', { firstName: 'jo', lastName: 'starter', domain: 'contoso.com', manager: 'megan', colour: 'blue' });
    const error = (await attempt.catch((e: unknown) => e)) as { code: string; details: { problems: string[] } };
    expect(error.code).toBe('WORKFLOW.INVALID_INPUTS');
    expect(error.details.problems).toEqual([
      '"colour" isn\'t an input of Onboarding; its inputs are firstName, lastName, domain, department, jobTitle, manager, usageLocation, group, licence.',
      'department (Their department, e.g. Marketing) is missing.',
      'jobTitle (Their job title, e.g. Account Manager) is missing.',
      'manager (Their manager\'s sign-in name) must be a sign-in name such as megan@contoso.com, not "megan".',
      'group (A group to add them to, e.g. All Staff) is missing.',
      'licence (The licence to assign, e.g. E5 or SPE_E5) is missing.',
    ]);
    const full = { firstName: 'jo', lastName: 'starter', domain: 'contoso.com', department: 'M', jobTitle: 'D', manager: 'megan@contoso.com', group: 'G', licence: 'E5' };
    await expect(world.service.start(ada, 'onboarding', 'sam@contoso.com', full)).rejects.toMatchObject({ code: 'WORKFLOW.TARGET_MISMATCH' });
    await expect(world.service.start(ada, 'offboarding', 'nobody@contoso.com', {})).rejects.toMatchObject({ code: 'WORKFLOW.TARGET_NOT_FOUND' });
    await expect(world.service.start(ada, 'offboarding', users.sam.upn, {}, { optIn: ['removeGroups'] })).rejects.toMatchObject({ code: 'WORKFLOW.INVALID_INPUTS' });
    await expect(world.service.start(ada, 'offboarding', users.sam.upn, { replyMessage: 'password=Hunter2!Hunter2' }, { optIn: ['automaticReply'] })).rejects.toMatchObject({ code: 'WORKFLOW.INVALID_INPUTS' });
    await expect(world.service.start(ada, 'no-such-flow', users.sam.upn, {})).rejects.toMatchObject({ code: 'WORKFLOW.NOT_FOUND' });
    expect(await world.service.list(ada)).toEqual([]);
  });

  it('when the same start is delivered twice (same start key), then one run exists', async () => {
    const first = await world.service.start(ada, 'compromised-account', users.sam.upn, {}, { startKey: 'activity-1' });
    const second = await world.service.start(ada, 'compromised-account', users.sam.upn, {}, { startKey: 'activity-1' });
    await world.service.drain();
    expect(second.id).toBe(first.id);
    expect(world.actions.callsOf('user.blockSignIn')).toHaveLength(1);
  });

  it('when a run waiting for an answer is stopped, then the rest is skipped saying who stopped it, and only its requester or an admin may stop it', async () => {
    world.publish(CHOICE_WORKFLOW);
    const started = await world.service.start(ada, 'leaver-with-choice', users.sam.upn, {});
    await world.service.drain();

    await expect(world.service.stop(started.id, olga)).rejects.toMatchObject({ code: 'WORKFLOW.NOT_ALLOWED' });
    await world.service.stop(started.id, gus);
    await world.service.drain();

    const run = await world.view(started.id);
    expect(run).toMatchObject({ state: 'stopped', stoppedBy: { userId: gus.userId }, canStop: false });
    expect(statuses(run)).toEqual({ block: 'succeeded', keepMailbox: 'skipped', autoReply: 'skipped', removeLicences: 'skipped' });
    expect(run.steps[1]!.summary).toBe('Stopped by Gus Groupadmin (gus@contoso.com) before it was answered.');
    const trail = runTrail(await world.audit(), run.id);
    expect(trail.slice(-2)).toEqual([
      ['workflow.step', 'removeLicences', 'skipped'],
      ['workflow.run.end', '', 'stopped'],
    ]);
    expect(trail.filter(([action]) => action === 'workflow.run.stop')).toHaveLength(1);
  });

  it('when a run is scheduled over a department, then each user gets a run in one batch, users out of scope are refused, and a second firing of the slot starts nothing new', async () => {
    world.guard.outOfScope.add(users.cora.userId);
    const first = await world.service.runScheduled(TENANT_A, 'offboarding', { department: 'Sales' }, { scheduledBy: ada, batchKey: 'leavers:2026-01-05T09:00' });
    await world.service.drain();
    const again = await world.service.runScheduled(TENANT_A, 'offboarding', { department: 'Sales' }, { scheduledBy: ada, batchKey: 'leavers:2026-01-05T09:00' });
    await world.service.drain();

    expect(first.runs.map((run) => run.target.upn).sort()).toEqual(['pete@contoso.com', 'sam@contoso.com']);
    expect(new Set(first.runs.map((run) => run.batchId))).toEqual(new Set([first.batchId]));
    expect(first.refused).toEqual([{ upn: 'cora@contoso.com', code: 'ACCESS.NOT_IN_SCOPE', message: "cora@contoso.com isn't in Ada Admin scope." }]);
    expect(again.runs.map((run) => run.id).sort()).toEqual(first.runs.map((run) => run.id).sort());
    expect(again.batchId).toBe(first.batchId);
    const batch = await world.service.list(ada, { batchId: first.batchId });
    expect(batch.map((run) => [run.target.upn, run.state, run.trigger]).sort()).toEqual([
      ['pete@contoso.com', 'succeeded', 'scheduled'],
      ['sam@contoso.com', 'succeeded', 'scheduled'],
    ]);
    expect(world.actions.callsOf('user.blockSignIn')).toHaveLength(2);

    const group = await world.service.runScheduled(TENANT_A, 'compromised-account', { group: 'Leavers' }, { scheduledBy: ada });
    expect(group.runs.map((run) => run.target.upn).sort()).toEqual(['olive@contoso.com', 'sam@contoso.com']);
    await world.service.drain();
    await expect(world.service.runScheduled(TENANT_A, 'offboarding', { group: 'Nobody' }, { scheduledBy: ada })).rejects.toMatchObject({ code: 'WORKFLOW.QUERY_NOT_FOUND' });
    await expect(world.service.runScheduled(TENANT_A, 'onboarding', { department: 'Sales' }, { scheduledBy: ada })).rejects.toMatchObject({ code: 'WORKFLOW.INVALID_INPUTS' });
  });

  it('when a run is previewed, then every step says what it will change, and whether it will run', async () => {
    world.publish(CHOICE_WORKFLOW);
    const preview = await world.service.preview(ada, 'leaver-with-choice', users.sam.upn, {});
    expect(preview.steps.map((step) => [step.id, step.willRun, step.title])).toEqual([
      ['block', 'yes', 'Block sign-in'],
      ['keepMailbox', 'yes', "Keep Sam Sales's mailbox?"],
      ['autoReply', 'depends', 'Set automatic replies'],
      ['removeLicences', 'depends', 'Remove all licences'],
    ]);
    expect(preview.steps[2]).toMatchObject({ parameters: { message: 'Sam Sales has left.' }, why: "Only if steps.keepMailbox.answer == 'yes' and sendReply." });
    const offboarding = await world.service.preview(ada, 'offboarding', users.sam.upn, {});
    expect(offboarding.steps.find((step) => step.id === 'automaticReply')).toMatchObject({ willRun: 'no', why: 'Optional: not chosen.' });
    expect(await world.service.list(ada)).toEqual([]);
  });

  it('when an operator lists runs, then they see their own only; a tenant admin sees all of the tenant\'s', async () => {
    const adas = await world.service.start(ada, 'compromised-account', users.sam.upn, {});
    const olgas = await world.service.start(olga, 'compromised-account', users.pete.upn, {});
    await world.service.drain();
    expect((await world.service.list(olga)).map((run) => run.id)).toEqual([olgas.id]);
    expect((await world.service.list(ada)).map((run) => run.id).sort()).toEqual([adas.id, olgas.id].sort());
    await expect(world.service.get(olga, adas.id)).rejects.toMatchObject({ code: 'WORKFLOW.RUN_NOT_FOUND' });
  });

  it('when a tenant workflow is disabled, then it cannot be run; two changes from the same state keep the first', async () => {
    world.publish(PREREQUISITE_WORKFLOW);
    const stored = world.definitions.liveVersion(TENANT_A, 'licence-after-location')!;
    const by = { userId: ada.userId };
    const from = { state: stored.state, revision: stored.revision };
    expect(world.definitions.apply({ updates: [{ expected: from, next: { ...stored, state: 'disabled', disabledBy: by, disabledAt: '2026-01-05T09:00:00.000Z' } }], history: [] })).toBe(true);
    expect(world.definitions.apply({ updates: [{ expected: from, next: { ...stored, state: 'published' } }], history: [] })).toBe(false);
    expect(world.definitions.liveVersion(TENANT_A, 'licence-after-location')).toMatchObject({ revision: 1, state: 'disabled' });
    await expect(world.service.start(ada, 'licence-after-location', users.sam.upn, {})).rejects.toMatchObject({ code: 'WORKFLOW.NOT_FOUND' });
    expect(world.service.listWorkflows(TENANT_A).map((workflow) => [workflow.name, workflow.state, workflow.builtIn])).toEqual([
      ['onboarding', 'published', true],
      ['offboarding', 'published', true],
      ['compromised-account', 'published', true],
      ['licence-after-location', 'disabled', false],
    ]);
  });
});

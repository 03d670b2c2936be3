/**
 * [chromium] Needs Debian's /usr/bin/chromium (`apt-get install -y chromium`; .ci/run installs it).
 *
 * Issue 14 in the Playground, each person in their own Teams client:
 * - a custom action: Alex Wilber pastes its YAML and submits it, Megan Bowen (the second Global
 *   Admin) approves and publishes it, and Isaiah Langer (an operator with a Sales scope) runs it on
 *   a Sales user; the sandbox holds the change;
 * - `remediate compromised <user>`: block, revoke and reset reported as done, and the sandbox shows
 *   the user blocked, with a new password and revoked sessions;
 * - the offboarding template run by Isaiah on a user in his scope;
 * - Isaiah offboards another Sales user while Alex wants every block approved: the run waits for
 *   a tenant admin, Megan approves it from her approval card, and the run finishes;
 * - Alex pastes a workflow of his own and submits it, Megan reviews, approves and publishes it,
 *   and it can then be run;
 * - Alex schedules offboarding for a department from the form (the confirmation says what, for
 *   whom, when), and sees it on `workflow schedules`.
 * Screenshots go to test/artifacts/automation-*.png.
 */
import { verifySecret } from '../../sandbox/directory/model';
import { LOST_LAPTOP_YAML } from '../support/workflows/lost-laptop';
import type { PlaygroundPage } from '../support/chromium';
import type { TestStack } from '../support/playground';
import { PlaygroundSession } from '../support/playground-session';

jest.setTimeout(240_000);

const PATTI = 'patti.fernandez@contoso.test';
const DEBRA = 'debra.berger@contoso.test';
const JORDAN = 'jordan.miller@contoso.test';
const NOAH = 'noah.fischer@contoso.test';
const KARINA = 'karina.duval@contoso.test';

const SET_EMPLOYEE_ID = [
  'name: set-employee-id',
  'title: Set employee ID',
  "description: Records the HR system's employee number on the user.",
  'target: user',
  'method: PATCH',
  'path: /users/{id}',
  'body:',
  '  employeeId: "{{employeeId}}"',
  'parameters:',
  '  - name: employeeId',
  '    type: string',
  '    description: The number from the HR system',
  'whoMayRun:',
  '  roles: [tenantAdmin, operator]',
  '  grantIncludes: [user.updateProfile]',
  'risk: low',
].join('\n');

describe('[chromium] custom actions, workflows and remediation, each person in their own Playground', () => {
  const session = new PlaygroundSession({ personas: ['admin', 'approver', 'operator'] });
  let stack: TestStack;
  let alex: PlaygroundPage;
  let megan: PlaygroundPage;
  let isaiah: PlaygroundPage;

  const directory = () => stack.sandbox.state().directory;
  const userByUpn = (upn: string) => directory().users.find((user) => user.userPrincipalName === upn)!;

  beforeAll(async () => {
    await session.start();
    ({ stack, playground: alex } = session);
    megan = await session.openPersona('approver');
    isaiah = await session.openPersona('operator');
    for (const page of [alex, megan, isaiah]) await page.page.setViewportSize({ width: 1280, height: 1600 });
  }, 200_000);

  afterAll(() => session.stop(), 60_000);

  it('when Alex sets the tenant up and grants Isaiah a Sales scope, then management is ON and Isaiah is an operator', async () => {
    const hello = await megan.sendMessage('status');
    await megan.waitForCardText('Management', { after: hello, timeoutMs: 30_000 });
    const asked = await alex.sendMessage('status');
    const off = await alex.waitForCardText('Use management service account', { after: asked, timeoutMs: 30_000 });
    await off.getByRole('button', { name: 'Use management service account', exact: true }).click();
    const created = await alex.waitForCardText('Management service account created', { after: asked, timeoutMs: 90_000 });
    await created.getByRole('button', { name: 'Turn on management session', exact: true }).click();
    await alex.waitForCardText('Management ON', { after: asked, timeoutMs: 60_000 });

    const grant = await alex.sendMessage('grant operator isaiah.langer@contoso.test scope department Sales actions update profile, block sign-in, revoke sessions, set automatic replies, remove from all groups, remove all licences');
    const confirmation = await alex.waitForCardText('Grant operator access?', { after: grant, timeoutMs: 30_000 });
    await confirmation.getByRole('button', { name: 'Grant', exact: true }).click();
    await alex.waitForCardText('is now an operator', { after: grant, timeoutMs: 30_000 });
  });

  it('when Alex pastes a custom action and Megan approves and publishes it, then Isaiah runs it on a Sales user and the sandbox holds the change', async () => {
    const asked = await alex.sendMessage('new custom action');
    const form = await alex.waitForCardText('Save as draft', { after: asked, timeoutMs: 30_000 });
    await form.locator('textarea').fill(SET_EMPLOYEE_ID);
    await alex.screenshot('automation-1-custom-action-form');
    await form.getByRole('button', { name: 'Save as draft', exact: true }).click();
    const saved = await alex.waitForCardText('Submit for approval', { after: asked, timeoutMs: 30_000 });
    await saved.getByRole('button', { name: 'Submit for approval', exact: true }).click();
    await alex.waitForCardText("Waiting for a second admin's approval", { after: asked, timeoutMs: 30_000 });

    const listed = await megan.sendMessage('custom actions');
    const review = await megan.waitForCardText('Set employee ID', { after: listed, timeoutMs: 30_000 });
    await review.getByRole('button', { name: 'Approve', exact: true }).click();
    const approved = await megan.waitForCardText('ready to publish', { after: listed, timeoutMs: 30_000 });
    await megan.screenshot('automation-2-custom-action-approved');
    await approved.getByRole('button', { name: 'Publish', exact: true }).click();
    await megan.waitForCardText('Published, version 1', { after: listed, timeoutMs: 30_000 });

    expect(userByUpn(PATTI).employeeId ?? null).toBeNull();
    const run = await isaiah.sendMessage(`run set-employee-id for ${PATTI} with employeeId=E-1001`);
    const confirm = await isaiah.waitForCardText('Set employee ID for Patti Fernandez', { after: run, timeoutMs: 30_000 });
    expect(await confirm.innerText()).toContain('PATCH /users/');
    await isaiah.screenshot('automation-3-custom-action-confirm');
    await confirm.getByRole('button', { name: 'Run custom action', exact: true }).click();
    await isaiah.waitForCardText('Done: Set employee ID', { after: run, timeoutMs: 60_000 });
    expect(userByUpn(PATTI).employeeId).toBe('E-1001');
  });

  it('when Alex remediates a compromised Sales user, then block, revoke and reset are reported done and the sandbox shows it', async () => {
    const before = { ...userByUpn(DEBRA) };
    const asked = await alex.sendMessage(`remediate compromised ${DEBRA}`);
    const confirm = await alex.waitForCardText('Treat Debra Berger', { after: asked, timeoutMs: 30_000 });
    await alex.screenshot('automation-4-remediate-confirm');
    await confirm.getByRole('button', { name: 'Start remediation', exact: true }).click();
    const done = await alex.waitForCardText('Done: Compromised account for Debra Berger', { after: asked, timeoutMs: 90_000 });
    const text = await done.innerText();
    for (const step of ['Block sign-in', 'Revoke sessions', 'Reset password']) expect(text).toContain(step);
    await done.scrollIntoViewIfNeeded();
    await alex.screenshot('automation-5-remediate-done');

    const after = userByUpn(DEBRA);
    expect(after.accountEnabled).toBe(false);
    expect(after.forceChangePasswordNextSignIn).toBe(true);
    expect(after.passwordHash).not.toBe(before.passwordHash);
    expect(Date.parse(after.signInSessionsValidFromDateTime)).toBeGreaterThan(Date.parse(before.signInSessionsValidFromDateTime));
    // The temporary password came to Alex alone, on its shown-once card.
    const secretCard = await alex.waitForCardText('Temporary password', { after: asked, timeoutMs: 30_000 });
    const shown = (await secretCard.innerText()).split(/\s+/).find((word) => word.length === 16 && verifySecret(after.passwordHash, word));
    expect(shown).toBeDefined();
    expect(stack.readBotLog()).not.toContain(shown!);
  });

  it('when Alex lets operators offboard without approval and Isaiah offboards a Sales user, then the user is locked out and loses groups and licences', async () => {
    const choices = await alex.sendMessage('action approvals');
    const card = await alex.waitForCardText('Which actions need approval', { after: choices, timeoutMs: 30_000 });
    await card.getByRole('button', { name: 'Approval: Remove from all groups', exact: true }).click();
    const once = await alex.waitForCardText('Remove from all groups no longer needs approval', { after: choices, timeoutMs: 30_000 });
    await once.getByRole('button', { name: 'Approval: Remove all licences', exact: true }).click();
    await alex.waitForCardText('Remove all licences no longer needs approval', { after: choices, timeoutMs: 30_000 });

    expect(userByUpn(JORDAN).assignedLicenses.length).toBeGreaterThan(0);
    const asked = await isaiah.sendMessage(`run workflow offboarding for ${JORDAN}`);
    const preview = await isaiah.waitForCardText('Run Offboarding for Jordan Miller', { after: asked, timeoutMs: 30_000 });
    await isaiah.screenshot('automation-6-offboarding-preview');
    await preview.getByRole('button', { name: 'Start', exact: true }).click();
    const done = await isaiah.waitForCardText('Offboarding for Jordan Miller', { after: asked, timeoutMs: 30_000 });
    await isaiah.page.waitForFunction(() => document.body.innerText.includes('Done: Offboarding for Jordan Miller'), undefined, { timeout: 90_000 });
    await done.scrollIntoViewIfNeeded();
    await isaiah.screenshot('automation-7-offboarding-done');

    const jordan = userByUpn(JORDAN);
    expect(jordan.accountEnabled).toBe(false);
    expect(jordan.assignedLicenses).toEqual([]);
  });

  it("when Alex wants every block approved and Isaiah offboards a Sales user, then the run waits for a tenant admin and Megan's Approve lets it finish", async () => {
    const choices = await alex.sendMessage('action approvals');
    const card = await alex.waitForCardText('Which actions need approval', { after: choices, timeoutMs: 30_000 });
    await card.getByRole('button', { name: 'Approval: Block sign-in', exact: true }).click();
    await alex.waitForCardText('Block sign-in needs approval again when operators run it.', { after: choices, timeoutMs: 30_000 });

    const asked = await isaiah.sendMessage(`run workflow offboarding for ${NOAH}`);
    const preview = await isaiah.waitForCardText("A tenant admin's approval", { after: asked, timeoutMs: 30_000 });
    expect(await preview.innerText()).toContain("Block sign-in needs a tenant admin's approval when an operator runs it");
    await isaiah.screenshot('automation-8-offboarding-needs-approval');
    await preview.getByRole('button', { name: 'Start', exact: true }).click();
    await isaiah.page.waitForFunction(() => document.body.innerText.includes('Waiting for approval'), undefined, { timeout: 60_000 });
    expect(userByUpn(NOAH).accountEnabled).toBe(true);

    const approval = await megan.waitForCardText('Approve a workflow step', { timeoutMs: 60_000 });
    expect(await approval.innerText()).toContain('Isaiah Langer');
    await megan.screenshot('automation-9-workflow-approval');
    await approval.getByRole('button', { name: 'Approve', exact: true }).click();
    await isaiah.page.waitForFunction(() => document.body.innerText.includes('Done: Offboarding for Noah Fischer'), undefined, { timeout: 90_000 });
    await isaiah.screenshot('automation-10-offboarding-approved-done');
    expect(userByUpn(NOAH).accountEnabled).toBe(false);
  });

  it('when Alex schedules offboarding for a department, then the confirmation says what, for whom and when, and the schedule is listed', async () => {
    const asked = await alex.sendMessage('schedule workflow offboarding');
    const form = await alex.waitForCardText('Schedule a workflow', { after: asked, timeoutMs: 30_000 });
    await form.getByRole('radio', { name: 'A department' }).check();
    await form.getByLabel('Department or group name').fill('Leavers');
    await form.getByLabel(/^When/).fill('weekly on Monday at 06:00');
    await form.getByRole('button', { name: 'Check', exact: true }).click();
    const confirm = await alex.waitForCardText('Run Offboarding weekly on Monday at 06:00 for the department Leavers?', { after: asked, timeoutMs: 30_000 });
    await alex.screenshot('automation-11-schedule-confirm');
    await confirm.getByRole('button', { name: 'Schedule', exact: true }).click();
    const listed = await alex.waitForCardText('Offboarding for the department Leavers', { after: asked, timeoutMs: 30_000 });
    expect(await listed.innerText()).toContain('Weekly on Monday at 06:00');
    await alex.screenshot('automation-12-schedules');
  });

  it('when Alex pastes a workflow and Megan reviews, approves and publishes it, then it can be run', async () => {
    const asked = await alex.sendMessage('new workflow');
    const form = await alex.waitForCardText('Save as draft', { after: asked, timeoutMs: 30_000 });
    await form.locator('textarea').fill(LOST_LAPTOP_YAML);
    await form.getByRole('button', { name: 'Save as draft', exact: true }).click();
    const saved = await alex.waitForCardText('Submit for approval', { after: asked, timeoutMs: 30_000 });
    await saved.getByRole('button', { name: 'Submit for approval', exact: true }).click();
    await alex.waitForCardText("waiting for a second tenant admin's approval", { after: asked, timeoutMs: 30_000 });
    await alex.screenshot('automation-13-workflow-submitted');

    const listed = await megan.sendMessage('workflow definitions');
    const list = await megan.waitForCardText('Lost laptop', { after: listed, timeoutMs: 30_000 });
    await list.getByRole('button', { name: 'Review', exact: true }).click();
    const review = await megan.waitForCardText('Review: Lost laptop', { after: listed, timeoutMs: 30_000 });
    await megan.screenshot('automation-14-workflow-review');
    await review.getByRole('button', { name: 'Approve', exact: true }).click();
    const approved = await megan.waitForCardText('ready to publish', { after: listed, timeoutMs: 30_000 });
    await approved.getByRole('button', { name: 'Publish', exact: true }).click();
    await megan.waitForCardText('Published, version 1', { after: listed, timeoutMs: 30_000 });

    const run = await alex.sendMessage(`run workflow lost-laptop for ${KARINA}`);
    const preview = await alex.waitForCardText('Run Lost laptop for Karina Duval', { after: run, timeoutMs: 30_000 });
    expect(await preview.innerText()).toContain('Block sign-in');
    await alex.screenshot('automation-15-own-workflow-preview');
  });
});

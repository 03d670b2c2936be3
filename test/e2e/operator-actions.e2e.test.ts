/**
 * [chromium] Needs Debian's /usr/bin/chromium (`apt-get install -y chromium`; .ci/run installs it).
 *
 * Issue 13's first "Done when": in the `npm start` stack, Alex Wilber sets the tenant up as the
 * product documentation says (Use management service account → Turn on) and grants Isaiah Langer
 * a Sales scope; Isaiah, in his own Playground, resets an in-scope user's password (the temporary
 * password is shown once, then hidden in place when he says he copied it) and adds the user to a
 * group. The sandbox holds both changes, `audit` lists them with Isaiah as the actor and the
 * service account as the principal, and an out-of-scope target is refused and audited.
 * Screenshots go to test/artifacts/operator-actions-*.png.
 */
import { verifySecret } from '../../sandbox/directory/model';
import type { PlaygroundPage } from '../support/chromium';
import type { TestStack } from '../support/playground';
import { PlaygroundSession } from '../support/playground-session';

jest.setTimeout(240_000);

const PATTI = 'patti.fernandez@contoso.test';
const ALICE = 'alice.ng@contoso.test';
const GROUP = 'Operations';

describe('[chromium] an operator resets a password and adds a user to a group, in his own Playground', () => {
  const session = new PlaygroundSession({ personas: ['admin', 'operator'] });
  let stack: TestStack;
  let alex: PlaygroundPage;
  let isaiah: PlaygroundPage;

  const directory = () => stack.sandbox.state().directory;
  const userByUpn = (upn: string) => directory().users.find((user) => user.userPrincipalName === upn)!;
  const groupNamed = (name: string) => directory().groups.find((group) => group.displayName === name)!;
  const serviceAccountUpn = () => stack.app.services.serviceAccountRepo.get(stack.tenantId)!.userPrincipalName;

  beforeAll(async () => {
    await session.start();
    ({ stack, playground: alex } = session);
    isaiah = await session.openPersona('operator');
    for (const page of [alex, isaiah]) await page.page.setViewportSize({ width: 1280, height: 1600 });
  }, 200_000);

  afterAll(() => session.stop(), 60_000);

  it('when Alex sets the tenant up and grants Isaiah a Sales scope, then management is ON and Isaiah is an operator', async () => {
    const asked = await alex.sendMessage('status');
    const off = await alex.waitForCardText('Use management service account', { after: asked, timeoutMs: 30_000 });
    await off.getByRole('button', { name: 'Use management service account', exact: true }).click();
    const created = await alex.waitForCardText('Management service account created', { after: asked, timeoutMs: 90_000 });
    await created.getByRole('button', { name: 'Turn on management session', exact: true }).click();
    await alex.waitForCardText('Management ON', { after: asked, timeoutMs: 60_000 });

    const grant = await alex.sendMessage('grant operator isaiah.langer@contoso.test scope department Sales actions reset password, add to group');
    const confirmation = await alex.waitForCardText('Grant operator access?', { after: grant, timeoutMs: 30_000 });
    await confirmation.getByRole('button', { name: 'Grant', exact: true }).click();
    await alex.waitForCardText('is now an operator', { after: grant, timeoutMs: 30_000 });
  });

  it('when Isaiah resets Patti Fernandez\'s password and Alex approves it, then the temporary password is shown once, the sandbox holds it with a forced change, and "I\'ve copied it" hides it in place', async () => {
    const before = userByUpn(PATTI).passwordHash;
    const asked = await isaiah.sendMessage(`reset password for ${PATTI}`);
    const confirmation = await isaiah.waitForCardText('Reset the password of Patti Fernandez', { after: asked, timeoutMs: 30_000 });
    await isaiah.screenshot('operator-actions-1-reset-confirm');
    // Reset password needs a tenant admin's approval by default: Isaiah asks, Alex (another admin) approves.
    const approvalAsked = await alex.sendMessage('help');
    await confirmation.getByRole('button', { name: 'Ask for approval', exact: true }).click();
    await isaiah.waitForCardText('Approval requested: Reset the password of Patti Fernandez', { after: asked, timeoutMs: 30_000 });
    expect(userByUpn(PATTI).passwordHash).toBe(before);
    const approval = await alex.waitForCardText('Run a management action', { after: approvalAsked, timeoutMs: 30_000 });
    await alex.screenshot('operator-actions-1b-approval-card');
    await approval.getByRole('button', { name: 'Approve', exact: true }).click();
    const approved = await isaiah.waitForCardText('Approved: Reset the password of Patti Fernandez', { after: asked, timeoutMs: 30_000 });
    expect(await approved.innerText()).toContain('Alex Wilber');
    await isaiah.screenshot('operator-actions-1c-approved-run-now');
    await approved.getByRole('button', { name: 'Run now', exact: true }).click();
    const done = await isaiah.waitForCardText('Done: Reset password', { after: asked, timeoutMs: 60_000 });
    const shown = await done.innerText();
    expect(shown).toContain(serviceAccountUpn());
    await done.scrollIntoViewIfNeeded();
    await isaiah.screenshot('operator-actions-2-password-shown');

    // The password on the card is the one the sandbox now holds, and it must be changed at next sign-in.
    const patti = userByUpn(PATTI);
    expect(patti.passwordHash).not.toBe(before);
    expect(patti.forceChangePasswordNextSignIn).toBe(true);
    const candidates = shown.split(/\s+/).filter((word) => word.length === 16);
    const password = candidates.find((word) => verifySecret(patti.passwordHash, word));
    expect(password).toBeDefined();

    await done.getByRole('button', { name: "I've copied it", exact: true }).click();
    await isaiah.page.waitForFunction((secret) => !document.body.innerText.includes(secret), password!, { timeout: 30_000 });
    const hidden = await isaiah.waitForCardText('Temporary password: hidden', { after: asked, timeoutMs: 30_000 });
    expect(await hidden.innerText()).not.toContain(password!);
    await isaiah.screenshot('operator-actions-3-password-hidden');
    // Nowhere else: not in the bot's log.
    expect(stack.readBotLog()).not.toContain(password!);
  });

  it('when Isaiah adds Patti to a group, then the sandbox shows her as a member', async () => {
    expect(groupNamed(GROUP).members).not.toContain(userByUpn(PATTI).id);
    const asked = await isaiah.sendMessage(`add ${PATTI} to group ${GROUP}`);
    const confirmation = await isaiah.waitForCardText(`to ${GROUP}?`, { after: asked, timeoutMs: 30_000 });
    await confirmation.getByRole('button', { name: 'Add to group', exact: true }).click();
    await isaiah.waitForCardText('Done: Add to group', { after: asked, timeoutMs: 60_000 });
    await isaiah.screenshot('operator-actions-4-added-to-group');
    expect(groupNamed(GROUP).members).toContain(userByUpn(PATTI).id);
  });

  it('when Isaiah tries a user outside his scope, then he is refused, nothing changes and the refusal is audited', async () => {
    const before = userByUpn(ALICE).passwordHash;
    const asked = await isaiah.sendMessage(`reset password for ${ALICE}`);
    const refused = await isaiah.waitForCardText("You can't do that", { after: asked, timeoutMs: 30_000 });
    expect(await refused.innerText()).toMatch(/scope/i);
    expect(userByUpn(ALICE).passwordHash).toBe(before);
    const { records } = await stack.app.services.audit.list(stack.tenantId, { limit: 100 });
    expect(records.some((record) => record.action === 'user.resetPassword' && record.result.outcome === 'denied' && record.actor.userId === userByUpn('isaiah.langer@contoso.test').id)).toBe(true);
  });

  it('when Alex reads the audit, then it lists both changes with Isaiah as the actor and the service account as the principal', async () => {
    const { records } = await stack.app.services.audit.list(stack.tenantId, { limit: 100 });
    for (const action of ['user.resetPassword', 'user.addToGroup']) {
      const done = records.filter((record) => record.action === action && record.result.outcome === 'ok');
      expect(done).toHaveLength(1);
      expect(done[0]).toMatchObject({ actor: expect.objectContaining({ displayName: expect.stringContaining('Isaiah Langer') }), principal: expect.objectContaining({ upn: serviceAccountUpn() }) });
    }
    const asked = await alex.sendMessage('audit');
    const card = await alex.waitForCardText('Isaiah Langer', { after: asked, timeoutMs: 30_000 });
    const text = await card.innerText();
    expect(text).toMatch(/password/i);
    expect(text).toMatch(/group/i);
    await card.scrollIntoViewIfNeeded();
    await alex.screenshot('operator-actions-5-audit');
    expect(session.browser.pageErrors).toEqual([]);
  });

  it('when Alex blocks sign-in for a whole department, then the confirmation counts the users and the card turns into progress and ends on a summary that matches the sandbox', async () => {
    const finance = directory().users.filter((user) => user.department === 'Finance');
    expect(finance.filter((user) => user.accountEnabled).length).toBeGreaterThan(1);
    const asked = await alex.sendMessage('block sign-in for department Finance');
    const confirmation = await alex.waitForCardText('To change', { after: asked, timeoutMs: 60_000 });
    expect(await confirmation.innerText()).toContain('Block sign-in for');
    await confirmation.scrollIntoViewIfNeeded();
    await alex.screenshot('operator-actions-6-bulk-confirm');
    await confirmation.getByRole('button', { name: 'Block sign-in', exact: true }).click();
    const done = await alex.waitForCardText('Done: Block sign-in', { after: asked, timeoutMs: 90_000 });
    const summary = await done.innerText();
    // Every user of the department is blocked now (one already was: blocking it again succeeds too).
    expect(summary).toContain(`${finance.length} succeeded`);
    expect(finance.filter((user) => userByUpn(user.userPrincipalName).accountEnabled)).toEqual([]);
    await done.scrollIntoViewIfNeeded();
    await alex.screenshot('operator-actions-7-bulk-done');
  });
});

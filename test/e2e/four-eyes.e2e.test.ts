/**
 * [chromium] Needs Debian's /usr/bin/chromium (`apt-get install -y chromium`; .ci/run installs it).
 *
 * Issue 12's second "Done when": four-eyes in the Playground. The `npm start` stack runs one
 * Playground per persona; Alex Wilber (Global Admin) asks to change the management type in his,
 * Megan Bowen (the second Global Admin) approves it from the card in her own Playground, and
 * Alex's card updates in place. Nobody types JSON: each person only types and clicks in their
 * own Teams client. Then Alex makes Isaiah Langer an operator, and Isaiah, in his own Playground,
 * blocks sign-in for a user in his scope. Screenshots go to test/artifacts/four-eyes-*.png.
 */
import type { PlaygroundPage } from '../support/chromium';
import type { TestStack } from '../support/playground';
import { PlaygroundSession } from '../support/playground-session';

jest.setTimeout(240_000);

describe('[chromium] four-eyes approval between two admins, each in their own Playground', () => {
  const session = new PlaygroundSession({ personas: ['admin', 'approver', 'operator'] });
  let stack: TestStack;
  let alex: PlaygroundPage;
  let megan: PlaygroundPage;
  let isaiah: PlaygroundPage;

  beforeAll(async () => {
    await session.start();
    ({ stack, playground: alex } = session);
    megan = await session.openPersona('approver');
    isaiah = await session.openPersona('operator');
    for (const page of [alex, megan, isaiah]) await page.page.setViewportSize({ width: 1280, height: 1600 });
  }, 200_000);

  afterAll(() => session.stop(), 60_000);

  const userByUpn = (upn: string): { accountEnabled: boolean } | undefined =>
    stack.sandbox.state().directory.users.find((user) => user.userPrincipalName === upn);

  it('when the stack starts with personas, then each person has a Playground of their own, signed in as themselves', () => {
    expect(stack.personas.map((persona) => [persona.key, persona.displayName])).toEqual([
      ['admin', 'Alex Wilber'],
      ['approver', 'Megan Bowen'],
      ['operator', 'Isaiah Langer'],
    ]);
    expect(new Set(stack.personas.map((persona) => persona.playgroundUrl)).size).toBe(3);
  });

  it('when Alex asks to change the management type and Megan approves from her card, then the change is made and Alex sees it on his card', async () => {
    // Megan says hello, as a second admin would on day one: the bot now knows her chat.
    const hello = await megan.sendMessage('status');
    await megan.waitForCardText('Management OFF', { after: hello, timeoutMs: 30_000 });

    // Alex's first choice of type takes effect at once; changing it afterwards needs a second admin.
    const first = await alex.sendMessage('switch to default');
    await alex.waitForCardText('Management type set to Default', { after: first, timeoutMs: 30_000 });
    expect(stack.app.services.settingsRepo.get(stack.tenantId).mode).toBe('default');

    const asked = await alex.sendMessage('switch to advanced');
    const requested = await alex.waitForCardText('Approval requested', { after: asked, timeoutMs: 30_000 });
    expect(await requested.innerText()).toContain('Megan Bowen');
    await alex.screenshot('four-eyes-1-alex-requested');

    // The approval card reaches Megan's own Playground, proactively.
    const approval = await megan.waitForCardText('Approval needed', { after: hello, timeoutMs: 30_000 });
    const approvalText = await approval.innerText();
    expect(approvalText).toContain('Alex Wilber');
    expect(approvalText).toContain('Advanced');
    await approval.scrollIntoViewIfNeeded();
    await megan.screenshot('four-eyes-2-megan-approval-card');
    expect(stack.app.services.settingsRepo.get(stack.tenantId).mode).toBe('default');

    await approval.getByRole('button', { name: 'Approve', exact: true }).click();
    await megan.waitForCardText('Approved', { after: hello, timeoutMs: 60_000 });
    await megan.screenshot('four-eyes-3-megan-approved');

    // Alex's request card is replaced in place by the change, which ends with the account created.
    const done = await alex.waitForCardText('Advanced', { after: asked, timeoutMs: 90_000 });
    await alex.page.waitForFunction(() => !document.body.innerText.includes('Approval requested'), undefined, { timeout: 90_000 });
    const doneText = await done.innerText();
    expect(doneText).not.toContain('Approval requested');
    await done.scrollIntoViewIfNeeded();
    await alex.screenshot('four-eyes-4-alex-card-updated');
    expect(stack.app.services.settingsRepo.get(stack.tenantId).mode).toBe('advanced');

    // The end state's next step: turn the session on with the new type, from the same card.
    await done.getByRole('button', { name: 'Turn on management session', exact: true }).click();
    const on = await alex.waitForCardText('Management ON', { after: asked, timeoutMs: 60_000 });
    expect(await on.innerText()).toContain('Advanced (service account)');
    expect((await stack.app.services.sessions.getStatus(stack.tenantId)).session.state).toBe('ON');
  });

  it('when Alex grants Isaiah a Sales scope, then Isaiah, in his own Playground, blocks sign-in for a Sales user and is refused outside it', async () => {
    const before = await isaiah.sendMessage('block sign-in for patti.fernandez@contoso.test');
    await isaiah.waitForCardText('operator', { after: before, timeoutMs: 30_000 });
    expect(userByUpn('patti.fernandez@contoso.test')?.accountEnabled).toBe(true);

    const grant = await alex.sendMessage('grant operator isaiah.langer@contoso.test scope department Sales actions block sign-in');
    const confirmation = await alex.waitForCardText('Grant operator access?', { after: grant, timeoutMs: 30_000 });
    await confirmation.getByRole('button', { name: 'Grant', exact: true }).click();
    await alex.waitForCardText('is now an operator', { after: grant, timeoutMs: 30_000 });

    const asked = await isaiah.sendMessage('block sign-in for patti.fernandez@contoso.test');
    const confirm = await isaiah.waitForCardText('Block sign-in for Patti Fernandez', { after: asked, timeoutMs: 30_000 });
    await isaiah.screenshot('four-eyes-5-operator-confirm');
    await confirm.getByRole('button', { name: 'Block sign-in', exact: true }).click();
    await isaiah.waitForCardText('Done: Block sign-in', { after: asked, timeoutMs: 60_000 });
    await isaiah.screenshot('four-eyes-6-operator-done');
    expect((userByUpn('patti.fernandez@contoso.test'))?.accountEnabled).toBe(false);

    // Outside the scope (Finance): refused, nothing changed.
    const outside = await isaiah.sendMessage('block sign-in for alice.ng@contoso.test');
    const refused = await isaiah.waitForCardText("You can't do that", { after: outside, timeoutMs: 30_000 });
    expect(await refused.innerText()).toMatch(/scope/i);
    await isaiah.screenshot('four-eyes-7-operator-out-of-scope');
    expect(await refused.getByRole('button', { name: 'Block sign-in', exact: true }).count()).toBe(0);
    expect(userByUpn('alice.ng@contoso.test')?.accountEnabled).toBe(true);
  });

  it('when the approval ran, then the audit names both admins and the bot logged no errors', async () => {
    const { records } = await stack.app.services.audit.list(stack.tenantId, { limit: 100 });
    const approved = records.filter((record) => record.action === 'approval.approve');
    expect(approved).toHaveLength(1);
    expect(JSON.stringify(approved[0])).toContain('Megan Bowen');
    const log = stack.readBotLog();
    expect(log.split('\n').filter((line) => /"level":"(error|fatal)"/.test(line))).toEqual([]);
    expect(session.browser.pageErrors).toEqual([]);
  });
});

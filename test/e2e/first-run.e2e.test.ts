/**
 * [chromium] Needs Debian's /usr/bin/chromium (`apt-get install -y chromium`; .ci/run installs it).
 *
 * Issue 12's first "Done when": the seed's first run, end to end in the `npm start` stack on a
 * fresh tenant (no management type chosen, no service account), driven through the Playground's
 * web UI as a new admin would: `status` → "Use management service account" → the progress card
 * ends on "created" → the green "Turn on management session" → "Management ON". No approval step:
 * a first choice of management type takes effect at once (four-eyes is for changing it).
 * Screenshots go to test/artifacts/first-run-*.png.
 */
import type { PlaygroundPage } from '../support/chromium';
import type { TestStack } from '../support/playground';
import { PlaygroundSession } from '../support/playground-session';

// jest 30 runs tests with the global testTimeout (5 s), not the e2e project's; say it here.
jest.setTimeout(180_000);

describe('[chromium] the first run in the Agents Playground, as the product documentation describes it', () => {
  const session = new PlaygroundSession();
  let stack: TestStack;
  let playground: PlaygroundPage;

  beforeAll(async () => {
    await session.start();
    ({ stack, playground } = session);
    await playground.page.setViewportSize({ width: 1280, height: 1600 });
  }, 150_000);

  afterAll(() => session.stop(), 60_000);

  it('when a new tenant admin types status, uses the management service account and turns the session on, then management is ON with no approval step', async () => {
    expect(stack.app.services.settingsRepo.get(stack.tenantId).mode).toBe('none');

    const asked = await playground.sendMessage('status');
    const off = await playground.waitForCardText('Use management service account', { after: asked, timeoutMs: 30_000 });
    const offText = await off.innerText();
    expect(offText).toContain('Management OFF');
    expect(offText).toContain('Not configured');
    expect(offText).toContain('Use Global Admin credentials');
    await off.scrollIntoViewIfNeeded();
    await playground.screenshot('first-run-management-off');

    await off.getByRole('button', { name: 'Use management service account', exact: true }).click();
    const created = await playground.waitForCardText('Management service account created', { after: asked, timeoutMs: 90_000 });
    const createdText = await created.innerText();
    expect(createdText).toContain('Verifying sign-in… done');
    expect(createdText).not.toMatch(/approv/i);
    await created.scrollIntoViewIfNeeded();
    await playground.screenshot('first-run-service-account-created');
    // The first choice took effect at once and was audited as such; no approval was opened.
    expect(stack.app.services.settingsRepo.get(stack.tenantId).mode).toBe('advanced');
    expect(await stack.app.services.approvals.listPending(stack.tenantId, {})).toEqual([]);

    await created.getByRole('button', { name: 'Turn on management session', exact: true }).click();
    const on = await playground.waitForCardText('Management ON', { after: asked, timeoutMs: 60_000 });
    const onText = await on.innerText();
    expect(onText).toContain('Advanced (service account)');
    expect(onText).toContain(stack.app.services.serviceAccountRepo.get(stack.tenantId)!.userPrincipalName);
    await on.scrollIntoViewIfNeeded();
    await playground.screenshot('first-run-management-on');
    expect((await stack.app.services.sessions.getStatus(stack.tenantId)).session.state).toBe('ON');
  });

  it('when the first run ran, then the audit holds the first choice and the bot logged no errors', async () => {
    const { records } = await stack.app.services.audit.list(stack.tenantId, { limit: 100 });
    const chosen = records.filter((record) => record.action === 'mode.chosen');
    expect(chosen).toHaveLength(1);
    expect(JSON.stringify(chosen[0])).toContain('advanced');
    const log = stack.readBotLog();
    expect(log.split('\n').filter((line) => /"level":"(error|fatal)"/.test(line))).toEqual([]);
    expect(session.browser.pageErrors).toEqual([]);
  });
});

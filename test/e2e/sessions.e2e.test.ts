/**
 * [chromium] Needs Debian's /usr/bin/chromium (`apt-get install -y chromium`; .ci/run installs it).
 *
 * Issue 6 in the Agents Playground, on the `npm start` stack: the admin (the Playground user, a
 * Global Admin of the sandbox tenant) turns the management session on in Advanced mode, sees it
 * in `status`, and turns it off with the red button on the card.
 *
 * Advanced mode needs the management service account and the mode set to Advanced. Choosing the
 * mode is a four-eyes approval (a second admin) that the Playground's single admin cannot give,
 * so the test arranges both through the bot's own services (real provisioning against the
 * sandbox: Graph user + role, Key Vault secret, sign-in check) before the browser opens.
 * Screenshots go to test/artifacts/.
 */
import type { PlaygroundPage } from '../support/chromium';
import type { TestStack } from '../support/playground';
import { PlaygroundSession } from '../support/playground-session';

jest.setTimeout(180_000);

describe('[chromium] management session in the Agents Playground', () => {
  const session = new PlaygroundSession();
  let stack: TestStack;
  let playground: PlaygroundPage;

  beforeAll(async () => {
    await session.start(async (started) => {
      const admin = started.currentUser;
      const { services } = started.app;
      await services.provisioning.create(started.tenantId, { tenantId: started.tenantId, userId: admin.aadObjectId, upn: admin.userPrincipalName, displayName: admin.displayName });
      services.settingsRepo.update(started.tenantId, { mode: 'advanced' }, admin.aadObjectId);
    });
    ({ stack, playground } = session);
  }, 150_000);

  afterAll(() => session.stop(), 60_000);

  it('when the admin types "turn on management" in Advanced mode, then the Management ON card shows the service account and a red turn-off button', async () => {
    const sent = await playground.sendMessage('turn on management');
    const card = await playground.waitForCardText('Management ON', { after: sent, timeoutMs: 30_000 });
    const text = await card.innerText();
    expect(text).toContain('Advanced (service account)');
    expect(text).toContain('mgmt-bot.admin@contoso.test');
    expect(text).toContain(stack.currentUser.displayName);
    await card.getByRole('button', { name: 'Turn off management session' }).waitFor({ state: 'visible' });
    await playground.screenshot('sessions-turn-on');
  });

  it('when the admin types "status", then the card shows the session ON', async () => {
    const sent = await playground.sendMessage('status');
    const card = await playground.waitForCardText('Management ON', { after: sent });
    expect(await card.innerText()).toContain('Expires');
    await playground.screenshot('sessions-status');
  });

  it('when the admin clicks Turn off management session, then the card says Management OFF', async () => {
    const cardsBefore = (await playground.cardTexts()).length;
    const card = playground.page.locator('.ac-adaptiveCard:not(.ac-adaptiveCard .ac-adaptiveCard)').nth(cardsBefore - 1);
    await card.getByRole('button', { name: 'Turn off management session' }).click();
    const off = await playground.waitForCardText('Management OFF', { after: { text: 'Turn off management session', cardsBefore: cardsBefore - 1 } });
    expect(await off.innerText()).toContain('cached tokens were dropped');
    expect((await stack.app.services.sessions.getStatus(stack.tenantId)).session.state).toBe('OFF');
    await playground.screenshot('sessions-turn-off');
  });

  it('when the conversation ran, then the bot logged no errors and no secret', async () => {
    const log = stack.readBotLog();
    expect(log.split('\n').filter((line) => /"level":"(error|fatal)"/.test(line))).toEqual([]);
    const record = stack.app.services.serviceAccountRepo.get(stack.tenantId)!;
    const password = (await stack.app.services.vault.getSecret(record.secretName, record.currentSecretVersion)).value;
    expect(log).not.toContain(password);
    expect(session.browser.pageErrors).toEqual([]);
  });
});

/**
 * [chromium] Needs Debian's /usr/bin/chromium (`apt-get install -y chromium`; .ci/run installs it).
 *
 * Issue 5's "Done when", end to end in the `npm start` stack (sandbox tenant, bot, Agents
 * Playground) driven through the Playground's web UI: the admin opens `settings`, selects
 * Create service account, watches the progress card advance in place to "created", and sees the
 * account in `settings`. The sandbox then holds the user with its role and the vault the secret.
 * Screenshots go to test/artifacts/service-account-*.png.
 */
import { findUser, roleAssignmentsOf } from '../../sandbox/directory/model';
import { ROLE_TEMPLATES } from '../../sandbox/directory/seed/contoso-ids';
import type { PlaygroundPage } from '../support/chromium';
import type { TestStack } from '../support/playground';
import { PlaygroundSession } from '../support/playground-session';

// jest 30 runs tests with the global testTimeout (5 s), not the e2e project's; say it here.
jest.setTimeout(180_000);

describe('[chromium] creating the management service account in the Agents Playground', () => {
  const session = new PlaygroundSession();
  let stack: TestStack;
  let playground: PlaygroundPage;

  beforeAll(async () => {
    await session.start();
    ({ stack, playground } = session);
    // The settings card is tall; a tall window lets each screenshot show a whole card.
    await playground.page.setViewportSize({ width: 1280, height: 1900 });
  }, 150_000);

  afterAll(() => session.stop(), 60_000);

  it('when the admin opens settings and selects Create service account, then the progress card advances to "created" and settings shows the account', async () => {
    const opened = await playground.sendMessage('settings');
    const settings = await playground.waitForCardText('Management settings', { after: opened, timeoutMs: 30_000 });
    expect(await settings.innerText()).toContain('No management service account yet');
    await settings.scrollIntoViewIfNeeded();
    await playground.screenshot('service-account-settings-before');

    // Slow Graph down a little so the steps can be seen advancing on the card.
    stack.sandbox.faults.configure({ latency: [{ match: { area: 'graph' }, delayInMs: 600 }] });
    try {
      await settings.getByRole('button', { name: 'Create service account', exact: true }).click();
      const progress = await playground.waitForCardText('Creating account… done', { after: opened, timeoutMs: 30_000 });
      const midway = await progress.innerText();
      expect(midway).toContain('Creating the management service account');
      await progress.scrollIntoViewIfNeeded();
      await playground.screenshot('service-account-progress');
    } finally {
      stack.sandbox.faults.clear();
    }
    const created = await playground.waitForCardText('Management service account created', { after: opened, timeoutMs: 60_000 });
    const createdText = await created.innerText();
    expect(createdText).toContain('mgmt-bot.admin@contoso.test');
    for (const step of ['Creating account… done', 'Assigning role… done', 'Storing secret… done', 'Verifying sign-in… done']) expect(createdText).toContain(step);
    await created.scrollIntoViewIfNeeded();
    await playground.screenshot('service-account-created');
    // In place: the clicked settings card became the progress card, not a new message.
    expect((await playground.cardTexts()).filter((text) => text.includes('Management service account created'))).toHaveLength(1);

    const again = await playground.sendMessage('settings');
    const after = await playground.waitForCardText('Management settings', { after: again, timeoutMs: 30_000 });
    const afterText = await after.innerText();
    const account = stack.app.services.serviceAccountRepo.get(stack.tenantId)!;
    expect(afterText).toContain(account.userPrincipalName);
    expect(afterText).toContain('Global Administrator');
    expect(afterText).toContain(account.currentSecretVersion);
    await after.scrollIntoViewIfNeeded();
    await playground.screenshot('service-account-settings-after');

    // The sandbox holds the user with the role; the vault holds its secret; nothing shows the password.
    const directory = stack.sandbox.state().directory;
    expect(findUser(directory, account.objectId)?.userPrincipalName).toBe(account.userPrincipalName);
    expect(roleAssignmentsOf(directory, account.objectId).map((a) => a.roleDefinitionId)).toEqual([ROLE_TEMPLATES.globalAdministrator]);
    const { value: password } = await stack.app.services.vault.getSecret(account.secretName, account.currentSecretVersion);
    expect(stack.readBotLog()).not.toContain(password);
    expect(JSON.stringify(await playground.cardTexts())).not.toContain(password);
  });

  it('when the conversation ran, then the bot logged no errors and the page raised none', () => {
    const errorLines = stack
      .readBotLog()
      .split('\n')
      .filter((line) => /"level":"(error|fatal)"/.test(line));
    expect(errorLines).toEqual([]);
    expect(session.browser.pageErrors).toEqual([]);
  });
});

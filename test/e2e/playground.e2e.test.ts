/**
 * [chromium] Needs Debian's /usr/bin/chromium (`apt-get install -y chromium`; .ci/run installs it).
 *
 * The walking skeleton end to end: the same stack as `npm start` (sandbox tenant, bot, Microsoft
 * 365 Agents Playground), driven through the Playground's web UI in headless Chromium, offline.
 * Screenshots go to test/artifacts/.
 */
import { roleAssignmentsOf } from '../../sandbox/directory/model';
import { ROLE_TEMPLATES } from '../../sandbox/directory/seed/contoso-ids';
import type { PlaygroundPage } from '../support/chromium';
import type { TestStack } from '../support/playground';
import { PlaygroundSession } from '../support/playground-session';

// jest 30 runs tests with the global testTimeout (5 s), not the e2e project's; say it here.
jest.setTimeout(180_000);

describe('[chromium] npm start stack in the Agents Playground', () => {
  const session = new PlaygroundSession();
  let stack: TestStack;
  let playground: PlaygroundPage;

  beforeAll(async () => {
    await session.start();
    ({ stack, playground } = session);
  }, 150_000);

  afterAll(() => session.stop(), 60_000);

  it('when the Playground opens, then its user is the sandbox Global Admin', async () => {
    const admin = stack.currentUser;
    await playground.page.getByText(admin.displayName).first().waitFor({ state: 'visible', timeout: 10_000 });
    const roles = roleAssignmentsOf(stack.sandbox.state().directory, admin.aadObjectId).map((assignment) => assignment.roleDefinitionId);
    expect(roles).toContain(ROLE_TEMPLATES.globalAdministrator);
  });

  it('when the admin types "help", then a card lists the commands', async () => {
    const sent = await playground.sendMessage('help');
    const card = await playground.waitForCardText('What I can do', { after: sent });
    const lines = (await card.innerText()).split('\n').map((line) => line.trim());
    expect(lines).toEqual(expect.arrayContaining(['help', 'status']));
    await playground.screenshot('playground-help');
  });

  it('when the admin types "status", then a card says Management OFF for the sandbox tenant', async () => {
    const sent = await playground.sendMessage('status');
    const card = await playground.waitForCardText('Management OFF', { after: sent });
    const text = await card.innerText();
    expect(text).toContain('Management OFF');
    expect(text.toLowerCase()).toContain(stack.tenantId.toLowerCase());
    await playground.screenshot('playground-status');
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

/**
 * [chromium] Needs Debian's /usr/bin/chromium (`apt-get install -y chromium`; .ci/run installs it).
 *
 * Issue 15 in the Playground, Alex Wilber and Megan Bowen (two Global Admins) each in their own
 * Teams client, on the `npm start` stack. With the seeded "Require MFA for administrators" applied
 * to the management service account (the sandbox's loopback location is no longer trusted):
 * - turning management on stops at the policy check, which names the policy; Turn on anyway gets
 *   the sign-in's own refusal, which names it too;
 * - Configure allowed IPs on that card opens the form below it, and the explanation stays;
 * - Alex enters 127.0.0.1, confirms excluding the account from the policy by its name, and the
 *   bot's policy is report-only until Megan approves it from her card;
 * - the next turn-on works from 127.0.0.1, and a sign-in from 127.0.0.2 is still refused (MFA).
 * Screenshots go to test/artifacts/conditional-access-*.png.
 */
import { NAMED_LOCATIONS } from '../../sandbox/directory/seed/contoso-ids';
import type { PlaygroundPage } from '../support/chromium';
import type { TestStack } from '../support/playground';
import { PlaygroundSession } from '../support/playground-session';
import { passwordGrantFrom } from '../support/sign-in-from';

jest.setTimeout(240_000);

describe('[chromium] conditional access in the Playground: the failing turn-on, allowed IPs, and the second admin', () => {
  const session = new PlaygroundSession({ personas: ['admin', 'approver'] });
  let stack: TestStack;
  let alex: PlaygroundPage;
  let megan: PlaygroundPage;
  const directory = () => stack.sandbox.state().directory;
  const botPolicy = () => directory().conditionalAccessPolicies.find((policy) => policy.displayName.startsWith('Management Session Bot:'));

  beforeAll(async () => {
    await session.start();
    ({ stack, playground: alex } = session);
    megan = await session.openPersona('approver');
    for (const page of [alex, megan]) await page.page.setViewportSize({ width: 1280, height: 1800 });
    // Megan has a chat with the bot, so her approval card reaches her.
    const hello = await megan.sendMessage('status');
    await megan.waitForCardText('Management', { after: hello, timeoutMs: 30_000 });
  }, 200_000);

  afterAll(() => session.stop(), 60_000);

  it('when the policy applies to the new service account, then turning on stops at the check, and Turn on anyway fails, both naming it', async () => {
    const asked = await alex.sendMessage('status');
    const off = await alex.waitForCardText('Use management service account', { after: asked, timeoutMs: 30_000 });
    await off.getByRole('button', { name: 'Use management service account', exact: true }).click();
    const created = await alex.waitForCardText('Management service account created', { after: asked, timeoutMs: 90_000 });

    // As in a tenant whose admins need MFA from everywhere: the sandbox host is no longer a trusted location.
    const loopback = directory().namedLocations.find((location) => location.id === NAMED_LOCATIONS.sandboxHost);
    if (loopback?.['@odata.type'] !== '#microsoft.graph.ipNamedLocation') throw new Error('the seed has no loopback location');
    loopback.isTrusted = false;
    await stack.sandbox.persist();

    await created.getByRole('button', { name: 'Turn on management session', exact: true }).click();
    const stopped = await alex.waitForCardText('Management was not turned on', { after: asked, timeoutMs: 60_000 });
    expect(await stopped.innerText()).toContain('"Require MFA for administrators" requires MFA for the management account');
    await alex.screenshot('conditional-access-1-check-before-turn-on');

    await stopped.getByRole('button', { name: 'Turn on anyway', exact: true }).click();
    const failed = await alex.waitForCardText('This account requires MFA', { after: asked, timeoutMs: 60_000 });
    expect(await failed.innerText()).toContain('Require MFA for administrators');
    expect((await stack.app.services.sessions.getStatus(stack.tenantId)).session.state).toBe('ERROR');
    await alex.screenshot('conditional-access-2-turn-on-fails');
  });

  it('when Alex configures 127.0.0.1 from the failure card and excludes the account from the policy, then the card keeps its explanation and Megan is asked', async () => {
    const cardsBefore = (await alex.cardTexts()).length;
    const failed = await alex.waitForCardText('This account requires MFA', { after: { text: 'failure card', cardsBefore: cardsBefore - 1 } });
    await failed.getByRole('button', { name: 'Configure allowed IPs', exact: true }).click();
    const form = await alex.waitForCardText('Enter the public IP addresses the bot signs in from', { after: { text: 'Configure allowed IPs', cardsBefore }, timeoutMs: 30_000 });
    // The failure card still explains what happened.
    expect(await failed.innerText()).toContain('Require MFA for administrators');
    await form.locator('textarea').fill('127.0.0.1');
    await alex.screenshot('conditional-access-3-form');
    await form.getByRole('button', { name: 'Check', exact: true }).click();

    const confirmation = await alex.waitForCardText('Configure allowed IPs?', { after: { text: 'Check', cardsBefore }, timeoutMs: 30_000 });
    expect(await confirmation.innerText()).toContain('It starts report-only.');
    const exclude = confirmation.getByRole('checkbox', { name: /Exclude mgmt-bot\.admin@contoso\.test from "Require MFA for administrators"/ });
    await exclude.check();
    await alex.screenshot('conditional-access-4-confirmation');
    await confirmation.getByRole('button', { name: 'Configure allowed IPs', exact: true }).click();

    const applied = await alex.waitForCardText('Allowed IPs configured', { after: { text: 'Configure', cardsBefore }, timeoutMs: 60_000 });
    expect(await applied.innerText()).toContain('approval cards went to Megan Bowen');
    expect(await applied.innerText()).toContain('Nothing stops the management account from signing in');
    expect(botPolicy()?.state).toBe('enabledForReportingButNotEnforced');
    await alex.screenshot('conditional-access-5-configured');
  });

  it('when Megan approves, then the policy is on, the next turn-on works from 127.0.0.1, and a sign-in from 127.0.0.2 is still refused', async () => {
    const card = await megan.waitForCardText('Switch on the allowed-IPs policy', { timeoutMs: 60_000 });
    expect(await card.innerText()).toContain('MFA for mgmt-bot.admin@contoso.test everywhere except 127.0.0.1/32');
    await megan.screenshot('conditional-access-6-approval');
    await card.getByRole('button', { name: 'Approve', exact: true }).click();
    await megan.waitForCardText('Approved: Switch on the allowed-IPs policy', { timeoutMs: 30_000 });
    for (let waited = 0; botPolicy()?.state !== 'enabled' && waited < 10_000; waited += 100) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(botPolicy()?.state).toBe('enabled');

    const asked = await alex.sendMessage('turn on management');
    const on = await alex.waitForCardText('Management ON', { after: asked, timeoutMs: 60_000 });
    expect(await on.innerText()).toContain('mgmt-bot.admin@contoso.test');
    await alex.screenshot('conditional-access-7-turned-on');

    const record = stack.app.services.serviceAccountRepo.get(stack.tenantId)!;
    const password = (await stack.app.services.vault.getSecret(record.secretName, record.currentSecretVersion)).value;
    const entra = { tenantId: stack.tenantId, url: stack.sandbox.url, caCertPem: stack.sandbox.caCertPem };
    await expect(passwordGrantFrom(entra, '127.0.0.2', record.userPrincipalName, password)).rejects.toMatchObject({ code: 'SIGNIN.MFA_REQUIRED' });

    const checked = await alex.sendMessage('check policies');
    const check = await alex.waitForCardText('Signs in from', { after: checked, timeoutMs: 30_000 });
    expect(await check.innerText()).toContain('On, approved by Megan Bowen');
    await alex.screenshot('conditional-access-8-check-after');
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

/**
 * [chromium] Needs Debian's /usr/bin/chromium (`apt-get install -y chromium`; .ci/run installs it).
 *
 * Password rotation end to end (issue 7, "Done when"): in the `npm start` stack, the
 * Playground's user (Alex Wilber, the sandbox Global Admin) types `rotate password now`; the bot
 * acknowledges at once and the success notice arrives proactively in the Playground chat. Then
 * the old password no longer signs in at the sandbox, and the next management action typed in the
 * Playground (`block sign-in for …`, confirmed on its card) runs with the new one. The service
 * account is created beforehand by the real provisioning service.
 * Screenshots go to test/artifacts/rotation-*.png.
 */
import { GLOBAL_ADMIN } from '../../sandbox/directory/seed/contoso-ids';
import type { Actor } from '../../services/access/actor';
import { SignInError } from '../../services/ports/token-issuer.port';
import type { PlaygroundPage } from '../support/chromium';
import type { TestStack } from '../support/playground';
import { PlaygroundSession } from '../support/playground-session';

// jest 30 runs tests with the global testTimeout (5 s), not the e2e project's; say it here.
jest.setTimeout(180_000);

const TARGET_USER = 'christie.cline@contoso.test';

describe('[chromium] password rotation in the Agents Playground', () => {
  const session = new PlaygroundSession();
  let stack: TestStack;
  let playground: PlaygroundPage;
  let admin: Actor;

  beforeAll(async () => {
    await session.start(async (started) => {
      admin = { tenantId: started.tenantId, userId: GLOBAL_ADMIN.id, upn: GLOBAL_ADMIN.userPrincipalName, displayName: GLOBAL_ADMIN.displayName };
      const { services } = started.app;
      await services.provisioning.create(started.tenantId, admin);
      services.settingsRepo.update(started.tenantId, { mode: 'advanced' }, admin.userId);
    });
    ({ stack, playground } = session);
  }, 150_000);

  afterAll(() => session.stop(), 60_000);

  it('when the admin types "rotate password now", then the success notice arrives proactively; the old password stops signing in and the next management action works', async () => {
    const { services, adapters } = stack.app;
    const account = services.serviceAccountRepo.get(stack.tenantId)!;
    const oldPassword = (await services.vault.getSecret(account.secretName, account.currentSecretVersion)).value;

    // A session that is ON before the rotation holds a token made with the old password.
    const turnOn = await playground.sendMessage('turn on management');
    await playground.waitForCardText('Management ON', { after: turnOn, timeoutMs: 30_000 });

    const sent = await playground.sendMessage('rotate password now');
    const ack = await playground.waitForCardText('Rotating the management account password', { after: sent, timeoutMs: 30_000 });
    expect(await ack.innerText()).toContain("I'll post the result here.");
    await ack.scrollIntoViewIfNeeded();
    await playground.screenshot('rotation-ack');

    // The notice is not a reply: it comes through continueConversationAsync after the turn ended.
    const notice = await playground.waitForCardText('Password rotated at', { after: sent, timeoutMs: 60_000 });
    const rotated = services.serviceAccountRepo.get(stack.tenantId)!;
    expect(rotated.currentSecretVersion).not.toBe(account.currentSecretVersion);
    const noticeText = await notice.innerText();
    expect(noticeText).toContain('Management account password rotated');
    expect(noticeText).toContain(`version ${rotated.currentSecretVersion.slice(0, 8)}, next rotation`);
    expect(noticeText).toContain(rotated.currentSecretVersion);
    await notice.scrollIntoViewIfNeeded();
    await playground.screenshot('rotation-notice');

    // The sandbox refuses the old password and accepts the vault's new one.
    const signIn = (password: string) => adapters.tokenIssuer.getUserTokenWithPassword(stack.tenantId, rotated.userPrincipalName, password);
    await expect(signIn(oldPassword)).rejects.toBeInstanceOf(SignInError);
    await expect(signIn(oldPassword)).rejects.toMatchObject({ code: 'SIGNIN.WRONG_PASSWORD' });
    const newPassword = (await services.vault.getSecret(rotated.secretName, rotated.currentSecretVersion)).value;
    await expect(signIn(newPassword)).resolves.toBeDefined();

    // The next management action, typed in the Playground, runs as the service account with the new password.
    const block = await playground.sendMessage(`block sign-in for ${TARGET_USER}`);
    const confirmation = await playground.waitForCardText(TARGET_USER, { after: block, timeoutMs: 30_000 });
    await confirmation.getByRole('button', { name: 'Block sign-in', exact: true }).click();
    const done = await playground.waitForCardText('Done:', { after: block, timeoutMs: 30_000 });
    expect(await done.innerText()).toContain(rotated.userPrincipalName);
    await done.scrollIntoViewIfNeeded();
    await playground.screenshot('rotation-next-action');
    expect((await adapters.directory.getUser(stack.tenantId, TARGET_USER))?.accountEnabled).toBe(false);
    // The token the session held was dropped by the rotation; the action needed a fresh one from the new password.
    expect(services.tokenBroker.getCounters(stack.tenantId).vaultReads).toBeGreaterThanOrEqual(2);

    // Nothing the bot wrote holds either password.
    const log = stack.readBotLog();
    expect(log).not.toContain(oldPassword);
    expect(log).not.toContain(newPassword);
    expect(JSON.stringify(await playground.cardTexts())).not.toContain(newPassword);
  });

  it('when the admin asks for the rotation history, then the card lists the rotation with who started it', async () => {
    const sent = await playground.sendMessage('rotation history');
    const history = await playground.waitForCardText('Password rotation history', { after: sent, timeoutMs: 30_000 });
    const text = await history.innerText();
    expect(text).toContain(`On demand · by ${GLOBAL_ADMIN.displayName} (${GLOBAL_ADMIN.userPrincipalName})`);
    expect(text).toContain('Succeeded');
    await history.scrollIntoViewIfNeeded();
    await playground.screenshot('rotation-history');
  });
});

/**
 * [chromium] Needs Debian's /usr/bin/chromium (`apt-get install -y chromium`; .ci/run installs it).
 *
 * Access control end to end (issue 4, "Done when"): in the `npm start` stack, the Playground's
 * user (Alex Wilber, the sandbox Global Admin, so a tenant admin through Graph) grants Adele
 * Vance an operator scope from chat, confirms it on the card, and the operators card shows the
 * grant. A refusal for a non-admin cannot be typed from the Playground (its current user is
 * fixed), so that side is covered by test/integration/access-bot*.test.ts.
 * Screenshots go to test/artifacts/access-*.png.
 */
import { waitFor } from '../../scripts/local-stack/wait';
import { GLOBAL_ADMIN, HELP_DESK_USERS } from '../../sandbox/directory/seed/contoso-ids';
import type { PlaygroundPage } from '../support/chromium';
import type { TestStack } from '../support/playground';
import { PlaygroundSession } from '../support/playground-session';

// jest 30 runs tests with the global testTimeout (5 s), not the e2e project's; say it here.
jest.setTimeout(180_000);

const ADELE = HELP_DESK_USERS.find((user) => user.userPrincipalName === 'adele.vance@contoso.test') as (typeof HELP_DESK_USERS)[number];
/** The exact grammar of bot/access/grant.commands.ts and dialogs/access/grant-text-parser.ts. */
const GRANT_COMMAND = `grant operator ${ADELE.userPrincipalName} scope department Sales actions block sign-in`;

describe('[chromium] access control in the Agents Playground', () => {
  const session = new PlaygroundSession();
  let stack: TestStack;
  let playground: PlaygroundPage;

  beforeAll(async () => {
    await session.start();
    ({ stack, playground } = session);
  }, 150_000);

  afterAll(() => session.stop(), 60_000);

  it('when the tenant admin grants Adele Vance a Sales scope and selects Grant, then the grant is stored and the operators card shows it', async () => {
    expect(stack.currentUser.aadObjectId).toBe(GLOBAL_ADMIN.id);

    const sent = await playground.sendMessage(GRANT_COMMAND);
    // Resolving Adele and checking Alex's roles go through the sandbox's Graph: allow for a cold start.
    const confirmation = await playground.waitForCardText('Grant operator access?', { after: sent, timeoutMs: 30_000 });
    const confirmationText = await confirmation.innerText();
    expect(confirmationText).toContain('Adele Vance');
    expect(confirmationText).toContain(ADELE.userPrincipalName);
    expect(confirmationText).toContain('department "Sales"');
    expect(confirmationText).toContain('Block sign-in');
    await playground.screenshot('access-grant-confirmation');

    // Nothing is granted before the click: the card only names a server-held pending change.
    expect(await stack.app.access.roles.getOperatorGrant(stack.tenantId, ADELE.id)).toBeUndefined();
    await confirmation.getByRole('button', { name: 'Grant', exact: true }).click();
    // The Playground replaces the confirmation card with the verb's answer in place.
    const result = await playground.waitForCardText('is now an operator', { after: sent });
    expect(await result.innerText()).toContain('Adele Vance');
    await playground.screenshot('access-grant-result');

    const grant = await stack.app.access.roles.getOperatorGrant(stack.tenantId, ADELE.id);
    expect(grant).toMatchObject({
      scope: [{ kind: 'department', value: 'Sales' }],
      allowedActions: ['user.blockSignIn'],
      includePrivileged: false,
      grantedBy: expect.objectContaining({ userId: GLOBAL_ADMIN.id }),
    });

    const listed = await playground.sendMessage('operators');
    const operators = await playground.waitForCardText('operator grant(s)', { after: listed });
    const operatorsText = await operators.innerText();
    expect(operatorsText).toContain('Showing 1–1 of 1 operator grant(s).');
    expect(operatorsText).toContain(`Adele Vance (${ADELE.userPrincipalName})`);
    expect(operatorsText).toContain('department "Sales"');
    expect(operatorsText).toContain('Block sign-in');
    expect(operatorsText).toContain(GLOBAL_ADMIN.displayName);
    await playground.screenshot('access-operators');
  });

  it('when the grant ran, then the audit holds it as an ok operator.grant by the admin, and the chain verifies', async () => {
    const page = await stack.app.access.audit.list(stack.tenantId, { limit: 100 });
    const granted = page.records.filter((record) => record.action === 'operator.grant' && record.result.outcome === 'ok');
    expect(granted).toHaveLength(1);
    expect(granted[0]).toMatchObject({ actor: expect.objectContaining({ userId: GLOBAL_ADMIN.id }), target: expect.objectContaining({ id: ADELE.id }) });
    expect((await stack.app.access.audit.verify(stack.tenantId)).ok).toBe(true);
  });

  it('when the admin exports the audit, then the card offers a download link that the browser opens and the bot serves to him', async () => {
    const sent = await playground.sendMessage('export audit');
    const card = await playground.waitForCardText('Audit export', { after: sent, timeoutMs: 30_000 });
    const text = await card.innerText();
    expect(text).toContain('The link is for you alone');
    expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/);
    await card.scrollIntoViewIfNeeded();
    await playground.screenshot('access-audit-export');
    // An Action.OpenUrl renders with the role of a link; it opens the bot's signed link in a new tab,
    // whose answer is an attachment the browser saves. The bot audits the delivery to that person.
    await card.getByRole('link', { name: 'Download audit export (CSV)', exact: true }).click();
    const delivered = await waitFor(
      async () => {
        const { records } = await stack.app.services.audit.list(stack.tenantId, { limit: 100 });
        return records.find((record) => record.action === 'audit.export.delivered' && record.result.outcome === 'ok');
      },
      { what: 'the audit export to be delivered through its link', timeoutMs: 30_000 },
    );
    expect(delivered.actor).toMatchObject({ userId: GLOBAL_ADMIN.id });
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

/**
 * Issue 15 over HTTP to the real bot, against the sandbox tenant (real Graph client, real Entra
 * password grant): `check policies` names what applies to the management service account and
 * why; with loopback no longer trusted, "Require MFA for administrators" stops the account, the
 * turn-on fails naming it, and the failure card keeps its explanation when Check policies is
 * clicked. `configure allowed IPs` refuses bad ranges without changing anything, then makes the
 * trusted location, the report-only policy and (confirmed by name) the exclusion; a second tenant
 * admin switches the policy on; the next turn-on works from 127.0.0.1 while a sign-in from
 * 127.0.0.2 still needs MFA. `remove allowed IPs` undoes every change. All audited; no secret on
 * any card.
 */
import { Verbs } from '../../cards';
import { CA_POLICIES, GLOBAL_ADMIN, NAMED_LOCATIONS, SECOND_GLOBAL_ADMIN } from '../../sandbox/directory/seed/contoso-ids';
import { grantApplicationPermission, revokeApplicationPermission } from '../../sandbox/directory/model';
import { BOT_APP } from '../../sandbox/directory/seed/contoso-ids';
import { startAppWithSandbox, type AppWithSandbox } from '../support/app-harness';
import { buttonNamed, buttonTitles, ChatPerson, expectValidCard, wordsOf } from '../support/chat-person';
import { eventually } from '../support/eventually';
import { auditTrail, cardOf, createServiceAccount, elementsOf, setMode, type Card } from '../support/session-bot-world';
import { passwordGrantFrom } from '../support/sign-in-from';

const LOCATION_NAME = 'Management Session Bot: allowed IPs';

describe('conditional access in chat: check policies, configure and remove allowed IPs', () => {
  let world: AppWithSandbox;
  let alex: ChatPerson;
  let megan: ChatPerson;
  const directory = () => world.sandbox.sandbox.state().directory;
  const account = () => world.app.services.serviceAccountRepo.get(world.tenantId)!;
  const botPolicy = () => directory().conditionalAccessPolicies.find((policy) => policy.displayName.startsWith('Management Session Bot:'));
  const mfaForAdmins = () => directory().conditionalAccessPolicies.find((policy) => policy.id === CA_POLICIES.requireMfaForAdmins)!;
  const snapshot = () => JSON.stringify({ locations: directory().namedLocations, policies: directory().conditionalAccessPolicies });
  const clickAs = async (person: ChatPerson, card: Card, title: string, inputs: Record<string, unknown> = {}): Promise<Card> => person.click(buttonNamed(card, title), inputs);

  beforeAll(async () => {
    world = await startAppWithSandbox({ overrides: { serviceOptions: { sessions: { pollIntervalInMs: 20 }, background: { rotationScheduler: false } } } });
    setMode(world, 'advanced', false);
    await createServiceAccount(world, GLOBAL_ADMIN);
    alex = new ChatPerson(world, world.as(GLOBAL_ADMIN));
    megan = new ChatPerson(world, world.as(SECOND_GLOBAL_ADMIN));
    await megan.say('status'); // Megan has a chat with the bot, so her approval card reaches her.
  }, 90_000);

  afterAll(async () => {
    await world?.close();
  });

  it('when the seeded tenant trusts loopback, then check policies says nothing stops the account and names the report-only policy that would', async () => {
    const { card } = await alex.say('check policies');
    expectValidCard(card);
    const words = wordsOf(card);
    expect(words).toContain('Nothing stops the management account from signing in');
    expect(words).toContain(`${account().userPrincipalName}, the management service account`);
    expect(words).toContain('127.0.0.1');
    expect(words).toContain('Microsoft Entra What If');
    expect(words).toContain('Require MFA for all users (report-only)');
    expect(words).toContain('Report-only (not enforced)');
    // Not applying, with What If's reason in words: loopback is a trusted location the policy leaves out.
    expect(words).toMatch(/"Require MFA for administrators" \(its locations leave out the bot's address\)/);
    expect(buttonTitles(card)).toEqual(['Turn on management session', 'Check again']);
    const checks = (await auditTrail(world)).filter((record) => record.action === 'conditionalAccess.check');
    expect(checks.at(-1)).toMatchObject({ result: { outcome: 'ok' }, target: { id: account().objectId }, details: { verdict: 'clear', source: 'whatIf' } });
  });

  it('when loopback is no longer trusted, then the check, the first turn-on and the failed sign-in all name "Require MFA for administrators", and Check policies keeps the failure card', async () => {
    const loopback = directory().namedLocations.find((location) => location.id === NAMED_LOCATIONS.sandboxHost);
    if (loopback?.['@odata.type'] !== '#microsoft.graph.ipNamedLocation') throw new Error('the seed has no loopback location');
    loopback.isTrusted = false;
    await world.sandbox.sandbox.persist();

    const check = (await alex.say('check policies')).card;
    expectValidCard(check);
    expect(wordsOf(check)).toContain('"Require MFA for administrators" requires MFA for the management account');
    expect(wordsOf(check)).toContain('Multifactor authentication');
    expect(wordsOf(check)).toContain('It applies to admins in roles such as Global Administrator');
    expect(buttonTitles(check)).toEqual(['Configure allowed IPs', 'Check again']);

    // The first turn-on in this mode checks first, and stops before a sign-in that would fail.
    const stopped = (await alex.say('turn on management')).card;
    expectValidCard(stopped);
    expect(wordsOf(stopped)).toContain('Management was not turned on: before the first turn-on in this mode, the bot checked the conditional access policies');
    expect(wordsOf(stopped)).toContain('"Require MFA for administrators" requires MFA for the management account');
    expect(buttonTitles(stopped)).toEqual(['Configure allowed IPs', 'Check again', 'Turn on anyway']);
    // Turn on anyway: the sign-in itself is refused, and the failure card names the policy too.
    const failed = await clickAs(alex, stopped, 'Turn on anyway');
    expectValidCard(failed);
    expect(wordsOf(failed)).toContain('This account requires MFA');
    expect(wordsOf(failed)).toContain('Require MFA for administrators');
    expect(buttonTitles(failed)).toEqual(['Try again', 'Configure allowed IPs', 'Check policies']);
    const before = world.bot.connector.calls.length;
    const answer = await world.send(alex.channel.invoke(Verbs.checkPolicies, buttonNamed(failed, 'Check policies')['data'] as Record<string, unknown>, { replyToId: 'sent-failed' }));
    // The clicked card is not replaced (a message answer), and the check comes as a new card below.
    expect(JSON.stringify(answer.body)).toContain('application/vnd.microsoft.activity.message');
    const below = world.bot.connector.calls.slice(before).map((call) => cardOf(call));
    expect(below.map((card) => wordsOf(card)).join('\n')).toContain('"Require MFA for administrators" requires MFA for the management account');
  });

  it('when an admin enters bad ranges, then each is refused with why and nothing changes in Entra', async () => {
    const form = (await alex.say('configure allowed IPs')).card;
    expectValidCard(form);
    expect(wordsOf(form)).toContain('The bot signs in from 127.0.0.1');
    const unchanged = snapshot();
    const refused = await clickAs(alex, form, 'Check', { ranges: '0.0.0.0/0\n10.1.0.0/16\nnot-an-ip\n::/0' });
    expectValidCard(refused);
    const words = wordsOf(refused);
    expect(words).toContain('4 entries need fixing; nothing was changed:');
    expect(words).toContain('"0.0.0.0/0" means every address: that would trust the whole internet.');
    expect(words).toContain('"10.1.0.0/16" is broader than this bot accepts (/24 is the widest IPv4 range).');
    expect(words).toContain('"not-an-ip" is not an IP address or CIDR range.');
    expect(words).toContain('"::/0" means every address');
    expect(snapshot()).toBe(unchanged);
    expect((await auditTrail(world)).filter((record) => record.action.startsWith('conditionalAccess.') && record.action !== 'conditionalAccess.check')).toEqual([]);
  });

  it('when an admin configures 127.0.0.1 and confirms the exclusion by name, then Entra gets the location, a report-only policy and the exclusion, once, and a second admin is asked', async () => {
    const form = (await alex.say('configure allowed IPs')).card;
    const confirmation = await clickAs(alex, form, 'Check', { ranges: '127.0.0.1' });
    expectValidCard(confirmation);
    const words = wordsOf(confirmation);
    expect(words).toContain('Configure allowed IPs?');
    expect(words).toContain(`"${LOCATION_NAME}": 127.0.0.1/32`);
    expect(words).toContain('It starts report-only.');
    expect(words).toContain('127.0.0.1/32 is a private, loopback or link-local range');
    // One toggle, naming the policy; off unless the admin turns it on.
    const toggles = elementsOf(confirmation).filter((element) => element['type'] === 'Input.Toggle');
    expect(toggles).toEqual([
      expect.objectContaining({ id: `exclude_${CA_POLICIES.requireMfaForAdmins}`, title: `Exclude ${account().userPrincipalName} from "Require MFA for administrators" (it requires MFA)`, value: 'false' }),
    ]);

    // A forged exclusion (a policy the card did not offer) is refused, and nothing changes.
    const unchanged = snapshot();
    const forged = await clickAs(alex, confirmation, 'Configure allowed IPs', { [`exclude_${CA_POLICIES.blockRestrictedAdmins}`]: CA_POLICIES.blockRestrictedAdmins });
    expect(wordsOf(forged)).toContain('The policies changed since that card was shown, so nothing was changed.');
    expect(snapshot()).toBe(unchanged);

    const inputs = { [`exclude_${CA_POLICIES.requireMfaForAdmins}`]: CA_POLICIES.requireMfaForAdmins };
    const applied = await clickAs(alex, confirmation, 'Configure allowed IPs', inputs);
    expectValidCard(applied);
    expect(wordsOf(applied)).toContain('Allowed IPs configured: 127.0.0.1/32. The management account is excluded from "Require MFA for administrators".');
    expect(wordsOf(applied)).toContain("report-only until a second tenant admin approves it");
    expect(wordsOf(applied)).toContain('Nothing stops the management account from signing in');
    // Clicked again (a double click, a redelivery): nothing more is made.
    await clickAs(alex, confirmation, 'Configure allowed IPs', inputs);

    const locations = directory().namedLocations.filter((location) => location.displayName === LOCATION_NAME);
    expect(locations).toHaveLength(1);
    expect(locations[0]).toMatchObject({ isTrusted: true, ipRanges: [{ '@odata.type': '#microsoft.graph.iPv4CidrRange', cidrAddress: '127.0.0.1/32' }] });
    const policies = directory().conditionalAccessPolicies.filter((policy) => policy.displayName.startsWith('Management Session Bot:'));
    expect(policies).toHaveLength(1);
    expect(policies[0]).toMatchObject({
      state: 'enabledForReportingButNotEnforced',
      conditions: { users: { includeUsers: [account().objectId] }, locations: { includeLocations: ['All'], excludeLocations: [locations[0]!.id] } },
      grantControls: { builtInControls: ['mfa'] },
    });
    expect(mfaForAdmins().conditions.users?.excludeUsers).toContain(account().objectId);
    const pending = await world.app.services.approvals.listPending(world.tenantId, { kind: 'conditionalAccess.enforce' });
    expect(pending).toHaveLength(1);

    const changes = (await auditTrail(world)).filter((record) => /^conditionalAccess\.(namedLocation|policy)\./.test(record.action)).map((record) => record.action);
    expect(changes).toEqual(['conditionalAccess.namedLocation.create', 'conditionalAccess.policy.create', 'conditionalAccess.policy.exclude']);
  });

  it('when a second tenant admin approves, then the policy is on, the turn-on works from 127.0.0.1 and a sign-in from 127.0.0.2 still needs MFA', async () => {
    const [request] = await world.app.services.approvals.listPending(world.tenantId, { kind: 'conditionalAccess.enforce' });
    const approvalCall = await eventually(() => {
      const call = world.bot.connector.calls.find((candidate) => candidate.conversationId === megan.channel.conversationId && wordsOf(cardOf(candidate)).includes('Approval needed: Switch on the allowed-IPs policy'));
      if (!call) throw new Error('no approval card for Megan yet');
      return call;
    });
    expectValidCard(cardOf(approvalCall));
    expect(wordsOf(cardOf(approvalCall))).toContain(`MFA for ${account().userPrincipalName} everywhere except 127.0.0.1/32`);
    expect(wordsOf(cardOf(approvalCall))).toContain('Require MFA for administrators');
    await megan.click({ verb: Verbs.approvalApprove, data: { requestId: request!.id } });
    await eventually(() => expect(botPolicy()?.state).toBe('enabled'));
    const enabled = (await auditTrail(world)).find((record) => record.action === 'conditionalAccess.policy.enable');
    expect(enabled).toMatchObject({ actor: { userId: SECOND_GLOBAL_ADMIN.id }, result: { outcome: 'ok' } });

    // Alex's copy of the request is updated to say who approved it.
    await eventually(() => expect(world.bot.connector.calls.some((call) => call.conversationId === alex.channel.conversationId && wordsOf(cardOf(call)).includes('Approved: Switch on the allowed-IPs policy'))).toBe(true));
    const on = (await alex.say('turn on management')).card;
    expect(wordsOf(on)).toContain('Management ON');

    const record = account();
    const password = (await world.app.services.vault.getSecret(record.secretName, record.currentSecretVersion)).value;
    const entra = { tenantId: world.tenantId, url: world.sandbox.sandbox.url, caCertPem: world.sandbox.sandbox.caCertPem };
    expect((await passwordGrantFrom(entra, '127.0.0.1', record.userPrincipalName, password)).oid).toBe(record.objectId);
    await expect(passwordGrantFrom(entra, '127.0.0.2', record.userPrincipalName, password)).rejects.toMatchObject({ code: 'SIGNIN.MFA_REQUIRED' });
    await alex.say('turn off management');

    const check = (await alex.say('check policies')).card;
    expect(wordsOf(check)).toContain(`127.0.0.1/32 in "${LOCATION_NAME}"`);
    expect(wordsOf(check)).toContain(`On, approved by ${SECOND_GLOBAL_ADMIN.displayName}`);
    expect(buttonTitles(check)).toContain('Remove allowed IPs');
  });

  it('when the bot lacks Policy.Read.All, then check policies names the permission with Retry, and Retry checks again', async () => {
    // A bot started without the permission (app tokens carry the roles granted when they were issued).
    revokeApplicationPermission(directory(), BOT_APP.appId, 'Policy.Read.All');
    await world.sandbox.sandbox.persist();
    const unconsented = await startAppWithSandbox({ sandbox: world.sandbox, overrides: { serviceOptions: { background: { rotationScheduler: false } } } });
    let card: Card;
    try {
      setMode(unconsented, 'advanced', false);
      unconsented.app.services.serviceAccountRepo.save(account());
      card = await new ChatPerson(unconsented, unconsented.as(GLOBAL_ADMIN)).say('check policies').then((reply) => reply.card);
    } finally {
      grantApplicationPermission(directory(), BOT_APP.appId, 'Policy.Read.All');
      await world.sandbox.sandbox.persist();
      await unconsented.close();
    }
    expectValidCard(card);
    expect(wordsOf(card)).toContain('The bot needs a permission');
    expect(wordsOf(card)).toContain('It needs the Microsoft Graph application permission Policy.Read.All.');
    expect(wordsOf(card)).toContain('Grant the permission named below to the bot in Microsoft Entra ID (admin consent), then select Retry.');
    expect(buttonTitles(card)).toEqual(['Retry']);
    // Retry runs the check again (here on a bot whose token carries the permission).
    expect(wordsOf(await clickAs(alex, card, 'Retry'))).toContain('Signs in from');
  }, 90_000);

  it('when an admin removes the allowed IPs, then the location and the policy are gone, the exclusion is undone, and the check says MFA is required again', async () => {
    const confirm = (await alex.say('remove allowed IPs')).card;
    expectValidCard(confirm);
    expect(wordsOf(confirm)).toContain('Remove the allowed IPs?');
    expect(wordsOf(confirm)).toContain('"Require MFA for administrators"');
    const removed = await clickAs(alex, confirm, 'Remove allowed IPs');
    expectValidCard(removed);
    expect(wordsOf(removed)).toContain('Allowed IPs removed');
    expect(wordsOf(removed)).toContain('"Require MFA for administrators" requires MFA for the management account');
    expect(directory().namedLocations.some((location) => location.displayName === LOCATION_NAME)).toBe(false);
    expect(botPolicy()).toBeUndefined();
    expect(mfaForAdmins().conditions.users?.excludeUsers).not.toContain(account().objectId);
    const undone = (await auditTrail(world)).filter((record) => ['conditionalAccess.policy.include', 'conditionalAccess.policy.delete', 'conditionalAccess.namedLocation.delete'].includes(record.action));
    expect(undone.map((record) => record.action)).toEqual(['conditionalAccess.policy.include', 'conditionalAccess.policy.delete', 'conditionalAccess.namedLocation.delete']);

    // Nothing left to remove: said in words, with the next step.
    const again = (await alex.say('remove allowed IPs')).card;
    expect(wordsOf(again)).toContain('there is nothing to remove');
    expect(buttonTitles(again)).toEqual(['Check policies']);
  });

  it('when Entra fails after the location is made, then the card says to try again, and trying again finishes with one location and one policy', async () => {
    const form = (await alex.say('configure allowed IPs')).card;
    const confirmation = await clickAs(alex, form, 'Check', { ranges: '127.0.0.1' });
    world.sandbox.sandbox.faults.configure({ serverErrors: [{ match: { method: 'POST', pathPattern: '^/v1\\.0/identity/conditionalAccess/policies$' }, status: 503, nextRequests: 1 }] });
    let stoppedPartWay: Card;
    try {
      stoppedPartWay = await clickAs(alex, confirmation, 'Configure allowed IPs');
    } finally {
      world.sandbox.sandbox.faults.clear();
    }
    expectValidCard(stoppedPartWay);
    expect(wordsOf(stoppedPartWay)).toContain("Microsoft Entra ID didn't answer");
    expect(wordsOf(stoppedPartWay)).toContain('A change that stopped part-way is finished when you try again, not made twice.');
    expect(directory().namedLocations.filter((location) => location.displayName === LOCATION_NAME)).toHaveLength(1);
    expect(botPolicy()).toBeUndefined();

    const finished = await clickAs(alex, confirmation, 'Configure allowed IPs');
    expect(wordsOf(finished)).toContain('Allowed IPs configured: 127.0.0.1/32.');
    expect(directory().namedLocations.filter((location) => location.displayName === LOCATION_NAME)).toHaveLength(1);
    expect(directory().conditionalAccessPolicies.filter((policy) => policy.displayName.startsWith('Management Session Bot:'))).toHaveLength(1);
    await clickAs(alex, (await alex.say('remove allowed IPs')).card, 'Remove allowed IPs');
    expect(botPolicy()).toBeUndefined();
  });

  it('when the conversation ran, then no card and no audit record holds the service account password', async () => {
    const record = account();
    const password = (await world.app.services.vault.getSecret(record.secretName, record.currentSecretVersion)).value;
    expect(JSON.stringify(world.bot.connector.calls)).not.toContain(password);
    expect(JSON.stringify(await auditTrail(world))).not.toContain(password);
  });
});

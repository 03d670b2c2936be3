/**
 * Issue 5 at the bot level: the real bot over HTTP, the real sandbox tenant over HTTPS, and a
 * fake Bot Connector that records every card the bot sent or updated in place.
 *
 * One story, in order (each step builds on the tenant the previous one left):
 * settings for an operator (refused) and for the admin → create with RoleManagement.ReadWrite.Directory
 * stripped (the permission card with Retry) → granted back, Retry (clicked twice) creates one
 * account, the card advancing in place to "created" → the sandbox, the vault and settings show
 * it → a mode switch rejected by the second admin → disable, approved → switch to Advanced,
 * approved, creating the account again → a request that expires → the secret-leak scan.
 */
import { roleAssignmentsOf, findUser } from '../../sandbox/directory/model';
import { GLOBAL_ADMIN, HELP_DESK_USERS, SECOND_GLOBAL_ADMIN } from '../../sandbox/directory/seed/contoso-ids';
import { button, buttonsOf, startServiceAccountWorld, textOf, type ServiceAccountWorld } from './service-account-bot.world';

const ROLE_PERMISSION = 'RoleManagement.ReadWrite.Directory';
const GLOBAL_ADMINISTRATOR = '62e90394-69f5-4237-9190-012177145e10';
const admin = GLOBAL_ADMIN;
const megan = SECOND_GLOBAL_ADMIN;
const operator = HELP_DESK_USERS[0]!;

jest.setTimeout(120_000);

describe('settings, the service account and the mode switch, over HTTP against the sandbox', () => {
  let world: ServiceAccountWorld;
  /** The settings card message the admin clicks Create on. */
  let settingsCardId: string;

  beforeAll(async () => {
    world = await startServiceAccountWorld();
    // Megan opens a chat with the bot and is confirmed a tenant admin (an admin command checks
    // Entra), so she is named on refusals and approval cards reach her.
    await world.say(megan, 'settings');
  }, 120_000);

  afterAll(async () => {
    await world?.close();
  });

  const adminChat = (): string => world.as(admin).conversationId;

  it('when an operator asks for settings, then the bot refuses and names who can help, and the denial is audited', async () => {
    const [reply] = await world.say(operator, 'settings');
    const text = textOf(reply!.card);
    expect(text).toMatch(/Only tenant admins/);
    expect(text).toContain(megan.displayName);
    expect(text).not.toContain('Management settings');
    const records = (await world.app.app.services.audit.list(world.app.tenantId, { limit: 50 })).records;
    expect(records.some((record) => record.actor.userId === operator.id && record.action === 'settings.view' && record.result.outcome === 'denied')).toBe(true);
  });

  it('when the admin asks for settings, then the card shows the mode, no account yet, auto-enable, rotation, approval policy and a Create button', async () => {
    const [reply] = await world.say(admin, 'settings');
    settingsCardId = reply!.activityId;
    const text = textOf(reply!.card);
    expect(text).toContain('Management settings');
    expect(text).toContain('Not chosen');
    expect(text).toContain('No management service account yet');
    expect(text).toContain('"id":"autoEnable"');
    expect(text).toContain('0 3 * * 1');
    expect(text).toContain('four-eyes');
    expect(buttonsOf(reply!.card).map((b) => b.title)).toEqual(expect.arrayContaining(['Create service account', 'Switch to Advanced', 'Switch to Default']));
  });

  it('when the bot lacks RoleManagement.ReadWrite.Directory, then Create answers with a progress card that ends in the permission card with Retry', async () => {
    await world.setBotPermission(ROLE_PERMISSION, false);
    const settings = (await world.say(admin, 'settings'))[0]!;
    settingsCardId = settings.activityId;
    const first = await world.click(admin, button(settings.card, 'Create service account').verb, {}, settingsCardId);
    expect(textOf(first)).toContain('Creating the management service account');
    const failed = await world.waitForUpdate(adminChat(), settingsCardId, "The bot doesn't have permission to create a service account on your tenant");
    expect(textOf(failed)).toContain(ROLE_PERMISSION);
    expect(button(failed, 'Retry service account creation').verb).toBe('serviceAccount.retry');
  });

  it('when the permission is granted back and Retry is clicked twice, then one account is created and the same card advances to "created"', async () => {
    await world.setBotPermission(ROLE_PERMISSION, true);
    // Graph slowed a little, so the creation outlasts the card's update interval and its steps show.
    world.sandbox.sandbox.faults.configure({ latency: [{ match: { area: 'graph' }, delayInMs: 150 }] });
    const [a, b] = await Promise.all([
      world.click(admin, 'serviceAccount.retry', {}, settingsCardId),
      world.click(admin, 'serviceAccount.retry', {}, settingsCardId),
    ]);
    for (const card of [a!, b!]) expect(textOf(card)).toContain('Creating the management service account');
    const created = await world.waitForUpdate(adminChat(), settingsCardId, 'Management service account created').finally(() => world.sandbox.sandbox.faults.clear());
    expect(textOf(created)).toMatch(/mgmt-bot\.admin@contoso\.test/);
    expect(textOf(created)).toContain('Works');

    const updates = world.updatesOf(adminChat(), settingsCardId).map(textOf);
    // Steps advanced in place: some update shows a step done while a later one is still pending or running.
    expect(updates.some((u) => u.includes('Creating account… done') && u.includes('Verifying sign-in…"'))).toBe(true);
    const record = world.app.app.services.serviceAccountRepo.get(world.app.tenantId)!;
    const audit = (await world.app.app.services.audit.list(world.app.tenantId, { limit: 100 })).records;
    expect(audit.filter((r) => r.action === 'serviceAccount.create' && r.result.outcome === 'ok')).toHaveLength(1);
    expect(record.userPrincipalName).toBe('mgmt-bot.admin@contoso.test');
  });

  it('when the account was created, then the sandbox holds the user with the role, the vault holds its secret, and settings shows the account', async () => {
    const record = world.app.app.services.serviceAccountRepo.get(world.app.tenantId)!;
    const directory = world.sandbox.sandbox.state().directory;
    expect(findUser(directory, record.objectId)?.userPrincipalName).toBe(record.userPrincipalName);
    expect(roleAssignmentsOf(directory, record.objectId).map((a) => a.roleDefinitionId)).toEqual([GLOBAL_ADMINISTRATOR]);
    const versions = await world.sandbox.secretVault().listVersions(record.secretName);
    expect(versions.filter((v) => v.enabled && v.tags['state'] === 'current').map((v) => v.version)).toEqual([record.currentSecretVersion]);

    const [reply] = await world.say(admin, 'settings');
    const text = textOf(reply!.card);
    expect(text).toContain(record.userPrincipalName);
    expect(text).toContain('Global Administrator');
    expect(text).toContain(record.secretName);
    expect(text).toContain(record.currentSecretVersion);
    expect(buttonsOf(reply!.card).map((b) => b.title)).toEqual(expect.arrayContaining(['Rotate password now', 'Disable advanced management']));
  });

  it('when settings change from the card, then valid changes are saved and a bad time zone is explained without saving', async () => {
    const repo = world.app.app.services.settingsRepo;
    const on = await world.click(admin, 'settings.autoEnable.set', { autoEnable: 'true' });
    expect(textOf(on)).toContain('Auto-enable is on');
    expect(repo.get(world.app.tenantId).autoEnable).toBe(true);

    const bad = await world.click(admin, 'settings.rotationSchedule.set', { rotationCron: '0 4 * * 2', rotationTimeZone: 'Mars/Olympus_Mons' });
    expect(textOf(bad)).toContain("That setting isn't valid");
    expect(textOf(bad)).toContain('Mars/Olympus_Mons');
    expect(repo.get(world.app.tenantId).rotationTimeZone).toBe('UTC');

    const good = await world.click(admin, 'settings.rotationSchedule.set', { rotationCron: '0  4 * * 2', rotationTimeZone: 'Europe/Amsterdam' });
    expect(textOf(good)).toContain('The rotation schedule was saved');
    expect(repo.get(world.app.tenantId)).toMatchObject({ rotationCron: '0 4 * * 2', rotationTimeZone: 'Europe/Amsterdam' });

    const refused = await world.click(operator, 'settings.autoEnable.set', { autoEnable: 'false' });
    expect(textOf(refused)).toMatch(/Only tenant admins/);
    expect(repo.get(world.app.tenantId).autoEnable).toBe(true);
  });

  // Creating the account was the tenant's first choice of management type (issue 12), so the
  // mode is Advanced now; changing it needs Megan's approval.
  it('when the admin asks to switch to Default and Megan rejects, then nothing changes and the admin is told', async () => {
    expect(world.app.app.services.settingsRepo.get(world.app.tenantId).mode).toBe('advanced');
    const [request] = await world.say(admin, 'switch to default');
    expect(textOf(request!.card)).toContain('Approval requested: switch to Default');
    const approval = await world.waitForSent(world.as(megan).conversationId, 'Approval needed: Change management type');
    const reject = button(approval.card, 'Reject');
    const decided = await world.click(megan, reject.verb, reject.data, approval.activityId);
    expect(textOf(decided)).toContain('Rejected');
    await world.waitForSent(adminChat(), 'Your request was rejected');
    expect(world.app.app.services.settingsRepo.get(world.app.tenantId).mode).toBe('advanced');
    // The request card was never turned into a progress card.
    expect(world.updatesOf(adminChat(), request!.activityId).map(textOf).join()).not.toContain('Switching the management type');
  });

  it('when the admin disables advanced management, confirms and Megan approves, then each step is reported and the account, role and secret are gone', async () => {
    const record = world.app.app.services.serviceAccountRepo.get(world.app.tenantId)!;
    const [confirm] = await world.say(admin, 'disable advanced management');
    expect(textOf(confirm!.card)).toContain('Disable advanced management?');
    const ask = button(confirm!.card, 'Ask for approval to disable');
    const requested = await world.click(admin, ask.verb, ask.data, confirm!.activityId);
    expect(textOf(requested)).toContain('Approval requested: disable advanced management');
    // A redelivered confirmation opens no second request.
    const again = await world.click(admin, ask.verb, ask.data, confirm!.activityId);
    expect(textOf(again)).toContain('Already waiting for approval');

    const approval = await world.waitForSent(world.as(megan).conversationId, 'Approval needed: Disable advanced management');
    const approve = button(approval.card, 'Approve');
    await world.click(megan, approve.verb, approve.data, approval.activityId);
    const done = await world.waitForUpdate(adminChat(), confirm!.activityId, 'Advanced management disabled');
    for (const step of ['Turning the management session off… done', 'Removing role… done', 'Deleting account… done', 'Deleting secret… done']) expect(textOf(done)).toContain(step);
    expect(textOf(done)).toContain(megan.displayName);

    const directory = world.sandbox.sandbox.state().directory;
    expect(findUser(directory, record.objectId)).toBeUndefined();
    expect(roleAssignmentsOf(directory, record.objectId)).toEqual([]);
    await expect(world.sandbox.secretVault().getSecret(record.secretName)).rejects.toMatchObject({ code: 'VAULT.NOT_FOUND' });
    expect(world.app.app.services.serviceAccountRepo.get(world.app.tenantId)).toBeUndefined();
  });

  it('when the admin asks to switch to Advanced and Megan approves, then the request card shows the switch creating the account, ending in what to do next', async () => {
    // Disabling left no management type; a first choice takes effect at once (issue 12), so choose
    // Default first: switching from it to Advanced is a change, and needs the approval.
    const [chosen] = await world.say(admin, 'switch to default');
    expect(textOf(chosen!.card)).toContain('Management type set to Default');
    expect(world.app.app.services.settingsRepo.get(world.app.tenantId).mode).toBe('default');
    const meganChat = world.as(megan).conversationId;
    const before = world.sentCount(meganChat);
    const [request] = await world.say(admin, 'switch to advanced');
    const approval = await world.waitForSent(meganChat, 'Approval needed: Change management type', { after: before });
    const approve = button(approval.card, 'Approve');
    // Graph slowed a little, so the switch outlasts the card's update interval and its steps show.
    world.sandbox.sandbox.faults.configure({ latency: [{ match: { area: 'graph' }, delayInMs: 150 }] });
    const decided = await world.click(megan, approve.verb, approve.data, approval.activityId);
    expect(textOf(decided)).toContain('Approved');

    const done = await world.waitForUpdate(adminChat(), request!.activityId, 'Management type switched to Advanced').finally(() => world.sandbox.sandbox.faults.clear());
    expect(textOf(done)).toContain(
      'The management type was switched and the management account was created; turn the management session on to use it.',
    );
    for (const step of ['Creating account… done', 'Assigning role… done', 'Storing secret… done', 'Verifying sign-in… done', 'Switching management type… done']) {
      expect(textOf(done)).toContain(step);
    }
    const progress = world.updatesOf(adminChat(), request!.activityId).map(textOf);
    expect(progress.some((card) => card.includes('Switching the management type to Advanced'))).toBe(true);
    // The approver hears how it ended, too.
    await world.waitForSent(meganChat, 'Management type switched to Advanced', { after: before });
    expect(world.app.app.services.settingsRepo.get(world.app.tenantId).mode).toBe('advanced');
    const record = world.app.app.services.serviceAccountRepo.get(world.app.tenantId)!;
    expect(roleAssignmentsOf(world.sandbox.sandbox.state().directory, record.objectId).map((a) => a.roleDefinitionId)).toEqual([GLOBAL_ADMINISTRATOR]);
  });

  it('when nobody decides a request before it expires, then its cards say so and the admin is told', async () => {
    const meganChat = world.as(megan).conversationId;
    const before = world.sentCount(meganChat);
    const [request] = await world.say(admin, 'switch to default');
    expect(textOf(request!.card)).toContain('Approval requested: switch to Default');
    const approval = await world.waitForSent(meganChat, 'Approval needed: Change management type', { after: before });
    world.clock.advance(25 * 60 * 60 * 1000);
    await world.app.app.access.upkeep.runOnce();
    await world.waitForUpdate(meganChat, approval.activityId, 'Expired: Change management type');
    await world.waitForSent(adminChat(), 'Your request expired');
    expect(world.app.app.services.settingsRepo.get(world.app.tenantId).mode).toBe('advanced');
  });

  it('when every log line (debug), SQLite row, card and audit record is scanned, then the password read from the vault is in none', async () => {
    const record = world.app.app.services.serviceAccountRepo.get(world.app.tenantId)!;
    const { value: password } = await world.sandbox.secretVault().getSecret(record.secretName, record.currentSecretVersion);
    expect(password.length).toBeGreaterThanOrEqual(16);
    const db = world.app.app.db;
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{ name: string }>;
    const rows = tables.flatMap(({ name }) => (db.prepare(`SELECT * FROM "${name}"`).all() as unknown[]).map((row) => [`table ${name}`, JSON.stringify(row)] as const));
    const audit = await world.app.app.services.audit.export(world.app.tenantId, { format: 'json' });
    const haystacks: Array<readonly [string, string]> = [
      ...world.app.log.lines.map((line, index) => [`log line ${index}`, line] as const),
      ...rows,
      ...world.app.bot.connector.calls.map((call, index) => [`connector call ${index} (${call.kind})`, JSON.stringify(call)] as const),
      ...world.invokeCards.map((card, index) => [`invoke answer ${index}`, JSON.stringify(card)] as const),
      ['audit export', JSON.stringify(audit)],
    ];
    expect(world.app.log.lines.some((line) => line.includes('"level":"debug"'))).toBe(true);
    expect(tables.map((t) => t.name)).toEqual(expect.arrayContaining(['provisioning_operations', 'service_accounts']));
    expect(world.app.bot.connector.calls.filter((call) => call.kind === 'update').length).toBeGreaterThan(5);
    const leaks = haystacks.filter(([, text]) => text.includes(password)).map(([where]) => where);
    expect(leaks).toEqual([]);
  });

  it('when the story ran, then the bot logged no errors', () => {
    const errors = world.app.log.lines.filter((line) => /"level":"(error|fatal)"/.test(line));
    expect(errors).toEqual([]);
  });
});

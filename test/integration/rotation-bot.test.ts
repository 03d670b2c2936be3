/**
 * Issue 7 at the bot level: a real bot over HTTP, the real sandbox tenant over HTTPS behind it,
 * and the fake Bot Connector recording what the bot posts. The service account is created by
 * the real provisioning service; everything after that goes through chat and card actions.
 */
import { GLOBAL_ADMIN, HELP_DESK_USERS } from '../../sandbox/directory/seed/contoso-ids';
import type { Actor } from '../../services/access/actor';
import { SignInError } from '../../services/ports/token-issuer.port';
import type { ServiceAccountRecord } from '../../services/ports/service-account.repository.port';
import { startAppWithSandbox, type AppWithSandbox, type UserChannel } from '../support/app-harness';
import type { ConnectorCall } from '../support/fake-connector';
import { cardTextOf, latestRotationId, scanForSecrets, waitForPost, waitForRotation, replyTo, eventually } from './rotation-bot.world';

const ADMIN_CHANNEL = '19:rotation-admins@thread.tacv2';
const TARGET_USER = 'patti.fernandez@contoso.test';

describe('password rotation through the bot', () => {
  let world: AppWithSandbox;
  let admin: UserChannel;
  let adminActor: Actor;
  /** Every password the vault held during the test, for the leak scan. */
  const passwords: string[] = [];

  function record(): ServiceAccountRecord {
    const found = world.app.services.serviceAccountRepo.get(world.tenantId);
    if (!found) throw new Error('no service account record');
    return found;
  }

  async function currentPassword(): Promise<string> {
    const { secretName, currentSecretVersion } = record();
    const { value } = await world.app.services.vault.getSecret(secretName, currentSecretVersion);
    passwords.push(value);
    return value;
  }

  async function signIn(password: string): Promise<'ok' | string> {
    try {
      await world.issuer.getUserTokenWithPassword(world.tenantId, record().userPrincipalName, password);
      return 'ok';
    } catch (error) {
      if (error instanceof SignInError) return error.code;
      throw error;
    }
  }

  async function say(channel: UserChannel, text: string, conversation?: { id: string; conversationType: string }): Promise<ConnectorCall> {
    const overrides = conversation ? { conversation: { ...conversation, tenantId: world.tenantId } } : {};
    return replyTo(world, channel.message(text, overrides));
  }

  beforeAll(async () => {
    world = await startAppWithSandbox();
    admin = world.as(GLOBAL_ADMIN);
    adminActor = { tenantId: world.tenantId, userId: GLOBAL_ADMIN.id, upn: GLOBAL_ADMIN.userPrincipalName, displayName: GLOBAL_ADMIN.displayName };
    // The admin has a personal chat with the bot (a stored conversation reference) and registers the admins' channel.
    await say(admin, 'help');
    expect(cardTextOf(await say(admin, 'notify here', { id: ADMIN_CHANNEL, conversationType: 'channel' }))).toContain('Admin notices will come here');

    const { services } = world.app;
    await services.provisioning.create(world.tenantId, adminActor);
    services.settingsRepo.update(world.tenantId, { mode: 'advanced', rotationTimeZone: 'Europe/Amsterdam' }, adminActor.userId);
    await currentPassword();
  }, 120_000);

  afterAll(async () => {
    await world?.close();
  });

  it('when an admin types "rotate password now", then the bot answers at once and the success notice arrives proactively in their chat and the admin channel; the old password stops working and a management action runs with the new one', async () => {
    const { services } = world.app;
    // A session that is ON before the rotation holds a token made with the old password.
    await services.sessions.turnOn(adminActor);
    const oldPassword = await currentPassword();
    const oldVersion = record().currentSecretVersion;
    const readsBefore = services.tokenBroker.getCounters(world.tenantId).vaultReads;

    const ack = await say(admin, 'rotate password now');
    expect(ack.kind).toBe('reply');
    expect(cardTextOf(ack)).toContain('Rotating the management account password');
    expect(cardTextOf(ack)).toContain("I'll post the result here and to the admin channel.");

    const personal = await waitForPost(world, admin.conversationId, 'Password rotated at');
    const channel = await waitForPost(world, ADMIN_CHANNEL, 'Password rotated at');
    const newVersion = record().currentSecretVersion;
    expect(newVersion).not.toBe(oldVersion);
    for (const notice of [personal, channel]) {
      // Proactive: a new message in the conversation, not a reply to anything.
      expect(notice.kind).toBe('send');
      expect(notice.activity?.replyToId).toBeUndefined();
      const text = cardTextOf(notice);
      expect(text).toContain(`version ${newVersion.slice(0, 8)}, next rotation`);
      expect(text).toContain('(Europe/Amsterdam)');
      expect(text).toContain('Rotation history');
    }

    // The old password no longer signs in at the sandbox; the new one does.
    expect(await signIn(oldPassword)).toBe('SIGNIN.WRONG_PASSWORD');
    expect(await signIn(await currentPassword())).toBe('ok');

    // The next management action runs as the service account with a token made from the new password.
    const prepared = await services.actions.prepare(adminActor, 'user.blockSignIn', TARGET_USER);
    const executed = await services.actions.execute(adminActor, prepared.pendingActionId);
    expect(executed).toMatchObject({ outcome: 'done', principal: { userPrincipalName: record().userPrincipalName } });
    const target = await services.directory.getUser(world.tenantId, TARGET_USER);
    expect(target?.accountEnabled).toBe(false);
    expect(services.tokenBroker.getCounters(world.tenantId).vaultReads).toBeGreaterThan(readsBefore);
  });

  it('when the admin channel answers the first send with 429 and Retry-After, then the notice is delivered after waiting, and nothing is left queued', async () => {
    world.bot.connector.failNext({ status: 429, headers: { 'Retry-After': '1' }, conversationId: ADMIN_CHANNEL });
    const rejectedBefore = world.bot.connector.rejected(ADMIN_CHANNEL).length;
    const postsBefore = world.bot.connector.sent(ADMIN_CHANNEL).length;

    const previous = latestRotationId(world);
    await say(admin, 'rotate password now');
    const version = (await waitForRotation(world, previous)).newVersion!;
    const delivered = await waitForPost(world, ADMIN_CHANNEL, `version ${version.slice(0, 8)}`, { after: postsBefore });

    const throttled = world.bot.connector.rejected(ADMIN_CHANNEL).slice(rejectedBefore);
    expect(throttled.map((call) => call.rejectedWith)).toEqual([429]);
    // The same notice again, no sooner than Teams asked.
    expect(cardTextOf(throttled[0]!)).toBe(cardTextOf(delivered));
    expect(delivered.at - throttled[0]!.at).toBeGreaterThanOrEqual(950);
    // The admin's personal chat is served after the channel; nothing stays queued once both have it.
    await waitForPost(world, admin.conversationId, `version ${version.slice(0, 8)}`);
    await eventually(() => expect(world.app.services.noticeOutbox.listQueued(world.tenantId)).toEqual([]));
    const rows = world.app.db.prepare(`SELECT status FROM notice_outbox WHERE target_id = ? AND payload_json LIKE ?`).all(ADMIN_CHANNEL, `%${version}%`);
    expect(rows).toEqual([{ status: 'delivered' }]);
  });

  it('when Teams keeps throttling the channel past the connector client\'s own retries, then the outbox retries after Retry-After and delivers', async () => {
    // botframework-connector retries a 429 by itself (3 times, honouring Retry-After); the fourth
    // answer reaches the outbox as NOTIFY.THROTTLED, which waits and sends again.
    world.bot.connector.failNext({ status: 429, headers: { 'Retry-After': '1' }, conversationId: ADMIN_CHANNEL, times: 4 });
    const postsBefore = world.bot.connector.sent(ADMIN_CHANNEL).length;
    const previous = latestRotationId(world);
    await say(admin, 'rotate password now');
    const version = (await waitForRotation(world, previous)).newVersion!;
    await waitForPost(world, ADMIN_CHANNEL, `version ${version.slice(0, 8)}`, { after: postsBefore, timeoutInMs: 30_000 });
    await eventually(() => {
      const row = world.app.db.prepare(`SELECT status, attempts, last_error_code AS code FROM notice_outbox WHERE target_id = ? AND payload_json LIKE ?`).get(ADMIN_CHANNEL, `%${version}%`);
      expect(row).toEqual({ status: 'delivered', attempts: 2, code: null });
    });
    expect(world.log.entries().some((line) => line['msg'] === 'notice send failed' && line['code'] === 'NOTIFY.THROTTLED' && line['status'] === 429)).toBe(true);
  });

  it('when an admin opens the rotation history, then it lists each rotation with time, trigger, who, result and duration', async () => {
    const reply = await say(admin, 'rotation history');
    const text = cardTextOf(reply);
    expect(text).toContain('Password rotation history');
    expect(text).toContain(`On demand · by ${GLOBAL_ADMIN.displayName} (${GLOBAL_ADMIN.userPrincipalName}) · took`);
    expect(text).toContain('Succeeded');
    expect(text).toContain('(Europe/Amsterdam)');
    expect(text).toContain(`version ${record().currentSecretVersion.slice(0, 8)} replaced`);
  });

  it('when the Rotation history button on a notice is pressed, then the history is posted as a new card and the notice stays', async () => {
    const histories = () => world.bot.connector.sent(admin.conversationId).filter((call) => cardTextOf(call).includes('Password rotation history')).length;
    const before = histories();
    const result = await world.send(admin.invoke('rotation.history', {}));
    expect(JSON.stringify(result.body)).not.toContain('"type":"AdaptiveCard"');
    expect(JSON.stringify(result.body)).toContain('this notice stays as it was');
    await eventually(() => expect(histories()).toBe(before + 1));
  });

  it('when Refresh on the history card is pressed, then the history card is replaced in place', async () => {
    const result = await world.send(admin.invoke('rotation.history', { refresh: true }));
    expect(JSON.stringify(result.body)).toContain('Password rotation history');
  });

  it('when a help-desk user without a role asks to rotate, then they are refused and nothing rotates', async () => {
    const before = world.app.services.rotationHistory.list(world.tenantId, { limit: 100 }).length;
    const reply = await say(world.as(HELP_DESK_USERS[0]!), 'rotate password now');
    expect(cardTextOf(reply)).toContain("You can't do that");
    expect(world.app.services.rotationHistory.list(world.tenantId, { limit: 100 })).toHaveLength(before);
  });

  it('when the whole conversation is scanned, then no password appears in any card, log line, stored row or audit record', async () => {
    await currentPassword();
    // Disabled (replaced) versions cannot be read; their values were collected while they were current.
    for (const version of (await world.app.services.vault.listVersions(record().secretName)).filter((v) => v.enabled)) {
      passwords.push((await world.app.services.vault.getSecret(record().secretName, version.version)).value);
    }
    expect(new Set(passwords).size).toBeGreaterThanOrEqual(3);
    expect(scanForSecrets(world, passwords)).toEqual([]);
  });
});

/**
 * Issue 7 at the bot level, when things go wrong: a failure notice whose Retry rotation button
 * rotates once (however often it is pressed), the lock-out alert whose guided recovery sets a
 * fresh password after a confirmation, and who may press which button. A real bot over HTTP,
 * the sandbox tenant over HTTPS, the fake Bot Connector recording every post.
 */
import { randomBytes } from 'node:crypto';
import { Verbs } from '../../cards';
import { GLOBAL_ADMIN, HELP_DESK_USERS } from '../../sandbox/directory/seed/contoso-ids';
import type { Actor } from '../../services/access/actor';
import type { CapabilityId } from '../../services/access/capabilities';
import { SqliteRotationLeaseStore } from '../../services/adapters/sqlite/rotation-lease.sqlite';
import { SignInError } from '../../services/ports/token-issuer.port';
import type { ServiceAccountRecord } from '../../services/ports/service-account.repository.port';
import { startAppWithSandbox, type AppWithSandbox, type UserChannel } from '../support/app-harness';
import type { ConnectorCall } from '../support/fake-connector';
import { cardTextOf, latestRotationId, scanForSecrets, waitForPost, waitForRotation, replyTo } from './rotation-bot.world';

const ADMIN_CHANNEL = '19:recovery-admins@thread.tacv2';
const USERS_PATCH = { area: 'graph' as const, method: 'PATCH', pathPrefix: '/v1.0/users/' };
const DENIED = "You can't do that";

interface InvokeAnswer {
  type?: string;
  value?: unknown;
}

describe('rotation recovery and permissions through the bot', () => {
  let world: AppWithSandbox;
  let admin: UserChannel;
  let adminActor: Actor;
  const passwords: string[] = [];

  const record = (): ServiceAccountRecord => world.app.services.serviceAccountRepo.get(world.tenantId)!;

  async function say(channel: UserChannel, text: string, conversation?: { id: string; conversationType: string }): Promise<ConnectorCall> {
    const overrides = conversation ? { conversation: { ...conversation, tenantId: world.tenantId } } : {};
    return replyTo(world, channel.message(text, overrides));
  }

  async function click(channel: UserChannel, verb: string, data: Record<string, unknown> = {}): Promise<InvokeAnswer> {
    const result = await world.send(channel.invoke(verb, data));
    if (result.status !== 200) throw new Error(`invoke ${verb} answered ${result.status}`);
    return result.body as InvokeAnswer;
  }

  async function signsIn(password: string): Promise<boolean> {
    try {
      await world.issuer.getUserTokenWithPassword(world.tenantId, record().userPrincipalName, password);
      return true;
    } catch (error) {
      if (error instanceof SignInError && error.code === 'SIGNIN.WRONG_PASSWORD') return false;
      throw error;
    }
  }

  async function vaultPassword(): Promise<string> {
    const { value } = await world.app.services.vault.getSecret(record().secretName, record().currentSecretVersion);
    passwords.push(value);
    return value;
  }

  /** The data of a card's button, from a posted activity. */
  function buttonData(call: ConnectorCall, title: string): Record<string, unknown> {
    const card = (call.activity?.['attachments'] as Array<{ content: Record<string, unknown> }> | undefined)?.[0]?.content;
    const action = ((card?.['actions'] as Array<{ title: string; data?: Record<string, unknown> }>) ?? []).find((candidate) => candidate.title === title);
    if (!action) throw new Error(`no "${title}" button`);
    return action.data ?? {};
  }

  beforeAll(async () => {
    world = await startAppWithSandbox({
      overrides: {
        serviceOptions: {
          serviceAccount: { signInVerifyAttempts: 2, signInVerifyDelayInMs: 50 },
          sessions: { pollIntervalInMs: 20 },
          background: { rotationScheduler: false },
          rotation: { verifyDelayInMs: 50, entraRetry: { maxAttempts: 2, maxTotalWaitInMs: 2_000, baseDelayInMs: 50 } },
        },
      },
    });
    admin = world.as(GLOBAL_ADMIN);
    adminActor = { tenantId: world.tenantId, userId: GLOBAL_ADMIN.id, upn: GLOBAL_ADMIN.userPrincipalName, displayName: GLOBAL_ADMIN.displayName };
    await say(admin, 'help');
    await say(admin, 'notify here', { id: ADMIN_CHANNEL, conversationType: 'channel' });
    const { services } = world.app;
    await services.provisioning.create(world.tenantId, adminActor);
    services.settingsRepo.update(world.tenantId, { mode: 'advanced' }, adminActor.userId);
    await vaultPassword();
  }, 120_000);

  afterAll(async () => {
    world?.sandbox.sandbox.faults.clear();
    await world?.close();
  });

  describe('a failed rotation', () => {
    it('when Entra refuses the password change, then the failure notice says what failed and the account state, with Retry rotation; Retry rotates once however often it is pressed', async () => {
      const before = record().currentSecretVersion;
      world.sandbox.sandbox.faults.configure({ serverErrors: [{ match: USERS_PATCH, status: 403 }] });
      const previous = latestRotationId(world);
      await say(admin, 'rotate password now');
      const failedRun = await waitForRotation(world, previous);
      expect(failedRun).toMatchObject({ result: 'failed', errorCode: 'ROTATION.ENTRA_PERMISSION_DENIED' });

      const notice = await waitForPost(world, ADMIN_CHANNEL, 'Password rotation failed');
      const text = cardTextOf(notice);
      expect(text).toContain('What failed: setting the new password in Entra ID.');
      expect(text).toContain('Account state: unchanged.');
      expect(record().currentSecretVersion).toBe(before);
      expect(await signsIn(await vaultPassword())).toBe(true);
      const retry = buttonData(notice, 'Retry rotation');
      expect(retry).toEqual({ rotationId: failedRun.rotationId });

      world.sandbox.sandbox.faults.clear();
      const channelPosts = world.bot.connector.sent(ADMIN_CHANNEL).length;
      const answer = await click(admin, Verbs.rotationRetry, retry);
      // A short message: the failure notice that was clicked stays as it is.
      expect(answer.type).toBe('application/vnd.microsoft.activity.message');
      expect(String(answer.value)).toContain("Rotating… I'll post the result here and to the admin channel.");
      const retried = await waitForRotation(world, failedRun.rotationId);
      expect(retried).toMatchObject({ result: 'succeeded', trigger: 'manual' });
      await waitForPost(world, ADMIN_CHANNEL, `version ${retried.newVersion!.slice(0, 8)}`, { after: channelPosts });

      // A second admin copy pressed later, or Teams redelivering the invoke: nothing rotates again.
      const again = await click(admin, Verbs.rotationRetry, retry);
      expect(String(again.value)).toContain('already started');
      expect(latestRotationId(world)).toBe(retried.rotationId);
    });
  });

  describe('a locked-out account', () => {
    it('when the password was reset outside the bot, then admins get the lock-out alert; its guided recovery sets a fresh password after a confirmation, once', async () => {
      // Someone resets the account's password in the Entra admin center: no vault version signs in any more.
      const outside = `Outside-${randomBytes(12).toString('base64url')}-7a!`;
      passwords.push(outside);
      await world.app.services.directory.setPassword(world.tenantId, record().objectId, outside);
      const personalPosts = world.bot.connector.sent(admin.conversationId).length;
      const outcome = await world.app.services.rotation.recover(world.tenantId, { verifyCurrent: true });
      expect(outcome.kind).toBe('locked-out');

      const alert = await waitForPost(world, admin.conversationId, 'Management account cannot sign in', { after: personalPosts });
      await waitForPost(world, ADMIN_CHANNEL, 'Management account cannot sign in');
      expect(cardTextOf(alert)).toContain('How to recover');
      expect(cardTextOf(alert)).toContain('**1.** Press');

      // The alert's button posts a confirmation below it and leaves the alert readable.
      const before = world.bot.connector.sent(admin.conversationId).length;
      const opened = await click(admin, Verbs.rotationForceReset, buttonData(alert, 'Set a fresh password'));
      expect(String(opened.value)).toContain('Confirm the fresh password in the card below.');
      const confirmation = await waitForPost(world, admin.conversationId, 'Set a fresh password for the management account?', { after: before });
      expect(cardTextOf(confirmation)).toContain('No password in Key Vault signs in');

      const previous = latestRotationId(world);
      const confirmData = buttonData(confirmation, 'Set a fresh password');
      const working = await click(admin, Verbs.rotationForceResetConfirm, confirmData);
      expect(JSON.stringify(working.value)).toContain('Setting a fresh password for the management account…');
      const run = await waitForRotation(world, previous);
      expect(run).toMatchObject({ result: 'succeeded', trigger: 'recovery' });
      await waitForPost(world, admin.conversationId, `version ${run.newVersion!.slice(0, 8)}`, { after: before });
      expect(world.app.services.rotation.condition(world.tenantId)?.kind).toBe('healthy');
      expect(await signsIn(await vaultPassword())).toBe(true);
      expect(await signsIn(outside)).toBe(false);

      const twice = await click(admin, Verbs.rotationForceResetConfirm, confirmData);
      expect(JSON.stringify(twice.value)).toContain('That was already started');
      expect(latestRotationId(world)).toBe(run.rotationId);
    });

    it('when an admin cancels the confirmation, then nothing changes', async () => {
      const reply = await say(admin, 'force reset');
      const answer = await click(admin, Verbs.rotationForceResetConfirm, { ...buttonData(reply, 'Cancel') });
      expect(JSON.stringify(answer.value)).toContain('Nothing was changed');
    });
  });

  describe('follow-ups where no notice says it', () => {
    it('when an admin asks in a group chat that is not the admin channel, then the result is posted back in that chat too', async () => {
      const groupChat = { id: '19:side-chat@thread.v2', conversationType: 'groupChat' };
      const previous = latestRotationId(world);
      const ack = await say(admin, 'rotate password now', groupChat);
      expect(cardTextOf(ack)).toContain("I'll post the result here and to the admin channel.");
      const run = await waitForRotation(world, previous);
      const followUp = await waitForPost(world, groupChat.id, 'Management account password rotated');
      expect(followUp.kind).toBe('send');
      expect(cardTextOf(followUp)).toContain(run.newVersion!.slice(0, 8));
    });

    it('when another rotation holds the tenant lease, then the admin is told it is already running, and nothing changes', async () => {
      const leases = new SqliteRotationLeaseStore(world.app.db);
      expect(leases.tryAcquire(world.tenantId, 'test:another-process', new Date(), 60_000)).toBe(true);
      try {
        const version = record().currentSecretVersion;
        const before = world.bot.connector.sent(admin.conversationId).length;
        await say(admin, 'rotate password now');
        const followUp = await waitForPost(world, admin.conversationId, 'The password was not rotated', { after: before });
        expect(cardTextOf(followUp)).toContain('A password rotation is already running for this tenant.');
        expect(record().currentSecretVersion).toBe(version);
      } finally {
        leases.release(world.tenantId, 'test:another-process');
      }
    });
  });

  describe('who may rotate, reset and read the history', () => {
    const operator = HELP_DESK_USERS[1]!;
    const auditor = HELP_DESK_USERS[2]!;
    const nobody = HELP_DESK_USERS[3]!;

    beforeAll(async () => {
      const { accessGrants } = world.app.services;
      await accessGrants.grantOperator(adminActor, { operator: operator.id, scope: [{ kind: 'department', value: 'Sales' }], actions: ['user.blockSignIn'] });
      await accessGrants.grantAuditor(adminActor, auditor.id);
    });

    const people = { operator, auditor, unknown: nobody };
    const commands: Array<[string, CapabilityId, Array<keyof typeof people>]> = [
      ['rotate password now', 'password.rotateNow', []],
      ['force reset', 'password.forceReset', []],
      ['rotation history', 'rotation.history', ['auditor']],
    ];
    const verbs: Array<[string, Record<string, unknown>, CapabilityId, Array<keyof typeof people>]> = [
      [Verbs.rotationRotateNow, {}, 'password.rotateNow', []],
      [Verbs.rotationRetry, { rotationId: '00000000-0000-4000-8000-000000000001' }, 'password.rotateNow', []],
      [Verbs.rotationForceReset, {}, 'password.forceReset', []],
      [Verbs.rotationForceResetConfirm, { decision: 'confirm', confirmationId: '00000000-0000-4000-8000-000000000002' }, 'password.forceReset', []],
      [Verbs.rotationHistory, {}, 'rotation.history', ['auditor']],
    ];

    async function deniedAudits(who: string, since: number): Promise<Array<{ action: string; code?: string }>> {
      const page = await world.app.services.audit.list(world.tenantId, { limit: 100 });
      return page.records
        .filter((entry) => entry.sequence > since && entry.actor.userId === who && entry.result.outcome === 'denied')
        .map((entry) => ({ action: entry.action, ...(entry.result.code ? { code: entry.result.code } : {}) }));
    }

    it.each(Object.keys(people) as Array<keyof typeof people>)('when %s types each rotation command, then it is allowed or refused (and audited) as specified, and nothing rotates', async (role) => {
      const person = people[role];
      const rotations = world.app.services.rotationHistory.list(world.tenantId, { limit: 100 }).length;
      for (const [text, capability, allowed] of commands) {
        const since = (await world.app.services.audit.head(world.tenantId))?.sequence ?? 0;
        const reply = cardTextOf(await say(world.as(person), text));
        if (allowed.includes(role)) {
          expect(reply).not.toContain(DENIED);
          expect(reply).toContain('Password rotation history');
        } else {
          expect(reply).toContain(DENIED);
          expect(await deniedAudits(person.id, since)).toEqual([{ action: capability, code: expect.stringMatching(/^ACCESS\./) }]);
        }
      }
      expect(world.app.services.rotationHistory.list(world.tenantId, { limit: 100 })).toHaveLength(rotations);
    });

    it.each(Object.keys(people) as Array<keyof typeof people>)('when %s presses each rotation button, then it is allowed or refused (and audited) as specified, and nothing rotates', async (role) => {
      const person = people[role];
      const rotations = world.app.services.rotationHistory.list(world.tenantId, { limit: 100 }).length;
      for (const [verb, data, capability, allowed] of verbs) {
        const since = (await world.app.services.audit.head(world.tenantId))?.sequence ?? 0;
        const answer = JSON.stringify(await click(world.as(person), verb, data));
        if (allowed.includes(role)) {
          expect(answer).toContain('Password rotation history');
        } else {
          expect(answer).toContain(DENIED);
          expect(await deniedAudits(person.id, since)).toEqual([{ action: capability, code: expect.stringMatching(/^ACCESS\./) }]);
        }
      }
      expect(world.app.services.rotationHistory.list(world.tenantId, { limit: 100 })).toHaveLength(rotations);
    });
  });

  it('when everything the bot posted, logged and stored is scanned, then no password appears', async () => {
    // Disabled (replaced) versions cannot be read; their values were collected while they were current.
    for (const version of (await world.app.services.vault.listVersions(record().secretName)).filter((v) => v.enabled)) {
      passwords.push((await world.app.services.vault.getSecret(record().secretName, version.version)).value);
    }
    expect(scanForSecrets(world, passwords)).toEqual([]);
  });
});

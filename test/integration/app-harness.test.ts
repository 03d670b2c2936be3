/**
 * The runtime wiring (bot/adapters.ts, bot/app-services.ts) against the sandbox tenant: the bot
 * answers over HTTP and reaches the sandbox over HTTPS through its real adapters.
 */
import { GLOBAL_ADMIN, HELP_DESK_USERS } from '../../sandbox/directory/seed/contoso-ids';
import { join } from 'node:path';
import { createAdapters } from '../../bot/adapters';
import { loadConfig } from '../../bot/config';
import { startAppWithSandbox, type AppWithSandbox } from '../support/app-harness';

function cardText(activity: Record<string, unknown> | undefined): string {
  return JSON.stringify(activity?.['attachments'] ?? activity?.['text'] ?? '');
}

describe('the app wired to the sandbox tenant', () => {
  let world: AppWithSandbox;

  beforeAll(async () => {
    world = await startAppWithSandbox();
  }, 60_000);

  afterAll(async () => {
    await world?.close();
  });

  it('when the sandbox Global Admin asks for the operators list, then Graph confirms the role and the list is shown', async () => {
    const [reply] = await world.exchange(world.as(GLOBAL_ADMIN).message('operators'));
    expect(cardText(reply?.activity)).toContain('Operators');
    expect(cardText(reply?.activity)).not.toMatch(/tenant admin.*only|not allowed/i);
  });

  it('when someone sends several messages in one chat, then where to reach them is stored once, without a message id (issue 17: no write per turn)', async () => {
    const person = world.as(HELP_DESK_USERS[1]!);
    const stored = () => world.log.text.split('\n').filter((line) => line.includes('conversation reference stored')).length;
    const before = stored();
    for (let i = 0; i < 4; i += 1) await world.exchange(person.message('status'));
    const rows = world.app.db.prepare('SELECT reference, updated_at FROM conversation_references WHERE conversation_id = ?').all(person.conversationId) as Array<{ reference: string; updated_at: string }>;
    expect(rows).toHaveLength(1);
    expect(JSON.parse(rows[0]!.reference)).not.toHaveProperty('activityId');
    expect(stored() - before).toBe(1);
  });

  it('when a help-desk user with no role asks for it, then the bot refuses', async () => {
    const [reply] = await world.exchange(world.as(HELP_DESK_USERS[0]!).message('operators'));
    expect(cardText(reply?.activity)).toMatch(/tenant admin/i);
  });

  it('when the app is built, then every service of the container is there and the adapters are real', () => {
    const { services, adapters } = world.app;
    expect(adapters.configured).toEqual({ directory: true, vault: true, tokenIssuer: true });
    for (const name of ['sessions', 'tokenBroker', 'guard', 'actions', 'provisioning', 'disable', 'modeSwitch', 'rotation', 'rotationScheduler', 'noticeOutbox', 'settings'] as const) {
      expect(services[name]).toBeDefined();
    }
    expect(services.approvalHandlers.get('mode.change')).toBeDefined();
    expect(services.approvalHandlers.get('advanced.disable')).toBeDefined();
  });

  it('when the config names the sandbox (as npm start does), then createAdapters reaches it over HTTPS as the bot app', async () => {
    const { sandbox } = world.sandbox;
    const adapters = createAdapters(
      loadConfig({
        SANDBOX_URL: sandbox.url,
        SANDBOX_TENANT_ID: sandbox.tenantId,
        SANDBOX_CA_CERT_PATH: join(world.sandbox.dataDir, 'tls', 'ca-cert.pem'),
        AZURE_CLIENT_ID: sandbox.botApp.clientId,
        AZURE_CLIENT_SECRET: sandbox.botApp.clientSecret,
      }),
    );
    try {
      expect(adapters.configured).toEqual({ directory: true, vault: true, tokenIssuer: true });
      expect((await adapters.directory.getUser(sandbox.tenantId, GLOBAL_ADMIN.userPrincipalName))?.id).toBe(GLOBAL_ADMIN.id);
      await expect(adapters.vault.getSecret('no-such-secret')).rejects.toMatchObject({ code: 'VAULT.NOT_FOUND' });
    } finally {
      await adapters.close();
    }
  });

  it('when nothing is configured, then every adapter refuses (fail closed)', async () => {
    const adapters = createAdapters(loadConfig({}));
    expect(adapters.configured).toEqual({ directory: false, vault: false, tokenIssuer: false });
    await expect(adapters.vault.getSecret('x')).rejects.toMatchObject({ code: 'VAULT.UNAVAILABLE' });
    await expect(adapters.tokenIssuer.getAppToken('t')).rejects.toMatchObject({ code: 'SIGNIN.INVALID_CLIENT' });
    await expect(adapters.directory.getUser('t', 'u')).rejects.toMatchObject({ code: 'DIRECTORY.UNAVAILABLE' });
  });
});

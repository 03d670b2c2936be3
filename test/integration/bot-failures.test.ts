import { randomUUID } from 'node:crypto';
import type { ConversationReferenceStore } from '../../services/ports/conversation-reference.port';
import { HARNESS_TENANT_ID, startBotHarness, type BotHarness } from '../support/bot-harness';
import { postJson } from '../support/http-client';

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;

/** A store whose database is gone, to make a turn fail for real. */
class BrokenConversationReferenceStore implements ConversationReferenceStore {
  async save(): Promise<never> {
    throw new Error('SQLITE_IOERR: disk I/O error while writing reference');
  }
  async get(): Promise<undefined> {
    return undefined;
  }
  async findPersonal(): Promise<undefined> {
    return undefined;
  }
  async listByTenant(): Promise<[]> {
    return [];
  }
}

describe('when a turn fails', () => {
  let harness: BotHarness;

  beforeAll(async () => {
    harness = await startBotHarness({ overrides: { conversationReferences: new BrokenConversationReferenceStore() } });
  });
  afterAll(async () => {
    await harness.close();
  });

  it('then the user gets a short apology with a correlation id, and the log has the error under the same id', async () => {
    const conversationId = `a:${randomUUID()}`;
    const message = harness.message('help', { conversation: { id: conversationId, conversationType: 'personal', tenantId: HARNESS_TENANT_ID } });
    expect((await harness.send(message)).status).toBe(200);

    const [reply] = await harness.waitForReplies(1, { conversationId });
    const text = String(reply?.activity?.text);
    expect(text).toMatch(/^Sorry, something went wrong/);
    expect(text).not.toMatch(/SQLITE|source code|stack/i);
    const correlationId = UUID.exec(text)?.[0];
    expect(correlationId).toBeDefined();

    const logged = harness.log.entries().find((entry) => entry.msg === 'turn failed');
    expect(logged).toMatchObject({ level: 'error', code: 'BOT.INTERNAL', correlationId, activityId: message.id });
    expect(JSON.stringify(logged)).not.toContain('"text"');
  });

  it('then the bot keeps serving: a card action still answers', async () => {
    const result = await harness.send(harness.invoke('session.status.refresh'));
    expect(result.status).toBe(200);
    expect(JSON.stringify(result.body)).toContain('Management OFF');
  });
});

describe('azure mode', () => {
  let harness: BotHarness;
  let consoleError: jest.SpyInstance;

  beforeAll(async () => {
    // CloudAdapter prints authentication failures with console.error; keep the test output clean.
    consoleError = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    harness = await startBotHarness({
      env: {
        MicrosoftAppId: '0b6d7b5a-1c2d-4e3f-8a9b-0c1d2e3f4a5b',
        MicrosoftAppPassword: 'not-a-real-password',
        MicrosoftAppTenantId: '11111111-2222-3333-4444-555555555555',
        ALLOWED_TENANT_IDS: '11111111-2222-3333-4444-555555555555',
        HOST: '127.0.0.1',
      },
    });
  });
  afterAll(async () => {
    await harness.close();
    consoleError.mockRestore();
  });

  it('when an activity arrives without a Bot Framework JWT, then it gets 401 and is not handled', async () => {
    const result = await postJson(`${harness.baseUrl}/api/messages`, harness.message('help'));

    expect(result.status).toBe(401);
    expect(harness.connector.calls).toEqual([]);
  });
});

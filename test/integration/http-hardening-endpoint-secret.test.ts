/**
 * Issue 11: the sandbox endpoint secret. `npm start` gives the bot a fresh secret at every start
 * (SANDBOX_ENDPOINT_SECRET) and only its Playground sends it; then no other local process can
 * post activities as the sandbox Global Admin.
 *
 * The real app (its CloudAdapter and bot) behind a server built with a secret, the way the
 * composition root builds it from `config.sandbox.endpointSecret`.
 */
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import type { Server } from 'restify';
import { ENDPOINT_SECRET_HEADER, createServer, httpErrorBody } from '../../bot/server';
import { SecretValue } from '../../bot/secret-value';
import { startBotHarness, type BotHarness } from '../support/bot-harness';
import { postJson } from '../support/http-client';

describe('when the sandbox endpoint secret is configured', () => {
  const secret = randomBytes(32).toString('base64url');
  let harness: BotHarness;
  let server: Server;
  let endpoint: string;

  beforeAll(async () => {
    // trace: whatever restify or the bot would log about a request is in the scan below.
    harness = await startBotHarness({ env: { LOG_LEVEL: 'trace' } });
    server = createServer({ adapter: harness.app.adapter, bot: harness.app.bot, logger: harness.app.logger, endpointSecret: new SecretValue(secret) });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/messages`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await harness.close();
  });

  function inConversation(): { conversationId: string; message: Record<string, unknown> } {
    const conversationId = `a:${randomBytes(8).toString('hex')}`;
    return { conversationId, message: harness.message('help', { conversation: { id: conversationId, conversationType: 'personal' } }) };
  }

  it('when a request comes without the secret, then it gets 401 and is not handled', async () => {
    const { conversationId, message } = inConversation();

    const refused = await postJson(endpoint, message);

    expect(refused.status).toBe(401);
    expect(refused.body).toEqual(httpErrorBody('BOT.ENDPOINT_SECRET_REQUIRED'));
    expect(harness.connector.sent(conversationId)).toEqual([]);
  });

  it.each([
    ['a wrong secret', randomBytes(32).toString('base64url')],
    ['the secret with one character more', `${secret}x`],
    ['an empty secret', ''],
  ])('when a request carries %s, then it gets 401 and is not handled', async (_name, presented) => {
    const { conversationId, message } = inConversation();

    const refused = await postJson(endpoint, message, { [ENDPOINT_SECRET_HEADER]: presented });

    expect(refused.status).toBe(401);
    expect(harness.connector.sent(conversationId)).toEqual([]);
  });

  it('when a request carries the secret, then the bot answers it', async () => {
    const { conversationId, message } = inConversation();

    const accepted = await postJson(endpoint, message, { [ENDPOINT_SECRET_HEADER]: secret });

    expect(accepted.status).toBe(200);
    await harness.waitForReplies(1, { conversationId });
  });

  it('when a web page sends the secret too, then it is still refused (403)', async () => {
    const { conversationId, message } = inConversation();

    const refused = await postJson(endpoint, message, { [ENDPOINT_SECRET_HEADER]: secret, origin: 'http://evil.example' });

    expect(refused.status).toBe(403);
    expect(harness.connector.sent(conversationId)).toEqual([]);
  });

  it('when requests with and without the secret were served, then the secret appears nowhere in the log', async () => {
    await postJson(endpoint, inConversation().message, { [ENDPOINT_SECRET_HEADER]: secret });
    await postJson(endpoint, inConversation().message, { [ENDPOINT_SECRET_HEADER]: `${secret}x` });

    expect(harness.log.entries().length).toBeGreaterThan(0);
    expect(JSON.stringify(harness.log.entries())).not.toContain(secret);
  });
});

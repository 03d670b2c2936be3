import { randomUUID } from 'node:crypto';
import { Verbs } from '../../cards';
import { HARNESS_BOT_ID, HARNESS_TENANT_ID, HARNESS_USER_AAD_ID, startBotHarness, type BotHarness } from '../support/bot-harness';
import { httpRequest } from '../support/http-client';

const CARD = 'application/vnd.microsoft.card.adaptive';

describe('bot over HTTP (sandbox mode)', () => {
  let harness: BotHarness;

  beforeAll(async () => {
    harness = await startBotHarness();
  });
  afterAll(async () => {
    await harness.close();
  });

  /** Each test talks in its own conversation so their replies never mix. */
  function inConversation(): { conversationId: string; conversation: Record<string, unknown> } {
    const conversationId = `a:${randomUUID()}`;
    return { conversationId, conversation: { id: conversationId, conversationType: 'personal', tenantId: HARNESS_TENANT_ID } };
  }

  function cardOf(activity: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
    const attachments = activity?.attachments as Array<{ contentType: string; content: Record<string, unknown> }> | undefined;
    return attachments?.find((attachment) => attachment.contentType === CARD)?.content;
  }

  it('when /healthz is requested, then it answers ok', async () => {
    const result = await httpRequest(`${harness.baseUrl}/healthz`);
    expect(result).toMatchObject({ status: 200, body: { status: 'ok' } });
  });

  it('when the user types "help", then the bot replies in the conversation with the help card', async () => {
    const { conversationId, conversation } = inConversation();
    const message = harness.message('help', { conversation });
    expect((await harness.send(message)).status).toBe(200);

    const [reply] = await harness.waitForReplies(1, { conversationId });
    expect(reply).toMatchObject({ kind: 'reply', activityId: message.id });
    expect(reply?.activity).toMatchObject({ type: 'message', replyToId: message.id, from: { id: HARNESS_BOT_ID } });
    const card = cardOf(reply?.activity);
    expect(JSON.stringify(card)).toContain('What I can do');
    expect(JSON.stringify(card)).toContain('status');
  });

  it('when the user @mentions the bot with "Show status?", then the Management OFF card shows the tenant and "Not configured"', async () => {
    const { conversationId, conversation } = inConversation();
    await harness.send(harness.message('<at>Management Session Bot</at> Show status?', { conversation }));

    const [reply] = await harness.waitForReplies(1, { conversationId });
    const card = cardOf(reply?.activity);
    expect(card).toMatchObject({ type: 'AdaptiveCard', version: '1.5' });
    const json = JSON.stringify(card);
    expect(json).toContain('Management OFF');
    expect(json).toContain(HARNESS_TENANT_ID);
    expect(json).toContain('Not configured');
  });

  // Issue 12 changed this by design: an unknown command gets a hint (and "Did you mean" when close), never the whole catalogue.
  it('when the user types something unknown, then the bot says it did not understand and hints at help without listing every command', async () => {
    const { conversationId, conversation } = inConversation();
    await harness.send(harness.message('make me a sandwich', { conversation }));

    const [reply] = await harness.waitForReplies(1, { conversationId });
    const json = JSON.stringify(cardOf(reply?.activity));
    expect(json).toContain("I didn't understand");
    expect(json).toContain('make me a sandwich');
    expect(json).toContain('to see what you can do');
    expect(json).not.toContain('What I can do');
  });

  it('when the user misspells a command, then the bot asks "Did you mean" with a button that sends the command', async () => {
    const { conversationId, conversation } = inConversation();
    await harness.send(harness.message('stauts', { conversation }));

    const [reply] = await harness.waitForReplies(1, { conversationId });
    const card = cardOf(reply?.activity) as { actions?: unknown[] } | undefined;
    expect(JSON.stringify(card)).toContain('Did you mean');
    expect(card?.actions).toContainEqual(expect.objectContaining({ type: 'Action.Submit', data: { msteams: { type: 'imBack', value: 'status' } } }));
  });

  it('when the same activity is delivered twice, then it is handled once (one reply)', async () => {
    const { conversationId, conversation } = inConversation();
    const message = harness.message('status', { conversation });
    expect((await harness.send(message)).status).toBe(200);
    expect((await harness.send(message)).status).toBe(200);

    await harness.waitForReplies(1, { conversationId });
    // Each POST answers only after its turn finished, so a second reply would already be here.
    expect(harness.connector.sent(conversationId)).toHaveLength(1);
  });

  it('when a first message arrives, then its conversation reference is stored for proactive messages', async () => {
    const { conversationId, conversation } = inConversation();
    await harness.send(harness.message('help', { conversation }));

    const stored = await harness.app.conversationReferences.get(HARNESS_TENANT_ID, conversationId);
    expect(stored).toMatchObject({ tenantId: HARNESS_TENANT_ID, conversationType: 'personal', userAadObjectId: HARNESS_USER_AAD_ID });
    expect(stored?.reference.serviceUrl).toBe(harness.connector.url);
  });

  it('when the bot is added to a conversation, then it stores the reference and sends a welcome with help', async () => {
    const { conversationId, conversation } = inConversation();
    const added = harness.message('', {
      type: 'conversationUpdate',
      text: undefined,
      conversation,
      membersAdded: [{ id: HARNESS_BOT_ID }, { id: '29:harness-user' }],
    });
    expect((await harness.send(added)).status).toBe(200);

    const [welcome, help] = await harness.waitForReplies(2, { conversationId });
    expect(welcome?.activity?.text).toContain('Management Session Bot');
    expect(JSON.stringify(cardOf(help?.activity))).toContain('What I can do');
    expect(await harness.app.conversationReferences.get(HARNESS_TENANT_ID, conversationId)).toBeDefined();
  });

  it('when the app is installed (installationUpdate add), then the reference is stored without a second welcome', async () => {
    const { conversationId, conversation } = inConversation();
    await harness.send(harness.message('', { type: 'installationUpdate', action: 'add', text: undefined, conversation }));

    expect(await harness.app.conversationReferences.get(HARNESS_TENANT_ID, conversationId)).toBeDefined();
    expect(harness.connector.sent(conversationId)).toHaveLength(0);
  });

  it('when the Refresh button of the status card is clicked, then the invoke answers with the status card', async () => {
    const result = await harness.send(harness.invoke(Verbs.refreshSessionStatus));

    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({ statusCode: 200, type: CARD, value: { type: 'AdaptiveCard', version: '1.5' } });
    expect(JSON.stringify(result.body)).toContain('Management OFF');
  });

  it('when an unknown verb is invoked, then the invoke answers with a friendly error card', async () => {
    const result = await harness.send(harness.invoke('no.such.verb'));

    expect(result.body).toMatchObject({ statusCode: 200, type: CARD });
    expect(JSON.stringify(result.body)).toContain("isn't supported");
  });

  describe('bad input', () => {
    it.each([
      ['malformed JSON', '{"type": "message", ', { 'content-type': 'application/json' }, 400],
      ['a body without "type"', JSON.stringify({ text: 'help' }), { 'content-type': 'application/json' }, 400],
      ['a JSON array', '[]', { 'content-type': 'application/json' }, 400],
      ['a body over 1 MB', JSON.stringify({ type: 'message', text: 'x'.repeat(1024 * 1024) }), { 'content-type': 'application/json' }, 413],
      ['a gzip-encoded body', 'not really gzip', { 'content-type': 'application/json', 'content-encoding': 'gzip' }, 415],
    ])('when the request is %s, then it gets a 4xx with a small JSON error and the next message is answered', async (_name, body, headers, status) => {
      const rejected = await harness.postRaw(body, headers);
      expect(rejected.status).toBe(status);
      expect(rejected.body).toEqual({ error: { code: expect.stringMatching(/^BOT\./), message: expect.any(String) } });
      expect(JSON.stringify(rejected.body).length).toBeLessThan(300);

      const { conversationId, conversation } = inConversation();
      expect((await harness.send(harness.message('help', { conversation }))).status).toBe(200);
      await harness.waitForReplies(1, { conversationId });
    });
  });
});

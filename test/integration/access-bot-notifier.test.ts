import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConnectorNotifierError, ProactiveNotifier } from '../../bot/proactive-notifier';
import type { StoredConversationReference } from '../../services/ports/conversation-reference.port';
import { NotifierError } from '../../services/ports/notifier.port';
import { httpRequest } from '../support/http-client';
import { people, startWorld, textOf, TENANT, type World } from './access-bot.world';

const CARD = { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: 'Rotation done' }] };

/** A Bot Connector that answers every call with one status, counting the calls. */
async function failingConnector(status: number, headers: Record<string, string> = {}): Promise<{ url: string; hits: () => number; close: () => Promise<void> }> {
  let hits = 0;
  const server = http.createServer((request, response) => {
    hits += 1;
    request.resume();
    response.writeHead(status, { 'content-type': 'application/json', ...headers });
    response.end(JSON.stringify({ error: { code: 'Failure', message: 'no' } }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    hits: () => hits,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('proactive notifier', () => {
  let world: World;

  beforeAll(async () => {
    world = await startWorld();
    await world.say(people.ada, 'help');
    await world.say(people.ada, 'notify here', { kind: 'channel', conversationId: '19:notices@thread.tacv2' });
  });
  afterAll(async () => {
    await world.close();
  });

  it('when a card is sent to a user, then it is a new message in their personal chat and can be replaced in place', async () => {
    const { notifier } = world.harness.app;
    const sent = await notifier.send({ tenantId: TENANT, kind: 'user', id: people.ada.id }, { card: CARD, summary: 'Rotation done' });

    expect(sent).toMatchObject({ conversationId: world.personalChat(people.ada), activityId: expect.any(String) });
    const posted = world.harness.connector.calls.find((call) => call.activity && textOf(call.activity).includes('Rotation done'));
    expect(posted).toMatchObject({ kind: 'send', method: 'POST', conversationId: world.personalChat(people.ada) });
    expect(posted?.activity).toMatchObject({ type: 'message', summary: 'Rotation done', attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: CARD }] });
    expect(posted?.activity?.replyToId).toBeUndefined();

    await notifier.update(sent, { card: { ...CARD, body: [{ type: 'TextBlock', text: 'Rotation superseded' }] }, summary: 'Superseded' });
    const update = world.harness.connector.calls.find((call) => call.kind === 'update' && call.activityId === sent.activityId);
    expect(textOf(update?.activity)).toContain('Rotation superseded');
  });

  it('when a card is sent to the registered admin channel, then it lands in that conversation', async () => {
    const channel = world.harness.app.access.tenantSettings.get(TENANT).adminChannelConversationId!;
    const sent = await world.harness.app.notifier.send({ tenantId: TENANT, kind: 'conversation', id: channel }, { card: CARD, summary: 'Rotation done' });
    expect(sent.conversationId).toBe('19:notices@thread.tacv2');
  });

  it('when nobody ever chatted with the bot, or the conversation belongs to another tenant, then send refuses with NOTIFY.NO_REFERENCE', async () => {
    const { notifier } = world.harness.app;
    await expect(notifier.send({ tenantId: TENANT, kind: 'user', id: people.uma.id }, { card: CARD, summary: 's' })).rejects.toMatchObject({ code: 'NOTIFY.NO_REFERENCE' });
    await expect(notifier.send({ tenantId: 'another-tenant', kind: 'user', id: people.ada.id }, { card: CARD, summary: 's' })).rejects.toMatchObject({ code: 'NOTIFY.NO_REFERENCE' });
  });

  describe('connector failures', () => {
    async function notifierAgainst(url: string): Promise<ProactiveNotifier> {
      const stored = (await world.harness.app.conversationReferences.findPersonal(TENANT, people.ada.id))!;
      const redirected: StoredConversationReference = { ...stored, reference: { ...stored.reference, serviceUrl: url } };
      return new ProactiveNotifier({
        adapter: world.harness.app.adapter,
        botAppId: '',
        references: { get: async () => redirected, findPersonal: async () => redirected },
        logger: world.harness.app.logger,
      });
    }

    it.each([
      [412, 'NOTIFY.THROTTLED', { 'retry-after': '7' }, 7000],
      [429, 'NOTIFY.THROTTLED', { 'retry-after': '0' }, 0],
      [403, 'NOTIFY.FAILED', {}, undefined],
      [404, 'NOTIFY.FAILED', {}, undefined],
    ] as const)('when the connector answers %i, then the error is %s with the status and Retry-After', async (status, code, headers, retryAfterInMs) => {
      const connector = await failingConnector(status, headers);
      try {
        const notifier = await notifierAgainst(connector.url);
        const error = await notifier.send({ tenantId: TENANT, kind: 'user', id: people.ada.id }, { card: CARD, summary: 's' }).catch((caught: unknown) => caught);
        expect(error).toBeInstanceOf(NotifierError);
        expect(error).toBeInstanceOf(ConnectorNotifierError);
        expect(error).toMatchObject({ code, status, retryAfterInMs });
        expect(connector.hits()).toBeGreaterThan(0);
      } finally {
        await connector.close();
      }
    });

    it('when an update is throttled, then update rejects with NOTIFY.THROTTLED too', async () => {
      const connector = await failingConnector(412, { 'retry-after': '3' });
      try {
        const notifier = await notifierAgainst(connector.url);
        const sent = { target: { tenantId: TENANT, kind: 'user' as const, id: people.ada.id }, conversationId: world.personalChat(people.ada), activityId: 'sent-1' };
        await expect(notifier.update(sent, { card: CARD, summary: 's' })).rejects.toMatchObject({ code: 'NOTIFY.THROTTLED', status: 412, retryAfterInMs: 3000 });
      } finally {
        await connector.close();
      }
    });
  });

  it('when the app serves HTTP, then there is no route that triggers a proactive message', async () => {
    for (const path of ['/api/notify', '/api/proactive', '/notify']) {
      const response = await httpRequest(`${world.harness.baseUrl}${path}`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
      expect(response.status).toBe(404);
    }
  });
});

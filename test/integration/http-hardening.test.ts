/**
 * Issue 11 at the HTTP edge: what an attacker (and a crash) found, replayed against the real app
 * over HTTP (composition root, restify, CloudAdapter, SQLite in memory) in sandbox mode.
 *
 * Every attack runs in a tenant of its own, so "nothing changed" is read from a tenant nothing
 * else touched.
 */
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { httpErrorBody, MAX_BODY_BYTES } from '../../bot/server';
import { HARNESS_USER_AAD_ID, startBotHarness, type BotHarness } from '../support/bot-harness';
import type { HttpResult } from '../support/http-client';

interface StreamedResult extends HttpResult {
  /** Bytes of the body the client had written when the answer arrived. */
  bytesSent: number;
  /** Whether the client had sent the whole body when the answer arrived. */
  sentAll: boolean;
}

/**
 * POSTs a body chunk by chunk and stops sending as soon as the server answers, the way a real
 * client gives up once it has its answer. A server that buffers the whole body answers only
 * after `sentAll`. `pauseAfterBytes` stops sending there until the server answers (or 5 s pass).
 */
function streamPost(
  url: string,
  headers: Record<string, string>,
  chunks: Iterable<Buffer>,
  options: { pauseAfterBytes?: number } = {},
): Promise<StreamedResult> {
  return new Promise((resolve, reject) => {
    let answered = false;
    let bytesSent = 0;
    let sentAll = false;
    const request = http.request(url, { method: 'POST', headers, agent: false }, (response) => {
      answered = true;
      const received: Buffer[] = [];
      response.on('data', (chunk: Buffer) => received.push(chunk));
      response.on('end', () => {
        const text = Buffer.concat(received).toString('utf8');
        let body: unknown = text;
        try {
          body = text ? JSON.parse(text) : '';
        } catch {
          // not JSON: keep the text
        }
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body, bytesSent, sentAll });
        request.destroy();
      });
    });
    // The server may close while we are still sending (it refused the body): that is its answer.
    request.on('error', (error) => {
      if (!answered) reject(error);
    });
    const iterator = chunks[Symbol.iterator]();
    const pump = (): void => {
      for (;;) {
        if (answered) return;
        if (options.pauseAfterBytes !== undefined && bytesSent >= options.pauseAfterBytes) {
          setTimeout(() => {
            if (!answered) reject(new Error(`no answer after ${bytesSent} bytes: the server waits for the rest of the body`));
          }, 5_000).unref();
          return;
        }
        const next = iterator.next();
        if (next.done) {
          sentAll = true;
          request.end();
          return;
        }
        bytesSent += next.value.length;
        if (!request.write(next.value)) {
          request.once('drain', pump);
          return;
        }
      }
    };
    pump();
  });
}

function* repeated(byte: string, totalBytes: number, chunkBytes = 64 * 1024): Generator<Buffer> {
  const chunk = Buffer.alloc(chunkBytes, byte);
  for (let sent = 0; sent < totalBytes; sent += chunkBytes) yield totalBytes - sent >= chunkBytes ? chunk : chunk.subarray(0, totalBytes - sent);
}

function* multipartWithTwoFiles(boundary: string, fileBytes: number): Generator<Buffer> {
  for (const name of ['first', 'second']) {
    yield Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="${name}.bin"\r\nContent-Type: application/octet-stream\r\n\r\n`);
    yield* repeated('A', fileBytes);
    yield Buffer.from('\r\n');
  }
  yield Buffer.from(`--${boundary}--\r\n`);
}

/** The files restify's multipart parser (formidable) left behind: `upload_<hex>` in the temp folder. */
function uploadFilesInTmp(): string[] {
  return readdirSync(tmpdir()).filter((name) => name.startsWith('upload_'));
}

/** `qs` bracket notation, which restify's form parser turned back into nested objects. */
function formEncode(value: unknown, prefix = ''): string[] {
  if (value === null || typeof value !== 'object') return [`${encodeURIComponent(prefix)}=${encodeURIComponent(String(value))}`];
  return Object.entries(value as Record<string, unknown>).flatMap(([key, child]) => (child === undefined ? [] : formEncode(child, prefix ? `${prefix}[${key}]` : key)));
}

const JSON_HEADERS = { 'content-type': 'application/json' };

describe('the HTTP edge under attack (sandbox mode)', () => {
  let harness: BotHarness;

  beforeAll(async () => {
    // The harness user is a tenant admin everywhere, so "auto-enable on" would really change a setting.
    harness = await startBotHarness({ env: { BOOTSTRAP_TENANT_ADMIN_IDS: HARNESS_USER_AAD_ID } });
  });
  afterAll(async () => {
    await harness.close();
  });

  /** A personal chat in a tenant of its own. */
  function freshTenant(): { tenantId: string; conversationId: string; overrides: Record<string, unknown> } {
    const tenantId = randomUUID();
    const conversationId = `a:${randomUUID()}`;
    return {
      tenantId,
      conversationId,
      overrides: { conversation: { id: conversationId, conversationType: 'personal', tenantId }, channelData: { tenant: { id: tenantId } } },
    };
  }

  const autoEnableOf = (tenantId: string): boolean => harness.app.services.settingsRepo.get(tenantId).autoEnable;

  /** The bot still answers a normal message: the refused request broke nothing. */
  async function expectStillServing(): Promise<void> {
    const { conversationId, overrides } = freshTenant();
    expect((await harness.send(harness.message('help', overrides))).status).toBe(200);
    await harness.waitForReplies(1, { conversationId });
  }

  describe('uploads and form bodies', () => {
    it('when two 8 MB files are posted as multipart/form-data, then they get 415 before being read and no upload file appears in the temp folder', async () => {
      const before = uploadFilesInTmp();
      const boundary = `----hardening${randomUUID()}`;
      const fileBytes = 8 * 1024 * 1024;

      const result = await streamPost(`${harness.baseUrl}/api/messages`, { 'content-type': `multipart/form-data; boundary=${boundary}` }, multipartWithTwoFiles(boundary, fileBytes));

      expect(result.status).toBe(415);
      expect(result.body).toEqual(httpErrorBody('BOT.UNSUPPORTED_MEDIA_TYPE'));
      expect(result.sentAll).toBe(false);
      // Any writer would have had its chance by now.
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(uploadFilesInTmp().filter((name) => !before.includes(name))).toEqual([]);
      await expectStillServing();
    });

    it('when an activity that turns auto-enable on is posted form-encoded (as a web page could), then it gets 415 and the setting stays off; the same activity as JSON turns it on', async () => {
      const { tenantId, conversationId, overrides } = freshTenant();
      const activity = harness.message('auto-enable on', overrides);

      const refused = await harness.postRaw(formEncode(activity).join('&'), { 'content-type': 'application/x-www-form-urlencoded' });

      expect(refused.status).toBe(415);
      expect(refused.body).toEqual(httpErrorBody('BOT.UNSUPPORTED_MEDIA_TYPE'));
      expect(autoEnableOf(tenantId)).toBe(false);
      expect(harness.connector.sent(conversationId)).toEqual([]);

      // The attack was real: the same activity, as JSON, does change the setting.
      expect((await harness.send(activity)).status).toBe(200);
      await harness.waitForReplies(1, { conversationId });
      expect(autoEnableOf(tenantId)).toBe(true);
    });

    it.each([
      ['text/plain (a form can send it)', 'text/plain'],
      ['no content type', undefined],
      ['JSON in another charset', 'application/json; charset=utf-16'],
      ['a JSON look-alike', 'application/json-patch+json'],
    ])('when an activity is posted as %s, then it gets 415 and is not handled', async (_name, contentType) => {
      const { conversationId, overrides } = freshTenant();
      const headers: Record<string, string> = contentType === undefined ? {} : { 'content-type': contentType };

      const refused = await harness.postRaw(JSON.stringify(harness.message('help', overrides)), headers);

      expect(refused.status).toBe(415);
      expect(refused.body).toEqual(httpErrorBody('BOT.UNSUPPORTED_MEDIA_TYPE'));
      expect(harness.connector.sent(conversationId)).toEqual([]);
    });

    it('when an activity is posted as "application/json; charset=utf-8" (the Bot Framework Service\'s header), then it is handled', async () => {
      const { conversationId, overrides } = freshTenant();

      const accepted = await harness.postRaw(JSON.stringify(harness.message('help', overrides)), { 'content-type': 'Application/JSON; charset=UTF-8' });

      expect(accepted.status).toBe(200);
      await harness.waitForReplies(1, { conversationId });
    });
  });

  describe('size', () => {
    it('when a 5 MB JSON body is streamed without a length, then it gets 413 before the client sent it all', async () => {
      const body = (function* () {
        yield Buffer.from('{"type":"message","text":"');
        yield* repeated('x', 5 * 1024 * 1024);
        yield Buffer.from('"}');
      })();

      // The client sends 2 MB and then waits: a server that buffers everything would wait too.
      const result = await streamPost(`${harness.baseUrl}/api/messages`, { ...JSON_HEADERS, 'transfer-encoding': 'chunked' }, body, { pauseAfterBytes: 2 * MAX_BODY_BYTES });

      expect(result.status).toBe(413);
      expect(result.body).toEqual(httpErrorBody('BOT.PAYLOAD_TOO_LARGE'));
      expect(result.sentAll).toBe(false);
      expect(result.bytesSent).toBeLessThanOrEqual(2 * MAX_BODY_BYTES + 64 * 1024);
      await expectStillServing();
    });
  });

  describe('web pages', () => {
    it('when a JSON activity that turns auto-enable on comes with a browser Origin, then it gets 403 and the setting stays off', async () => {
      const { tenantId, conversationId, overrides } = freshTenant();

      const refused = await harness.postRaw(JSON.stringify(harness.message('auto-enable on', overrides)), { ...JSON_HEADERS, origin: 'http://evil.example' });

      expect(refused.status).toBe(403);
      expect(refused.body).toEqual(httpErrorBody('BOT.BROWSER_REQUEST'));
      expect(autoEnableOf(tenantId)).toBe(false);
      expect(harness.connector.sent(conversationId)).toEqual([]);
    });

    it.each(['cross-site', 'same-site'])('when a request says Sec-Fetch-Site: %s (a page without Origin), then it gets 403 and is not handled', async (site) => {
      const { conversationId, overrides } = freshTenant();

      const refused = await harness.postRaw(JSON.stringify(harness.message('help', overrides)), { ...JSON_HEADERS, 'sec-fetch-site': site });

      expect(refused.status).toBe(403);
      expect(refused.body).toEqual(httpErrorBody('BOT.BROWSER_REQUEST'));
      expect(harness.connector.sent(conversationId)).toEqual([]);
    });

    it('when a request is refused, then the log names the status and code but not the body or the headers', async () => {
      const marker = `marker-${randomUUID()}`;
      await harness.postRaw(JSON.stringify(harness.message(marker)), { ...JSON_HEADERS, origin: `http://${marker}.example` });

      const rejected = harness.log.entries().filter((entry) => entry.msg === 'request rejected' && entry.status === 403);
      expect(rejected.length).toBeGreaterThan(0);
      expect(JSON.stringify(harness.log.entries())).not.toContain(marker);
    });
  });

  describe('activity shape', () => {
    it.each<[string, (activity: Record<string, unknown>) => Record<string, unknown>]>([
      ['text is an object', (activity) => ({ ...activity, text: { toString: 'help' } })],
      ['from.aadObjectId is an object', (activity) => ({ ...activity, from: { ...(activity['from'] as object), aadObjectId: { id: HARNESS_USER_AAD_ID } } })],
      ['from.id is a number', (activity) => ({ ...activity, from: { ...(activity['from'] as object), id: 29 } })],
      ['from is a string', (activity) => ({ ...activity, from: 'Adele Vance' })],
      ['conversation.id is an array', (activity) => ({ ...activity, conversation: { ...(activity['conversation'] as object), id: ['a:1'] } })],
      ['conversation is missing', (activity) => ({ ...activity, conversation: undefined })],
      ['channelData.tenant.id is a number', (activity) => ({ ...activity, channelData: { tenant: { id: 42 } } })],
      ['channelData.tenant is a string', (activity) => ({ ...activity, channelData: { tenant: 'contoso' } })],
      ['serviceUrl is not a URL', (activity) => ({ ...activity, serviceUrl: 'connector' })],
      ['serviceUrl is a file: URL', (activity) => ({ ...activity, serviceUrl: 'file:///etc/passwd' })],
      ['membersAdded holds a string', (activity) => ({ ...activity, type: 'conversationUpdate', membersAdded: ['28:bot'] })],
    ])('when %s, then it gets 400 with the small JSON error, and no turn runs', async (_name, mutate) => {
      const { conversationId, overrides } = freshTenant();
      const failuresBefore = harness.log.entries().filter((entry) => entry.msg === 'turn failed').length;

      const refused = await harness.send(mutate(harness.message('help', overrides)));

      expect(refused.status).toBe(400);
      expect(refused.body).toEqual(httpErrorBody('BOT.BAD_REQUEST'));
      expect(harness.connector.sent(conversationId)).toEqual([]);
      expect(harness.log.entries().filter((entry) => entry.msg === 'turn failed')).toHaveLength(failuresBefore);
    });

    it('when an activity has no serviceUrl, then it gets 400 at once instead of hanging on a host look-up', async () => {
      const { conversationId, overrides } = freshTenant();
      const started = performance.now();

      const refused = await harness.send(harness.message('help', { ...overrides, serviceUrl: undefined }));

      expect(refused.status).toBe(400);
      expect(refused.body).toEqual(httpErrorBody('BOT.BAD_REQUEST'));
      expect(performance.now() - started).toBeLessThan(1_000);
      expect(harness.connector.sent(conversationId)).toEqual([]);
    });

    it('when a card click (invoke) has no name, then it gets 400 with the JSON error instead of 501', async () => {
      const refused = await harness.send(harness.invoke('session.status.refresh', {}, { name: undefined }));

      expect(refused.status).toBe(400);
      expect(refused.body).toEqual(httpErrorBody('BOT.BAD_REQUEST'));
    });

    it('when optional string fields are null, then the activity is still handled', async () => {
      const { conversationId, overrides } = freshTenant();

      const accepted = await harness.send(harness.message('help', { ...overrides, replyToId: null, locale: null }));

      expect(accepted.status).toBe(200);
      await harness.waitForReplies(1, { conversationId });
    });

    it('when a body is refused for its shape, then the log names the field, never its value', async () => {
      const marker = `marker-${randomUUID()}`;
      await harness.send(harness.message('help', { text: { marker } }));

      const logged = harness.log.entries().filter((entry) => entry.msg === 'request rejected' && entry.field === 'text');
      expect(logged.length).toBeGreaterThan(0);
      expect(JSON.stringify(harness.log.entries())).not.toContain(marker);
    });
  });
});

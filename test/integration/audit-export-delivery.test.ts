/**
 * Issue 12, item 6: an auditor gets the audit export through Teams' file-consent flow (this test
 * plays Teams' side: the consent card's Allow/Decline invoke and the OneDrive upload URL) and
 * through the bot's signed download link. Expired, tampered and foreign links, other people's
 * consent answers and a revoked auditor are refused, and each step is audited. No token, key or
 * audit content reaches the logs or the cards.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { parseAuditExport } from '../../services/audit/audit-export';
import { linkKeyFrom, signLinkToken } from '../../services/audit/audit-export-link-token';
import type { AuditRecord } from '../../services/ports/audit-log.port';
import { ManualClock } from '../../services/ports/clock.port';
import { FILE_CONSENT_CONTENT_TYPE, FILE_INFO_CONTENT_TYPE } from '../../bot/access/audit-export';
import { Verbs } from '../../cards';
import { startBotHarness, type BotHarness } from '../support/bot-harness';
import { InMemoryDirectory } from '../support/fakes/in-memory-directory';
import { httpRequest, type HttpResult } from '../support/http-client';
import { actorOf, CARD, OTHER_TENANT, outsider, people, seedDirectory, TENANT, textOf, type ConversationKind, type Person, type Reply } from './access-bot.world';

const LINK_KEY = 'audit-export-link-key-for-tests-0123456789abcdef';

interface Upload {
  method: string;
  contentRange: string | undefined;
  contentLength: string | undefined;
  body: Buffer;
}

/** Plays OneDrive's upload session: records every PUT; answers 201, or 500 when told to fail. */
class UploadServer {
  readonly uploads: Upload[] = [];
  failNext = false;
  private readonly server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (this.failNext) {
        this.failNext = false;
        res.writeHead(500);
        res.end();
        return;
      }
      this.uploads.push({ method: req.method ?? '', contentRange: req.headers['content-range'], contentLength: req.headers['content-length'], body: Buffer.concat(chunks) });
      res.writeHead(201, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: 'item-1', name: 'audit.csv' }));
    });
  });

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

interface Stage {
  harness: BotHarness;
  clock: ManualClock;
  say(who: Person, text: string, kind?: ConversationKind, tenantId?: string): Promise<Reply[]>;
  consent(who: Person, action: 'accept' | 'decline', context: unknown, uploadUrl?: string, tenantId?: string): Promise<{ status: number; replies: Reply[] }>;
  click(who: Person, data: Record<string, unknown>, conversationId: string, kind: ConversationKind): Promise<Record<string, unknown>>;
  records(): Promise<AuditRecord[]>;
}

function fieldsOf(who: Person, conversationId: string, kind: ConversationKind, tenantId: string): Record<string, unknown> {
  return {
    from: { id: `29:${who.key}`, name: who.displayName, aadObjectId: who.id },
    conversation: { id: conversationId, conversationType: kind, tenantId },
    channelData: { tenant: { id: tenantId } },
  };
}

function replyOf(activity: Record<string, unknown> | undefined): Reply {
  const attachments = (activity?.attachments as Reply['attachments'] | undefined) ?? [];
  return {
    ...(typeof activity?.text === 'string' ? { text: activity.text } : {}),
    attachments,
    cards: attachments.filter((attachment) => attachment.contentType === CARD).map((attachment) => attachment.content as Record<string, unknown>),
  };
}

async function startStage(env: NodeJS.ProcessEnv): Promise<Stage> {
  const directory = new InMemoryDirectory();
  seedDirectory(directory);
  const clock = new ManualClock(new Date());
  const harness = await startBotHarness({ env: { AUDIT_EXPORT_LINK_KEY: LINK_KEY, ...env }, overrides: { directory, now: () => clock.now(), approvalTimerIntervalInMs: 3_600_000 } });
  await harness.app.access.grants.grantAuditor(actorOf(people.ada), people.aud.id);
  const personal = (who: Person): string => `a:personal-${who.key}`;
  const collect = async (conversationId: string, work: () => Promise<HttpResult>): Promise<{ status: number; replies: Reply[] }> => {
    const before = harness.connector.sent(conversationId).length;
    const result = await work();
    return { status: result.status, replies: harness.connector.sent(conversationId).slice(before).map((call) => replyOf(call.activity)) };
  };
  return {
    harness,
    clock,
    say: async (who, text, kind = 'personal', tenantId = TENANT) => {
      const conversationId = kind === 'personal' ? personal(who) : `19:${randomUUID()}@thread.v2`;
      const { status, replies } = await collect(conversationId, () => harness.send(harness.message(text, fieldsOf(who, conversationId, kind, tenantId))));
      expect(status).toBe(200);
      return replies.map((reply) => ({ ...reply, conversationId }));
    },
    consent: (who, action, context, uploadUrl, tenantId = TENANT) => {
      const conversationId = personal(who);
      const value = {
        type: 'fileUpload',
        action,
        context,
        ...(action === 'accept'
          ? { uploadInfo: { name: 'audit.csv', uploadUrl, contentUrl: 'https://contoso-my.sharepoint.com/personal/aud/Documents/audit.csv', uniqueId: 'unique-1', fileType: 'csv' } }
          : {}),
      };
      return collect(conversationId, () => harness.send({ ...harness.message('', fieldsOf(who, conversationId, 'personal', tenantId)), type: 'invoke', name: 'fileConsent/invoke', value }));
    },
    click: async (who, data, conversationId, kind) => {
      const result = await harness.send(harness.invoke(Verbs.auditExport, data, fieldsOf(who, conversationId, kind, TENANT)));
      expect(result.status).toBe(200);
      const body = result.body as { type?: string; value?: Record<string, unknown> };
      expect(body.type).toBe(CARD);
      return body.value!;
    },
    records: async () => {
      const records: AuditRecord[] = [];
      let before: number | undefined;
      for (;;) {
        const page = await harness.app.access.audit.list(TENANT, { limit: 100, ...(before ? { before } : {}) });
        records.push(...page.records);
        if (!page.nextBefore) break;
        before = page.nextBefore;
      }
      return records.reverse();
    },
  };
}

function consentCardOf(replies: Reply[]): { name?: string; content: { description: string; sizeInBytes: number; acceptContext: unknown; declineContext: unknown } } {
  const attachment = replies.flatMap((reply) => reply.attachments).find((candidate) => candidate.contentType === FILE_CONSENT_CONTENT_TYPE);
  if (!attachment) throw new Error(`no file consent card in ${textOf(replies).slice(0, 300)}`);
  return attachment as never;
}

function downloadUrlOf(card: Record<string, unknown>): string {
  const actions = (card.actions as Array<{ type: string; url?: string; title?: string }> | undefined) ?? [];
  const open = actions.find((action) => action.type === 'Action.OpenUrl');
  if (!open?.url) throw new Error(`no download button on ${textOf(card).slice(0, 300)}`);
  expect(open.title).toBe('Download audit export (CSV)');
  return open.url;
}

function tokenOf(url: string): string {
  return decodeURIComponent(url.split('/').pop()!);
}

describe('audit export through the file-consent flow (Teams plays its part)', () => {
  let stage: Stage;
  let uploads: UploadServer;
  let uploadUrl: string;

  beforeAll(async () => {
    stage = await startStage({ AUDIT_EXPORT_FILE_CONSENT: 'on' });
    uploads = new UploadServer();
    uploadUrl = `${await uploads.start()}/upload-session/1`;
  });
  afterAll(async () => {
    await stage.harness.close();
    await uploads.close();
  });

  it('when an auditor allows the file, then the CSV is PUT whole to the upload URL, a file info card follows, and each step is audited', async () => {
    const replies = await stage.say(people.aud, 'export audit');
    const consent = consentCardOf(replies);
    expect(consent.name).toMatch(/^audit-.*\.csv$/);
    expect(consent.content.sizeInBytes).toBeGreaterThan(0);
    expect(consent.content.description).toContain('CSV');
    // The consent card names the pending export only: no record, no person, no hash.
    expect(Object.keys(consent.content.acceptContext as object)).toEqual(['exportId']);
    expect(textOf(replies)).toContain('Click **Allow**');

    const answered = await stage.consent(people.aud, 'accept', consent.content.acceptContext, uploadUrl);
    expect(answered.status).toBe(200);

    expect(uploads.uploads).toHaveLength(1);
    const [upload] = uploads.uploads;
    expect(upload!.method).toBe('PUT');
    expect(upload!.contentRange).toBe(`bytes 0-${upload!.body.length - 1}/${upload!.body.length}`);
    expect(upload!.contentLength).toBe(String(upload!.body.length));
    const delivered = parseAuditExport(upload!.body.toString('utf8'), 'csv');
    const stored = await stage.records();
    // The file holds the audit as it was at delivery: every record before "delivered".
    expect(delivered).toEqual(stored.slice(0, -1));

    const info = answered.replies.flatMap((reply) => reply.attachments).find((attachment) => attachment.contentType === FILE_INFO_CONTENT_TYPE);
    expect(info).toMatchObject({ contentUrl: 'https://contoso-my.sharepoint.com/personal/aud/Documents/audit.csv', name: 'audit.csv', content: { uniqueId: 'unique-1', fileType: 'csv' } });

    const mine = stored.filter((record) => record.actor.userId === people.aud.id).map((record) => [record.action, record.result.outcome]);
    expect(mine).toEqual([
      ['audit.export', 'ok'],
      ['audit.export.delivered', 'ok'],
    ]);
    expect(stored.at(-1)).toMatchObject({ details: { via: 'fileConsent' } });

    // Teams redelivers an invoke it got no answer to in time: nothing is uploaded twice.
    await stage.consent(people.aud, 'accept', consent.content.acceptContext, uploadUrl);
    expect(uploads.uploads).toHaveLength(1);
  });

  it("when someone else answers the auditor's consent card (another admin, a user without a role, another tenant), then nothing is uploaded and the refusal is audited", async () => {
    const consent = consentCardOf(await stage.say(people.aud, 'export audit'));
    const before = uploads.uploads.length;

    const byAdmin = await stage.consent(people.ada, 'accept', consent.content.acceptContext, uploadUrl);
    expect(byAdmin.status).toBe(200);
    expect(textOf(byAdmin.replies)).toContain('This audit export was made for someone else.');
    const byStranger = await stage.consent(people.uma, 'accept', consent.content.acceptContext, uploadUrl);
    expect(textOf(byStranger.replies)).toContain('Only tenant admins and auditors can do this.');
    const fromElsewhere = await stage.consent(outsider, 'accept', consent.content.acceptContext, uploadUrl, OTHER_TENANT);
    expect(textOf(fromElsewhere.replies)).toContain('This audit export was made for someone else.');
    // A forged decline cannot cancel it either.
    const declinedByAdmin = await stage.consent(people.ada, 'decline', consent.content.declineContext);
    expect(textOf(declinedByAdmin.replies)).toContain('This audit export was made for someone else.');
    // A context that names no export, or an upload URL that is neither https nor loopback.
    expect(textOf((await stage.consent(people.aud, 'accept', { exportId: 'nope' }, uploadUrl)).replies)).toContain('made for someone else');
    expect(textOf((await stage.consent(people.aud, 'accept', consent.content.acceptContext, 'http://example.com/upload')).replies)).toContain('made for someone else');
    expect(uploads.uploads).toHaveLength(before);

    const refused = (await stage.records()).filter((record) => record.action === 'audit.export.refused');
    expect(refused.filter((record) => record.actor.userId === people.ada.id).map((record) => record.result.code)).toEqual(['AUDIT.EXPORT_NOT_YOURS', 'AUDIT.EXPORT_NOT_YOURS']);
    expect((await stage.records()).some((record) => record.actor.userId === people.uma.id && record.result.outcome === 'denied')).toBe(true);

    // The owner can still take it.
    await stage.consent(people.aud, 'accept', consent.content.acceptContext, uploadUrl);
    expect(uploads.uploads).toHaveLength(before + 1);
  });

  it('when the auditor declines, then nothing is uploaded, the card says so with Export again, and the decline is audited', async () => {
    const consent = consentCardOf(await stage.say(people.aud, 'export audit as json'));
    const before = uploads.uploads.length;
    const declined = await stage.consent(people.aud, 'decline', consent.content.declineContext);
    expect(declined.status).toBe(200);
    const text = textOf(declined.replies);
    expect(text).toContain('You declined the file');
    expect(text).toContain('Export again');
    expect((await stage.records()).at(-1)).toMatchObject({ action: 'audit.export.declined', actor: { userId: people.aud.id }, result: { outcome: 'ok' } });
    // A late Allow on the declined card uploads nothing.
    await stage.consent(people.aud, 'accept', consent.content.acceptContext, uploadUrl);
    expect(uploads.uploads).toHaveLength(before);
  });

  it('when the upload fails, then the auditor is told with a next step, the failure is audited, and Allow works again', async () => {
    const consent = consentCardOf(await stage.say(people.aud, 'export audit'));
    const before = uploads.uploads.length;
    uploads.failNext = true;
    const failed = await stage.consent(people.aud, 'accept', consent.content.acceptContext, uploadUrl);
    expect(textOf(failed.replies)).toContain("I couldn't save the audit export to your OneDrive.");
    expect((await stage.records()).at(-1)).toMatchObject({ action: 'audit.export.delivered', result: { outcome: 'failed', code: 'AUDIT.EXPORT_UPLOAD_FAILED' } });
    await stage.consent(people.aud, 'accept', consent.content.acceptContext, uploadUrl);
    expect(uploads.uploads).toHaveLength(before + 1);
  });

  it('when the consent card is answered after it expired, then nothing is uploaded and the auditor is told to export again', async () => {
    const consent = consentCardOf(await stage.say(people.aud, 'export audit'));
    const before = uploads.uploads.length;
    stage.clock.advance(11 * 60_000);
    const late = await stage.consent(people.aud, 'accept', consent.content.acceptContext, uploadUrl);
    expect(textOf(late.replies)).toContain('This audit export has expired.');
    expect(uploads.uploads).toHaveLength(before);
  });
});

describe('audit export through the signed download link (sandbox mode, group chats and channels)', () => {
  let stage: Stage;

  beforeAll(async () => {
    stage = await startStage({});
  });
  afterAll(async () => {
    await stage.harness.close();
  });

  const exportLink = async (who: Person = people.aud): Promise<string> => {
    const [reply] = await stage.say(who, 'export audit');
    return downloadUrlOf(reply!.cards[0]!);
  };

  it('when an auditor opens the link from personal chat, then the CSV downloads as an attachment, uncached, and the download is audited', async () => {
    const [reply] = await stage.say(people.aud, 'export audit');
    const card = reply!.cards[0]!;
    expect(reply!.attachments.some((attachment) => attachment.contentUrl?.startsWith('data:'))).toBe(false);
    expect(textOf(card)).toContain('The link works for 10 minutes, until {{TIME(');
    const url = downloadUrlOf(card);
    expect(url.startsWith(`${stage.harness.baseUrl}/api/audit-exports/`)).toBe(true);

    const response = await httpRequest(url);
    expect([response.status, response.body]).toEqual([200, expect.any(String)]);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toMatch(/^attachment; filename="audit-.*\.csv"$/);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.headers['referrer-policy']).toBe('no-referrer');
    const stored = await stage.records();
    expect(parseAuditExport(String(response.body), 'csv')).toEqual(stored.slice(0, -1));
    expect(stored.at(-1)).toMatchObject({ action: 'audit.export.delivered', actor: { userId: people.aud.id }, details: { via: 'link' } });
  });

  it('when the link has expired, then it is refused with 410 and a plain sentence, and the refusal is audited', async () => {
    const url = await exportLink();
    stage.clock.advance(10 * 60_000 + 1_000);
    const response = await httpRequest(url);
    expect(response.status).toBe(410);
    expect(response.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(String(response.body)).toContain('This download link has expired.');
    expect((await stage.records()).at(-1)).toMatchObject({ action: 'audit.export.refused', actor: { userId: people.aud.id }, result: { code: 'AUDIT.EXPORT_EXPIRED' } });
  });

  it('when the token is tampered with (payload, signature, garbage), then it is refused with 403', async () => {
    const token = tokenOf(await exportLink());
    const [version, keyId, payload, signature] = token.split('.') as [string, string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    const longer = Buffer.from(JSON.stringify({ ...claims, e: Number(claims.e) + 3600 })).toString('base64url');
    const flipped = `${signature.slice(0, -2)}${signature.endsWith('AA') ? 'BB' : 'AA'}`;
    for (const forged of [`${version}.${keyId}.${longer}.${signature}`, `${version}.${keyId}.${payload}.${flipped}`, 'garbage', `${token}.x`, 'x'.repeat(600)]) {
      const response = await httpRequest(`${stage.harness.baseUrl}/api/audit-exports/${encodeURIComponent(forged)}`);
      expect(response.status).toBe(403);
      expect(String(response.body)).toContain('This download link is not valid.');
    }
  });

  it("when a validly signed link names another tenant or another user for the export, then it is refused with 403 and audited in the link's tenant", async () => {
    const token = tokenOf(await exportLink());
    const claims = JSON.parse(Buffer.from(token.split('.')[2]!, 'base64url').toString('utf8')) as { x: string; e: number };
    const key = linkKeyFrom(LINK_KEY);
    const signed = (tenantId: string, userId: string): string => signLinkToken(key, { exportId: claims.x, tenantId, userId, expiresAtMs: claims.e * 1000 });

    const otherUser = await httpRequest(`${stage.harness.baseUrl}/api/audit-exports/${signed(TENANT, people.ada.id)}`);
    expect(otherUser.status).toBe(403);
    expect(String(otherUser.body)).toContain('does not belong to this export');
    expect((await stage.records()).at(-1)).toMatchObject({ action: 'audit.export.refused', actor: { userId: people.ada.id }, result: { code: 'AUDIT.EXPORT_NOT_YOURS' } });

    const otherTenant = await httpRequest(`${stage.harness.baseUrl}/api/audit-exports/${signed(OTHER_TENANT, people.aud.id)}`);
    expect(otherTenant.status).toBe(403);
    // Nothing of the other tenant's refusal lands in this tenant's audit.
    expect((await stage.records()).filter((record) => record.tenantId !== TENANT)).toEqual([]);
  });

  it('when the link was signed with a key this process does not hold (a restart without a configured key), then it says so with 410', async () => {
    const token = tokenOf(await exportLink());
    const claims = JSON.parse(Buffer.from(token.split('.')[2]!, 'base64url').toString('utf8')) as { x: string; e: number };
    const previous = signLinkToken(linkKeyFrom(undefined), { exportId: claims.x, tenantId: TENANT, userId: people.aud.id, expiresAtMs: claims.e * 1000 });
    const response = await httpRequest(`${stage.harness.baseUrl}/api/audit-exports/${previous}`);
    expect(response.status).toBe(410);
    expect(String(response.body)).toContain("made before the bot's signing key changed");
  });

  it('when the auditor is revoked after the link was made, then the download is refused with 403 and the denial is audited', async () => {
    const url = await exportLink();
    await stage.harness.app.access.grants.revokeAuditor(actorOf(people.ada), people.aud.id);
    try {
      const response = await httpRequest(url);
      expect(response.status).toBe(403);
      expect(String(response.body)).toContain('You may no longer export the audit');
      expect((await stage.records()).at(-1)).toMatchObject({ actor: { userId: people.aud.id }, result: { outcome: 'denied', code: 'ACCESS.ADMIN_OR_AUDITOR_REQUIRED' } });
    } finally {
      await stage.harness.app.access.grants.grantAuditor(actorOf(people.ada), people.aud.id);
    }
  });

  it.each(['groupChat', 'channel'] as const)('when the export is asked for in a %s, then the card holds no link, and only the asker gets one from "Show my download link"', async (kind) => {
    const [reply] = await stage.say(people.aud, 'export audit', kind);
    const card = reply!.cards[0]!;
    const actions = card.actions as Array<{ type: string; title: string; data?: Record<string, unknown> }>;
    expect(actions.some((action) => action.type === 'Action.OpenUrl')).toBe(false);
    expect(textOf(card)).not.toContain('/api/audit-exports/');
    const show = actions.find((action) => action.title === 'Show my download link')!;
    const conversationId = (reply as Reply & { conversationId: string }).conversationId;

    const forAdmin = await stage.click(people.ada, show.data!, conversationId, kind);
    expect(textOf(forAdmin)).toContain('This audit export was made for someone else.');
    expect(textOf(forAdmin)).not.toContain('/api/audit-exports/');

    const forOwner = await stage.click(people.aud, show.data!, conversationId, kind);
    const response = await httpRequest(downloadUrlOf(forOwner));
    expect(response.status).toBe(200);
    expect(parseAuditExport(String(response.body), 'csv').length).toBeGreaterThan(0);
  });

  it('when exports were offered, delivered and refused, then no token, key or audit content is in any log line, and no card carries audit content', async () => {
    const [reply] = await stage.say(people.aud, 'export audit');
    const url = downloadUrlOf(reply!.cards[0]!);
    const token = tokenOf(url);
    const body = String((await httpRequest(url)).body);
    await httpRequest(`${url}x`);
    await httpRequest(url, { method: 'POST', body: '{}' });
    const hashes = parseAuditExport(body, 'csv').map((record) => record.hash);
    const logs = stage.harness.log.text;
    for (const secret of [token, token.split('.')[3]!, LINK_KEY, linkKeyFrom(LINK_KEY).key.toString('base64url'), ...hashes]) {
      expect(logs).not.toContain(secret);
    }
    const sent = textOf(stage.harness.connector.sent());
    for (const hash of hashes) expect(sent).not.toContain(hash);
  });
});

describe('a download link across a restart', () => {
  it('when the bot restarts with the same configured key, then a link issued before still downloads until it expires', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'audit-export-restart-'));
    const databasePath = path.join(dir, 'bot.db');
    try {
      const before = await startStage({ DATABASE_PATH: databasePath });
      const [reply] = await before.say(people.aud, 'export audit');
      const token = tokenOf(downloadUrlOf(reply!.cards[0]!));
      await before.harness.close();

      const after = await startStage({ DATABASE_PATH: databasePath });
      try {
        const response = await httpRequest(`${after.harness.baseUrl}/api/audit-exports/${token}`);
        expect(response.status).toBe(200);
        expect(parseAuditExport(String(response.body), 'csv').length).toBeGreaterThan(0);
      } finally {
        await after.harness.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/**
 * A bulk action's per-user results as CSV, through the audit export's delivery (the real bot over
 * HTTP): "Download results (CSV)" on the finished summary card gives the file to the person who
 * prepared the job, to tenant admins and to auditors; an operator who did not prepare it, a user
 * without a role and another tenant's user are refused, and every step is audited. The link
 * expires, is re-checked against the person's role when opened, and in a group chat or channel is
 * shown to the asker only. The file-consent flow (Teams' side played here) delivers the same rows.
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { MANAGEMENT_ACTION_IDS } from '../../services/access/actions';
import { SqliteBulkJobRepository } from '../../services/adapters/sqlite/bulk-job.sqlite';
import { BULK_RESULTS_CSV_COLUMNS } from '../../services/actions/bulk/bulk-results-csv';
import { linkKeyFrom, signLinkToken } from '../../services/audit/audit-export-link-token';
import { parseCsv } from '../../services/audit/csv';
import type { AuditRecord } from '../../services/ports/audit-log.port';
import { ManualClock } from '../../services/ports/clock.port';
import { FILE_CONSENT_CONTENT_TYPE, FILE_INFO_CONTENT_TYPE } from '../../bot/access/audit-export';
import { Verbs } from '../../cards';
import { startBotHarness, type BotHarness } from '../support/bot-harness';
import { seedFinishedBulkJob, type FinishedItem } from '../support/bulk/finished-bulk-job';
import { InMemoryDirectory } from '../support/fakes/in-memory-directory';
import { httpRequest, type HttpResult } from '../support/http-client';
import { actorOf, buttonData, CARD, OTHER_TENANT, outsider, people, seedDirectory, TENANT, textOf, type ConversationKind, type Person, type Reply } from './access-bot.world';

const LINK_KEY = 'bulk-results-link-key-for-tests-0123456789abcdef';
const MESSAGE = 'application/vnd.microsoft.activity.message';
const DENIED = 'Only the person who ran this bulk action, tenant admins and auditors can download its results.';

const ITEMS: FinishedItem[] = [
  { userId: people.alex.id, upn: people.alex.upn, displayName: people.alex.displayName, state: 'succeeded' },
  { userId: people.sally.id, upn: people.sally.upn, displayName: people.sally.displayName, state: 'failed', code: 'DIRECTORY.NOT_FOUND', attempts: 2 },
  { userId: people.mark.id, upn: people.mark.upn, displayName: people.mark.displayName, state: 'skipped', code: 'ACCESS.NOT_IN_SCOPE' },
  { userId: randomUUID(), upn: 'pat@contoso.test', displayName: '=1+1', state: 'unknown', code: 'ACTION.OUTCOME_UNKNOWN' },
];

/** The rows the file must hold, in the job's order. */
const EXPECTED_ROWS = [
  [...BULK_RESULTS_CSV_COLUMNS],
  [people.alex.displayName, people.alex.upn, 'succeeded', '', '', '1', people.alex.id],
  [people.sally.displayName, people.sally.upn, 'failed', 'the user no longer exists', 'DIRECTORY.NOT_FOUND', '2', people.sally.id],
  [people.mark.displayName, people.mark.upn, 'skipped', 'out of scope', 'ACCESS.NOT_IN_SCOPE', '0', people.mark.id],
  ['=1+1', 'pat@contoso.test', 'outcome unknown', "sent, but I can't tell whether it took effect", 'ACTION.OUTCOME_UNKNOWN', '1', ITEMS[3]!.userId],
];

/** Plays OneDrive's upload session: records every PUT and answers 201, or 500 when told to fail. */
class UploadServer {
  readonly uploads: Buffer[] = [];
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
      this.uploads.push(Buffer.concat(chunks));
      res.writeHead(201, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: 'item-1' }));
    });
  });

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/upload-session/1`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

interface Clicked {
  /** The invoke's answer: a card for the clicker, or a short message. */
  answer: { type?: string; value?: unknown };
  /** What the bot sent to the conversation meanwhile. */
  replies: Reply[];
  conversationId: string;
}

interface Stage {
  harness: BotHarness;
  clock: ManualClock;
  jobId: string;
  click(who: Person, data: Record<string, unknown>, options?: { kind?: ConversationKind; tenantId?: string; conversationId?: string }): Promise<Clicked>;
  consent(who: Person, action: 'accept' | 'decline', context: unknown, uploadUrl?: string): Promise<Reply[]>;
  records(tenantId?: string): Promise<AuditRecord[]>;
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
  const { grants } = harness.app.access;
  const ada = actorOf(people.ada);
  await grants.grantOperator(ada, { operator: people.olga.id, scope: [{ kind: 'department', value: 'Sales' }], actions: [...MANAGEMENT_ACTION_IDS] });
  await grants.grantOperator(ada, { operator: people.otto.id, scope: [{ kind: 'department', value: 'Marketing' }], actions: [...MANAGEMENT_ACTION_IDS] });
  await grants.grantAuditor(ada, people.aud.id);
  const jobId = randomUUID();
  // Olga blocked sign-in for department Sales; the job ran to its end.
  seedFinishedBulkJob(new SqliteBulkJobRepository(harness.app.db), {
    id: jobId,
    tenantId: TENANT,
    actor: { userId: people.olga.id, upn: people.olga.upn, displayName: people.olga.displayName },
    items: ITEMS,
    at: clock.now(),
  });
  const personal = (who: Person): string => `a:personal-${who.key}`;
  const collect = async (conversationId: string, work: () => Promise<HttpResult>): Promise<{ result: HttpResult; replies: Reply[] }> => {
    const before = harness.connector.sent(conversationId).length;
    const result = await work();
    return { result, replies: harness.connector.sent(conversationId).slice(before).map((call) => replyOf(call.activity)) };
  };
  return {
    harness,
    clock,
    jobId,
    click: async (who, data, options = {}) => {
      const kind = options.kind ?? 'personal';
      const conversationId = options.conversationId ?? (kind === 'personal' ? personal(who) : `19:${randomUUID()}@thread.v2`);
      const { result, replies } = await collect(conversationId, () => harness.send(harness.invoke(Verbs.bulkExport, data, fieldsOf(who, conversationId, kind, options.tenantId ?? TENANT))));
      expect(result.status).toBe(200);
      return { answer: result.body as Clicked['answer'], replies, conversationId };
    },
    consent: async (who, action, context, uploadUrl) => {
      const conversationId = personal(who);
      const value = {
        type: 'fileUpload',
        action,
        context,
        ...(action === 'accept' ? { uploadInfo: { name: 'results.csv', uploadUrl, contentUrl: 'https://contoso-my.sharepoint.com/personal/olga/Documents/results.csv', uniqueId: 'unique-1', fileType: 'csv' } } : {}),
      };
      const { replies } = await collect(conversationId, () => harness.send({ ...harness.message('', fieldsOf(who, conversationId, 'personal', TENANT)), type: 'invoke', name: 'fileConsent/invoke', value }));
      return replies;
    },
    records: async (tenantId = TENANT) => {
      const records: AuditRecord[] = [];
      let before: number | undefined;
      for (;;) {
        const page = await harness.app.access.audit.list(tenantId, { limit: 100, ...(before ? { before } : {}) });
        records.push(...page.records);
        if (!page.nextBefore) break;
        before = page.nextBefore;
      }
      return records.reverse();
    },
  };
}

function downloadUrlOf(card: Record<string, unknown> | undefined): string {
  const actions = (card?.actions as Array<{ type: string; url?: string; title?: string }> | undefined) ?? [];
  const open = actions.find((action) => action.type === 'Action.OpenUrl');
  if (!open?.url) throw new Error(`no download button on ${textOf(card).slice(0, 300)}`);
  expect(open.title).toBe('Download results (CSV)');
  return open.url;
}

function tokenOf(url: string): string {
  return decodeURIComponent(url.split('/').pop()!);
}

describe('bulk results through the signed download link (sandbox mode, group chats and channels)', () => {
  let stage: Stage;

  beforeAll(async () => {
    stage = await startStage({});
  });
  afterAll(async () => {
    await stage.harness.close();
  });

  const linkFor = async (who: Person): Promise<string> => {
    const { replies } = await stage.click(who, { jobId: stage.jobId });
    return downloadUrlOf(replies[0]?.cards[0]);
  };

  it("when the preparer clicks Download results, then the link comes as a new message (the summary stays), the CSV holds the job's rows, and each step is audited", async () => {
    const { answer, replies } = await stage.click(people.olga, { jobId: stage.jobId });
    // A short answer, not a card: the summary card the button is on is left as it was.
    expect(answer.type).toBe(MESSAGE);
    expect(replies).toHaveLength(1);
    const card = replies[0]!.cards[0]!;
    expect(textOf(card)).toContain('Block sign-in for department Sales');
    expect(textOf(card)).toContain('The link works for 10 minutes, until {{TIME(');
    const url = downloadUrlOf(card);
    expect(url.startsWith(`${stage.harness.baseUrl}/api/audit-exports/`)).toBe(true);

    const response = await httpRequest(url);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toMatch(/^attachment; filename="bulk-results-block-sign-in-\d{4}-\d{2}-\d{2}-[0-9a-f]{8}\.csv"$/);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(parseCsv(String(response.body))).toEqual(EXPECTED_ROWS);
    // The display name a spreadsheet would run as a formula is quoted as text.
    expect(String(response.body)).toContain("'=1+1");

    const mine = (await stage.records()).filter((record) => record.actor.userId === people.olga.id && record.action.startsWith('bulk.export'));
    expect(mine.map((record) => [record.action, record.result.outcome, record.target])).toEqual([
      ['bulk.export', 'ok', { type: 'bulkJob', id: stage.jobId }],
      ['bulk.export.delivered', 'ok', { type: 'bulkJob', id: stage.jobId }],
    ]);
    expect(mine[0]).toMatchObject({ details: { delivery: 'link', rowCount: ITEMS.length } });
    expect(mine[1]).toMatchObject({ details: { via: 'link', rowCount: ITEMS.length } });
  });

  it.each([
    ['a tenant admin', people.ada],
    ['an auditor', people.aud],
  ])('when %s who did not prepare the job clicks, then they get the same file', async (_who, who) => {
    const response = await httpRequest(await linkFor(who));
    expect(response.status).toBe(200);
    expect(parseCsv(String(response.body))).toEqual(EXPECTED_ROWS);
  });

  it.each([
    ['an operator who did not prepare it', people.otto],
    ['a user without a role', people.uma],
  ])('when %s clicks, then they are told who may, nothing is offered, and the denial is audited', async (_who, who) => {
    const before = (await stage.records()).length;
    const { answer, replies } = await stage.click(who, { jobId: stage.jobId });
    expect(answer.type).toBe(CARD);
    expect(textOf(answer.value)).toContain(DENIED);
    expect(replies).toEqual([]);
    const theirs = (await stage.records()).slice(before).filter((record) => record.actor.userId === who.id);
    expect(theirs).toEqual([expect.objectContaining({ action: 'audit.export', result: { outcome: 'denied', code: 'ACCESS.ADMIN_OR_AUDITOR_REQUIRED' } })]);
  });

  it("when a user of another tenant names the job, then it is not found there, refused and audited in their own tenant only, and a link re-signed for their tenant is refused", async () => {
    const before = (await stage.records()).length;
    const { answer, replies } = await stage.click(outsider, { jobId: stage.jobId }, { tenantId: OTHER_TENANT });
    expect(answer.type).toBe(CARD);
    expect(textOf(answer.value)).toContain("I can't find those bulk action results for you");
    expect(textOf(answer.value)).not.toContain(people.alex.upn);
    expect(replies).toEqual([]);
    expect((await stage.records()).slice(before)).toEqual([]);
    expect((await stage.records(OTHER_TENANT)).at(-1)).toMatchObject({
      action: 'bulk.export.refused',
      actor: { userId: outsider.id },
      target: { type: 'bulkJob', id: stage.jobId },
      result: { outcome: 'denied', code: 'AUDIT.EXPORT_NOT_YOURS' },
    });

    const token = tokenOf(await linkFor(people.olga));
    const claims = JSON.parse(Buffer.from(token.split('.')[2]!, 'base64url').toString('utf8')) as { x: string; e: number };
    const forged = signLinkToken(linkKeyFrom(LINK_KEY), { exportId: claims.x, tenantId: OTHER_TENANT, userId: outsider.id, expiresAtMs: claims.e * 1000 });
    const response = await httpRequest(`${stage.harness.baseUrl}/api/audit-exports/${forged}`);
    expect(response.status).toBe(403);
    expect(String(response.body)).not.toContain(people.alex.upn);
  });

  it('when the link has expired, then it is refused with 410, told in the bulk results\' words, and the refusal is audited', async () => {
    const url = await linkFor(people.olga);
    stage.clock.advance(10 * 60_000 + 1_000);
    const response = await httpRequest(url);
    expect(response.status).toBe(410);
    expect(String(response.body)).toContain('This download link has expired.');
    expect(String(response.body)).toContain('Download results (CSV)');
    expect((await stage.records()).at(-1)).toMatchObject({ action: 'bulk.export.refused', actor: { userId: people.olga.id }, target: { id: stage.jobId }, result: { code: 'AUDIT.EXPORT_EXPIRED' } });
  });

  it("when the preparer's operator grant is revoked after the link was made, then the download is refused with 403 and the denial is audited", async () => {
    const url = await linkFor(people.olga);
    const { grants } = stage.harness.app.access;
    await grants.revokeOperator(actorOf(people.ada), people.olga.id);
    try {
      const response = await httpRequest(url);
      expect(response.status).toBe(403);
      expect(String(response.body)).toContain('You may no longer download these results');
      expect((await stage.records()).at(-1)).toMatchObject({ actor: { userId: people.olga.id }, result: { outcome: 'denied', code: 'ACCESS.ADMIN_OR_AUDITOR_REQUIRED' } });
    } finally {
      await grants.grantOperator(actorOf(people.ada), { operator: people.olga.id, scope: [{ kind: 'department', value: 'Sales' }], actions: [...MANAGEMENT_ACTION_IDS] });
    }
  });

  it.each(['groupChat', 'channel'] as const)('when the preparer clicks in a %s, then the card holds no link, and only they get one from "Show my download link"', async (kind) => {
    const { replies, conversationId } = await stage.click(people.olga, { jobId: stage.jobId }, { kind });
    const card = replies[0]!.cards[0]!;
    expect((card.actions as Array<{ type: string }>).some((action) => action.type === 'Action.OpenUrl')).toBe(false);
    expect(textOf(card)).not.toContain('/api/audit-exports/');
    const show = buttonData(card, 'Show my download link');

    const forOperator = await stage.click(people.otto, show, { kind, conversationId });
    expect(textOf(forOperator.answer.value)).toContain(DENIED);
    const forAuditor = await stage.click(people.aud, show, { kind, conversationId });
    expect(textOf(forAuditor.answer.value)).toContain('made for someone else');
    expect(textOf(forAuditor.answer.value)).not.toContain('/api/audit-exports/');

    const forOwner = await stage.click(people.olga, show, { kind, conversationId });
    expect(forOwner.answer.type).toBe(CARD);
    const response = await httpRequest(downloadUrlOf(forOwner.answer.value as Record<string, unknown>));
    expect(response.status).toBe(200);
    expect(parseCsv(String(response.body))).toEqual(EXPECTED_ROWS);
  });

  it('when the card data names no job, then the click is refused without reaching the export', async () => {
    const before = (await stage.records()).length;
    const { answer, replies } = await stage.click(people.olga, { jobId: '../../etc/passwd' });
    expect(textOf(answer.value)).toContain('This button is not valid any more.');
    expect(replies).toEqual([]);
    expect((await stage.records()).slice(before)).toEqual([]);
  });
});

describe('bulk results through the file-consent flow (Teams plays its part)', () => {
  let stage: Stage;
  let uploads: UploadServer;
  let uploadUrl: string;

  beforeAll(async () => {
    stage = await startStage({ AUDIT_EXPORT_FILE_CONSENT: 'on' });
    uploads = new UploadServer();
    uploadUrl = await uploads.start();
  });
  afterAll(async () => {
    await stage.harness.close();
    await uploads.close();
  });

  const consentOf = (replies: Reply[]): { name?: string; content: { description: string; acceptContext: unknown; declineContext: unknown } } => {
    const attachment = replies.flatMap((reply) => reply.attachments).find((candidate) => candidate.contentType === FILE_CONSENT_CONTENT_TYPE);
    if (!attachment) throw new Error(`no file consent card in ${textOf(replies).slice(0, 300)}`);
    return attachment as never;
  };

  it('when the preparer allows the file, then the CSV is uploaded with the same rows, a file info card follows, and the delivery is audited', async () => {
    const { answer, replies } = await stage.click(people.olga, { jobId: stage.jobId });
    expect(answer.type).toBe(MESSAGE);
    const consent = consentOf(replies);
    expect(consent.name).toMatch(/^bulk-results-block-sign-in-.*\.csv$/);
    expect(consent.content.description).toBe('Results of Block sign-in for department Sales (CSV, 4 users)');
    expect(Object.keys(consent.content.acceptContext as object)).toEqual(['exportId']);

    const answered = await stage.consent(people.olga, 'accept', consent.content.acceptContext, uploadUrl);
    expect(uploads.uploads).toHaveLength(1);
    expect(parseCsv(uploads.uploads[0]!.toString('utf8'))).toEqual(EXPECTED_ROWS);
    expect(answered.flatMap((reply) => reply.attachments).some((attachment) => attachment.contentType === FILE_INFO_CONTENT_TYPE)).toBe(true);
    expect((await stage.records()).at(-1)).toMatchObject({ action: 'bulk.export.delivered', actor: { userId: people.olga.id }, target: { id: stage.jobId }, details: { via: 'fileConsent' } });

    // Teams redelivers an invoke it got no answer to in time: nothing is uploaded twice.
    await stage.consent(people.olga, 'accept', consent.content.acceptContext, uploadUrl);
    expect(uploads.uploads).toHaveLength(1);
  });

  it('when someone else answers the consent card, then nothing is uploaded and the refusal is audited', async () => {
    const consent = consentOf((await stage.click(people.olga, { jobId: stage.jobId })).replies);
    const before = uploads.uploads.length;
    // An operator who did not prepare the job is refused by who may; an auditor, by whose export it is.
    expect(textOf(await stage.consent(people.otto, 'accept', consent.content.acceptContext, uploadUrl))).toContain(DENIED);
    expect(textOf(await stage.consent(people.aud, 'accept', consent.content.acceptContext, uploadUrl))).toContain('made for someone else');
    expect(uploads.uploads).toHaveLength(before);
    expect((await stage.records()).filter((record) => record.action === 'bulk.export.refused' && record.actor.userId === people.aud.id).map((record) => record.result.code)).toEqual(['AUDIT.EXPORT_NOT_YOURS']);
  });

  it("when the upload fails, then the preparer is told in the results' words, the failure is audited, and Allow works again", async () => {
    const consent = consentOf((await stage.click(people.olga, { jobId: stage.jobId })).replies);
    const before = uploads.uploads.length;
    uploads.failNext = true;
    const failed = await stage.consent(people.olga, 'accept', consent.content.acceptContext, uploadUrl);
    expect(textOf(failed)).toContain("I couldn't save the results to your OneDrive.");
    expect(textOf(failed)).not.toContain('export audit');
    expect((await stage.records()).at(-1)).toMatchObject({ action: 'bulk.export.delivered', target: { id: stage.jobId }, result: { outcome: 'failed', code: 'AUDIT.EXPORT_UPLOAD_FAILED' } });
    await stage.consent(people.olga, 'accept', consent.content.acceptContext, uploadUrl);
    expect(uploads.uploads).toHaveLength(before + 1);
  });

  it('when the preparer declines, then nothing is uploaded, the card offers "Download results again" with the job id, and the decline is audited', async () => {
    const consent = consentOf((await stage.click(people.olga, { jobId: stage.jobId })).replies);
    const before = uploads.uploads.length;
    const declined = await stage.consent(people.olga, 'decline', consent.content.declineContext);
    expect(textOf(declined)).toContain('You declined the file');
    expect(buttonData(declined[0]!.cards[0]!, 'Download results again')).toEqual({ jobId: stage.jobId });
    expect((await stage.records()).at(-1)).toMatchObject({ action: 'bulk.export.declined', actor: { userId: people.olga.id }, target: { id: stage.jobId } });
    await stage.consent(people.olga, 'accept', consent.content.acceptContext, uploadUrl);
    expect(uploads.uploads).toHaveLength(before);
  });
});

import http from 'node:http';
import { Verbs } from '../../cards';
import { verifyAuditRecords } from '../../services/audit/audit-chain';
import { parseAuditExport } from '../../services/audit/audit-export';
import type { AuditRecord } from '../../services/ports/audit-log.port';
import { actorOf, buttonData, people, startWorld, textOf, TENANT, type Reply, type World } from './access-bot.world';

/** Issue 12: the export comes as a signed download link (sandbox mode), no longer as an inline `data:` attachment. */
async function exportedFile(replies: Reply[]): Promise<{ name: string; contentType: string; content: string }> {
  const actions = replies.flatMap((reply) => reply.cards).flatMap((card) => (card.actions as Array<{ type: string; url?: string }> | undefined) ?? []);
  const url = actions.find((action) => action.type === 'Action.OpenUrl')?.url;
  if (!url) throw new Error(`no download link in ${textOf(replies).slice(0, 300)}`);
  const response = await downloadText(url);
  expect(response.status).toBe(200);
  const name = /filename="([^"]+)"/.exec(String(response.headers['content-disposition']))?.[1] ?? '';
  return { name, contentType: String(response.headers['content-type']).split(';')[0]!, content: response.text };
}

function downloadText(url: string): Promise<{ status: number; headers: http.IncomingHttpHeaders; text: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent: false }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, text: Buffer.concat(chunks).toString('utf8') }));
        response.on('error', reject);
      })
      .on('error', reject);
  });
}

describe('reading, exporting and verifying the audit through the bot', () => {
  let world: World;
  let originalName: string | null = null;

  beforeAll(async () => {
    world = await startWorld();
    const { grants } = world.harness.app.access;
    // Some history: grants, a denial, a grant for the auditor.
    await grants.grantOperator(actorOf(people.ada), { operator: people.olga.id, scope: [{ kind: 'department', value: 'Sales' }], actions: ['user.blockSignIn'] });
    await grants.grantAuditor(actorOf(people.ada), people.aud.id);
    await world.say(people.uma, 'audit');
    for (let index = 0; index < 12; index += 1) await world.say(people.ada, 'operators');
  });
  afterAll(async () => {
    await world.close();
  });

  it('when an auditor exports the audit as CSV and as JSON, then each file parses back to exactly the stored records and verifies', async () => {
    for (const format of ['csv', 'json'] as const) {
      const replies = await world.say(people.aud, `export audit as ${format}`);
      const file = await exportedFile(replies);
      // The file is built when it is downloaded: it holds every record up to then, the request included.
      const stored = (await world.auditRecords()).slice(0, -1);

      expect(file.name).toMatch(new RegExp(`^audit-${TENANT}-.*\\.${format}$`));
      expect(file.contentType).toBe(format === 'csv' ? 'text/csv' : 'application/json');
      const parsed = parseAuditExport(file.content, format);
      expect(parsed).toEqual(stored);
      expect(verifyAuditRecords(TENANT, parsed)).toMatchObject({ ok: true, checked: stored.length });
      // The card counted the records when it was asked for, before the request was recorded.
      expect(textOf(replies)).toContain(`"value":"${stored.length - 1}"`);
    }
    // Exporting is itself audited: the request, then each delivery.
    const mine = (await world.auditRecords()).filter((record) => record.actor.userId === people.aud.id && record.action.startsWith('audit.export'));
    expect(mine.map((record) => record.action)).toEqual(['audit.export', 'audit.export.delivered', 'audit.export', 'audit.export.delivered']);
  });

  it('when an export names dates, then only records of those days are in the file', async () => {
    const today = world.clock.now().toISOString().slice(0, 10);
    const file = await exportedFile(await world.say(people.ada, `export audit 2020-01-01 2020-01-31 as json`));
    expect(parseAuditExport(file.content, 'json')).toEqual([]);
    const todays = parseAuditExport((await exportedFile(await world.say(people.ada, `export audit ${today} ${today}`))).content, 'csv');
    expect(todays.length).toBeGreaterThan(0);
    expect(todays.every((record: AuditRecord) => record.recordedAt.startsWith(today))).toBe(true);
  });

  it('when the export is asked for in a channel, or with a bad date, then no file or link lands there and the card says why', async () => {
    // Issue 12: a channel gets a card whose link only the asker can reveal (audit-export-delivery.test.ts).
    const inChannel = await world.say(people.ada, 'export audit', { kind: 'channel' });
    expect(textOf(inChannel)).toContain('Show my download link');
    expect(textOf(inChannel)).not.toContain('/api/audit-exports/');
    expect(inChannel.flatMap((reply) => reply.attachments).some((attachment) => attachment.contentUrl)).toBe(false);
    expect(textOf(await world.say(people.ada, 'export audit 2026-02-30'))).toContain('2026-02-30 is not a date');
  });

  it('when the audit card is paged with Older and Newer, then the cursors walk the chain without gaps', async () => {
    const head = (await world.harness.app.access.audit.head(TENANT))!.sequence;
    const [first] = await world.say(people.aud, 'audit');
    const newest = head + 1; // the `audit` command records itself before the page is read
    expect(textOf(first)).toContain(`records ${newest} to ${newest - 9}`);

    const older = await world.click(people.aud, Verbs.auditPage, buttonData(first!.cards[0]!, 'Older'));
    expect(textOf(older)).toContain(`records ${newest - 10} to ${newest - 19}`);
    const newer = await world.click(people.aud, Verbs.auditPage, buttonData(older, 'Newer'));
    expect(textOf(newer)).toContain(`records ${newest} to ${newest - 9}`);
    // A cursor is only a position: nonsense from an edited card shows the newest page.
    expect(textOf(await world.click(people.aud, Verbs.auditPage, { before: 'DROP TABLE' }))).toContain(`records ${newest} to`);
  });

  it('when nothing was tampered with, then "verify audit" says the chain is intact', async () => {
    const [reply] = await world.say(people.aud, 'verify audit');
    expect(textOf(reply)).toContain('The audit chain is intact');
  });

  it('when a stored record is edited, then "verify audit" says where the chain breaks', async () => {
    const { db } = world.harness.app;
    // Someone with access to the database file drops the append-only guard and rewrites history.
    db.exec('DROP TRIGGER audit_records_no_update');
    originalName = (db.prepare('SELECT actor_display_name AS name FROM audit_records WHERE tenant_id = ? AND sequence = 3').get(TENANT) as { name: string | null }).name;
    db.prepare("UPDATE audit_records SET actor_display_name = 'Somebody Else' WHERE tenant_id = ? AND sequence = 3").run(TENANT);

    const [reply] = await world.say(people.aud, 'verify audit');
    expect(textOf(reply)).toContain('The audit chain is broken');
    expect(textOf(reply)).toContain('record 3 was changed after it was written');
    expect((await world.auditRecords()).at(-1)).toMatchObject({ action: 'audit.verify', details: { intact: false, brokenAt: 3 } });
  });

  it('when a stored record is deleted, then the verify button reports the gap', async () => {
    const { db } = world.harness.app;
    // The edit is undone, so the deletion is the first break.
    db.prepare('UPDATE audit_records SET actor_display_name = ? WHERE tenant_id = ? AND sequence = 3').run(originalName, TENANT);
    db.exec('DROP TRIGGER audit_records_no_delete');
    db.prepare('DELETE FROM audit_records WHERE tenant_id = ? AND sequence = 5').run(TENANT);

    const card = await world.click(people.ada, Verbs.auditVerify, {});
    expect(textOf(card)).toContain('The audit chain is broken');
    expect(textOf(card)).toContain('record 5 is missing');
  });
});

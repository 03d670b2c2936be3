import { fork } from 'node:child_process';
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SqliteAuditRecordRepository } from '../../../services/adapters/sqlite/audit-record.sqlite';
import { openDatabase, type SqliteDatabase } from '../../../services/adapters/sqlite/database';
import { verifyAuditRecords } from '../../../services/audit/audit-chain';
import { parseAuditExport } from '../../../services/audit/audit-export';
import { hashAuditRecord } from '../../../services/audit/audit-hash';
import { AuditLogService } from '../../../services/audit/audit-log.service';
import { ManualClock } from '../../../services/ports/clock.port';
import type { AuditEntry } from '../../../services/ports/audit-log.port';
import { tempDatabase } from './support/access-harness';
import { TENANT_A, TENANT_B } from './support/contoso';

function entry(tenantId: string, n: number, overrides: Partial<AuditEntry> = {}): AuditEntry {
  return {
    tenantId,
    actor: { userId: 'u-ada', upn: 'ada@contoso.com', displayName: 'Ada Admin' },
    action: 'user.blockSignIn',
    target: { type: 'user', id: `t-${n}`, upn: `t${n}@contoso.com`, displayName: `Target ${n}` },
    principal: { id: 'svc-1', upn: 'mgmt-bot.admin@contoso.com' },
    result: { outcome: 'ok' },
    correlationId: `corr-${n}`,
    details: { n },
    ...overrides,
  };
}

describe('audit log', () => {
  let dbPath: string;
  let cleanup: () => void;
  let db: SqliteDatabase;
  let clock: ManualClock;
  let audit: AuditLogService;

  beforeEach(() => {
    ({ dbPath, cleanup } = tempDatabase());
    db = openDatabase(dbPath);
    clock = new ManualClock('2026-01-05T09:00:00Z');
    audit = new AuditLogService(new SqliteAuditRecordRepository(db), clock);
  });

  afterEach(() => {
    db.close();
    cleanup();
  });

  async function appendMany(tenantId: string, count: number): Promise<void> {
    for (let n = 1; n <= count; n += 1) {
      clock.advance(1000);
      await audit.append(entry(tenantId, n));
    }
  }

  /** A second connection that plays the attacker: triggers dropped, rows edited directly in the file. */
  function tamper(sql: (attacker: Database.Database) => void): void {
    const attacker = new Database(dbPath);
    attacker.exec('DROP TRIGGER IF EXISTS audit_records_no_update; DROP TRIGGER IF EXISTS audit_records_no_delete; DROP TRIGGER IF EXISTS audit_records_extend_head; DROP TRIGGER IF EXISTS audit_chain_heads_forward_only; DROP TRIGGER IF EXISTS audit_chain_heads_no_delete; DROP TRIGGER IF EXISTS audit_chain_heads_start_at_one;');
    sql(attacker);
    attacker.close();
  }

  describe('appending', () => {
    it('when records are appended, then each tenant gets its own sequence from 1, UTC times, a linked chain, and verify passes', async () => {
      await appendMany(TENANT_A, 3);
      await audit.append(entry(TENANT_B, 1));

      const page = await audit.list(TENANT_A, { limit: 10 });
      expect(page.records.map((r) => r.sequence)).toEqual([3, 2, 1]);
      expect(page.records[2]!.previousHash).toBe('0'.repeat(64));
      expect(page.records[1]!.previousHash).toBe(page.records[2]!.hash);
      expect(page.records[0]!.recordedAt).toBe('2026-01-05T09:00:03.000Z');
      expect(page.records[0]!.hash).toBe(hashAuditRecord(page.records[0]!));
      expect((await audit.list(TENANT_B, { limit: 10 })).records.map((r) => r.sequence)).toEqual([1]);
      await expect(audit.verify(TENANT_A)).resolves.toEqual({ ok: true, tenantId: TENANT_A, checked: 3, head: { sequence: 3, hash: page.records[0]!.hash } });
    });

    it('when an entry misses its actor or correlation id, then it is refused with AUDIT.INVALID_ENTRY and nothing is stored', async () => {
      await expect(audit.append({ ...entry(TENANT_A, 1), correlationId: '' })).rejects.toMatchObject({ code: 'AUDIT.INVALID_ENTRY' });
      await expect(audit.append({ ...entry(TENANT_A, 1), actor: { userId: '' } })).rejects.toMatchObject({ code: 'AUDIT.INVALID_ENTRY' });
      expect((await audit.list(TENANT_A, { limit: 5 })).records).toHaveLength(0);
    });

    it('when two connections to the same file append at the same time, then the chain stays linear and verifies', async () => {
      const otherDb = openDatabase(dbPath);
      const other = new AuditLogService(new SqliteAuditRecordRepository(otherDb), clock);
      await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? audit : other).append(entry(TENANT_A, i + 1))));
      otherDb.close();

      const verification = await audit.verify(TENANT_A);
      expect(verification).toMatchObject({ ok: true, checked: 40 });
      const correlationIds = (await audit.list(TENANT_A, { limit: 100 })).records.map((r) => r.correlationId);
      expect(new Set(correlationIds).size).toBe(40);
    });

    it('when two processes append to the same file in parallel, then every record lands once in one linear chain', async () => {
      const worker = join(__dirname, 'support', 'append-worker.ts');
      const run = (label: string): Promise<number | null> =>
        new Promise((resolve) => {
          const child = fork(worker, [dbPath, TENANT_A, '25', label], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
          child.on('exit', resolve);
        });
      const codes = await Promise.all([run('p1'), run('p2')]);
      expect(codes).toEqual([0, 0]);

      await expect(audit.verify(TENANT_A)).resolves.toMatchObject({ ok: true, checked: 50 });
      const workers = (await audit.list(TENANT_A, { limit: 100 })).records.map((r) => r.details.worker);
      expect(workers.filter((w) => w === 'p1')).toHaveLength(25);
      expect(workers.filter((w) => w === 'p2')).toHaveLength(25);
    }, 60_000);

    it('when someone runs UPDATE or DELETE on the audit table with the triggers in place, then SQLite refuses', async () => {
      await appendMany(TENANT_A, 2);
      expect(() => db.prepare("UPDATE audit_records SET action = 'x' WHERE sequence = 1").run()).toThrow(/append-only/);
      expect(() => db.prepare('DELETE FROM audit_records WHERE sequence = 1').run()).toThrow(/append-only/);
      expect(() => db.prepare('DELETE FROM audit_chain_heads').run()).toThrow(/cannot be deleted/);
      expect(() =>
        db.prepare("INSERT INTO audit_records (tenant_id, sequence, recorded_at, actor_id, action, result, correlation_id, details_json, previous_hash, hash) VALUES (?, 7, 'x', 'x', 'x', 'ok', 'x', '{}', 'x', 'x')").run(TENANT_A),
      ).toThrow(/extend the chain head/);
      await expect(audit.verify(TENANT_A)).resolves.toMatchObject({ ok: true, checked: 2 });
    });
  });

  describe('tamper detection (triggers dropped, file edited through a second connection)', () => {
    beforeEach(async () => {
      await appendMany(TENANT_A, 5);
    });

    it('when a record is edited, then verify reports that sequence as changed', async () => {
      tamper((a) => a.prepare("UPDATE audit_records SET result = 'denied', result_code = 'X' WHERE tenant_id = ? AND sequence = 3").run(TENANT_A));
      await expect(audit.verify(TENANT_A)).resolves.toMatchObject({ ok: false, brokenAt: 3, problem: 'hash_mismatch', checked: 2 });
    });

    it('when a record is edited and its own hash recomputed, then the next record no longer links to it', async () => {
      const [third] = (await audit.list(TENANT_A, { before: 4, limit: 1 })).records;
      const forged = { ...third!, action: 'user.unblockSignIn' };
      tamper((a) => a.prepare('UPDATE audit_records SET action = ?, hash = ? WHERE tenant_id = ? AND sequence = 3').run(forged.action, hashAuditRecord(forged), TENANT_A));
      await expect(audit.verify(TENANT_A)).resolves.toMatchObject({ ok: false, brokenAt: 4, problem: 'previous_hash_mismatch' });
    });

    it('when a record in the middle is deleted, then verify reports the missing sequence', async () => {
      tamper((a) => a.prepare('DELETE FROM audit_records WHERE tenant_id = ? AND sequence = 2').run(TENANT_A));
      await expect(audit.verify(TENANT_A)).resolves.toMatchObject({ ok: false, brokenAt: 2, problem: 'sequence_gap' });
    });

    it('when the newest records are deleted, then verify reports the truncation against the chain head', async () => {
      tamper((a) => a.prepare('DELETE FROM audit_records WHERE tenant_id = ? AND sequence >= 4').run(TENANT_A));
      await expect(audit.verify(TENANT_A)).resolves.toMatchObject({ ok: false, brokenAt: 4, problem: 'head_mismatch' });
    });

    it('when the newest record and the head are both rewritten, then an anchor kept outside the database still catches it', async () => {
      const anchor = await audit.head(TENANT_A);
      tamper((a) => {
        a.prepare('DELETE FROM audit_records WHERE tenant_id = ? AND sequence = 5').run(TENANT_A);
        const four = a.prepare('SELECT hash FROM audit_records WHERE tenant_id = ? AND sequence = 4').get(TENANT_A) as { hash: string };
        a.prepare('UPDATE audit_chain_heads SET sequence = 4, hash = ? WHERE tenant_id = ?').run(four.hash, TENANT_A);
      });
      await expect(audit.verify(TENANT_A, { anchor })).resolves.toMatchObject({ ok: false, brokenAt: 5, problem: 'anchor_mismatch' });
    });

    it('when a forged record is inserted in the middle and later ones renumbered, then verify reports the first record that breaks', async () => {
      tamper((a) => {
        a.prepare('UPDATE audit_records SET sequence = sequence + 100 WHERE tenant_id = ? AND sequence >= 3').run(TENANT_A);
        a.prepare('UPDATE audit_records SET sequence = sequence - 99 WHERE tenant_id = ? AND sequence >= 103').run(TENANT_A);
        const two = a.prepare('SELECT hash FROM audit_records WHERE tenant_id = ? AND sequence = 2').get(TENANT_A) as { hash: string };
        const forged = {
          tenantId: TENANT_A, sequence: 3, recordedAt: '2026-01-05T09:00:02.500Z', actor: { userId: 'u-mallory' }, action: 'user.resetPassword',
          result: { outcome: 'ok' as const }, correlationId: 'forged', details: {}, previousHash: two.hash,
        };
        a.prepare(
          `INSERT INTO audit_records (tenant_id, sequence, recorded_at, actor_id, action, result, correlation_id, details_json, previous_hash, hash)
           VALUES (?, 3, ?, 'u-mallory', 'user.resetPassword', 'ok', 'forged', '{}', ?, ?)`,
        ).run(TENANT_A, forged.recordedAt, two.hash, hashAuditRecord(forged));
      });
      // The forged record hashes correctly and links to 2; the old third record, now 4, does not.
      await expect(audit.verify(TENANT_A)).resolves.toMatchObject({ ok: false, brokenAt: 4, problem: 'hash_mismatch' });
    });

    it('when two records are swapped, then verify reports the first swapped position', async () => {
      tamper((a) => {
        a.prepare('UPDATE audit_records SET sequence = -1 WHERE tenant_id = ? AND sequence = 2').run(TENANT_A);
        a.prepare('UPDATE audit_records SET sequence = 2 WHERE tenant_id = ? AND sequence = 3').run(TENANT_A);
        a.prepare('UPDATE audit_records SET sequence = 3 WHERE tenant_id = ? AND sequence = -1').run(TENANT_A);
      });
      await expect(audit.verify(TENANT_A)).resolves.toMatchObject({ ok: false, brokenAt: 2, problem: 'hash_mismatch' });
    });

    it("when a record is moved into another tenant's chain, then both chains report it", async () => {
      await audit.append(entry(TENANT_B, 1));
      tamper((a) => a.prepare('UPDATE audit_records SET tenant_id = ?, sequence = 2 WHERE tenant_id = ? AND sequence = 5').run(TENANT_B, TENANT_A));
      await expect(audit.verify(TENANT_A)).resolves.toMatchObject({ ok: false, brokenAt: 5, problem: 'head_mismatch' });
      await expect(audit.verify(TENANT_B)).resolves.toMatchObject({ ok: false, brokenAt: 2, problem: 'hash_mismatch' });
    });
  });

  describe('reading', () => {
    it('when the audit is paged, then pages are newest first, do not overlap, and end', async () => {
      await appendMany(TENANT_A, 7);
      const first = await audit.list(TENANT_A, { limit: 3 });
      const second = await audit.list(TENANT_A, { before: first.nextBefore, limit: 3 });
      const third = await audit.list(TENANT_A, { before: second.nextBefore, limit: 3 });
      expect(first.records.map((r) => r.sequence)).toEqual([7, 6, 5]);
      expect(second.records.map((r) => r.sequence)).toEqual([4, 3, 2]);
      expect(third.records.map((r) => r.sequence)).toEqual([1]);
      expect(third.nextBefore).toBeUndefined();
      await expect(audit.list(TENANT_A, { limit: 0 })).rejects.toMatchObject({ code: 'AUDIT.INVALID_QUERY' });
    });

    it("when tenant B reads, verifies or exports, then it never sees tenant A's records", async () => {
      await appendMany(TENANT_A, 3);
      expect((await audit.list(TENANT_B, { limit: 10 })).records).toEqual([]);
      await expect(audit.verify(TENANT_B)).resolves.toEqual({ ok: true, tenantId: TENANT_B, checked: 0 });
      expect((await audit.export(TENANT_B, { format: 'json' })).recordCount).toBe(0);
    });
  });

  describe('export', () => {
    const awkward = [
      'Zoë "the boss", Ops',
      '=HYPERLINK("http://evil.example","click")',
      "'quoted start",
      'line one\r\nline two',
      ' padded ',
      '-5 + 3',
      '@handle',
    ];

    beforeEach(async () => {
      for (const [i, name] of awkward.entries()) {
        clock.advance(60_000);
        await audit.append(entry(TENANT_A, i + 1, { target: { type: 'user', id: `t-${i}`, displayName: name }, details: { note: name, list: [1, 'a,b', null], nested: { ok: true } } }));
      }
      clock.advance(60_000);
      await audit.append(entry(TENANT_A, 99, { target: undefined, principal: undefined, result: { outcome: 'denied', code: 'ACCESS.NOT_IN_SCOPE' }, details: {} }));
    });

    it.each(['csv', 'json'] as const)('when the audit is exported as %s and parsed back, then every record round-trips and the chain verifies offline', async (format) => {
      const exported = await audit.export(TENANT_A, { format });
      const parsed = parseAuditExport(exported.content, format);
      const stored = (await audit.list(TENANT_A, { limit: 100 })).records.reverse();

      expect(exported.recordCount).toBe(awkward.length + 1);
      expect(exported.fileName).toMatch(new RegExp(`^audit-${TENANT_A}-.*\\.${format}$`));
      expect(parsed).toEqual(stored);
      expect(verifyAuditRecords(TENANT_A, parsed)).toMatchObject({ ok: true, checked: awkward.length + 1 });
    });

    it('when exported as CSV, then formula-like cells are neutralised for spreadsheets and quotes/newlines are escaped', async () => {
      const { content } = await audit.export(TENANT_A, { format: 'csv' });
      expect(content).toContain(`"'=HYPERLINK(""http://evil.example"",""click"")"`);
      expect(content).toContain(`"Zoë ""the boss"", Ops"`);
      expect(content).toContain('"line one\r\nline two"');
      expect(content.split('\r\n')[0]).toBe('tenantId,sequence,recordedAt,actorId,actorUpn,actorDisplayName,action,targetType,targetId,targetUpn,targetDisplayName,principalId,principalUpn,result,resultCode,correlationId,details,previousHash,hash');
    });

    it('when an export names a time window, then only records inside it are included, and a bare "to" date covers the whole day', async () => {
      const window = await audit.export(TENANT_A, { from: '2026-01-05T09:02:00Z', to: '2026-01-05T09:04:00Z', format: 'json' });
      expect(parseAuditExport(window.content, 'json').map((r) => r.sequence)).toEqual([2, 3, 4]);
      const day = await audit.export(TENANT_A, { from: '2026-01-05', to: '2026-01-05', format: 'csv' });
      expect(day.recordCount).toBe(awkward.length + 1);
      await expect(audit.export(TENANT_A, { from: 'yesterday', format: 'csv' })).rejects.toMatchObject({ code: 'AUDIT.INVALID_QUERY' });
    });

    it('when an exported file is edited, then offline verification finds the edited record', async () => {
      const { content } = await audit.export(TENANT_A, { format: 'csv' });
      const edited = parseAuditExport(content.replace('corr-3', 'corr-X'), 'csv');
      expect(verifyAuditRecords(TENANT_A, edited)).toMatchObject({ ok: false, brokenAt: 3 });
    });
  });

  describe('secrets', () => {
    const secrets = {
      password: 'Sup3r$ecret!Passw0rd',
      jwt: 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhZGEifQ.c2lnbmF0dXJlLXZhbHVl',
      clientSecret: 'abc8Q~0123456789abcdefghijklmnopqrstuvwx',
      connection: 'AccountKey=dGhpcyBpcyBhIGtleQ==',
      looksGenerated: 'xK9#mQ2$vL7!pR4@',
    };

    it('when details carry secrets by name or by shape, then the stored record, the export and the database file contain none of them', async () => {
      await audit.append(
        entry(TENANT_A, 1, {
          details: {
            password: secrets.password,
            nested: { clientSecret: secrets.clientSecret, accessToken: 'opaque-token-value-123' },
            message: `sign-in returned ${secrets.jwt}`,
            headers: [`Bearer ${secrets.jwt}`],
            storage: `DefaultEndpointsProtocol=https;${secrets.connection}`,
            note: `generated ${secrets.looksGenerated} for the account`,
            secretName: 'mgmt-bot-password',
            secretVersion: 'v2',
          },
        }),
      );
      const [record] = (await audit.list(TENANT_A, { limit: 1 })).records;
      expect(record!.details).toMatchObject({ password: '[redacted]', secretName: 'mgmt-bot-password', secretVersion: 'v2' });
      expect(record!.details.redacted).toEqual(expect.arrayContaining(['details.password', 'details.nested.clientSecret', 'details.nested.accessToken', 'details.message', 'details.headers[0]', 'details.storage', 'details.note']));

      const exports = (await audit.export(TENANT_A, { format: 'csv' })).content + (await audit.export(TENANT_A, { format: 'json' })).content;
      db.pragma('wal_checkpoint(TRUNCATE)');
      const files = [dbPath, `${dbPath}-wal`].filter(existsSync).map((file) => readFileSync(file).toString('latin1'));
      for (const secret of [...Object.values(secrets), 'opaque-token-value-123', 'dGhpcyBpcyBhIGtleQ']) {
        expect(exports).not.toContain(secret);
        for (const file of files) expect(file).not.toContain(secret);
      }
      await expect(audit.verify(TENANT_A)).resolves.toMatchObject({ ok: true });
    });

    it('when oversized details are appended, then a stub is stored instead and the record is still written', async () => {
      await audit.append(entry(TENANT_A, 1, { details: { blob: 'x'.repeat(10_000) } }));
      const [record] = (await audit.list(TENANT_A, { limit: 1 })).records;
      expect(record!.details).toMatchObject({ truncated: true, keys: ['blob'] });
    });
  });
});

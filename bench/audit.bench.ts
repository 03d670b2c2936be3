/**
 * (c) The hash-chained audit on a SQLite file (WAL, synchronous=NORMAL, as the bot opens it):
 * 10,000 appends one after another, as commands and Graph changes write them, then a full
 * `verify` walk. Every turn that changes something appends at least one record, and
 * `verify audit` walks the whole chain inside a turn, which Teams retries after ~15 s.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteAuditRecordRepository } from '../services/adapters/sqlite/audit-record.sqlite';
import { openDatabase } from '../services/adapters/sqlite/database';
import { AuditLogService } from '../services/audit/audit-log.service';
import { systemClock } from '../services/ports/clock.port';
import type { AuditEntry } from '../services/ports/audit-log.port';
import { latencyRows, performance, round, timedLoop, type BenchmarkResult } from './lib/stats';

export interface AuditBenchOptions {
  records: number;
  budgetMs: number;
  /** `verify audit` answers within a turn; this is its ceiling for `records` records. */
  verifyLimitMs: number;
}

export const AUDIT_DEFAULTS: AuditBenchOptions = { records: 10_000, budgetMs: 20_000, verifyLimitMs: 5_000 };

const TENANT_ID = '4adce8ba-2c36-4b8c-a107-b99d651df207';

/** A record shaped like a management action's: actor, target, principal and small details. */
function entry(index: number): AuditEntry {
  const user = index % 50;
  return {
    tenantId: TENANT_ID,
    actor: { userId: `00000000-0000-4000-8000-${String(user).padStart(12, '0')}`, upn: `operator${user}@contoso.test`, displayName: `Operator ${user}` },
    action: index % 2 === 0 ? 'user.blockSignIn' : 'user.unblockSignIn',
    target: { type: 'user', id: `10000000-0000-4000-8000-${String(index % 500).padStart(12, '0')}`, upn: `user${index % 500}@contoso.test` },
    principal: { id: '20000000-0000-4000-8000-000000000001', upn: 'mgmt-bot.admin@contoso.test' },
    result: index % 10 === 9 ? { outcome: 'denied', code: 'ACCESS.NOT_IN_SCOPE' } : { outcome: 'ok' },
    correlationId: randomUUID(),
    details: { mode: 'advanced', via: 'chat' },
  };
}

export async function runAuditBench(options: AuditBenchOptions = AUDIT_DEFAULTS): Promise<BenchmarkResult> {
  const dir = mkdtempSync(join(tmpdir(), 'msb-bench-audit-'));
  const path = join(dir, 'audit.db');
  const db = openDatabase(path);
  try {
    const audit = new AuditLogService(new SqliteAuditRecordRepository(db), systemClock);
    const appends = await timedLoop(
      async (index) => {
        await audit.append(entry(index));
      },
      { count: options.records, budgetMs: options.budgetMs },
    );

    const verifyStarted = performance.now();
    const verification = await audit.verify(TENANT_ID);
    const verifyMs = performance.now() - verifyStarted;
    if (!verification.ok || verification.checked !== options.records) {
      throw new Error(`verify did not accept the ${options.records} records it was given: ${JSON.stringify(verification)}`);
    }
    db.pragma('wal_checkpoint(TRUNCATE)');
    const fileBytes = statSync(path).size;
    return {
      id: 'audit-sqlite',
      title: `(c) audit append + verify, ${options.records.toLocaleString('en-US')} records on a SQLite file`,
      rows: [
        ...latencyRows('append', appends),
        {
          metric: `verify ${options.records.toLocaleString('en-US')} records`,
          value: round(verifyMs, 0),
          unit: 'ms',
          target: { text: `≤ ${options.verifyLimitMs} ms (in-turn)`, met: verifyMs <= options.verifyLimitMs },
        },
        { metric: 'verify throughput', value: round((options.records * 1000) / verifyMs, 0), unit: 'records/s' },
      ],
      details: { records: options.records, fileBytes, bytesPerRecord: Math.round(fileBytes / options.records) },
    };
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Child process for the cross-process audit test: appends `count` records to one tenant's
 * chain through its own connection. Run with `node --import tsx`.
 */
import { SqliteAuditRecordRepository } from '../../../../services/adapters/sqlite/audit-record.sqlite';
import { openDatabase } from '../../../../services/adapters/sqlite/database';
import { AuditLogService } from '../../../../services/audit/audit-log.service';
import { systemClock } from '../../../../services/ports/clock.port';

async function main(): Promise<void> {
  const [dbPath, tenantId, count, label] = process.argv.slice(2);
  if (!dbPath || !tenantId || !count || !label) throw new Error('usage: append-worker <db> <tenant> <count> <label>');
  const db = openDatabase(dbPath);
  const audit = new AuditLogService(new SqliteAuditRecordRepository(db), systemClock);
  for (let i = 0; i < Number(count); i += 1) {
    await audit.append({
      tenantId,
      actor: { userId: `worker-${label}` },
      action: 'test.append',
      result: { outcome: 'ok' },
      correlationId: `${label}-${i}`,
      details: { worker: label, index: i },
    });
  }
  db.close();
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${String((error as Error).stack ?? error)}\n`);
    process.exit(1);
  },
);

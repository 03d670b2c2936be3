import type { Person } from '../../access/actor';
import {
  JournalConflictError,
  type JournalEntry,
  type JournalState,
  type NewProvisioningOperation,
  type ProvisioningJournal,
  type ProvisioningKind,
  type ProvisioningOperation,
  type ProvisioningStatus,
} from '../../service-account/provisioning-journal.port';
import { migrate, type SqliteDatabase } from './database';

const MIGRATIONS = [
  `CREATE TABLE provisioning_operations (
     operation_id TEXT PRIMARY KEY,
     tenant_id TEXT NOT NULL,
     kind TEXT NOT NULL,
     status TEXT NOT NULL CHECK (status IN ('running', 'failed', 'completed', 'cancelled')),
     checkpoint TEXT NOT NULL,
     state_json TEXT NOT NULL,
     started_by_json TEXT NOT NULL,
     started_at TEXT NOT NULL,
     updated_at TEXT NOT NULL,
     last_error_code TEXT
   );
   -- One open operation per tenant and kind, even with two processes on one file.
   CREATE UNIQUE INDEX provisioning_operations_one_open
     ON provisioning_operations (tenant_id, kind) WHERE status IN ('running', 'failed');
   CREATE TABLE provisioning_journal_entries (
     operation_id TEXT NOT NULL REFERENCES provisioning_operations (operation_id),
     sequence INTEGER NOT NULL,
     at TEXT NOT NULL,
     checkpoint TEXT NOT NULL,
     phase TEXT NOT NULL,
     code TEXT,
     PRIMARY KEY (operation_id, sequence)
   );`,
];

interface OperationRow {
  operation_id: string;
  tenant_id: string;
  kind: string;
  status: string;
  checkpoint: string;
  state_json: string;
  started_by_json: string;
  started_at: string;
  updated_at: string;
  last_error_code: string | null;
}

interface EntryRow {
  operation_id: string;
  sequence: number;
  at: string;
  checkpoint: string;
  phase: string;
  code: string | null;
}

function toOperation(row: OperationRow): ProvisioningOperation {
  const operation: ProvisioningOperation = {
    operationId: row.operation_id,
    tenantId: row.tenant_id,
    kind: row.kind as ProvisioningKind,
    status: row.status as ProvisioningStatus,
    checkpoint: row.checkpoint,
    state: JSON.parse(row.state_json) as JournalState,
    startedBy: JSON.parse(row.started_by_json) as Person,
    startedAt: row.started_at,
    updatedAt: row.updated_at,
  };
  if (row.last_error_code) operation.lastErrorCode = row.last_error_code;
  return operation;
}

/**
 * SQLite journal of service-account operations. Each checkpoint updates the operation row
 * and appends an entry in one transaction, so the row and its history never disagree.
 */
export class SqliteProvisioningJournal implements ProvisioningJournal {
  constructor(private readonly db: SqliteDatabase) {
    migrate(db, 'provisioning', MIGRATIONS);
  }

  start(operation: NewProvisioningOperation): ProvisioningOperation {
    const insert = this.db.transaction(() => {
      if (this.findOpen(operation.tenantId, operation.kind)) throw new JournalConflictError(operation.tenantId, operation.kind);
      this.db
        .prepare(
          `INSERT INTO provisioning_operations
             (operation_id, tenant_id, kind, status, checkpoint, state_json, started_by_json, started_at, updated_at)
           VALUES (?, ?, ?, 'running', 'started', ?, ?, ?, ?)`,
        )
        .run(operation.operationId, operation.tenantId, operation.kind, JSON.stringify(operation.state), JSON.stringify(operation.startedBy), operation.at, operation.at);
      this.appendEntry(operation.operationId, operation.at, 'started', 'done');
    });
    insert.immediate();
    return this.get(operation.operationId) as ProvisioningOperation;
  }

  get(operationId: string): ProvisioningOperation | undefined {
    const row = this.db.prepare('SELECT * FROM provisioning_operations WHERE operation_id = ?').get(operationId) as OperationRow | undefined;
    return row ? toOperation(row) : undefined;
  }

  findOpen(tenantId: string, kind: ProvisioningKind): ProvisioningOperation | undefined {
    const row = this.db
      .prepare(`SELECT * FROM provisioning_operations WHERE tenant_id = ? AND kind = ? AND status IN ('running', 'failed')`)
      .get(tenantId, kind) as OperationRow | undefined;
    return row ? toOperation(row) : undefined;
  }

  listOpen(): ProvisioningOperation[] {
    const rows = this.db
      .prepare(`SELECT * FROM provisioning_operations WHERE status IN ('running', 'failed') ORDER BY started_at, operation_id`)
      .all() as OperationRow[];
    return rows.map(toOperation);
  }

  recordIntent(operationId: string, checkpoint: string, state: JournalState, at: string): void {
    this.checkpoint(operationId, checkpoint, state, at, 'intent');
  }

  recordDone(operationId: string, checkpoint: string, state: JournalState, at: string): void {
    this.checkpoint(operationId, checkpoint, state, at, 'done');
  }

  recordFailure(operationId: string, code: string, at: string): void {
    this.db.transaction(() => {
      this.db
        .prepare(`UPDATE provisioning_operations SET status = 'failed', last_error_code = ?, updated_at = ? WHERE operation_id = ? AND status IN ('running', 'failed')`)
        .run(code, at, operationId);
      this.appendEntry(operationId, at, this.get(operationId)?.checkpoint ?? 'unknown', 'failed', code);
    })();
  }

  close(operationId: string, status: 'completed' | 'cancelled', state: JournalState, at: string): void {
    this.db.transaction(() => {
      this.db
        .prepare(`UPDATE provisioning_operations SET status = ?, state_json = ?, checkpoint = ?, updated_at = ? WHERE operation_id = ?`)
        .run(status, JSON.stringify(state), status, at, operationId);
      this.appendEntry(operationId, at, status, 'closed');
    })();
  }

  entries(operationId: string): JournalEntry[] {
    const rows = this.db
      .prepare('SELECT * FROM provisioning_journal_entries WHERE operation_id = ? ORDER BY sequence')
      .all(operationId) as EntryRow[];
    return rows.map((row) => {
      const entry: JournalEntry = {
        operationId: row.operation_id,
        sequence: row.sequence,
        at: row.at,
        checkpoint: row.checkpoint,
        phase: row.phase as JournalEntry['phase'],
      };
      if (row.code) entry.code = row.code;
      return entry;
    });
  }

  private checkpoint(operationId: string, checkpoint: string, state: JournalState, at: string, phase: 'intent' | 'done'): void {
    this.db.transaction(() => {
      // A resumed run flips a failed operation back to running on its first new checkpoint.
      const changed = this.db
        .prepare(
          `UPDATE provisioning_operations SET status = 'running', checkpoint = ?, state_json = ?, updated_at = ?
           WHERE operation_id = ? AND status IN ('running', 'failed')`,
        )
        .run(checkpoint, JSON.stringify(state), at, operationId);
      if (changed.changes !== 1) throw new Error(`Provisioning operation ${operationId} is not open`);
      this.appendEntry(operationId, at, checkpoint, phase);
    })();
  }

  private appendEntry(operationId: string, at: string, checkpoint: string, phase: JournalEntry['phase'], code?: string): void {
    const next = this.db
      .prepare('SELECT COALESCE(MAX(sequence), 0) + 1 AS next FROM provisioning_journal_entries WHERE operation_id = ?')
      .get(operationId) as { next: number };
    this.db
      .prepare('INSERT INTO provisioning_journal_entries (operation_id, sequence, at, checkpoint, phase, code) VALUES (?, ?, ?, ?, ?, ?)')
      .run(operationId, next.next, at, checkpoint, phase, code ?? null);
  }
}

/** SQLite per-tenant rotation condition (RotationConditionStore): healthy, deferred or locked-out, with version ids only. */
import type { RotationConditionStore } from '../../rotation/rotation-store.port';
import type { AccountCredentialState, RotationCondition } from '../../rotation/rotation.types';
import type { SqliteDatabase } from './database';
import { migrateRotationArea } from './rotation.migrations';

interface ConditionRow {
  tenant_id: string;
  kind: string;
  code: string | null;
  since: string;
  next_recovery_at: string | null;
  state_json: string | null;
}

export class SqliteRotationConditionStore implements RotationConditionStore {
  constructor(private readonly db: SqliteDatabase) {
    migrateRotationArea(db);
  }

  get(tenantId: string): RotationCondition | undefined {
    const row = this.db.prepare('SELECT * FROM rotation_conditions WHERE tenant_id = ?').get(tenantId) as ConditionRow | undefined;
    return row ? toCondition(row) : undefined;
  }

  set(condition: RotationCondition): void {
    this.db
      .prepare(
        `INSERT INTO rotation_conditions (tenant_id, kind, code, since, next_recovery_at, state_json) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (tenant_id) DO UPDATE SET kind = excluded.kind, code = excluded.code, since = excluded.since,
           next_recovery_at = excluded.next_recovery_at, state_json = excluded.state_json`,
      )
      .run(
        condition.tenantId,
        condition.kind,
        condition.code ?? null,
        condition.since,
        condition.nextRecoveryAt ?? null,
        condition.state ? JSON.stringify(condition.state) : null,
      );
  }

  listUnhealthy(): RotationCondition[] {
    return (this.db.prepare(`SELECT * FROM rotation_conditions WHERE kind <> 'healthy'`).all() as ConditionRow[]).map(toCondition);
  }
}

function toCondition(row: ConditionRow): RotationCondition {
  const condition: RotationCondition = { tenantId: row.tenant_id, kind: row.kind as RotationCondition['kind'], since: row.since };
  if (row.code !== null) condition.code = row.code;
  if (row.next_recovery_at !== null) condition.nextRecoveryAt = row.next_recovery_at;
  if (row.state_json !== null) condition.state = JSON.parse(row.state_json) as AccountCredentialState;
  return condition;
}

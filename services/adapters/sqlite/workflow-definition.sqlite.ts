/** SQLite storage of tenant-defined workflows (area 'workflow-definitions'), keyed by tenant and name. */
import type { Person } from '../../access/actor';
import type { StoredWorkflowDefinition, WorkflowDefinitionRepository, WorkflowDefinitionState } from '../../workflows/workflow-definition.repository.port';
import type { WorkflowDefinition } from '../../workflows/workflow.schema';
import { migrate, type SqliteDatabase } from './database';

const MIGRATIONS: readonly string[] = [
  `CREATE TABLE workflow_definitions (
    tenant_id TEXT NOT NULL,
    name TEXT NOT NULL,
    revision INTEGER NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('draft','published','disabled')),
    definition TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (tenant_id, name)
  )`,
];

interface Row {
  tenant_id: string;
  name: string;
  revision: number;
  state: WorkflowDefinitionState;
  definition: string;
  updated_by: string;
  updated_at: string;
}

export class SqliteWorkflowDefinitionRepository implements WorkflowDefinitionRepository {
  constructor(private readonly db: SqliteDatabase) {
    migrate(db, 'workflow-definitions', MIGRATIONS);
  }

  get(tenantId: string, name: string): StoredWorkflowDefinition | undefined {
    const row = this.db.prepare('SELECT * FROM workflow_definitions WHERE tenant_id = ? AND name = ?').get(tenantId, name) as Row | undefined;
    return row ? toRecord(row) : undefined;
  }

  list(tenantId: string): StoredWorkflowDefinition[] {
    return (this.db.prepare('SELECT * FROM workflow_definitions WHERE tenant_id = ? ORDER BY name').all(tenantId) as Row[]).map(toRecord);
  }

  save(record: Omit<StoredWorkflowDefinition, 'revision'>, expectedRevision: number): boolean {
    const values = [record.state, JSON.stringify(record.definition), JSON.stringify(record.updatedBy), record.updatedAt];
    if (expectedRevision === 0) {
      const result = this.db
        .prepare('INSERT OR IGNORE INTO workflow_definitions (tenant_id, name, revision, state, definition, updated_by, updated_at) VALUES (?, ?, 1, ?, ?, ?, ?)')
        .run(record.tenantId, record.name, ...values);
      return result.changes === 1;
    }
    return (
      this.db
        .prepare('UPDATE workflow_definitions SET revision = revision + 1, state = ?, definition = ?, updated_by = ?, updated_at = ? WHERE tenant_id = ? AND name = ? AND revision = ?')
        .run(...values, record.tenantId, record.name, expectedRevision).changes === 1
    );
  }
}

function toRecord(row: Row): StoredWorkflowDefinition {
  return {
    tenantId: row.tenant_id,
    name: row.name,
    revision: row.revision,
    state: row.state,
    definition: JSON.parse(row.definition) as WorkflowDefinition,
    updatedBy: JSON.parse(row.updated_by) as Person,
    updatedAt: row.updated_at,
  };
}

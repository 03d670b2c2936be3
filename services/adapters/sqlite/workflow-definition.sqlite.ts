/**
 * Tenant-defined workflows' versions and history in SQLite (area 'workflow-definitions'): the
 * store every reviewed definition shares (definition-version.sqlite.ts), on the tables
 * workflow_definition_versions and workflow_definition_history.
 *
 * Migration 2 replaces the first store (one row per workflow, states draft, published and
 * disabled, no review): each row becomes version 1 in the same state and revision, with a
 * history line saying it was carried over, so a published workflow stays published and runnable.
 */
import type { WorkflowDefinitionRepository, LiveWorkflowDefinitions, WorkflowDefinitionVersion } from '../../workflows/workflow-definition.repository.port';
import type { WorkflowDefinition } from '../../workflows/workflow.schema';
import { migrate, type SqliteDatabase } from './database';
import { SqliteDefinitionVersions, definitionVersionTablesSql } from './definition-version.sqlite';

const CARRIED_OVER = "Carried over from the store before workflows were reviewed: it was saved in this state without a second tenant admin's approval.";

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
  `${definitionVersionTablesSql('workflow_definition')}
   INSERT INTO workflow_definition_versions (tenant_id, name, version, state, revision, title, definition_json, created_by_json, created_at, updated_by_json, updated_at, authors_json,
     published_by_json, published_at, disabled_by_json, disabled_at)
   SELECT tenant_id, name, 1, state, revision, json_extract(definition, '$.title'), definition, updated_by, updated_at, updated_by, updated_at, json_array(json(updated_by)),
     CASE WHEN state IN ('published', 'disabled') THEN updated_by END, CASE WHEN state IN ('published', 'disabled') THEN updated_at END,
     CASE WHEN state = 'disabled' THEN updated_by END, CASE WHEN state = 'disabled' THEN updated_at END
   FROM workflow_definitions;
   INSERT INTO workflow_definition_history (tenant_id, name, version, at, actor_json, event, from_state, to_state, revision, changes_json, note, correlation_id)
   SELECT tenant_id, name, 1, updated_at, updated_by, 'created', NULL, state, revision, '[]', '${CARRIED_OVER.replace(/'/g, "''")}', 'migration'
   FROM workflow_definitions ORDER BY tenant_id, name;
   DROP TABLE workflow_definitions;`,
];

export class SqliteWorkflowDefinitionRepository extends SqliteDefinitionVersions<WorkflowDefinition> implements WorkflowDefinitionRepository, LiveWorkflowDefinitions {
  constructor(db: SqliteDatabase) {
    migrate(db, 'workflow-definitions', MIGRATIONS);
    super(db, { prefix: 'workflow_definition', title: (definition) => definition.title });
  }

  liveVersion(tenantId: string, name: string): WorkflowDefinitionVersion | undefined {
    return this.select("WHERE tenant_id = ? AND name = ? AND state IN ('published', 'disabled')", tenantId, name)[0];
  }

  liveVersions(tenantId: string): WorkflowDefinitionVersion[] {
    return this.select("WHERE tenant_id = ? AND state IN ('published', 'disabled') ORDER BY name", tenantId);
  }
}

/**
 * A tenant workflow published straight into its store, for tests about running workflows (not
 * about reviewing them): version 1, published, with the history line a publish writes. The
 * review itself (a second admin's approval) is tested through WorkflowDefinitionService.
 */
import type { Person } from '../../../services/access/actor';
import type { SqliteWorkflowDefinitionRepository } from '../../../services/adapters/sqlite/workflow-definition.sqlite';
import { WorkflowCatalog } from '../../../services/workflows/workflow-catalog';
import { describeIssue, validateWorkflowDefinition } from '../../../services/workflows/workflow-parser';
import type { WorkflowDefinitionVersion } from '../../../services/workflows/workflow-definition.repository.port';

/** Validates `yaml` (a bad definition fails the test with its words) and stores it as published; returns its name. */
export function publishWorkflow(store: SqliteWorkflowDefinitionRepository, tenantId: string, yaml: string, by: Person, at: string): string {
  const result = validateWorkflowDefinition(yaml, { reservedNames: WorkflowCatalog.reservedNames() });
  if (!result.ok || !result.definition) throw new Error(`test workflow is invalid: ${result.errors.map(describeIssue).join(' | ')}`);
  const definition = result.definition;
  const version: WorkflowDefinitionVersion = {
    tenantId,
    name: definition.name,
    version: 1,
    state: 'published',
    revision: 1,
    definition,
    createdBy: by,
    createdAt: at,
    updatedBy: by,
    updatedAt: at,
    authors: [by],
    publishedBy: by,
    publishedAt: at,
  };
  const history = [{ tenantId, name: definition.name, version: 1, at, actor: by, event: 'published' as const, toState: 'published' as const, revision: 1, changes: [], correlationId: 'test-publish' }];
  if (!store.apply({ insert: version, updates: [], history })) throw new Error(`test workflow ${definition.name} exists already`);
  return definition.name;
}

/**
 * Storage of the workflows a tenant's admins define (services/adapters/sqlite/workflow-definition.sqlite.ts):
 * one current definition per name, validated before it is saved, with a revision for
 * optimistic concurrency. Only `published` definitions can be run (WorkflowCatalog).
 *
 * The review lifecycle of the issue (draft → submitted → approved by a second tenant admin →
 * published → disabled, with history) is not built yet; it should follow
 * services/custom-actions/custom-action.service.ts and may replace this store with a versioned one.
 */
import type { Person } from '../access/actor';
import type { WorkflowDefinition } from './workflow.schema';

export type WorkflowDefinitionState = 'draft' | 'published' | 'disabled';

export interface StoredWorkflowDefinition {
  tenantId: string;
  name: string;
  /** 1 on first save, +1 on each save. */
  revision: number;
  state: WorkflowDefinitionState;
  definition: WorkflowDefinition;
  updatedBy: Person;
  updatedAt: string;
}

export interface WorkflowDefinitionRepository {
  get(tenantId: string, name: string): StoredWorkflowDefinition | undefined;
  list(tenantId: string): StoredWorkflowDefinition[];
  /**
   * Writes revision `expectedRevision + 1` (0: a new name). False, and nothing written, when the
   * stored revision is not `expectedRevision` (someone saved meanwhile, or the name is taken).
   */
  save(record: Omit<StoredWorkflowDefinition, 'revision'>, expectedRevision: number): boolean;
}

/**
 * Storage of the workflows a tenant's admins define (services/adapters/sqlite/workflow-definition.sqlite.ts):
 * versions and their history, reviewed like custom actions (services/definitions/definition-lifecycle.ts,
 * through WorkflowDefinitionService). Only the published version of a workflow can be run
 * (WorkflowCatalog reads it through `LiveWorkflowDefinitions`).
 */
import type { DefinitionState, DefinitionVersion } from '../definitions/definition-lifecycle.types';
import type { DefinitionVersionRepository } from '../definitions/definition-version.repository.port';
import type { WorkflowDefinition } from './workflow.schema';

export type WorkflowDefinitionState = DefinitionState;
export type WorkflowDefinitionVersion = DefinitionVersion<WorkflowDefinition>;

export type WorkflowDefinitionRepository = DefinitionVersionRepository<WorkflowDefinition>;

/**
 * The live (published or disabled) version of each tenant workflow, read synchronously: the
 * catalogue answers within a card's turn and a run's start without awaiting storage.
 */
export interface LiveWorkflowDefinitions {
  liveVersion(tenantId: string, name: string): WorkflowDefinitionVersion | undefined;
  /** By name. */
  liveVersions(tenantId: string): WorkflowDefinitionVersion[];
}

/**
 * Storage of custom action versions and their history, per tenant: the store every reviewed
 * definition shares (services/definitions/definition-version.repository.port.ts), for custom
 * actions. Implemented by services/adapters/sqlite/custom-action.sqlite.ts.
 */
import type { DefinitionCommit, DefinitionVersionRepository, DefinitionVersionUpdate } from '../definitions/definition-version.repository.port';
import type { CustomActionDefinition } from './custom-action.schema';

/** Replace a stored version with `next`, only if it is still in `expected` state and revision. */
export type CustomActionVersionUpdate = DefinitionVersionUpdate<CustomActionDefinition>;
export type CustomActionCommit = DefinitionCommit<CustomActionDefinition>;
export type CustomActionRepository = DefinitionVersionRepository<CustomActionDefinition>;

/**
 * Custom action versions and history in SQLite (area 'customActions'): the store every reviewed
 * definition shares (definition-version.sqlite.ts), on the tables custom_action_versions and
 * custom_action_history.
 */
import type { CustomActionRepository } from '../../custom-actions/custom-action.repository.port';
import type { CustomActionDefinition } from '../../custom-actions/custom-action.schema';
import { migrate, type SqliteDatabase } from './database';
import { SqliteDefinitionVersions, definitionVersionTablesSql } from './definition-version.sqlite';

const MIGRATIONS: readonly string[] = [definitionVersionTablesSql('custom_action')];

export class SqliteCustomActionRepository extends SqliteDefinitionVersions<CustomActionDefinition> implements CustomActionRepository {
  constructor(db: SqliteDatabase) {
    migrate(db, 'customActions', MIGRATIONS);
    super(db, { prefix: 'custom_action', title: (definition) => definition.title });
  }
}

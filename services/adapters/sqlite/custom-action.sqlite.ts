/**
 * Custom action versions and history in SQLite (area 'customActions'). A commit is one
 * transaction of conditional UPDATEs (WHERE state and revision are what the service read), an
 * optional INSERT and the history rows; a condition that matches no row rolls everything back.
 * Partial unique indexes keep at most one open (draft, submitted, approved) and one live
 * (published, disabled) version per action, whatever the callers do.
 */
import type { Person } from '../../access/actor';
import type { CustomActionCommit, CustomActionRepository } from '../../custom-actions/custom-action.repository.port';
import type { CustomActionDefinition } from '../../custom-actions/custom-action.schema';
import type { CustomActionEvent, CustomActionHistoryEntry, CustomActionState, CustomActionVersion } from '../../custom-actions/custom-action.types';
import { migrate, type SqliteDatabase } from './database';

const MIGRATIONS: readonly string[] = [
  `CREATE TABLE custom_action_versions (
     tenant_id TEXT NOT NULL,
     name TEXT NOT NULL,
     version INTEGER NOT NULL CHECK (version >= 1),
     state TEXT NOT NULL CHECK (state IN ('draft', 'submitted', 'approved', 'published', 'disabled', 'superseded')),
     revision INTEGER NOT NULL CHECK (revision >= 1),
     title TEXT NOT NULL,
     definition_json TEXT NOT NULL,
     created_by_json TEXT NOT NULL,
     created_at TEXT NOT NULL,
     updated_by_json TEXT NOT NULL,
     updated_at TEXT NOT NULL,
     authors_json TEXT NOT NULL,
     submitted_by_json TEXT,
     submitted_at TEXT,
     approved_by_json TEXT,
     approved_at TEXT,
     self_approved INTEGER NOT NULL DEFAULT 0 CHECK (self_approved IN (0, 1)),
     published_by_json TEXT,
     published_at TEXT,
     disabled_by_json TEXT,
     disabled_at TEXT,
     disabled_reason TEXT,
     superseded_at TEXT,
     PRIMARY KEY (tenant_id, name, version)
   );
   CREATE UNIQUE INDEX custom_action_one_open ON custom_action_versions (tenant_id, name) WHERE state IN ('draft', 'submitted', 'approved');
   CREATE UNIQUE INDEX custom_action_one_live ON custom_action_versions (tenant_id, name) WHERE state IN ('published', 'disabled');
   CREATE TABLE custom_action_history (
     seq INTEGER PRIMARY KEY AUTOINCREMENT,
     tenant_id TEXT NOT NULL,
     name TEXT NOT NULL,
     version INTEGER NOT NULL,
     at TEXT NOT NULL,
     actor_json TEXT NOT NULL,
     event TEXT NOT NULL,
     from_state TEXT,
     to_state TEXT NOT NULL,
     revision INTEGER NOT NULL,
     changes_json TEXT NOT NULL,
     note TEXT,
     correlation_id TEXT NOT NULL
   );
   CREATE INDEX custom_action_history_by_action ON custom_action_history (tenant_id, name, seq);`,
];

interface VersionRow {
  tenant_id: string;
  name: string;
  version: number;
  state: CustomActionState;
  revision: number;
  title: string;
  definition_json: string;
  created_by_json: string;
  created_at: string;
  updated_by_json: string;
  updated_at: string;
  authors_json: string;
  submitted_by_json: string | null;
  submitted_at: string | null;
  approved_by_json: string | null;
  approved_at: string | null;
  self_approved: number;
  published_by_json: string | null;
  published_at: string | null;
  disabled_by_json: string | null;
  disabled_at: string | null;
  disabled_reason: string | null;
  superseded_at: string | null;
}

interface HistoryRow {
  tenant_id: string;
  name: string;
  version: number;
  at: string;
  actor_json: string;
  event: CustomActionEvent;
  from_state: CustomActionState | null;
  to_state: CustomActionState;
  revision: number;
  changes_json: string;
  note: string | null;
  correlation_id: string;
}

const COLUMNS = [
  'tenant_id', 'name', 'version', 'state', 'revision', 'title', 'definition_json', 'created_by_json', 'created_at', 'updated_by_json', 'updated_at',
  'authors_json', 'submitted_by_json', 'submitted_at', 'approved_by_json', 'approved_at', 'self_approved', 'published_by_json', 'published_at',
  'disabled_by_json', 'disabled_at', 'disabled_reason', 'superseded_at',
] as const;

/** Thrown inside a commit's transaction to roll it back; never leaves this module. */
class CommitRejected extends Error {}

export class SqliteCustomActionRepository implements CustomActionRepository {
  constructor(private readonly db: SqliteDatabase) {
    migrate(db, 'customActions', MIGRATIONS);
  }

  async listVersions(tenantId: string, name: string): Promise<CustomActionVersion[]> {
    const rows = this.db.prepare('SELECT * FROM custom_action_versions WHERE tenant_id = ? AND name = ? ORDER BY version DESC').all(tenantId, name) as VersionRow[];
    return rows.map(fromRow);
  }

  async listTenant(tenantId: string): Promise<CustomActionVersion[]> {
    const rows = this.db.prepare('SELECT * FROM custom_action_versions WHERE tenant_id = ? ORDER BY name, version DESC').all(tenantId) as VersionRow[];
    return rows.map(fromRow);
  }

  async listHistory(tenantId: string, name: string, options: { limit?: number } = {}): Promise<CustomActionHistoryEntry[]> {
    // The newest `limit` lines, returned oldest first.
    const rows = this.db
      .prepare('SELECT * FROM (SELECT * FROM custom_action_history WHERE tenant_id = ? AND name = ? ORDER BY seq DESC LIMIT ?) ORDER BY seq')
      .all(tenantId, name, options.limit ?? 500) as HistoryRow[];
    return rows.map(historyFromRow);
  }

  async commit(change: CustomActionCommit): Promise<boolean> {
    const insert = this.db.prepare(`INSERT INTO custom_action_versions (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map((c) => `@${c}`).join(', ')})`);
    const update = this.db.prepare(
      `UPDATE custom_action_versions SET ${COLUMNS.filter((c) => !['tenant_id', 'name', 'version'].includes(c)).map((c) => `${c} = @${c}`).join(', ')}
       WHERE tenant_id = @tenant_id AND name = @name AND version = @version AND state = @expected_state AND revision = @expected_revision`,
    );
    const history = this.db.prepare(
      `INSERT INTO custom_action_history (tenant_id, name, version, at, actor_json, event, from_state, to_state, revision, changes_json, note, correlation_id)
       VALUES (@tenant_id, @name, @version, @at, @actor_json, @event, @from_state, @to_state, @revision, @changes_json, @note, @correlation_id)`,
    );
    try {
      this.db.transaction(() => {
        // Updates first: publishing supersedes the live version before the approved one becomes live.
        for (const { expected, next } of change.updates) {
          const result = update.run({ ...toRow(next), expected_state: expected.state, expected_revision: expected.revision });
          if (result.changes !== 1) throw new CommitRejected();
        }
        if (change.insert) {
          try {
            insert.run(toRow(change.insert));
          } catch (error) {
            if ((error as { code?: string }).code?.startsWith('SQLITE_CONSTRAINT')) throw new CommitRejected();
            throw error;
          }
        }
        for (const entry of change.history) history.run(historyToRow(entry));
      }).immediate();
      return true;
    } catch (error) {
      if (error instanceof CommitRejected) return false;
      // A live or open version already there (a unique index) means someone else got there first.
      if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') return false;
      throw error;
    }
  }
}

function json(person: Person | undefined): string | null {
  return person ? JSON.stringify(person) : null;
}

function person(text: string | null): Person | undefined {
  return text ? (JSON.parse(text) as Person) : undefined;
}

function toRow(version: CustomActionVersion): Record<(typeof COLUMNS)[number], string | number | null> {
  return {
    tenant_id: version.tenantId,
    name: version.name,
    version: version.version,
    state: version.state,
    revision: version.revision,
    title: version.definition.title,
    definition_json: JSON.stringify(version.definition),
    created_by_json: JSON.stringify(version.createdBy),
    created_at: version.createdAt,
    updated_by_json: JSON.stringify(version.updatedBy),
    updated_at: version.updatedAt,
    authors_json: JSON.stringify(version.authors),
    submitted_by_json: json(version.submittedBy),
    submitted_at: version.submittedAt ?? null,
    approved_by_json: json(version.approvedBy),
    approved_at: version.approvedAt ?? null,
    self_approved: version.selfApproved ? 1 : 0,
    published_by_json: json(version.publishedBy),
    published_at: version.publishedAt ?? null,
    disabled_by_json: json(version.disabledBy),
    disabled_at: version.disabledAt ?? null,
    disabled_reason: version.disabledReason ?? null,
    superseded_at: version.supersededAt ?? null,
  };
}

function fromRow(row: VersionRow): CustomActionVersion {
  const version: CustomActionVersion = {
    tenantId: row.tenant_id,
    name: row.name,
    version: row.version,
    state: row.state,
    revision: row.revision,
    definition: JSON.parse(row.definition_json) as CustomActionDefinition,
    createdBy: JSON.parse(row.created_by_json) as Person,
    createdAt: row.created_at,
    updatedBy: JSON.parse(row.updated_by_json) as Person,
    updatedAt: row.updated_at,
    authors: JSON.parse(row.authors_json) as Person[],
  };
  const submittedBy = person(row.submitted_by_json);
  if (submittedBy && row.submitted_at) Object.assign(version, { submittedBy, submittedAt: row.submitted_at });
  const approvedBy = person(row.approved_by_json);
  if (approvedBy && row.approved_at) Object.assign(version, { approvedBy, approvedAt: row.approved_at, selfApproved: row.self_approved === 1 });
  const publishedBy = person(row.published_by_json);
  if (publishedBy && row.published_at) Object.assign(version, { publishedBy, publishedAt: row.published_at });
  const disabledBy = person(row.disabled_by_json);
  if (disabledBy && row.disabled_at) Object.assign(version, { disabledBy, disabledAt: row.disabled_at, ...(row.disabled_reason ? { disabledReason: row.disabled_reason } : {}) });
  if (row.superseded_at) version.supersededAt = row.superseded_at;
  return version;
}

function historyToRow(entry: CustomActionHistoryEntry): Record<string, string | number | null> {
  return {
    tenant_id: entry.tenantId,
    name: entry.name,
    version: entry.version,
    at: entry.at,
    actor_json: JSON.stringify(entry.actor),
    event: entry.event,
    from_state: entry.fromState ?? null,
    to_state: entry.toState,
    revision: entry.revision,
    changes_json: JSON.stringify(entry.changes),
    note: entry.note ?? null,
    correlation_id: entry.correlationId,
  };
}

function historyFromRow(row: HistoryRow): CustomActionHistoryEntry {
  return {
    tenantId: row.tenant_id,
    name: row.name,
    version: row.version,
    at: row.at,
    actor: JSON.parse(row.actor_json) as Person,
    event: row.event,
    ...(row.from_state ? { fromState: row.from_state } : {}),
    toState: row.to_state,
    revision: row.revision,
    changes: JSON.parse(row.changes_json) as string[],
    ...(row.note ? { note: row.note } : {}),
    correlationId: row.correlation_id,
  };
}

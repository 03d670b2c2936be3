/**
 * Reviewed definitions' versions and history in SQLite (custom actions, workflows). A commit is
 * one transaction of conditional UPDATEs (WHERE state and revision are what the service read), an
 * optional INSERT and the history rows; a condition that matches no row rolls everything back.
 * Partial unique indexes keep at most one open (draft, submitted, approved) and one live
 * (published, disabled) version per definition, whatever the callers do.
 */
import type { Person } from '../../access/actor';
import type { DefinitionEvent, DefinitionHistoryEntry, DefinitionState, DefinitionVersion } from '../../definitions/definition-lifecycle.types';
import type { DefinitionCommit, DefinitionVersionRepository } from '../../definitions/definition-version.repository.port';
import type { SqliteDatabase } from './database';

/**
 * The tables of one kind of definition, as its first migration creates them. A released
 * migration never changes: a later change of these tables is a new migration of each kind.
 */
export function definitionVersionTablesSql(prefix: string): string {
  return `CREATE TABLE ${prefix}_versions (
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
   CREATE UNIQUE INDEX ${prefix}_one_open ON ${prefix}_versions (tenant_id, name) WHERE state IN ('draft', 'submitted', 'approved');
   CREATE UNIQUE INDEX ${prefix}_one_live ON ${prefix}_versions (tenant_id, name) WHERE state IN ('published', 'disabled');
   CREATE TABLE ${prefix}_history (
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
   CREATE INDEX ${prefix}_history_by_action ON ${prefix}_history (tenant_id, name, seq);`;
}

interface VersionRow {
  tenant_id: string;
  name: string;
  version: number;
  state: DefinitionState;
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
  event: DefinitionEvent;
  from_state: DefinitionState | null;
  to_state: DefinitionState;
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

/**
 * One kind of definition's versions and history in SQLite: the tables `<prefix>_versions` and
 * `<prefix>_history` (definitionVersionTablesSql), created by the kind's own migrations.
 */
export class SqliteDefinitionVersions<TDefinition> implements DefinitionVersionRepository<TDefinition> {
  private readonly versions: string;
  private readonly history: string;
  private readonly title: (definition: TDefinition) => string;

  constructor(
    protected readonly db: SqliteDatabase,
    store: { prefix: string; title: (definition: TDefinition) => string },
  ) {
    this.versions = `${store.prefix}_versions`;
    this.history = `${store.prefix}_history`;
    this.title = store.title;
  }

  async listVersions(tenantId: string, name: string): Promise<DefinitionVersion<TDefinition>[]> {
    return this.select('WHERE tenant_id = ? AND name = ? ORDER BY version DESC', tenantId, name);
  }

  async listTenant(tenantId: string): Promise<DefinitionVersion<TDefinition>[]> {
    return this.select('WHERE tenant_id = ? ORDER BY name, version DESC', tenantId);
  }

  async listHistory(tenantId: string, name: string, options: { limit?: number } = {}): Promise<DefinitionHistoryEntry[]> {
    // The newest `limit` lines, returned oldest first.
    const rows = this.db
      .prepare(`SELECT * FROM (SELECT * FROM ${this.history} WHERE tenant_id = ? AND name = ? ORDER BY seq DESC LIMIT ?) ORDER BY seq`)
      .all(tenantId, name, options.limit ?? 500) as HistoryRow[];
    return rows.map(historyFromRow);
  }

  async commit(change: DefinitionCommit<TDefinition>): Promise<boolean> {
    return this.apply(change);
  }

  /** `commit`, synchronously: better-sqlite3 writes in the calling turn. */
  apply(change: DefinitionCommit<TDefinition>): boolean {
    const insert = this.db.prepare(`INSERT INTO ${this.versions} (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map((c) => `@${c}`).join(', ')})`);
    const update = this.db.prepare(
      `UPDATE ${this.versions} SET ${COLUMNS.filter((c) => !['tenant_id', 'name', 'version'].includes(c)).map((c) => `${c} = @${c}`).join(', ')}
       WHERE tenant_id = @tenant_id AND name = @name AND version = @version AND state = @expected_state AND revision = @expected_revision`,
    );
    const history = this.db.prepare(
      `INSERT INTO ${this.history} (tenant_id, name, version, at, actor_json, event, from_state, to_state, revision, changes_json, note, correlation_id)
       VALUES (@tenant_id, @name, @version, @at, @actor_json, @event, @from_state, @to_state, @revision, @changes_json, @note, @correlation_id)`,
    );
    try {
      this.db.transaction(() => {
        // Updates first: publishing supersedes the live version before the approved one becomes live.
        for (const { expected, next } of change.updates) {
          const result = update.run({ ...this.toRow(next), expected_state: expected.state, expected_revision: expected.revision });
          if (result.changes !== 1) throw new CommitRejected();
        }
        if (change.insert) {
          try {
            insert.run(this.toRow(change.insert));
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

  /** Versions matching `where` (a WHERE clause with ? parameters, and its ORDER BY), read synchronously. */
  protected select(where: string, ...parameters: unknown[]): DefinitionVersion<TDefinition>[] {
    const rows = this.db.prepare(`SELECT * FROM ${this.versions} ${where}`).all(...parameters) as VersionRow[];
    return rows.map((row) => fromRow<TDefinition>(row));
  }

  private toRow(version: DefinitionVersion<TDefinition>): Record<(typeof COLUMNS)[number], string | number | null> {
    return toRow(version, this.title(version.definition));
  }
}

function json(person: Person | undefined): string | null {
  return person ? JSON.stringify(person) : null;
}

function person(text: string | null): Person | undefined {
  return text ? (JSON.parse(text) as Person) : undefined;
}

function toRow<TDefinition>(version: DefinitionVersion<TDefinition>, title: string): Record<(typeof COLUMNS)[number], string | number | null> {
  return {
    tenant_id: version.tenantId,
    name: version.name,
    version: version.version,
    state: version.state,
    revision: version.revision,
    title,
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

function fromRow<TDefinition>(row: VersionRow): DefinitionVersion<TDefinition> {
  const version: DefinitionVersion<TDefinition> = {
    tenantId: row.tenant_id,
    name: row.name,
    version: row.version,
    state: row.state,
    revision: row.revision,
    definition: JSON.parse(row.definition_json) as TDefinition,
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

function historyToRow(entry: DefinitionHistoryEntry): Record<string, string | number | null> {
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

function historyFromRow(row: HistoryRow): DefinitionHistoryEntry {
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

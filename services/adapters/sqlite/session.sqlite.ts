/**
 * SQLite storage of management sessions (area 'sessions'). Holds ids, names, states and times
 * only; never a password or token.
 */
import type { ManagementSessionRepository } from '../../sessions/session.repository.port';
import type { ManagementSession, Person, SessionFields, SessionState } from '../../sessions/session.types';
import { migrate, type SqliteDatabase } from './database';

const MIGRATIONS: readonly string[] = [
  `CREATE TABLE management_sessions (
    tenant_id TEXT PRIMARY KEY,
    state TEXT NOT NULL CHECK (state IN ('OFF','ENABLING','ON','DISABLING','ERROR')),
    version INTEGER NOT NULL,
    mode TEXT,
    principal_object_id TEXT,
    principal_upn TEXT,
    principal_kind TEXT,
    enabled_by_user_id TEXT,
    enabled_by_upn TEXT,
    enabled_by_display_name TEXT,
    auto_enabled INTEGER NOT NULL DEFAULT 0,
    enabling_started_at TEXT,
    enabled_at TEXT,
    expires_at TEXT,
    attempt_id TEXT,
    last_error_code TEXT,
    last_error_message TEXT,
    last_error_at TEXT,
    changed_at TEXT NOT NULL,
    changed_by_user_id TEXT,
    changed_by_upn TEXT,
    changed_by_display_name TEXT,
    last_change_reason TEXT
  )`,
  `CREATE INDEX management_sessions_state_expiry ON management_sessions (state, expires_at)`,
];

interface SessionRow {
  tenant_id: string;
  state: SessionState;
  version: number;
  mode: string | null;
  principal_object_id: string | null;
  principal_upn: string | null;
  principal_kind: string | null;
  enabled_by_user_id: string | null;
  enabled_by_upn: string | null;
  enabled_by_display_name: string | null;
  auto_enabled: number;
  enabling_started_at: string | null;
  enabled_at: string | null;
  expires_at: string | null;
  attempt_id: string | null;
  last_error_code: string | null;
  last_error_message: string | null;
  last_error_at: string | null;
  changed_at: string;
  changed_by_user_id: string | null;
  changed_by_upn: string | null;
  changed_by_display_name: string | null;
  last_change_reason: string | null;
}

const COLUMNS = [
  'state', 'mode', 'principal_object_id', 'principal_upn', 'principal_kind', 'enabled_by_user_id', 'enabled_by_upn',
  'enabled_by_display_name', 'auto_enabled', 'enabling_started_at', 'enabled_at', 'expires_at', 'attempt_id',
  'last_error_code', 'last_error_message', 'last_error_at', 'changed_at', 'changed_by_user_id', 'changed_by_upn',
  'changed_by_display_name', 'last_change_reason',
] as const;

type WritableRow = Pick<SessionRow, (typeof COLUMNS)[number]>;

export class SqliteManagementSessionRepository implements ManagementSessionRepository {
  constructor(private readonly db: SqliteDatabase) {
    migrate(db, 'sessions', MIGRATIONS);
  }

  getOrCreate(tenantId: string, now: Date): ManagementSession {
    this.db
      .prepare(`INSERT OR IGNORE INTO management_sessions (tenant_id, state, version, changed_at) VALUES (?, 'OFF', 0, ?)`)
      .run(tenantId, now.toISOString());
    const row = this.db.prepare('SELECT * FROM management_sessions WHERE tenant_id = ?').get(tenantId) as SessionRow;
    return fromRow(row);
  }

  compareAndSet(tenantId: string, expected: Pick<ManagementSession, 'state' | 'version'>, next: SessionFields): ManagementSession | undefined {
    const row = toRow(next);
    const assignments = COLUMNS.map((column) => `${column} = @${column}`).join(', ');
    const result = this.db
      .prepare(
        `UPDATE management_sessions SET ${assignments}, version = version + 1
         WHERE tenant_id = @tenant_id AND state = @expected_state AND version = @expected_version`,
      )
      .run({ ...row, tenant_id: tenantId, expected_state: expected.state, expected_version: expected.version });
    if (result.changes !== 1) return undefined;
    return fromRow(this.db.prepare('SELECT * FROM management_sessions WHERE tenant_id = ?').get(tenantId) as SessionRow);
  }

  listInStates(states: readonly SessionState[]): ManagementSession[] {
    if (states.length === 0) return [];
    const placeholders = states.map(() => '?').join(', ');
    const rows = this.db.prepare(`SELECT * FROM management_sessions WHERE state IN (${placeholders}) ORDER BY tenant_id`).all(...states) as SessionRow[];
    return rows.map(fromRow);
  }

  listExpired(now: Date): ManagementSession[] {
    const rows = this.db
      .prepare(`SELECT * FROM management_sessions WHERE state = 'ON' AND expires_at IS NOT NULL AND expires_at <= ? ORDER BY tenant_id`)
      .all(now.toISOString()) as SessionRow[];
    return rows.map(fromRow);
  }
}

function toRow(fields: SessionFields): WritableRow {
  return {
    state: fields.state,
    mode: fields.mode ?? null,
    principal_object_id: fields.principal?.objectId ?? null,
    principal_upn: fields.principal?.userPrincipalName ?? null,
    principal_kind: fields.principal?.kind ?? null,
    enabled_by_user_id: fields.enabledBy?.userId ?? null,
    enabled_by_upn: fields.enabledBy?.upn ?? null,
    enabled_by_display_name: fields.enabledBy?.displayName ?? null,
    auto_enabled: fields.autoEnabled ? 1 : 0,
    enabling_started_at: fields.enablingStartedAt ?? null,
    enabled_at: fields.enabledAt ?? null,
    expires_at: fields.expiresAt ?? null,
    attempt_id: fields.attemptId ?? null,
    last_error_code: fields.lastError?.code ?? null,
    last_error_message: fields.lastError?.message ?? null,
    last_error_at: fields.lastError?.at ?? null,
    changed_at: fields.changedAt,
    changed_by_user_id: fields.changedBy?.userId ?? null,
    changed_by_upn: fields.changedBy?.upn ?? null,
    changed_by_display_name: fields.changedBy?.displayName ?? null,
    last_change_reason: fields.lastChangeReason ?? null,
  };
}

function fromRow(row: SessionRow): ManagementSession {
  const session: ManagementSession = {
    tenantId: row.tenant_id,
    state: row.state,
    version: row.version,
    autoEnabled: row.auto_enabled === 1,
    changedAt: row.changed_at,
  };
  if (row.mode === 'default' || row.mode === 'advanced') session.mode = row.mode;
  if (row.principal_object_id && row.principal_upn) {
    session.principal = {
      objectId: row.principal_object_id,
      userPrincipalName: row.principal_upn,
      kind: row.principal_kind === 'signedInAdmin' ? 'signedInAdmin' : 'serviceAccount',
    };
  }
  if (row.enabled_by_user_id) session.enabledBy = actorRef(row.enabled_by_user_id, row.enabled_by_upn, row.enabled_by_display_name);
  if (row.changed_by_user_id) session.changedBy = actorRef(row.changed_by_user_id, row.changed_by_upn, row.changed_by_display_name);
  if (row.enabling_started_at) session.enablingStartedAt = row.enabling_started_at;
  if (row.enabled_at) session.enabledAt = row.enabled_at;
  if (row.expires_at) session.expiresAt = row.expires_at;
  if (row.attempt_id) session.attemptId = row.attempt_id;
  if (row.last_error_code) session.lastError = { code: row.last_error_code, message: row.last_error_message ?? '', at: row.last_error_at ?? row.changed_at };
  if (row.last_change_reason) session.lastChangeReason = row.last_change_reason as ManagementSession['lastChangeReason'];
  return session;
}

function actorRef(userId: string, upn: string | null, displayName: string | null): Person {
  const ref: Person = { userId };
  if (upn) ref.upn = upn;
  if (displayName) ref.displayName = displayName;
  return ref;
}

/**
 * SQLite storage of pending actions (area 'actions'). Claims and completions are conditional
 * UPDATEs; better-sqlite3 runs each statement atomically, and the WHERE clause makes a second
 * delivery's claim change nothing.
 */
import type { FinalPendingActionState, PendingActionRepository } from '../../actions/pending-action.repository.port';
import type { PendingAction, PendingActionResult, PendingActionState } from '../../actions/pending-action.types';
import type { RunnableActionId } from '../../access/actions';
import type { SessionPrincipal } from '../../sessions/session.types';
import { migrate, type SqliteDatabase } from './database';

const MIGRATIONS: readonly string[] = [
  `CREATE TABLE pending_actions (
    id TEXT PRIMARY KEY,
    tenant_id TEXT NOT NULL,
    actor_user_id TEXT NOT NULL,
    actor_upn TEXT,
    actor_display_name TEXT,
    action_id TEXT NOT NULL,
    target_user_id TEXT NOT NULL,
    target_upn TEXT NOT NULL,
    target_display_name TEXT NOT NULL,
    correlation_id TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('pending','running','done','failed','denied','unknown')),
    claim_id TEXT,
    claimed_at TEXT,
    principal_object_id TEXT,
    principal_upn TEXT,
    principal_kind TEXT,
    auto_enabled INTEGER,
    completed_at TEXT,
    result_code TEXT,
    result_summary TEXT,
    result_reconciled INTEGER
  )`,
  `CREATE INDEX pending_actions_running ON pending_actions (state, claimed_at)`,
  // The per-person limit counts open actions; the purge finds expired ones.
  `CREATE INDEX pending_actions_open_by_actor ON pending_actions (tenant_id, actor_user_id, state, expires_at);
   CREATE INDEX pending_actions_expiry ON pending_actions (state, expires_at)`,
  // Inputs beyond the target (the group of "add to group"), as JSON. Never a secret.
  `ALTER TABLE pending_actions ADD COLUMN parameters TEXT`,
  // The tenant admin's approval the action waits for (approval_requests.id), when one is required.
  `ALTER TABLE pending_actions ADD COLUMN approval_request_id TEXT`,
  // An unattended caller's key (a workflow step, a playbook remediation): one action per key and tenant.
  `ALTER TABLE pending_actions ADD COLUMN idempotency_key TEXT;
   CREATE UNIQUE INDEX pending_actions_idempotency ON pending_actions (tenant_id, idempotency_key) WHERE idempotency_key IS NOT NULL`,
];

interface PendingActionRow {
  id: string;
  tenant_id: string;
  actor_user_id: string;
  actor_upn: string | null;
  actor_display_name: string | null;
  action_id: string;
  target_user_id: string;
  target_upn: string;
  target_display_name: string;
  correlation_id: string;
  created_at: string;
  expires_at: string;
  state: PendingActionState;
  claim_id: string | null;
  claimed_at: string | null;
  principal_object_id: string | null;
  principal_upn: string | null;
  principal_kind: string | null;
  auto_enabled: number | null;
  completed_at: string | null;
  result_code: string | null;
  result_summary: string | null;
  result_reconciled: number | null;
  parameters: string | null;
  approval_request_id: string | null;
  idempotency_key: string | null;
}

export class SqlitePendingActionRepository implements PendingActionRepository {
  constructor(private readonly db: SqliteDatabase) {
    migrate(db, 'actions', MIGRATIONS);
  }

  create(action: PendingAction, options: { maxOpenPerActor?: number } = {}): boolean {
    // INSERT … SELECT … WHERE: the count and the insert are one statement, so the limit holds
    // under concurrent prepares (SQLite runs a statement atomically).
    const inserted = this.db
      .prepare(
        `INSERT INTO pending_actions (id, tenant_id, actor_user_id, actor_upn, actor_display_name, action_id, target_user_id, target_upn,
           target_display_name, correlation_id, created_at, expires_at, state, parameters, idempotency_key)
         SELECT @id, @tenant_id, @actor_user_id, @actor_upn, @actor_display_name, @action_id, @target_user_id, @target_upn,
           @target_display_name, @correlation_id, @created_at, @expires_at, @state, @parameters, @idempotency_key
         WHERE @limit IS NULL OR (
           SELECT COUNT(*) FROM pending_actions
           WHERE tenant_id = @tenant_id AND actor_user_id = @actor_user_id AND state = 'pending' AND expires_at > @created_at
         ) < @limit
         ON CONFLICT DO NOTHING`,
      )
      .run({
        limit: options.maxOpenPerActor ?? null,
        id: action.id,
        tenant_id: action.tenantId,
        actor_user_id: action.actor.userId,
        actor_upn: action.actor.upn ?? null,
        actor_display_name: action.actor.displayName ?? null,
        action_id: action.actionId,
        target_user_id: action.target.userId,
        target_upn: action.target.upn,
        target_display_name: action.target.displayName,
        correlation_id: action.correlationId,
        created_at: action.createdAt,
        expires_at: action.expiresAt,
        state: action.state,
        parameters: action.parameters && Object.keys(action.parameters).length > 0 ? JSON.stringify(action.parameters) : null,
        idempotency_key: action.idempotencyKey ?? null,
      });
    return inserted.changes === 1;
  }

  countOpen(tenantId: string, actorUserId: string, now: Date): number {
    const row = this.db
      .prepare(`SELECT COUNT(*) AS n FROM pending_actions WHERE tenant_id = ? AND actor_user_id = ? AND state = 'pending' AND expires_at > ?`)
      .get(tenantId, actorUserId, now.toISOString()) as { n: number };
    return row.n;
  }

  purgeExpired(now: Date): number {
    return this.db.prepare(`DELETE FROM pending_actions WHERE state IN ('pending', 'denied') AND expires_at <= ?`).run(now.toISOString()).changes;
  }

  get(id: string): PendingAction | undefined {
    const row = this.db.prepare('SELECT * FROM pending_actions WHERE id = ?').get(id) as PendingActionRow | undefined;
    return row ? fromRow(row) : undefined;
  }

  findByIdempotencyKey(tenantId: string, idempotencyKey: string): PendingAction | undefined {
    const row = this.db.prepare('SELECT * FROM pending_actions WHERE tenant_id = ? AND idempotency_key = ?').get(tenantId, idempotencyKey) as PendingActionRow | undefined;
    return row ? fromRow(row) : undefined;
  }

  claim(id: string, claimId: string, now: Date, principal: SessionPrincipal, autoEnabled: boolean): PendingAction | undefined {
    const result = this.db
      .prepare(
        `UPDATE pending_actions SET state = 'running', claim_id = ?, claimed_at = ?, principal_object_id = ?, principal_upn = ?, principal_kind = ?, auto_enabled = ?
         WHERE id = ? AND state = 'pending' AND expires_at > ?`,
      )
      .run(claimId, now.toISOString(), principal.objectId, principal.userPrincipalName, principal.kind, autoEnabled ? 1 : 0, id, now.toISOString());
    return result.changes === 1 ? this.get(id) : undefined;
  }

  complete(id: string, claimId: string, state: FinalPendingActionState, result: PendingActionResult, now: Date): boolean {
    return (
      this.db
        .prepare(
          `UPDATE pending_actions SET state = ?, completed_at = ?, result_code = ?, result_summary = ?, result_reconciled = ?
           WHERE id = ? AND state = 'running' AND claim_id = ?`,
        )
        .run(state, now.toISOString(), result.code ?? null, result.summary, result.reconciled ? 1 : 0, id, claimId).changes === 1
    );
  }

  settle(id: string, from: PendingActionState, state: FinalPendingActionState, result: PendingActionResult, now: Date): boolean {
    return (
      this.db
        .prepare(
          `UPDATE pending_actions SET state = ?, completed_at = ?, result_code = ?, result_summary = ?, result_reconciled = ?
           WHERE id = ? AND state = ?`,
        )
        .run(state, now.toISOString(), result.code ?? null, result.summary, result.reconciled ? 1 : 0, id, from).changes === 1
    );
  }

  attachApproval(id: string, approvalRequestId: string, expiresAt: string, now: Date, replacing?: string): boolean {
    return (
      this.db
        .prepare(
          `UPDATE pending_actions SET approval_request_id = ?, expires_at = ?
           WHERE id = ? AND state = 'pending' AND expires_at > ? AND (approval_request_id IS NULL OR approval_request_id = ?)`,
        )
        .run(approvalRequestId, expiresAt, id, now.toISOString(), replacing ?? null).changes === 1
    );
  }

  listRunning(claimedBefore: Date): PendingAction[] {
    const rows = this.db
      .prepare(`SELECT * FROM pending_actions WHERE state = 'running' AND claimed_at <= ? ORDER BY claimed_at`)
      .all(claimedBefore.toISOString()) as PendingActionRow[];
    return rows.map(fromRow);
  }
}

function fromRow(row: PendingActionRow): PendingAction {
  const action: PendingAction = {
    id: row.id,
    tenantId: row.tenant_id,
    actor: { userId: row.actor_user_id, ...(row.actor_upn ? { upn: row.actor_upn } : {}), ...(row.actor_display_name ? { displayName: row.actor_display_name } : {}) },
    actionId: row.action_id as RunnableActionId,
    target: { userId: row.target_user_id, upn: row.target_upn, displayName: row.target_display_name },
    correlationId: row.correlation_id,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    state: row.state,
  };
  if (row.parameters) action.parameters = JSON.parse(row.parameters) as Record<string, string>;
  if (row.approval_request_id) action.approvalRequestId = row.approval_request_id;
  if (row.idempotency_key) action.idempotencyKey = row.idempotency_key;
  if (row.claim_id) action.claimId = row.claim_id;
  if (row.claimed_at) action.claimedAt = row.claimed_at;
  if (row.principal_object_id && row.principal_upn) {
    action.principal = { objectId: row.principal_object_id, userPrincipalName: row.principal_upn, kind: row.principal_kind === 'signedInAdmin' ? 'signedInAdmin' : 'serviceAccount' };
  }
  if (row.auto_enabled !== null) action.autoEnabled = row.auto_enabled === 1;
  if (row.completed_at) action.completedAt = row.completed_at;
  if (row.result_summary !== null) {
    action.result = { summary: row.result_summary, ...(row.result_code ? { code: row.result_code } : {}), ...(row.result_reconciled ? { reconciled: true } : {}) };
  }
  return action;
}

/**
 * Approval requests in SQLite (area 'approvals'). Decisions are one conditional
 * `UPDATE … WHERE state = 'pending' … RETURNING`, written in the same transaction as their
 * outbox rows; whoever gets a row back won, everyone else lost, across connections and processes.
 */
import type { Person } from '../../access/actor';
import type {
  ApprovalCardRef,
  ApprovalEvent,
  ApprovalOutboxItem,
  ApprovalOutboxKind,
  ApprovalRequest,
  ApprovalState,
} from '../../approvals/approval-request';
import type { JsonObject } from '../../ports/audit-log.port';
import type { ApprovalRepository, CloseTransition, StoredApprovalPolicy } from '../../ports/approval.repository.port';
import { DEFAULT_TENANT_SETTINGS } from '../../ports/tenant-settings.repository.port';
import { migrate, type SqliteDatabase } from './database';

const APPROVAL_MIGRATIONS: readonly string[] = [
  `CREATE TABLE approval_requests (
     tenant_id TEXT NOT NULL,
     id TEXT NOT NULL,
     kind TEXT NOT NULL,
     payload_json TEXT NOT NULL,
     requester_json TEXT NOT NULL,
     requester_id TEXT NOT NULL,
     state TEXT NOT NULL CHECK (state IN ('pending', 'approved', 'rejected', 'expired', 'cancelled')),
     created_at TEXT NOT NULL,
     expires_at TEXT NOT NULL,
     remind_at TEXT,
     reminded_at TEXT,
     decided_by_json TEXT,
     decided_at TEXT,
     self_approved INTEGER NOT NULL DEFAULT 0 CHECK (self_approved IN (0, 1)),
     correlation_id TEXT NOT NULL,
     PRIMARY KEY (tenant_id, id)
   );
   CREATE INDEX approval_requests_expiry ON approval_requests (state, expires_at);
   CREATE INDEX approval_requests_reminders ON approval_requests (state, remind_at);
   CREATE TABLE approval_cards (
     tenant_id TEXT NOT NULL,
     request_id TEXT NOT NULL,
     conversation_id TEXT NOT NULL,
     activity_id TEXT NOT NULL,
     attached_at TEXT NOT NULL,
     PRIMARY KEY (tenant_id, request_id, conversation_id, activity_id),
     FOREIGN KEY (tenant_id, request_id) REFERENCES approval_requests (tenant_id, id)
   );
   CREATE TABLE approval_outbox (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     tenant_id TEXT NOT NULL,
     request_id TEXT NOT NULL,
     kind TEXT NOT NULL CHECK (kind IN ('audit', 'effect', 'updateCard', 'notifyRequester')),
     event TEXT NOT NULL,
     correlation_id TEXT NOT NULL,
     conversation_id TEXT,
     activity_id TEXT,
     created_at TEXT NOT NULL,
     lease_until TEXT,
     attempts INTEGER NOT NULL DEFAULT 0
   );
   CREATE INDEX approval_outbox_by_kind ON approval_outbox (kind, lease_until);
   CREATE TABLE approval_policies (
     tenant_id TEXT PRIMARY KEY,
     policy TEXT NOT NULL CHECK (policy IN ('four-eyes', 'self-approve')),
     set_by_json TEXT NOT NULL,
     set_at TEXT NOT NULL
   );`,
  // The requester's own card is a copy too (issue 12): a cancel closes it with the others.
  `ALTER TABLE approval_cards ADD COLUMN audience TEXT NOT NULL DEFAULT 'approvers' CHECK (audience IN ('approvers', 'requester'));`,
];

interface RequestRow {
  tenant_id: string;
  id: string;
  kind: string;
  payload_json: string;
  requester_json: string;
  state: ApprovalState;
  created_at: string;
  expires_at: string;
  remind_at: string | null;
  reminded_at: string | null;
  decided_by_json: string | null;
  decided_at: string | null;
  self_approved: number;
  correlation_id: string;
}

interface OutboxRow {
  id: number;
  tenant_id: string;
  request_id: string;
  kind: ApprovalOutboxKind;
  event: ApprovalEvent;
  correlation_id: string;
  conversation_id: string | null;
  activity_id: string | null;
  created_at: string;
  attempts: number;
}

type FollowUps = readonly Exclude<ApprovalOutboxKind, 'updateCard'>[];

/**
 * The approval policy in force lives in `approval_policies` (ApprovalService reads it for every
 * decision). `tenant_settings.approval_policy` is an older copy of the same fact; until
 * TenantSettings stops carrying it, it is written in the same transaction, so the two never
 * disagree. A tenant without a settings row gets one with the defaults.
 */
const MIRROR_POLICY_INTO_SETTINGS = `
  INSERT INTO tenant_settings (tenant_id, mode, auto_enable, rotation_cron, rotation_time_zone, approval_policy, session_ttl_minutes, updated_at, updated_by)
  SELECT tenant_id, @mode, @autoEnable, @rotationCron, @rotationTimeZone, policy, @sessionTtlInMinutes, set_at, json_extract(set_by_json, '$.userId')
  FROM approval_policies WHERE (@tenantId IS NULL OR tenant_id = @tenantId)
  ON CONFLICT (tenant_id) DO UPDATE SET approval_policy = excluded.approval_policy WHERE approval_policy <> excluded.approval_policy`;

export class SqliteApprovalRepository implements ApprovalRepository {
  constructor(private readonly db: SqliteDatabase) {
    migrate(db, 'approvals', APPROVAL_MIGRATIONS);
    // Copies written before the two were kept together are brought in line once, at start.
    this.db.transaction(() => this.mirrorPolicies(null)).immediate();
  }

  async create(request: ApprovalRequest): Promise<void> {
    this.db.transaction(() => {
      this.db
        .prepare(
          `INSERT INTO approval_requests (tenant_id, id, kind, payload_json, requester_json, requester_id, state, created_at,
             expires_at, remind_at, self_approved, correlation_id)
           VALUES (?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?, 0, ?)`,
        )
        .run(
          request.tenantId, request.id, request.kind, JSON.stringify(request.payload), JSON.stringify(request.requester),
          request.requester.userId, request.createdAt, request.expiresAt, request.remindAt ?? null, request.correlationId,
        );
      this.enqueue(request.tenantId, request.id, ['audit'], 'created', request.correlationId, request.createdAt);
    })();
  }

  async get(tenantId: string, requestId: string): Promise<ApprovalRequest | undefined> {
    const row = this.db.prepare('SELECT * FROM approval_requests WHERE tenant_id = ? AND id = ?').get(tenantId, requestId) as RequestRow | undefined;
    return row ? this.toRequest(row) : undefined;
  }

  async listPending(tenantId: string, options: { kind?: string; limit?: number } = {}): Promise<ApprovalRequest[]> {
    const rows = this.db
      .prepare(`SELECT * FROM approval_requests WHERE tenant_id = ? AND state = 'pending' AND (? IS NULL OR kind = ?) ORDER BY created_at, id LIMIT ?`)
      .all(tenantId, options.kind ?? null, options.kind ?? null, options.limit ?? 100) as RequestRow[];
    return rows.map((row) => this.toRequest(row));
  }

  async close(tenantId: string, requestId: string, transition: CloseTransition): Promise<ApprovalRequest | undefined> {
    return this.db.transaction((): ApprovalRequest | undefined => {
      const row = this.db
        .prepare(
          `UPDATE approval_requests SET state = ?, decided_by_json = ?, decided_at = ?, self_approved = ?
           WHERE tenant_id = ? AND id = ? AND state = 'pending' AND expires_at > ?
           RETURNING *`,
        )
        .get(
          transition.state, JSON.stringify(transition.decidedBy), transition.decidedAt, transition.selfApproved ? 1 : 0,
          tenantId, requestId, transition.decidedAt,
        ) as RequestRow | undefined;
      if (!row) return undefined;
      this.enqueueClosed(row, transition.followUps, transition.state, transition.correlationId, transition.decidedAt);
      return this.toRequest(row);
    }).immediate();
  }

  async expireDue(now: string, followUps: FollowUps): Promise<ApprovalRequest[]> {
    return this.db.transaction((): ApprovalRequest[] => {
      const rows = this.db
        .prepare(`UPDATE approval_requests SET state = 'expired', decided_at = expires_at WHERE state = 'pending' AND expires_at <= ? RETURNING *`)
        .all(now) as RequestRow[];
      for (const row of rows) this.enqueueClosed(row, followUps, 'expired', row.correlation_id, now);
      return rows.map((row) => this.toRequest(row));
    }).immediate();
  }

  async claimDueReminders(now: string): Promise<ApprovalRequest[]> {
    const rows = this.db
      .prepare(
        `UPDATE approval_requests SET reminded_at = ?
         WHERE state = 'pending' AND remind_at IS NOT NULL AND remind_at <= ? AND reminded_at IS NULL AND expires_at > ?
         RETURNING *`,
      )
      .all(now, now, now) as RequestRow[];
    return rows.map((row) => this.toRequest(row));
  }

  async attachCard(tenantId: string, requestId: string, card: ApprovalCardRef, at: string): Promise<ApprovalRequest | undefined> {
    return this.db.transaction((): ApprovalRequest | undefined => {
      const row = this.db.prepare('SELECT * FROM approval_requests WHERE tenant_id = ? AND id = ?').get(tenantId, requestId) as RequestRow | undefined;
      if (!row) return undefined;
      const inserted = this.db
        .prepare('INSERT OR IGNORE INTO approval_cards (tenant_id, request_id, conversation_id, activity_id, attached_at, audience) VALUES (?, ?, ?, ?, ?, ?)')
        .run(tenantId, requestId, card.conversationId, card.activityId, at, card.audience ?? 'approvers').changes;
      // The card went out while (or after) the request was decided: it still must show the outcome.
      if (inserted === 1 && row.state !== 'pending') {
        this.insertOutbox(tenantId, requestId, 'updateCard', row.state as ApprovalEvent, row.correlation_id, at, card);
      }
      return this.toRequest(row);
    }).immediate();
  }

  async claimOutbox(options: { kinds: readonly ApprovalOutboxKind[]; now: string; leaseUntil: string; limit: number; tenantId?: string; requestId?: string }): Promise<ApprovalOutboxItem[]> {
    const kinds = JSON.stringify(options.kinds);
    const rows = this.db
      .prepare(
        `UPDATE approval_outbox SET lease_until = ?, attempts = attempts + 1
         WHERE id IN (
           SELECT id FROM approval_outbox
           WHERE kind IN (SELECT value FROM json_each(?)) AND (lease_until IS NULL OR lease_until <= ?)
             AND (? IS NULL OR tenant_id = ?) AND (? IS NULL OR request_id = ?)
           ORDER BY id LIMIT ?)
         RETURNING *`,
      )
      .all(
        options.leaseUntil, kinds, options.now, options.tenantId ?? null, options.tenantId ?? null,
        options.requestId ?? null, options.requestId ?? null, options.limit,
      ) as OutboxRow[];
    return rows.sort((a, b) => a.id - b.id).map(toOutboxItem);
  }

  async completeOutbox(id: number): Promise<void> {
    this.db.prepare('DELETE FROM approval_outbox WHERE id = ?').run(id);
  }

  async getPolicy(tenantId: string): Promise<StoredApprovalPolicy | undefined> {
    const row = this.db.prepare('SELECT policy, set_by_json, set_at FROM approval_policies WHERE tenant_id = ?').get(tenantId) as
      | { policy: StoredApprovalPolicy['policy']; set_by_json: string; set_at: string }
      | undefined;
    return row ? { policy: row.policy, setBy: JSON.parse(row.set_by_json) as Person, setAt: row.set_at } : undefined;
  }

  async setPolicy(tenantId: string, policy: StoredApprovalPolicy): Promise<void> {
    this.db.transaction(() => {
      this.db
        .prepare(
          `INSERT INTO approval_policies (tenant_id, policy, set_by_json, set_at) VALUES (?, ?, ?, ?)
           ON CONFLICT (tenant_id) DO UPDATE SET policy = excluded.policy, set_by_json = excluded.set_by_json, set_at = excluded.set_at`,
        )
        .run(tenantId, policy.policy, JSON.stringify(policy.setBy), policy.setAt);
      this.mirrorPolicies(tenantId);
    }).immediate();
  }

  /** Writes the policy of one tenant (or, with null, of all) into tenant_settings, when that table exists on this database. */
  private mirrorPolicies(tenantId: string | null): void {
    const settingsTable = this.db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'tenant_settings'`).get();
    if (!settingsTable) return;
    this.db.prepare(MIRROR_POLICY_INTO_SETTINGS).run({
      tenantId,
      mode: DEFAULT_TENANT_SETTINGS.mode,
      autoEnable: DEFAULT_TENANT_SETTINGS.autoEnable ? 1 : 0,
      rotationCron: DEFAULT_TENANT_SETTINGS.rotationCron,
      rotationTimeZone: DEFAULT_TENANT_SETTINGS.rotationTimeZone,
      sessionTtlInMinutes: DEFAULT_TENANT_SETTINGS.sessionTtlInMinutes,
    });
  }

  private enqueueClosed(row: RequestRow, followUps: FollowUps, event: ApprovalEvent, correlationId: string, at: string): void {
    this.enqueue(row.tenant_id, row.id, followUps, event, correlationId, at);
    const cards = this.db
      .prepare('SELECT conversation_id, activity_id FROM approval_cards WHERE tenant_id = ? AND request_id = ? ORDER BY attached_at, rowid')
      .all(row.tenant_id, row.id) as { conversation_id: string; activity_id: string }[];
    for (const card of cards) {
      this.insertOutbox(row.tenant_id, row.id, 'updateCard', event, correlationId, at, { conversationId: card.conversation_id, activityId: card.activity_id });
    }
  }

  private enqueue(tenantId: string, requestId: string, kinds: FollowUps, event: ApprovalEvent, correlationId: string, at: string): void {
    for (const kind of kinds) this.insertOutbox(tenantId, requestId, kind, event, correlationId, at);
  }

  private insertOutbox(tenantId: string, requestId: string, kind: ApprovalOutboxKind, event: ApprovalEvent, correlationId: string, at: string, card?: ApprovalCardRef): void {
    this.db
      .prepare(
        `INSERT INTO approval_outbox (tenant_id, request_id, kind, event, correlation_id, conversation_id, activity_id, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(tenantId, requestId, kind, event, correlationId, card?.conversationId ?? null, card?.activityId ?? null, at);
  }

  private toRequest(row: RequestRow): ApprovalRequest {
    const cards = this.db
      .prepare('SELECT conversation_id, activity_id, audience FROM approval_cards WHERE tenant_id = ? AND request_id = ? ORDER BY attached_at, rowid')
      .all(row.tenant_id, row.id) as { conversation_id: string; activity_id: string; audience: string }[];
    const request: ApprovalRequest = {
      id: row.id,
      tenantId: row.tenant_id,
      kind: row.kind,
      payload: JSON.parse(row.payload_json) as JsonObject,
      requester: JSON.parse(row.requester_json) as Person,
      createdAt: row.created_at,
      expiresAt: row.expires_at,
      state: row.state,
      selfApproved: row.self_approved === 1,
      correlationId: row.correlation_id,
      cards: cards.map((card) => ({
        conversationId: card.conversation_id,
        activityId: card.activity_id,
        ...(card.audience === 'requester' ? { audience: 'requester' as const } : {}),
      })),
    };
    if (row.remind_at) request.remindAt = row.remind_at;
    if (row.reminded_at) request.remindedAt = row.reminded_at;
    if (row.decided_by_json) request.decidedBy = JSON.parse(row.decided_by_json) as Person;
    if (row.decided_at) request.decidedAt = row.decided_at;
    return request;
  }
}

function toOutboxItem(row: OutboxRow): ApprovalOutboxItem {
  const item: ApprovalOutboxItem = {
    id: row.id,
    tenantId: row.tenant_id,
    requestId: row.request_id,
    kind: row.kind,
    event: row.event,
    correlationId: row.correlation_id,
    createdAt: row.created_at,
    attempts: row.attempts,
  };
  if (row.conversation_id && row.activity_id) item.card = { conversationId: row.conversation_id, activityId: row.activity_id };
  return item;
}

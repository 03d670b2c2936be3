/**
 * SQLite storage of cards that show a secret once (area 'shownOnceCards'): the card's address and
 * when to hide it. There is deliberately no column that could hold the secret.
 */
import type { ShownOnceCard, ShownOnceCardRepository, ShownOnceCardState } from '../../actions/shown-once-card.repository.port';
import { migrate, type SqliteDatabase } from './database';

const MIGRATIONS: readonly string[] = [
  `CREATE TABLE shown_once_cards (
    id TEXT PRIMARY KEY,
    tenant_id TEXT NOT NULL,
    conversation_id TEXT NOT NULL,
    activity_id TEXT NOT NULL,
    actor_user_id TEXT NOT NULL,
    pending_action_id TEXT NOT NULL,
    title TEXT NOT NULL,
    target_upn TEXT NOT NULL,
    target_display_name TEXT NOT NULL,
    shown_at TEXT NOT NULL,
    due_at TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('shown','redacted','abandoned')),
    attempts INTEGER NOT NULL DEFAULT 0,
    redacted_at TEXT
  );
  CREATE INDEX shown_once_cards_due ON shown_once_cards (state, due_at)`,
];

interface Row {
  id: string;
  tenant_id: string;
  conversation_id: string;
  activity_id: string;
  actor_user_id: string;
  pending_action_id: string;
  title: string;
  target_upn: string;
  target_display_name: string;
  shown_at: string;
  due_at: string;
  state: ShownOnceCardState;
  attempts: number;
  redacted_at: string | null;
}

export class SqliteShownOnceCardRepository implements ShownOnceCardRepository {
  constructor(private readonly db: SqliteDatabase) {
    migrate(db, 'shownOnceCards', MIGRATIONS);
  }

  add(card: ShownOnceCard): void {
    this.db
      .prepare(
        `INSERT INTO shown_once_cards (id, tenant_id, conversation_id, activity_id, actor_user_id, pending_action_id, title, target_upn, target_display_name,
           shown_at, due_at, state, attempts)
         VALUES (@id, @tenant_id, @conversation_id, @activity_id, @actor_user_id, @pending_action_id, @title, @target_upn, @target_display_name,
           @shown_at, @due_at, @state, @attempts)`,
      )
      .run({
        id: card.id,
        tenant_id: card.tenantId,
        conversation_id: card.conversationId,
        activity_id: card.activityId,
        actor_user_id: card.actorUserId,
        pending_action_id: card.pendingActionId,
        title: card.title,
        target_upn: card.targetUpn,
        target_display_name: card.targetDisplayName,
        shown_at: card.shownAt,
        due_at: card.dueAt,
        state: card.state,
        attempts: card.attempts,
      });
  }

  get(id: string): ShownOnceCard | undefined {
    const row = this.db.prepare('SELECT * FROM shown_once_cards WHERE id = ?').get(id) as Row | undefined;
    return row ? fromRow(row) : undefined;
  }

  listDue(now: Date, limit: number): ShownOnceCard[] {
    const rows = this.db.prepare(`SELECT * FROM shown_once_cards WHERE state = 'shown' AND due_at <= ? ORDER BY due_at LIMIT ?`).all(now.toISOString(), limit) as Row[];
    return rows.map(fromRow);
  }

  finish(id: string, state: Exclude<ShownOnceCardState, 'shown'>, now: Date): boolean {
    return this.db.prepare(`UPDATE shown_once_cards SET state = ?, redacted_at = ? WHERE id = ? AND state = 'shown'`).run(state, now.toISOString(), id).changes === 1;
  }

  recordFailure(id: string, retryAt: Date): void {
    this.db.prepare(`UPDATE shown_once_cards SET attempts = attempts + 1, due_at = ? WHERE id = ? AND state = 'shown'`).run(retryAt.toISOString(), id);
  }
}

function fromRow(row: Row): ShownOnceCard {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    conversationId: row.conversation_id,
    activityId: row.activity_id,
    actorUserId: row.actor_user_id,
    pendingActionId: row.pending_action_id,
    title: row.title,
    targetUpn: row.target_upn,
    targetDisplayName: row.target_display_name,
    shownAt: row.shown_at,
    dueAt: row.due_at,
    state: row.state,
    attempts: row.attempts,
    ...(row.redacted_at ? { redactedAt: row.redacted_at } : {}),
  };
}

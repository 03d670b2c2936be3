import type { ConversationAddress, ConversationReferenceStore, SaveReferenceResult, StoredConversationReference } from '../../ports/conversation-reference.port';
import { migrate, type SqliteDatabase } from './database';
import { BOTSTATE_AREA, botstateMigrations } from './botstate.migrations';

interface ReferenceRow {
  tenant_id: string;
  conversation_id: string;
  conversation_type: string | null;
  user_aad_object_id: string | null;
  reference: string;
  updated_at: string;
}

function toEntry(row: ReferenceRow): StoredConversationReference {
  return {
    tenantId: row.tenant_id,
    conversationId: row.conversation_id,
    conversationType: row.conversation_type ?? undefined,
    userAadObjectId: row.user_aad_object_id ?? undefined,
    reference: JSON.parse(row.reference) as ConversationAddress,
    updatedAt: row.updated_at,
  };
}

/** Conversation references in SQLite, so proactive messages survive a restart. Keyed by tenant + conversation. */
export class SqliteConversationReferenceStore implements ConversationReferenceStore {
  private readonly selectOne;
  private readonly selectPersonal;
  private readonly selectTenant;
  private readonly upsert;

  constructor(
    db: SqliteDatabase,
    private readonly now: () => Date = () => new Date(),
  ) {
    migrate(db, BOTSTATE_AREA, botstateMigrations);
    this.selectOne = db.prepare<[string, string], ReferenceRow>('SELECT * FROM conversation_references WHERE tenant_id = ? AND conversation_id = ?');
    this.selectPersonal = db.prepare<[string, string], ReferenceRow>(
      `SELECT * FROM conversation_references WHERE tenant_id = ? AND user_aad_object_id = ? AND conversation_type = 'personal'
       ORDER BY updated_at DESC LIMIT 1`,
    );
    this.selectTenant = db.prepare<[string], ReferenceRow>('SELECT * FROM conversation_references WHERE tenant_id = ? ORDER BY updated_at DESC');
    this.upsert = db.prepare(
      `INSERT INTO conversation_references (tenant_id, conversation_id, conversation_type, user_aad_object_id, reference, updated_at)
       VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (tenant_id, conversation_id) DO UPDATE SET conversation_type = excluded.conversation_type,
         user_aad_object_id = excluded.user_aad_object_id, reference = excluded.reference, updated_at = excluded.updated_at`,
    );
  }

  async save(entry: Omit<StoredConversationReference, 'updatedAt' | 'conversationId' | 'conversationType'>): Promise<SaveReferenceResult> {
    const conversation = entry.reference.conversation;
    if (!conversation?.id) throw new Error('A conversation reference needs conversation.id.');
    const conversationType = conversation.conversationType ?? undefined;
    const userAadObjectId = conversationType === 'personal' ? entry.userAadObjectId?.toLowerCase() : undefined;
    const json = JSON.stringify(entry.reference);
    const existing = this.selectOne.get(entry.tenantId, conversation.id);
    if (existing && existing.reference === json && (existing.user_aad_object_id ?? undefined) === userAadObjectId) return 'unchanged';
    this.upsert.run(entry.tenantId, conversation.id, conversationType ?? null, userAadObjectId ?? null, json, this.now().toISOString());
    return existing ? 'updated' : 'created';
  }

  async get(tenantId: string, conversationId: string): Promise<StoredConversationReference | undefined> {
    const row = this.selectOne.get(tenantId, conversationId);
    return row ? toEntry(row) : undefined;
  }

  async findPersonal(tenantId: string, userAadObjectId: string): Promise<StoredConversationReference | undefined> {
    const row = this.selectPersonal.get(tenantId, userAadObjectId.toLowerCase());
    return row ? toEntry(row) : undefined;
  }

  async listByTenant(tenantId: string): Promise<StoredConversationReference[]> {
    return this.selectTenant.all(tenantId).map(toEntry);
  }
}

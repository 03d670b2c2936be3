/**
 * Migrations of the 'botstate' area: botbuilder state documents, conversation references for
 * proactive messages, and processed activity ids. Released steps never change; append new ones.
 */
export const BOTSTATE_AREA = 'botstate';

export const botstateMigrations: readonly string[] = [
  `CREATE TABLE botstate_items (
     storage_key TEXT PRIMARY KEY,
     tenant_id TEXT NOT NULL,
     document TEXT NOT NULL,
     etag TEXT NOT NULL,
     updated_at TEXT NOT NULL
   );
   CREATE INDEX botstate_items_tenant ON botstate_items (tenant_id);

   CREATE TABLE conversation_references (
     tenant_id TEXT NOT NULL,
     conversation_id TEXT NOT NULL,
     conversation_type TEXT,
     user_aad_object_id TEXT,
     reference TEXT NOT NULL,
     updated_at TEXT NOT NULL,
     PRIMARY KEY (tenant_id, conversation_id)
   );
   CREATE INDEX conversation_references_user ON conversation_references (tenant_id, user_aad_object_id);

   CREATE TABLE processed_activities (
     tenant_id TEXT NOT NULL,
     activity_id TEXT NOT NULL,
     claimed_at INTEGER NOT NULL,
     PRIMARY KEY (tenant_id, activity_id)
   );
   CREATE INDEX processed_activities_claimed_at ON processed_activities (claimed_at);`,
  // A turn's claim records who runs it and whether it finished, so a redelivery of a turn cut by a
  // crash runs it again while a finished one stays answered (exactly once, not at most once).
  `ALTER TABLE processed_activities ADD COLUMN state TEXT NOT NULL DEFAULT 'done';
   ALTER TABLE processed_activities ADD COLUMN owner TEXT;`,
];

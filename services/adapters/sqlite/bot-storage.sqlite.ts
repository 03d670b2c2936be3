import { randomUUID } from 'node:crypto';
import type { Storage, StoreItems } from 'botbuilder';
import { AppError } from '../../errors';
import { tenantIdOfStorageKey } from '../botbuilder/tenant-storage-key';
import { migrate, type SqliteDatabase } from './database';
import { BOTSTATE_AREA, botstateMigrations } from './botstate.migrations';

interface ItemRow {
  storage_key: string;
  document: string;
  etag: string;
}

/**
 * botbuilder `Storage` on SQLite with optimistic concurrency, following MemoryStorage's contract:
 * - an item written with no eTag, or with `eTag: '*'`, overwrites (last write wins);
 * - an item written with an eTag must match the stored eTag, otherwise the write throws
 *   `STORAGE.ETAG_CONFLICT` (a new key is simply created);
 * - every write returns a fresh eTag on the next read.
 * Unlike MemoryStorage a batch is all-or-nothing: one conflict rolls the whole write back, so
 * conversation and user state never end up half-saved.
 *
 * Keys must be tenant-scoped (see `tenantStorageKey`) so every row carries its tenant id.
 */
export class SqliteStorage implements Storage {
  private readonly selectOne;
  private readonly upsert;
  private readonly updateIfMatch;
  private readonly deleteOne;

  constructor(
    private readonly db: SqliteDatabase,
    private readonly now: () => Date = () => new Date(),
  ) {
    migrate(db, BOTSTATE_AREA, botstateMigrations);
    this.selectOne = db.prepare<[string], ItemRow>('SELECT storage_key, document, etag FROM botstate_items WHERE storage_key = ?');
    this.upsert = db.prepare(
      `INSERT INTO botstate_items (storage_key, tenant_id, document, etag, updated_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (storage_key) DO UPDATE SET document = excluded.document, etag = excluded.etag, updated_at = excluded.updated_at`,
    );
    this.updateIfMatch = db.prepare('UPDATE botstate_items SET document = ?, etag = ?, updated_at = ? WHERE storage_key = ? AND etag = ?');
    this.deleteOne = db.prepare('DELETE FROM botstate_items WHERE storage_key = ?');
  }

  async read(keys: string[]): Promise<StoreItems> {
    if (!keys) throw new ReferenceError('Keys are required when reading.');
    const items: StoreItems = {};
    for (const key of keys) {
      const row = this.selectOne.get(key);
      if (row) items[key] = { ...(JSON.parse(row.document) as object), eTag: row.etag };
    }
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    if (!changes) throw new ReferenceError('Changes are required when writing.');
    this.db.transaction(() => {
      for (const [key, item] of Object.entries(changes)) this.writeOne(key, item as { eTag?: string });
    })();
  }

  async delete(keys: string[]): Promise<void> {
    if (!keys) throw new ReferenceError('Keys are required when deleting.');
    this.db.transaction(() => {
      for (const key of keys) this.deleteOne.run(key);
    })();
  }

  private writeOne(key: string, item: { eTag?: string }): void {
    const tenantId = tenantIdOfStorageKey(key);
    if (!tenantId) throw new AppError('STORAGE.UNSCOPED_KEY', 'bot state keys must start with tenants/<tenantId>/');
    const { eTag: expected, ...document } = item;
    const json = JSON.stringify(document);
    const fresh = randomUUID();
    const at = this.now().toISOString();
    if (!expected || expected === '*') {
      this.upsert.run(key, tenantId, json, fresh, at);
      return;
    }
    if (this.updateIfMatch.run(json, fresh, at, key, expected).changes === 1) return;
    if (this.selectOne.get(key)) {
      throw new AppError('STORAGE.ETAG_CONFLICT', 'the stored item changed since it was read', { details: { tenantId } });
    }
    this.upsert.run(key, tenantId, json, fresh, at);
  }
}

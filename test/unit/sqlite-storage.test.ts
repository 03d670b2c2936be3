import { AppError } from '../../services/errors';
import { tenantStorageKey } from '../../services/adapters/botbuilder/tenant-storage-key';
import { openDatabase, type SqliteDatabase } from '../../services/adapters/sqlite/database';
import { SqliteStorage } from '../../services/adapters/sqlite/bot-storage.sqlite';

describe('SqliteStorage', () => {
  let db: SqliteDatabase;
  let storage: SqliteStorage;
  const key = tenantStorageKey('tenant-a', 'msteams', 'conversations', 'conv-1');

  beforeEach(() => {
    db = openDatabase(':memory:');
    storage = new SqliteStorage(db);
  });
  afterEach(() => db.close());

  async function readOne(): Promise<{ count?: number; eTag?: string } | undefined> {
    return (await storage.read([key]))[key] as { count?: number; eTag?: string } | undefined;
  }

  it('when an item is written and read back, then the document round-trips with an eTag', async () => {
    await storage.write({ [key]: { count: 1, nested: { list: [1, 2] } } });
    expect(await readOne()).toEqual({ count: 1, nested: { list: [1, 2] }, eTag: expect.any(String) });
  });

  it('when an item is written with a stale eTag, then the write is rejected and the stored item is kept', async () => {
    await storage.write({ [key]: { count: 1 } });
    const first = await readOne();
    await storage.write({ [key]: { count: 2, eTag: first?.eTag } });

    await expect(storage.write({ [key]: { count: 99, eTag: first?.eTag } })).rejects.toMatchObject({ code: 'STORAGE.ETAG_CONFLICT' });
    expect((await readOne())?.count).toBe(2);
  });

  it('when an item is written with the fresh eTag, then the write is accepted and the eTag changes', async () => {
    await storage.write({ [key]: { count: 1 } });
    const first = await readOne();
    await storage.write({ [key]: { count: 2, eTag: first?.eTag } });
    const second = await readOne();
    expect(second?.count).toBe(2);
    expect(second?.eTag).not.toBe(first?.eTag);
  });

  it('when an item is written with eTag "*" or without an eTag, then it overwrites whatever is stored', async () => {
    await storage.write({ [key]: { count: 1 } });
    await storage.write({ [key]: { count: 2, eTag: '*' } });
    expect((await readOne())?.count).toBe(2);
    await storage.write({ [key]: { count: 3 } });
    expect((await readOne())?.count).toBe(3);
  });

  it('when one item of a batch conflicts, then no item of the batch is written', async () => {
    const other = tenantStorageKey('tenant-a', 'msteams', 'users', 'user-1');
    await storage.write({ [key]: { count: 1 } });
    const stale = (await readOne())?.eTag;
    await storage.write({ [key]: { count: 2 } });

    await expect(storage.write({ [other]: { name: 'new' }, [key]: { count: 3, eTag: stale } })).rejects.toBeInstanceOf(AppError);
    expect(await storage.read([other])).toEqual({});
  });

  it('when an item is deleted, then reading it returns nothing and a new write with an old eTag creates it', async () => {
    await storage.write({ [key]: { count: 1 } });
    const old = (await readOne())?.eTag;
    await storage.delete([key]);
    expect(await storage.read([key])).toEqual({});
    await storage.write({ [key]: { count: 5, eTag: old } });
    expect((await readOne())?.count).toBe(5);
  });

  it('when a key is not tenant-scoped, then the write is refused', async () => {
    await expect(storage.write({ 'msteams/conversations/x': { a: 1 } })).rejects.toMatchObject({ code: 'STORAGE.UNSCOPED_KEY' });
  });

  it('when an item is stored, then its row carries the tenant id', async () => {
    await storage.write({ [key]: { count: 1 } });
    expect(db.prepare('SELECT tenant_id FROM botstate_items').all()).toEqual([{ tenant_id: 'tenant-a' }]);
  });
});

import { openDatabase, type SqliteDatabase } from '../../services/adapters/sqlite/database';
import { SqliteProcessedActivityStore } from '../../services/adapters/sqlite/processed-activity.sqlite';

describe('SqliteProcessedActivityStore', () => {
  let db: SqliteDatabase;
  let now: number;
  let store: SqliteProcessedActivityStore;

  beforeEach(() => {
    db = openDatabase(':memory:');
    now = Date.parse('2025-01-06T09:00:00Z');
    store = new SqliteProcessedActivityStore(db, { retentionInMs: 60_000, now: () => now });
  });
  afterEach(() => db.close());

  it('when an activity is claimed twice, then only the first claim wins', async () => {
    expect(await store.tryClaim('tenant-a', 'activity-1')).toBe(true);
    expect(await store.tryClaim('tenant-a', 'activity-1')).toBe(false);
  });

  it('when two tenants use the same activity id, then each claims its own', async () => {
    expect(await store.tryClaim('tenant-a', 'activity-1')).toBe(true);
    expect(await store.tryClaim('tenant-b', 'activity-1')).toBe(true);
  });

  it('when claims are older than the retention, then pruning removes only those', async () => {
    await store.tryClaim('tenant-a', 'old');
    now += 61_000;
    await store.tryClaim('tenant-a', 'recent');
    expect(await store.prune()).toBe(1);
    expect(await store.tryClaim('tenant-a', 'recent')).toBe(false);
    expect(await store.tryClaim('tenant-a', 'old')).toBe(true);
  });

  it('when a second store opens the same database, then earlier claims still hold (restart)', async () => {
    await store.tryClaim('tenant-a', 'activity-1');
    const afterRestart = new SqliteProcessedActivityStore(db);
    expect(await afterRestart.tryClaim('tenant-a', 'activity-1')).toBe(false);
  });
});

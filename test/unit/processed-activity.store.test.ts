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

  it.each([
    ['a first delivery', [] as Array<[string, 'begin' | 'finish']>, 'process-1', 'first'],
    ['a redelivery while this process still runs the turn', [['process-1', 'begin']] as Array<[string, 'begin' | 'finish']>, 'process-1', 'duplicate'],
    ['a redelivery of a finished turn, to this process', [['process-1', 'begin'], ['process-1', 'finish']] as Array<[string, 'begin' | 'finish']>, 'process-1', 'duplicate'],
    ['a redelivery of a finished turn, to a restarted process', [['process-1', 'begin'], ['process-1', 'finish']] as Array<[string, 'begin' | 'finish']>, 'process-2', 'duplicate'],
    ['a redelivery of a turn a crashed process never finished', [['process-1', 'begin']] as Array<[string, 'begin' | 'finish']>, 'process-2', 'unfinished'],
  ])('when %s arrives, then the claim says so', async (_what, before, instanceId, expected) => {
    for (const [owner, step] of before) {
      if (step === 'begin') await store.beginTurn('tenant-a', 'activity-1', owner);
      else await store.finishTurn('tenant-a', 'activity-1');
    }
    expect(await store.beginTurn('tenant-a', 'activity-1', instanceId)).toBe(expected);
  });

  it('when a button marker and a turn share a key, then the marker is never taken over as a cut turn', async () => {
    expect(await store.tryClaim('tenant-a', 'rotation.retry:1')).toBe(true);
    expect(await store.beginTurn('tenant-a', 'rotation.retry:1', 'process-2')).toBe('duplicate');
  });
});

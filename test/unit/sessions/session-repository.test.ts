import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../../services/adapters/sqlite/database';
import { SqliteManagementSessionRepository } from '../../../services/adapters/sqlite/session.sqlite';

const NOW = new Date('2026-01-05T09:00:00Z');

describe('SqliteManagementSessionRepository', () => {
  it('when two writers compare-and-set from the same version, then only the first one lands', () => {
    const store = new SqliteManagementSessionRepository(openDatabase(':memory:'));
    const off = store.getOrCreate('t1', NOW);
    expect(off).toMatchObject({ state: 'OFF', version: 0, autoEnabled: false });

    const first = store.compareAndSet('t1', off, { state: 'ENABLING', mode: 'advanced', enabledBy: { userId: 'a', upn: 'a@x' }, autoEnabled: false, changedAt: NOW.toISOString(), attemptId: '1' });
    const second = store.compareAndSet('t1', off, { state: 'ENABLING', mode: 'advanced', enabledBy: { userId: 'b' }, autoEnabled: false, changedAt: NOW.toISOString(), attemptId: '2' });

    expect(first).toMatchObject({ state: 'ENABLING', version: 1, enabledBy: { userId: 'a', upn: 'a@x' }, attemptId: '1' });
    expect(second).toBeUndefined();
    expect(store.compareAndSet('t1', { state: 'OFF', version: 1 }, { state: 'ON', autoEnabled: false, changedAt: NOW.toISOString() })).toBeUndefined();
  });

  it('when the process restarts, then the session and its fields are read back as written, per tenant', () => {
    const dir = mkdtempSync(join(tmpdir(), 'msb-session-store-'));
    try {
      const path = join(dir, 'bot.sqlite');
      const db = openDatabase(path);
      const store = new SqliteManagementSessionRepository(db);
      const off = store.getOrCreate('t1', NOW);
      store.compareAndSet('t1', off, {
        state: 'ON',
        mode: 'default',
        principal: { objectId: 'p', userPrincipalName: 'p@x', kind: 'signedInAdmin' },
        enabledBy: { userId: 'a', displayName: 'Ada' },
        autoEnabled: true,
        enabledAt: NOW.toISOString(),
        expiresAt: '2026-01-05T10:00:00.000Z',
        lastError: { code: 'SESSION.X', message: 'm', at: NOW.toISOString() },
        changedAt: NOW.toISOString(),
        lastChangeReason: 'auto-enabled',
      });
      store.getOrCreate('t2', NOW);
      db.close();

      const reopened = new SqliteManagementSessionRepository(openDatabase(path));
      expect(reopened.getOrCreate('t1', NOW)).toEqual({
        tenantId: 't1',
        state: 'ON',
        version: 1,
        mode: 'default',
        principal: { objectId: 'p', userPrincipalName: 'p@x', kind: 'signedInAdmin' },
        enabledBy: { userId: 'a', displayName: 'Ada' },
        autoEnabled: true,
        enabledAt: NOW.toISOString(),
        expiresAt: '2026-01-05T10:00:00.000Z',
        lastError: { code: 'SESSION.X', message: 'm', at: NOW.toISOString() },
        changedAt: NOW.toISOString(),
        lastChangeReason: 'auto-enabled',
      });
      expect(reopened.getOrCreate('t2', NOW).state).toBe('OFF');
      expect(reopened.listExpired(new Date('2026-01-05T10:00:00Z')).map((s) => s.tenantId)).toEqual(['t1']);
      expect(reopened.listInStates(['ON', 'ENABLING']).map((s) => s.tenantId)).toEqual(['t1']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type SqliteDatabase } from '../../../services/adapters/sqlite/database';
import { SqliteProvisioningJournal } from '../../../services/adapters/sqlite/provisioning-journal.sqlite';
import { SqliteServiceAccountRepository } from '../../../services/adapters/sqlite/service-account.sqlite';
import { SqliteTenantSettingsRepository } from '../../../services/adapters/sqlite/tenant-settings.sqlite';
import { ManualClock } from '../../../services/ports/clock.port';
import type { ServiceAccountRecord } from '../../../services/ports/service-account.repository.port';
import { DEFAULT_TENANT_SETTINGS } from '../../../services/ports/tenant-settings.repository.port';
import { JournalConflictError } from '../../../services/service-account/provisioning-journal.port';

const A = 'tenant-a';
const B = 'tenant-b';

describe('SQLite repositories of the service-account area', () => {
  let dir: string;
  let path: string;
  let db: SqliteDatabase;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sa-repo-'));
    path = join(dir, 'bot.db');
    db = openDatabase(path);
  });

  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function reopen(): void {
    db.close();
    db = openDatabase(path);
  }

  describe('SqliteTenantSettingsRepository', () => {
    it('when a tenant was never configured, then it reads the defaults', () => {
      const settings = new SqliteTenantSettingsRepository(db, new ManualClock());
      expect(settings.get(A)).toMatchObject({ tenantId: A, ...DEFAULT_TENANT_SETTINGS });
    });

    it('when updated, then the change survives a reopen, stays in its tenant, and later patches keep earlier fields', () => {
      const clock = new ManualClock('2026-02-01T10:00:00Z');
      new SqliteTenantSettingsRepository(db, clock).update(A, { mode: 'advanced', autoEnable: true, adminChannelConversationId: '19:abc' }, 'admin-1');
      reopen();
      const settings = new SqliteTenantSettingsRepository(db, clock);
      clock.advance(60_000);
      const updated = settings.update(A, { rotationTimeZone: 'Europe/Amsterdam' }, 'admin-2');

      expect(updated).toMatchObject({ mode: 'advanced', autoEnable: true, rotationTimeZone: 'Europe/Amsterdam', adminChannelConversationId: '19:abc', updatedBy: 'admin-2', updatedAt: '2026-02-01T10:01:00.000Z' });
      expect(settings.get(A)).toEqual(updated);
      expect(settings.get(B).mode).toBe('none');
    });

    it('when the admin channel is unregistered, then it is removed', () => {
      const settings = new SqliteTenantSettingsRepository(db);
      settings.update(A, { adminChannelConversationId: '19:abc' });
      expect(settings.update(A, { adminChannelConversationId: undefined }).adminChannelConversationId).toBeUndefined();
      expect(settings.get(A).adminChannelConversationId).toBeUndefined();
    });

    it('when a value outside the schema is written, then the database refuses it', () => {
      const settings = new SqliteTenantSettingsRepository(db);
      expect(() => settings.update(A, { mode: 'turbo' as never })).toThrow(/CHECK constraint/);
    });
  });

  describe('SqliteServiceAccountRepository', () => {
    const record: ServiceAccountRecord = {
      tenantId: A,
      objectId: 'oid-1',
      userPrincipalName: 'mgmt-bot.admin@contoso.example',
      displayName: 'Management account',
      roleAssignmentIds: ['ra-1'],
      roleDefinitionIds: ['62e90394-69f5-4237-9190-012177145e10'],
      secretName: 'mgmt-sa-tenant-a',
      currentSecretVersion: 'v1',
      createdAt: '2026-01-05T09:00:00.000Z',
      createdBy: 'admin-1',
    };

    it('when saved, then it survives a reopen per tenant, optional fields included, and delete removes only that tenant', () => {
      const accounts = new SqliteServiceAccountRepository(db);
      accounts.save(record);
      accounts.save({ ...record, tenantId: B, objectId: 'oid-b', pendingSecretVersion: 'v2', lastRotationAt: '2026-01-12T03:00:00.000Z', nextRotationAt: '2026-01-19T03:00:00.000Z' });
      reopen();
      const reopened = new SqliteServiceAccountRepository(db);
      expect(reopened.get(A)).toEqual(record);
      expect(reopened.get(B)).toMatchObject({ objectId: 'oid-b', pendingSecretVersion: 'v2', nextRotationAt: '2026-01-19T03:00:00.000Z' });
      reopened.save({ ...record, currentSecretVersion: 'v3' });
      expect(reopened.get(A)?.currentSecretVersion).toBe('v3');
      reopened.delete(A);
      expect(reopened.get(A)).toBeUndefined();
      expect(reopened.get(B)).toBeDefined();
    });

    it('when the table is inspected, then no column could hold a password', () => {
      new SqliteServiceAccountRepository(db);
      const columns = (db.prepare("SELECT name FROM pragma_table_info('service_accounts')").all() as Array<{ name: string }>).map((c) => c.name);
      expect(columns.filter((c) => /password|secret_value|value/.test(c))).toEqual([]);
    });
  });

  describe('SqliteProvisioningJournal', () => {
    const person = { userId: 'admin-1' };

    it('when checkpoints are written, then the operation and its history survive a reopen in order', () => {
      const journal = new SqliteProvisioningJournal(db);
      journal.start({ operationId: 'op-1', tenantId: A, kind: 'serviceAccount.create', state: { step: 0 }, startedBy: person, at: 't0' });
      journal.recordIntent('op-1', 'account.creating', { step: 1 }, 't1');
      journal.recordFailure('op-1', 'SERVICE_ACCOUNT.THROTTLED', 't2');
      reopen();
      const reopened = new SqliteProvisioningJournal(db);
      expect(reopened.findOpen(A, 'serviceAccount.create')).toMatchObject({ status: 'failed', checkpoint: 'account.creating', state: { step: 1 }, lastErrorCode: 'SERVICE_ACCOUNT.THROTTLED', startedBy: person });
      reopened.recordDone('op-1', 'account.created', { step: 2 }, 't3');
      expect(reopened.get('op-1')?.status).toBe('running');
      reopened.close('op-1', 'completed', { step: 3 }, 't4');
      expect(reopened.findOpen(A, 'serviceAccount.create')).toBeUndefined();
      expect(reopened.entries('op-1').map((e) => `${e.checkpoint}/${e.phase}${e.code ? `/${e.code}` : ''}`)).toEqual([
        'started/done',
        'account.creating/intent',
        'account.creating/failed/SERVICE_ACCOUNT.THROTTLED',
        'account.created/done',
        'completed/closed',
      ]);
    });

    it('when a second operation of the same kind is opened for a tenant, then it is refused; other tenants and kinds are independent', () => {
      const journal = new SqliteProvisioningJournal(db);
      journal.start({ operationId: 'op-1', tenantId: A, kind: 'serviceAccount.create', state: {}, startedBy: person, at: 't0' });
      expect(() => journal.start({ operationId: 'op-2', tenantId: A, kind: 'serviceAccount.create', state: {}, startedBy: person, at: 't0' })).toThrow(JournalConflictError);
      journal.start({ operationId: 'op-3', tenantId: B, kind: 'serviceAccount.create', state: {}, startedBy: person, at: 't0' });
      journal.start({ operationId: 'op-4', tenantId: A, kind: 'serviceAccount.disable', state: {}, startedBy: person, at: 't0' });
      expect(journal.listOpen().map((op) => op.operationId)).toEqual(['op-1', 'op-3', 'op-4']);
    });

    it('when a closed operation is checkpointed, then the write is refused', () => {
      const journal = new SqliteProvisioningJournal(db);
      journal.start({ operationId: 'op-1', tenantId: A, kind: 'mode.switch', state: {}, startedBy: person, at: 't0' });
      journal.close('op-1', 'cancelled', {}, 't1');
      expect(() => journal.recordDone('op-1', 'late', {}, 't2')).toThrow(/not open/);
    });
  });
});

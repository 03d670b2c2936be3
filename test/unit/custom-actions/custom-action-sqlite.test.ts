/**
 * Issue 14: custom action versions and their history in SQLite. A version reads back as it was
 * written; every read is by tenant, so the same name in two tenants is two actions; a commit is
 * all-or-nothing and conditional on the state and revision its writer read; at most one open and
 * one live version per action; and the store survives a reopen.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteCustomActionRepository } from '../../../services/adapters/sqlite/custom-action.sqlite';
import { openDatabase, type SqliteDatabase } from '../../../services/adapters/sqlite/database';
import type { CustomActionHistoryEntry, CustomActionVersion } from '../../../services/custom-actions/custom-action.types';
import { validateCustomActionDefinition } from '../../../services/custom-actions/custom-action-parser';
import { COST_CENTER_YAML } from './support/definitions';

const TENANT_A = '11111111-aaaa-4aaa-8aaa-000000000001';
const TENANT_B = '22222222-bbbb-4bbb-8bbb-000000000002';
const ada = { userId: 'u-ada', upn: 'ada@contoso.com', displayName: 'Ada Admin' };
const bea = { userId: 'u-bea', upn: 'bea@contoso.com', displayName: 'Bea Backup' };
const definition = validateCustomActionDefinition(COST_CENTER_YAML).definition!;

function draft(tenantId: string, overrides: Partial<CustomActionVersion> = {}): CustomActionVersion {
  return {
    tenantId,
    name: 'set-cost-center',
    version: 1,
    state: 'draft',
    revision: 1,
    definition,
    createdBy: ada,
    createdAt: '2026-03-02T09:00:00.000Z',
    updatedBy: ada,
    updatedAt: '2026-03-02T09:00:00.000Z',
    authors: [ada],
    ...overrides,
  };
}

function line(version: CustomActionVersion, event: CustomActionHistoryEntry['event'], overrides: Partial<CustomActionHistoryEntry> = {}): CustomActionHistoryEntry {
  return {
    tenantId: version.tenantId,
    name: version.name,
    version: version.version,
    at: '2026-03-02T09:00:00.000Z',
    actor: ada,
    event,
    toState: version.state,
    revision: version.revision,
    changes: [],
    correlationId: `c-${event}`,
    ...overrides,
  };
}

describe('SqliteCustomActionRepository', () => {
  let dir: string;
  let db: SqliteDatabase;
  let repository: SqliteCustomActionRepository;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'msb-custom-actions-'));
    db = openDatabase(join(dir, 'bot.sqlite'));
    repository = new SqliteCustomActionRepository(db);
  });

  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('when a fully stamped version and its history are committed, then they read back exactly, after a reopen too', async () => {
    const version = draft(TENANT_A, {
      state: 'disabled',
      revision: 3,
      authors: [ada, bea],
      submittedBy: ada,
      submittedAt: '2026-03-02T10:00:00.000Z',
      approvedBy: bea,
      approvedAt: '2026-03-02T11:00:00.000Z',
      selfApproved: false,
      publishedBy: ada,
      publishedAt: '2026-03-02T12:00:00.000Z',
      disabledBy: bea,
      disabledAt: '2026-03-02T13:00:00.000Z',
      disabledReason: 'Wrong cost centers',
    });
    const history = [line(version, 'created', { changes: ['new: PATCH /users/{id}'] }), line(version, 'disabled', { fromState: 'published', note: 'Wrong cost centers' })];

    await expect(repository.commit({ insert: version, updates: [], history })).resolves.toBe(true);
    db.close();
    db = openDatabase(join(dir, 'bot.sqlite'));
    repository = new SqliteCustomActionRepository(db);

    expect(await repository.listVersions(TENANT_A, 'set-cost-center')).toEqual([version]);
    expect(await repository.listHistory(TENANT_A, 'set-cost-center')).toEqual(history);
  });

  it('when two tenants use the same name, then each sees only its own action and history', async () => {
    const a = draft(TENANT_A);
    const b = draft(TENANT_B, { createdBy: bea, updatedBy: bea, authors: [bea] });
    await repository.commit({ insert: a, updates: [], history: [line(a, 'created')] });
    await repository.commit({ insert: b, updates: [], history: [line(b, 'created', { actor: bea })] });

    expect(await repository.listVersions(TENANT_A, 'set-cost-center')).toEqual([a]);
    expect(await repository.listTenant(TENANT_B)).toEqual([b]);
    expect((await repository.listHistory(TENANT_B, 'set-cost-center')).map((entry) => entry.actor.userId)).toEqual([bea.userId]);
    expect(await repository.listVersions('33333333-cccc-4ccc-8ccc-000000000003', 'set-cost-center')).toEqual([]);
  });

  it("when an update names another tenant's version, then nothing changes in either tenant", async () => {
    const a = draft(TENANT_A);
    await repository.commit({ insert: a, updates: [], history: [] });

    const stored = await repository.commit({ updates: [{ expected: { state: 'draft', revision: 1 }, next: { ...a, tenantId: TENANT_B, state: 'submitted' } }], history: [line(a, 'submitted', { tenantId: TENANT_B })] });

    expect(stored).toBe(false);
    expect((await repository.listVersions(TENANT_A, 'set-cost-center'))[0]?.state).toBe('draft');
    expect(await repository.listHistory(TENANT_B, 'set-cost-center')).toEqual([]);
  });

  it('when two writers commit from the same read, then the first wins and the second changes nothing (not even history)', async () => {
    const a = draft(TENANT_A);
    await repository.commit({ insert: a, updates: [], history: [line(a, 'created')] });
    const submitted = { ...a, state: 'submitted' as const, submittedBy: ada, submittedAt: '2026-03-02T10:00:00.000Z' };
    const edited = { ...a, revision: 2, definition: { ...definition, title: 'Changed' } };

    expect(await repository.commit({ updates: [{ expected: { state: 'draft', revision: 1 }, next: submitted }], history: [line(submitted, 'submitted')] })).toBe(true);
    expect(await repository.commit({ updates: [{ expected: { state: 'draft', revision: 1 }, next: edited }], history: [line(edited, 'edited')] })).toBe(false);

    expect(await repository.listVersions(TENANT_A, 'set-cost-center')).toEqual([submitted]);
    expect((await repository.listHistory(TENANT_A, 'set-cost-center')).map((entry) => entry.event)).toEqual(['created', 'submitted']);
  });

  it('when one update of a commit fails, then the others are rolled back with it', async () => {
    const live = draft(TENANT_A, { state: 'published', publishedBy: ada, publishedAt: '2026-03-02T09:30:00.000Z' });
    const next = draft(TENANT_A, { version: 2, state: 'approved', approvedBy: bea, approvedAt: '2026-03-02T10:00:00.000Z' });
    await repository.commit({ insert: live, updates: [], history: [] });
    await repository.commit({ insert: next, updates: [], history: [] });

    const stored = await repository.commit({
      updates: [
        { expected: { state: 'published', revision: 1 }, next: { ...live, state: 'superseded', supersededAt: '2026-03-02T11:00:00.000Z' } },
        { expected: { state: 'approved', revision: 7 }, next: { ...next, state: 'published' } },
      ],
      history: [line(next, 'published')],
    });

    expect(stored).toBe(false);
    expect((await repository.listVersions(TENANT_A, 'set-cost-center')).map((v) => [v.version, v.state])).toEqual([
      [2, 'approved'],
      [1, 'published'],
    ]);
  });

  it('when a second open or live version, or the same version twice, is inserted, then the insert is refused', async () => {
    await repository.commit({ insert: draft(TENANT_A), updates: [], history: [] });
    expect(await repository.commit({ insert: draft(TENANT_A), updates: [], history: [] })).toBe(false);
    expect(await repository.commit({ insert: draft(TENANT_A, { version: 2 }), updates: [], history: [] })).toBe(false);

    await repository.commit({ insert: draft(TENANT_A, { name: 'other', state: 'published' }), updates: [], history: [] });
    expect(await repository.commit({ insert: draft(TENANT_A, { name: 'other', version: 2, state: 'disabled' }), updates: [], history: [] })).toBe(false);
    expect(await repository.commit({ insert: draft(TENANT_A, { name: 'other', version: 2, state: 'draft' }), updates: [], history: [] })).toBe(true);
  });

  it('when the history is long, then a limit returns the newest lines, oldest first', async () => {
    const a = draft(TENANT_A);
    const events: CustomActionHistoryEntry['event'][] = ['created', 'edited', 'submitted', 'rejected', 'edited'];
    await repository.commit({ insert: a, updates: [], history: events.map((event, index) => line(a, event, { revision: index + 1 })) });
    expect((await repository.listHistory(TENANT_A, 'set-cost-center', { limit: 2 })).map((entry) => [entry.event, entry.revision])).toEqual([
      ['rejected', 4],
      ['edited', 5],
    ]);
  });
});

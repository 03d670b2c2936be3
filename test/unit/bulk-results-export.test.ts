/**
 * A bulk action's per-user results file in isolation: the CSV rows read back from the job store
 * (names, results and reasons in the cards' words, formula-safe), another tenant's job, the
 * pending-export store's migration (older rows stay audit exports), and the summary card's
 * "Download results (CSV)" button against the Adaptive Card 1.5 schema.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDatabase, type SqliteDatabase } from '../../services/adapters/sqlite/database';
import { SqliteBulkJobRepository } from '../../services/adapters/sqlite/bulk-job.sqlite';
import { SqlitePendingAuditExportStore } from '../../services/adapters/sqlite/pending-audit-export.sqlite';
import { BULK_RESULTS_CSV_COLUMNS, BulkResultsCsv } from '../../services/actions/bulk/bulk-results-csv';
import { readBulkProgress } from '../../services/actions/bulk/bulk-progress';
import { parseCsv } from '../../services/audit/csv';
import { bulkProgressCard } from '../../dialogs/actions/bulk-views';
import { libraryErrors, schemaErrors } from '../support/adaptive-card-validation';
import { seedFinishedBulkJob, type FinishedItem } from '../support/bulk/finished-bulk-job';

const TENANT = '11111111-2222-3333-4444-555555555555';
const OTHER_TENANT = '99999999-8888-4777-8666-555555555555';
const JOB_ID = '3f2504e0-4f89-41d3-9a0c-0305e82c3401';
const preparer = { userId: '00000004-aaaa-4bbb-8ccc-000000000004', upn: 'olga@contoso.test', displayName: 'Olga Operator' };

const items: FinishedItem[] = [
  { userId: 'u-1', upn: 'alex@contoso.test', displayName: 'Alex Wilber', state: 'succeeded' },
  { userId: 'u-2', upn: 'sally@contoso.test', displayName: 'Sally Sales', state: 'failed', code: 'DIRECTORY.NOT_FOUND', attempts: 3 },
  { userId: 'u-3', upn: 'mark@contoso.test', displayName: 'Mark Marketing', state: 'skipped', code: 'ACCESS.NOT_IN_SCOPE' },
  { userId: 'u-4', upn: 'pat@contoso.test', displayName: '=HYPERLINK("https://evil.example","click")', state: 'unknown', code: 'ACTION.OUTCOME_UNKNOWN' },
  { userId: 'u-5', upn: 'gina@contoso.test', displayName: 'Gina Global', state: 'skipped', code: 'ACCESS.PRIVILEGED_TARGET' },
  { userId: 'u-6', upn: 'ray@contoso.test', displayName: 'Ray Refused', state: 'failed', code: 'Request_Unsupported' },
];

describe('the per-user results file of a bulk job', () => {
  let db: SqliteDatabase;
  let results: BulkResultsCsv;

  beforeEach(() => {
    db = openDatabase(':memory:');
    const jobs = new SqliteBulkJobRepository(db);
    seedFinishedBulkJob(jobs, { id: JOB_ID, tenantId: TENANT, actor: preparer, items, at: new Date('2026-03-02T09:00:00.000Z') });
    results = new BulkResultsCsv(jobs);
  });
  afterEach(() => db.close());

  it("when a job ran, then the CSV has one row per user, in the job's order, with the result and the reason in the cards' words", () => {
    const job = results.job(TENANT, JOB_ID)!;
    expect(job).toEqual({ jobId: JOB_ID, tenantId: TENANT, preparerId: preparer.userId, title: 'Block sign-in', selection: 'department Sales' });
    const file = results.file(job);
    expect(file.fileName).toBe('bulk-results-block-sign-in-2026-03-02-3f2504e0.csv');
    expect(file.contentType).toBe('text/csv; charset=utf-8');
    expect(file.rowCount).toBe(items.length);

    const [header, ...rows] = parseCsv(file.content);
    expect(header).toEqual([...BULK_RESULTS_CSV_COLUMNS]);
    expect(rows).toEqual([
      ['Alex Wilber', 'alex@contoso.test', 'succeeded', '', '', '1', 'u-1'],
      ['Sally Sales', 'sally@contoso.test', 'failed', 'the user no longer exists', 'DIRECTORY.NOT_FOUND', '3', 'u-2'],
      ['Mark Marketing', 'mark@contoso.test', 'skipped', 'out of scope', 'ACCESS.NOT_IN_SCOPE', '0', 'u-3'],
      ['=HYPERLINK("https://evil.example","click")', 'pat@contoso.test', 'outcome unknown', "sent, but I can't tell whether it took effect", 'ACTION.OUTCOME_UNKNOWN', '1', 'u-4'],
      ['Gina Global', 'gina@contoso.test', 'skipped', 'privileged', 'ACCESS.PRIVILEGED_TARGET', '0', 'u-5'],
      // A code the cards have no words for is "not done", with Graph's code beside it for the admin.
      ['Ray Refused', 'ray@contoso.test', 'failed', 'not done', 'Request_Unsupported', '1', 'u-6'],
    ]);
    // A spreadsheet opens the display name as text, not as a formula.
    expect(file.content).toContain(`"'=HYPERLINK(""https://evil.example"",""click"")"`);
  });

  it("when the summary card lists the users not changed, then it uses the same words as the file", () => {
    const jobs = new SqliteBulkJobRepository(db);
    const progress = readBulkProgress(jobs, jobs.get(JOB_ID)!, 'Block sign-in');
    const text = JSON.stringify(bulkProgressCard(progress));
    expect(text).toContain('Sally Sales (sally@contoso.test): failed, the user no longer exists');
    expect(text).toContain('Mark Marketing (mark@contoso.test): skipped, out of scope');
  });

  it("when another tenant names the job, then it is not found there", () => {
    expect(results.job(OTHER_TENANT, JOB_ID)).toBeUndefined();
    expect(results.job(TENANT, '00000000-0000-4000-8000-000000000000')).toBeUndefined();
  });
});

describe('the summary card of a finished bulk job', () => {
  let db: SqliteDatabase;
  beforeEach(() => {
    db = openDatabase(':memory:');
  });
  afterEach(() => db.close());

  it.each(['done', 'cancelled'] as const)('when the job is %s, then the card offers "Download results (CSV)" with the job id only, as a valid Adaptive Card 1.5', (end) => {
    const jobs = new SqliteBulkJobRepository(db);
    const job = seedFinishedBulkJob(jobs, { id: JOB_ID, tenantId: TENANT, actor: preparer, items, at: new Date('2026-03-02T09:00:00.000Z'), end });
    const card = bulkProgressCard(readBulkProgress(jobs, job, 'Block sign-in'));
    expect(schemaErrors(card)).toEqual([]);
    expect(libraryErrors(card)).toEqual([]);
    expect(card.actions).toEqual([{ type: 'Action.Execute', title: 'Download results (CSV)', verb: 'bulk.export', style: 'default', data: { jobId: JOB_ID } }]);
  });

  it('when the job is still running, then the card offers Cancel and no download yet', () => {
    const jobs = new SqliteBulkJobRepository(db);
    jobs.create(
      { id: JOB_ID, tenantId: TENANT, actor: preparer, actionId: 'user.blockSignIn', selection: 'department Sales', correlationId: 'c-1', createdAt: '2026-03-02T09:00:00.000Z', expiresAt: '2026-03-02T09:15:00.000Z', state: 'awaiting-confirmation' },
      [{ userId: 'u-1', upn: 'alex@contoso.test', displayName: 'Alex Wilber', state: 'pending' }],
    );
    jobs.start(JOB_ID, { idempotencyKey: 'k', now: new Date('2026-03-02T09:01:00.000Z'), principal: { objectId: 'svc-1', userPrincipalName: 'mgmt-bot.admin@contoso.test', kind: 'serviceAccount' } });
    const card = bulkProgressCard(readBulkProgress(jobs, jobs.get(JOB_ID)!, 'Block sign-in'));
    expect((card.actions as Array<{ title: string }>).map((action) => action.title)).toEqual(['Cancel']);
  });
});

describe('pending exports stored before bulk results existed', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'pending-exports-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('when the store is opened on a database of the first schema, then its rows are audit exports, and bulk results are stored beside them', async () => {
    const file = path.join(dir, 'bot.db');
    const before = openDatabase(file);
    // The first schema, as a bot of the previous release left it.
    before.exec(`CREATE TABLE pending_audit_exports (
       tenant_id TEXT NOT NULL, id TEXT NOT NULL, owner_id TEXT NOT NULL,
       format TEXT NOT NULL CHECK (format IN ('csv', 'json')), from_day TEXT, to_day TEXT,
       delivery TEXT NOT NULL CHECK (delivery IN ('fileConsent', 'link')),
       state TEXT NOT NULL CHECK (state IN ('offered', 'accepted', 'delivered', 'declined')),
       created_at TEXT NOT NULL, expires_at TEXT NOT NULL, PRIMARY KEY (tenant_id, id));
     CREATE INDEX pending_audit_exports_expiry ON pending_audit_exports (expires_at);`);
    before.prepare(`INSERT INTO schema_migrations (area, version, applied_at) VALUES ('audit-exports', 1, '2026-01-01T00:00:00.000Z')`).run();
    before
      .prepare(`INSERT INTO pending_audit_exports VALUES (?, 'old-1', 'owner-1', 'json', '2026-01-01', NULL, 'link', 'offered', '2026-01-05T09:00:00.000Z', '2026-01-05T09:10:00.000Z')`)
      .run(TENANT);
    before.close();

    const db = openDatabase(file);
    try {
      const store = new SqlitePendingAuditExportStore(db);
      expect(await store.get(TENANT, 'old-1')).toEqual({
        id: 'old-1', tenantId: TENANT, ownerId: 'owner-1', kind: 'audit', format: 'json', from: '2026-01-01',
        delivery: 'link', state: 'offered', createdAt: '2026-01-05T09:00:00.000Z', expiresAt: '2026-01-05T09:10:00.000Z',
      });
      const bulk = {
        id: 'new-1', tenantId: TENANT, ownerId: preparer.userId, kind: 'bulkResults' as const, jobId: JOB_ID, format: 'csv' as const,
        delivery: 'fileConsent' as const, state: 'offered' as const, createdAt: '2026-03-02T09:03:00.000Z', expiresAt: '2026-03-02T09:13:00.000Z',
      };
      await store.create(bulk);
      expect(await store.get(TENANT, 'new-1')).toEqual(bulk);
      expect(await store.get(OTHER_TENANT, 'new-1')).toBeUndefined();
    } finally {
      db.close();
    }
  });
});

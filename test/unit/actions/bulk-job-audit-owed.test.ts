/**
 * A bulk item settled on disk is owed its audit record until the record is written. A process
 * killed between the two (the crash test saw it: a user blocked, no record) leaves the item in
 * `unaudited`, which the runner writes first when it resumes the job. Reopened from the file, as
 * after a restart.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteBulkJobRepository } from '../../../services/adapters/sqlite/bulk-job.sqlite';
import { openDatabase } from '../../../services/adapters/sqlite/database';
import type { BulkJob } from '../../../services/actions/bulk/bulk-job.types';

describe('bulk items owed an audit record', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'bulk-audit-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const job: BulkJob = {
    id: 'job-1',
    tenantId: '11111111-2222-3333-4444-555555555555',
    actor: { userId: 'admin-1', displayName: 'Ada Admin' },
    actionId: 'user.blockSignIn',
    selection: 'department Sales',
    correlationId: 'corr-1',
    createdAt: '2026-12-02T09:00:00.000Z',
    expiresAt: '2026-12-02T09:10:00.000Z',
    state: 'awaiting-confirmation',
  };
  const items = ['u1', 'u2', 'u3', 'u4'].map((userId) => ({ userId, upn: `${userId}@contoso.test`, displayName: userId, state: 'pending' as const }));

  it('when items settle and the process dies before their records are written, then after a restart exactly those are owed, and none once written', () => {
    const file = join(dir, 'bot.db');
    const first = openDatabase(file);
    const before = new SqliteBulkJobRepository(first);
    before.create(job, items);
    before.markSending(job.id, ['u1', 'u2', 'u3', 'u4'], Date.parse('2026-12-02T09:01:00.000Z'));
    before.settle(job.id, [
      { userId: 'u1', state: 'succeeded' },
      { userId: 'u2', state: 'failed', code: 'DIRECTORY.NOT_FOUND' },
      // Throttled: sent again later, nothing to audit yet.
      { userId: 'u3', state: 'pending', notBefore: Date.parse('2026-12-02T09:02:00.000Z') },
    ]);
    before.markAudited(job.id, ['u1']);
    // The kill: u2's record was never written.
    first.close();

    const after = new SqliteBulkJobRepository(openDatabase(file));
    expect(after.unaudited(job.id).map((item) => [item.userId, item.state, item.code])).toEqual([['u2', 'failed', 'DIRECTORY.NOT_FOUND']]);
    after.markAudited(job.id, ['u2']);
    expect(after.unaudited(job.id)).toEqual([]);
    // A later settlement of a retried item is owed again.
    after.settle(job.id, [{ userId: 'u3', state: 'succeeded' }]);
    expect(after.unaudited(job.id).map((item) => item.userId)).toEqual(['u3']);
  });
});

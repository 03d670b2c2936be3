/**
 * Issue 11, finding 8 (denials) and the unknown-user finding: a flood of denials by one user
 * writes a bounded number of audit records, every denial is still refused, the records that
 * are written account for all of them, and a user Entra does not know is told so.
 */
import { NOT_IN_DIRECTORY_MESSAGE } from '../../../services/access/authorization.service';
import { ENTRY_POINTS } from '../../../services/access/capabilities';
import { DEFAULT_DENIAL_AUDIT_LIMITS, DENIAL_BURST_ACTION, DenialAuditLimiter } from '../../../services/access/denial-audit-limiter';
import { MAX_INLINE_EXPORT_BYTES } from '../../../bot/access/audit-export';
import { ManualClock } from '../../../services/ports/clock.port';
import { DirectoryError, type DirectoryGroupRef } from '../../../services/ports/directory.port';
import type { AuditEntry, AuditRecord, AuditWriter } from '../../../services/ports/audit-log.port';
import { InMemoryDirectory } from '../../support/fakes/in-memory-directory';
import { buildHarness, tempDatabase, type AccessHarness } from './support/access-harness';
import { actor, people, seedContoso, TENANT_A } from './support/contoso';

/** Graph answers GET /users/{id}/transitiveMemberOf with 404 for a user it does not know; so does this directory. */
class GraphLikeDirectory extends InMemoryDirectory {
  override async listTransitiveMemberships(tenantId: string, userId: string): Promise<DirectoryGroupRef[]> {
    if (!(await this.getUser(tenantId, userId))) throw new DirectoryError('DIRECTORY.NOT_FOUND', 'Resource does not exist', { status: 404 });
    return super.listTransitiveMemberships(tenantId, userId);
  }
}

/** An audit that keeps what it was given and can fail its next append, as a full disk would. */
class RecordingAudit implements AuditWriter {
  readonly entries: AuditEntry[] = [];
  failNext = false;

  async append(entry: AuditEntry): Promise<AuditRecord> {
    if (this.failNext) {
      this.failNext = false;
      throw new Error('disk full');
    }
    this.entries.push(entry);
    return { ...entry, sequence: this.entries.length, recordedAt: '', details: entry.details ?? {}, previousHash: '', hash: '' };
  }
}

const stranger = actor(TENANT_A, { userId: 'u-stranger-0000', upn: 'stranger@elsewhere.example', displayName: 'Stranger' });
const uma = actor(TENANT_A, people.uma);
const WINDOW_IN_MS = 60_000;

describe('denials under a flood', () => {
  let dbPath: string;
  let cleanup: () => void;
  let directory: GraphLikeDirectory;
  let clock: ManualClock;
  let h: AccessHarness;

  beforeEach(() => {
    ({ dbPath, cleanup } = tempDatabase());
    directory = new GraphLikeDirectory();
    seedContoso(directory, TENANT_A);
    clock = new ManualClock('2026-03-02T09:00:00Z');
    h = buildHarness({ dbPath, directory, clock });
  });

  afterEach(() => {
    h.close();
    cleanup();
  });

  async function recordsOf(userId: string): Promise<AuditRecord[]> {
    const records: AuditRecord[] = [];
    let before: number | undefined;
    for (;;) {
      const page = await h.audit.list(TENANT_A, { limit: 100, ...(before ? { before } : {}) });
      records.push(...page.records);
      if (!page.nextBefore) break;
      before = page.nextBefore;
    }
    return records.reverse().filter((record) => record.actor.userId === userId);
  }

  function accountedFor(records: readonly AuditRecord[]): number {
    return records.reduce((sum, record) => sum + (record.action === DENIAL_BURST_ACTION ? Number(record.details.notRecorded) : 1), 0);
  }

  describe('a user unknown to the directory', () => {
    it('when they ask for an admin command or an action, then they are told they are not known in the directory (not that Entra is down), and the denial is audited as a role refusal', async () => {
      const admin = await h.authorization.authorize(stranger, 'settings.view', undefined, { correlationId: 'who-1' });
      const action = await h.authorization.authorize(stranger, 'user.blockSignIn', { userId: 'sam@contoso.com' }, { correlationId: 'who-2' });

      expect(admin).toEqual({ allowed: false, reason: 'ACCESS.TENANT_ADMIN_REQUIRED', message: NOT_IN_DIRECTORY_MESSAGE, whoCanHelp: expect.any(Array) });
      expect(action).toMatchObject({ allowed: false, reason: 'ACCESS.NOT_OPERATOR', message: NOT_IN_DIRECTORY_MESSAGE });
      expect(NOT_IN_DIRECTORY_MESSAGE).toContain("You're not known in this organization's directory");
      expect(NOT_IN_DIRECTORY_MESSAGE).not.toContain("couldn't check access");
      expect((await recordsOf(stranger.userId)).map((r) => [r.correlationId, r.result.code, r.details.actorInDirectory])).toEqual([
        ['who-1', 'ACCESS.TENANT_ADMIN_REQUIRED', false],
        ['who-2', 'ACCESS.NOT_OPERATOR', false],
      ]);
    });

    it('when Entra is really unavailable, then a known user is still refused with the outage message (fail closed)', async () => {
      directory.failWith('DIRECTORY.UNAVAILABLE', ['listTransitiveMemberships']);
      const decision = await h.authorization.authorize(uma, 'settings.view');
      expect(decision).toMatchObject({ allowed: false, reason: 'ACCESS.DIRECTORY_UNAVAILABLE', message: expect.stringContaining("couldn't check access with Microsoft Entra") });
    });

    it('when a known user without a role asks, then the message stays the usual one', async () => {
      await expect(h.authorization.authorize(uma, 'settings.view')).resolves.toMatchObject({ allowed: false, message: expect.stringContaining('Only tenant admins') });
    });
  });

  describe('audit flooding', () => {
    it('when an unknown user sends 1,000 denied commands, then each is refused, 10 are recorded as before, one summary accounts for the rest, and a day\'s export still fits a chat message', async () => {
      const decisions = [];
      for (let i = 0; i < 1000; i += 1) decisions.push(await h.authorization.authorize(stranger, 'operator.list', undefined, { correlationId: `flood-${i}` }));
      expect(decisions.every((decision) => !decision.allowed && decision.message === NOT_IN_DIRECTORY_MESSAGE)).toBe(true);

      const during = await recordsOf(stranger.userId);
      // The first denials are recorded exactly as before: one record each, under the reference the card shows.
      expect(during.map((r) => [r.action, r.correlationId, r.result.code])).toEqual(
        Array.from({ length: 10 }, (_, i) => ['operator.list', `flood-${i}`, 'ACCESS.TENANT_ADMIN_REQUIRED']),
      );

      clock.advance(WINDOW_IN_MS + 1);
      await h.authorization.authorize(stranger, 'operator.list', undefined, { correlationId: 'after' });
      const after = await recordsOf(stranger.userId);
      expect(after).toHaveLength(12);
      expect(after[10]).toMatchObject({
        action: DENIAL_BURST_ACTION,
        correlationId: 'flood-999',
        result: { outcome: 'denied', code: 'ACCESS.TENANT_ADMIN_REQUIRED' },
        details: { deniedAction: 'operator.list', notRecorded: 990, recordedInFull: 10, windowStartedAt: '2026-03-02T09:00:00.000Z', windowEndedAt: '2026-03-02T09:01:00.000Z' },
      });
      expect(after[11]).toMatchObject({ action: 'operator.list', correlationId: 'after' });
      expect(accountedFor(after)).toBe(1001);

      for (const format of ['csv', 'json'] as const) {
        const day = await h.audit.export(TENANT_A, { from: '2026-03-02', to: '2026-03-02', format });
        expect(Buffer.byteLength(day.content, 'utf8')).toBeLessThan(MAX_INLINE_EXPORT_BYTES);
        // Recorded one by one, the flood alone would not have fitted.
        expect((Buffer.byteLength(day.content, 'utf8') / day.recordCount) * 1000).toBeGreaterThan(MAX_INLINE_EXPORT_BYTES);
      }
      await expect(h.audit.verify(TENANT_A)).resolves.toMatchObject({ ok: true });
    });

    it('when a user tries every command and button once, then every denial is recorded in full; when they keep going, the records per window stay bounded and the summaries account for the rest', async () => {
      let denied = 0;
      const firstPass: string[] = [];
      for (let pass = 0; pass < 5; pass += 1) {
        for (const [index, entry] of ENTRY_POINTS.entries()) {
          const correlationId = `pass-${pass}-${index}`;
          const decision = await h.authorization.authorize(stranger, entry.capability, { userId: 'sam@contoso.com' }, { correlationId });
          if (decision.allowed) continue;
          denied += 1;
          if (pass === 0) firstPass.push(correlationId);
        }
      }
      const during = await recordsOf(stranger.userId);
      expect(during.slice(0, firstPass.length).map((r) => r.correlationId)).toEqual(firstPass);
      expect(during.length).toBeLessThanOrEqual(DEFAULT_DENIAL_AUDIT_LIMITS.maxPerUser);

      clock.advance(WINDOW_IN_MS + 1);
      await h.authorization.flushDenialSummaries();
      expect(accountedFor(await recordsOf(stranger.userId))).toBe(denied);
    });

    it('when a user goes quiet after a burst, then the scheduled flush writes its summary once', async () => {
      for (let i = 0; i < 15; i += 1) await h.authorization.authorize(stranger, 'audit.view', undefined, { correlationId: `quiet-${i}` });
      await expect(h.authorization.flushDenialSummaries()).resolves.toBe(0); // the window is still open

      clock.advance(WINDOW_IN_MS);
      await expect(h.authorization.flushDenialSummaries()).resolves.toBe(1);
      await expect(h.authorization.flushDenialSummaries()).resolves.toBe(0);
      const records = await recordsOf(stranger.userId);
      expect(records.map((r) => r.action)).toEqual([...Array(10).fill('audit.view'), DENIAL_BURST_ACTION]);
      expect(records.at(-1)?.details).toMatchObject({ notRecorded: 5, deniedAction: 'audit.view' });
    });

    it('when one user floods, then another user\'s denials are still recorded in full', async () => {
      for (let i = 0; i < 50; i += 1) await h.authorization.authorize(stranger, 'settings.view');
      await h.authorization.authorize(uma, 'settings.view', undefined, { correlationId: 'uma-1' });
      expect((await recordsOf(uma.userId)).map((r) => r.correlationId)).toEqual(['uma-1']);
      expect(await recordsOf(stranger.userId)).toHaveLength(10);
    });
  });

  it('when the audit fails while a summary is written, then the count is kept and the summary is written on the next try', async () => {
    const audit = new RecordingAudit();
    const limiter = new DenialAuditLimiter(audit, clock, { maxPerKind: 2 });
    const denial = (i: number) => ({ tenantId: TENANT_A, actor: { userId: stranger.userId }, action: 'operator.list', code: 'ACCESS.TENANT_ADMIN_REQUIRED', correlationId: `d-${i}` });
    const admitted = [];
    for (let i = 0; i < 5; i += 1) admitted.push(await limiter.admit(denial(i)));
    expect(admitted).toEqual([true, true, false, false, false]);

    clock.advance(WINDOW_IN_MS);
    audit.failNext = true;
    await expect(limiter.flush()).rejects.toThrow('disk full');
    await expect(limiter.flush()).resolves.toBe(1);
    expect(audit.entries).toEqual([expect.objectContaining({ action: DENIAL_BURST_ACTION, correlationId: 'd-4', details: expect.objectContaining({ notRecorded: 3 }) })]);
  });
});

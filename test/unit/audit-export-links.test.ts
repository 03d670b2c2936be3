/**
 * The audit export's delivery rules in isolation: link tokens (sign, verify, tamper, key change),
 * the pending-export store's compare-and-set, and every variant of the export card against the
 * Adaptive Card 1.5 schema.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { renderAuditExportCard, type AuditExportView } from '../../cards';
import { openDatabase } from '../../services/adapters/sqlite/database';
import { SqlitePendingAuditExportStore } from '../../services/adapters/sqlite/pending-audit-export.sqlite';
import { linkKeyFrom, signLinkToken, verifyLinkToken } from '../../services/audit/audit-export-link-token';
import type { PendingAuditExport } from '../../services/audit/audit-export-store.port';
import { libraryErrors, schemaErrors } from '../support/adaptive-card-validation';

const TENANT = '11111111-2222-3333-4444-555555555555';
const claims = { exportId: '3f2504e0-4f89-41d3-9a0c-0305e82c3301', tenantId: TENANT, userId: '00000006-aaaa-4bbb-8ccc-000000000006', expiresAtMs: Date.parse('2026-01-05T09:10:00Z') };

describe('audit export link tokens', () => {
  const key = linkKeyFrom('k'.repeat(40));

  it('when a token is signed, then it verifies to the same claims and names no secret', () => {
    const token = signLinkToken(key, claims);
    expect(verifyLinkToken([key], token)).toEqual({ ok: true, claims });
    expect(token).not.toContain('k'.repeat(8));
    expect(token).toMatch(/^v1\.[0-9a-f]{12}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
  });

  it.each([
    ['another key with the same id', (token: string) => token, [{ id: key.id, key: Buffer.from('x'.repeat(40)) }], 'bad-signature'],
    ['a changed payload', (token: string) => token.replace(/\.([^.]+)\.([^.]+)$/, (_m, payload: string, sig: string) => `.${payload.slice(0, -1)}A.${sig}`), undefined, 'bad-signature'],
    ['a missing part', (token: string) => token.split('.').slice(0, 3).join('.'), undefined, 'malformed'],
    ['a key this process does not hold', (token: string) => token, [linkKeyFrom(undefined)], 'unknown-key'],
  ] as const)('when verified with %s, then it is refused', (_case, change, keys, reason) => {
    const token = change(signLinkToken(key, claims));
    expect(verifyLinkToken(keys ?? [key], token)).toMatchObject({ ok: false, reason });
  });

  it('when no key is configured, then each process draws its own, with its own id', () => {
    expect(linkKeyFrom(undefined).id).not.toBe(linkKeyFrom(undefined).id);
    expect(linkKeyFrom('k'.repeat(40)).id).toBe(key.id);
  });
});

describe('pending audit exports in SQLite', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'audit-exports-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const pending: PendingAuditExport = {
    id: claims.exportId,
    tenantId: TENANT,
    ownerId: claims.userId,
    kind: 'audit',
    format: 'csv',
    from: '2026-01-01',
    delivery: 'fileConsent',
    state: 'offered',
    createdAt: '2026-01-05T09:00:00.000Z',
    expiresAt: '2026-01-05T09:10:00.000Z',
  };

  it('when the process restarts, then the export is still there, in its own tenant only, and one accept wins', async () => {
    const file = path.join(dir, 'bot.db');
    const first = openDatabase(file);
    await new SqlitePendingAuditExportStore(first).create(pending);
    first.close();

    const db = openDatabase(file);
    const store = new SqlitePendingAuditExportStore(db);
    expect(await store.get(TENANT, pending.id)).toEqual(pending);
    expect(await store.get('99999999-8888-4777-8666-555555555555', pending.id)).toBeUndefined();
    expect(await store.transition(TENANT, pending.id, ['offered'], 'accepted')).toBe(true);
    expect(await store.transition(TENANT, pending.id, ['offered'], 'accepted')).toBe(false);
    expect(await store.deleteExpired('2026-01-05T09:09:59.000Z')).toBe(0);
    expect(await store.deleteExpired('2026-01-06T00:00:00.000Z')).toBe(1);
    db.close();
  });
});

describe('the audit export card', () => {
  const base: AuditExportView = { fileName: `audit-${TENANT}-2026-01-05T09-00-00-000Z.csv`, format: 'csv', recordCount: 120, from: '2026-01-01', expiresAt: '2026-01-05T09:10:00.000Z', validFor: '10 minutes' };
  const variants: Array<[string, AuditExportView]> = [
    ['file consent', { ...base, delivery: 'fileConsent' }],
    ['link', { ...base, delivery: 'link', downloadUrl: 'https://bot.contoso.com/api/audit-exports/v1.abc.def.ghi' }],
    ['show link (group chat or channel)', { ...base, delivery: 'showLink', exportId: claims.exportId }],
    ['declined', { format: 'csv', delivery: 'declined' }],
    ['refused', { format: 'csv', delivery: 'refused', reason: 'This audit export has expired.', nextStep: 'Type "export audit" to get a new one.', correlationId: claims.exportId }],
  ];

  it.each(variants)('when rendered for %s, then it is a valid Adaptive Card 1.5 with a next step and the expiry in the viewer\'s time', (_name, view) => {
    const card = renderAuditExportCard(view);
    expect(schemaErrors(card)).toEqual([]);
    expect(libraryErrors(card)).toEqual([]);
    // The file-consent summary's next step is Teams' own Allow / Decline card sent with it.
    if (view.delivery !== 'fileConsent') expect((card.actions as unknown[]).length).toBeGreaterThan(0);
    const text = JSON.stringify(card);
    if (['fileConsent', 'link', 'showLink'].includes(view.delivery ?? '')) expect(text).toContain('for 10 minutes, until {{TIME(2026-01-05T09:10:00Z)}} on {{DATE(2026-01-05T09:10:00Z, SHORT)}}');
    // No raw ISO timestamp outside the card's own time functions.
    expect(text.replace(/\{\{(?:TIME|DATE)\([^)]*\)\}\}/g, '')).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
  });
});

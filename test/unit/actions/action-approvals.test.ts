/**
 * The tenant's approval rules for operators' actions (stored in tenant settings, surviving a
 * reopen), and which approval counts for a pending action: only a request of the right kind, in
 * the same tenant, by the same person, about this very action.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../../services/adapters/sqlite/database';
import { SqliteTenantSettingsRepository } from '../../../services/adapters/sqlite/tenant-settings.sqlite';
import { ACTION_RUN_APPROVAL, ActionApprovalRules, approvalStanding, DEFAULT_BULK_APPROVAL_THRESHOLD } from '../../../services/actions/action-approvals';
import { ActionError } from '../../../services/actions/action-errors';
import { ActionRegistry } from '../../../services/actions/action-registry';
import type { ApprovalRequest } from '../../../services/approvals/approval-request';
import type { Actor } from '../../../services/access/actor';
import type { AuditEntry } from '../../../services/ports/audit-log.port';

const TENANT = 'tenant-a';
const OTHER_TENANT = 'tenant-b';

describe('action approval rules', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'action-approvals-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const open = () => {
    const db = openDatabase(path.join(dir, 'bot.db'));
    return { db, rules: new ActionApprovalRules(new SqliteTenantSettingsRepository(db), new ActionRegistry()) };
  };

  it('when nothing was chosen, then each action follows its default and the bulk size is 50', () => {
    const { db, rules } = open();
    expect(rules.requiresApproval(TENANT, 'user.resetPassword')).toBe(true);
    expect(rules.requiresApproval(TENANT, 'user.blockSignIn')).toBe(false);
    expect(rules.requiresApproval(TENANT, 'user.noSuchAction')).toBe(true);
    expect(rules.bulkThreshold(TENANT)).toBe(DEFAULT_BULK_APPROVAL_THRESHOLD);
    db.close();
  });

  it('when a tenant chooses, then only that tenant changes, and the choice survives a reopen', () => {
    const first = open();
    first.rules.setRequired(TENANT, 'user.resetPassword', false, 'admin');
    first.rules.setRequired(TENANT, 'user.blockSignIn', true, 'admin');
    first.rules.setBulkThreshold(TENANT, 5, 'admin');
    first.db.close();
    const { db, rules } = open();
    expect([rules.requiresApproval(TENANT, 'user.resetPassword'), rules.requiresApproval(TENANT, 'user.blockSignIn'), rules.bulkThreshold(TENANT)]).toEqual([false, true, 5]);
    expect([rules.requiresApproval(OTHER_TENANT, 'user.resetPassword'), rules.requiresApproval(OTHER_TENANT, 'user.blockSignIn'), rules.bulkThreshold(OTHER_TENANT)]).toEqual([true, false, 50]);
    expect(rules.choices(TENANT).find((c) => c.actionId === 'user.resetPassword')).toMatchObject({ required: false, byDefault: true });
    db.close();
  });

  it.each([0, -1, 1.5, Number.NaN, 10_001])('when the bulk size is %p, then it is refused and nothing changes', (value) => {
    const { db, rules } = open();
    expect(() => rules.setBulkThreshold(TENANT, value, 'admin')).toThrow(ActionError);
    expect(rules.bulkThreshold(TENANT)).toBe(50);
    db.close();
  });

  it('when someone without the tenant admin capability chooses, then it is refused and nothing is recorded', async () => {
    const db = openDatabase(path.join(dir, 'bot.db'));
    const audit: AuditEntry[] = [];
    const rules = new ActionApprovalRules(new SqliteTenantSettingsRepository(db), new ActionRegistry(), {
      authorization: { require: async () => Promise.reject(new Error('ACCESS.TENANT_ADMIN_REQUIRED')) },
      audit: { append: async (entry: AuditEntry) => void audit.push(entry) } as never,
    });
    const operator = { tenantId: TENANT, userId: 'operator' } as Actor;
    await expect(rules.choose(operator, 'user.resetPassword', false)).rejects.toThrow('ACCESS.TENANT_ADMIN_REQUIRED');
    await expect(rules.chooseBulkThreshold(operator, 1)).rejects.toThrow('ACCESS.TENANT_ADMIN_REQUIRED');
    expect([rules.requiresApproval(TENANT, 'user.resetPassword'), rules.bulkThreshold(TENANT), audit]).toEqual([true, 50, []]);
    db.close();
  });
});

describe('which approval counts for a pending action', () => {
  const request = (overrides: Partial<ApprovalRequest> = {}): ApprovalRequest => ({
    id: 'req-1',
    tenantId: TENANT,
    kind: ACTION_RUN_APPROVAL,
    payload: { pendingActionId: 'pending-1' },
    requester: { userId: 'operator' },
    createdAt: '2026-01-05T09:00:00.000Z',
    expiresAt: '2026-01-06T09:00:00.000Z',
    state: 'approved',
    selfApproved: false,
    correlationId: 'c',
    cards: [],
    ...overrides,
  });
  const subject = { tenantId: TENANT, requesterUserId: 'operator', approvalRequestId: 'req-1' };
  const standingWith = (stored: ApprovalRequest | undefined, subjectOverrides = {}) =>
    approvalStanding({ get: async () => stored }, { ...subject, ...subjectOverrides }, ACTION_RUN_APPROVAL, 'pendingActionId', 'pending-1');

  it('when the approval is for this action, by its preparer, then it counts', async () => {
    expect((await standingWith(request())).state).toBe('approved');
    expect((await standingWith(request({ state: 'pending' }))).state).toBe('pending');
    expect((await standingWith(request({ state: 'rejected' }))).state).toBe('closed');
  });

  it.each([
    ['another pending action', request({ payload: { pendingActionId: 'pending-2' } })],
    ['another kind', request({ kind: 'bulk.run' })],
    ['another tenant', request({ tenantId: OTHER_TENANT })],
    ['another requester', request({ requester: { userId: 'someone-else' } })],
    ['no request at all', undefined],
  ])('when the approval is for %s, then it does not count', async (_, stored) => {
    expect((await standingWith(stored)).state).toBe('none');
  });

  it('when the action names no approval request, then none counts', async () => {
    expect((await standingWith(request(), { approvalRequestId: undefined })).state).toBe('none');
  });
});

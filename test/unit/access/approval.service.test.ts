import { AccessDeniedError } from '../../../services/access/access-errors';
import { SqliteApprovalRepository } from '../../../services/adapters/sqlite/approval.sqlite';
import { ApprovalError } from '../../../services/approvals/approval-errors';
import { ApprovalHandlerRegistry } from '../../../services/approvals/approval-handler.registry';
import { ApprovalMaintenance, type MaintenanceResult } from '../../../services/approvals/approval-maintenance';
import type { ApprovalRequest } from '../../../services/approvals/approval-request';
import { ManualClock } from '../../../services/ports/clock.port';
import type { AuditRecord } from '../../../services/ports/audit-log.port';
import { InMemoryDirectory } from '../../support/fakes/in-memory-directory';
import { buildHarness, tempDatabase, type AccessHarness } from './support/access-harness';
import { actor, GROUP_ROLE_HOLDERS, people, seedContoso, targets, TENANT_A, TENANT_B } from './support/contoso';

const HOUR = 3_600_000;
const ada = actor(TENANT_A, people.ada);
const pria = actor(TENANT_A, people.pria);
const gus = actor(TENANT_A, { userId: targets.gus.id, upn: targets.gus.userPrincipalName, displayName: targets.gus.displayName });
const olga = actor(TENANT_A, people.olga);
const adaOfB = actor(TENANT_B, people.ada);

/** Stands in for the mode-switch feature: what it did is visible in `modeOf`. */
class FakeModeFeature {
  readonly modeOf = new Map<string, string>();
  readonly closedNotices: string[] = [];
  failNext: { code: string } | undefined;

  register(registry: ApprovalHandlerRegistry): void {
    registry.register({
      kind: 'mode.change',
      requestCapability: 'mode.change',
      validatePayload: (payload) => {
        if (payload.to !== 'advanced' && payload.to !== 'default') throw new Error('to must be advanced or default');
      },
      onApproved: async (request) => {
        await new Promise((resolve) => setImmediate(resolve));
        if (this.failNext) {
          const failure = Object.assign(new Error('switch failed'), this.failNext);
          this.failNext = undefined;
          throw failure;
        }
        this.modeOf.set(request.tenantId, String(request.payload.to));
      },
      onClosed: async (request) => {
        this.closedNotices.push(`${request.id}:${request.state}`);
      },
    });
  }
}

describe('ApprovalService', () => {
  let dbPath: string;
  let cleanup: () => void;
  let directory: InMemoryDirectory;
  let clock: ManualClock;
  let feature: FakeModeFeature;
  let registry: ApprovalHandlerRegistry;
  let h: AccessHarness;
  const open: AccessHarness[] = [];

  function start(): AccessHarness {
    // As the composition root wires it: Entra's complete list of tenant admins decides the single-admin rule.
    const harness = buildHarness({ dbPath, directory, clock, handlers: registry, roleOptions: { tenantAdminRoster: directory } });
    open.push(harness);
    return harness;
  }

  function restart(): void {
    h.close();
    open.splice(open.indexOf(h), 1);
    registry = new ApprovalHandlerRegistry();
    feature.register(registry);
    h = start();
  }

  beforeEach(() => {
    ({ dbPath, cleanup } = tempDatabase());
    directory = new InMemoryDirectory();
    seedContoso(directory, TENANT_A);
    seedContoso(directory, TENANT_B);
    clock = new ManualClock('2026-01-05T09:00:00Z');
    feature = new FakeModeFeature();
    registry = new ApprovalHandlerRegistry();
    feature.register(registry);
    h = start();
  });

  afterEach(() => {
    for (const harness of open.splice(0)) harness.close();
    cleanup();
  });

  async function auditOf(tenantId: string, requestId?: string): Promise<AuditRecord[]> {
    const records = (await h.audit.list(tenantId, { limit: 100 })).records.reverse();
    return requestId ? records.filter((r) => r.target?.id === requestId) : records;
  }

  async function requestModeChange(by = ada): Promise<ApprovalRequest> {
    return h.approvals.create(by, { kind: 'mode.change', payload: { from: 'default', to: 'advanced' } });
  }

  describe('creating', () => {
    it('when a tenant admin asks, then a pending request exists with a 24 h expiry, a reminder before it, and one audit record', async () => {
      const request = await requestModeChange();
      expect(request).toMatchObject({ state: 'pending', requester: people.ada, createdAt: '2026-01-05T09:00:00.000Z', expiresAt: '2026-01-06T09:00:00.000Z', remindAt: '2026-01-06T07:00:00.000Z' });
      await expect(h.approvals.get(TENANT_A, request.id)).resolves.toMatchObject({ state: 'pending' });
      expect((await auditOf(TENANT_A, request.id)).map((r) => [r.action, r.actor.userId])).toEqual([['approval.create', people.ada.userId]]);
    });

    it('when someone without the kind\'s capability asks, then nothing is stored and the refusal is audited', async () => {
      await expect(requestModeChange(olga)).rejects.toBeInstanceOf(AccessDeniedError);
      await expect(h.approvals.listPending(TENANT_A)).resolves.toEqual([]);
      expect((await auditOf(TENANT_A)).map((r) => [r.action, r.result.code])).toEqual([['mode.change', 'ACCESS.TENANT_ADMIN_REQUIRED']]);
    });

    it('when the payload holds a secret, the kind is unknown, the payload is invalid, or the expiry is absurd, then the request is refused with a stable code', async () => {
      const create = (input: Parameters<typeof h.approvals.create>[1]): Promise<unknown> => h.approvals.create(ada, input).catch((e: unknown) => e);
      expect(await create({ kind: 'mode.change', payload: { to: 'advanced', password: 'Hunter2!Hunter2!' } })).toMatchObject({ code: 'APPROVAL.PAYLOAD_REJECTED' });
      expect(await create({ kind: 'mode.change', payload: { to: 'advanced', note: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl' } })).toMatchObject({ code: 'APPROVAL.PAYLOAD_REJECTED' });
      expect(await create({ kind: 'mode.change', payload: { to: 'sideways' } })).toMatchObject({ code: 'APPROVAL.PAYLOAD_REJECTED' });
      expect(await create({ kind: 'mode.chnage', payload: { to: 'advanced' } })).toMatchObject({ code: 'APPROVAL.UNKNOWN_KIND' });
      expect(await create({ kind: 'mode.change', payload: { to: 'advanced' }, expiresInMs: 30 * 24 * HOUR })).toMatchObject({ code: 'APPROVAL.INVALID_EXPIRY' });
      await expect(h.approvals.listPending(TENANT_A)).resolves.toEqual([]);
    });

    it('when a feature registers a kind twice, then the registry refuses', () => {
      expect(() => feature.register(registry)).toThrow(ApprovalError);
    });
  });

  describe('four-eyes', () => {
    it('when the requester approves their own request, then it is refused, stays pending, and the refusal is audited', async () => {
      const request = await requestModeChange();
      const error = await h.approvals.decide(request.id, ada, 'approve').catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'APPROVAL.SELF_APPROVAL_FORBIDDEN' });
      await expect(h.approvals.get(TENANT_A, request.id)).resolves.toMatchObject({ state: 'pending' });
      expect(feature.modeOf.get(TENANT_A)).toBeUndefined();
      expect((await auditOf(TENANT_A, request.id)).map((r) => [r.action, r.result.outcome, r.result.code])).toEqual([
        ['approval.create', 'ok', undefined],
        ['approval.approve', 'denied', 'APPROVAL.SELF_APPROVAL_FORBIDDEN'],
      ]);
    });

    it('when another tenant admin approves, then the request is approved once, the feature runs, and the requester is due a notice', async () => {
      const request = await requestModeChange();
      const outcome = await h.approvals.decide(request.id, pria, 'approve', { correlationId: 'c-approve' });
      expect(outcome).toMatchObject({ status: 'decided', selfApproved: false, effect: { ok: true }, request: { state: 'approved', decidedBy: people.pria, decidedAt: '2026-01-05T09:00:00.000Z' } });
      expect(feature.modeOf.get(TENANT_A)).toBe('advanced');
      const decision = (await auditOf(TENANT_A, request.id)).filter((r) => r.action === 'approval.approve');
      expect(decision).toHaveLength(1);
      expect(decision[0]).toMatchObject({ actor: { userId: people.pria.userId }, correlationId: 'c-approve', details: { selfApproved: false, kind: 'mode.change' } });
      expect((await h.approvals.claimDeliveries()).map((d) => d.kind)).toEqual(['notifyRequester']);
    });

    it('when an operator or an unknown user tries to decide, then they are refused as not tenant admins and nothing changes', async () => {
      const request = await requestModeChange();
      await expect(h.approvals.decide(request.id, olga, 'approve')).rejects.toMatchObject({ reason: 'ACCESS.TENANT_ADMIN_REQUIRED' });
      await expect(h.approvals.decide(request.id, actor(TENANT_A, people.uma), 'reject')).rejects.toMatchObject({ reason: 'ACCESS.TENANT_ADMIN_REQUIRED' });
      await expect(h.approvals.get(TENANT_A, request.id)).resolves.toMatchObject({ state: 'pending' });
    });

    it('when an approver lost their admin role minutes ago, then the decision re-checks Entra and refuses them despite the cache', async () => {
      const request = await requestModeChange();
      await h.roles.isTenantAdmin(TENANT_A, people.pria.userId);
      directory.removeFromGroup(TENANT_A, 'g-role-holders', people.pria.userId);
      await expect(h.approvals.decide(request.id, pria, 'approve')).rejects.toMatchObject({ reason: 'ACCESS.TENANT_ADMIN_REQUIRED' });
      await expect(h.approvals.get(TENANT_A, request.id)).resolves.toMatchObject({ state: 'pending' });
    });

    it('when the tenant opts into self-approve, then the change of policy is audited and a self-approval goes through, flagged', async () => {
      // Self-approve is for a single-admin tenant: Pria (through her group) and Gus (through g-admins) lose their roles first.
      directory.removeRoles(TENANT_A, GROUP_ROLE_HOLDERS);
      directory.removeRoles(TENANT_A, 'g-admins');
      await h.approvals.setPolicy(ada, 'self-approve');
      const request = await requestModeChange();
      const outcome = await h.approvals.decide(request.id, ada, 'approve');
      expect(outcome).toMatchObject({ status: 'decided', selfApproved: true, request: { state: 'approved', selfApproved: true } });

      const records = await auditOf(TENANT_A);
      expect(records.find((r) => r.action === 'approvalPolicy.set')).toMatchObject({ actor: { userId: people.ada.userId }, details: { policy: 'self-approve', previous: 'four-eyes' } });
      expect(records.find((r) => r.action === 'approval.approve')).toMatchObject({ details: { selfApproved: true, policy: 'self-approve' } });
    });

    it('when an operator tries to switch the tenant to self-approve, then it is refused and the policy stays four-eyes', async () => {
      await expect(h.approvals.setPolicy(olga, 'self-approve')).rejects.toBeInstanceOf(AccessDeniedError);
      await expect(h.approvals.getPolicy(TENANT_A)).resolves.toBe('four-eyes');
    });
  });

  describe('exactly once', () => {
    it('when the same approver clicks twice (or Teams redelivers the invoke), then the second answer says it is already decided and nothing runs twice', async () => {
      const request = await requestModeChange();
      await h.approvals.decide(request.id, pria, 'approve');
      clock.advance(15_000);
      const again = await h.approvals.decide(request.id, pria, 'approve');
      expect(again).toMatchObject({ status: 'alreadyClosed', message: 'Already approved by Pria Roleadmin (pria@contoso.com) at 2026-01-05T09:00:00.000Z.' });
      expect((await auditOf(TENANT_A, request.id)).filter((r) => r.action === 'approval.approve')).toHaveLength(1);
    });

    it('when the same invoke arrives twice at the same moment, then exactly one decision is made', async () => {
      const request = await requestModeChange();
      const outcomes = await Promise.all([h.approvals.decide(request.id, pria, 'approve'), h.approvals.decide(request.id, pria, 'approve')]);
      expect(outcomes.map((o) => o.status).sort()).toEqual(['alreadyClosed', 'decided']);
      expect((await auditOf(TENANT_A, request.id)).filter((r) => r.action === 'approval.approve')).toHaveLength(1);
    });

    it('when two admins decide at the same moment through two database connections, then exactly one decision and one decision record exist', async () => {
      const request = await requestModeChange();
      const second = start();
      const outcomes = await Promise.all([h.approvals.decide(request.id, pria, 'approve'), second.approvals.decide(request.id, gus, 'reject')]);

      const winners = outcomes.filter((o) => o.status === 'decided');
      const losers = outcomes.filter((o) => o.status === 'alreadyClosed');
      expect(winners).toHaveLength(1);
      expect(losers).toHaveLength(1);
      const final = (await h.approvals.get(TENANT_A, request.id))!;
      expect(losers[0]).toMatchObject({ request: { state: final.state, decidedBy: final.decidedBy } });
      const decisions = (await auditOf(TENANT_A, request.id)).filter((r) => r.action === 'approval.approve' || r.action === 'approval.reject');
      expect(decisions).toHaveLength(1);
      expect(decisions[0]!.actor.userId).toBe(final.decidedBy!.userId);
      expect(feature.modeOf.get(TENANT_A)).toBe(final.state === 'approved' ? 'advanced' : undefined);
      await expect(h.audit.verify(TENANT_A)).resolves.toMatchObject({ ok: true });
    });

    it('when ten approvals race across two connections, then still exactly one wins', async () => {
      const request = await requestModeChange();
      const second = start();
      const attempts = Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? h : second).approvals.decide(request.id, i % 3 === 0 ? gus : pria, i % 4 === 0 ? 'reject' : 'approve'));
      const outcomes = await Promise.all(attempts);
      expect(outcomes.filter((o) => o.status === 'decided')).toHaveLength(1);
      expect((await auditOf(TENANT_A, request.id)).filter((r) => /approval\.(approve|reject)/.test(r.action))).toHaveLength(1);
    });
  });

  describe('expiry, reminders and restarts', () => {
    it('when the expiry passes, then the request expires once, is audited once, and a late decision is told it expired', async () => {
      const request = await requestModeChange();
      clock.advance(24 * HOUR);
      expect((await h.approvals.expireDue()).map((r) => r.id)).toEqual([request.id]);
      await expect(h.approvals.expireDue()).resolves.toEqual([]);

      const late = await h.approvals.decide(request.id, pria, 'approve');
      expect(late).toMatchObject({ status: 'alreadyClosed', message: 'This request expired at 2026-01-06T09:00:00.000Z without a decision.' });
      expect((await auditOf(TENANT_A, request.id)).map((r) => [r.action, r.actor.userId])).toEqual([
        ['approval.create', people.ada.userId],
        ['approval.expire', 'system'],
      ]);
      expect(feature.closedNotices).toEqual([`${request.id}:expired`]);
      expect(feature.modeOf.get(TENANT_A)).toBeUndefined();
    });

    it('when an approver clicks after expiry but before the timer ran, then expiry wins and is audited once', async () => {
      const request = await requestModeChange();
      clock.advance(24 * HOUR + 1);
      await expect(h.approvals.decide(request.id, pria, 'approve')).resolves.toMatchObject({ status: 'alreadyClosed', request: { state: 'expired' } });
      await h.approvals.expireDue();
      expect((await auditOf(TENANT_A, request.id)).filter((r) => r.action === 'approval.expire')).toHaveLength(1);
    });

    it('when the bot is killed with a pending request and restarted, then the request is still pending, expires on time, and its cards are queued for update', async () => {
      const request = await requestModeChange();
      await h.approvals.attachCard(TENANT_A, request.id, { conversationId: 'a:personal-pria', activityId: 'act-1' });
      await h.approvals.attachCard(TENANT_A, request.id, { conversationId: '19:admins@thread.tacv2', activityId: 'act-2' });
      restart();

      await expect(h.approvals.get(TENANT_A, request.id)).resolves.toMatchObject({ state: 'pending', cards: [{ activityId: 'act-1' }, { activityId: 'act-2' }] });
      clock.advance(23 * HOUR);
      const maintenance = new ApprovalMaintenance(h.approvals);
      expect((await maintenance.runOnce()).expired).toEqual([]);
      restart();
      clock.advance(HOUR);
      const result = await new ApprovalMaintenance(h.approvals).runOnce();

      expect(result.expired.map((r) => r.id)).toEqual([request.id]);
      await expect(h.approvals.get(TENANT_A, request.id)).resolves.toMatchObject({ state: 'expired' });
      const deliveries = await h.approvals.claimDeliveries();
      expect(deliveries.filter((d) => d.kind === 'updateCard').map((d) => d.card?.activityId).sort()).toEqual(['act-1', 'act-2']);
      expect(deliveries.every((d) => d.request.state === 'expired')).toBe(true);
      expect((await auditOf(TENANT_A, request.id)).filter((r) => r.action === 'approval.expire')).toHaveLength(1);
    });

    it('when a reminder falls due, then it is handed out once, even across restarts and repeated ticks', async () => {
      const request = await requestModeChange();
      clock.advance(21 * HOUR);
      await expect(h.approvals.remindersDue()).resolves.toEqual([]);
      clock.advance(HOUR);
      expect((await h.approvals.remindersDue()).map((r) => r.id)).toEqual([request.id]);
      await expect(h.approvals.remindersDue()).resolves.toEqual([]);
      restart();
      await expect(h.approvals.remindersDue()).resolves.toEqual([]);
      await expect(h.approvals.get(TENANT_A, request.id)).resolves.toMatchObject({ remindedAt: '2026-01-06T07:00:00.000Z' });
    });

    it('when the process dies right after a decision was stored, then on restart the decision is audited and acted on exactly once', async () => {
      const request = await requestModeChange();
      // The decision reaches the database, then the process dies before any follow-up ran.
      await new SqliteApprovalRepository(h.db).close(TENANT_A, request.id, {
        state: 'approved',
        decidedBy: people.pria,
        decidedAt: clock.now().toISOString(),
        selfApproved: false,
        correlationId: 'c-crash',
        followUps: ['audit', 'effect', 'notifyRequester'],
      });
      restart();
      const result = await new ApprovalMaintenance(h.approvals).runOnce();
      expect(result.resumedFollowUps).toBe(2);
      await new ApprovalMaintenance(h.approvals).runOnce();

      expect(feature.modeOf.get(TENANT_A)).toBe('advanced');
      expect((await auditOf(TENANT_A, request.id)).filter((r) => r.action === 'approval.approve')).toMatchObject([{ correlationId: 'c-crash' }]);
    });

    it('when the maintenance timer is started and stopped, then it has run a tick and leaves nothing running', async () => {
      const request = await requestModeChange();
      clock.advance(25 * HOUR);
      const results: MaintenanceResult[] = [];
      const maintenance = new ApprovalMaintenance(h.approvals, { intervalInMs: 10_000, onResult: async (r) => void results.push(r) });
      maintenance.start();
      await maintenance.stop();
      expect(results.map((r) => r.expired.map((e) => e.id))).toEqual([[request.id]]);
    });
  });

  describe('cancel', () => {
    it('when the requester cancels, then it is cancelled once; another admin cannot cancel it; a later decision is told', async () => {
      const request = await requestModeChange();
      await expect(h.approvals.cancel(request.id, pria)).rejects.toMatchObject({ code: 'APPROVAL.NOT_REQUESTER' });
      await expect(h.approvals.cancel(request.id, ada)).resolves.toMatchObject({ status: 'decided', request: { state: 'cancelled' } });
      await expect(h.approvals.decide(request.id, pria, 'approve')).resolves.toMatchObject({ status: 'alreadyClosed', message: expect.stringContaining('cancelled by Ada Admin') });
      expect((await auditOf(TENANT_A, request.id)).map((r) => [r.action, r.result.outcome])).toEqual([
        ['approval.create', 'ok'],
        ['approval.cancel', 'denied'],
        ['approval.cancel', 'ok'],
      ]);
    });
  });

  describe('cards', () => {
    it('when a request is decided, then every card copy is queued for an in-place update, and delivered items are not offered again', async () => {
      const request = await requestModeChange();
      await h.approvals.attachCard(TENANT_A, request.id, { conversationId: 'a:ada', activityId: '1' });
      await h.approvals.attachCard(TENANT_A, request.id, { conversationId: 'a:pria', activityId: '2' });
      await h.approvals.attachCard(TENANT_A, request.id, { conversationId: 'a:pria', activityId: '2' });
      await h.approvals.decide(request.id, pria, 'reject');

      const deliveries = await h.approvals.claimDeliveries();
      expect(deliveries.map((d) => `${d.kind}:${d.card?.activityId ?? '-'}:${d.request.state}`).sort()).toEqual(['notifyRequester:-:rejected', 'updateCard:1:rejected', 'updateCard:2:rejected']);
      for (const delivery of deliveries) await h.approvals.completeDelivery(delivery.outboxId);
      clock.advance(HOUR);
      await expect(h.approvals.claimDeliveries()).resolves.toEqual([]);
    });

    it('when a delivery is claimed but never completed (bot crashed), then it is offered again after the lease', async () => {
      const request = await requestModeChange();
      await h.approvals.attachCard(TENANT_A, request.id, { conversationId: 'a:ada', activityId: '1' });
      await h.approvals.decide(request.id, pria, 'approve');
      expect(await h.approvals.claimDeliveries()).toHaveLength(2);
      await expect(h.approvals.claimDeliveries()).resolves.toEqual([]);
      clock.advance(5 * 60_000);
      expect(await h.approvals.claimDeliveries()).toHaveLength(2);
    });

    it('when a card copy is recorded after the decision (a slow send), then its update is queued at once', async () => {
      const request = await requestModeChange();
      await h.approvals.decide(request.id, pria, 'approve');
      for (const d of await h.approvals.claimDeliveries()) await h.approvals.completeDelivery(d.outboxId);
      await h.approvals.attachCard(TENANT_A, request.id, { conversationId: 'a:late', activityId: '9' });
      expect((await h.approvals.claimDeliveries()).map((d) => [d.kind, d.card?.activityId, d.request.state])).toEqual([['updateCard', '9', 'approved']]);
    });

    it('when the feature fails after approval, then the approval stands, the outcome says so, and the failure is audited', async () => {
      const request = await requestModeChange();
      feature.failNext = { code: 'MODE.SWITCH_FAILED' };
      await expect(h.approvals.decide(request.id, pria, 'approve')).resolves.toMatchObject({ status: 'decided', effect: { ok: false, code: 'MODE.SWITCH_FAILED' } });
      await expect(h.approvals.get(TENANT_A, request.id)).resolves.toMatchObject({ state: 'approved' });
      expect((await auditOf(TENANT_A, request.id)).find((r) => r.action === 'approval.effect')).toMatchObject({ result: { outcome: 'failed', code: 'MODE.SWITCH_FAILED' } });
    });
  });

  describe('eligible approvers', () => {
    it('when admins are known, then the card goes to every confirmed admin except the requester, and a demoted admin drops out', async () => {
      for (const admin of [ada, pria, gus]) await h.authorization.authorize(admin, 'settings.view');
      const request = await requestModeChange();
      expect((await h.approvals.eligibleApprovers(TENANT_A, request.id)).map((p) => p.userId).sort()).toEqual([people.pria.userId, targets.gus.id].sort());

      directory.removeRoles(TENANT_A, 'g-admins');
      h.roles.invalidate(TENANT_A);
      expect((await h.approvals.eligibleApprovers(TENANT_A, request.id)).map((p) => p.userId)).toEqual([people.pria.userId]);
      // Pria is still a tenant admin, so self-approve cannot be chosen (issue 11, finding 4): refused, nothing stored.
      await expect(h.approvals.setPolicy(ada, 'self-approve')).rejects.toMatchObject({ code: 'APPROVAL.SELF_APPROVE_NEEDS_SINGLE_ADMIN' });
      await expect(h.approvals.getPolicy(TENANT_A)).resolves.toBe('four-eyes');
      expect((await h.approvals.eligibleApprovers(TENANT_A, request.id)).map((p) => p.userId)).toEqual([people.pria.userId]);

      // Once Ada is the only tenant admin, self-approve applies and she is offered her own request.
      directory.removeRoles(TENANT_A, GROUP_ROLE_HOLDERS);
      h.roles.invalidate(TENANT_A);
      await h.approvals.setPolicy(ada, 'self-approve');
      expect((await h.approvals.eligibleApprovers(TENANT_A, request.id)).map((p) => p.userId)).toEqual([people.ada.userId]);
    });
  });

  describe('tenant isolation', () => {
    it("when an admin of tenant B decides or cancels tenant A's request id, then it is not found, nothing changes, and the attempt is audited in B only", async () => {
      const request = await requestModeChange();
      await expect(h.approvals.decide(request.id, adaOfB, 'approve')).rejects.toMatchObject({ code: 'APPROVAL.NOT_FOUND' });
      await expect(h.approvals.cancel(request.id, adaOfB)).rejects.toMatchObject({ code: 'APPROVAL.NOT_FOUND' });
      await expect(h.approvals.attachCard(TENANT_B, request.id, { conversationId: 'x', activityId: 'y' })).rejects.toMatchObject({ code: 'APPROVAL.NOT_FOUND' });

      await expect(h.approvals.get(TENANT_A, request.id)).resolves.toMatchObject({ state: 'pending', cards: [] });
      await expect(h.approvals.get(TENANT_B, request.id)).resolves.toBeUndefined();
      await expect(h.approvals.listPending(TENANT_B)).resolves.toEqual([]);
      expect((await auditOf(TENANT_B)).map((r) => [r.action, r.result.code])).toEqual([
        ['approval.approve', 'APPROVAL.NOT_FOUND'],
        ['approval.cancel', 'APPROVAL.NOT_FOUND'],
      ]);
      expect((await auditOf(TENANT_A)).map((r) => r.action)).toEqual(['approval.create']);
    });

    it("when tenant A's request expires, then tenant B's pending request is untouched", async () => {
      const a = await requestModeChange();
      clock.advance(12 * HOUR);
      const b = await h.approvals.create(adaOfB, { kind: 'mode.change', payload: { to: 'default' } });
      clock.advance(12 * HOUR);
      expect((await h.approvals.expireDue()).map((r) => r.id)).toEqual([a.id]);
      await expect(h.approvals.get(TENANT_B, b.id)).resolves.toMatchObject({ state: 'pending' });
    });
  });
});

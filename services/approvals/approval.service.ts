/**
 * Generic four-eyes approvals. A dialog step, a card verb (Approve / Reject / Cancel) and the
 * maintenance timer all call these methods; they re-check the actor themselves, decide exactly
 * once, and record follow-ups (audit, effect, card updates, requester notice) durably.
 */
import { randomUUID } from 'node:crypto';
import { toPerson, SYSTEM_PERSON, describePerson, type Actor, type Person } from '../access/actor';
import type { AuthorizationService } from '../access/authorization.service';
import type { RoleService } from '../access/role.service';
import { canonicalJson } from '../audit/audit-hash';
import { containsSecret } from '../audit/secret-scrubber';
import type { AuditWriter, JsonObject } from '../ports/audit-log.port';
import type { ApprovalRepository } from '../ports/approval.repository.port';
import type { Clock } from '../ports/clock.port';
import { ApprovalError } from './approval-errors';
import type { ApprovalHandlerRegistry } from './approval-handler.registry';
import type {
  ApprovalCardRef,
  ApprovalDecision,
  ApprovalEvent,
  ApprovalOutboxItem,
  ApprovalOutcome,
  ApprovalPolicy,
  ApprovalRequest,
} from './approval-request';

export interface ApprovalServiceOptions {
  /** Default 24 hours. */
  defaultExpiresInMs?: number;
  /** Longest expiry a caller may ask for. Default 7 days. */
  maxExpiresInMs?: number;
  /** Reminder this long before expiry (at most half the lifetime). Default 2 hours. */
  reminderLeadInMs?: number;
  /** Lease on a follow-up while it is worked on; after it, a crashed worker's item is retried. Default 5 minutes. */
  followUpLeaseInMs?: number;
  /** Largest payload (canonical JSON bytes). Default 8 KB. */
  maxPayloadBytes?: number;
}

/** One card copy to refresh, or one requester to tell, as handed to the bot layer. */
export interface ApprovalDelivery {
  outboxId: number;
  kind: 'updateCard' | 'notifyRequester';
  request: ApprovalRequest;
  card?: ApprovalCardRef;
}

const HOUR = 3_600_000;
const MIN_EXPIRY_IN_MS = 60_000;

const AUDIT_ACTION: Record<ApprovalEvent, string> = {
  created: 'approval.create',
  approved: 'approval.approve',
  rejected: 'approval.reject',
  expired: 'approval.expire',
  cancelled: 'approval.cancel',
};

export class ApprovalService {
  private readonly defaultExpiresInMs: number;
  private readonly maxExpiresInMs: number;
  private readonly reminderLeadInMs: number;
  private readonly leaseInMs: number;
  private readonly maxPayloadBytes: number;

  constructor(
    private readonly repository: ApprovalRepository,
    private readonly handlers: ApprovalHandlerRegistry,
    private readonly authorization: AuthorizationService,
    private readonly roles: RoleService,
    private readonly audit: AuditWriter,
    private readonly clock: Clock,
    options: ApprovalServiceOptions = {},
  ) {
    this.defaultExpiresInMs = options.defaultExpiresInMs ?? 24 * HOUR;
    this.maxExpiresInMs = options.maxExpiresInMs ?? 7 * 24 * HOUR;
    this.reminderLeadInMs = options.reminderLeadInMs ?? 2 * HOUR;
    this.leaseInMs = options.followUpLeaseInMs ?? 5 * 60_000;
    this.maxPayloadBytes = options.maxPayloadBytes ?? 8192;
  }

  /**
   * Opens a pending request. The requester must hold the kind's request capability now.
   * @throws ApprovalError APPROVAL.UNKNOWN_KIND, APPROVAL.PAYLOAD_REJECTED (not a small JSON object, or it
   *   contains something secret-shaped), APPROVAL.INVALID_EXPIRY.
   * @throws AccessDeniedError when the requester may not ask for this kind.
   */
  async create(actor: Actor, input: { kind: string; payload: JsonObject; expiresInMs?: number; correlationId?: string }): Promise<ApprovalRequest> {
    const correlationId = input.correlationId ?? randomUUID();
    const handler = this.handlers.require(input.kind);
    await this.authorization.require(actor, handler.requestCapability, undefined, { correlationId });
    this.checkPayload(input.payload, handler.validatePayload?.bind(handler));
    const lifetime = input.expiresInMs ?? this.defaultExpiresInMs;
    if (!Number.isFinite(lifetime) || lifetime < MIN_EXPIRY_IN_MS || lifetime > this.maxExpiresInMs) {
      throw new ApprovalError('APPROVAL.INVALID_EXPIRY', `expiry must be between 1 minute and ${this.maxExpiresInMs / HOUR} hours`);
    }
    const now = this.clock.now().getTime();
    const lead = Math.min(this.reminderLeadInMs, lifetime / 2);
    const request: ApprovalRequest = {
      id: randomUUID(),
      tenantId: actor.tenantId,
      kind: input.kind,
      payload: input.payload,
      requester: toPerson(actor),
      createdAt: new Date(now).toISOString(),
      expiresAt: new Date(now + lifetime).toISOString(),
      remindAt: new Date(now + lifetime - lead).toISOString(),
      state: 'pending',
      selfApproved: false,
      correlationId,
      cards: [],
    };
    await this.repository.create(request);
    await this.runFollowUps({ tenantId: request.tenantId, requestId: request.id });
    return request;
  }

  /**
   * Approves or rejects, exactly once. Re-checks in Entra that the actor is a tenant admin now,
   * refuses the requester unless the tenant's policy is self-approve and the requester is still
   * its only tenant admin (then the decision is flagged; finding a second admin sets the policy
   * back to four-eyes), and refuses a request of another tenant as not found. A request already
   * closed (a double click, another admin first, a redelivered invoke, or expiry) is not an
   * error: the outcome says who closed it and when.
   * @throws ApprovalError APPROVAL.NOT_FOUND, APPROVAL.SELF_APPROVAL_FORBIDDEN, APPROVAL.SELF_APPROVE_NEEDS_SINGLE_ADMIN.
   * @throws AccessDeniedError ACCESS.TENANT_ADMIN_REQUIRED or ACCESS.DIRECTORY_UNAVAILABLE;
   *   AccessError ACCESS.DIRECTORY_UNAVAILABLE when the tenant's admins cannot be counted (self-approval only).
   */
  async decide(requestId: string, actor: Actor, decision: ApprovalDecision, options: { correlationId?: string } = {}): Promise<ApprovalOutcome> {
    const correlationId = options.correlationId ?? randomUUID();
    const capability = decision === 'approve' ? 'approval.approve' : 'approval.reject';
    const request = await this.findForActor(requestId, actor, capability, correlationId);
    if (request.state !== 'pending') return alreadyClosed(request);
    if (await this.expireIfDue(request)) return alreadyClosed(await this.reload(request));

    await this.authorization.require(actor, capability, undefined, { correlationId, freshRoles: true });
    const ownRequest = actor.userId === request.requester.userId;
    if (ownRequest) await this.requireSelfDecisionAllowed(actor, capability, request, correlationId);
    const closed = await this.repository.close(actor.tenantId, requestId, {
      state: decision === 'approve' ? 'approved' : 'rejected',
      decidedBy: toPerson(actor),
      decidedAt: this.clock.now().toISOString(),
      selfApproved: ownRequest,
      correlationId,
      followUps: ownRequest ? ['audit', 'effect'] : ['audit', 'effect', 'notifyRequester'],
    });
    if (!closed) return alreadyClosed(await this.reload(request));
    const effect = await this.runFollowUps({ tenantId: closed.tenantId, requestId: closed.id });
    return { status: 'decided', request: closed, selfApproved: ownRequest, ...(effect ? { effect } : {}) };
  }

  /**
   * The requester withdraws a pending request. Only the requester: an approver who disagrees
   * rejects it instead, so the record says who decided what. Every stored copy of the card
   * (approvers', the admin channel's, the requester's own) is queued for its "Cancelled" update,
   * and the cancel is audited once, however often the click is delivered.
   * @throws ApprovalError APPROVAL.NOT_FOUND, APPROVAL.NOT_REQUESTER (audited).
   */
  async cancel(requestId: string, actor: Actor, options: { correlationId?: string } = {}): Promise<ApprovalOutcome> {
    const correlationId = options.correlationId ?? randomUUID();
    const request = await this.findForActor(requestId, actor, 'approval.cancel', correlationId);
    if (request.state !== 'pending') return alreadyClosed(request);
    if (await this.expireIfDue(request)) return alreadyClosed(await this.reload(request));
    if (actor.userId !== request.requester.userId) {
      await this.auditRefusal(actor, 'approval.cancel', request, 'APPROVAL.NOT_REQUESTER', correlationId);
      throw new ApprovalError('APPROVAL.NOT_REQUESTER', `Only the person who asked can cancel this request, and that is ${describePerson(request.requester)}.`, {
        nextStep: 'If you are a tenant admin, approve or reject it instead; or ask them to cancel it.',
      });
    }
    const closed = await this.repository.close(actor.tenantId, requestId, {
      state: 'cancelled',
      decidedBy: toPerson(actor),
      decidedAt: this.clock.now().toISOString(),
      selfApproved: false,
      correlationId,
      followUps: ['audit', 'effect'],
    });
    if (!closed) return alreadyClosed(await this.reload(request));
    await this.runFollowUps({ tenantId: closed.tenantId, requestId: closed.id });
    return { status: 'decided', request: closed, selfApproved: false };
  }

  /**
   * Expires every overdue pending request (all tenants). Idempotent: a request is expired and
   * audited once however often, and from however many processes, this runs. Call at start and
   * on a timer; `decide` also refuses an overdue request even if this has not run yet.
   */
  async expireDue(now: Date = this.clock.now()): Promise<ApprovalRequest[]> {
    const expired = await this.repository.expireDue(now.toISOString(), ['audit', 'effect', 'notifyRequester']);
    for (const request of expired) await this.runFollowUps({ tenantId: request.tenantId, requestId: request.id });
    return expired;
  }

  /** Pending requests whose reminder is due; each is returned once, ever, for the bot to send. */
  async remindersDue(now: Date = this.clock.now()): Promise<ApprovalRequest[]> {
    return this.repository.claimDueReminders(now.toISOString());
  }

  /**
   * Finishes audit and effect follow-ups left behind by a crash (or whose worker's lease ran
   * out). Call at start, before serving traffic, and on the maintenance timer.
   */
  async resumeFollowUps(): Promise<number> {
    let done = 0;
    for (;;) {
      const batch = await this.claim({ kinds: ['audit', 'effect'], limit: 50 });
      if (batch.length === 0) return done;
      await this.process(batch);
      done += batch.length;
    }
  }

  /**
   * Records a sent copy of the approval card, so it is updated in place after the decision.
   * @throws ApprovalError APPROVAL.NOT_FOUND for an unknown id or another tenant's id.
   */
  async attachCard(tenantId: string, requestId: string, card: ApprovalCardRef): Promise<void> {
    const request = await this.repository.attachCard(tenantId, requestId, card, this.clock.now().toISOString());
    if (!request) throw new ApprovalError('APPROVAL.NOT_FOUND', 'That request does not exist.');
  }

  /**
   * Leases card updates and requester notices for the bot to deliver; call `completeDelivery`
   * after each succeeds. An undelivered item is offered again after the lease.
   */
  async claimDeliveries(limit = 20): Promise<ApprovalDelivery[]> {
    const items = await this.claim({ kinds: ['updateCard', 'notifyRequester'], limit });
    const deliveries: ApprovalDelivery[] = [];
    for (const item of items) {
      const request = await this.repository.get(item.tenantId, item.requestId);
      if (!request) {
        await this.repository.completeOutbox(item.id);
        continue;
      }
      // The outbox row names the copy; whose copy it is lives with the request's cards.
      const card = item.card ? (request.cards.find((copy) => copy.conversationId === item.card?.conversationId && copy.activityId === item.card.activityId) ?? item.card) : undefined;
      deliveries.push({ outboxId: item.id, kind: item.kind as ApprovalDelivery['kind'], request, ...(card ? { card } : {}) });
    }
    return deliveries;
  }

  /** Marks a claimed card update or requester notice as delivered, so it is not offered again. */
  async completeDelivery(outboxId: number): Promise<void> {
    await this.repository.completeOutbox(outboxId);
  }

  /** A request of the actor's tenant, for rendering. Undefined for unknown ids and other tenants' ids. */
  async get(tenantId: string, requestId: string): Promise<ApprovalRequest | undefined> {
    return this.repository.get(tenantId, requestId);
  }

  /** Pending requests of one tenant, oldest first (the `approvals` command; authorize 'approval.list' first). */
  async listPending(tenantId: string, options: { kind?: string } = {}): Promise<ApprovalRequest[]> {
    return this.repository.listPending(tenantId, options);
  }

  /**
   * Who should get the card and see Approve/Reject (refresh.userIds): every enabled tenant admin
   * the directory lists (Global Administrator and Privileged Role Administrator, directly or
   * through a group), with their names, plus the admins the bot has met; never the requester
   * under four-eyes (included under self-approve). A known admin Entra did not list just now is
   * re-checked; someone we cannot confirm is left out rather than guessed in. A directory failure
   * falls back to the known admins. Only decides who is asked: `decide` checks the role again.
   */
  async eligibleApprovers(tenantId: string, requestId: string): Promise<Person[]> {
    const request = await this.repository.get(tenantId, requestId);
    if (!request) return [];
    const selfApprove = (await this.getPolicy(tenantId)) === 'self-approve';
    const requesterId = request.requester.userId.toLowerCase();
    const eligible: Person[] = [];
    for (const { confirmed, ...admin } of await this.roles.approverCandidates(tenantId)) {
      if (admin.userId.toLowerCase() === requesterId && !selfApprove) continue;
      if (confirmed || (await this.roles.isTenantAdmin(tenantId, admin.userId).catch(() => false))) eligible.push(admin);
    }
    return eligible;
  }

  /**
   * Whether `actor` should be offered Approve / Reject on this request now: a tenant admin (checked
   * in Entra), and not its requester unless the tenant chose self-approve and has no other tenant
   * admin. Only decides what a card shows; `decide` checks the same again.
   */
  async mayDecide(request: ApprovalRequest, actor: Actor): Promise<boolean> {
    if (request.state !== 'pending' || !actor.userId) return false;
    if (actor.userId === request.requester.userId) {
      if ((await this.getPolicy(request.tenantId)) !== 'self-approve') return false;
      const others = await this.otherTenantAdmins(actor).catch(() => undefined);
      if (others === undefined || others.length > 0) return false;
    }
    return this.roles.isTenantAdmin(actor.tenantId, actor.userId, { person: actor }).catch(() => false);
  }

  /** The tenant's approval policy; four-eyes unless a tenant admin explicitly chose self-approve. */
  async getPolicy(tenantId: string): Promise<ApprovalPolicy> {
    return (await this.repository.getPolicy(tenantId))?.policy ?? 'four-eyes';
  }

  /**
   * Sets the tenant's approval policy; audited, and every decision made under self-approve is
   * flagged. Four-eyes may be chosen by any tenant admin at once: it only ever adds a second pair
   * of eyes. Self-approve may be chosen only by a tenant's single tenant admin (DESIGN.md §6.4),
   * counted in Entra now; with two or more admins it is refused outright. That is why changing
   * the policy needs no approval kind of its own: whoever may choose self-approve is the only
   * admin there is, so nobody else could approve it, and an approved self-approve would be void
   * anyway, since `decide` refuses a self-approval whenever another tenant admin exists.
   * Without Entra's complete list of admins (RoleService without a roster) the choice is
   * recorded as asked: the bot cannot tell a single-admin tenant from one whose other admins it
   * never met, and `decide` still refuses a self-approval while another admin is known.
   * Needs RoleManagement.Read.Directory and GroupMember.Read.All (the count of admins).
   * @throws AccessDeniedError when the actor is not a tenant admin (checked fresh in Entra).
   * @throws ApprovalError APPROVAL.SELF_APPROVE_NEEDS_SINGLE_ADMIN (audited; nothing is stored).
   * @throws AccessError ACCESS.DIRECTORY_UNAVAILABLE when the admins cannot be counted (nothing is stored).
   */
  async setPolicy(actor: Actor, policy: ApprovalPolicy, options: { correlationId?: string } = {}): Promise<void> {
    const correlationId = options.correlationId ?? randomUUID();
    await this.authorization.require(actor, 'approvalPolicy.set', undefined, { correlationId, freshRoles: true });
    if (policy === 'self-approve' && this.roles.knowsEveryTenantAdmin) {
      const others = await this.otherTenantAdminsOrRefused(actor, 'approvalPolicy.set', { type: 'tenant', id: actor.tenantId }, correlationId, { policy });
      if (others.length > 0) {
        await this.auditDenied(actor, 'approvalPolicy.set', { type: 'tenant', id: actor.tenantId }, 'APPROVAL.SELF_APPROVE_NEEDS_SINGLE_ADMIN', correlationId, {
          policy,
          tenantAdmins: others.length + 1,
        });
        throw new ApprovalError(
          'APPROVAL.SELF_APPROVE_NEEDS_SINGLE_ADMIN',
          `Self-approve is only for an organization with a single tenant admin, and yours has ${others.length + 1}. The approval policy stays four-eyes.`,
          { nextStep: 'Another tenant admin approves each of your requests. Self-approve becomes available only if you are the only Global Administrator or Privileged Role Administrator.' },
        );
      }
    }
    const previous = await this.getPolicy(actor.tenantId);
    await this.repository.setPolicy(actor.tenantId, { policy, setBy: toPerson(actor), setAt: this.clock.now().toISOString() });
    await this.audit.append({
      tenantId: actor.tenantId,
      actor: toPerson(actor),
      action: 'approvalPolicy.set',
      target: { type: 'tenant', id: actor.tenantId },
      result: { outcome: 'ok' },
      correlationId,
      details: { policy, previous },
    });
  }

  /**
   * The requester may decide their own request only under self-approve, and only while no other
   * tenant admin exists: counted in Entra when RoleService has a roster, else among the admins
   * the bot has confirmed (re-checked now), which is enough to prove there is a second one.
   */
  private async requireSelfDecisionAllowed(actor: Actor, capability: string, request: ApprovalRequest, correlationId: string): Promise<void> {
    const target = { type: 'approval', id: request.id, displayName: request.kind };
    const refusalDetails = { requestId: request.id, kind: request.kind };
    if ((await this.getPolicy(actor.tenantId)) !== 'self-approve') {
      await this.auditDenied(actor, capability, target, 'APPROVAL.SELF_APPROVAL_FORBIDDEN', correlationId, refusalDetails);
      throw new ApprovalError('APPROVAL.SELF_APPROVAL_FORBIDDEN', 'You asked for this, so another tenant admin has to decide it. You can cancel it instead.');
    }
    const others = await this.otherTenantAdminsOrRefused(actor, capability, target, correlationId, refusalDetails);
    if (others.length === 0) return;
    await this.auditDenied(actor, capability, target, 'APPROVAL.SELF_APPROVE_NEEDS_SINGLE_ADMIN', correlationId, { ...refusalDetails, tenantAdmins: others.length + 1 });
    await this.revertToFourEyes(actor.tenantId, others.length + 1, correlationId);
    throw new ApprovalError(
      'APPROVAL.SELF_APPROVE_NEEDS_SINGLE_ADMIN',
      'Your organization has more than one tenant admin now, so self-approve no longer applies: another tenant admin has to decide this.',
      { nextStep: 'Ask another tenant admin to decide it, or cancel it. The approval policy is back to four-eyes.' },
    );
  }

  /** Tenant admins other than the actor, now (see RoleService.tenantAdminCensus). */
  private async otherTenantAdmins(actor: Actor): Promise<string[]> {
    const census = await this.roles.tenantAdminCensus(actor.tenantId);
    return census.adminIds.filter((id) => id !== actor.userId);
  }

  /** The same; if Entra cannot answer, the refusal of `action` is audited and the error rethrown (fail closed). */
  private async otherTenantAdminsOrRefused(actor: Actor, action: string, target: { type: string; id: string; displayName?: string }, correlationId: string, details: JsonObject): Promise<string[]> {
    try {
      return await this.otherTenantAdmins(actor);
    } catch (error) {
      const code = typeof (error as { code?: unknown }).code === 'string' ? (error as { code: string }).code : 'ACCESS.DIRECTORY_UNAVAILABLE';
      await this.auditDenied(actor, action, target, code, correlationId, details);
      throw error;
    }
  }

  /**
   * A second tenant admin voids self-approve; the stored policy follows, so what the settings
   * card shows is the policy in force. Written by the system and audited as a policy change.
   */
  private async revertToFourEyes(tenantId: string, tenantAdmins: number, correlationId: string): Promise<void> {
    if ((await this.getPolicy(tenantId)) !== 'self-approve') return;
    await this.repository.setPolicy(tenantId, { policy: 'four-eyes', setBy: SYSTEM_PERSON, setAt: this.clock.now().toISOString() });
    await this.audit.append({
      tenantId,
      actor: SYSTEM_PERSON,
      action: 'approvalPolicy.set',
      target: { type: 'tenant', id: tenantId },
      result: { outcome: 'ok' },
      correlationId,
      details: { policy: 'four-eyes', previous: 'self-approve', reason: 'APPROVAL.SELF_APPROVE_NEEDS_SINGLE_ADMIN', tenantAdmins },
    });
  }

  private async findForActor(requestId: string, actor: Actor, capability: string, correlationId: string): Promise<ApprovalRequest> {
    // Looked up in the actor's own tenant only: an id copied from another tenant's card is "not found".
    const request = await this.repository.get(actor.tenantId, requestId);
    if (request) return request;
    await this.audit.append({
      tenantId: actor.tenantId,
      actor: toPerson(actor),
      action: capability,
      target: { type: 'approval', id: requestId },
      result: { outcome: 'denied', code: 'APPROVAL.NOT_FOUND' },
      correlationId,
    });
    throw new ApprovalError('APPROVAL.NOT_FOUND', 'That request does not exist.');
  }

  private async expireIfDue(request: ApprovalRequest): Promise<boolean> {
    if (this.clock.now().toISOString() < request.expiresAt) return false;
    await this.expireDue();
    return true;
  }

  private async reload(request: ApprovalRequest): Promise<ApprovalRequest> {
    return (await this.repository.get(request.tenantId, request.id)) ?? request;
  }

  private checkPayload(payload: JsonObject, validate?: (payload: JsonObject) => void): void {
    if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) {
      throw new ApprovalError('APPROVAL.PAYLOAD_REJECTED', 'The request details must be a JSON object.');
    }
    let size: number;
    try {
      size = Buffer.byteLength(canonicalJson(payload), 'utf8');
    } catch {
      throw new ApprovalError('APPROVAL.PAYLOAD_REJECTED', 'The request details are not plain JSON.');
    }
    if (size > this.maxPayloadBytes) throw new ApprovalError('APPROVAL.PAYLOAD_REJECTED', 'The request details are too large.');
    // Refuse rather than mask: a request is shown on cards to every admin.
    if (containsSecret(payload)) throw new ApprovalError('APPROVAL.PAYLOAD_REJECTED', 'The request details must not contain a password, token or other secret.');
    try {
      validate?.(payload);
    } catch (error) {
      throw new ApprovalError('APPROVAL.PAYLOAD_REJECTED', `The request details are not valid: ${(error as Error).message}`);
    }
  }

  private claim(options: { kinds: ApprovalOutboxItem['kind'][]; limit: number; tenantId?: string; requestId?: string }): Promise<ApprovalOutboxItem[]> {
    const now = this.clock.now().getTime();
    return this.repository.claimOutbox({ ...options, now: new Date(now).toISOString(), leaseUntil: new Date(now + this.leaseInMs).toISOString() });
  }

  /** Runs this request's audit and effect follow-ups now; returns the effect's result, if any ran. */
  private async runFollowUps(target: { tenantId: string; requestId: string }): Promise<{ ok: true } | { ok: false; code: string } | undefined> {
    const items = await this.claim({ kinds: ['audit', 'effect'], limit: 10, ...target });
    return this.process(items);
  }

  private async process(items: readonly ApprovalOutboxItem[]): Promise<{ ok: true } | { ok: false; code: string } | undefined> {
    let effectResult: { ok: true } | { ok: false; code: string } | undefined;
    for (const item of items) {
      const request = await this.repository.get(item.tenantId, item.requestId);
      if (request) {
        if (item.kind === 'audit') await this.auditEvent(request, item);
        else effectResult = (await this.runEffect(request, item)) ?? effectResult;
      }
      // Appended (or run) first, then removed: a crash in between repeats the item rather than losing it.
      await this.repository.completeOutbox(item.id);
    }
    return effectResult;
  }

  private async auditEvent(request: ApprovalRequest, item: ApprovalOutboxItem): Promise<void> {
    const actor = item.event === 'created' ? request.requester : item.event === 'expired' ? SYSTEM_PERSON : (request.decidedBy ?? SYSTEM_PERSON);
    const details: JsonObject = { requestId: request.id, kind: request.kind, state: item.event, expiresAt: request.expiresAt, requester: request.requester.userId };
    if (item.event === 'approved' || item.event === 'rejected') {
      details.selfApproved = request.selfApproved;
      if (request.selfApproved) details.policy = 'self-approve';
    }
    await this.audit.append({
      tenantId: request.tenantId,
      actor,
      action: AUDIT_ACTION[item.event],
      target: { type: 'approval', id: request.id, displayName: request.kind },
      result: { outcome: 'ok' },
      correlationId: item.correlationId,
      details,
    });
  }

  private async runEffect(request: ApprovalRequest, item: ApprovalOutboxItem): Promise<{ ok: true } | { ok: false; code: string } | undefined> {
    const handler = this.handlers.get(request.kind);
    const run = request.state === 'approved' ? handler?.onApproved : handler?.onClosed;
    if (!handler || !run) return undefined;
    try {
      await run.call(handler, request, { correlationId: item.correlationId });
      return { ok: true };
    } catch (error) {
      const code = typeof (error as { code?: unknown }).code === 'string' ? (error as { code: string }).code : 'APPROVAL.EFFECT_FAILED';
      // The decision stands; the failure is recorded and the feature's own retry takes over.
      await this.audit.append({
        tenantId: request.tenantId,
        actor: request.decidedBy ?? SYSTEM_PERSON,
        action: 'approval.effect',
        target: { type: 'approval', id: request.id, displayName: request.kind },
        result: { outcome: 'failed', code },
        correlationId: item.correlationId,
        details: { requestId: request.id, kind: request.kind, state: request.state },
      });
      return { ok: false, code };
    }
  }

  private async auditRefusal(actor: Actor, action: string, request: ApprovalRequest, code: string, correlationId: string): Promise<void> {
    await this.auditDenied(actor, action, { type: 'approval', id: request.id, displayName: request.kind }, code, correlationId, { requestId: request.id, kind: request.kind });
  }

  private async auditDenied(actor: Actor, action: string, target: { type: string; id: string; displayName?: string }, code: string, correlationId: string, details: JsonObject): Promise<void> {
    await this.audit.append({ tenantId: actor.tenantId, actor: toPerson(actor), action, target, result: { outcome: 'denied', code }, correlationId, details });
  }
}

function alreadyClosed(request: ApprovalRequest): ApprovalOutcome {
  return { status: 'alreadyClosed', request, message: closedMessage(request) };
}

/** "Already approved by Ada Admin (ada@contoso.com) at 2026-01-05T10:00:00.000Z." */
export function closedMessage(request: ApprovalRequest): string {
  switch (request.state) {
    case 'pending':
      return 'This request is still waiting for a decision.';
    case 'expired':
      return `This request expired at ${request.expiresAt} without a decision.`;
    case 'cancelled':
      return `This request was cancelled by ${describePerson(request.decidedBy ?? request.requester)} at ${request.decidedAt ?? ''}.`;
    default:
      return `Already ${request.state} by ${describePerson(request.decidedBy ?? SYSTEM_PERSON)} at ${request.decidedAt ?? ''}.`;
  }
}

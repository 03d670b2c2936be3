/**
 * `configure allowed IPs` and `remove allowed IPs` (issue 15), the procedure the product
 * documentation describes by hand, made safe:
 *
 *  1. the ranges are checked (ip-ranges.ts) and the bot's own egress IPs compared with them;
 *  2. one trusted IP named location, named for the bot, is created or updated;
 *  3. one policy requiring MFA for the management account everywhere except that location is
 *     created **report-only**;
 *  4. the account is excluded from a policy that stops it only when the admin confirmed that
 *     policy by name on the card (the ids are checked again here against the current policies);
 *  5. a second tenant admin's approval (kind 'conditionalAccess.enforce') switches the policy on;
 *  6. the policies are checked again and the result shown.
 *
 * Every change is audited. Each step finds what an earlier attempt made (by the stored ids, or
 * by the bot's names) before creating anything, so a redelivered click or a process killed in
 * the middle converges instead of duplicating. `remove allowed IPs` undoes all of it.
 */
import { randomUUID } from 'node:crypto';
import { toPerson, type Actor, type Person } from '../access/actor';
import type { ApprovalKindHandler } from '../approvals/approval-handler.registry';
import type { ApprovalRequest } from '../approvals/approval-request';
import type { AuditWriter, JsonObject } from '../ports/audit-log.port';
import type { Clock } from '../ports/clock.port';
import type { ConditionalAccess, PolicyEffect } from '../ports/conditional-access.port';
import type { AllowedIpsExclusion, AllowedIpsRecord, AllowedIpsRepository } from './allowed-ips.repository.port';
import { ConditionalAccessError } from './conditional-access-errors';
import { parseIpRanges, rangesContain, type IpRangeLimits, type IpRangeProblem } from './ip-ranges';
import { conditionalAccessRefusal, type ManagementAccountRef, type PolicyCheckAuthorizer, type PolicyCheckResult, type PolicyCheckService } from './policy-check.service';

export const ENFORCE_ALLOWED_IPS_APPROVAL = 'conditionalAccess.enforce';
export const ALLOWED_IPS_LOCATION_NAME = 'Management Session Bot: allowed IPs';
export const REPORT_ONLY = 'enabledForReportingButNotEnforced';

export function allowedIpsPolicyName(account: Pick<ManagementAccountRef, 'userPrincipalName' | 'objectId'>): string {
  return `Management Session Bot: require MFA for ${account.userPrincipalName ?? account.objectId} outside allowed IPs`;
}

export interface AllowedIpsApprovals {
  create(actor: Actor, input: { kind: string; payload: JsonObject; correlationId?: string }): Promise<ApprovalRequest>;
  get(tenantId: string, requestId: string): Promise<ApprovalRequest | undefined>;
  cancel(requestId: string, actor: Actor, options?: { correlationId?: string }): Promise<unknown>;
}

export interface AllowedIpsDeps {
  conditionalAccess: ConditionalAccess;
  policyCheck: Pick<PolicyCheckService, 'managementAccount' | 'checkFor'>;
  repository: AllowedIpsRepository;
  authorization: PolicyCheckAuthorizer;
  approvals: AllowedIpsApprovals;
  egressIps: readonly string[];
  limits: IpRangeLimits;
  audit: AuditWriter;
  clock: Clock;
}

/** A policy the account could be excluded from: on, applying, and stopping its sign-in. */
export interface ExclusionOffer {
  policyId: string;
  displayName: string;
  effect: PolicyEffect;
}

export interface AllowedIpsPlan {
  account: ManagementAccountRef;
  ranges: string[];
  problems: IpRangeProblem[];
  warnings: string[];
  /** Egress IPs of the bot the ranges leave out: from there the account would still need MFA. */
  egressNotCovered: string[];
  locationName: string;
  policyName: string;
  exclusions: ExclusionOffer[];
  existing?: AllowedIpsRecord;
}

export interface AllowedIpsApplied {
  record: AllowedIpsRecord;
  check: PolicyCheckResult;
  /** The approval that will switch the policy on; undefined when it is on already. */
  approvalRequestId?: string;
  /** The request made by this call (not by an earlier click): its cards are still to be sent to the approvers. */
  newApproval?: ApprovalRequest;
}

export class AllowedIpsService {
  constructor(private readonly deps: AllowedIpsDeps) {}

  /** Steps 1 and 4's offer: the ranges checked, and the policies that stop the management account now. */
  async plan(actor: Actor, rangesText: string, options: { correlationId?: string } = {}): Promise<AllowedIpsPlan> {
    const correlationId = options.correlationId ?? randomUUID();
    await this.deps.authorization.require(actor, 'conditionalAccess.configureAllowedIps', undefined, { correlationId });
    const parsed = parseIpRanges(rangesText, this.deps.limits);
    const account = this.deps.policyCheck.managementAccount(actor);
    const existing = this.deps.repository.get(actor.tenantId);
    const ranges = parsed.ranges.map((range) => range.cidr);
    const plan: AllowedIpsPlan = {
      account,
      ranges,
      problems: parsed.problems,
      warnings: parsed.warnings,
      egressNotCovered: ranges.length > 0 ? this.deps.egressIps.filter((ip) => !rangesContain(ranges, ip)) : [],
      locationName: ALLOWED_IPS_LOCATION_NAME,
      policyName: existing?.policyName ?? allowedIpsPolicyName(account),
      exclusions: [],
      ...(existing ? { existing } : {}),
    };
    if (parsed.problems.length > 0) return plan;
    const check = await this.deps.policyCheck.checkFor(actor.tenantId, account, toPerson(actor), { correlationId, reason: 'configure allowed IPs' });
    plan.exclusions = check.applying
      .filter((policy) => policy.enforced && policy.effect !== 'none' && policy.id !== existing?.policyId)
      .filter((policy) => !(existing?.excludedFrom ?? []).some((excluded) => excluded.policyId === policy.id))
      .map((policy) => ({ policyId: policy.id, displayName: policy.displayName, effect: policy.effect }));
    return plan;
  }

  /** Steps 2 to 6, once the admin confirmed the plan (and named the policies to exclude the account from). */
  async apply(actor: Actor, input: { rangesText: string; excludePolicyIds: readonly string[] }, options: { correlationId?: string } = {}): Promise<AllowedIpsApplied> {
    const correlationId = options.correlationId ?? randomUUID();
    const plan = await this.plan(actor, input.rangesText, { correlationId });
    if (plan.problems.length > 0) {
      throw new ConditionalAccessError('CONDITIONAL_ACCESS.INVALID_RANGES', `${plan.problems.length} ranges refused`);
    }
    const offered = new Map(plan.exclusions.map((offer) => [offer.policyId, offer]));
    const chosen = [...new Set(input.excludePolicyIds)];
    // The card's data is the admin's choice, never a licence: only policies offered now, by the server, may be changed.
    if (chosen.some((id) => !offered.has(id))) throw new ConditionalAccessError('CONDITIONAL_ACCESS.CONFIRMATION_STALE', 'an exclusion named a policy not offered');

    const { tenantId } = actor;
    const by = toPerson(actor);
    const now = this.deps.clock.now().toISOString();
    let record: AllowedIpsRecord = plan.existing
      ? { ...plan.existing, ranges: plan.ranges }
      : {
          tenantId,
          namedLocationName: ALLOWED_IPS_LOCATION_NAME,
          ranges: plan.ranges,
          policyName: plan.policyName,
          policyState: REPORT_ONLY,
          accountObjectId: plan.account.objectId,
          ...(plan.account.userPrincipalName ? { accountUpn: plan.account.userPrincipalName } : {}),
          excludedFrom: [],
          configuredBy: by,
          configuredAt: now,
        };
    try {
      record = await this.upsertLocation(record, by, correlationId);
      this.deps.repository.save(record);
      record = await this.ensurePolicy(record, by, correlationId);
      this.deps.repository.save(record);
      for (const id of chosen) {
        record = await this.exclude(record, offered.get(id) as ExclusionOffer, by, correlationId);
        this.deps.repository.save(record);
      }
    } catch (error) {
      throw conditionalAccessRefusal(error);
    }
    let newApproval: ApprovalRequest | undefined;
    if (record.policyState !== 'enabled' && !(await this.pendingApproval(record))) {
      const request = await this.deps.approvals.create(actor, {
        kind: ENFORCE_ALLOWED_IPS_APPROVAL,
        correlationId,
        payload: {
          policyId: record.policyId as string,
          policyName: record.policyName,
          locationName: record.namedLocationName,
          ranges: record.ranges.join(', '),
          account: record.accountUpn ?? record.accountObjectId,
          excludedFrom: record.excludedFrom.map((policy) => policy.displayName).join(', '),
        },
      });
      record = { ...record, approvalRequestId: request.id };
      this.deps.repository.save(record);
      newApproval = request;
    }
    const check = await this.deps.policyCheck.checkFor(tenantId, plan.account, by, { correlationId, reason: 'after configure allowed IPs' });
    return {
      record,
      check,
      ...(record.policyState !== 'enabled' && record.approvalRequestId ? { approvalRequestId: record.approvalRequestId } : {}),
      ...(newApproval ? { newApproval } : {}),
    };
  }

  /** What `remove allowed IPs` would undo (for its confirmation). */
  async current(actor: Actor, options: { correlationId?: string } = {}): Promise<AllowedIpsRecord> {
    await this.deps.authorization.require(actor, 'conditionalAccess.removeAllowedIps', undefined, options);
    const record = this.deps.repository.get(actor.tenantId);
    if (!record) throw new ConditionalAccessError('CONDITIONAL_ACCESS.NOT_CONFIGURED');
    return record;
  }

  /** Undoes every change: the exclusions, the policy, the named location; a pending approval is cancelled. */
  async remove(actor: Actor, options: { correlationId?: string } = {}): Promise<PolicyCheckResult> {
    const correlationId = options.correlationId ?? randomUUID();
    let record = await this.current(actor, { correlationId });
    const by = toPerson(actor);
    try {
      for (const excluded of [...record.excludedFrom]) {
        await this.restore(record, excluded, by, correlationId);
        record = { ...record, excludedFrom: record.excludedFrom.filter((policy) => policy.policyId !== excluded.policyId) };
        this.deps.repository.save(record);
      }
      if (record.policyId) {
        await this.deps.conditionalAccess.deletePolicy(record.tenantId, record.policyId);
        await this.auditChange(record.tenantId, by, correlationId, 'conditionalAccess.policy.delete', { type: 'conditionalAccessPolicy', id: record.policyId, displayName: record.policyName });
        record = withoutKey(record, 'policyId');
        this.deps.repository.save(record);
      }
      if (record.namedLocationId) {
        await this.deps.conditionalAccess.deleteNamedLocation(record.tenantId, record.namedLocationId);
        await this.auditChange(record.tenantId, by, correlationId, 'conditionalAccess.namedLocation.delete', { type: 'namedLocation', id: record.namedLocationId, displayName: record.namedLocationName });
      }
    } catch (error) {
      throw conditionalAccessRefusal(error);
    }
    const pending = await this.pendingApproval(record);
    if (pending) await this.deps.approvals.cancel(pending.id, actor, { correlationId }).catch(() => undefined);
    this.deps.repository.delete(record.tenantId);
    return this.deps.policyCheck.checkFor(record.tenantId, this.deps.policyCheck.managementAccount(actor), by, { correlationId, reason: 'after remove allowed IPs' });
  }

  /** The approval kind that switches the policy on once a second tenant admin approves. */
  approvalHandler(): ApprovalKindHandler {
    return {
      kind: ENFORCE_ALLOWED_IPS_APPROVAL,
      requestCapability: 'conditionalAccess.configureAllowedIps',
      validatePayload: (payload) => {
        if (typeof payload['policyId'] !== 'string' || !/^[0-9a-z-]{1,64}$/i.test(payload['policyId'])) throw new Error('payload.policyId must be a policy id');
      },
      onApproved: async (request, context) => {
        const record = this.deps.repository.get(request.tenantId);
        // A request for a policy the bot no longer manages (removed meanwhile) changes nothing.
        if (!record || record.policyId !== request.payload['policyId'] || record.policyState === 'enabled') return;
        const by = request.decidedBy ?? { userId: 'system' };
        await this.deps.conditionalAccess.setPolicyState(record.tenantId, record.policyId, 'enabled');
        this.deps.repository.save({ ...record, policyState: 'enabled', enabledBy: toPerson(by), enabledAt: this.deps.clock.now().toISOString() });
        await this.auditChange(record.tenantId, toPerson(by), context.correlationId, 'conditionalAccess.policy.enable', { type: 'conditionalAccessPolicy', id: record.policyId, displayName: record.policyName }, { approvalRequestId: request.id, requestedBy: request.requester.userId });
      },
      onClosed: async (request, context) => {
        const record = this.deps.repository.get(request.tenantId);
        if (!record || record.approvalRequestId !== request.id) return;
        this.deps.repository.save(withoutKey(record, 'approvalRequestId'));
        await this.deps.audit.append({
          tenantId: record.tenantId,
          actor: toPerson(request.decidedBy ?? { userId: 'system' }),
          action: 'conditionalAccess.policy.enable',
          target: { type: 'conditionalAccessPolicy', id: record.policyId ?? '', displayName: record.policyName },
          result: { outcome: 'denied', code: `APPROVAL.${request.state.toUpperCase()}` },
          correlationId: context.correlationId,
          details: { approvalRequestId: request.id, state: 'report-only' },
        });
      },
    };
  }

  private async pendingApproval(record: AllowedIpsRecord): Promise<ApprovalRequest | undefined> {
    if (!record.approvalRequestId) return undefined;
    const request = await this.deps.approvals.get(record.tenantId, record.approvalRequestId);
    return request?.state === 'pending' ? request : undefined;
  }

  private async upsertLocation(record: AllowedIpsRecord, by: Person, correlationId: string): Promise<AllowedIpsRecord> {
    const ca = this.deps.conditionalAccess;
    const locations = await ca.listIpNamedLocations(record.tenantId);
    const found = locations.find((location) => location.id === record.namedLocationId) ?? locations.find((location) => location.displayName === record.namedLocationName);
    const body = { displayName: record.namedLocationName, isTrusted: true, ipRanges: record.ranges };
    const target = { type: 'namedLocation', displayName: record.namedLocationName };
    if (found) {
      const same = found.isTrusted && found.ipRanges.length === record.ranges.length && found.ipRanges.every((range) => record.ranges.includes(range));
      if (!same) {
        await ca.updateIpNamedLocation(record.tenantId, found.id, body);
        await this.auditChange(record.tenantId, by, correlationId, 'conditionalAccess.namedLocation.update', { ...target, id: found.id }, { ranges: record.ranges, before: found.ipRanges });
      }
      return { ...record, namedLocationId: found.id };
    }
    const created = await ca.createIpNamedLocation(record.tenantId, body);
    await this.auditChange(record.tenantId, by, correlationId, 'conditionalAccess.namedLocation.create', { ...target, id: created.id }, { ranges: record.ranges, isTrusted: true });
    return { ...record, namedLocationId: created.id };
  }

  private async ensurePolicy(record: AllowedIpsRecord, by: Person, correlationId: string): Promise<AllowedIpsRecord> {
    const ca = this.deps.conditionalAccess;
    const existing = record.policyId ? await ca.getPolicy(record.tenantId, record.policyId) : (await ca.listPolicies(record.tenantId)).find((policy) => policy.displayName === record.policyName);
    if (existing) return { ...record, policyId: existing.id, policyState: existing.state };
    const created = await ca.createMfaPolicy(record.tenantId, { displayName: record.policyName, state: REPORT_ONLY, userId: record.accountObjectId, excludeLocationIds: [record.namedLocationId as string] });
    await this.auditChange(record.tenantId, by, correlationId, 'conditionalAccess.policy.create', { type: 'conditionalAccessPolicy', id: created.id, displayName: record.policyName }, { state: 'report-only', account: record.accountUpn ?? record.accountObjectId, exceptIn: record.namedLocationName });
    return { ...record, policyId: created.id, policyState: REPORT_ONLY };
  }

  private async exclude(record: AllowedIpsRecord, offer: ExclusionOffer, by: Person, correlationId: string): Promise<AllowedIpsRecord> {
    const policy = await this.deps.conditionalAccess.getPolicy(record.tenantId, offer.policyId);
    if (!policy) throw new ConditionalAccessError('CONDITIONAL_ACCESS.CONFIRMATION_STALE', 'the policy to exclude from is gone');
    if (!policy.users.excludeUsers.some((id) => id.toLowerCase() === record.accountObjectId.toLowerCase())) {
      await this.deps.conditionalAccess.setPolicyExcludedUsers(record.tenantId, policy.id, [...policy.users.excludeUsers, record.accountObjectId]);
      await this.auditChange(record.tenantId, by, correlationId, 'conditionalAccess.policy.exclude', { type: 'conditionalAccessPolicy', id: policy.id, displayName: policy.displayName }, { account: record.accountUpn ?? record.accountObjectId, confirmedByName: true });
    }
    const excludedFrom: AllowedIpsExclusion[] = [...record.excludedFrom.filter((p) => p.policyId !== policy.id), { policyId: policy.id, displayName: policy.displayName }];
    return { ...record, excludedFrom };
  }

  private async restore(record: AllowedIpsRecord, excluded: AllowedIpsExclusion, by: Person, correlationId: string): Promise<void> {
    const policy = await this.deps.conditionalAccess.getPolicy(record.tenantId, excluded.policyId);
    if (!policy) return;
    const remaining = policy.users.excludeUsers.filter((id) => id.toLowerCase() !== record.accountObjectId.toLowerCase());
    if (remaining.length === policy.users.excludeUsers.length) return;
    await this.deps.conditionalAccess.setPolicyExcludedUsers(record.tenantId, policy.id, remaining);
    await this.auditChange(record.tenantId, by, correlationId, 'conditionalAccess.policy.include', { type: 'conditionalAccessPolicy', id: policy.id, displayName: policy.displayName }, { account: record.accountUpn ?? record.accountObjectId });
  }

  private async auditChange(tenantId: string, by: Person, correlationId: string, action: string, target: { type: string; id: string; displayName?: string }, details: JsonObject = {}): Promise<void> {
    await this.deps.audit.append({ tenantId, actor: toPerson(by), action, target, result: { outcome: 'ok' }, correlationId, details });
  }
}

function withoutKey<K extends keyof AllowedIpsRecord>(record: AllowedIpsRecord, key: K): AllowedIpsRecord {
  const copy = { ...record };
  delete copy[key];
  return copy;
}

/**
 * When an operator's management action needs a tenant admin's approval, and the approval kinds
 * that carry it (four-eyes, through the generic ApprovalService):
 *
 * - one action: when the tenant requires approval for it (per-tenant choice, defaulting to the
 *   action's `approvalByDefault`: reset password, Temporary Access Pass, remove licence, the
 *   leaver actions). Kind `action.run`, payload names the pending action.
 * - a bulk action: when it changes more users than the tenant's bulk approval size (default 50).
 *   Kind `bulk.run`, payload names the bulk job.
 *
 * Tenant admins are the approvers, so their own runs need no approval. The operator asks from the
 * confirmation card; once approved, the same operator runs it (from the card the approval updates
 * or the notice they get), so a secret shown once still reaches only them, in their personal chat.
 * Running checks the approval's state in the approval service again, never the card.
 */
import { randomUUID } from 'node:crypto';
import type { RunnableActionId } from '../access/actions';
import { toPerson, type Actor } from '../access/actor';
import type { CapabilityId } from '../access/capabilities';
import type { ApprovalKindHandler } from '../approvals/approval-handler.registry';
import type { ApprovalRequest } from '../approvals/approval-request';
import type { AuditWriter, JsonObject } from '../ports/audit-log.port';
import type { TenantSettings, TenantSettingsRepository } from '../ports/tenant-settings.repository.port';
import { ActionError } from './action-errors';
import type { ActionRegistry } from './action-registry';

export const ACTION_RUN_APPROVAL = 'action.run';
export const BULK_RUN_APPROVAL = 'bulk.run';
export const DEFAULT_BULK_APPROVAL_THRESHOLD = 50;
/** After approval, the operator has this long to run it. */
export const APPROVED_RUN_WINDOW_IN_MS = 4 * 60 * 60_000;

/** The approval service as the actions see it (ApprovalService satisfies it). */
export interface ActionApprovalDesk {
  create(actor: Actor, input: { kind: string; payload: JsonObject; correlationId?: string }): Promise<ApprovalRequest>;
  get(tenantId: string, requestId: string): Promise<ApprovalRequest | undefined>;
  cancel(requestId: string, actor: Actor, options?: { correlationId?: string }): Promise<unknown>;
}

export interface ActionApprovalChoice {
  actionId: RunnableActionId;
  title: string;
  required: boolean;
  byDefault: boolean;
}

/** Who may change the rules (AuthorizationService satisfies it), and where the change is recorded. */
export interface ActionApprovalRulesGuard {
  authorization: { require(actor: Actor, capability: CapabilityId, target?: undefined, options?: { correlationId?: string }): Promise<unknown> };
  audit: AuditWriter;
}

/** The tenant's approval rules for actions, from its settings and each action's default. */
export class ActionApprovalRules {
  constructor(
    private readonly settings: Pick<TenantSettingsRepository, 'get' | 'update'>,
    private readonly registry: Pick<ActionRegistry, 'get' | 'list'>,
    private readonly guard?: ActionApprovalRulesGuard,
  ) {}

  /**
   * A tenant admin chooses whether operators need approval for an action: authorized now
   * (`actions.approvals`, tenant admins only) and audited. Returns the action's title.
   * @throws AccessDeniedError; ActionError ACTION.UNKNOWN, ACTION.NOT_POSSIBLE (no guard configured).
   */
  async choose(actor: Actor, actionId: string, required: boolean, options: { correlationId?: string } = {}): Promise<string> {
    const guard = this.requireGuard();
    await guard.authorization.require(actor, 'actions.approvals', undefined, options);
    const definition = this.registry.get(actionId);
    if (!definition) throw new ActionError('ACTION.UNKNOWN', "I don't know that action.");
    const before = this.requiresApproval(actor.tenantId, actionId);
    this.setRequired(actor.tenantId, actionId, required, actor.userId);
    await guard.audit.append({
      tenantId: actor.tenantId,
      actor: toPerson(actor),
      action: 'actions.approval.set',
      target: { type: 'action', id: actionId, displayName: definition.title },
      result: { outcome: 'ok' },
      correlationId: options.correlationId ?? randomUUID(),
      details: { from: before ? 'needs approval' : 'no approval', to: required ? 'needs approval' : 'no approval' },
    });
    return definition.title;
  }

  /**
   * A tenant admin sets the bulk approval size: authorized now and audited.
   * @throws AccessDeniedError; ActionError ACTION.BAD_SETTING, ACTION.NOT_POSSIBLE.
   */
  async chooseBulkThreshold(actor: Actor, threshold: number, options: { correlationId?: string } = {}): Promise<void> {
    const guard = this.requireGuard();
    await guard.authorization.require(actor, 'actions.approvals', undefined, options);
    const before = this.bulkThreshold(actor.tenantId);
    this.setBulkThreshold(actor.tenantId, threshold, actor.userId);
    await guard.audit.append({
      tenantId: actor.tenantId,
      actor: toPerson(actor),
      action: 'actions.bulkThreshold.set',
      target: { type: 'tenant', id: actor.tenantId },
      result: { outcome: 'ok' },
      correlationId: options.correlationId ?? randomUUID(),
      details: { from: before, to: threshold },
    });
  }

  private requireGuard(): ActionApprovalRulesGuard {
    if (!this.guard) throw new ActionError('ACTION.NOT_POSSIBLE', 'Approval choices cannot be changed here. Nothing was changed.');
    return this.guard;
  }

  /**
   * Whether an operator's run of `actionId` needs a tenant admin's approval in this tenant: the
   * tenant's choice, else the action's default (`byDefault` for actions outside the registry, such
   * as a custom action's, which follows its risk); unknown: yes (fail closed).
   */
  requiresApproval(tenantId: string, actionId: string, byDefault?: boolean): boolean {
    const chosen = this.settings.get(tenantId).actionApprovals?.[actionId];
    if (chosen !== undefined) return chosen;
    return this.registry.get(actionId)?.approvalByDefault ?? byDefault ?? true;
  }

  /** Users above which an operator's bulk action needs a tenant admin's approval. */
  bulkThreshold(tenantId: string): number {
    return this.settings.get(tenantId).bulkApprovalThreshold ?? DEFAULT_BULK_APPROVAL_THRESHOLD;
  }

  choices(tenantId: string): ActionApprovalChoice[] {
    const chosen = this.settings.get(tenantId).actionApprovals ?? {};
    return this.registry.list().map((definition) => ({
      actionId: definition.id,
      title: definition.title,
      required: chosen[definition.id] ?? definition.approvalByDefault,
      byDefault: definition.approvalByDefault,
    }));
  }

  /**
   * Records a tenant admin's choice (the caller authorizes and audits). Choosing the default
   * removes the override, so a later change of default applies again.
   * @throws ActionError ACTION.UNKNOWN
   */
  setRequired(tenantId: string, actionId: string, required: boolean, updatedBy: string): TenantSettings {
    const definition = this.registry.get(actionId);
    if (!definition) throw new ActionError('ACTION.UNKNOWN', "I don't know that action.");
    const current = { ...(this.settings.get(tenantId).actionApprovals ?? {}) };
    if (required === definition.approvalByDefault) delete current[actionId];
    else current[actionId] = required;
    return this.settings.update(tenantId, { actionApprovals: current }, updatedBy);
  }

  /** @throws ActionError ACTION.BAD_SETTING when not a whole number from 1 to 10,000. */
  setBulkThreshold(tenantId: string, threshold: number, updatedBy: string): TenantSettings {
    if (!Number.isInteger(threshold) || threshold < 1 || threshold > 10_000) {
      throw new ActionError('ACTION.BAD_SETTING', 'The bulk approval size must be a whole number of users from 1 to 10,000. Nothing was changed.');
    }
    return this.settings.update(tenantId, { bulkApprovalThreshold: threshold }, updatedBy);
  }
}

/** Where an approval stands for one pending action or bulk job. */
export type ApprovalStanding =
  | { state: 'none' }
  | { state: 'pending'; request: ApprovalRequest }
  | { state: 'approved'; request: ApprovalRequest }
  | { state: 'closed'; request: ApprovalRequest };

/**
 * Reads the approval named by a pending action or job from the approval service, and accepts it
 * only when it is of the expected kind, in the same tenant, asked by the same person, and about
 * this very subject (the payload's id): a request for something else approves nothing here.
 */
export async function approvalStanding(
  desk: Pick<ActionApprovalDesk, 'get'>,
  subject: { tenantId: string; requesterUserId: string; approvalRequestId?: string },
  kind: string,
  payloadKey: string,
  subjectId: string,
): Promise<ApprovalStanding> {
  if (!subject.approvalRequestId) return { state: 'none' };
  const request = await desk.get(subject.tenantId, subject.approvalRequestId);
  if (!request || request.kind !== kind || request.tenantId !== subject.tenantId || request.payload[payloadKey] !== subjectId) return { state: 'none' };
  if (request.requester.userId !== subject.requesterUserId) return { state: 'none' };
  if (request.state === 'pending') return { state: 'pending', request };
  if (request.state === 'approved') return { state: 'approved', request };
  return { state: 'closed', request };
}

/** How a pending action or bulk job records the request it waits for (PendingActionRepository and BulkJobRepository satisfy it). */
export interface ApprovalSubjectStore {
  attachApproval(id: string, approvalRequestId: string, expiresAt: string, now: Date, replacing?: string): boolean;
  get(id: string): { approvalRequestId?: string } | undefined;
}

/**
 * Opens the approval request a pending action or bulk job waits for, and records it on the
 * subject, keeping it open until the request's expiry plus the run window. When another delivery
 * recorded its own request first, this one is withdrawn and that one returned.
 * @throws ActionError ACTION.EXPIRED when the subject expired meanwhile.
 */
export async function openApprovalOnce(
  desk: ActionApprovalDesk,
  actor: Actor,
  subject: { store: ApprovalSubjectStore; id: string; now: Date; replacing?: string },
  input: { kind: string; payload: JsonObject; correlationId: string },
): Promise<{ request: ApprovalRequest; duplicate: boolean }> {
  const request = await desk.create(actor, input);
  const runBy = new Date(Date.parse(request.expiresAt) + APPROVED_RUN_WINDOW_IN_MS).toISOString();
  if (subject.store.attachApproval(subject.id, request.id, runBy, subject.now, subject.replacing)) return { request, duplicate: false };
  await desk.cancel(request.id, actor, { correlationId: input.correlationId }).catch(() => undefined);
  const current = subject.store.get(subject.id);
  const winner = current?.approvalRequestId ? await desk.get(actor.tenantId, current.approvalRequestId) : undefined;
  if (winner) return { request: winner, duplicate: true };
  throw new ActionError('ACTION.EXPIRED', 'This confirmation has expired. Run the command again.');
}

/** The two approval kinds, registered with the approval service (composition root). */
export function actionApprovalHandlers(): ApprovalKindHandler[] {
  return [
    { kind: ACTION_RUN_APPROVAL, requestCapability: 'actions.list', validatePayload: requireId('pendingActionId') },
    { kind: BULK_RUN_APPROVAL, requestCapability: 'actions.bulk', validatePayload: requireId('jobId') },
  ];
}

function requireId(key: string): (payload: JsonObject) => void {
  return (payload) => {
    const value = payload[key];
    if (typeof value !== 'string' || !/^[0-9a-f-]{8,64}$/i.test(value)) throw new Error(`payload.${key} must be an id`);
  };
}

/** "Waiting for a tenant admin's approval": the error a run without its approval gets. */
export function approvalRequiredError(standing: ApprovalStanding, what: string): ActionError {
  if (standing.state === 'pending') {
    return new ActionError('ACTION.AWAITING_APPROVAL', `${what} is waiting for a tenant admin's approval. You'll get a card with a Run button once it is approved. Nothing was changed.`);
  }
  if (standing.state === 'closed') {
    const how = standing.request.state === 'rejected' ? 'was rejected' : standing.request.state === 'expired' ? 'expired without a decision' : 'was cancelled';
    return new ActionError('ACTION.APPROVAL_CLOSED', `The approval for ${what.toLowerCase()} ${how}. Nothing was changed.`);
  }
  return new ActionError('ACTION.APPROVAL_REQUIRED', `${what} needs a tenant admin's approval first. Select "Ask for approval" on the confirmation card. Nothing was changed.`);
}

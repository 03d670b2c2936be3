/**
 * What `approvals` shows: the pending requests a caller may see, and what they may do with each.
 * A chat command, the list's Refresh button and the approval-policy confirmation all call
 * `listFor`; Approve, Reject and Cancel are decided again by ApprovalService when clicked, so
 * what this returns only chooses buttons, never grants anything.
 */
import type { Actor } from '../access/actor';
import type { RoleService } from '../access/role.service';
import type { AuditLog } from '../ports/audit-log.port';
import type { Clock } from '../ports/clock.port';
import type { ApprovalRequest } from './approval-request';
import type { ApprovalService } from './approval.service';

export interface PendingApprovalItem {
  request: ApprovalRequest;
  /** Approve / Reject: an eligible approver now (ApprovalService.mayDecide). */
  mayDecide: boolean;
  /** Cancel: only the requester. */
  mayCancel: boolean;
}

export interface PendingApprovalList {
  /** `tenant`: every pending request of the tenant (a tenant admin); `own`: only the caller's requests. */
  scope: 'tenant' | 'own';
  items: PendingApprovalItem[];
}

/** A tenant rarely has more than a few; the card stays small. */
const MAX_LISTED = 20;

export class PendingApprovalsService {
  constructor(
    private readonly approvals: Pick<ApprovalService, 'listPending' | 'mayDecide'>,
    private readonly roles: Pick<RoleService, 'isTenantAdmin'>,
    private readonly audit: Pick<AuditLog, 'recordRead'>,
    private readonly clock: Clock,
  ) {}

  /**
   * Pending requests of the actor's tenant the actor may see, oldest first: a tenant admin
   * (checked in Entra, cached briefly) sees every one; anyone else only their own. A request
   * past its expiry is left out even before the maintenance timer expired it. The read is
   * audited (ids and counts only).
   * Needs RoleManagement.Read.Directory (through RoleService).
   * @throws AccessError ACCESS.DIRECTORY_UNAVAILABLE when Entra cannot be read.
   */
  async listFor(actor: Actor, options: { correlationId: string; kind?: string }): Promise<PendingApprovalList> {
    const admin = actor.userId ? await this.roles.isTenantAdmin(actor.tenantId, actor.userId, { person: actor }) : false;
    const now = this.clock.now().toISOString();
    const pending = (await this.approvals.listPending(actor.tenantId, options.kind ? { kind: options.kind } : {}))
      .filter((request) => request.expiresAt > now)
      .filter((request) => admin || request.requester.userId === actor.userId)
      .slice(0, MAX_LISTED);
    const items: PendingApprovalItem[] = [];
    for (const request of pending) {
      items.push({ request, mayDecide: await this.approvals.mayDecide(request, actor), mayCancel: request.requester.userId === actor.userId });
    }
    await this.audit.recordRead(actor, 'approval.list', options.correlationId, { count: items.length, scope: admin ? 'tenant' : 'own' });
    return { scope: admin ? 'tenant' : 'own', items };
  }
}

import type { Actor } from '../../services/access/actor';
import type { ApprovalRequest } from '../../services/approvals/approval-request';
import type { ApprovalService } from '../../services/approvals/approval.service';
import type { JsonObject } from '../../services/ports/audit-log.port';
import type { ApprovalCardPublisher } from './approval-card-publisher';

/**
 * The entry point later features (mode change, disabling advanced management) use from their
 * dialogs: open a request through the service and deliver its cards to the approvers.
 */
export class ApprovalRequests {
  constructor(
    private readonly approvals: ApprovalService,
    private readonly publisher: ApprovalCardPublisher,
  ) {}

  /** @throws what ApprovalService.create throws (ApprovalError, AccessDeniedError). */
  async request(actor: Actor, input: { kind: string; payload: JsonObject; expiresInMs?: number; correlationId?: string }): Promise<{ request: ApprovalRequest; sent: number; reached: string[] }> {
    const request = await this.approvals.create(actor, input);
    const { sent, reached } = await this.publisher.publish(request);
    return { request, sent, reached };
  }
}

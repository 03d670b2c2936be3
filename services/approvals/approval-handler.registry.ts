/**
 * What each kind of request means. Later features register a handler (e.g. 'mode.change',
 * 'advanced.disable'); the approval service refuses kinds nobody registered, so a typo cannot
 * create a request that nothing would ever act on.
 */
import type { CapabilityId } from '../access/capabilities';
import type { JsonObject } from '../ports/audit-log.port';
import { ApprovalError } from './approval-errors';
import type { ApprovalRequest } from './approval-request';

export interface ApprovalEffectContext {
  correlationId: string;
}

export interface ApprovalKindHandler {
  readonly kind: string;
  /** What the requester must be allowed to do to ask (e.g. 'mode.change'). */
  readonly requestCapability: CapabilityId;
  /** Throws (anything) to refuse a payload; called before the request is stored. */
  validatePayload?(payload: JsonObject): void;
  /**
   * Runs after approval, once; again only if the process died before it finished, so it must be
   * idempotent. Keep it short (an invoke is answered after it): start long work and return.
   */
  onApproved?(request: ApprovalRequest, context: ApprovalEffectContext): Promise<void>;
  /** Runs after rejection, expiry or cancellation, with the same guarantees. */
  onClosed?(request: ApprovalRequest, context: ApprovalEffectContext): Promise<void>;
}

export class ApprovalHandlerRegistry {
  private readonly handlers = new Map<string, ApprovalKindHandler>();

  /** @throws ApprovalError APPROVAL.KIND_ALREADY_REGISTERED when two features claim one kind. */
  register(handler: ApprovalKindHandler): void {
    if (this.handlers.has(handler.kind)) throw new ApprovalError('APPROVAL.KIND_ALREADY_REGISTERED', `kind ${handler.kind} is already registered`);
    this.handlers.set(handler.kind, handler);
  }

  get(kind: string): ApprovalKindHandler | undefined {
    return this.handlers.get(kind);
  }

  /** @throws ApprovalError APPROVAL.UNKNOWN_KIND */
  require(kind: string): ApprovalKindHandler {
    const handler = this.handlers.get(kind);
    if (!handler) throw new ApprovalError('APPROVAL.UNKNOWN_KIND', `no handler is registered for approval kind ${kind}`);
    return handler;
  }
}

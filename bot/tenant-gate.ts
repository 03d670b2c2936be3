import { ActivityTypes, type Activity, type Middleware, type TurnContext } from 'botbuilder';
import type { Logger } from '../services/logger';
import type { AppMode } from './config';
import { correlationIdOf, setTenantId } from './turn-scope';

export type TenantDecision =
  | { allowed: true; tenantId: string }
  | { allowed: false; reason: 'missing-tenant' | 'conflicting-tenant' | 'not-allowed'; tenantId?: string };

export interface TenantGateOptions {
  mode: AppMode;
  /** Lower-cased tenant ids. Ignored in sandbox mode. */
  allowedTenantIds: readonly string[];
  /** Used in sandbox mode when a local client (Emulator) sends no tenant at all. */
  sandboxTenantId?: string;
}

export const SANDBOX_FALLBACK_TENANT_ID = 'sandbox';

/** Teams puts the tenant in two places; both must agree when both are present. */
function tenantIdsOf(activity: Partial<Activity>): string[] {
  const channelData = activity.channelData as { tenant?: { id?: unknown } } | undefined;
  const ids = [activity.conversation?.tenantId, channelData?.tenant?.id]
    .filter((id): id is string => typeof id === 'string' && id.trim() !== '')
    .map((id) => id.trim().toLowerCase());
  return [...new Set(ids)];
}

export function decideTenant(activity: Partial<Activity>, options: TenantGateOptions): TenantDecision {
  const ids = tenantIdsOf(activity);
  if (ids.length > 1) return { allowed: false, reason: 'conflicting-tenant' };
  const tenantId = ids[0];
  if (options.mode === 'sandbox') return { allowed: true, tenantId: tenantId ?? options.sandboxTenantId ?? SANDBOX_FALLBACK_TENANT_ID };
  if (!tenantId) return { allowed: false, reason: 'missing-tenant' };
  return options.allowedTenantIds.includes(tenantId) ? { allowed: true, tenantId } : { allowed: false, reason: 'not-allowed', tenantId };
}

/**
 * Refuses activities from tenants outside the allow-list (azure mode). It runs as adapter
 * middleware, i.e. after CloudAdapter has validated the Bot Framework JWT, so an
 * unauthenticated caller gets 401 and cannot use this check to probe which tenants we serve.
 *
 * A refused activity gets no reply at all, and the HTTP answer is the one for "handled, nothing
 * to say" (200). That is the safest choice: nothing reaches a user of a tenant we do not serve,
 * no handler or store runs, and the Bot Framework Service does not treat a 4xx/5xx as a failed
 * delivery to retry or report. An invoke must carry a status, so it gets 403 with no body,
 * which tells the client the action was refused without saying anything else.
 */
export class TenantGateMiddleware implements Middleware {
  constructor(
    private readonly options: TenantGateOptions,
    private readonly logger: Logger,
  ) {}

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const decision = decideTenant(context.activity, this.options);
    if (decision.allowed) {
      setTenantId(context, decision.tenantId);
      await next();
      return;
    }
    this.logger.warn(
      {
        code: 'BOT.TENANT_NOT_ALLOWED',
        reason: decision.reason,
        tenantId: decision.tenantId,
        activityType: context.activity.type,
        activityId: context.activity.id,
        correlationId: correlationIdOf(context),
      },
      'activity refused by the tenant allow-list',
    );
    if (context.activity.type === ActivityTypes.Invoke) {
      await context.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status: 403 } });
    }
  }
}

import type { Middleware, TurnContext } from 'botbuilder';
import { newCorrelationId } from '../services/errors';

/**
 * Per-turn values kept in `turnState`, never in module state, so concurrent turns of different
 * users and tenants cannot see each other's values.
 */
const CORRELATION_ID = Symbol('correlationId');
const TENANT_ID = Symbol('tenantId');

export function correlationIdOf(context: TurnContext): string {
  const existing = context.turnState.get(CORRELATION_ID) as string | undefined;
  if (existing) return existing;
  const created = newCorrelationId();
  context.turnState.set(CORRELATION_ID, created);
  return created;
}

/** The tenant this turn belongs to, as decided by the tenant gate. Throws if the gate did not run: fail closed. */
export function tenantIdOf(context: TurnContext): string {
  const tenantId = context.turnState.get(TENANT_ID) as string | undefined;
  if (!tenantId) throw new Error('No tenant id for this turn: the tenant gate middleware is not installed.');
  return tenantId;
}

export function setTenantId(context: TurnContext, tenantId: string): void {
  context.turnState.set(TENANT_ID, tenantId);
}

/** First middleware: gives every turn a correlation id before anything can fail. */
export const correlationMiddleware: Middleware = {
  async onTurn(context, next) {
    correlationIdOf(context);
    await next();
  },
};

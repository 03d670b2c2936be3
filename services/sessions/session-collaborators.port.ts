/**
 * The small interfaces the session and action services need from neighbouring areas. The
 * real implementations satisfy them structurally: AuthorizationService (authorize) and
 * RoleService (isTenantAdmin) from services/access, AuditWriter from services/audit, and a
 * pino child logger from services/logger.
 */
import type { AuthorizationDecision, TargetRef } from '../access/authorization.service';
import type { Actor } from '../access/actor';
import type { SessionNotice } from './session.types';

export type SessionActorRole = 'tenantAdmin' | 'operator';

/**
 * Access decisions for sessions. `authorize` audits its own denials (AuthorizationService does),
 * so the session services do not write a second denial record.
 */
export interface SessionAccessPolicy {
  /** Capabilities used: 'session.turnOn', 'session.turnOff', 'session.details'. */
  authorize(actor: Actor, capability: string, target?: TargetRef, options?: { correlationId?: string }): Promise<AuthorizationDecision>;
  /** Global Administrator / Privileged Role Administrator (cached), or a bootstrap admin. */
  isTenantAdmin(tenantId: string, userId: string): Promise<boolean>;
}

export { type AreaLogger, silentLogger } from '../ports/area-logger.port';

/**
 * Where notices produced outside `expireDue`/`recover` go (a session found expired or without
 * credentials while serving a request). The bot renders and sends them proactively.
 */
export interface SessionNoticeSink {
  deliver(notice: SessionNotice): Promise<void>;
}

/**
 * Turns a session off: ON/ERROR/ENABLING → DISABLING → OFF, dropping every cached credential
 * and token for the tenant in between, and audits why (turn-off, expiry, restart settlement).
 * Used by `turn off`, by expiry and by restart recovery, so they all leave the same trail.
 */
import type { Clock } from '../ports/clock.port';
import type { TokenBroker } from './token-broker';
import type { AuditWriter } from '../ports/audit-log.port';
import { auditDetails, auditPrincipal } from './session-audit';
import { silentLogger, type AreaLogger } from './session-collaborators.port';
import type { ManagementSessionRepository } from './session.repository.port';
import type { ManagementSession, Person, SessionChangeReason } from './session.types';

export type ShutdownReason = Extract<SessionChangeReason, 'turned-off' | 'ended' | 'expired' | 'credentials-lost' | 'restart-settled'>;

const AUDIT_ACTION: Record<ShutdownReason, string> = {
  'turned-off': 'session.turnOff',
  ended: 'session.turnOff',
  expired: 'session.expire',
  'credentials-lost': 'session.recover',
  'restart-settled': 'session.recover',
};

export interface SessionShutdownDependencies {
  sessions: ManagementSessionRepository;
  broker: TokenBroker;
  clock: Clock;
  audit: AuditWriter;
  logger?: AreaLogger;
}

export class SessionShutdown {
  private readonly logger: AreaLogger;

  constructor(private readonly deps: SessionShutdownDependencies) {
    this.logger = deps.logger ?? silentLogger;
  }

  /**
   * Moves `from` to OFF. Returns the OFF session, or undefined when another transition changed
   * the session first (the caller re-reads and decides again).
   * @param code a SESSION.* code to keep as the reason on the OFF session (e.g. SESSION.RESTARTED_CREDENTIALS_LOST).
   */
  async shutDown(from: ManagementSession, actor: Person, reason: ShutdownReason, correlationId: string, code?: string, message?: string): Promise<ManagementSession | undefined> {
    const disabling =
      from.state === 'DISABLING'
        ? from
        : this.deps.sessions.compareAndSet(from.tenantId, from, {
            ...from,
            state: 'DISABLING',
            changedAt: this.deps.clock.now().toISOString(),
            changedBy: actor,
            lastChangeReason: 'turning-off',
          });
    if (!disabling) return undefined;
    this.deps.broker.dropTenant(from.tenantId);
    const now = this.deps.clock.now().toISOString();
    const off = this.deps.sessions.compareAndSet(from.tenantId, disabling, {
      state: 'OFF',
      mode: from.mode,
      autoEnabled: false,
      lastError: code ? { code, message: message ?? code, at: now } : undefined,
      changedAt: now,
      changedBy: actor,
      lastChangeReason: reason,
    });
    if (!off) return undefined;
    await this.deps.audit.append({
      tenantId: from.tenantId,
      actor,
      action: AUDIT_ACTION[reason],
      ...auditPrincipal(from.principal),
      result: code ? { outcome: 'ok', code } : { outcome: 'ok' },
      correlationId,
      details: auditDetails({ mode: from.mode, reason, previousState: from.state, enabledBy: from.enabledBy?.userId }),
    });
    this.logger.info({ tenantId: from.tenantId, reason, code, correlationId }, 'session: turned off');
    return off;
  }
}

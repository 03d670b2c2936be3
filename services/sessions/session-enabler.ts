/**
 * Finishes an ENABLING attempt: signs in, then moves the session to ON (with its expiry) or to
 * ERROR (with the reason), and audits the outcome. It never throws; the outcome says what
 * happened, so every caller waiting on the same attempt hears the same answer.
 */
import type { Clock } from '../ports/clock.port';
import type { TenantSettingsRepository } from '../ports/tenant-settings.repository.port';
import type { TokenBroker } from './token-broker';
import type { DefaultModeCredentials, SessionActivator } from './session-activator';
import type { AuditWriter } from '../ports/audit-log.port';
import { auditDetails, auditPrincipal } from './session-audit';
import { silentLogger, type AreaLogger } from './session-collaborators.port';
import { SessionError } from './session-errors';
import type { ManagementSessionRepository } from './session.repository.port';
import type { ManagementSession, Person } from './session.types';

export type EnableTrigger = 'command' | 'autoEnable' | 'restart';

export type AttemptOutcome =
  | { ok: true; session: ManagementSession; limitedByTokenLifetime: boolean }
  | { ok: false; error: SessionError };

export const DEFAULT_SESSION_TTL_IN_MINUTES = 480;

export interface SessionEnablerDependencies {
  sessions: ManagementSessionRepository;
  activator: SessionActivator;
  broker: TokenBroker;
  settings: TenantSettingsRepository;
  clock: Clock;
  audit: AuditWriter;
  logger?: AreaLogger;
}

const AUDIT_ACTION: Record<EnableTrigger, string> = {
  command: 'session.turnOn',
  autoEnable: 'session.autoEnable',
  restart: 'session.recover',
};

export class SessionEnabler {
  private readonly logger: AreaLogger;

  constructor(private readonly deps: SessionEnablerDependencies) {
    this.logger = deps.logger ?? silentLogger;
  }

  /** Runs the attempt that owns `claimed` (a session in ENABLING). */
  async complete(
    claimed: ManagementSession,
    credentials: DefaultModeCredentials | undefined,
    context: { actor: Person; trigger: EnableTrigger; correlationId: string },
  ): Promise<AttemptOutcome> {
    const mode = claimed.mode ?? 'advanced';
    try {
      const activation = await this.deps.activator.activate(claimed.tenantId, mode, credentials);
      const now = this.deps.clock.now();
      const ttlInMinutes = this.deps.settings.get(claimed.tenantId).sessionTtlInMinutes || DEFAULT_SESSION_TTL_IN_MINUTES;
      const ttlEnd = now.getTime() + ttlInMinutes * 60_000;
      const tokenEnd = activation.tokenExpiresAt?.getTime() ?? Number.POSITIVE_INFINITY;
      const on = this.deps.sessions.compareAndSet(claimed.tenantId, claimed, {
        ...claimed,
        state: 'ON',
        principal: activation.principal,
        enabledAt: now.toISOString(),
        expiresAt: new Date(Math.min(ttlEnd, tokenEnd)).toISOString(),
        lastError: undefined,
        changedAt: now.toISOString(),
        changedBy: context.actor,
        lastChangeReason: claimed.autoEnabled ? 'auto-enabled' : context.trigger === 'restart' ? 'restart-resumed' : 'turned-on',
      });
      if (!on) {
        this.deps.broker.dropTenant(claimed.tenantId);
        return this.fail(claimed, context, new SessionError('SESSION.CONFLICT', 'The management session was changed by someone else while turning on.', 'Check the status and try again.'), false);
      }
      await this.audit(on, context, 'ok');
      this.logger.info({ tenantId: on.tenantId, mode, trigger: context.trigger, correlationId: context.correlationId }, 'session: turned on');
      return { ok: true, session: on, limitedByTokenLifetime: tokenEnd < ttlEnd };
    } catch (error) {
      if (!(error instanceof SessionError)) {
        this.logger.error({ tenantId: claimed.tenantId, errorName: error instanceof Error ? error.name : typeof error, correlationId: context.correlationId }, 'session: unexpected turn-on failure');
      }
      const sessionError = error instanceof SessionError ? error : unexpected();
      return this.fail(claimed, context, sessionError, true);
    }
  }

  private async fail(claimed: ManagementSession, context: { actor: Person; trigger: EnableTrigger; correlationId: string }, error: SessionError, writeError: boolean): Promise<AttemptOutcome> {
    this.deps.broker.dropTenant(claimed.tenantId);
    const now = this.deps.clock.now().toISOString();
    const failed = writeError
      ? this.deps.sessions.compareAndSet(claimed.tenantId, claimed, {
          ...claimed,
          state: 'ERROR',
          principal: undefined,
          enabledAt: undefined,
          expiresAt: undefined,
          lastError: { code: error.code, message: error.userMessage, at: now },
          changedAt: now,
          changedBy: context.actor,
          lastChangeReason: 'turn-on-failed',
        })
      : undefined;
    await this.audit(failed ?? claimed, context, 'failed', error.code);
    this.logger.warn({ tenantId: claimed.tenantId, code: error.code, trigger: context.trigger, correlationId: context.correlationId }, 'session: turn-on failed');
    return { ok: false, error };
  }

  private async audit(session: ManagementSession, context: { actor: Person; trigger: EnableTrigger; correlationId: string }, result: 'ok' | 'failed', code?: string): Promise<void> {
    await this.deps.audit.append({
      tenantId: session.tenantId,
      actor: context.actor,
      action: session.autoEnabled && context.trigger !== 'restart' ? AUDIT_ACTION.autoEnable : AUDIT_ACTION[context.trigger],
      ...auditPrincipal(session.principal),
      result: code ? { outcome: result, code } : { outcome: result },
      correlationId: context.correlationId,
      details: auditDetails({ mode: session.mode, autoEnabled: session.autoEnabled, trigger: context.trigger, expiresAt: session.expiresAt }),
    });
  }
}

function unexpected(): SessionError {
  return new SessionError(
    'SESSION.SIGN_IN_FAILED',
    'The management session could not be turned on because of an unexpected error.',
    'Try again; if it keeps failing, give the correlation id to the bot operator.',
  );
}

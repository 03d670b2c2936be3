/**
 * The session's unattended transitions: restart recovery and expiry. Each returns the notices
 * the bot should deliver (services render no cards and send nothing themselves).
 */
import { randomUUID } from 'node:crypto';
import type { Clock } from '../ports/clock.port';
import { silentLogger, type AreaLogger, type SessionNoticeSink } from './session-collaborators.port';
import type { SessionEnabler } from './session-enabler';
import type { SessionInflight } from './session-inflight';
import type { SessionShutdown } from './session-shutdown';
import type { ManagementSessionRepository } from './session.repository.port';
import { SYSTEM_PERSON, type ManagementSession, type SessionNotice } from './session.types';

export interface SessionHousekeepingDependencies {
  sessions: ManagementSessionRepository;
  enabler: SessionEnabler;
  shutdown: SessionShutdown;
  inflight: SessionInflight;
  clock: Clock;
  notices?: SessionNoticeSink;
  logger?: AreaLogger;
}

const CREDENTIALS_LOST_MESSAGE =
  'The bot restarted, and a Default-mode session keeps its sign-in only in memory, so the session was turned off. Turn it on again to continue.';

export class SessionHousekeeping {
  private readonly logger: AreaLogger;

  constructor(private readonly deps: SessionHousekeepingDependencies) {
    this.logger = deps.logger ?? silentLogger;
  }

  async recover(): Promise<SessionNotice[]> {
    const notices: SessionNotice[] = [];
    for (const session of this.deps.sessions.listInStates(['ENABLING', 'DISABLING', 'ON'])) {
      notices.push(...(await this.recoverOne(session)));
    }
    this.logger.info({ settled: notices.length }, 'session: restart recovery done');
    return notices;
  }

  async expireDue(now: Date): Promise<SessionNotice[]> {
    const notices: SessionNotice[] = [];
    for (const session of this.deps.sessions.listExpired(now)) notices.push(...(await this.expireOne(session)));
    return notices;
  }

  /** Turns one expired session off; the enabler is told. */
  async expireOne(session: ManagementSession): Promise<SessionNotice[]> {
    const off = await this.deps.shutdown.shutDown(session, SYSTEM_PERSON, 'expired', randomUUID(), 'SESSION.EXPIRED', 'The management session reached its time limit and was turned off.');
    return off && session.enabledBy ? [{ tenantId: session.tenantId, recipient: session.enabledBy, kind: 'expired', code: 'SESSION.EXPIRED', session: off }] : [];
  }

  /**
   * A Default-mode session found ON without a usable token (expired early or refused by Graph):
   * turned off, and the enabler is told through the notice sink.
   */
  async settleLostCredentials(session: ManagementSession, code: 'SESSION.DEFAULT_TOKEN_EXPIRED' | 'SESSION.RESTARTED_CREDENTIALS_LOST'): Promise<ManagementSession> {
    const notices = await this.settleWithoutCredentials(session, code);
    for (const notice of notices) await this.deps.notices?.deliver(notice);
    return this.deps.sessions.getOrCreate(session.tenantId, this.deps.clock.now());
  }

  private async recoverOne(session: ManagementSession): Promise<SessionNotice[]> {
    if (session.state === 'DISABLING') {
      const off = await this.deps.shutdown.shutDown(session, session.changedBy ?? SYSTEM_PERSON, 'restart-settled', randomUUID());
      const recipient = session.changedBy ?? session.enabledBy;
      return off && recipient && recipient.userId !== SYSTEM_PERSON.userId
        ? [{ tenantId: session.tenantId, recipient, kind: 'turned-off', code: 'SESSION.TURNED_OFF', session: off }]
        : [];
    }
    const expired = session.state === 'ON' && session.expiresAt !== undefined && Date.parse(session.expiresAt) <= this.deps.clock.now().getTime();
    if (expired) return this.expireOne(session);
    if (session.mode !== 'advanced') return this.settleWithoutCredentials(session, 'SESSION.RESTARTED_CREDENTIALS_LOST');
    if (session.state === 'ON') return [];
    return this.resumeEnabling(session);
  }

  private async settleWithoutCredentials(session: ManagementSession, code: 'SESSION.DEFAULT_TOKEN_EXPIRED' | 'SESSION.RESTARTED_CREDENTIALS_LOST'): Promise<SessionNotice[]> {
    const message = code === 'SESSION.RESTARTED_CREDENTIALS_LOST' ? CREDENTIALS_LOST_MESSAGE : 'The Default-mode sign-in expired, so the management session was turned off.';
    const off = await this.deps.shutdown.shutDown(session, SYSTEM_PERSON, 'credentials-lost', randomUUID(), code, message);
    return off && session.enabledBy ? [{ tenantId: session.tenantId, recipient: session.enabledBy, kind: 'credentials-lost', code, session: off }] : [];
  }

  /** An Advanced-mode turn-on cut short by the restart is run again; the requester hears how it ended. */
  private async resumeEnabling(session: ManagementSession): Promise<SessionNotice[]> {
    const now = this.deps.clock.now().toISOString();
    const claimed = this.deps.sessions.compareAndSet(session.tenantId, session, { ...session, attemptId: randomUUID(), enablingStartedAt: now, changedAt: now });
    if (!claimed) return [];
    const actor = session.enabledBy ?? SYSTEM_PERSON;
    const outcome = await this.deps.inflight.trackAttempt(session.tenantId, {
      attemptId: claimed.attemptId ?? '',
      actor,
      outcome: this.deps.enabler.complete(claimed, undefined, { actor, trigger: 'restart', correlationId: randomUUID() }),
    });
    if (!session.enabledBy) return [];
    if (outcome.ok) return [{ tenantId: session.tenantId, recipient: session.enabledBy, kind: 'resumed-on', code: 'SESSION.RESUMED', session: outcome.session }];
    const failed = this.deps.sessions.getOrCreate(session.tenantId, this.deps.clock.now());
    return [{ tenantId: session.tenantId, recipient: session.enabledBy, kind: 'resume-failed', code: outcome.error.code, session: failed }];
  }
}

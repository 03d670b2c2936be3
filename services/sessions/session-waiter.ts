/**
 * Waiting for someone else's transition: in this process by awaiting the running attempt or
 * shutdown (SessionInflight), in another process by polling the store. A transition untouched
 * for `staleAfterInMs` with nothing running here is "stale": its owner died, and the caller may
 * take it over.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Clock } from '../ports/clock.port';
import type { AttemptOutcome } from './session-enabler';
import { SessionError, sessionErrors, type SessionErrorCode } from './session-errors';
import type { SessionInflight } from './session-inflight';
import type { ManagementSessionRepository } from './session.repository.port';
import type { ManagementSession } from './session.types';

export interface SessionWaiterOptions {
  staleAfterInMs: number;
  pollIntervalInMs: number;
  settleTimeoutInMs: number;
}

export class SessionWaiter {
  private readonly maxPolls: number;

  constructor(
    private readonly sessions: ManagementSessionRepository,
    private readonly inflight: SessionInflight,
    private readonly clock: Clock,
    private readonly options: SessionWaiterOptions,
  ) {
    this.maxPolls = Math.ceil(options.settleTimeoutInMs / options.pollIntervalInMs);
  }

  isInTransition(session: ManagementSession): boolean {
    return (session.state === 'ENABLING' || session.state === 'DISABLING') && !this.isStale(session);
  }

  isStale(session: ManagementSession): boolean {
    const idleFor = this.clock.now().getTime() - Date.parse(session.changedAt);
    return idleFor > this.options.staleAfterInMs && !this.inflight.runningAttempt(session.tenantId) && !this.inflight.runningShutdown(session.tenantId);
  }

  /**
   * The outcome of the attempt that owns an ENABLING session, with `attemptBy` on its error.
   * Undefined when it ended without an outcome to share (turned off meanwhile, or went stale).
   */
  async joinAttempt(enabling: ManagementSession): Promise<AttemptOutcome | undefined> {
    const running = this.inflight.runningAttempt(enabling.tenantId);
    const outcome = running ? await running.outcome : outcomeFromStore(await this.awaitSettled(enabling));
    if (!outcome || outcome.ok) return outcome;
    return { ok: false, error: outcome.error.withDetails({ attemptBy: running?.actor ?? enabling.enabledBy }) };
  }

  /**
   * Waits until the session leaves ENABLING/DISABLING, or until it looks stale.
   * @throws SessionError SESSION.BUSY after `settleTimeoutInMs` of another process's transition.
   */
  async awaitSettled(session: ManagementSession): Promise<ManagementSession> {
    const tenantId = session.tenantId;
    for (let poll = 0; poll <= this.maxPolls; poll += 1) {
      const current = this.sessions.getOrCreate(tenantId, this.clock.now());
      if (current.state !== 'ENABLING' && current.state !== 'DISABLING') return current;
      const attempt = this.inflight.runningAttempt(tenantId);
      const shutdown = this.inflight.runningShutdown(tenantId);
      if (attempt) await attempt.outcome;
      else if (shutdown) await shutdown.catch(() => undefined);
      else if (this.isStale(current)) return current;
      else await sleep(this.options.pollIntervalInMs);
    }
    throw sessionErrors.busy();
  }
}

/** Another process's outcome, as far as the store tells it. */
function outcomeFromStore(settled: ManagementSession): AttemptOutcome | undefined {
  if (settled.state === 'ON') return { ok: true, session: settled, limitedByTokenLifetime: false };
  if (settled.state === 'ERROR' && settled.lastError) {
    return { ok: false, error: new SessionError(settled.lastError.code as SessionErrorCode, settled.lastError.message, 'Check the status card and try again.') };
  }
  return undefined;
}

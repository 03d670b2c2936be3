/**
 * The transitions this process is running right now, per tenant, so that a concurrent caller
 * awaits the running attempt (and hears its outcome) instead of starting another one or
 * failing. Cross-process waiting falls back to polling the store (see ManagementSessionService).
 */
import type { AttemptOutcome } from './session-enabler';
import type { ManagementSession, Person } from './session.types';

export interface RunningAttempt {
  attemptId: string;
  actor: Person;
  outcome: Promise<AttemptOutcome>;
}

export class SessionInflight {
  private readonly enabling = new Map<string, RunningAttempt>();
  private readonly disabling = new Map<string, Promise<ManagementSession | undefined>>();

  runningAttempt(tenantId: string): RunningAttempt | undefined {
    return this.enabling.get(tenantId);
  }

  runningShutdown(tenantId: string): Promise<ManagementSession | undefined> | undefined {
    return this.disabling.get(tenantId);
  }

  /** Registers the attempt synchronously (right after the ENABLING compare-and-set) and forgets it when done. */
  async trackAttempt(tenantId: string, attempt: RunningAttempt): Promise<AttemptOutcome> {
    this.enabling.set(tenantId, attempt);
    try {
      return await attempt.outcome;
    } finally {
      if (this.enabling.get(tenantId) === attempt) this.enabling.delete(tenantId);
    }
  }

  async trackShutdown(tenantId: string, shutdown: Promise<ManagementSession | undefined>): Promise<ManagementSession | undefined> {
    this.disabling.set(tenantId, shutdown);
    try {
      return await shutdown;
    } finally {
      if (this.disabling.get(tenantId) === shutdown) this.disabling.delete(tenantId);
    }
  }
}

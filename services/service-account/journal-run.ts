import type { Clock } from '../ports/clock.port';
import type { JournalState, ProvisioningJournal } from './provisioning-journal.port';
import { silentLogger, type AreaLogger } from './service-account.collaborators.port';

/**
 * One run of a journalled operation: the live state object plus "intent" and "done" writes.
 * Every write stores the whole state, so the row always holds what the next run needs.
 */
export class JournalRun<S extends JournalState> {
  constructor(
    private readonly journal: ProvisioningJournal,
    private readonly clock: Clock,
    readonly operationId: string,
    readonly state: S,
    private readonly logger: AreaLogger = silentLogger,
  ) {}

  /** Before an external side effect: what is about to happen (and any flag the resume needs). */
  intent(checkpoint: string, patch: Partial<S> = {}): void {
    Object.assign(this.state, patch);
    this.journal.recordIntent(this.operationId, checkpoint, this.state, this.now());
    this.logger.debug({ operationId: this.operationId, checkpoint, phase: 'intent' }, 'journal checkpoint');
  }

  /** After an external side effect: the ids it produced. */
  done(checkpoint: string, patch: Partial<S> = {}): void {
    Object.assign(this.state, patch);
    this.journal.recordDone(this.operationId, checkpoint, this.state, this.now());
    this.logger.debug({ operationId: this.operationId, checkpoint, phase: 'done' }, 'journal checkpoint');
  }

  fail(code: string): void {
    this.journal.recordFailure(this.operationId, code, this.now());
  }

  close(status: 'completed' | 'cancelled'): void {
    this.journal.close(this.operationId, status, this.state, this.now());
  }

  now(): string {
    return this.clock.now().toISOString();
  }
}

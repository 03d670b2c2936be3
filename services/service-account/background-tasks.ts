import type { AreaLogger } from './service-account.collaborators.port';

/**
 * Owns work started after a turn was answered (an approval's effect must return quickly, the
 * mode switch then runs on). Every task is tracked until it settles, its failure is logged, and
 * `drain()` lets shutdown and tests wait for all of it, so no promise floats.
 * Durability is not this class's job: the work it runs is journalled and resumed on start.
 */
export class BackgroundTasks {
  private readonly running = new Set<Promise<void>>();

  constructor(private readonly logger: AreaLogger) {}

  start(name: string, work: () => Promise<unknown>): void {
    const task = work().then(
      () => undefined,
      (error: unknown) => {
        this.logger.error({ task: name, errorName: error instanceof Error ? error.name : typeof error, code: codeOf(error) }, 'background task failed');
      },
    );
    this.running.add(task);
    void task.finally(() => this.running.delete(task));
  }

  /** Resolves when every task started so far (and any they start) has settled. */
  async drain(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running]);
  }

  get size(): number {
    return this.running.size;
  }
}

function codeOf(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}

/**
 * Holds the live sandbox state and writes it to one JSON file, so a restart resumes where the
 * last run stopped (the bot's rotation and session tests restart the sandbox mid-flow).
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { SandboxState } from './types';

export class StateStore {
  private current: SandboxState;
  /** Writes are chained so two handlers persisting at once never interleave their files. */
  private writeChain: Promise<void> = Promise.resolve();
  private writeCount = 0;

  constructor(
    private readonly filePath: string,
    private readonly seed: () => SandboxState,
    /** 'seed' ignores an existing file (a reset must work even on a corrupt one). */
    initial: 'file' | 'seed' = 'file',
  ) {
    mkdirSync(dirname(filePath), { recursive: true });
    this.current = initial === 'file' && existsSync(filePath) ? (JSON.parse(readFileSync(filePath, 'utf8')) as SandboxState) : seed();
  }

  /** True when the state file did not exist yet, so the first persist() writes the seed. */
  get isFresh(): boolean {
    return !existsSync(this.filePath);
  }

  state(): SandboxState {
    return this.current;
  }

  persist(): Promise<void> {
    const snapshot = JSON.stringify(this.current, null, 1);
    const tmpPath = `${this.filePath}.${process.pid}.${++this.writeCount}.tmp`;
    const write = async () => {
      await writeFile(tmpPath, snapshot, { mode: 0o600 });
      // rename is atomic on one file system: a crash leaves the old or the new file, never half of one.
      await rename(tmpPath, this.filePath);
    };
    this.writeChain = this.writeChain.then(write, write);
    return this.writeChain;
  }

  /** Replaces the state with a fresh copy of the seed and persists it. */
  async reset(): Promise<void> {
    this.current = this.seed();
    await this.persist();
  }

  /** Resolves once every write started so far has finished. */
  async flush(): Promise<void> {
    await this.writeChain.catch(() => undefined);
  }
}

/**
 * The local stack (sandbox tenant + bot + Agents Playground) for end-to-end tests: the same
 * startLocalStack() as `npm start`, on free ports, with a throw-away data directory.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalStack, type LocalStack, type LocalStackOptions } from '../../scripts/start-sandbox';

export interface TestStack extends LocalStack {
  /** The bot's JSON log so far, for failure messages and no-secret-leak assertions. */
  readBotLog(): string;
}

export async function startTestStack(options: Omit<LocalStackOptions, 'dataDir' | 'ports'> = {}): Promise<TestStack> {
  const dataDir = mkdtempSync(join(tmpdir(), 'msb-e2e-'));
  let stack: LocalStack;
  try {
    stack = await startLocalStack({ ...options, dataDir, ports: { bot: 0, playground: 0, sandbox: 0 }, startupTimeoutMs: options.startupTimeoutMs ?? 60_000 });
  } catch (error) {
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  const stop = stack.stop;
  return {
    ...stack,
    readBotLog: () => readFileSync(stack.files.botLog, 'utf8'),
    stop: async () => {
      try {
        await stop();
      } finally {
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
  };
}

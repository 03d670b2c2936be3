/**
 * Starting the bot in a child process to kill it with a real SIGKILL (no close(), no shutdown
 * hooks, no flush), for the crash tests. The child is test/support/crash/bot-child.ts.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { HARNESS_BOT_ID } from '../bot-harness';

const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

/** The child scripts in test/support/crash/. */
export const CRASH_CHILDREN = {
  /** The bot, killed by the test. */
  bot: path.join(REPO_ROOT, 'test', 'support', 'crash', 'bot-child.ts'),
  /** The bot, killing itself right after a named outbound call (CRASH_KILL_AFTER). */
  killAfterCall: path.join(REPO_ROOT, 'test', 'support', 'crash', 'kill-after-call-child.ts'),
} as const;

export interface RunningChild {
  process: ChildProcess;
  url: string;
  /** The child's pid, as it reported it. */
  pid: number | undefined;
  /** Resolves with the signal that ended the child. */
  exited: Promise<NodeJS.Signals | null>;
  stderr: () => string;
}

/** Starts the bot in a child process on `databasePath` and resolves once it listens (bounded). */
export function startBotChild(databasePath: string, children: ChildProcess[], env: NodeJS.ProcessEnv = {}, script: string = CRASH_CHILDREN.bot): Promise<RunningChild> {
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    cwd: REPO_ROOT,
    env: { ...process.env, CRASH_DATABASE_PATH: databasePath, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the bot child did not start within 30 s; stderr: ${stderr.slice(-2000)}`));
    }, 30_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      const line = stdout.split('\n').find((candidate) => candidate.startsWith('{'));
      if (!line) return;
      clearTimeout(timer);
      const ready = JSON.parse(line) as { url: string; pid?: number };
      resolve({ process: child, url: ready.url, pid: ready.pid, exited, stderr: () => stderr });
    });
    void exited.then((signal) => {
      clearTimeout(timer);
      reject(new Error(`the bot child exited before it listened (${signal}); stderr: ${stderr.slice(-2000)}`));
    });
  });
}

/** SIGKILL and wait until the OS reports the process gone. */
export async function killHard(child: ChildProcess): Promise<NodeJS.Signals | null> {
  if (child.exitCode !== null || child.signalCode !== null) return child.signalCode;
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
  child.kill('SIGKILL');
  return exited;
}

/** A Teams personal-chat message from a sandbox person, as the channel would post it. */
export function teamsMessage(serviceUrl: string, tenantId: string, person: { id: string; displayName: string }, text: string, id: string = randomUUID()): Record<string, unknown> {
  return {
    type: 'message',
    id,
    channelId: 'msteams',
    serviceUrl,
    timestamp: new Date().toISOString(),
    from: { id: `29:${person.id}`, name: person.displayName, aadObjectId: person.id },
    recipient: { id: HARNESS_BOT_ID, name: 'Management Session Bot' },
    conversation: { id: `a:personal-${person.id}`, conversationType: 'personal', tenantId },
    channelData: { tenant: { id: tenantId } },
    locale: 'en-US',
    text,
    textFormat: 'plain',
  };
}

/** Polls until `check` holds (bounded). */
export async function until(check: () => boolean, what: string, timeoutInMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutInMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

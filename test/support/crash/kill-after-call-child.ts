/**
 * A bot process that kills itself at an exact point: the real app in sandbox mode (as
 * bot-child.ts with CRASH_SANDBOX=1), whose outside-world adapters send SIGKILL to their own
 * process right after the named call returned. The call's effect happened at the sandbox (Entra
 * has the new password, the user exists), and the process dies before it can record it: no
 * journal write, no close(), no shutdown hook.
 *
 * Environment: CRASH_DATABASE_PATH (required), CRASH_KILL_AFTER (required, `<port>.<method>`
 * with port `directory`, `vault` or `tokenIssuer`, or `session` for Graph as the session's
 * account, e.g. `directory.setPassword`, `session.updateUser`), and the SANDBOX_* and
 * AZURE_CLIENT_* variables of a sandbox the parent runs. With CRASH_KILL_BEFORE_NEXT
 * (`<port>.*` or `<port>.<method>`), the CRASH_KILL_AFTER call only arms the kill: the process
 * dies right *before* the next matching call is sent instead — for a kill between two steps of
 * a workflow (the first step's result stored, the second step's call never made). Prints one
 * JSON line `{"url": …, "pid": …}` on stdout once it listens; app logs go to stderr.
 */
import { Writable } from 'node:stream';
import { createAdapters, type BotAdapters } from '../../../bot/adapters';
import { createApp } from '../../../bot/composition-root';
import { loadConfig } from '../../../bot/config';

type Port = 'directory' | 'vault' | 'tokenIssuer' | 'session';

interface KillPlan {
  after: { port: Port; method: string };
  beforeNext?: { port: Port; method: string };
  armed: boolean;
}

function parsePoint(point: string, variable: string): { port: Port; method: string } {
  const [port, method] = point.split('.') as [Port, string | undefined];
  if (!method || !['directory', 'vault', 'tokenIssuer', 'session'].includes(port)) throw new Error(`${variable} must be <directory|vault|tokenIssuer|session>.<method>, not ${point}`);
  return { port, method };
}

function die(point: string): void {
  process.stderr.write(`crash child: SIGKILL ${point}\n`);
  process.kill(process.pid, 'SIGKILL');
}

/** Every method of `target` works as before, except where the plan says this process dies. */
function withPlan<T extends object>(target: T, port: Port, plan: KillPlan): T {
  return new Proxy(target, {
    get(object, property, receiver) {
      const value = Reflect.get(object, property, receiver) as unknown;
      if (typeof value !== 'function') return value;
      const bound = (value as (...args: unknown[]) => unknown).bind(object);
      const name = String(property);
      const killsAfter = port === plan.after.port && name === plan.after.method;
      const next = plan.beforeNext;
      const killsBefore = next !== undefined && port === next.port && (next.method === '*' || next.method === name);
      if (!killsAfter && !killsBefore) return bound;
      return async (...args: unknown[]) => {
        if (killsBefore && plan.armed) die(`before ${port}.${name}`);
        const result = await bound(...args);
        if (killsAfter) {
          if (next) plan.armed = true;
          else die(`right after ${port}.${name}`);
        }
        return result;
      };
    },
  });
}

function withKillPoint(adapters: BotAdapters, plan: KillPlan): BotAdapters {
  const plain: Port[] = ['directory', 'vault', 'tokenIssuer'];
  const wrapped: BotAdapters = { ...adapters };
  for (const port of plain) (wrapped as unknown as Record<Port, object>)[port] = withPlan(adapters[port as 'directory'] as object, port, plan);
  wrapped.directoryForToken = (getAccessToken) => withPlan(adapters.directoryForToken(getAccessToken), 'session', plan);
  return wrapped;
}

async function main(): Promise<void> {
  const env = process.env;
  const databasePath = env['CRASH_DATABASE_PATH'];
  const point = env['CRASH_KILL_AFTER'];
  if (!databasePath || !point) throw new Error('CRASH_DATABASE_PATH and CRASH_KILL_AFTER are required');
  const beforeNext = env['CRASH_KILL_BEFORE_NEXT'];
  const plan: KillPlan = { after: parsePoint(point, 'CRASH_KILL_AFTER'), ...(beforeNext ? { beforeNext: parsePoint(beforeNext, 'CRASH_KILL_BEFORE_NEXT') } : {}), armed: false };
  const logDestination = new Writable({
    write(chunk, _encoding, done) {
      process.stderr.write(chunk, done);
    },
  });
  const config = loadConfig({
    PORT: '0',
    DATABASE_PATH: databasePath,
    LOG_LEVEL: 'warn',
    SANDBOX_URL: env['SANDBOX_URL'],
    SANDBOX_TENANT_ID: env['SANDBOX_TENANT_ID'],
    SANDBOX_CA_CERT_PATH: env['SANDBOX_CA_CERT_PATH'],
    AZURE_CLIENT_ID: env['AZURE_CLIENT_ID'],
    AZURE_CLIENT_SECRET: env['AZURE_CLIENT_SECRET'],
  });
  const app = await createApp(config, {
    logDestination,
    adapters: withKillPoint(createAdapters(config), plan),
    approvalTimerIntervalInMs: 3_600_000,
    serviceOptions: {
      serviceAccount: { signInVerifyAttempts: 2, signInVerifyDelayInMs: 50 },
      sessions: { pollIntervalInMs: 20 },
      background: { rotationScheduler: false },
    },
  });
  const { url } = await app.listen();
  process.stdout.write(`${JSON.stringify({ url, pid: process.pid })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`crash child failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});

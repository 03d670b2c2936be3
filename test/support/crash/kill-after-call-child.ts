/**
 * A bot process that kills itself at an exact point: the real app in sandbox mode (as
 * bot-child.ts with CRASH_SANDBOX=1), whose outside-world adapters send SIGKILL to their own
 * process right after the named call returned. The call's effect happened at the sandbox (Entra
 * has the new password, the user exists), and the process dies before it can record it: no
 * journal write, no close(), no shutdown hook.
 *
 * Environment: CRASH_DATABASE_PATH (required), CRASH_KILL_AFTER (required, `<port>.<method>`
 * with port `directory`, `vault` or `tokenIssuer`, e.g. `directory.setPassword`), and the
 * SANDBOX_* and AZURE_CLIENT_* variables of a sandbox the parent runs. Prints one JSON line
 * `{"url": …, "pid": …}` on stdout once it listens; app logs go to stderr.
 */
import { Writable } from 'node:stream';
import { createAdapters, type BotAdapters } from '../../../bot/adapters';
import { createApp } from '../../../bot/composition-root';
import { loadConfig } from '../../../bot/config';

type Port = 'directory' | 'vault' | 'tokenIssuer';

/** Every method of `target` works as before; `method` kills the process as soon as its call returned. */
function killAfter<T extends object>(target: T, method: string, point: string): T {
  return new Proxy(target, {
    get(object, property, receiver) {
      const value = Reflect.get(object, property, receiver) as unknown;
      if (typeof value !== 'function') return value;
      const bound = (value as (...args: unknown[]) => unknown).bind(object);
      if (property !== method) return bound;
      return async (...args: unknown[]) => {
        const result = await bound(...args);
        process.stderr.write(`crash child: SIGKILL right after ${point}\n`);
        process.kill(process.pid, 'SIGKILL');
        return result;
      };
    },
  });
}

function withKillPoint(adapters: BotAdapters, point: string): BotAdapters {
  const [port, method] = point.split('.') as [Port, string | undefined];
  if (!method || !['directory', 'vault', 'tokenIssuer'].includes(port)) throw new Error(`CRASH_KILL_AFTER must be <directory|vault|tokenIssuer>.<method>, not ${point}`);
  return { ...adapters, [port]: killAfter(adapters[port], method, point) };
}

async function main(): Promise<void> {
  const env = process.env;
  const databasePath = env['CRASH_DATABASE_PATH'];
  const point = env['CRASH_KILL_AFTER'];
  if (!databasePath || !point) throw new Error('CRASH_DATABASE_PATH and CRASH_KILL_AFTER are required');
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
    adapters: withKillPoint(createAdapters(config), point),
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

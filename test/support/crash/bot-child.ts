/**
 * A bot process to be killed: the real app (composition root, restify, CloudAdapter) on a SQLite
 * file, in sandbox mode, with the access tests' in-memory directory (three tenant admins) and a
 * fixed clock. It prints one JSON line `{"url": …}` on stdout once it listens, then runs until
 * the parent kills it (test/integration/crash-restart.test.ts sends SIGKILL, so no shutdown
 * code of the app runs).
 *
 * Environment: CRASH_DATABASE_PATH (required), CRASH_NOW (ISO instant the clock stands at).
 * With CRASH_SANDBOX=1 the bot instead uses its real sandbox-mode adapters, built from the
 * SANDBOX_* and AZURE_CLIENT_* variables the parent passes (a sandbox the parent runs), and the
 * real clock.
 */
import { Writable } from 'node:stream';
import { createApp } from '../../../bot/composition-root';
import { loadConfig } from '../../../bot/config';
import { ManualClock } from '../../../services/ports/clock.port';
import { seedDirectory } from '../../integration/access-bot.world';
import { InMemoryDirectory } from '../fakes/in-memory-directory';

async function main(): Promise<void> {
  const databasePath = process.env['CRASH_DATABASE_PATH'];
  if (!databasePath) throw new Error('CRASH_DATABASE_PATH is required');
  const sandbox = process.env['CRASH_SANDBOX'] === '1';
  // App logs go to stderr so stdout carries only the ready line.
  const logDestination = new Writable({
    write(chunk, _encoding, done) {
      process.stderr.write(chunk, done);
    },
  });
  const base = { PORT: '0', DATABASE_PATH: databasePath, LOG_LEVEL: 'warn' };
  let app;
  if (sandbox) {
    const env = process.env;
    const config = loadConfig({
      ...base,
      SANDBOX_URL: env['SANDBOX_URL'],
      SANDBOX_TENANT_ID: env['SANDBOX_TENANT_ID'],
      SANDBOX_CA_CERT_PATH: env['SANDBOX_CA_CERT_PATH'],
      AZURE_CLIENT_ID: env['AZURE_CLIENT_ID'],
      AZURE_CLIENT_SECRET: env['AZURE_CLIENT_SECRET'],
    });
    app = await createApp(config, {
      logDestination,
      approvalTimerIntervalInMs: 3_600_000,
      // As test/support/app-harness.ts: fast session polling, no rotation scheduler.
      serviceOptions: { sessions: { pollIntervalInMs: 20 }, background: { rotationScheduler: false } },
    });
  } else {
    const clock = new ManualClock(process.env['CRASH_NOW'] ?? new Date().toISOString());
    const directory = new InMemoryDirectory();
    seedDirectory(directory);
    const config = loadConfig(base);
    app = await createApp(config, { logDestination, directory, now: () => clock.now(), approvalTimerIntervalInMs: 3_600_000 });
  }
  const { url } = await app.listen();
  process.stdout.write(`${JSON.stringify({ url, pid: process.pid })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`crash child failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});

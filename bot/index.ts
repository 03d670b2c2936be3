import { isAppError } from '../services/errors';
import { createApp } from './composition-root';
import { loadConfig, loadEnvFileIfPresent } from './config';

/** Process entry (`npm run start:bot`, compiled to dist/bot/index.js): config → app → listen, and a clean stop on SIGINT/SIGTERM. */
async function main(): Promise<void> {
  loadEnvFileIfPresent();
  const config = loadConfig();
  const app = await createApp(config);
  const { url } = await app.listen();
  app.logger.info({ area: 'bot', mode: config.mode, url }, `bot listening on ${url}/api/messages (${config.mode} mode)`);

  const stop = (signal: NodeJS.Signals): void => {
    app.logger.info({ area: 'bot', signal }, 'stopping');
    app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        app.logger.error({ area: 'bot', err: error }, 'unclean stop');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  // Config errors are meant for a human at a terminal: print the readable list, not a stack.
  process.stderr.write(`${isAppError(error) ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});

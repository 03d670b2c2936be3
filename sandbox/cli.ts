/**
 * Sandbox command line:
 *   npx tsx sandbox/cli.ts start [--data-dir ./data/sandbox] [--port 0] [--seed path.json]
 *   npx tsx sandbox/cli.ts reset [--data-dir ./data/sandbox] [--seed path.json]
 * `reset` resets a running sandbox through its loopback admin route, or rewrites the state file
 * when none is running.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Agent, request } from 'undici';
import { readRuntimeInfo } from './core/runtime-file';
import { StateStore } from './core/state-store';
import { CONTOSO_SEED_PATH, directoryFromSeed, readSeedDocument } from './directory/seed';
import { emptyVault } from './keyvault/vault-seed';
import { startSandbox } from './index';

const USAGE = 'usage: tsx sandbox/cli.ts <start|reset> [--data-dir DIR] [--port N] [--seed FILE]';

async function main(): Promise<void> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { 'data-dir': { type: 'string', default: './data/sandbox' }, port: { type: 'string', default: '0' }, seed: { type: 'string' } },
  });
  const dataDir = resolve(values['data-dir'] as string);
  const seedPath = values.seed ? resolve(values.seed) : undefined;
  switch (positionals[0]) {
    case 'start':
      return start(dataDir, Number(values.port), seedPath);
    case 'reset':
      return reset(dataDir, seedPath);
    default:
      process.stderr.write(`${USAGE}\n`);
      process.exitCode = 2;
  }
}

async function start(dataDir: string, port: number, seedPath: string | undefined): Promise<void> {
  const sandbox = await startSandbox({ dataDir, port, seedPath, onError: (error, requestId) => process.stderr.write(`sandbox error ${requestId}: ${String(error)}\n`) });
  // Ids and URLs only: the bot app's secret stays in the seed file.
  process.stdout.write(
    [`Sandbox tenant ${sandbox.tenantId} at ${sandbox.url}`, `  Graph:     ${sandbox.graphBaseUrl}`, `  Key Vault: ${sandbox.url}`, `  CA:        ${join(dataDir, 'tls', 'ca-cert.pem')}`, `  Bot app:   ${sandbox.botApp.clientId}`, ''].join('\n'),
  );
  const stop = () => {
    sandbox.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

async function reset(dataDir: string, seedPath: string | undefined): Promise<void> {
  const running = readRuntimeInfo(dataDir);
  if (running) {
    const dispatcher = new Agent({ connect: { ca: readFileSync(running.caCertPath, 'utf8') } });
    try {
      const response = await request(`${running.url}/_sandbox/reset`, { method: 'POST', dispatcher });
      await response.body.dump();
      if (response.statusCode === 204) {
        process.stdout.write(`Reset the running sandbox at ${running.url}\n`);
        return;
      }
    } catch {
      // Not running any more (stale runtime.json): fall through to the file reset.
    } finally {
      await dispatcher.close();
    }
  }
  const seed = readSeedDocument(seedPath ?? CONTOSO_SEED_PATH);
  const store = new StateStore(join(dataDir, 'state.json'), () => ({ directory: directoryFromSeed(seed), vault: emptyVault() }), 'seed');
  await store.persist();
  process.stdout.write(`Reset ${join(dataDir, 'state.json')} to the seed\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});

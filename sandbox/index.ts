/**
 * startSandbox: the local, simulated contoso.test tenant (Entra token endpoint, Microsoft Graph
 * v1.0 subset, Key Vault secrets subset) on one HTTPS server bound to 127.0.0.1.
 *
 * Layout of dataDir: tls/ (CA + server certificate), keys/ (token signing key, vault value key),
 * state.json (directory + vault). All are created on first start and reused afterwards.
 */
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createRequestPipeline } from './core/request-pipeline';
import { removeRuntimeInfo, writeRuntimeInfo } from './core/runtime-file';
import { createSandboxContext, issuerFor, systemClock } from './core/sandbox-context';
import { ensureSigningKey } from './core/signing-key';
import { StateStore } from './core/state-store';
import { createTrafficLog, type TrafficLog } from './core/traffic-log';
import { addGeneratedUsers, type GeneratedUsersOptions } from './directory/generated-users';
import type { SandboxUser } from './directory/model';
import { ensureTlsMaterial } from './core/tls-material';
import type { SandboxClock, SandboxContext, SandboxState } from './core/types';
import { BOT_APP } from './directory/seed/contoso-ids';
import { CONTOSO_SEED_PATH, directoryFromSeed, readSeedDocument } from './directory/seed';
import { createEntraHandler } from './entra/entra-handler';
import { createFaultController } from './faults/fault-controller';
import type { FaultConfig, FaultController } from './faults/fault-types';
import { createGraphHandler } from './graph';
import { createKeyVaultHandler } from './keyvault/keyvault-handler';
import { loadVaultValueCipher } from './keyvault/vault-value-cipher';
import { emptyVault } from './keyvault/vault-seed';

export type { FaultConfig } from './faults/fault-types';
export type { SandboxContext, SandboxState } from './core/types';
export type { TrafficEntry, TrafficLog } from './core/traffic-log';

export interface StartSandboxOptions {
  /** Where certificates, keys and state live, e.g. "./data/sandbox". */
  dataDir: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Seed document (JSON); defaults to sandbox/directory/seed/contoso.json. */
  seedPath?: string;
  faults?: FaultConfig;
  /** The app registration whose client secret `botApp` hands out; defaults to the seed's bot app. */
  botAppId?: string;
  /** A fixed clock for tests of token expiry; defaults to the system clock. */
  clock?: SandboxClock;
  onError?: (error: unknown, requestId: string) => void;
}

export interface RunningSandbox {
  /** https://127.0.0.1:PORT — the authority host, the Key Vault URL and (with /v1.0) the Graph base URL. */
  url: string;
  port: number;
  /** https://127.0.0.1:PORT/v1.0 */
  graphBaseUrl: string;
  /** The only CA that signs the sandbox's certificate; trust it in the bot's own clients only. */
  caCertPem: string;
  tenantId: string;
  /** Issuer of the sandbox's tokens (https://127.0.0.1:PORT/{tenant}/v2.0). */
  issuer: string;
  /** The bot's sandbox app registration (sandbox-only secret from the seed). */
  botApp: { clientId: string; clientSecret: string };
  /** In-process fault control (the same controller the /_sandbox/faults route drives). */
  faults: FaultController;
  /** Every request and `$batch` item since start (or the last clear), for tests that count calls. */
  traffic: TrafficLog;
  /** Adds `count` plain users (one department, no role) and persists them: load tests and the benchmark. */
  addUsers(count: number, options?: GeneratedUsersOptions): Promise<SandboxUser[]>;
  /** Live state, for tests that arrange data directly (call persist() after changes). */
  state(): SandboxState;
  persist(): Promise<void>;
  /** Restores the seed (directory and an empty vault) and persists it. Faults are left as they are. */
  reset(): Promise<void>;
  close(): Promise<void>;
}

export async function startSandbox(options: StartSandboxOptions): Promise<RunningSandbox> {
  const clock = options.clock ?? systemClock;
  const tls = ensureTlsMaterial(join(options.dataDir, 'tls'), clock.now());
  const signingKey = ensureSigningKey(join(options.dataDir, 'keys'), clock.now());
  const cipher = loadVaultValueCipher(join(options.dataDir, 'keys'));
  const seedDocument = readSeedDocument(options.seedPath ?? CONTOSO_SEED_PATH);
  const store = new StateStore(join(options.dataDir, 'state.json'), () => ({ directory: directoryFromSeed(seedDocument), vault: emptyVault() }));
  if (store.isFresh) await store.persist();
  const faults = createFaultController(options.faults ?? {});

  let pipeline: ReturnType<typeof createRequestPipeline> | undefined;
  const server: Server = createServer({ cert: tls.serverCertPem, key: tls.serverKeyPem }, (req, res) => {
    if (!pipeline) {
      res.writeHead(503).end();
      return;
    }
    void pipeline(req, res);
  });
  await listen(server, options.port ?? 0);
  const port = (server.address() as AddressInfo).port;
  const url = `https://127.0.0.1:${port}`;

  const traffic = createTrafficLog();
  const ctx: SandboxContext = createSandboxContext({ baseUrl: url, store, faults, signingKey, clock, traffic });
  const issuer = issuerFor(url, ctx.tenantId);
  const reset = () => store.reset();
  pipeline = createRequestPipeline({
    ctx,
    handlers: [createEntraHandler(ctx, { issuer, tenantId: ctx.tenantId, signingKey }), createKeyVaultHandler(ctx, cipher), createGraphHandler(ctx)],
    admin: { faults, reset },
    onError: options.onError,
  });

  const botApp = seedDocument.applications.find((a) => a.appId === (options.botAppId ?? BOT_APP.appId)) ?? seedDocument.applications[0];
  const botSecret = botApp?.passwordCredentials[0]?.secret;
  if (!botApp || !botSecret) throw new Error('The sandbox seed holds no app registration with a client secret for the bot.');

  writeRuntimeInfo(options.dataDir, { url, pid: process.pid, caCertPath: join(options.dataDir, 'tls', 'ca-cert.pem') });

  return {
    url,
    port,
    graphBaseUrl: `${url}/v1.0`,
    caCertPem: tls.caCertPem,
    tenantId: ctx.tenantId,
    issuer,
    botApp: { clientId: botApp.appId, clientSecret: botSecret },
    faults,
    traffic,
    addUsers: async (count, generated = {}) => {
      const users = addGeneratedUsers(store.state().directory, count, { now: clock.now(), ...generated });
      await store.persist();
      return users;
    },
    state: () => store.state(),
    persist: () => store.persist(),
    reset,
    close: async () => {
      await closeServer(server);
      await store.flush();
      removeRuntimeInfo(options.dataDir, process.pid);
    },
  };
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    // Keep-alive sockets from SDK agents would otherwise hold close() open.
    server.closeAllConnections();
  });
}

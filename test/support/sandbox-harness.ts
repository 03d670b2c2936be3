/**
 * Starts the sandbox in-process on a free port with a throwaway dataDir, and builds the bot's
 * real-SDK adapters against it. Every test file owns one harness and stops it in afterAll.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Agent } from 'undici';
import { startSandbox, type RunningSandbox, type StartSandboxOptions } from '../../sandbox';
import { EntraTokenIssuer, type EntraTokenIssuerOptions } from '../../services/adapters/entra/entra-token-issuer';
import { KeyVaultSecretVault } from '../../services/adapters/keyvault/key-vault-secret-vault';
import { createSandboxDispatcher, createSandboxFetch, type FetchFunction } from '../../services/adapters/tls/sandbox-trust';

/** Transient-failure retries shrunk to milliseconds so outage tests stay fast. */
export const FAST_RETRY = { maxRetries: 1, retryDelayInMs: 10, maxRetryDelayInMs: 20 };

export interface SandboxHarness {
  sandbox: RunningSandbox;
  dataDir: string;
  /** fetch that trusts the sandbox CA (and nothing else). */
  fetch: FetchFunction;
  /** The bot's token issuer in sandbox form. */
  tokenIssuer(overrides?: Partial<EntraTokenIssuerOptions>): EntraTokenIssuer;
  /** The bot's secret vault in sandbox form, authenticated as the bot app. */
  secretVault(options?: { tokenIssuer?: EntraTokenIssuer; retryOptions?: typeof FAST_RETRY }): KeyVaultSecretVault;
  /** Stops the sandbox and starts a new one on the same dataDir (a process restart). */
  restart(options?: Partial<StartSandboxOptions>): Promise<void>;
  stop(): Promise<void>;
}

export async function startSandboxHarness(options: Partial<StartSandboxOptions> & { dataDir?: string } = {}): Promise<SandboxHarness> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'msb-sandbox-'));
  const ownsDataDir = options.dataDir === undefined;
  let sandbox = await startSandbox({ ...options, dataDir });
  let dispatcher: Agent = createSandboxDispatcher(sandbox.caCertPem);

  const harness: SandboxHarness = {
    get sandbox() {
      return sandbox;
    },
    dataDir,
    fetch: (input, init) => createSandboxFetch(dispatcher)(input, init),
    tokenIssuer: (overrides = {}) =>
      new EntraTokenIssuer({
        target: { kind: 'sandbox', authorityHost: sandbox.url, caCertPem: sandbox.caCertPem },
        clientId: sandbox.botApp.clientId,
        appCredential: { kind: 'clientSecret', clientSecret: sandbox.botApp.clientSecret },
        retryOptions: FAST_RETRY,
        ...overrides,
      }),
    secretVault: (vaultOptions = {}) => {
      const issuer = vaultOptions.tokenIssuer ?? harness.tokenIssuer();
      return new KeyVaultSecretVault({
        vaultUrl: sandbox.url,
        credential: issuer.appTokenCredential(sandbox.tenantId),
        target: { kind: 'sandbox', caCertPem: sandbox.caCertPem },
        retryOptions: vaultOptions.retryOptions ?? FAST_RETRY,
        pollIntervalInMs: 20,
      });
    },
    restart: async (restartOptions = {}) => {
      await sandbox.close();
      await dispatcher.close();
      sandbox = await startSandbox({ ...options, ...restartOptions, dataDir });
      dispatcher = createSandboxDispatcher(sandbox.caCertPem);
    },
    stop: async () => {
      await sandbox.close();
      await dispatcher.close();
      if (ownsDataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return harness;
}

/**
 * The only place that constructs the SDK adapters (Graph client, Key Vault SecretClient,
 * @azure/identity credentials), from AppConfig:
 *
 * - sandbox mode: all three point at the local sandbox (SANDBOX_URL), trust only its CA
 *   (SANDBOX_CA_CERT_PATH) in the bot's own clients, and authenticate as the sandbox's bot app
 *   registration (AZURE_CLIENT_ID / AZURE_CLIENT_SECRET from the seed);
 * - azure mode: the real endpoints, with a client secret, a certificate or a managed identity.
 *
 * Whatever the config does not fully describe is replaced by an "unconfigured" stand-in that
 * refuses every call, so the bot fails closed with a clear message instead of half-working.
 */
import type { ConditionalAccess } from '../services/ports/conditional-access.port';
import { GraphConditionalAccess } from '../services/adapters/graph/graph-conditional-access';
import { readFileSync } from 'node:fs';
import { EntraTokenIssuer, type AppCredentialOptions, type EntraTarget } from '../services/adapters/entra/entra-token-issuer';
import { GraphDirectory } from '../services/adapters/graph/graph-directory';
import { GraphUserAdministration } from '../services/adapters/graph/graph-user-administration';
import { GraphBatchClient } from '../services/adapters/graph/graph-batch';
import { GraphBulkTargetDirectory } from '../services/adapters/graph/graph-bulk-target-directory';
import type { BulkTargetDirectory } from '../services/ports/bulk-target-directory.port';
import { GraphPlaybookDirectory } from '../services/adapters/graph/graph-playbook-directory';
import type { PlaybookDirectory } from '../services/ports/playbook-directory.port';
import type { GraphBatch } from '../services/ports/graph-batch.port';
import type { UserAdministration } from '../services/ports/user-administration.port';
import { GraphTeamsAppInstaller } from '../services/adapters/graph/graph-teams-app-installer';
import type { GraphFetch } from '../services/adapters/graph/graph-client-factory';
import { KeyVaultSecretVault, type KeyVaultTarget } from '../services/adapters/keyvault/key-vault-secret-vault';
import { createSandboxDispatcher, createSandboxFetch } from '../services/adapters/tls/sandbox-trust';
import type { Directory } from '../services/ports/directory.port';
import type { SecretVault } from '../services/ports/secret-vault.port';
import type { TeamsAppInstaller } from '../services/ports/teams-app-installer.port';
import type { TokenIssuer } from '../services/ports/token-issuer.port';
import type { AppConfig } from './config';
import { UnconfiguredDirectory, UnconfiguredSecretVault, UnconfiguredTokenIssuer } from './unconfigured-adapters';

/** A Graph access token for a tenant, from whichever principal the caller holds. */
export type AccessTokenFunction = (tenantId: string) => Promise<string>;

/** The outside world as the services see it. Tests pass their own (fakes, or adapters against a test sandbox). */
export interface BotAdapters {
  /** Graph as the bot's own app identity (application permissions). */
  directory: Directory;
  /** Key Vault, as the bot's own identity. */
  vault: SecretVault;
  /** Entra tokens: the bot's app token and the password grant. */
  tokenIssuer: TokenIssuer;
  /** Teams app installs for users, as the bot's own app identity. Absent: the bot never installs itself. */
  teamsApps?: TeamsAppInstaller;
  /** Graph as another principal (the session's account), given its token function. */
  directoryForToken(getAccessToken: AccessTokenFunction): Directory;
  /** Profile, manager and licence reads as the bot's own app identity. Absent: those actions fail closed. */
  userAdministration?: UserAdministration;
  /** Profile, manager and licence calls as another principal (the session's account). Absent: those actions fail closed. */
  userAdministrationForToken?(getAccessToken: AccessTokenFunction): UserAdministration;
  /** Who a bulk action is for (a department, a group), as the bot's own app. Absent: bulk by department or group fails closed. */
  bulkDirectory?: BulkTargetDirectory;
  /** Playbook policy queries as the bot's own app (User.Read.All). Absent: playbooks report the query unavailable. */
  playbookDirectory?: PlaybookDirectory;
  /** Graph `$batch` as another principal (the session's account), for bulk actions. Absent: bulk actions fail closed. */
  batchForToken?(getAccessToken: AccessTokenFunction): GraphBatch;
  /** Conditional-access policies, named locations and What If, as the bot's own app identity. Absent: those checks fail closed. */
  conditionalAccess?: ConditionalAccess;
  /** Which adapters are real; the rest refuse every call. For the start-up log line. */
  readonly configured: { directory: boolean; vault: boolean; tokenIssuer: boolean };
  /** Releases connection pools (the sandbox dispatcher). */
  close(): Promise<void>;
}

/** Nothing configured: every call is refused. The default for tests that do not touch the cloud. */
export function unconfiguredAdapters(): BotAdapters {
  const directory = new UnconfiguredDirectory();
  return {
    directory,
    vault: new UnconfiguredSecretVault(),
    tokenIssuer: new UnconfiguredTokenIssuer(),
    directoryForToken: () => directory,
    configured: { directory: false, vault: false, tokenIssuer: false },
    close: async () => undefined,
  };
}

interface Endpoints {
  entra: EntraTarget;
  vault: KeyVaultTarget;
  vaultUrl?: string;
  graphBaseUrl?: string;
  fetch?: GraphFetch;
  /** The tenant that owns the vault (the bot's home tenant). */
  vaultTenantId?: string;
  close(): Promise<void>;
}

function sandboxEndpoints(config: AppConfig): Endpoints | undefined {
  const { url, caCertPath, tenantId } = config.sandbox;
  if (!url || !caCertPath) return undefined;
  const caCertPem = readFileSync(caCertPath, 'utf8');
  const dispatcher = createSandboxDispatcher(caCertPem);
  const fetch = createSandboxFetch(dispatcher);
  return {
    entra: { kind: 'sandbox', authorityHost: url, caCertPem },
    vault: { kind: 'sandbox', caCertPem },
    vaultUrl: url,
    graphBaseUrl: `${url.replace(/\/+$/, '')}/v1.0`,
    fetch: (target, init) => fetch(target, init as Parameters<typeof fetch>[1]),
    vaultTenantId: tenantId,
    close: () => dispatcher.close(),
  };
}

function azureEndpoints(config: AppConfig): Endpoints {
  const { azure } = config;
  return {
    entra: { kind: 'azure', ...(azure.authorityHost ? { authorityHost: azure.authorityHost } : {}) },
    vault: { kind: 'azure' },
    vaultUrl: azure.keyVaultUrl,
    graphBaseUrl: azure.graphBaseUrl,
    vaultTenantId: azure.tenantId,
    close: async () => undefined,
  };
}

/** This is the one place a client secret leaves `SecretValue` for the identity SDK. */
function appCredentialOf(config: AppConfig): AppCredentialOptions | undefined {
  const { azure } = config;
  if (azure.useManagedIdentity) return { kind: 'managedIdentity', ...(azure.clientId ? { managedIdentityClientId: azure.clientId } : {}) };
  if (!azure.clientId) return undefined;
  if (azure.clientSecret) return { kind: 'clientSecret', clientSecret: azure.clientSecret.reveal() };
  if (azure.clientCertificatePath) return { kind: 'clientCertificate', certificatePath: azure.clientCertificatePath };
  return undefined;
}

/** Builds the adapters the config describes; anything missing fails closed. */
export function createAdapters(config: AppConfig): BotAdapters {
  const endpoints = config.mode === 'sandbox' ? sandboxEndpoints(config) : azureEndpoints(config);
  const appCredential = appCredentialOf(config);
  if (!endpoints || !appCredential) return unconfiguredAdapters();

  const issuer = new EntraTokenIssuer({
    target: endpoints.entra,
    // A managed identity without a client id has none; the password grant then needs its own app.
    clientId: config.azure.clientId ?? config.azure.passwordGrantClientId ?? '',
    appCredential,
    ...(config.azure.passwordGrantClientId ? { passwordGrantClientId: config.azure.passwordGrantClientId } : {}),
  });
  const graph = (getAccessToken: AccessTokenFunction): Directory =>
    new GraphDirectory({
      getAccessToken,
      ...(endpoints.graphBaseUrl ? { baseUrl: endpoints.graphBaseUrl } : {}),
      ...(endpoints.fetch ? { fetch: endpoints.fetch } : {}),
    });
  const vaultReady = endpoints.vaultUrl !== undefined && (endpoints.vaultTenantId !== undefined || appCredential.kind === 'managedIdentity');
  const vault: SecretVault = vaultReady
    ? new KeyVaultSecretVault({
        vaultUrl: endpoints.vaultUrl as string,
        credential: issuer.appTokenCredential(endpoints.vaultTenantId ?? 'organizations'),
        target: endpoints.vault,
      })
    : new UnconfiguredSecretVault();

  const appToken: AccessTokenFunction = async (tenantId) => (await issuer.getAppToken(tenantId)).token;
  return {
    directory: graph(appToken),
    userAdministration: new GraphUserAdministration({
      getAccessToken: appToken,
      ...(endpoints.graphBaseUrl ? { baseUrl: endpoints.graphBaseUrl } : {}),
      ...(endpoints.fetch ? { fetch: endpoints.fetch } : {}),
    }),
    conditionalAccess: new GraphConditionalAccess({
      getAccessToken: appToken,
      ...(endpoints.graphBaseUrl ? { baseUrl: endpoints.graphBaseUrl } : {}),
      ...(endpoints.fetch ? { fetch: endpoints.fetch } : {}),
    }),
    teamsApps: new GraphTeamsAppInstaller({
      getAccessToken: appToken,
      ...(endpoints.graphBaseUrl ? { baseUrl: endpoints.graphBaseUrl } : {}),
      ...(endpoints.fetch ? { fetch: endpoints.fetch } : {}),
    }),
    vault,
    tokenIssuer: issuer,
    directoryForToken: graph,
    userAdministrationForToken: (getAccessToken) =>
      new GraphUserAdministration({
        getAccessToken,
        ...(endpoints.graphBaseUrl ? { baseUrl: endpoints.graphBaseUrl } : {}),
        ...(endpoints.fetch ? { fetch: endpoints.fetch } : {}),
      }),
    bulkDirectory: new GraphBulkTargetDirectory({
      getAccessToken: appToken,
      ...(endpoints.graphBaseUrl ? { baseUrl: endpoints.graphBaseUrl } : {}),
      ...(endpoints.fetch ? { fetch: endpoints.fetch } : {}),
    }),
    playbookDirectory: new GraphPlaybookDirectory({
      getAccessToken: appToken,
      ...(endpoints.graphBaseUrl ? { baseUrl: endpoints.graphBaseUrl } : {}),
      ...(endpoints.fetch ? { fetch: endpoints.fetch } : {}),
    }),
    batchForToken: (getAccessToken) =>
      new GraphBatchClient({
        getAccessToken,
        ...(endpoints.graphBaseUrl ? { baseUrl: endpoints.graphBaseUrl } : {}),
        ...(endpoints.fetch ? { fetch: endpoints.fetch } : {}),
      }),
    configured: { directory: true, vault: vaultReady, tokenIssuer: true },
    close: () => endpoints.close(),
  };
}

/**
 * TokenIssuer on @azure/identity: the bot's app identity (client secret, certificate or
 * managed identity) and the resource-owner password grant for Default mode's admin and the
 * management service account.
 *
 * One options object covers both targets: `target.kind === 'sandbox'` points the authority at
 * the local sandbox, trusts only its CA and disables instance discovery; `'azure'` uses the
 * real login endpoint with the default trust store. Nothing else differs.
 *
 * Caching: app credentials are built once per tenant and reused (MSAL keeps its own short-lived
 * token cache inside them, as in production); the token broker above does the bot's caching.
 * A password credential lives for one call only, so no password outlives the call.
 */
import {
  ClientCertificateCredential,
  ClientSecretCredential,
  ManagedIdentityCredential,
  UsernamePasswordCredential,
  type TokenCredential,
  type TokenCredentialOptions,
} from '@azure/identity';
import { type AccessToken, type TokenIssuer } from '../../ports/token-issuer.port';
import { sandboxTlsOptions } from '../tls/sandbox-trust';
import { toSignInError } from './sign-in-error-mapping';

export const GRAPH_DEFAULT_SCOPE = 'https://graph.microsoft.com/.default';

export type EntraTarget =
  /** Real Microsoft Entra ID; authorityHost only for sovereign clouds. */
  | { kind: 'azure'; authorityHost?: string }
  /** The local sandbox: its URL is the authority host, its CA the only trusted root. */
  | { kind: 'sandbox'; authorityHost: string; caCertPem: string };

export type AppCredentialOptions =
  | { kind: 'clientSecret'; clientSecret: string }
  | { kind: 'clientCertificate'; certificatePath: string; sendCertificateChain?: boolean }
  /** Single-tenant by nature: the managed identity's own tenant. */
  | { kind: 'managedIdentity'; managedIdentityClientId?: string };

export interface EntraTokenIssuerOptions {
  target: EntraTarget;
  /** The bot's app registration (client id). */
  clientId: string;
  appCredential: AppCredentialOptions;
  /**
   * App used for the password grant, as a public client ("Allow public client flows" on).
   * Defaults to clientId. With a managed identity the bot has no app secret, so this is the
   * only way it can run a password grant.
   */
  passwordGrantClientId?: string;
  /** Retries of transient failures; keep them few: a sign-in waits on them. */
  retryOptions?: { maxRetries?: number; retryDelayInMs?: number; maxRetryDelayInMs?: number };
}

export class EntraTokenIssuer implements TokenIssuer {
  private readonly appCredentials = new Map<string, TokenCredential>();

  constructor(private readonly options: EntraTokenIssuerOptions) {}

  async getAppToken(tenantId: string, scopes: string[] = [GRAPH_DEFAULT_SCOPE]): Promise<AccessToken> {
    try {
      const token = await this.appCredential(tenantId).getToken(scopes);
      return toAccessToken(token);
    } catch (error) {
      throw toSignInError(error);
    }
  }

  async getUserTokenWithPassword(tenantId: string, username: string, password: string, scopes: string[] = [GRAPH_DEFAULT_SCOPE]): Promise<AccessToken> {
    try {
      const credential = new UsernamePasswordCredential(tenantId, this.options.passwordGrantClientId ?? this.options.clientId, username, password, this.credentialOptions());
      return toAccessToken(await credential.getToken(scopes));
    } catch (error) {
      throw toSignInError(error);
    }
  }

  private appCredential(tenantId: string): TokenCredential {
    const existing = this.appCredentials.get(tenantId);
    if (existing) return existing;
    const credential = this.createAppCredential(tenantId);
    this.appCredentials.set(tenantId, credential);
    return credential;
  }

  /**
   * The bot's app identity in a tenant as a TokenCredential, shared with the other SDK clients
   * (the Key Vault SecretClient, the Graph client) so they reuse one MSAL token cache.
   */
  appTokenCredential(tenantId: string): TokenCredential {
    return this.appCredential(tenantId);
  }

  private createAppCredential(tenantId: string): TokenCredential {
    const app = this.options.appCredential;
    const options = this.credentialOptions();
    switch (app.kind) {
      case 'clientSecret':
        return new ClientSecretCredential(tenantId, this.options.clientId, app.clientSecret, options);
      case 'clientCertificate':
        return new ClientCertificateCredential(tenantId, this.options.clientId, { certificatePath: app.certificatePath }, { ...options, sendCertificateChain: app.sendCertificateChain });
      case 'managedIdentity':
        return app.managedIdentityClientId ? new ManagedIdentityCredential({ ...options, clientId: app.managedIdentityClientId }) : new ManagedIdentityCredential(options);
    }
  }

  private credentialOptions(): TokenCredentialOptions & { disableInstanceDiscovery?: boolean } {
    return entraCredentialOptions(this.options.target, this.options.retryOptions);
  }
}

/** Credential options for a target; exported so other identity clients get the same trust. */
export function entraCredentialOptions(target: EntraTarget, retryOptions?: EntraTokenIssuerOptions['retryOptions']): TokenCredentialOptions & { disableInstanceDiscovery?: boolean } {
  if (target.kind === 'sandbox') {
    return {
      authorityHost: target.authorityHost,
      // MSAL would otherwise ask login.microsoftonline.com whether the sandbox is a valid authority.
      disableInstanceDiscovery: true,
      tlsOptions: sandboxTlsOptions(target.caCertPem),
      retryOptions,
    };
  }
  return { authorityHost: target.authorityHost, retryOptions };
}

function toAccessToken(token: { token: string; expiresOnTimestamp: number } | null): AccessToken {
  if (!token) throw new Error('network_error: Microsoft Entra ID returned no token');
  return { token: token.token, expiresOnTimestamp: token.expiresOnTimestamp, claims: decodeClaims(token.token) };
}

/** Reads the claims we rely on; the token is not validated here (Graph and Key Vault do that). */
export function decodeClaims(token: string): AccessToken['claims'] {
  try {
    const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
    const strings = (value: unknown) => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : undefined);
    return {
      oid: typeof payload.oid === 'string' ? payload.oid : undefined,
      tid: typeof payload.tid === 'string' ? payload.tid : undefined,
      upn: typeof payload.upn === 'string' ? payload.upn : undefined,
      scp: typeof payload.scp === 'string' ? payload.scp : undefined,
      roles: strings(payload.roles),
      wids: strings(payload.wids),
    };
  } catch {
    return {};
  }
}

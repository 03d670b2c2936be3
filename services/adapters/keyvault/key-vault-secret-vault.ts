/**
 * SecretVault on @azure/keyvault-secrets SecretClient.
 *
 * `target.kind === 'sandbox'` trusts only the sandbox CA and turns off the challenge resource
 * check (the sandbox's host is not *.vault.azure.net); `'azure'` uses the SDK defaults.
 * The bot's identity needs "Key Vault Secrets Officer" on the vault.
 */
import type { TokenCredential } from '@azure/identity';
import { SecretClient, type SecretProperties } from '@azure/keyvault-secrets';
import type { SecretVault, SecretVersionProperties, SecretWithValue } from '../../ports/secret-vault.port';
import { VaultError } from '../../ports/secret-vault.port';
import { sandboxTlsOptions } from '../tls/sandbox-trust';
import { statusOf, toVaultError } from './vault-error-mapping';

export type KeyVaultTarget = { kind: 'azure' } | { kind: 'sandbox'; caCertPem: string };

export interface KeyVaultSecretVaultOptions {
  /** https://{vault}.vault.azure.net, or the sandbox URL. */
  vaultUrl: string;
  /** The bot's app identity (EntraTokenIssuer.appTokenCredential(tenantId) shares its token cache). */
  credential: TokenCredential;
  target: KeyVaultTarget;
  retryOptions?: { maxRetries?: number; retryDelayInMs?: number; maxRetryDelayInMs?: number };
  /** How often delete/recover pollers check for completion (SDK default 2000 ms). */
  pollIntervalInMs?: number;
}

export class KeyVaultSecretVault implements SecretVault {
  private readonly client: SecretClient;
  private readonly pollIntervalInMs: number | undefined;

  constructor(options: KeyVaultSecretVaultOptions) {
    const sandbox = options.target.kind === 'sandbox' ? options.target : undefined;
    this.client = new SecretClient(options.vaultUrl, options.credential, {
      retryOptions: options.retryOptions,
      ...(sandbox ? { tlsOptions: sandboxTlsOptions(sandbox.caCertPem), disableChallengeResourceVerification: true } : {}),
    });
    this.pollIntervalInMs = options.pollIntervalInMs;
  }

  async setSecret(name: string, value: string, options: { contentType?: string; tags?: Record<string, string> } = {}): Promise<SecretVersionProperties> {
    if (options.tags && Object.values(options.tags).includes(value)) {
      // Tags are readable by anyone with list rights; a value in a tag is a programming error and a leak.
      throw new Error('Refusing to store a secret whose value appears in its tags.');
    }
    try {
      const secret = await this.client.setSecret(name, value, { contentType: options.contentType, tags: options.tags });
      return toVersionProperties(secret.properties);
    } catch (error) {
      throw toVaultError(error, 'setSecret');
    }
  }

  async getSecret(name: string, version?: string): Promise<SecretWithValue> {
    try {
      const secret = await this.client.getSecret(name, { version });
      if (secret.value === undefined) throw new VaultError('VAULT.NOT_FOUND', 'Key Vault returned a secret without a value.');
      return { ...toVersionProperties(secret.properties), value: secret.value };
    } catch (error) {
      throw toVaultError(error, 'getSecret');
    }
  }

  async listVersions(name: string): Promise<SecretVersionProperties[]> {
    try {
      const versions: SecretVersionProperties[] = [];
      for await (const properties of this.client.listPropertiesOfSecretVersions(name)) versions.push(toVersionProperties(properties));
      // Key Vault promises no order; created is in whole seconds, so ties keep the reverse of service order.
      return versions.reverse().sort((a, b) => (b.createdOn?.getTime() ?? 0) - (a.createdOn?.getTime() ?? 0));
    } catch (error) {
      if (statusOf(error) === 404) return [];
      throw toVaultError(error, 'listPropertiesOfSecretVersions');
    }
  }

  async updateVersion(
    name: string,
    version: string,
    patch: { tags?: Record<string, string>; enabled?: boolean; contentType?: string; expiresOn?: Date },
  ): Promise<SecretVersionProperties> {
    try {
      const properties = await this.client.updateSecretProperties(name, version, patch);
      return toVersionProperties(properties);
    } catch (error) {
      throw toVaultError(error, 'updateSecretProperties');
    }
  }

  async deleteSecret(name: string): Promise<void> {
    try {
      const poller = await this.client.beginDeleteSecret(name, { intervalInMs: this.pollIntervalInMs });
      await poller.pollUntilDone();
    } catch (error) {
      // Already deleted (or never existed): the end state the caller wants.
      if (statusOf(error) === 404) return;
      throw toVaultError(error, 'beginDeleteSecret');
    }
  }

  async purgeDeletedSecret(name: string): Promise<void> {
    try {
      await this.client.purgeDeletedSecret(name);
    } catch (error) {
      if (statusOf(error) === 404) return;
      throw toVaultError(error, 'purgeDeletedSecret');
    }
  }

  async recoverDeletedSecret(name: string): Promise<void> {
    try {
      const poller = await this.client.beginRecoverDeletedSecret(name, { intervalInMs: this.pollIntervalInMs });
      await poller.pollUntilDone();
    } catch (error) {
      throw toVaultError(error, 'beginRecoverDeletedSecret');
    }
  }
}

function toVersionProperties(properties: SecretProperties): SecretVersionProperties {
  return {
    name: properties.name,
    version: properties.version ?? '',
    enabled: properties.enabled ?? true,
    contentType: properties.contentType,
    tags: { ...(properties.tags ?? {}) },
    createdOn: properties.createdOn,
    updatedOn: properties.updatedOn,
    expiresOn: properties.expiresOn,
  };
}

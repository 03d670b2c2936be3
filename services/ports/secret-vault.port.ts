/**
 * Secret vault port: Azure Key Vault secrets, through @azure/keyvault-secrets SecretClient.
 * Implemented by services/adapters/keyvault/key-vault-secret-vault.ts.
 * The bot's identity needs the "Key Vault Secrets Officer" role on the vault.
 */
import { AppError } from '../errors';

export interface SecretVersionProperties {
  name: string;
  version: string;
  enabled: boolean;
  contentType?: string;
  tags: Record<string, string>;
  createdOn?: Date;
  updatedOn?: Date;
  expiresOn?: Date;
}

export interface SecretWithValue extends SecretVersionProperties {
  /** Held in memory only while used. Never logged, stored, rendered or audited. */
  value: string;
}

export type VaultErrorCode = 'VAULT.NOT_FOUND' | 'VAULT.UNAVAILABLE' | 'VAULT.FORBIDDEN' | 'VAULT.THROTTLED' | 'VAULT.CONFLICT';

export class VaultError extends AppError<VaultErrorCode, { status?: number; retryAfterInMs?: number }> {
  constructor(code: VaultErrorCode, developerMessage: string, details: { status?: number; retryAfterInMs?: number } = {}) {
    super(code, developerMessage, { details });
  }
}

export interface SecretVault {
  /** setSecret: always creates a new version. Tags must never contain the value. */
  setSecret(name: string, value: string, options?: { contentType?: string; tags?: Record<string, string> }): Promise<SecretVersionProperties>;
  /** getSecret latest (version omitted) or a given version. Throws VAULT.NOT_FOUND. */
  getSecret(name: string, version?: string): Promise<SecretWithValue>;
  /** listPropertiesOfSecretVersions, newest first. Empty when the secret does not exist. */
  listVersions(name: string): Promise<SecretVersionProperties[]>;
  /** updateSecretProperties: tags / enabled / contentType / expiresOn of one version. */
  updateVersion(name: string, version: string, patch: { tags?: Record<string, string>; enabled?: boolean; contentType?: string; expiresOn?: Date }): Promise<SecretVersionProperties>;
  /** beginDeleteSecret and wait: soft delete. Idempotent. */
  deleteSecret(name: string): Promise<void>;
  /** purgeDeletedSecret. Idempotent. */
  purgeDeletedSecret(name: string): Promise<void>;
  /** beginRecoverDeletedSecret and wait. */
  recoverDeletedSecret(name: string): Promise<void>;
}

/**
 * The management account's password in Key Vault: one secret per tenant, one version per
 * password. Tags describe a version (tenant, account object id, creation time, state,
 * operation) and never contain the value. Every read is by explicit version, so disabling
 * old versions never changes which password a caller gets.
 *
 * Key Vault role needed by the bot's identity: Key Vault Secrets Officer (set, get, list,
 * update, delete, recover).
 */
import { VaultError, type SecretVault, type SecretVersionProperties } from '../ports/secret-vault.port';

export type SecretVersionState = 'pending' | 'current' | 'retired' | 'abandoned';

export const MANAGED_BY_TAG_VALUE = 'management-session-bot';

export interface SecretTags {
  managedBy: typeof MANAGED_BY_TAG_VALUE;
  tenantId: string;
  state: SecretVersionState;
  operationId: string;
  createdAt: string;
  objectId?: string;
  userPrincipalName?: string;
}

function toTagRecord(tags: SecretTags): Record<string, string> {
  return Object.fromEntries(Object.entries(tags).filter(([, value]) => value !== undefined)) as Record<string, string>;
}

export class ServiceAccountSecrets {
  constructor(
    private readonly vault: SecretVault,
    private readonly contentType: string,
  ) {}

  /**
   * Writes a new version tagged `state=pending`. A name left soft-deleted by an earlier
   * "disable advanced management" answers 409; we recover it (Secrets Officer may, whereas
   * purge is blocked under purge protection) and write the new version on top.
   */
  async writePending(name: string, value: string, tags: Omit<SecretTags, 'state' | 'managedBy'>): Promise<SecretVersionProperties> {
    const options = { contentType: this.contentType, tags: toTagRecord({ ...tags, managedBy: MANAGED_BY_TAG_VALUE, state: 'pending' }) };
    try {
      return await this.vault.setSecret(name, value, options);
    } catch (error) {
      if (!(error instanceof VaultError) || error.code !== 'VAULT.CONFLICT') throw error;
      await this.vault.recoverDeletedSecret(name);
      return this.vault.setSecret(name, value, options);
    }
  }

  /** Versions, newest first; none when the secret does not exist. */
  async versions(name: string): Promise<SecretVersionProperties[]> {
    return this.vault.listVersions(name);
  }

  /** The version a given operation wrote and left pending, if the vault has it. */
  async findPendingOf(name: string, tenantId: string, operationId: string): Promise<SecretVersionProperties | undefined> {
    const versions = await this.vault.listVersions(name);
    return versions.find((v) => v.enabled && v.tags['tenantId'] === tenantId && v.tags['operationId'] === operationId && v.tags['state'] === 'pending');
  }

  /** Enabled versions whose tags say they belong to this account of this tenant, newest first. */
  async findForAccount(name: string, tenantId: string, objectId: string): Promise<SecretVersionProperties[]> {
    const versions = await this.vault.listVersions(name);
    return versions.filter((v) => v.enabled && v.tags['tenantId'] === tenantId && v.tags['objectId'] === objectId && v.tags['managedBy'] === MANAGED_BY_TAG_VALUE);
  }

  /** The value, held by the caller only while it uses it. */
  async readValue(name: string, version: string): Promise<string> {
    return (await this.vault.getSecret(name, version)).value;
  }

  /** Adds tags to a version, keeping the others. */
  async tag(name: string, version: string, tags: Partial<SecretTags>): Promise<void> {
    const current = (await this.vault.listVersions(name)).find((v) => v.version === version);
    const merged = { ...(current?.tags ?? {}), ...toTagRecord(tags as SecretTags) };
    await this.vault.updateVersion(name, version, { tags: merged, contentType: this.contentType });
  }

  /**
   * Makes `version` the current one and retires (disables) every other enabled version, so
   * exactly one current version exists. Safe to repeat.
   */
  async promote(name: string, version: string, tags: Partial<SecretTags>): Promise<void> {
    await this.tag(name, version, { ...tags, state: 'current' });
    for (const other of await this.vault.listVersions(name)) {
      if (other.version === version || (!other.enabled && other.tags['state'] === 'retired')) continue;
      const state: SecretVersionState = other.tags['state'] === 'abandoned' ? 'abandoned' : 'retired';
      await this.vault.updateVersion(name, other.version, { enabled: false, tags: { ...other.tags, state } });
    }
  }

  /** Disables a version nobody will use (a staged password for an account we did not create). */
  async abandon(name: string, version: string): Promise<void> {
    const current = (await this.vault.listVersions(name)).find((v) => v.version === version);
    if (!current) return;
    await this.vault.updateVersion(name, version, { enabled: false, tags: { ...current.tags, state: 'abandoned' } });
  }

  /** Soft delete; recoverable for the vault's retention period. Idempotent. */
  async softDelete(name: string): Promise<void> {
    await this.vault.deleteSecret(name);
  }
}

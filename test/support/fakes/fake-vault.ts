import { randomBytes } from 'node:crypto';
import {
  VaultError,
  type SecretVault,
  type SecretVersionProperties,
  type SecretWithValue,
} from '../../../services/ports/secret-vault.port';

interface StoredVersion extends SecretVersionProperties {
  value: string;
}

/**
 * Key Vault secrets in memory, with the behaviour the services depend on: every set is a new
 * version, listVersions is newest first, a soft-deleted name answers 409 to a set until it is
 * recovered or purged, disabled versions cannot be read, and an outage fails every call.
 */
export class FakeSecretVault implements SecretVault {
  private readonly secrets = new Map<string, StoredVersion[]>();
  private readonly deleted = new Map<string, StoredVersion[]>();
  private clockMs = Date.parse('2026-01-05T09:00:00Z');
  /** When set, every call fails with this code (VAULT.UNAVAILABLE models an outage). */
  failWith: VaultError['code'] | undefined;

  async setSecret(name: string, value: string, options: { contentType?: string; tags?: Record<string, string> } = {}): Promise<SecretVersionProperties> {
    this.guard();
    if (this.deleted.has(name)) throw new VaultError('VAULT.CONFLICT', `Secret ${name} is currently in a deleted but recoverable state`, { status: 409 });
    for (const tagValue of Object.values(options.tags ?? {})) {
      if (tagValue === value) throw new Error('test fake: a tag holds the secret value');
    }
    const at = this.tick();
    const version: StoredVersion = {
      name,
      version: randomBytes(16).toString('hex'),
      enabled: true,
      tags: { ...(options.tags ?? {}) },
      createdOn: at,
      updatedOn: at,
      value,
    };
    if (options.contentType !== undefined) version.contentType = options.contentType;
    const versions = this.secrets.get(name) ?? [];
    versions.push(version);
    this.secrets.set(name, versions);
    return strip(version);
  }

  async getSecret(name: string, version?: string): Promise<SecretWithValue> {
    this.guard();
    const versions = this.secrets.get(name);
    const found = version ? versions?.find((v) => v.version === version) : versions?.[versions.length - 1];
    if (!found) throw new VaultError('VAULT.NOT_FOUND', `Secret ${name} not found`, { status: 404 });
    if (!found.enabled) throw new VaultError('VAULT.FORBIDDEN', `Secret ${name} version is disabled`, { status: 403 });
    return { ...strip(found), value: found.value };
  }

  async listVersions(name: string): Promise<SecretVersionProperties[]> {
    this.guard();
    return [...(this.secrets.get(name) ?? [])].reverse().map(strip);
  }

  async updateVersion(
    name: string,
    version: string,
    patch: { tags?: Record<string, string>; enabled?: boolean; contentType?: string; expiresOn?: Date },
  ): Promise<SecretVersionProperties> {
    this.guard();
    const found = this.secrets.get(name)?.find((v) => v.version === version);
    if (!found) throw new VaultError('VAULT.NOT_FOUND', `Secret ${name}/${version} not found`, { status: 404 });
    if (patch.tags) {
      for (const tagValue of Object.values(patch.tags)) if (tagValue === found.value) throw new Error('test fake: a tag holds the secret value');
      found.tags = { ...patch.tags };
    }
    if (patch.enabled !== undefined) found.enabled = patch.enabled;
    if (patch.contentType !== undefined) found.contentType = patch.contentType;
    if (patch.expiresOn !== undefined) found.expiresOn = patch.expiresOn;
    found.updatedOn = this.tick();
    return strip(found);
  }

  async deleteSecret(name: string): Promise<void> {
    this.guard();
    const versions = this.secrets.get(name);
    if (!versions) return;
    this.secrets.delete(name);
    this.deleted.set(name, versions);
  }

  async purgeDeletedSecret(name: string): Promise<void> {
    this.guard();
    this.deleted.delete(name);
  }

  async recoverDeletedSecret(name: string): Promise<void> {
    this.guard();
    const versions = this.deleted.get(name);
    if (!versions) throw new VaultError('VAULT.NOT_FOUND', `Deleted secret ${name} not found`, { status: 404 });
    this.deleted.delete(name);
    this.secrets.set(name, versions);
  }

  // ---- test inspection ----

  /** Live (not deleted) versions of a secret, oldest first, with values. */
  versionsOf(name: string): Array<SecretVersionProperties & { value: string }> {
    return (this.secrets.get(name) ?? []).map((v) => ({ ...strip(v), value: v.value }));
  }

  isSoftDeleted(name: string): boolean {
    return this.deleted.has(name);
  }

  /** Every value the vault holds or held (live and deleted), for leak scans. */
  allValues(): string[] {
    return [...this.secrets.values(), ...this.deleted.values()].flat().map((v) => v.value);
  }

  private guard(): void {
    if (this.failWith) throw new VaultError(this.failWith, `Vault ${this.failWith}`, { status: this.failWith === 'VAULT.UNAVAILABLE' ? 503 : 403 });
  }

  private tick(): Date {
    this.clockMs += 1000;
    return new Date(this.clockMs);
  }
}

function strip(version: StoredVersion): SecretVersionProperties {
  const { value: _value, ...properties } = version;
  return { ...properties, tags: { ...properties.tags } };
}

/** Key Vault secrets in memory, counting reads; can be made unavailable (fail-closed tests). */
import { VaultError, type SecretVault, type SecretVersionProperties, type SecretWithValue } from '../../../services/ports/secret-vault.port';

export class FakeSessionVault implements SecretVault {
  reads = 0;
  unavailable = false;
  private readonly secrets = new Map<string, SecretWithValue[]>();
  private counter = 0;

  async setSecret(name: string, value: string, options: { contentType?: string; tags?: Record<string, string> } = {}): Promise<SecretVersionProperties> {
    this.assertAvailable();
    this.counter += 1;
    const version: SecretWithValue = { name, version: `v${this.counter}`, enabled: true, tags: options.tags ?? {}, contentType: options.contentType, value };
    this.secrets.set(name, [version, ...(this.secrets.get(name) ?? [])]);
    return strip(version);
  }

  async getSecret(name: string, version?: string): Promise<SecretWithValue> {
    this.reads += 1;
    this.assertAvailable();
    const versions = this.secrets.get(name) ?? [];
    const found = version ? versions.find((v) => v.version === version) : versions[0];
    if (!found) throw new VaultError('VAULT.NOT_FOUND', 'SecretNotFound', { status: 404 });
    return { ...found };
  }

  async listVersions(name: string): Promise<SecretVersionProperties[]> {
    this.assertAvailable();
    return (this.secrets.get(name) ?? []).map(strip);
  }

  async updateVersion(name: string, version: string, patch: { tags?: Record<string, string>; enabled?: boolean }): Promise<SecretVersionProperties> {
    this.assertAvailable();
    const found = (this.secrets.get(name) ?? []).find((v) => v.version === version);
    if (!found) throw new VaultError('VAULT.NOT_FOUND', 'SecretNotFound', { status: 404 });
    if (patch.tags) found.tags = patch.tags;
    if (patch.enabled !== undefined) found.enabled = patch.enabled;
    return strip(found);
  }

  async deleteSecret(name: string): Promise<void> {
    this.secrets.delete(name);
  }

  async purgeDeletedSecret(): Promise<void> {}

  async recoverDeletedSecret(): Promise<void> {}

  private assertAvailable(): void {
    if (this.unavailable) throw new VaultError('VAULT.UNAVAILABLE', 'vault unavailable', { status: 503 });
  }
}

function strip(secret: SecretWithValue): SecretVersionProperties {
  const { value: _value, ...properties } = secret;
  return properties;
}

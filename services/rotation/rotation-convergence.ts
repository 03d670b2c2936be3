/**
 * Brings the vault's tags and the store in line with a decision: "this version is the one
 * current password" (promote) or "keep the current one, drop the pending ones" (keepCurrent).
 * Both are idempotent, so recovery can simply run them again after a crash at any point.
 *
 * Write order is what keeps invariant 5 (DESIGN.md §6) through a crash between any two calls:
 * - promote tags the winner `current` first, then the old one `previous`, then points the
 *   store at the winner, and only then disables the old versions. Until the store moves, the
 *   store still lists the winner as pending, so the broker and recovery keep trying it.
 * - keepCurrent clears the store's pending pointer first (the version was proven not to be the
 *   live one), then tags and disables it in the vault.
 */
import type { SecretVault, SecretVersionProperties } from '../ports/secret-vault.port';
import type { ServiceAccountRecord, ServiceAccountRepository } from '../ports/service-account.repository.port';
import type { CredentialCacheInvalidator, RotationLogger, RotationScheduleLookup } from './rotation-collaborators.port';
import { RotationError } from './rotation-errors';
import { tagsWithState, versionState } from './rotation-vault-tags';

export interface ConvergenceDeps {
  vault: SecretVault;
  serviceAccounts: ServiceAccountRepository;
  schedule?: RotationScheduleLookup;
  tokenCache?: CredentialCacheInvalidator;
  logger: RotationLogger;
}

export class RotationConvergence {
  constructor(private readonly deps: ConvergenceDeps) {}

  /**
   * Makes `winner` the only enabled `current` version and the store's current version, clears
   * the pending pointer, disables the versions it replaces, and drops cached tokens.
   * Key Vault secrets/list + secrets/set (update properties): Key Vault Secrets Officer.
   * Throws VaultError (mapped by the caller).
   */
  async promote(tenantId: string, winner: string, at: Date): Promise<ServiceAccountRecord> {
    const record = this.requireRecord(tenantId);
    const versions = await this.deps.vault.listVersions(record.secretName);
    const byId = new Map(versions.map((version) => [version.version, version]));
    const winnerProps = byId.get(winner);
    if (!winnerProps || versionState(winnerProps) !== 'current' || !winnerProps.enabled) {
      await this.deps.vault.updateVersion(record.secretName, winner, { tags: tagsWithState(winnerProps?.tags ?? {}, 'current'), enabled: true });
    }
    const replaced = versions.filter(
      (version) => version.version !== winner && version.enabled && (versionState(version) === 'current' || version.version === record.currentSecretVersion),
    );
    for (const version of replaced) {
      await this.deps.vault.updateVersion(record.secretName, version.version, { tags: tagsWithState(version.tags, 'previous') });
    }

    const fresh = this.requireRecord(tenantId);
    const moved = fresh.currentSecretVersion !== winner;
    const next = this.deps.schedule?.nextRotationAt(tenantId, at);
    const updated: ServiceAccountRecord = { ...fresh, currentSecretVersion: winner };
    delete updated.pendingSecretVersion;
    if (moved) updated.lastRotationAt = at.toISOString();
    if (next) updated.nextRotationAt = next.toISOString();
    else if (moved) delete updated.nextRotationAt;
    if (moved || fresh.pendingSecretVersion !== undefined || fresh.nextRotationAt !== updated.nextRotationAt) this.deps.serviceAccounts.save(updated);

    await this.retireOthers(record.secretName, winner, versions, replaced);
    if (moved) await this.dropCachedTokens(tenantId);
    return updated;
  }

  /**
   * Keeps the store's current version, discards (tags `discarded`, disables) the given pending
   * versions, and repairs `current` tags. Same permissions and errors as `promote`.
   */
  async keepCurrent(tenantId: string, discard: readonly string[]): Promise<ServiceAccountRecord> {
    const record = this.requireRecord(tenantId);
    if (record.pendingSecretVersion !== undefined) {
      const cleared: ServiceAccountRecord = { ...record };
      delete cleared.pendingSecretVersion;
      this.deps.serviceAccounts.save(cleared);
    }
    const versions = await this.deps.vault.listVersions(record.secretName);
    const current = versions.find((version) => version.version === record.currentSecretVersion);
    if (current && (versionState(current) !== 'current' || !current.enabled)) {
      await this.deps.vault.updateVersion(record.secretName, current.version, { tags: tagsWithState(current.tags, 'current'), enabled: true });
    }
    const strayCurrent = versions.filter(
      (version) => version.version !== record.currentSecretVersion && version.enabled && versionState(version) === 'current' && !discard.includes(version.version),
    );
    await this.retireOthers(record.secretName, record.currentSecretVersion, versions, strayCurrent, discard);
    return this.requireRecord(tenantId);
  }

  /**
   * Disables every enabled version, other than the keeper, that a rotation owns: the ones just
   * replaced (tagged previous), old previous ones, pending ones, and the explicitly discarded.
   */
  private async retireOthers(
    secretName: string,
    keeper: string,
    versions: readonly SecretVersionProperties[],
    replaced: readonly SecretVersionProperties[],
    discard: readonly string[] = [],
  ): Promise<void> {
    const replacedIds = new Set(replaced.map((version) => version.version));
    for (const version of versions) {
      if (version.version === keeper || !version.enabled) continue;
      const state = versionState(version);
      if (replacedIds.has(version.version) || state === 'previous') {
        await this.deps.vault.updateVersion(secretName, version.version, { tags: tagsWithState(version.tags, 'previous'), enabled: false });
      } else if (state === 'pending' || state === 'discarded' || discard.includes(version.version)) {
        await this.deps.vault.updateVersion(secretName, version.version, { tags: tagsWithState(version.tags, 'discarded'), enabled: false });
      }
    }
  }

  private async dropCachedTokens(tenantId: string): Promise<void> {
    if (!this.deps.tokenCache) return;
    try {
      await this.deps.tokenCache.notifyRotated(tenantId);
    } catch (error) {
      // The broker also re-reads the vault after an authentication failure, so a missed drop costs one retry, not an outage.
      this.deps.logger.warn({ tenantId, code: errorCode(error) }, 'rotation: dropping cached tokens failed');
    }
  }

  private requireRecord(tenantId: string): ServiceAccountRecord {
    const record = this.deps.serviceAccounts.get(tenantId);
    if (!record) throw new RotationError('ROTATION.NO_SERVICE_ACCOUNT', 'no service account record', { details: { tenantId } });
    return record;
  }
}

export function errorCode(error: unknown): string {
  if (error && typeof error === 'object' && 'code' in error && typeof (error as { code: unknown }).code === 'string') {
    return (error as { code: string }).code;
  }
  return error instanceof Error ? error.name : 'UNKNOWN';
}

/** Maps stored secrets to Key Vault's wire shapes (SecretBundle, SecretItem, DeletedSecretBundle). */
import type { DeletedVaultSecret, VaultSecret, VaultSecretVersion } from './vault-state';

/** Soft delete without purge protection, Key Vault's default since 2020. */
const RECOVERY_LEVEL = 'Recoverable+Purgeable';

export interface BundleContext {
  baseUrl: string;
  recoverableDays: number;
}

function attributes(version: VaultSecretVersion, context: BundleContext) {
  return {
    enabled: version.enabled,
    ...(version.nbf !== undefined ? { nbf: version.nbf } : {}),
    ...(version.exp !== undefined ? { exp: version.exp } : {}),
    created: version.created,
    updated: version.updated,
    recoveryLevel: RECOVERY_LEVEL,
    recoverableDays: context.recoverableDays,
  };
}

function common(version: VaultSecretVersion, context: BundleContext) {
  return {
    attributes: attributes(version, context),
    ...(version.contentType !== undefined ? { contentType: version.contentType } : {}),
    ...(Object.keys(version.tags).length > 0 ? { tags: { ...version.tags } } : {}),
  };
}

export function secretId(context: BundleContext, name: string, version?: string): string {
  return version ? `${context.baseUrl}/secrets/${name}/${version}` : `${context.baseUrl}/secrets/${name}`;
}

/** SecretBundle; `value` only when the caller asked for the secret itself. */
export function secretBundle(context: BundleContext, name: string, version: VaultSecretVersion, value?: string) {
  return { ...(value !== undefined ? { value } : {}), id: secretId(context, name, version.version), ...common(version, context) };
}

/** SecretItem in "list secrets" (id without version) or "list versions" (id with version). */
export function secretItem(context: BundleContext, name: string, version: VaultSecretVersion, withVersion: boolean) {
  return { id: secretId(context, name, withVersion ? version.version : undefined), ...common(version, context) };
}

function deletedFields(context: BundleContext, deleted: DeletedVaultSecret) {
  return {
    recoveryId: `${context.baseUrl}/deletedsecrets/${deleted.secret.name}`,
    deletedDate: deleted.deletedDate,
    scheduledPurgeDate: deleted.scheduledPurgeDate,
  };
}

export function latestVersion(secret: VaultSecret): VaultSecretVersion {
  return secret.versions[secret.versions.length - 1] as VaultSecretVersion;
}

export function deletedSecretBundle(context: BundleContext, deleted: DeletedVaultSecret) {
  return { ...deletedFields(context, deleted), ...secretBundle(context, deleted.secret.name, latestVersion(deleted.secret)) };
}

export function deletedSecretItem(context: BundleContext, deleted: DeletedVaultSecret) {
  return { ...deletedFields(context, deleted), ...secretItem(context, deleted.secret.name, latestVersion(deleted.secret), false) };
}

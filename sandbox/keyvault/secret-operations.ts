/**
 * The Key Vault secret operations over the vault state. Each returns the wire response; the
 * handler has already authenticated and authorized the caller.
 */
import { newVaultVersionId } from '../core/ids';
import type { SandboxRequest, SandboxResponse } from '../core/types';
import { KeyVaultErrors } from './keyvault-errors';
import { deletedSecretBundle, deletedSecretItem, latestVersion, secretBundle, secretItem, type BundleContext } from './secret-bundles';
import type { VaultValueCipher } from './vault-value-cipher';
import { page, readPageRequest } from './vault-paging';
import type { VaultSecretVersion, VaultState } from './vault-state';

export interface OperationContext {
  vault: VaultState;
  cipher: VaultValueCipher;
  bundles: BundleContext;
  nowInSeconds: number;
  apiVersion: string;
}

/** Key Vault's limit on a secret value (25 KB). */
const MAX_VALUE_LENGTH = 25 * 1024;
const MAX_TAGS = 15;

const ok = (body: unknown): SandboxResponse => ({ status: 200, body });

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

type Patch = { contentType?: string; tags?: Record<string, string>; enabled?: boolean; exp?: number; nbf?: number };

/** Validates the optional properties shared by set and update. */
function readPatch(body: Record<string, unknown>): { ok: true; patch: Patch } | { ok: false; response: SandboxResponse } {
  const bad = (message: string) => ({ ok: false as const, response: KeyVaultErrors.badParameter(message) });
  const patch: Patch = {};
  if (body.contentType !== undefined && body.contentType !== null) {
    if (typeof body.contentType !== 'string') return bad('contentType must be a string.');
    patch.contentType = body.contentType;
  }
  if (body.tags !== undefined && body.tags !== null) {
    if (!isRecord(body.tags) || Object.values(body.tags).some((v) => typeof v !== 'string')) return bad('Tags must be a map of strings.');
    if (Object.keys(body.tags).length > MAX_TAGS) return bad(`A secret can have at most ${MAX_TAGS} tags.`);
    patch.tags = { ...(body.tags as Record<string, string>) };
  }
  if (body.attributes !== undefined && body.attributes !== null) {
    if (!isRecord(body.attributes)) return bad('attributes must be an object.');
    const { enabled, exp, nbf } = body.attributes;
    if (enabled !== undefined && enabled !== null) {
      if (typeof enabled !== 'boolean') return bad('attributes.enabled must be a boolean.');
      patch.enabled = enabled;
    }
    for (const [key, value] of [['exp', exp], ['nbf', nbf]] as const) {
      if (value === undefined || value === null) continue;
      if (typeof value !== 'number' || !Number.isFinite(value)) return bad(`attributes.${key} must be a Unix time in seconds.`);
      patch[key] = Math.floor(value);
    }
  }
  return { ok: true, patch };
}

function applyPatch(version: VaultSecretVersion, patch: Patch): void {
  if (patch.contentType !== undefined) version.contentType = patch.contentType;
  if (patch.tags !== undefined) version.tags = patch.tags;
  if (patch.enabled !== undefined) version.enabled = patch.enabled;
  if (patch.exp !== undefined) version.exp = patch.exp;
  if (patch.nbf !== undefined) version.nbf = patch.nbf;
}

export function setSecret(op: OperationContext, name: string, body: unknown): SandboxResponse {
  if (!isRecord(body) || typeof body.value !== 'string') return KeyVaultErrors.badParameter('The parameter value is required and must be a string.');
  if (body.value.length > MAX_VALUE_LENGTH) return KeyVaultErrors.badParameter(`Secret value exceeds the maximum size of ${MAX_VALUE_LENGTH} bytes.`);
  if (op.vault.deletedSecrets[name]) return KeyVaultErrors.deletedButRecoverable(name);
  const read = readPatch(body);
  if (!read.ok) return read.response;
  const version: VaultSecretVersion = { version: newVaultVersionId(), encryptedValue: op.cipher.encrypt(body.value), tags: {}, enabled: true, created: op.nowInSeconds, updated: op.nowInSeconds };
  applyPatch(version, read.patch);
  const secret = (op.vault.secrets[name] ??= { name, versions: [] });
  secret.versions.push(version);
  return ok(secretBundle(op.bundles, name, version, body.value));
}

function findVersion(op: OperationContext, name: string, versionId: string): VaultSecretVersion | SandboxResponse {
  const secret = op.vault.secrets[name];
  if (!secret) return KeyVaultErrors.secretNotFound(name);
  if (!versionId) return latestVersion(secret);
  const version = secret.versions.find((v) => v.version.toLowerCase() === versionId.toLowerCase());
  return version ?? KeyVaultErrors.secretNotFound(`${name}/${versionId}`);
}

const isResponse = (value: VaultSecretVersion | SandboxResponse): value is SandboxResponse => 'status' in value;

export function getSecret(op: OperationContext, name: string, versionId: string): SandboxResponse {
  const version = findVersion(op, name, versionId);
  if (isResponse(version)) return version;
  if (!version.enabled) return KeyVaultErrors.disabled('get');
  return ok(secretBundle(op.bundles, name, version, op.cipher.decrypt(version.encryptedValue)));
}

export function updateSecret(op: OperationContext, name: string, versionId: string, body: unknown): SandboxResponse {
  if (!isRecord(body)) return KeyVaultErrors.badParameter('The request body must be a JSON object.');
  const version = findVersion(op, name, versionId);
  if (isResponse(version)) return version;
  const read = readPatch(body);
  if (!read.ok) return read.response;
  applyPatch(version, read.patch);
  version.updated = op.nowInSeconds;
  return ok(secretBundle(op.bundles, name, version));
}

export function listSecrets(op: OperationContext, req: SandboxRequest): SandboxResponse {
  const request = readPageRequest(req);
  if (!request.ok) return KeyVaultErrors.badParameter(request.message);
  const items = Object.values(op.vault.secrets)
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((s) => secretItem(op.bundles, s.name, latestVersion(s), false));
  return ok(page(items, request, { url: req.url, apiVersion: op.apiVersion }));
}

export function listVersions(op: OperationContext, req: SandboxRequest, name: string): SandboxResponse {
  const request = readPageRequest(req);
  if (!request.ok) return KeyVaultErrors.badParameter(request.message);
  const secret = op.vault.secrets[name];
  // Key Vault answers an empty list, not 404, for versions of a name it does not hold.
  const items = (secret?.versions ?? []).map((v) => secretItem(op.bundles, name, v, true));
  return ok(page(items, request, { url: req.url, apiVersion: op.apiVersion }));
}

export function deleteSecret(op: OperationContext, name: string): SandboxResponse {
  const secret = op.vault.secrets[name];
  if (!secret) return KeyVaultErrors.secretNotFound(name);
  delete op.vault.secrets[name];
  const deleted = { secret, deletedDate: op.nowInSeconds, scheduledPurgeDate: op.nowInSeconds + op.vault.recoverableDays * 86400 };
  op.vault.deletedSecrets[name] = deleted;
  return ok(deletedSecretBundle(op.bundles, deleted));
}

export function getDeletedSecret(op: OperationContext, name: string): SandboxResponse {
  const deleted = op.vault.deletedSecrets[name];
  return deleted ? ok(deletedSecretBundle(op.bundles, deleted)) : KeyVaultErrors.deletedSecretNotFound(name);
}

export function listDeletedSecrets(op: OperationContext, req: SandboxRequest): SandboxResponse {
  const request = readPageRequest(req);
  if (!request.ok) return KeyVaultErrors.badParameter(request.message);
  const items = Object.values(op.vault.deletedSecrets)
    .sort((a, b) => a.secret.name.localeCompare(b.secret.name))
    .map((d) => deletedSecretItem(op.bundles, d));
  return ok(page(items, request, { url: req.url, apiVersion: op.apiVersion }));
}

export function purgeDeletedSecret(op: OperationContext, name: string): SandboxResponse {
  if (!op.vault.deletedSecrets[name]) return KeyVaultErrors.deletedSecretNotFound(name);
  delete op.vault.deletedSecrets[name];
  return { status: 204 };
}

export function recoverDeletedSecret(op: OperationContext, name: string): SandboxResponse {
  const deleted = op.vault.deletedSecrets[name];
  if (!deleted) return KeyVaultErrors.deletedSecretNotFound(name);
  if (op.vault.secrets[name]) return KeyVaultErrors.nameInUse(name);
  delete op.vault.deletedSecrets[name];
  op.vault.secrets[name] = deleted.secret;
  return ok(secretBundle(op.bundles, name, latestVersion(deleted.secret)));
}

/** Soft-deleted secrets past their scheduled purge date disappear, as Key Vault purges them. */
export function purgeExpiredDeletions(vault: VaultState, nowInSeconds: number): boolean {
  let changed = false;
  for (const [name, deleted] of Object.entries(vault.deletedSecrets)) {
    if (deleted.scheduledPurgeDate <= nowInSeconds) {
      delete vault.deletedSecrets[name];
      changed = true;
    }
  }
  return changed;
}

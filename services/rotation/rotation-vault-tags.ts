/**
 * How the rotation marks Key Vault versions. The tags carry states and ids only, never the
 * value (Key Vault tags are readable by anyone with list permission).
 *
 * pending   written by a run, not yet proven to sign in (may or may not be live in Entra);
 * current   proven to sign in; exactly one enabled version per secret once a run converges;
 * previous  the version a successful run replaced (disabled once the store points at the new one);
 * discarded written by a run that never reached Entra, or rejected by Entra (disabled).
 *
 * Service-account provisioning (services/service-account/service-account-secrets.ts) writes
 * the first version with the same identifying tags (managedBy, tenantId, objectId,
 * userPrincipalName, operationId, createdAt) and calls its retired versions `retired` and its
 * unused ones `abandoned`; we read those as previous and discarded, so either area can follow
 * the other's versions.
 */
import type { SecretVersionProperties } from '../ports/secret-vault.port';
import { MANAGED_BY_TAG_VALUE } from '../service-account/service-account-secrets';

export type VersionState = 'pending' | 'current' | 'previous' | 'discarded';

export const STATE_TAG = 'state';
export const ROTATION_ID_TAG = 'rotationId';

const STATE_ALIASES: Readonly<Record<string, VersionState>> = {
  pending: 'pending',
  current: 'current',
  previous: 'previous',
  retired: 'previous',
  discarded: 'discarded',
  abandoned: 'discarded',
};

export function versionState(version: Pick<SecretVersionProperties, 'tags'>): VersionState | undefined {
  const state = version.tags[STATE_TAG];
  return state === undefined ? undefined : STATE_ALIASES[state];
}

/** Key Vault replaces the whole tag set on update, so every update starts from the version's existing tags. */
export function tagsWithState(existing: Record<string, string>, state: VersionState): Record<string, string> {
  return { ...existing, [STATE_TAG]: state };
}

export interface PendingTagInput {
  tenantId: string;
  rotationId: string;
  objectId: string;
  userPrincipalName: string;
  createdAt: Date;
}

export function pendingTags(input: PendingTagInput): Record<string, string> {
  return {
    managedBy: MANAGED_BY_TAG_VALUE,
    tenantId: input.tenantId,
    objectId: input.objectId,
    userPrincipalName: input.userPrincipalName,
    operationId: input.rotationId,
    [ROTATION_ID_TAG]: input.rotationId,
    createdAt: input.createdAt.toISOString(),
    [STATE_TAG]: 'pending',
  };
}

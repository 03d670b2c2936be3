import { randomBytes, randomUUID } from 'node:crypto';

export function newGuid(): string {
  return randomUUID();
}

/** Key Vault version ids are 32 lower-case hex characters. */
export function newVaultVersionId(): string {
  return randomBytes(16).toString('hex');
}

import type { VaultState } from './vault-state';

/** A fresh, empty vault: the bot creates its secrets itself. */
export function emptyVault(name = 'contoso-sandbox-kv'): VaultState {
  return { name, recoverableDays: 90, secrets: {}, deletedSecrets: {} };
}

/**
 * Key Vault state as persisted by the sandbox. Times are Unix seconds, as on Key Vault's wire.
 * Who may use the vault is directory data: `SandboxApplication.keyVaultSecretsOfficer`.
 * Secret values are encrypted at rest (AES-256-GCM, key under dataDir) so the bot's leak scans of
 * ./data never find a usable password in the state file.
 */

export interface VaultSecretVersion {
  version: string;
  /** base64(iv | authTag | ciphertext), see vault-value-cipher.ts. */
  encryptedValue: string;
  contentType?: string;
  tags: Record<string, string>;
  enabled: boolean;
  created: number;
  updated: number;
  exp?: number;
  nbf?: number;
}

export interface VaultSecret {
  name: string;
  /** In creation order; the last one is "latest". */
  versions: VaultSecretVersion[];
}

export interface DeletedVaultSecret {
  secret: VaultSecret;
  deletedDate: number;
  scheduledPurgeDate: number;
}

export interface VaultState {
  /** Shown in ids; the vault itself is served at the sandbox root URL. */
  name: string;
  recoverableDays: number;
  secrets: Record<string, VaultSecret>;
  deletedSecrets: Record<string, DeletedVaultSecret>;
}

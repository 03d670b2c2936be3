/**
 * Encrypts secret values at rest in the sandbox state file (AES-256-GCM). The key lives next to
 * the state under dataDir; this is not a security boundary, it keeps plain passwords out of the
 * JSON that leak scans and developers read.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const KEY_FILE = 'vault-encryption.key';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export interface VaultValueCipher {
  encrypt(value: string): string;
  decrypt(encrypted: string): string;
}

export function loadVaultValueCipher(keyDir: string): VaultValueCipher {
  mkdirSync(keyDir, { recursive: true });
  const keyPath = join(keyDir, KEY_FILE);
  if (!existsSync(keyPath)) writeFileSync(keyPath, randomBytes(32).toString('base64'), { mode: 0o600 });
  const key = Buffer.from(readFileSync(keyPath, 'utf8').trim(), 'base64');
  return {
    encrypt(value) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const ciphertext = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString('base64');
    },
    decrypt(encrypted) {
      const data = Buffer.from(encrypted, 'base64');
      const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, IV_BYTES));
      decipher.setAuthTag(data.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      return Buffer.concat([decipher.update(data.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
    },
  };
}

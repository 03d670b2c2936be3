/**
 * Stand-ins for the SDK adapters when the config names none (or only part of what one needs).
 * Every call fails with the port's own "unavailable/misconfigured" error, so the services refuse
 * with their usual clear message (Key Vault unavailable, the bot's credentials refused) and
 * nothing runs with missing authority (DESIGN §6.6, fail closed).
 */
import { VaultError, type SecretVault } from '../services/ports/secret-vault.port';
import { SignInError, type TokenIssuer } from '../services/ports/token-issuer.port';
import { DirectoryError } from '../services/ports/directory.port';
import type { BulkTargetDirectory } from '../services/ports/bulk-target-directory.port';
import type { PlaybookDirectory } from '../services/ports/playbook-directory.port';
import type { ConditionalAccess } from '../services/ports/conditional-access.port';

export { UnconfiguredDirectory } from './access/unconfigured-directory';

function noVault(): never {
  throw new VaultError('VAULT.UNAVAILABLE', 'no Key Vault is configured for this app (KEY_VAULT_URL / SANDBOX_URL)');
}

export class UnconfiguredSecretVault implements SecretVault {
  setSecret = async (): Promise<never> => noVault();
  getSecret = async (): Promise<never> => noVault();
  listVersions = async (): Promise<never> => noVault();
  updateVersion = async (): Promise<never> => noVault();
  deleteSecret = async (): Promise<never> => noVault();
  purgeDeletedSecret = async (): Promise<never> => noVault();
  recoverDeletedSecret = async (): Promise<never> => noVault();
}

function noIdentity(): never {
  // INVALID_CLIENT maps to "the bot's own app credentials were refused; ask the bot's operator".
  throw new SignInError('SIGNIN.INVALID_CLIENT', 'no identity is configured for this app (AZURE_CLIENT_ID and a credential)');
}

export class UnconfiguredTokenIssuer implements TokenIssuer {
  getAppToken = async (): Promise<never> => noIdentity();
  getUserTokenWithPassword = async (): Promise<never> => noIdentity();
}

const bulkUnavailable = (): Promise<never> => Promise.reject(new DirectoryError('DIRECTORY.UNAVAILABLE', 'Bulk directory reads are not configured.'));

/** Department and group reads when no Graph adapter is configured: every call fails closed. */
export const UNAVAILABLE_BULK_DIRECTORY: BulkTargetDirectory = { listUsersInDepartment: bulkUnavailable, findGroupsByName: bulkUnavailable, listGroupUsers: bulkUnavailable };

/** Playbook queries when no Graph adapter is configured: every query reports itself unavailable. */
export const UNAVAILABLE_PLAYBOOK_DIRECTORY: PlaybookDirectory = {
  listFindings: async () => ({ status: 'unavailable', reason: 'The directory is not configured for this bot, so the policy cannot be checked.' }),
};

const caUnavailable = async (): Promise<never> => {
  throw new DirectoryError('DIRECTORY.UNAVAILABLE', 'Microsoft Graph is not configured for this bot, so conditional access cannot be read or changed.');
};
export const UNAVAILABLE_CONDITIONAL_ACCESS: ConditionalAccess = {
  evaluate: caUnavailable,
  listPolicies: caUnavailable,
  getPolicy: caUnavailable,
  createMfaPolicy: caUnavailable,
  setPolicyState: caUnavailable,
  setPolicyExcludedUsers: caUnavailable,
  deletePolicy: caUnavailable,
  listIpNamedLocations: caUnavailable,
  createIpNamedLocation: caUnavailable,
  updateIpNamedLocation: caUnavailable,
  deleteNamedLocation: caUnavailable,
};

import { DirectoryError } from '../ports/directory.port';
import { SignInError } from '../ports/token-issuer.port';
import { VaultError } from '../ports/secret-vault.port';
import { ServiceAccountError, isServiceAccountError } from './service-account.errors';

/** Which use case a failing call belongs to; it decides the wording of a permission error. */
export type ServiceAccountOperation = 'create' | 'disable' | 'readiness';

/** One outbound call, named with the permission it needs, so a 403 can say what is missing. */
export interface OutboundCall {
  /** Short verb phrase for logs and messages, e.g. 'assign the directory role'. */
  action: string;
  /** Graph application permission (or Key Vault role) the call needs. */
  permission: string;
}

export const GRAPH_CALLS = {
  getDefaultDomain: { action: "read the tenant's default domain", permission: 'Domain.Read.All' },
  getUser: { action: 'read the management account', permission: 'User.Read.All' },
  createUser: { action: 'create the management account', permission: 'User.ReadWrite.All' },
  setPassword: {
    action: "set the management account's password",
    permission:
      "User-PasswordProfile.ReadWrite.All or User.ReadWrite.All (and, once the account holds an admin role, the Privileged Authentication Administrator role for the bot's app)",
  },
  listRoleAssignments: { action: "read the management account's roles", permission: 'RoleManagement.Read.Directory' },
  createRoleAssignment: { action: 'assign the directory role', permission: 'RoleManagement.ReadWrite.Directory' },
  deleteRoleAssignment: { action: 'remove the directory role', permission: 'RoleManagement.ReadWrite.Directory' },
  deleteUser: { action: 'delete the management account', permission: 'User.ReadWrite.All' },
  evaluateConditionalAccess: { action: 'evaluate conditional access', permission: 'Policy.Read.All' },
} as const satisfies Record<string, OutboundCall>;

export const VAULT_CALL: OutboundCall = { action: 'use Key Vault', permission: 'Key Vault Secrets Officer (role on the vault)' };

const PERMISSION_HEADLINES: Record<ServiceAccountOperation, string> = {
  create: "The bot doesn't have permission to create a service account on your tenant.",
  disable: "The bot doesn't have permission to remove the management service account from your tenant.",
  readiness: "The bot doesn't have permission to check the management account's sign-in on your tenant.",
};

function fromDirectoryError(error: DirectoryError, call: OutboundCall, operation: ServiceAccountOperation): ServiceAccountError {
  const details = { graphCode: error.details.graphCode, status: error.details.status, requestId: error.details.requestId };
  switch (error.code) {
    case 'DIRECTORY.PERMISSION_DENIED':
      return new ServiceAccountError('SERVICE_ACCOUNT.PERMISSION_DENIED', `Graph refused to ${call.action}`, {
        userMessage: `${PERMISSION_HEADLINES[operation]} It could not ${call.action}: the bot's app needs the ${call.permission} permission.`,
        nextStep: `Grant ${call.permission} to the bot's app (with admin consent), then retry.`,
        missingPermission: call.permission,
        details,
        cause: error,
      });
    case 'DIRECTORY.THROTTLED': {
      const retryAfterInMs = error.details.retryAfterInMs ?? 30_000;
      return new ServiceAccountError('SERVICE_ACCOUNT.THROTTLED', `Graph throttled: ${call.action}`, {
        nextStep: `Retry after ${Math.ceil(retryAfterInMs / 1000)} seconds; the bot resumes where it stopped.`,
        retryAfterInMs,
        details,
        cause: error,
      });
    }
    default:
      return new ServiceAccountError('SERVICE_ACCOUNT.DIRECTORY_UNAVAILABLE', `Graph failed to ${call.action} (${error.code})`, {
        nextStep: 'Retry in a moment; the bot resumes where it stopped.',
        details: { ...details, directoryCode: error.code },
        cause: error,
      });
  }
}

function fromVaultError(error: VaultError): ServiceAccountError {
  if (error.code === 'VAULT.FORBIDDEN') {
    return new ServiceAccountError('SERVICE_ACCOUNT.VAULT_FORBIDDEN', 'Key Vault refused the bot', {
      nextStep: "Give the bot's identity the Key Vault Secrets Officer role on the vault, then retry.",
      missingPermission: VAULT_CALL.permission,
      details: { vaultCode: error.code, status: error.details.status },
      cause: error,
    });
  }
  // Fail closed: NOT_FOUND / CONFLICT reaching here are unexpected states, UNAVAILABLE and
  // THROTTLED are outages. None of them may let the flow continue without the vault.
  return new ServiceAccountError('SERVICE_ACCOUNT.VAULT_UNAVAILABLE', `Key Vault failed (${error.code})`, {
    nextStep: 'Retry when Key Vault is reachable; the bot resumes where it stopped.',
    retryAfterInMs: error.details.retryAfterInMs,
    details: { vaultCode: error.code, status: error.details.status },
    cause: error,
  });
}

/** SignIn errors that are outages rather than answers about the account. */
export function fromSignInOutage(error: SignInError): ServiceAccountError {
  return new ServiceAccountError('SERVICE_ACCOUNT.SIGNIN_UNAVAILABLE', `Sign-in could not be checked (${error.code})`, {
    nextStep: 'Retry in a moment.',
    details: { signInCode: error.code, aadsts: error.details.aadsts, entraCorrelationId: error.details.correlationId },
    cause: error,
  });
}

/**
 * Turns whatever a port threw into a ServiceAccountError with a stable code. Unknown errors
 * become SERVICE_ACCOUNT.FAILED; their message is not copied into userMessage because it may
 * come from a library and contain request data.
 */
export function toServiceAccountError(error: unknown, call: OutboundCall | undefined, operation: ServiceAccountOperation): ServiceAccountError {
  if (isServiceAccountError(error)) return error;
  if (error instanceof DirectoryError) return fromDirectoryError(error, call ?? { action: 'call Microsoft Graph', permission: 'the required Graph permission' }, operation);
  if (error instanceof VaultError) return fromVaultError(error);
  if (error instanceof SignInError) return fromSignInOutage(error);
  return new ServiceAccountError('SERVICE_ACCOUNT.FAILED', 'Unexpected failure', {
    nextStep: 'Retry; if it fails again, share the correlation id with your administrator.',
    details: { errorName: error instanceof Error ? error.name : typeof error },
    cause: error,
  });
}

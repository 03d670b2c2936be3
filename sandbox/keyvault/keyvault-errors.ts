/** Key Vault's error body `{ error: { code, message, innererror? } }` and the codes the SDK sees. */
import type { SandboxResponse } from '../core/types';

export type KeyVaultErrorCode = 'SecretNotFound' | 'Forbidden' | 'Conflict' | 'BadParameter' | 'Unauthorized' | 'Throttled' | 'ServiceUnavailable';

export function keyVaultError(status: number, code: KeyVaultErrorCode, message: string, extra: { innerCode?: string; headers?: Record<string, string> } = {}): SandboxResponse {
  return {
    status,
    headers: extra.headers,
    body: { error: { code, message, ...(extra.innerCode ? { innererror: { code: extra.innerCode } } : {}) } },
  };
}

const RECOVER_HINT =
  'If you recently deleted this secret you may be able to recover it using the correct recovery command. For help resolving this issue, please see https://go.microsoft.com/fwlink/?linkid=2125182';

export const KeyVaultErrors = {
  secretNotFound: (nameOrId: string) => keyVaultError(404, 'SecretNotFound', `A secret with (name/id) ${nameOrId} was not found in this key vault. ${RECOVER_HINT}`),
  deletedSecretNotFound: (name: string) => keyVaultError(404, 'SecretNotFound', `Deleted Secret not found: ${name}`),
  deletedButRecoverable: (name: string) =>
    keyVaultError(409, 'Conflict', `Secret ${name} is currently in a deleted but recoverable state, and its name cannot be reused; in this state, the secret can only be recovered or purged.`, {
      innerCode: 'ObjectIsDeletedButRecoverable',
    }),
  nameInUse: (name: string) => keyVaultError(409, 'Conflict', `Secret ${name} cannot be recovered because a secret with the same name already exists.`),
  disabled: (operation: string) => keyVaultError(403, 'Forbidden', `Operation ${operation} is not allowed on a disabled secret.`, { innerCode: 'SecretDisabled' }),
  badParameter: (message: string) => keyVaultError(400, 'BadParameter', message),
  forbiddenByRbac: (caller: { appid: string; oid: string }, action: string, resource: string) =>
    keyVaultError(
      403,
      'Forbidden',
      `Caller is not authorized to perform action on resource.\r\nIf role assignments, deny assignments or role definitions were changed recently, please observe propagation time.\r\nCaller: appid=${caller.appid};oid=${caller.oid}\r\nAction: '${action}'\r\nResource: '${resource}'`,
      { innerCode: 'ForbiddenByRbac' },
    ),
  throttled: (retryAfterInSeconds: number) =>
    keyVaultError(429, 'Throttled', 'Request was not processed because too many requests were received. Reason: VaultRequestTypeLimitReached', {
      headers: { 'Retry-After': String(retryAfterInSeconds) },
    }),
  unavailable: (status = 503) => keyVaultError(status, 'ServiceUnavailable', 'The service is currently unavailable. Please try again later.'),
};

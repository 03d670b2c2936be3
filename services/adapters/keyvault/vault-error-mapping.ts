/**
 * Maps SecretClient failures to VaultError codes. Anything that is not a definite answer from
 * the vault (connection refused or reset, 5xx, no token obtainable) is VAULT.UNAVAILABLE, so the
 * services fail closed instead of acting on stale or missing secrets.
 */
import { VaultError, type VaultErrorCode } from '../../ports/secret-vault.port';

interface RestErrorLike {
  name?: string;
  statusCode?: number;
  code?: string;
  message?: string;
  response?: { headers?: { get?(name: string): string | undefined } };
}

const CREDENTIAL_ERRORS = new Set(['AuthenticationError', 'AuthenticationRequiredError', 'CredentialUnavailableError', 'AggregateAuthenticationError']);

export function statusOf(error: unknown): number | undefined {
  return typeof (error as RestErrorLike)?.statusCode === 'number' ? (error as RestErrorLike).statusCode : undefined;
}

export function toVaultError(error: unknown, operation: string): VaultError {
  if (error instanceof VaultError) return error;
  const rest = (error ?? {}) as RestErrorLike;
  if (CREDENTIAL_ERRORS.has(rest.name ?? '')) {
    // The vault was never reached: no token for it (Entra down or the bot's credential rejected).
    return new VaultError('VAULT.UNAVAILABLE', `Key Vault ${operation} failed: no access token for Key Vault could be obtained.`);
  }
  const status = statusOf(error);
  const retryAfter = Number(rest.response?.headers?.get?.('retry-after'));
  const retryAfterInMs = Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : undefined;
  let code: VaultErrorCode;
  if (status === 404) code = 'VAULT.NOT_FOUND';
  else if (status === 401 || status === 403) code = 'VAULT.FORBIDDEN';
  else if (status === 409) code = 'VAULT.CONFLICT';
  else if (status === 429) code = 'VAULT.THROTTLED';
  else code = 'VAULT.UNAVAILABLE'; // 5xx, transport errors, credential failures
  // The SDK's message can quote request details; ours names the operation and the status only.
  const message = `Key Vault ${operation} failed (${code}${status ? `, HTTP ${status}` : rest.code ? `, ${rest.code}` : ''}).`;
  return new VaultError(code, message, { status, retryAfterInMs });
}

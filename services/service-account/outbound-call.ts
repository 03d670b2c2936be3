import { VAULT_CALL, toServiceAccountError, type OutboundCall, type ServiceAccountOperation } from './service-account.error-mapping';

/** Runs a Graph call and rethrows any failure as a ServiceAccountError naming the call's permission. */
export async function callGraph<T>(call: OutboundCall, operation: ServiceAccountOperation, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw toServiceAccountError(error, call, operation);
  }
}

/** Runs a Key Vault call; any failure becomes VAULT_UNAVAILABLE / VAULT_FORBIDDEN, so callers fail closed. */
export async function callVault<T>(operation: ServiceAccountOperation, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw toServiceAccountError(error, VAULT_CALL, operation);
  }
}

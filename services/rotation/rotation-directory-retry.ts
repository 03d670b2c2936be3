/**
 * Step 3 of the protocol: PATCH /users/{id} passwordProfile through the bot's own identity,
 * retried a bounded number of times. Graph identity writes are throttled (DESIGN.md §7), so a
 * 429 waits at least its Retry-After; a 5xx is retried too, because setting the same password
 * twice is harmless and recovery proves afterwards which password Entra holds.
 */
import { DirectoryError, type Directory } from '../ports/directory.port';
import type { Sleep } from './rotation-collaborators.port';
import { RotationError } from './rotation-errors';

export interface EntraRetryOptions {
  /** Total tries, including the first. */
  maxAttempts: number;
  /** The rotation gives up rather than wait longer than this in total (it holds the tenant's lease meanwhile). */
  maxTotalWaitInMs: number;
  /** First backoff when Entra gives no Retry-After; doubles per try. */
  baseDelayInMs: number;
}

export const DEFAULT_ENTRA_RETRY: EntraRetryOptions = { maxAttempts: 4, maxTotalWaitInMs: 60_000, baseDelayInMs: 1_000 };

/**
 * Sets the password, honouring Retry-After. User.ReadWrite.All plus a directory role allowed to
 * reset the account's password. Throws RotationError ROTATION.ENTRA_THROTTLED (with
 * retryAfterInMs), ROTATION.ENTRA_UNAVAILABLE, ROTATION.ENTRA_PERMISSION_DENIED,
 * ROTATION.ACCOUNT_MISSING, ROTATION.ENTRA_REJECTED or ROTATION.FAILED; other errors propagate.
 */
export async function setPasswordWithRetry(
  directory: Directory,
  target: { tenantId: string; userId: string; password: string },
  sleep: Sleep,
  options: EntraRetryOptions = DEFAULT_ENTRA_RETRY,
): Promise<{ attempts: number }> {
  let waited = 0;
  for (let attempt = 1; ; attempt += 1) {
    try {
      await directory.setPassword(target.tenantId, target.userId, target.password);
      return { attempts: attempt };
    } catch (error) {
      if (!(error instanceof DirectoryError)) throw error;
      const retryable = error.code === 'DIRECTORY.THROTTLED' || error.code === 'DIRECTORY.UNAVAILABLE';
      const delay = Math.max(error.details.retryAfterInMs ?? 0, options.baseDelayInMs * 2 ** (attempt - 1));
      if (!retryable || attempt >= options.maxAttempts || waited + delay > options.maxTotalWaitInMs) {
        throw toRotationError(error, attempt);
      }
      waited += delay;
      await sleep(delay);
    }
  }
}

function toRotationError(error: DirectoryError, attempts: number): RotationError {
  const options = {
    cause: error,
    details: { directoryCode: error.code, status: error.details.status, requestId: error.details.requestId, attempts },
    ...(error.details.retryAfterInMs !== undefined ? { retryAfterInMs: error.details.retryAfterInMs } : {}),
  };
  switch (error.code) {
    case 'DIRECTORY.THROTTLED':
      return new RotationError('ROTATION.ENTRA_THROTTLED', `setPassword throttled after ${attempts} tries`, options);
    case 'DIRECTORY.UNAVAILABLE':
      return new RotationError('ROTATION.ENTRA_UNAVAILABLE', `setPassword unavailable after ${attempts} tries`, options);
    case 'DIRECTORY.PERMISSION_DENIED':
      return new RotationError('ROTATION.ENTRA_PERMISSION_DENIED', 'setPassword denied', options);
    case 'DIRECTORY.NOT_FOUND':
      return new RotationError('ROTATION.ACCOUNT_MISSING', 'service account not found', options);
    case 'DIRECTORY.BAD_REQUEST':
    case 'DIRECTORY.CONFLICT':
      return new RotationError('ROTATION.ENTRA_REJECTED', 'setPassword rejected', options);
    default:
      return new RotationError('ROTATION.FAILED', `setPassword failed (${error.code})`, options);
  }
}

/**
 * Graph failures → DirectoryError with a stable code, at the adapter boundary, so services never
 * parse HTTP. Errors from the token function (SignInError, VaultError…) pass through unchanged:
 * the caller must see "vault unavailable" as such, not as a Graph problem.
 */
import { GraphClientError, GraphError } from '@microsoft/microsoft-graph-client';
import { DirectoryError } from '../../ports/directory.port';

/**
 * A 403 from Graph, with the permissions the operation needs according to Microsoft's
 * permission tables (Graph itself never says which one is missing).
 */
export class DirectoryPermissionError extends DirectoryError {
  constructor(
    message: string,
    details: DirectoryError['details'],
    /** Application permissions that would allow the call, least privileged first. */
    readonly requiredPermissions: readonly string[],
  ) {
    super('DIRECTORY.PERMISSION_DENIED', message, details);
    this.name = 'DirectoryPermissionError';
  }
}

function retryAfterInMs(headers: Headers | undefined): number | undefined {
  const value = headers?.get?.('retry-after');
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

const CONFLICT_MESSAGES = [/already exist/i, /conflicting object/i];

/**
 * @param operation what the adapter was doing, for the message ("create user")
 * @param requiredPermissions the application permissions the operation needs (for 403s)
 */
export function toDirectoryError(error: unknown, operation: string, requiredPermissions: readonly string[] = []): Error {
  if (error instanceof DirectoryError) return error;
  if (error instanceof GraphClientError) {
    // Thrown by our auth provider around a token failure: hand the original error on.
    if (error.customError instanceof Error) return error.customError;
    return new DirectoryError('DIRECTORY.UNAVAILABLE', `Microsoft Graph client error during ${operation}: ${error.message}`);
  }
  if (!(error instanceof GraphError)) {
    return new DirectoryError('DIRECTORY.UNAVAILABLE', `Microsoft Graph could not be reached during ${operation}.`);
  }
  const details = {
    graphCode: error.code ?? undefined,
    status: error.statusCode,
    requestId: error.requestId ?? undefined,
  };
  const status = error.statusCode;
  // The server's message, never a request body: bodies may carry passwords.
  const said = error.message ? `: ${error.message}` : '';
  switch (true) {
    case status === 401:
      return new DirectoryError('DIRECTORY.UNAUTHENTICATED', `Microsoft Graph rejected the access token during ${operation}${said}`, details);
    case status === 403: {
      const needs = requiredPermissions.length > 0 ? ` It needs one of: ${requiredPermissions.join(', ')}.` : '';
      return new DirectoryPermissionError(`Microsoft Graph denied ${operation} (${error.code ?? 'Forbidden'}).${needs}`, details, requiredPermissions);
    }
    case status === 404:
      return new DirectoryError('DIRECTORY.NOT_FOUND', `Not found during ${operation}${said}`, details);
    case status === 409:
    case status === 400 && CONFLICT_MESSAGES.some((re) => re.test(error.message ?? '')):
      return new DirectoryError('DIRECTORY.CONFLICT', `Conflict during ${operation}${said}`, details);
    case status === 429:
      return new DirectoryError('DIRECTORY.THROTTLED', `Microsoft Graph throttled ${operation}${said}`, { ...details, retryAfterInMs: retryAfterInMs(error.headers) });
    case status >= 500 || status <= 0:
      return new DirectoryError('DIRECTORY.UNAVAILABLE', `Microsoft Graph is unavailable (${status > 0 ? status : 'network'}) during ${operation}.`, {
        ...details,
        retryAfterInMs: retryAfterInMs(error.headers),
      });
    default:
      return new DirectoryError('DIRECTORY.BAD_REQUEST', `Microsoft Graph refused ${operation}${said}`, details);
  }
}

export function isGraphStatus(error: unknown, ...statuses: number[]): boolean {
  return error instanceof GraphError && statuses.includes(error.statusCode);
}

/**
 * Turns whatever @azure/identity / MSAL throws into a SignInError with a stable code.
 *
 * Identity wraps MSAL server errors (AuthenticationRequiredError, AuthenticationError), so the
 * reliable signal is the AADSTS number Entra puts at the start of error_description, which
 * survives every wrapping in the message text. The message we keep is our own: Entra's
 * description can carry the user name, and error text must never echo credentials.
 */
import { SignInError, type SignInErrorCode } from '../../ports/token-issuer.port';

const AADSTS_TO_CODE: Record<string, SignInErrorCode> = {
  '50126': 'SIGNIN.WRONG_PASSWORD',
  '50076': 'SIGNIN.MFA_REQUIRED',
  '50079': 'SIGNIN.MFA_REQUIRED',
  '53003': 'SIGNIN.BLOCKED_BY_CONDITIONAL_ACCESS',
  '50057': 'SIGNIN.ACCOUNT_DISABLED',
  '50034': 'SIGNIN.USER_NOT_FOUND',
  '7000215': 'SIGNIN.INVALID_CLIENT',
  '7000222': 'SIGNIN.INVALID_CLIENT', // client secret expired
  '700016': 'SIGNIN.INVALID_CLIENT', // app not found in the tenant
  '7000218': 'SIGNIN.INVALID_CLIENT', // public client flows not allowed for the app
  '90033': 'SIGNIN.UNAVAILABLE',
  '50196': 'SIGNIN.UNAVAILABLE',
};

const MESSAGES: Record<SignInErrorCode, string> = {
  'SIGNIN.WRONG_PASSWORD': 'The user name or password is incorrect.',
  'SIGNIN.MFA_REQUIRED': 'The account requires multi-factor authentication, which a password sign-in cannot satisfy.',
  'SIGNIN.BLOCKED_BY_CONDITIONAL_ACCESS': 'A conditional-access policy blocks this sign-in.',
  'SIGNIN.ACCOUNT_DISABLED': 'The account is disabled.',
  'SIGNIN.USER_NOT_FOUND': 'The account does not exist in the tenant.',
  'SIGNIN.INVALID_CLIENT': "The bot's app credentials were rejected by Microsoft Entra ID.",
  'SIGNIN.UNAVAILABLE': 'Microsoft Entra ID is unavailable.',
  'SIGNIN.FAILED': 'The sign-in failed.',
};

/** Transport failures and outages (fail closed, retry later). */
const UNAVAILABLE_SIGNALS = /ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENOTFOUND|EAI_AGAIN|socket hang up|network_error|endpoints_resolution_error|temporarily_unavailable|service unavailable|\b5\d\d\b.*(status|error)|status code 5\d\d/i;

function collectMessages(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth += 1) {
    if (current instanceof Error) {
      parts.push(`${current.name}: ${current.message}`);
      const withResponse = current as Error & { errorResponse?: { errorDescription?: string; error?: string }; statusCode?: number; code?: string };
      if (withResponse.errorResponse) parts.push(`${withResponse.errorResponse.error ?? ''} ${withResponse.errorResponse.errorDescription ?? ''}`);
      if (withResponse.code) parts.push(String(withResponse.code));
      current = (current as Error & { cause?: unknown }).cause;
    } else {
      parts.push(String(current));
      break;
    }
  }
  return parts.join(' | ');
}

export function toSignInError(error: unknown): SignInError {
  if (error instanceof SignInError) return error;
  const text = collectMessages(error);
  const aadsts = /AADSTS(\d+)/.exec(text)?.[1];
  const correlationId = /Correlation ID: ([0-9a-f-]{36})/i.exec(text)?.[1];
  let code: SignInErrorCode = aadsts ? (AADSTS_TO_CODE[aadsts] ?? 'SIGNIN.FAILED') : 'SIGNIN.FAILED';
  if (!aadsts && (UNAVAILABLE_SIGNALS.test(text) || (error instanceof Error && error.name === 'CredentialUnavailableError'))) code = 'SIGNIN.UNAVAILABLE';
  return new SignInError(code, aadsts ? `${MESSAGES[code]} (AADSTS${aadsts})` : MESSAGES[code], { aadsts, correlationId });
}

/**
 * Turns a SignInError from the token issuer into a SessionError with guidance. The upstream
 * message is dropped on purpose: only the AADSTS code and Entra's correlation id survive.
 */
import { SignInError } from '../ports/token-issuer.port';
import { SessionError, type SessionErrorDetails } from './session-errors';
import type { SessionMode } from './session.types';

export function mapSignInError(error: SignInError, mode: SessionMode, account: string): SessionError {
  const details: SessionErrorDetails = { aadsts: error.details.aadsts, signInCorrelationId: error.details.correlationId, mode };
  const who = mode === 'advanced' ? 'The management service account' : `The account ${account}`;
  switch (error.code) {
    case 'SIGNIN.MFA_REQUIRED':
      return new SessionError(
        'SESSION.MFA_REQUIRED',
        mode === 'advanced' ? `${who} is required to use MFA, so the bot cannot sign in with it.` : 'This account requires MFA.',
        mode === 'advanced'
          ? 'Exclude the management service account from the MFA requirement, or allow it from trusted IPs only ("Configure allowed IPs").'
          : 'Use Advanced mode, or disable MFA for this account.',
        details,
      );
    case 'SIGNIN.BLOCKED_BY_CONDITIONAL_ACCESS':
      return new SessionError(
        'SESSION.BLOCKED_BY_CONDITIONAL_ACCESS',
        `${who} is blocked by a conditional-access policy.`,
        'Add an exception for this account to the policy, or use "Configure allowed IPs".',
        details,
      );
    case 'SIGNIN.WRONG_PASSWORD':
      return mode === 'advanced'
        ? new SessionError(
            'SESSION.SERVICE_ACCOUNT_CREDENTIAL_INVALID',
            'The password in Key Vault no longer signs the management service account in.',
            'A tenant admin should run "rotate password now" to set a fresh password through the bot.',
            details,
          )
        : new SessionError('SESSION.WRONG_PASSWORD', 'The user name or password is incorrect.', 'Check them and try again.', details);
    case 'SIGNIN.ACCOUNT_DISABLED':
      return new SessionError(
        'SESSION.ACCOUNT_DISABLED',
        `${who} is disabled in Entra ID.`,
        mode === 'advanced' ? 'Re-enable the service account in Entra ID, or recreate it from settings.' : 'Use an enabled Global Administrator account.',
        details,
      );
    case 'SIGNIN.USER_NOT_FOUND':
      return new SessionError(
        'SESSION.USER_NOT_FOUND',
        `${who} does not exist in this tenant.`,
        mode === 'advanced' ? 'Recreate the service account from settings.' : 'Check the user name (UPN) and try again.',
        details,
      );
    case 'SIGNIN.UNAVAILABLE':
      return new SessionError(
        'SESSION.SIGN_IN_UNAVAILABLE',
        'Microsoft Entra ID cannot be reached, so the sign-in could not be made. Nothing was run.',
        'Try again in a few minutes.',
        details,
      );
    case 'SIGNIN.INVALID_CLIENT':
      return new SessionError(
        'SESSION.BOT_MISCONFIGURED',
        "The bot's own app credentials were refused by Entra ID.",
        "Ask the bot's operator to check the app registration's client secret or certificate.",
        details,
      );
    default:
      return new SessionError('SESSION.SIGN_IN_FAILED', `${who} could not sign in.`, 'Try again; if it keeps failing, check the sign-in logs in Entra ID.', details);
  }
}

/** The same error, naming the conditional-access policies that apply (from What If or local evaluation). */
export function withBlockingPolicies(error: SessionError, policyNames: string[]): SessionError {
  if (policyNames.length === 0) return error;
  const quoted = policyNames.map((name) => `"${name}"`).join(', ');
  const message =
    error.code === 'SESSION.BLOCKED_BY_CONDITIONAL_ACCESS'
      ? error.userMessage.replace('a conditional-access policy', `the conditional-access ${policyNames.length === 1 ? 'policy' : 'policies'} ${quoted}`)
      : `${error.userMessage} Policy requiring it: ${quoted}.`;
  return new SessionError(error.code, message, error.nextStep, { ...error.details, blockingPolicies: policyNames });
}

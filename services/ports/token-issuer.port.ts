/**
 * Token issuer port: Microsoft Entra ID tokens, through @azure/identity / @azure/msal-node.
 * Implemented by services/adapters/entra/entra-token-issuer.ts.
 * Services never see passwords from here; they hand a password in and get a token out.
 */
import { AppError } from '../errors';

export interface AccessToken {
  token: string;
  expiresOnTimestamp: number;
  /** Claims we rely on, decoded (not validated — Graph validates). */
  claims: { oid?: string; tid?: string; upn?: string; scp?: string; roles?: string[]; wids?: string[] };
}

export type SignInErrorCode =
  | 'SIGNIN.WRONG_PASSWORD' // AADSTS50126
  | 'SIGNIN.MFA_REQUIRED' // AADSTS50076 / AADSTS50079
  | 'SIGNIN.BLOCKED_BY_CONDITIONAL_ACCESS' // AADSTS53003
  | 'SIGNIN.ACCOUNT_DISABLED' // AADSTS50057
  | 'SIGNIN.USER_NOT_FOUND' // AADSTS50034
  | 'SIGNIN.INVALID_CLIENT' // AADSTS7000215
  | 'SIGNIN.UNAVAILABLE' // Entra unreachable / 5xx
  | 'SIGNIN.FAILED';

export class SignInError extends AppError<SignInErrorCode, { aadsts?: string; correlationId?: string }> {
  constructor(code: SignInErrorCode, developerMessage: string, details: { aadsts?: string; correlationId?: string } = {}) {
    super(code, developerMessage, { details });
  }
}

export interface TokenIssuer {
  /** client_credentials for the bot's own app identity in a tenant (scope https://graph.microsoft.com/.default). */
  getAppToken(tenantId: string, scopes?: string[]): Promise<AccessToken>;
  /**
   * Resource-owner password grant for a user (Default mode's Global Admin, or the management
   * service account). The password is used for this call only. Throws SignInError.
   */
  getUserTokenWithPassword(tenantId: string, username: string, password: string, scopes?: string[]): Promise<AccessToken>;
}

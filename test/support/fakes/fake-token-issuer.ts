import { randomUUID } from 'node:crypto';
import { SignInError, type AccessToken, type TokenIssuer } from '../../../services/ports/token-issuer.port';
import type { FakeDirectoryWrites } from './fake-directory-writes';

/**
 * Entra's token endpoint over FakeDirectoryWrites: the password grant answers the way Entra
 * does (AADSTS50034 unknown user, 50057 disabled, 50126 wrong password, then 50076 / 53003
 * from conditional access, which Entra evaluates only after the password was accepted).
 * Tokens are opaque random strings; nothing about the password is kept.
 */
export class FakeTokenIssuer implements TokenIssuer {
  /** Sign-in attempts by UPN and outcome, for assertions on what was tried. */
  readonly attempts: Array<{ username: string; outcome: 'ok' | SignInError['code'] }> = [];
  unavailable = false;

  constructor(private readonly directory: FakeDirectoryWrites) {}

  async getAppToken(tenantId: string): Promise<AccessToken> {
    if (this.unavailable) throw new SignInError('SIGNIN.UNAVAILABLE', 'Entra unavailable');
    return { token: `app-${randomUUID()}`, expiresOnTimestamp: Date.now() + 3_600_000, claims: { tid: tenantId, roles: [...this.directory.granted] } };
  }

  async getUserTokenWithPassword(tenantId: string, username: string, password: string): Promise<AccessToken> {
    if (this.unavailable) throw this.fail(username, new SignInError('SIGNIN.UNAVAILABLE', 'Entra unavailable'));
    const user = this.directory.findUser(username);
    if (!user) throw this.fail(username, new SignInError('SIGNIN.USER_NOT_FOUND', 'AADSTS50034', { aadsts: '50034' }));
    if (!user.accountEnabled) throw this.fail(username, new SignInError('SIGNIN.ACCOUNT_DISABLED', 'AADSTS50057', { aadsts: '50057' }));
    if (!this.directory.passwordMatches(user.id, password)) throw this.fail(username, new SignInError('SIGNIN.WRONG_PASSWORD', 'AADSTS50126', { aadsts: '50126' }));
    const policies = this.directory.policiesFor(user.id);
    if (policies.some((p) => p.grant === 'block')) {
      throw this.fail(username, new SignInError('SIGNIN.BLOCKED_BY_CONDITIONAL_ACCESS', 'AADSTS53003', { aadsts: '53003' }));
    }
    if (policies.some((p) => p.grant === 'mfa')) throw this.fail(username, new SignInError('SIGNIN.MFA_REQUIRED', 'AADSTS50076', { aadsts: '50076' }));
    this.attempts.push({ username, outcome: 'ok' });
    return { token: `user-${randomUUID()}`, expiresOnTimestamp: Date.now() + 3_600_000, claims: { tid: tenantId, oid: user.id, upn: user.userPrincipalName } };
  }

  private fail(username: string, error: SignInError): SignInError {
    this.attempts.push({ username, outcome: error.code });
    return error;
  }
}

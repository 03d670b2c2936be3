/**
 * Entra's token endpoint over FakeSessionTenant, answering password grants the way Entra does
 * (50034, 50057, 50126, then conditional access 53003 / 50076). Counts requests so tests can
 * assert "one token per lifetime". A gate can hold sign-ins open to freeze a session in ENABLING.
 */
import { SignInError, type AccessToken, type TokenIssuer } from '../../../services/ports/token-issuer.port';
import { APP_CALLER_ID, type FakeSessionTenant } from './fake-session-tenant';

export class FakeSessionTokenIssuer implements TokenIssuer {
  passwordGrants = 0;
  readonly outcomes: Array<{ username: string; outcome: 'ok' | SignInError['code'] }> = [];
  unavailable = false;
  private gate?: Promise<void>;
  private openGate?: () => void;

  constructor(private readonly tenant: FakeSessionTenant) {}

  async getAppToken(): Promise<AccessToken> {
    return this.tenant.issueToken(APP_CALLER_ID);
  }

  async getUserTokenWithPassword(tenantId: string, username: string, password: string): Promise<AccessToken> {
    this.passwordGrants += 1;
    if (this.gate) await this.gate;
    if (this.unavailable || tenantId !== this.tenant.tenantId) return this.fail(username, 'SIGNIN.UNAVAILABLE');
    const user = this.tenant.findUser(username);
    if (!user) return this.fail(username, 'SIGNIN.USER_NOT_FOUND', '50034');
    if (!user.accountEnabled) return this.fail(username, 'SIGNIN.ACCOUNT_DISABLED', '50057');
    if (user.password !== password) return this.fail(username, 'SIGNIN.WRONG_PASSWORD', '50126');
    const policies = this.tenant.policiesFor(user.id);
    if (policies.some((p) => p.grant === 'block')) return this.fail(username, 'SIGNIN.BLOCKED_BY_CONDITIONAL_ACCESS', '53003');
    if (policies.some((p) => p.grant === 'mfa')) return this.fail(username, 'SIGNIN.MFA_REQUIRED', '50076');
    this.outcomes.push({ username, outcome: 'ok' });
    return this.tenant.issueToken(user.id, { upn: user.userPrincipalName, wids: user.roleIds });
  }

  /** Holds every sign-in until the returned function is called. */
  hold(): () => void {
    this.gate = new Promise<void>((resolve) => {
      this.openGate = resolve;
    });
    return () => {
      this.openGate?.();
      this.gate = undefined;
    };
  }

  private fail(username: string, code: SignInError['code'], aadsts?: string): never {
    this.outcomes.push({ username, outcome: code });
    throw new SignInError(code, `AADSTS${aadsts ?? ''}: sign-in failed`, aadsts ? { aadsts } : {});
  }
}

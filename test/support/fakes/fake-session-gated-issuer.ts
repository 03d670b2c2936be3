/**
 * Wraps a real TokenIssuer so a test can hold password grants open, freezing a session in
 * ENABLING the way a process that dies mid-sign-in leaves it.
 */
import type { AccessToken, TokenIssuer } from '../../../services/ports/token-issuer.port';

export class FakeSessionGatedIssuer implements TokenIssuer {
  private gate?: Promise<void>;

  constructor(private readonly inner: TokenIssuer) {}

  getAppToken(tenantId: string, scopes?: string[]): Promise<AccessToken> {
    return this.inner.getAppToken(tenantId, scopes);
  }

  async getUserTokenWithPassword(tenantId: string, username: string, password: string, scopes?: string[]): Promise<AccessToken> {
    if (this.gate) await this.gate;
    return this.inner.getUserTokenWithPassword(tenantId, username, password, scopes);
  }

  /** Holds every password grant until the returned function is called. */
  hold(): () => void {
    let open: () => void = () => undefined;
    this.gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    return () => {
      this.gate = undefined;
      open();
    };
  }
}

/**
 * An in-memory Microsoft 365 tenant for session and action tests: users with passwords, roles,
 * groups and conditional-access policies, and the tokens it has issued, so a Graph call can be
 * traced to the account whose token made it. Passwords live here as the real tenant would hold
 * them; nothing about them is ever copied into a token or a call record.
 */
import type { Clock } from '../../../services/ports/clock.port';
import type { AccessToken } from '../../../services/ports/token-issuer.port';
import type { DirectoryUser } from '../../../services/ports/directory.port';

export const GLOBAL_ADMIN_ROLE = '62e90394-69f5-4237-9190-012177145e10';

export interface FakeTenantUser extends DirectoryUser {
  password: string;
  roleIds: string[];
  groupIds: string[];
}

export interface FakePolicy {
  id: string;
  displayName: string;
  userIds: string[];
  grant: 'mfa' | 'block';
}

/** One Graph call the tenant received, with the caller taken from the token. */
export interface FakeGraphCall {
  method: string;
  userId: string;
  callerId: string;
  /** The token that made the call (tokens are opaque ids, never a secret of the user's). */
  token: string;
}

interface IssuedToken {
  callerId: string;
  expiresOnTimestamp: number;
  revoked: boolean;
}

export const APP_CALLER_ID = 'bot-app';

export class FakeSessionTenant {
  readonly users = new Map<string, FakeTenantUser>();
  readonly policies: FakePolicy[] = [];
  readonly calls: FakeGraphCall[] = [];
  /** The next N authenticated writes fail with this error instead of changing anything. */
  failNextWrites: { count: number; error: Error } | undefined;
  private readonly tokens = new Map<string, IssuedToken>();
  private tokenCounter = 0;

  constructor(
    readonly tenantId: string,
    private readonly clock: Clock,
    readonly tokenLifetimeInMs = 3_600_000,
  ) {}

  addUser(user: Partial<FakeTenantUser> & Pick<FakeTenantUser, 'id' | 'userPrincipalName' | 'displayName'>): FakeTenantUser {
    const full: FakeTenantUser = { accountEnabled: true, password: '', roleIds: [], groupIds: [], ...user };
    this.users.set(full.id, full);
    return full;
  }

  findUser(idOrUpn: string): FakeTenantUser | undefined {
    const key = idOrUpn.toLowerCase();
    return this.users.get(idOrUpn) ?? [...this.users.values()].find((u) => u.userPrincipalName.toLowerCase() === key);
  }

  issueToken(callerId: string, claims: AccessToken['claims'] = {}): AccessToken {
    this.tokenCounter += 1;
    const token = `fake-token-${this.tokenCounter}-${callerId}`;
    const expiresOnTimestamp = this.clock.now().getTime() + this.tokenLifetimeInMs;
    this.tokens.set(token, { callerId, expiresOnTimestamp, revoked: false });
    return { token, expiresOnTimestamp, claims: { tid: this.tenantId, oid: callerId, ...claims } };
  }

  /** The caller behind a token, or undefined when Graph would answer 401. */
  authenticate(token: string): string | undefined {
    const issued = this.tokens.get(token);
    if (!issued || issued.revoked || issued.expiresOnTimestamp <= this.clock.now().getTime()) return undefined;
    return issued.callerId;
  }

  /** Makes Graph refuse this token from now on (what a password reset or revocation does). */
  revokeToken(token: string): void {
    const issued = this.tokens.get(token);
    if (issued) issued.revoked = true;
  }

  policiesFor(userId: string): FakePolicy[] {
    return this.policies.filter((p) => p.userIds.includes(userId));
  }

  callsBy(callerId: string): FakeGraphCall[] {
    return this.calls.filter((c) => c.callerId === callerId);
  }
}

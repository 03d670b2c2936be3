/**
 * The token broker: the one place that turns the management account's credential into Graph
 * tokens. Every Graph call made *as the session's account* gets its token here.
 *
 * - Advanced mode: the service account's password is read from Key Vault at first use and
 *   kept in memory; it is re-read only after `notifyRotated`, after an authentication failure,
 *   or after `dropTenant` (turn-off). The current secret version is tried first, then the
 *   pending one (a rotation may have changed Entra before marking the new version current).
 * - Default mode: the admin's resource-owner-password token is held in memory only. It cannot
 *   be refreshed (no password is kept); once it expires the session must be turned on again.
 *
 * Tokens are cached per tenant, account and scope until shortly before they expire, and
 * concurrent requests for the same token share one acquisition.
 */
import type { Clock } from '../ports/clock.port';
import type { SecretVault } from '../ports/secret-vault.port';
import { VaultError } from '../ports/secret-vault.port';
import type { ServiceAccountRecord, ServiceAccountRepository } from '../ports/service-account.repository.port';
import { SignInError, type AccessToken, type TokenIssuer } from '../ports/token-issuer.port';
import { silentLogger, type AreaLogger } from './session-collaborators.port';
import { SessionError, sessionErrors } from './session-errors';
import { mapSignInError } from './session-sign-in-errors';
import type { SessionPrincipal } from './session.types';
import { emptyCounters, type TokenBrokerCounters } from './token-broker-counters';

export const GRAPH_DEFAULT_SCOPE = 'https://graph.microsoft.com/.default';

export interface TokenBrokerOptions {
  /** A cached token is replaced this long before it expires. Default 5 minutes. */
  refreshBeforeExpiryInMs?: number;
  /** Scope used when a caller names none. Default Graph `.default`. */
  defaultScope?: string;
}

export interface TokenBrokerDependencies {
  issuer: TokenIssuer;
  vault: SecretVault;
  serviceAccounts: ServiceAccountRepository;
  clock: Clock;
  logger?: AreaLogger;
  options?: TokenBrokerOptions;
}

interface CachedSecret {
  accountObjectId: string;
  secretName: string;
  version: string;
  /** In memory only; never logged or copied elsewhere. */
  value: string;
}

interface DefaultGrant {
  token: AccessToken;
  scope: string;
  principal: SessionPrincipal;
  /** Set when Graph answered 401 to it: it cannot be renewed, so the session must be turned on again. */
  rejected: boolean;
}

/** Per-tenant memory. Replaced as a whole on drop/rotation, so late results of old acquisitions are discarded. */
interface TenantTokenState {
  secret?: CachedSecret;
  tokens: Map<string, AccessToken>;
  inflight: Map<string, Promise<AccessToken>>;
  defaultGrant?: DefaultGrant;
}

const DEFAULT_GRANT_SAFETY_MARGIN_IN_MS = 30_000;

export class TokenBroker {
  private readonly tenants = new Map<string, TenantTokenState>();
  private readonly counters = new Map<string, TokenBrokerCounters>();
  private readonly refreshBeforeExpiryInMs: number;
  private readonly defaultScope: string;
  private readonly logger: AreaLogger;

  constructor(private readonly deps: TokenBrokerDependencies) {
    this.refreshBeforeExpiryInMs = deps.options?.refreshBeforeExpiryInMs ?? 5 * 60_000;
    this.defaultScope = deps.options?.defaultScope ?? GRAPH_DEFAULT_SCOPE;
    this.logger = deps.logger ?? silentLogger;
  }

  /** A token function `(tenantId) => Promise<string>` for Graph adapters acting as the session's account. */
  readonly tokenFunction = async (tenantId: string): Promise<string> => (await this.getToken(tenantId)).token;

  /**
   * A token for the tenant's management account and scope.
   *
   * Advanced mode needs the Key Vault secret read permission ("Key Vault Secrets Officer" or
   * "Secrets User") for the bot's identity.
   * @throws SessionError SESSION.NO_SERVICE_ACCOUNT, SESSION.VAULT_UNAVAILABLE (fail closed),
   *   SESSION.SECRET_NOT_FOUND, SESSION.SERVICE_ACCOUNT_CREDENTIAL_INVALID (neither current nor
   *   pending version signs in), SESSION.MFA_REQUIRED, SESSION.BLOCKED_BY_CONDITIONAL_ACCESS,
   *   SESSION.ACCOUNT_DISABLED, SESSION.SIGN_IN_UNAVAILABLE; in Default mode
   *   SESSION.DEFAULT_TOKEN_EXPIRED and SESSION.SCOPE_UNAVAILABLE.
   */
  async getToken(tenantId: string, scope: string = this.defaultScope): Promise<AccessToken> {
    const state = this.stateOf(tenantId);
    if (state.defaultGrant) return this.defaultGrantToken(tenantId, state.defaultGrant, scope);
    const account = this.deps.serviceAccounts.get(tenantId);
    if (!account) throw sessionErrors.noServiceAccount(false);
    const key = `${account.objectId}|${scope}`;
    const cached = state.tokens.get(key);
    if (cached && this.isFresh(cached)) {
      this.countersOf(tenantId).cacheHits += 1;
      return cached;
    }
    const running = state.inflight.get(key);
    if (running) return running;
    const acquisition = this.acquire(tenantId, state, account, scope).finally(() => state.inflight.delete(key));
    state.inflight.set(key, acquisition);
    return acquisition;
  }

  /**
   * Signs the service account in (Advanced mode turn-on) and returns it as the session principal.
   * Same permissions and errors as {@link getToken}.
   */
  async activateServiceAccount(tenantId: string): Promise<SessionPrincipal> {
    const state = this.stateOf(tenantId);
    state.defaultGrant = undefined;
    await this.getToken(tenantId);
    const account = this.deps.serviceAccounts.get(tenantId);
    if (!account) throw sessionErrors.noServiceAccount(false);
    return { objectId: account.objectId, userPrincipalName: account.userPrincipalName, kind: 'serviceAccount' };
  }

  /**
   * Resource-owner password grant for Default mode. The password is passed through to the
   * issuer for this one call and kept nowhere. The token is returned, not held: call
   * {@link holdDefaultGrant} once the session may use it.
   * @throws SessionError mapped from the sign-in error (SESSION.WRONG_PASSWORD, SESSION.MFA_REQUIRED, …).
   */
  async signInWithPassword(tenantId: string, username: string, password: string, scope: string = this.defaultScope): Promise<AccessToken> {
    this.countersOf(tenantId).tokenAcquisitions += 1;
    try {
      return await this.deps.issuer.getUserTokenWithPassword(tenantId, username, password, [scope]);
    } catch (error) {
      throw this.toSessionError(error, 'default', username);
    }
  }

  /** Keeps a Default-mode token in memory as the tenant's session credential until drop or expiry. */
  holdDefaultGrant(tenantId: string, token: AccessToken, principal: SessionPrincipal, scope: string = this.defaultScope): void {
    this.tenants.set(tenantId, { tokens: new Map(), inflight: new Map(), defaultGrant: { token, scope, principal, rejected: false } });
  }

  /** True when a Default-mode token is held and still usable. */
  hasUsableDefaultGrant(tenantId: string): boolean {
    const grant = this.tenants.get(tenantId)?.defaultGrant;
    return grant !== undefined && !grant.rejected && this.defaultGrantAlive(grant);
  }

  /**
   * Called after a successful rotation (issue 7): forgets the cached secret and tokens, so the
   * next call reads the new current version. A Default-mode grant is unaffected.
   */
  notifyRotated(tenantId: string): void {
    const grant = this.tenants.get(tenantId)?.defaultGrant;
    this.tenants.set(tenantId, { tokens: new Map(), inflight: new Map(), defaultGrant: grant });
    this.logger.info({ tenantId }, 'token broker: rotation noticed, secret and tokens dropped');
  }

  /**
   * Called when Graph answered 401 to `rejectedToken`. Advanced mode: forgets the token and the
   * secret, so the next call re-reads the vault once. Default mode: the grant is marked dead.
   * A report about a token that has already been replaced is ignored, so a burst of 401s for
   * the same token costs one vault read.
   */
  reportAuthenticationFailure(tenantId: string, rejectedToken: string): void {
    const state = this.tenants.get(tenantId);
    if (!state) return;
    if (state.defaultGrant) {
      if (state.defaultGrant.token.token === rejectedToken) state.defaultGrant.rejected = true;
      return;
    }
    const stillCached = [...state.tokens.values()].some((token) => token.token === rejectedToken);
    if (!stillCached) return;
    this.countersOf(tenantId).authenticationFailures += 1;
    this.tenants.set(tenantId, { tokens: new Map(), inflight: new Map() });
    this.logger.warn({ tenantId }, 'token broker: token rejected by Graph, secret and tokens dropped');
  }

  /** Forgets everything held for the tenant (turn-off, expiry). Counters are kept for `status` details. */
  dropTenant(tenantId: string): void {
    this.tenants.delete(tenantId);
  }

  /** Token acquisitions, vault reads, cache hits and authentication failures since start, for `status` details. */
  getCounters(tenantId: string): TokenBrokerCounters {
    return { ...this.countersOf(tenantId) };
  }

  private async acquire(tenantId: string, state: TenantTokenState, account: ServiceAccountRecord, scope: string): Promise<AccessToken> {
    const cachedSecret = state.secret;
    if (cachedSecret && cachedSecret.accountObjectId === account.objectId && cachedSecret.secretName === account.secretName) {
      try {
        return await this.signInServiceAccount(tenantId, state, account, cachedSecret.value, scope);
      } catch (error) {
        if (!(error instanceof SignInError && error.code === 'SIGNIN.WRONG_PASSWORD')) throw this.toSessionError(error, 'advanced', account.userPrincipalName);
        // The cached password stopped working (rotated elsewhere?): re-read the vault, once.
        this.countersOf(tenantId).authenticationFailures += 1;
        state.secret = undefined;
      }
    }
    return this.signInFromVault(tenantId, state, account, scope);
  }

  private async signInFromVault(tenantId: string, state: TenantTokenState, account: ServiceAccountRecord, scope: string): Promise<AccessToken> {
    const current = account.currentSecretVersion || undefined;
    const versions: Array<string | undefined> = [current];
    if (account.pendingSecretVersion && account.pendingSecretVersion !== current) versions.push(account.pendingSecretVersion);
    let passwordRefused = false;
    for (const version of versions) {
      const secret = await this.readSecret(tenantId, account.secretName, version);
      if (!secret) continue;
      try {
        const token = await this.signInServiceAccount(tenantId, state, account, secret.value, scope);
        state.secret = { accountObjectId: account.objectId, secretName: account.secretName, version: secret.version, value: secret.value };
        this.logger.debug({ tenantId, secretVersion: secret.version }, 'token broker: service account signed in');
        return token;
      } catch (error) {
        if (error instanceof SignInError && error.code === 'SIGNIN.WRONG_PASSWORD') {
          passwordRefused = true;
          continue;
        }
        throw this.toSessionError(error, 'advanced', account.userPrincipalName);
      }
    }
    if (passwordRefused) throw mapSignInError(new SignInError('SIGNIN.WRONG_PASSWORD', 'refused'), 'advanced', account.userPrincipalName);
    throw new SessionError(
      'SESSION.SECRET_NOT_FOUND',
      "The service account's password is missing from Key Vault.",
      'A tenant admin should run "rotate password now", or recreate the service account from settings.',
    );
  }

  /** Reads one secret version; undefined when it does not exist. Any other vault failure fails closed. */
  private async readSecret(tenantId: string, name: string, version: string | undefined): Promise<{ version: string; value: string } | undefined> {
    this.countersOf(tenantId).vaultReads += 1;
    try {
      const secret = await this.deps.vault.getSecret(name, version);
      return { version: secret.version, value: secret.value };
    } catch (error) {
      if (error instanceof VaultError && error.code === 'VAULT.NOT_FOUND') return undefined;
      this.logger.warn({ tenantId, code: error instanceof VaultError ? error.code : 'UNKNOWN' }, 'token broker: vault read failed');
      throw sessionErrors.vaultUnavailable();
    }
  }

  private async signInServiceAccount(tenantId: string, state: TenantTokenState, account: ServiceAccountRecord, password: string, scope: string): Promise<AccessToken> {
    this.countersOf(tenantId).tokenAcquisitions += 1;
    const token = await this.deps.issuer.getUserTokenWithPassword(tenantId, account.userPrincipalName, password, [scope]);
    state.tokens.set(`${account.objectId}|${scope}`, token);
    return token;
  }

  private defaultGrantToken(tenantId: string, grant: DefaultGrant, scope: string): AccessToken {
    if (grant.rejected || !this.defaultGrantAlive(grant)) throw sessionErrors.defaultTokenExpired();
    if (scope !== grant.scope) {
      throw new SessionError(
        'SESSION.SCOPE_UNAVAILABLE',
        'The Default-mode sign-in does not cover this kind of call.',
        'Use Advanced mode for this action.',
      );
    }
    this.countersOf(tenantId).cacheHits += 1;
    return grant.token;
  }

  private toSessionError(error: unknown, mode: 'default' | 'advanced', account: string): SessionError {
    if (error instanceof SessionError) return error;
    if (error instanceof SignInError) return mapSignInError(error, mode, account);
    this.logger.error({ errorName: error instanceof Error ? error.name : typeof error }, 'token broker: unexpected sign-in failure');
    return mapSignInError(new SignInError('SIGNIN.FAILED', 'unexpected'), mode, account);
  }

  private isFresh(token: AccessToken): boolean {
    return token.expiresOnTimestamp - this.refreshBeforeExpiryInMs > this.deps.clock.now().getTime();
  }

  private defaultGrantAlive(grant: DefaultGrant): boolean {
    return grant.token.expiresOnTimestamp - DEFAULT_GRANT_SAFETY_MARGIN_IN_MS > this.deps.clock.now().getTime();
  }

  private stateOf(tenantId: string): TenantTokenState {
    let state = this.tenants.get(tenantId);
    if (!state) {
      state = { tokens: new Map(), inflight: new Map() };
      this.tenants.set(tenantId, state);
    }
    return state;
  }

  private countersOf(tenantId: string): TokenBrokerCounters {
    let counters = this.counters.get(tenantId);
    if (!counters) {
      counters = emptyCounters();
      this.counters.set(tenantId, counters);
    }
    return counters;
  }
}

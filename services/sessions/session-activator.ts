/**
 * Makes the sign-in that backs a session, in either mode, and explains a failure: when Entra
 * asks for MFA or conditional access blocks, it asks the directory which policies apply to the
 * account (What If, or local evaluation) so the answer can name them.
 */
import type { Directory } from '../ports/directory.port';
import type { ServiceAccountRepository } from '../ports/service-account.repository.port';
import type { AccessToken } from '../ports/token-issuer.port';
import type { TokenBroker } from './token-broker';
import { silentLogger, type AreaLogger } from './session-collaborators.port';
import { SessionError } from './session-errors';
import { withBlockingPolicies } from './session-sign-in-errors';
import type { SessionMode, SessionPrincipal } from './session.types';

/** Default mode's input. Lives only for the duration of the turn-on call. */
export interface DefaultModeCredentials {
  username: string;
  password: string;
}

export interface ActivationResult {
  principal: SessionPrincipal;
  /** Default mode: the admin's token cannot be renewed, so the session cannot outlive it. */
  tokenExpiresAt?: Date;
}

/** Global Administrator role template id. */
export const GLOBAL_ADMINISTRATOR_ROLE_ID = '62e90394-69f5-4237-9190-012177145e10';

export interface SessionActivatorDependencies {
  broker: TokenBroker;
  /** The bot's own (application-permission) directory, for account look-ups and What If. */
  appDirectory: Directory;
  serviceAccounts: ServiceAccountRepository;
  logger?: AreaLogger;
  /** Directory role template ids a Default-mode account must hold (checked when the token has `wids`). */
  defaultModeRoleTemplateIds?: readonly string[];
}

export class SessionActivator {
  private readonly logger: AreaLogger;
  private readonly requiredRoles: readonly string[];

  constructor(private readonly deps: SessionActivatorDependencies) {
    this.logger = deps.logger ?? silentLogger;
    this.requiredRoles = deps.defaultModeRoleTemplateIds ?? [GLOBAL_ADMINISTRATOR_ROLE_ID];
  }

  /**
   * Signs the session's account in and, on success, leaves its credential with the token broker.
   * Advanced mode: Key Vault secret read. Default mode: the password grant only. Naming blocking
   * policies needs Policy.Read.All for the bot's app.
   * @throws SessionError with the codes of the token broker, plus SESSION.CREDENTIALS_REQUIRED
   *   and SESSION.NOT_GLOBAL_ADMIN (Default mode).
   */
  async activate(tenantId: string, mode: SessionMode, credentials?: DefaultModeCredentials): Promise<ActivationResult> {
    if (mode === 'advanced') {
      try {
        return { principal: await this.deps.broker.activateServiceAccount(tenantId) };
      } catch (error) {
        throw await this.explain(tenantId, error, async () => this.deps.serviceAccounts.get(tenantId)?.objectId);
      }
    }
    if (!credentials) throw credentialsRequired();
    let token: AccessToken;
    try {
      token = await this.deps.broker.signInWithPassword(tenantId, credentials.username, credentials.password);
    } catch (error) {
      throw await this.explain(tenantId, error, async () => (await this.deps.appDirectory.getUser(tenantId, credentials.username))?.id);
    }
    this.assertHoldsRequiredRole(token);
    const principal = await this.defaultPrincipal(tenantId, token, credentials.username);
    this.deps.broker.holdDefaultGrant(tenantId, token, principal);
    return { principal, tokenExpiresAt: new Date(token.expiresOnTimestamp) };
  }

  private assertHoldsRequiredRole(token: AccessToken): void {
    const wids = token.claims.wids;
    if (!Array.isArray(wids) || wids.some((id) => this.requiredRoles.includes(id))) return;
    throw new SessionError(
      'SESSION.NOT_GLOBAL_ADMIN',
      'This account signed in, but it is not a Global Administrator, so it cannot back a management session.',
      'Use a Global Administrator account, or switch to Advanced mode.',
      { mode: 'default' },
    );
  }

  private async defaultPrincipal(tenantId: string, token: AccessToken, username: string): Promise<SessionPrincipal> {
    const upn = token.claims.upn ?? username;
    let objectId = token.claims.oid;
    if (!objectId) objectId = (await this.lookUpUserId(tenantId, upn)) ?? upn;
    return { objectId, userPrincipalName: upn, kind: 'signedInAdmin' };
  }

  private async explain(tenantId: string, error: unknown, accountId: () => Promise<string | undefined>): Promise<unknown> {
    if (!(error instanceof SessionError)) return error;
    if (error.code !== 'SESSION.MFA_REQUIRED' && error.code !== 'SESSION.BLOCKED_BY_CONDITIONAL_ACCESS') return error;
    try {
      const userId = await accountId();
      if (!userId) return error;
      const verdict = await this.deps.appDirectory.evaluateConditionalAccess(tenantId, userId);
      return withBlockingPolicies(error, verdict.blockingPolicies.map((policy) => policy.displayName));
    } catch (lookupError) {
      // Naming the policy is a courtesy; the sign-in error itself is what the user must see.
      this.logger.warn({ tenantId, errorName: lookupError instanceof Error ? lookupError.name : 'unknown' }, 'session: conditional-access evaluation failed');
      return error;
    }
  }

  private async lookUpUserId(tenantId: string, upn: string): Promise<string | undefined> {
    try {
      return (await this.deps.appDirectory.getUser(tenantId, upn))?.id;
    } catch {
      return undefined;
    }
  }
}

function credentialsRequired(): SessionError {
  return new SessionError(
    'SESSION.CREDENTIALS_REQUIRED',
    "Default mode needs a Global Administrator's user name and password to turn the session on.",
    'Enter them in the sign-in card. MFA must be off for this account.',
    { mode: 'default' },
  );
}

/**
 * The one guard every management action, custom action, workflow and playbook calls before
 * touching the tenant: it applies auto-enable and hands back a Directory whose Graph calls
 * carry the session account's token.
 */
import type { Directory } from '../ports/directory.port';
import type { UserAdministration } from '../ports/user-administration.port';
import type { TenantSettingsRepository } from '../ports/tenant-settings.repository.port';
import type { TokenBroker } from './token-broker';
import type { ManagementSessionService } from './management-session.service';
import { SessionDirectoryProvider, type SessionDirectoryFactory } from './session-bound-directory';
import { SessionUserAdministrationProvider, unavailableUserAdministration, type SessionUserAdministrationFactory } from './session-bound-user-administration';
import { SessionError, sessionErrors } from './session-errors';
import type { Actor, ManagementSession, SessionPrincipal } from './session.types';

export interface ActiveSession {
  session: ManagementSession;
  /** Graph as the session's account (service account or signed-in admin), pinned to the tenant. */
  directory: Directory;
  /** Profile, manager and licence calls as the session's account (fails closed when no adapter is wired). */
  users: UserAdministration;
  principal: SessionPrincipal;
  /** True when this call (or a concurrent one it joined) turned the session on by auto-enable; say so to the user. */
  autoEnabled: boolean;
}

export interface ActiveSessionGuardDependencies {
  sessions: ManagementSessionService;
  broker: TokenBroker;
  settings: TenantSettingsRepository;
  /** Builds the Graph adapter from a token function, e.g. `(tokenFn) => new GraphDirectory(..., tokenFn)`. */
  directoryFactory: SessionDirectoryFactory;
  /** Builds the user-administration adapter from a token function. Absent: those calls fail closed. */
  userAdministrationFactory?: SessionUserAdministrationFactory;
}

export class ActiveSessionGuard {
  private readonly directories: SessionDirectoryProvider;
  private readonly users?: SessionUserAdministrationProvider;

  constructor(private readonly deps: ActiveSessionGuardDependencies) {
    this.directories = new SessionDirectoryProvider(deps.broker, deps.directoryFactory);
    if (deps.userAdministrationFactory) this.users = new SessionUserAdministrationProvider(deps.broker, deps.userAdministrationFactory);
  }

  /**
   * Ensures the tenant's session is ON for `actor` and returns what an action needs to run.
   * OFF with auto-enable on (Advanced mode): turns it on as `actor` and reports `autoEnabled`.
   * OFF otherwise: refuses.
   * @throws SessionError SESSION.TENANT_MISMATCH, SESSION.NOT_ACTIVE (details say whether
   *   auto-enable is on and the last failure), SESSION.DEFAULT_TOKEN_EXPIRED, and every error of
   *   ManagementSessionService.turnOn when auto-enable fails (fail closed).
   */
  async requireActiveSession(tenantId: string, actor: Actor, options: { correlationId?: string } = {}): Promise<ActiveSession> {
    if (actor.tenantId !== tenantId) {
      throw new SessionError('SESSION.TENANT_MISMATCH', 'You can only act in your own tenant.', 'Run the command from your own tenant.');
    }
    const session = await this.deps.sessions.currentSession(tenantId);
    if (session.state === 'ON' && session.principal) return this.bind(session, session.principal, false);

    const settings = this.deps.settings.get(tenantId);
    if (settings.autoEnable && settings.mode === 'advanced') {
      const result = await this.deps.sessions.turnOn(actor, { trigger: 'autoEnable', correlationId: options.correlationId });
      const principal = result.session.principal;
      if (!principal) throw sessionErrors.busy();
      return this.bind(result.session, principal, result.outcome !== 'already-on' && result.session.autoEnabled);
    }
    if (session.lastError?.code === 'SESSION.DEFAULT_TOKEN_EXPIRED' && session.lastChangeReason === 'credentials-lost') throw sessionErrors.defaultTokenExpired();
    throw sessionErrors.notActive({ lastErrorCode: session.lastError?.code, mode: settings.mode, autoEnable: settings.autoEnable });
  }

  private bind(session: ManagementSession, principal: SessionPrincipal, autoEnabled: boolean): ActiveSession {
    return {
      session,
      principal,
      autoEnabled,
      directory: this.directories.forTenant(session.tenantId),
      users: this.users?.forTenant(session.tenantId) ?? unavailableUserAdministration,
    };
  }
}

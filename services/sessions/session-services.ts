/**
 * Builds the session area (token broker, session service, guard, management actions) from its
 * collaborators, for bot/composition-root.ts and for tests, so both wire it the same way.
 * Adapters are passed in, never created here.
 */
import type { AuditWriter } from '../ports/audit-log.port';
import type { Clock } from '../ports/clock.port';
import type { Directory } from '../ports/directory.port';
import type { SecretVault } from '../ports/secret-vault.port';
import type { ServiceAccountRepository } from '../ports/service-account.repository.port';
import type { TenantSettingsRepository } from '../ports/tenant-settings.repository.port';
import type { TokenIssuer } from '../ports/token-issuer.port';
import { PrivilegedTargetService } from '../access/privileged-target.service';
import { ActionRegistry } from '../actions/action-registry';
import type { ActionDefinition } from '../actions/action-definition';
import { ManagementActionService, type ManagementActionDependencies, type ActionAuthorizer, type ManagementActionOptions } from '../actions/management-action.service';
import type { PendingActionRepository } from '../actions/pending-action.repository.port';
import { TokenBroker, type TokenBrokerOptions } from './token-broker';
import { ManagementSessionService, type ManagementSessionOptions } from './management-session.service';
import { ActiveSessionGuard } from './require-active-session';
import { SessionActivator } from './session-activator';
import type { SessionDirectoryFactory } from './session-bound-directory';
import type { UserAdministration } from '../ports/user-administration.port';
import type { SessionUserAdministrationFactory } from './session-bound-user-administration';
import { silentLogger, type AreaLogger, type SessionAccessPolicy, type SessionNoticeSink } from './session-collaborators.port';
import type { ManagementSessionRepository } from './session.repository.port';

export interface SessionServicesDependencies {
  clock: Clock;
  issuer: TokenIssuer;
  vault: SecretVault;
  /** The bot's own Graph identity (application permissions). */
  appDirectory: Directory;
  /** Graph as the session account: `(tokenFn) => new GraphDirectory({ ..., getAccessToken: tokenFn })`. */
  directoryFactory: SessionDirectoryFactory;
  /** Profile, manager and licence reads as the bot's own app, for the actions' before → after. */
  appUsers?: UserAdministration;
  /** Profile, manager and licence calls as the session account. Absent: those actions fail closed. */
  userAdministrationFactory?: SessionUserAdministrationFactory;
  settings: TenantSettingsRepository;
  serviceAccounts: ServiceAccountRepository;
  sessions: ManagementSessionRepository;
  pendingActions: PendingActionRepository;
  /** AuthorizationService (authorize) + RoleService (isTenantAdmin). */
  access: SessionAccessPolicy & ActionAuthorizer;
  audit: AuditWriter;
  notices?: SessionNoticeSink;
  /** A parent logger; children per area are made here. */
  logger?: AreaLogger & { child?(bindings: object): AreaLogger };
  actions?: readonly ActionDefinition[];
  /** Which operator runs need a tenant admin's approval, and the approval service that gives it. */
  actionApprovals?: Pick<ManagementActionDependencies, 'approvalRules' | 'approvals'>;
  /** Published custom actions, run through the same path (`custom:<name>`). */
  customActions?: ManagementActionDependencies['customActions'];
  options?: { broker?: TokenBrokerOptions; sessions?: ManagementSessionOptions; actions?: ManagementActionOptions; defaultModeRoleTemplateIds?: readonly string[] };
}

export interface SessionServices {
  broker: TokenBroker;
  sessions: ManagementSessionService;
  guard: ActiveSessionGuard;
  actions: ManagementActionService;
  /** Self, role holders and break-glass accounts: the second-confirmation rule, and the break-glass list. */
  privilegedTargets: PrivilegedTargetService;
}

export function createSessionServices(deps: SessionServicesDependencies): SessionServices {
  const child = (area: string): AreaLogger => deps.logger?.child?.({ area }) ?? deps.logger ?? silentLogger;
  const broker = new TokenBroker({
    issuer: deps.issuer,
    vault: deps.vault,
    serviceAccounts: deps.serviceAccounts,
    clock: deps.clock,
    logger: child('tokens'),
    options: deps.options?.broker,
  });
  const activator = new SessionActivator({
    broker,
    appDirectory: deps.appDirectory,
    serviceAccounts: deps.serviceAccounts,
    logger: child('sessions'),
    defaultModeRoleTemplateIds: deps.options?.defaultModeRoleTemplateIds,
  });
  const sessions = new ManagementSessionService({
    sessions: deps.sessions,
    settings: deps.settings,
    access: deps.access,
    broker,
    activator,
    clock: deps.clock,
    audit: deps.audit,
    notices: deps.notices,
    logger: child('sessions'),
    options: deps.options?.sessions,
  });
  const guard = new ActiveSessionGuard({ sessions, broker, settings: deps.settings, directoryFactory: deps.directoryFactory,
    ...(deps.userAdministrationFactory ? { userAdministrationFactory: deps.userAdministrationFactory } : {}),
  });
  const privilegedTargets = new PrivilegedTargetService({ directory: deps.appDirectory, settings: deps.settings, audit: deps.audit, authorization: deps.access });
  const actions = new ManagementActionService({
    registry: new ActionRegistry(deps.actions),
    pendingActions: deps.pendingActions,
    appDirectory: deps.appDirectory,
    ...(deps.appUsers ? { appUsers: deps.appUsers } : {}),
    authorizer: deps.access,
    sessions: guard,
    privilegedTargets,
    audit: deps.audit,
    clock: deps.clock,
    logger: child('actions'),
    options: deps.options?.actions,
    ...(deps.actionApprovals?.approvalRules ? { approvalRules: deps.actionApprovals.approvalRules } : {}),
    ...(deps.actionApprovals?.approvals ? { approvals: deps.actionApprovals.approvals } : {}),
    ...(deps.customActions ? { customActions: deps.customActions } : {}),
  });
  return { broker, sessions, guard, actions, privilegedTargets };
}

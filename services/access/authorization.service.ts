/**
 * "May this person do this to that user now?" Called at execution time by every command,
 * card verb and service method that changes something. The actor comes from the activity
 * (from.aadObjectId + the activity's tenant id); the target is resolved through the directory
 * here, never taken from card data. Every denial is audited here, so callers cannot forget;
 * a flood of denials by one user is summarized rather than written record by record
 * (denial-audit-limiter.ts), and the user is refused every time all the same.
 */
import { randomUUID } from 'node:crypto';
import type { AuditWriter } from '../ports/audit-log.port';
import type { Clock } from '../ports/clock.port';
import type { Directory, DirectoryUser } from '../ports/directory.port';
import { userMessageFor } from '../errors';
import { AccessDeniedError, AccessError, type AccessDenialCode } from './access-errors';
import { toPerson, type Actor } from './actor';
import { findCapability, type CapabilityDefinition, type CapabilityId, CAPABILITIES } from './capabilities';
import { findDirectoryUser, readUserDirectoryRoles } from './directory-reader';
import { DEFAULT_PRIVILEGED_ROLE_POLICY, isPrivilegedTarget, type PrivilegedRolePolicy } from './directory-roles';
import type { OperatorGrant, ScopeRule } from './operator-grant';
import { evaluateScope } from './operator-scope';
import type { BreakGlassAccountSource } from './privileged-target.service';
import { DenialAuditLimiter, type DenialAuditLimits } from './denial-audit-limiter';
import { currentTurnDecisions } from './turn-authorization-scope';
import type { RoleService, TenantAdminStatus } from './role.service';

/** A user named by the caller (object id or UPN), to be resolved in the actor's own tenant. */
export interface TargetRef {
  userId: string;
}

export type AllowedVia = 'anyone' | 'tenantAdmin' | 'auditor' | 'operator';

export interface AllowedDecision {
  allowed: true;
  via: AllowedVia;
  /** The target as the directory knows it now; act on this, not on what the card said. */
  target?: DirectoryUser;
  /** For operators: the scope rule that reached the target. */
  matchedRule?: ScopeRule;
}

export interface DeniedDecision {
  allowed: false;
  reason: AccessDenialCode;
  message: string;
  whoCanHelp: string[];
}

export type AuthorizationDecision = AllowedDecision | DeniedDecision;

export interface AuthorizeOptions {
  /** Ties the denial record to the command's other records. Generated when absent. */
  correlationId?: string;
  /** Re-check tenant admin in Entra now instead of trusting the short cache (approvals). */
  freshRoles?: boolean;
}

export interface AuthorizationServiceOptions {
  privilegedRolePolicy?: PrivilegedRolePolicy;
  /** How many denials per user are audited in full before they are summarized. */
  denialAuditLimits?: Partial<DenialAuditLimits>;
  /** The denial windows' clock. Default: the RoleService's clock. */
  clock?: Clock;
  /**
   * The tenant's break-glass accounts (tenant settings). Like a role holder and like the
   * operator themselves, a listed account is out of an operator's reach unless the grant says
   * `includePrivileged`. Default: none listed.
   */
  breakGlassAccounts?: BreakGlassAccountSource;
}

/** The capability id of running one custom action, e.g. `custom:set-employee-id`. */
export const CUSTOM_ACTION_CAPABILITY_PREFIX = 'custom:';

/**
 * Who may run a custom action: its published definition says so (services/custom-actions), not
 * the capability catalogue. Undefined when it does not exist or is not published.
 */
export interface CustomActionRunners {
  mayRun(tenantId: string, name: string, caller: { via: 'tenantAdmin' } | { via: 'operator'; grant: OperatorGrant }): Promise<boolean | undefined>;
}

const DENIAL_MESSAGES: Record<AccessDenialCode, string> = {
  'ACCESS.INVALID_ACTOR': "I couldn't tell who you are, so I didn't do that.",
  'ACCESS.UNKNOWN_CAPABILITY': "I don't know that action, so I didn't do it.",
  'ACCESS.TENANT_ADMIN_REQUIRED': 'Only tenant admins (Global Administrator or Privileged Role Administrator) can do this.',
  'ACCESS.ADMIN_OR_AUDITOR_REQUIRED': 'Only tenant admins and auditors can do this.',
  'ACCESS.ADMIN_OR_OPERATOR_REQUIRED': 'Only tenant admins and operators can do this.',
  'ACCESS.NOT_OPERATOR': "You aren't an operator yet. A tenant admin can grant you a scope.",
  'ACCESS.ACTION_NOT_GRANTED': "Your operator grant doesn't include this action.",
  'ACCESS.TARGET_REQUIRED': 'Say which user this is for.',
  'ACCESS.TARGET_NOT_FOUND': "I couldn't find that user in your directory.",
  'ACCESS.NOT_IN_SCOPE': 'That user is outside your operator scope.',
  // One sentence for every privileged reason (self, role holder, break-glass), the catalogue's.
  'ACCESS.PRIVILEGED_TARGET': userMessageFor('ACCESS.PRIVILEGED_TARGET'),
  'ACCESS.DIRECTORY_UNAVAILABLE': "I couldn't check access with Microsoft Entra right now, so nothing was done. Try again in a few minutes.",
};

/**
 * For a role refusal of someone Entra does not know (Graph answered 404 for them): saying "only
 * admins can do this" would suggest they merely lack a role, and an outage message would be false.
 */
export const NOT_IN_DIRECTORY_MESSAGE =
  "You're not known in this organization's directory (Microsoft Entra ID), so I can't let you do that. If you should have access, ask an admin to check your account.";

interface Denial {
  reason: AccessDenialCode;
  target?: DirectoryUser;
  details?: Record<string, string>;
  /** The actor is not in the tenant's directory (only known when their admin role was checked). */
  actorNotInDirectory?: boolean;
}

type Evaluation = AllowedDecision | Denial;

/**
 * A click is authorized at the bot's door and again by the service it reaches (which the tab
 * and the scheduler call too). Inside one turn's authorization scope (see
 * turn-authorization-scope.ts) the second check reuses the first allowed decision instead of
 * evaluating it again, so a caller is evaluated once per click. Denials are never reused (each
 * is audited where it happens), and a remembered decision is dropped after a few seconds.
 */
const TURN_MEMO_TTL_IN_MS = 15_000;

/** Refusals that mean "you lack the role": for someone Entra does not know, the message says so instead. */
const ROLE_REFUSALS: ReadonlySet<AccessDenialCode> = new Set([
  'ACCESS.TENANT_ADMIN_REQUIRED',
  'ACCESS.ADMIN_OR_AUDITOR_REQUIRED',
  'ACCESS.ADMIN_OR_OPERATOR_REQUIRED',
  'ACCESS.NOT_OPERATOR',
]);

export class AuthorizationService {
  private readonly privilegedRolePolicy: PrivilegedRolePolicy;
  private readonly denialAudit: DenialAuditLimiter;
  private readonly breakGlassAccounts: BreakGlassAccountSource | undefined;
  private customActions: CustomActionRunners | undefined;

  constructor(
    private readonly roles: RoleService,
    private readonly directory: Directory,
    private readonly audit: AuditWriter,
    options: AuthorizationServiceOptions = {},
  ) {
    this.privilegedRolePolicy = options.privilegedRolePolicy ?? DEFAULT_PRIVILEGED_ROLE_POLICY;
    this.denialAudit = new DenialAuditLimiter(audit, options.clock ?? roles.clock, options.denialAuditLimits);
    this.breakGlassAccounts = options.breakGlassAccounts;
  }

  /**
   * Decides whether `actor` may use `capability` (on `target`, for management actions).
   * Never throws for a refusal: a denial is returned with a reason code, a message and whom
   * to ask, and is appended to the audit with result 'denied'. A directory outage is a denial
   * with ACCESS.DIRECTORY_UNAVAILABLE (fail closed).
   * Needs Directory: User.Read.All, GroupMember.Read.All, RoleManagement.Read.Directory.
   * @throws AuditError only if the denial cannot be recorded (the action is still not allowed).
   */
  async authorize(actor: Actor, capability: CapabilityId | string, target?: TargetRef, options: AuthorizeOptions = {}): Promise<AuthorizationDecision> {
    const memo = options.freshRoles ? undefined : currentTurnDecisions();
    const memoKey = [actor.tenantId, actor.userId, capability, target?.userId ?? ''].join('\u0000');
    const remembered = memo?.get(memoKey);
    if (remembered && Date.now() - remembered.at <= TURN_MEMO_TTL_IN_MS) return remembered.decision as AllowedDecision;
    const definition = findCapability(capability);
    const notInDirectory = { seen: false };
    const evaluation =
      !definition && capability.startsWith(CUSTOM_ACTION_CAPABILITY_PREFIX)
        ? await this.evaluateCustomAction(actor, capability.slice(CUSTOM_ACTION_CAPABILITY_PREFIX.length), target, options, notInDirectory)
        : await this.evaluate(actor, definition, target, options, notInDirectory);
    if ('allowed' in evaluation) {
      memo?.set(memoKey, { decision: evaluation, at: Date.now() });
      return evaluation;
    }
    if (notInDirectory.seen && ROLE_REFUSALS.has(evaluation.reason)) evaluation.actorNotInDirectory = true;
    return this.deny(actor, capability, definition, target, evaluation, options.correlationId ?? randomUUID());
  }

  /**
   * Writes the summaries of denial bursts whose window has closed, for users who went quiet
   * (a later denial writes them too). For the scheduler; returns how many summaries were written.
   * @throws AuditError when a summary cannot be written.
   */
  async flushDenialSummaries(options: { everything?: boolean } = {}): Promise<number> {
    return this.denialAudit.flush(options);
  }

  /**
   * Same as `authorize`, for service methods: returns the allowed decision or throws.
   * @throws AccessDeniedError with the denial's reason code (ACCESS.*) and whoCanHelp.
   */
  async require(actor: Actor, capability: CapabilityId, target?: TargetRef, options: AuthorizeOptions = {}): Promise<AllowedDecision> {
    const decision = await this.authorize(actor, capability, target, options);
    if (!decision.allowed) throw new AccessDeniedError(decision.reason, decision.message, decision.whoCanHelp);
    return decision;
  }

  /**
   * The capabilities the actor may use, ignoring targets, for the help card. Not audited.
   * A directory outage hides tenant-admin capabilities rather than failing the help card.
   */
  async capabilitiesOf(actor: Actor): Promise<CapabilityId[]> {
    const tenantAdmin = await this.roles.isTenantAdmin(actor.tenantId, actor.userId, { person: toPerson(actor) }).catch(() => false);
    const grant = await this.roles.getOperatorGrant(actor.tenantId, actor.userId);
    const auditor = await this.roles.isAuditor(actor.tenantId, actor.userId);
    return CAPABILITIES.filter((c) => {
      switch (c.audience) {
        case 'anyone':
          return true;
        case 'tenantAdmin':
          return tenantAdmin;
        case 'adminOrAuditor':
          return tenantAdmin || auditor;
        case 'adminOrOperator':
          return tenantAdmin || grant !== undefined;
        case 'targetAction':
          return tenantAdmin || (grant !== undefined && c.action !== undefined && grant.allowedActions.includes(c.action));
      }
    }).map((c) => c.id);
  }

  private async evaluate(
    actor: Actor,
    capability: CapabilityDefinition | undefined,
    target: TargetRef | undefined,
    options: AuthorizeOptions,
    notInDirectory: { seen: boolean },
  ): Promise<Evaluation> {
    if (capability?.audience === 'anyone') return { allowed: true, via: 'anyone' };
    if (!actor.tenantId || !actor.userId) return { reason: 'ACCESS.INVALID_ACTOR' };
    if (!capability) return { reason: 'ACCESS.UNKNOWN_CAPABILITY' };
    const isTenantAdmin = async (): Promise<boolean> => {
      const status = await this.tenantAdminStatus(actor, options);
      if (status === 'notInDirectory') notInDirectory.seen = true;
      return status === 'admin';
    };
    try {
      switch (capability.audience) {
        case 'tenantAdmin':
          return (await isTenantAdmin()) ? { allowed: true, via: 'tenantAdmin' } : { reason: 'ACCESS.TENANT_ADMIN_REQUIRED' };
        case 'adminOrAuditor':
          // Local grants first: an auditor can read the audit while Entra is unreachable.
          if (await this.roles.isAuditor(actor.tenantId, actor.userId)) return { allowed: true, via: 'auditor' };
          return (await isTenantAdmin()) ? { allowed: true, via: 'tenantAdmin' } : { reason: 'ACCESS.ADMIN_OR_AUDITOR_REQUIRED' };
        case 'adminOrOperator':
          if (await this.roles.getOperatorGrant(actor.tenantId, actor.userId)) return { allowed: true, via: 'operator' };
          return (await isTenantAdmin()) ? { allowed: true, via: 'tenantAdmin' } : { reason: 'ACCESS.ADMIN_OR_OPERATOR_REQUIRED' };
        case 'targetAction':
          return await this.evaluateTargetAction(actor, capability, target, isTenantAdmin);
      }
    } catch (error) {
      if (error instanceof AccessError && error.code === 'ACCESS.DIRECTORY_UNAVAILABLE') {
        return { reason: 'ACCESS.DIRECTORY_UNAVAILABLE', details: { directoryCode: String(error.details.directoryCode ?? '') } };
      }
      throw error;
    }
  }

  /**
   * Custom actions are defined after start-up, so who may run them is asked of their service
   * (set once by the composition root; the service itself depends on this one).
   */
  useCustomActionRunners(runners: CustomActionRunners): void {
    this.customActions = runners;
  }

  /**
   * Running a custom action on a user: a tenant admin, or an operator the published definition
   * names; for an operator the target must be in their grant's scope, exactly as for a built-in
   * action. Not published, unknown, or no runners configured: refused (fail closed).
   */
  private async evaluateCustomAction(actor: Actor, name: string, ref: TargetRef | undefined, options: AuthorizeOptions, notInDirectory: { seen: boolean }): Promise<Evaluation> {
    if (!actor.tenantId || !actor.userId) return { reason: 'ACCESS.INVALID_ACTOR' };
    if (!this.customActions) return { reason: 'ACCESS.UNKNOWN_CAPABILITY' };
    try {
      const status = await this.tenantAdminStatus(actor, options);
      if (status === 'notInDirectory') notInDirectory.seen = true;
      const tenantAdmin = status === 'admin';
      const grant = tenantAdmin ? undefined : await this.roles.getOperatorGrant(actor.tenantId, actor.userId);
      if (!tenantAdmin && !grant) return { reason: 'ACCESS.NOT_OPERATOR' };
      const may = await this.customActions.mayRun(actor.tenantId, name, tenantAdmin ? { via: 'tenantAdmin' } : { via: 'operator', grant: grant as OperatorGrant });
      if (!may) return { reason: 'ACCESS.ACTION_NOT_GRANTED' };
      if (!ref?.userId?.trim()) return { reason: 'ACCESS.TARGET_REQUIRED' };
      const user = await findDirectoryUser(this.directory, actor.tenantId, ref.userId.trim());
      if (!user) return { reason: 'ACCESS.TARGET_NOT_FOUND' };
      if (tenantAdmin) return { allowed: true, via: 'tenantAdmin', target: user };
      return await this.evaluateScope(actor, grant as OperatorGrant, user);
    } catch (error) {
      if (error instanceof AccessError && error.code === 'ACCESS.DIRECTORY_UNAVAILABLE') {
        return { reason: 'ACCESS.DIRECTORY_UNAVAILABLE', details: { directoryCode: String(error.details.directoryCode ?? '') } };
      }
      throw error;
    }
  }

  private async evaluateTargetAction(actor: Actor, capability: CapabilityDefinition, ref: TargetRef | undefined, isTenantAdmin: () => Promise<boolean>): Promise<Evaluation> {
    const tenantAdmin = await isTenantAdmin();
    const grant = tenantAdmin ? undefined : await this.roles.getOperatorGrant(actor.tenantId, actor.userId);
    if (!tenantAdmin) {
      if (!grant) return { reason: 'ACCESS.NOT_OPERATOR' };
      if (!capability.action || !grant.allowedActions.includes(capability.action)) return { reason: 'ACCESS.ACTION_NOT_GRANTED' };
    }
    if (!ref?.userId?.trim()) return { reason: 'ACCESS.TARGET_REQUIRED' };
    const user = await findDirectoryUser(this.directory, actor.tenantId, ref.userId.trim());
    if (!user) return { reason: 'ACCESS.TARGET_NOT_FOUND' };
    if (tenantAdmin) return { allowed: true, via: 'tenantAdmin', target: user };
    return this.evaluateScope(actor, grant as OperatorGrant, user);
  }

  private async evaluateScope(actor: Actor, grant: OperatorGrant, user: DirectoryUser): Promise<Evaluation> {
    const roles = await readUserDirectoryRoles(this.directory, actor.tenantId, user.id);
    const verdict = evaluateScope(grant, {
      user,
      memberships: roles.memberships,
      privileged: isPrivilegedTarget(roles.held, this.privilegedRolePolicy),
      protectedAccount: this.isSelfOrBreakGlass(actor, user),
    });
    if (!verdict.inScope) return { reason: verdict.reason, target: user };
    return { allowed: true, via: 'operator', target: user, matchedRule: verdict.matchedRule };
  }

  /** The operator themselves, or an account the tenant lists as break-glass. */
  private isSelfOrBreakGlass(actor: Actor, user: DirectoryUser): boolean {
    if (user.id.toLowerCase() === actor.userId.toLowerCase()) return true;
    const listed = new Set((this.breakGlassAccounts?.breakGlassAccountIdsOf(actor.tenantId) ?? []).map((id) => id.toLowerCase()));
    return listed.has(user.id.toLowerCase()) || listed.has(user.userPrincipalName.toLowerCase());
  }

  private tenantAdminStatus(actor: Actor, options: AuthorizeOptions): Promise<TenantAdminStatus> {
    return this.roles.tenantAdminStatus(actor.tenantId, actor.userId, {
      person: toPerson(actor),
      ...(options.freshRoles ? { maxAgeInMs: 0 } : {}),
    });
  }

  private async deny(
    actor: Actor,
    capability: string,
    definition: CapabilityDefinition | undefined,
    ref: TargetRef | undefined,
    denial: Denial,
    correlationId: string,
  ): Promise<DeniedDecision> {
    const whoCanHelp = actor.tenantId ? await this.roles.whoCanHelp(actor.tenantId, { excludeUserId: actor.userId }) : [];
    // Without a tenant there is no chain to write to; the bot edge refuses such activities anyway.
    if (actor.tenantId) {
      const person = toPerson(actor.userId ? actor : { ...actor, userId: 'unknown' });
      const recordInFull = await this.denialAudit.admit({ tenantId: actor.tenantId, actor: person, action: capability, code: denial.reason, correlationId });
      if (recordInFull) {
        const target = denial.target
          ? { type: 'user', id: denial.target.id, upn: denial.target.userPrincipalName, displayName: denial.target.displayName }
          : ref?.userId
            ? { type: 'user', id: ref.userId }
            : undefined;
        await this.audit.append({
          tenantId: actor.tenantId,
          actor: person,
          action: capability,
          ...(target ? { target } : {}),
          result: { outcome: 'denied', code: denial.reason },
          correlationId,
          details: { audience: definition?.audience ?? 'unknown', ...(denial.details ?? {}), ...(denial.actorNotInDirectory ? { actorInDirectory: false } : {}) },
        });
      }
    }
    const message = denial.actorNotInDirectory ? NOT_IN_DIRECTORY_MESSAGE : DENIAL_MESSAGES[denial.reason];
    return { allowed: false, reason: denial.reason, message, whoCanHelp };
  }
}

/**
 * Privileged targets (issue 12 §8): acting on yourself, on a holder of any directory role, or on
 * an account the tenant lists as break-glass (emergency access) needs a second, explicit
 * confirmation that names why, and operators may do it only when their grant says
 * `includePrivileged` (the authorization service refuses them otherwise, with
 * ACCESS.PRIVILEGED_TARGET).
 *
 * One service method decides it for every entry point (a chat command, a card verb, the tab, the
 * scheduler): `assess`. The management-action service calls it again when the action is
 * confirmed, from what the directory says at that moment, never from card data.
 */
import { randomUUID } from 'node:crypto';
import type { AuditWriter } from '../ports/audit-log.port';
import type { Directory, DirectoryUser } from '../ports/directory.port';
import type { TenantSettingsRepository } from '../ports/tenant-settings.repository.port';
import { AccessDeniedError, AccessError } from './access-errors';
import type { AuthorizationDecision } from './authorization.service';
import { toPerson, type Actor } from './actor';
import type { CapabilityId } from './capabilities';
import { findDirectoryUser, readUserDirectoryRoles } from './directory-reader';
import { WELL_KNOWN_PRIVILEGED_ROLE_IDS } from './directory-roles';

/** Why a target is privileged. A target may be privileged for several reasons at once. */
export type PrivilegedReason =
  | { readonly kind: 'self' }
  /** Role names as Entra shows them ("Global Administrator"); a role we cannot name is "a directory role". */
  | { readonly kind: 'directoryRole'; readonly roleNames: readonly string[] }
  | { readonly kind: 'breakGlass' };

export type PrivilegedReasonKind = PrivilegedReason['kind'];

export interface PrivilegedTargetAssessment {
  readonly privileged: boolean;
  readonly reasons: readonly PrivilegedReason[];
}

export const NOT_PRIVILEGED: PrivilegedTargetAssessment = Object.freeze({ privileged: false, reasons: Object.freeze([]) });

/** Where the per-tenant list of break-glass accounts (object ids) is read: the tenant settings. */
export interface BreakGlassAccountSource {
  breakGlassAccountIdsOf(tenantId: string): readonly string[];
}

/** A BreakGlassAccountSource over the tenant settings repository. */
export function breakGlassFromSettings(settings: Pick<TenantSettingsRepository, 'get'>): BreakGlassAccountSource {
  return { breakGlassAccountIdsOf: (tenantId) => settings.get(tenantId).breakGlassAccountIds ?? [] };
}

/** Names of built-in roles, for "Megan Bowen holds Global Administrator". Role template ids are the same in every tenant. */
export const BUILT_IN_ROLE_NAMES: Readonly<Record<string, string>> = {
  '62e90394-69f5-4237-9190-012177145e10': 'Global Administrator',
  'e8611ab8-c189-46e8-94e1-60213ab1f814': 'Privileged Role Administrator',
  '7be44c8a-adaf-4e2a-84d6-ab2649e08a13': 'Privileged Authentication Administrator',
  '194ae4cb-b126-40b2-bd5b-6091b380977d': 'Security Administrator',
  'fe930be7-5e62-47db-91af-98c3a49a38b1': 'User Administrator',
  '29232cdf-9323-42fd-ade2-1d097af3e4de': 'Exchange Administrator',
  'f28a1f50-f6e7-4571-818b-6a12f2af6b6c': 'SharePoint Administrator',
  '729827e3-9c14-49f7-bb1b-9608f156bbb8': 'Helpdesk Administrator',
  'c4e39bd9-1100-46d3-8c65-fb160da0071f': 'Authentication Administrator',
  '9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3': 'Application Administrator',
  '158c047a-c907-4556-b7ef-446551a6b5f7': 'Cloud Application Administrator',
  'b1be1c3e-b65d-4f19-8427-f6fa0d97feb9': 'Conditional Access Administrator',
  '3a2c62db-5318-420d-8d74-23affee5d9d5': 'Intune Administrator',
  '8ac3fc64-6eca-42ea-9e69-59f4c7b60eb2': 'Hybrid Identity Administrator',
  '966707d0-3269-4727-9be2-8c3a10f19b9d': 'Password Administrator',
  'fdd7a751-b60b-444a-984c-02652fe8fa1c': 'Groups Administrator',
  '9360feb5-f418-4baa-8175-e2a00bac4301': 'Directory Writers',
  'e00e864a-17c5-4a4b-9c06-f5b95a8d5bd8': 'Partner Tier2 Support',
  '8329153b-31d0-4727-b945-745eb3bc5f31': 'Domain Name Administrator',
  '0526716b-113d-4c15-b2c8-68e3c22b9f80': 'Authentication Policy Administrator',
  'be2f45a1-457d-42af-a067-6ec1fa63bc45': 'External Identity Provider Administrator',
  '88d8e3e3-8f55-4a1e-953a-9b9898b8876b': 'Directory Readers',
  'f2ef992c-3afb-46b9-b7cf-a126ee74c451': 'Global Reader',
};

/** A role's name: Entra's own (from a directoryRole membership), a built-in's, or "a directory role". */
export function directoryRoleName(roleId: string, namesFromDirectory: ReadonlyMap<string, string> = new Map()): string {
  const id = roleId.toLowerCase();
  return namesFromDirectory.get(id) || BUILT_IN_ROLE_NAMES[id] || 'a directory role';
}

const lower = (value: string): string => value.trim().toLowerCase();

/**
 * The pure rule: which reasons make this target privileged for this actor. Role names are
 * sorted, tenant-admin roles first (the most alarming name leads).
 */
export function privilegedReasonsFor(input: {
  actorUserId: string;
  target: Pick<DirectoryUser, 'id' | 'userPrincipalName'>;
  roleNames: readonly string[];
  breakGlassAccountIds: readonly string[];
}): PrivilegedReason[] {
  const reasons: PrivilegedReason[] = [];
  if (lower(input.actorUserId) === lower(input.target.id)) reasons.push({ kind: 'self' });
  if (input.roleNames.length > 0) reasons.push({ kind: 'directoryRole', roleNames: input.roleNames });
  const breakGlass = new Set(input.breakGlassAccountIds.map(lower));
  if (breakGlass.has(lower(input.target.id)) || breakGlass.has(lower(input.target.userPrincipalName))) reasons.push({ kind: 'breakGlass' });
  return reasons;
}

/** Role names in the order a person should read them: tenant-admin roles, other well-known ones, then the rest. */
function orderedRoleNames(roleIds: Iterable<string>, namesFromDirectory: ReadonlyMap<string, string>): string[] {
  const rank = (id: string): number => {
    const index = WELL_KNOWN_PRIVILEGED_ROLE_IDS.indexOf(id);
    return index < 0 ? WELL_KNOWN_PRIVILEGED_ROLE_IDS.length : index;
  };
  const ids = [...new Set([...roleIds].map((id) => id.toLowerCase()))].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  return [...new Set(ids.map((id) => directoryRoleName(id, namesFromDirectory)))];
}

/**
 * Thrown by ManagementActionService.execute when the target is privileged and the caller has
 * not given the second confirmation yet. Nothing ran and nothing was claimed; the caller shows
 * the reasons and calls again with `privilegedConfirmed: true`.
 */
export class PrivilegedConfirmationRequiredError extends AccessError {
  constructor(
    readonly pendingActionId: string,
    readonly target: { userId: string; upn: string; displayName: string },
    readonly reasons: readonly PrivilegedReason[],
  ) {
    super('ACCESS.PRIVILEGED_CONFIRMATION_REQUIRED', 'This account is privileged, so the action needs a second confirmation.', {
      reasons: reasons.map((r) => r.kind).join(','),
    });
  }
}

/** The part of AuthorizationService used to guard the break-glass list (it audits its own denials). */
export interface BreakGlassAuthorizer {
  authorize(actor: Actor, capability: CapabilityId, target?: undefined, options?: { correlationId?: string }): Promise<AuthorizationDecision>;
}

export interface PrivilegedTargetServiceDependencies {
  /** The bot's own directory (application permissions). */
  directory: Directory;
  settings: Pick<TenantSettingsRepository, 'get' | 'update'>;
  audit: AuditWriter;
  /** Needed only by setBreakGlassAccounts. */
  authorization?: BreakGlassAuthorizer;
}

export class PrivilegedTargetService {
  constructor(private readonly deps: PrivilegedTargetServiceDependencies) {}

  /**
   * Is acting on `target` acting on a privileged account, and why? Reads the target's role
   * assignments (any scope) and transitive directoryRole memberships (roles held through
   * groups) now, and the tenant's break-glass list.
   * Needs RoleManagement.Read.Directory and GroupMember.Read.All for the bot's app.
   * @throws AccessError ACCESS.DIRECTORY_UNAVAILABLE when the roles cannot be read (fail closed:
   *   callers must not treat "unknown" as "not privileged").
   */
  async assess(actor: Pick<Actor, 'tenantId' | 'userId'>, target: Pick<DirectoryUser, 'id' | 'userPrincipalName'>): Promise<PrivilegedTargetAssessment> {
    const roles = await readUserDirectoryRoles(this.deps.directory, actor.tenantId, target.id);
    const namesFromDirectory = new Map(
      roles.memberships.filter((m) => m.kind === 'directoryRole' && m.displayName).map((m) => [(m.roleTemplateId ?? m.id).toLowerCase(), m.displayName]),
    );
    const reasons = privilegedReasonsFor({
      actorUserId: actor.userId,
      target,
      roleNames: orderedRoleNames(roles.held.roleIds, namesFromDirectory),
      breakGlassAccountIds: this.breakGlassAccountIdsOf(actor.tenantId),
    });
    return reasons.length > 0 ? { privileged: true, reasons } : NOT_PRIVILEGED;
  }

  /** The tenant's break-glass accounts (object ids, lower-case). No authorization: ids only, for rules and cards. */
  breakGlassAccountIdsOf(tenantId: string): readonly string[] {
    return this.deps.settings.get(tenantId).breakGlassAccountIds ?? [];
  }

  /**
   * Replaces the tenant's break-glass list. Each entry is a UPN or an object id, resolved in
   * the directory now and stored by object id. Tenant admins only (settings.update); audited.
   * Needs User.Read.All.
   * @throws AccessDeniedError (not a tenant admin); AccessError ACCESS.USER_NOT_FOUND naming the
   *   first unknown entry, ACCESS.DIRECTORY_UNAVAILABLE.
   */
  async setBreakGlassAccounts(actor: Actor, accounts: readonly string[], options: { correlationId?: string } = {}): Promise<DirectoryUser[]> {
    const correlationId = options.correlationId ?? randomUUID();
    if (!this.deps.authorization) throw new Error('PrivilegedTargetService was built without an authorizer.');
    const decision = await this.deps.authorization.authorize(actor, 'settings.update', undefined, { correlationId });
    if (!decision.allowed) throw new AccessDeniedError(decision.reason, decision.message, decision.whoCanHelp);
    const users: DirectoryUser[] = [];
    for (const account of [...new Set(accounts.map((a) => a.trim()).filter(Boolean))]) {
      const user = await findDirectoryUser(this.deps.directory, actor.tenantId, account);
      if (!user) throw new AccessError('ACCESS.USER_NOT_FOUND', `I couldn't find "${account}" in your directory.`);
      if (!users.some((u) => u.id === user.id)) users.push(user);
    }
    const ids = users.map((u) => u.id.toLowerCase());
    this.deps.settings.update(actor.tenantId, { breakGlassAccountIds: ids }, actor.userId);
    await this.deps.audit.append({
      tenantId: actor.tenantId,
      actor: toPerson(actor),
      action: 'settings.breakGlassAccounts.set',
      target: { type: 'tenant', id: actor.tenantId },
      result: { outcome: 'ok' },
      correlationId,
      details: { breakGlassAccountIds: ids },
    });
    return users;
  }
}

/**
 * Who holds which role in a tenant: tenant admin (from Entra, cached briefly, or bootstrap
 * config), operator and auditor (granted inside the bot, stored per tenant).
 */
import type { Clock } from '../ports/clock.port';
import { DirectoryError, type Directory } from '../ports/directory.port';
import type { AccessGrantRepository } from '../ports/access-grant.repository.port';
import { describePerson, toPerson, type Person } from './actor';
import { directoryUnavailable } from './directory-reader';
import { heldDirectoryRoles, holdsTenantAdminRole } from './directory-roles';
import type { OperatorGrant } from './operator-grant';

export interface RoleServiceOptions {
  /** How long an Entra answer is trusted. Default 5 minutes. */
  tenantAdminCacheTtlInMs?: number;
  /** Object ids treated as tenant admins without asking Entra (bootstrap before roles are set up). */
  bootstrapTenantAdminIds?: readonly string[];
  /** Bound on cached answers, so a flood of unknown users cannot grow memory. Default 10 000. */
  maxCachedAnswers?: number;
  /** Admins confirmed within this many days are offered as "who can help". Default 30. */
  knownAdminRetentionInDays?: number;
  /**
   * Entra's complete list of tenant admins, for the single-admin rule of the self-approve policy
   * (DESIGN.md §6.4). Without it the bot only knows the admins it has met (a lower bound).
   */
  tenantAdminRoster?: TenantAdminRoster;
}

/**
 * Everyone who holds a tenant-admin role (Global Administrator or Privileged Role Administrator)
 * tenant-wide, read from Entra now, never cached:
 * GET /roleManagement/directory/roleAssignments?$filter=roleDefinitionId eq '{id}' for both roles
 * (directoryScopeId '/'), with role-assignable groups expanded through
 * GET /groups/{id}/transitiveMembers/microsoft.graph.user?$select=id.
 * Needs RoleManagement.Read.Directory and GroupMember.Read.All.
 */
export interface TenantAdminRoster {
  /**
   * Object ids of the users holding a tenant-admin role, directly or through a group.
   * @throws DirectoryError on any failure; callers fail closed.
   */
  listTenantAdminIds(tenantId: string): Promise<string[]>;
}

/** What Entra says about one user: a tenant admin, a user without the role, or nobody it knows. */
export type TenantAdminStatus = 'admin' | 'notAdmin' | 'notInDirectory';

/** The tenant admins as far as the bot can tell right now. */
export interface TenantAdminCensus {
  /** Object ids, bootstrap admins included. */
  adminIds: string[];
  /**
   * 'directory': Entra's complete list (a roster is wired), so "only one" can be believed.
   * 'knownAdmins': the admins the bot has confirmed, re-checked now; proves "more than one", never "only one".
   */
  source: 'directory' | 'knownAdmins';
}

export interface ActorRoles {
  tenantAdmin: boolean;
  operatorGrant?: OperatorGrant;
  auditor: boolean;
}

/** Shown when no tenant admin has used the bot yet, so a refusal still names a next step. */
export const GENERIC_ADMIN_HELP = 'a Global Administrator or Privileged Role Administrator of your organization';

interface CachedAnswer {
  status: TenantAdminStatus;
  checkedAt: number;
}

const DAY_IN_MS = 86_400_000;
/** Approval cards go to at most this many directory-listed admins (a real tenant has a handful). */
const MAX_ROSTER_APPROVERS = 50;

export class RoleService {
  private readonly ttlInMs: number;
  private readonly bootstrap: ReadonlySet<string>;
  private readonly maxCached: number;
  private readonly retentionInMs: number;
  private readonly roster: TenantAdminRoster | undefined;
  private readonly cache = new Map<string, CachedAnswer>();
  /** Concurrent checks of the same user share one Graph round trip. */
  private readonly inFlight = new Map<string, Promise<TenantAdminStatus>>();

  constructor(
    private readonly directory: Directory,
    private readonly grants: AccessGrantRepository,
    /** Also the access area's clock (AuthorizationService's denial windows), so tests move both. */
    readonly clock: Clock,
    options: RoleServiceOptions = {},
  ) {
    this.ttlInMs = options.tenantAdminCacheTtlInMs ?? 5 * 60_000;
    this.bootstrap = new Set(options.bootstrapTenantAdminIds ?? []);
    this.maxCached = options.maxCachedAnswers ?? 10_000;
    this.retentionInMs = (options.knownAdminRetentionInDays ?? 30) * DAY_IN_MS;
    this.roster = options.tenantAdminRoster;
  }

  /**
   * True when the user holds Global Administrator or Privileged Role Administrator tenant-wide
   * (directly or through a role-assignable group), or is a bootstrap admin. Answers are cached
   * per tenant+user for the TTL; failures are never cached. `maxAgeInMs: 0` forces a fresh
   * check, for decisions that must reflect the directory now (approvals).
   * Needs RoleManagement.Read.Directory and GroupMember.Read.All.
   * @throws AccessError ACCESS.DIRECTORY_UNAVAILABLE when Entra cannot be read (fail closed).
   */
  async isTenantAdmin(tenantId: string, userId: string, options: { maxAgeInMs?: number; person?: Person } = {}): Promise<boolean> {
    return (await this.tenantAdminStatus(tenantId, userId, options)) === 'admin';
  }

  /**
   * Like `isTenantAdmin`, but tells a user Entra does not know ('notInDirectory': Graph answered
   * 404 for them) from a known user without the role, so a refusal can say which. Neither is
   * an outage: a user who does not exist holds no role, which is the fail-closed answer anyway.
   * @throws AccessError ACCESS.DIRECTORY_UNAVAILABLE when Entra cannot be read (fail closed).
   */
  async tenantAdminStatus(tenantId: string, userId: string, options: { maxAgeInMs?: number; person?: Person } = {}): Promise<TenantAdminStatus> {
    if (this.bootstrap.has(userId)) return 'admin';
    const key = `${tenantId}\u0000${userId}`;
    const cached = this.cache.get(key);
    const maxAge = Math.min(options.maxAgeInMs ?? this.ttlInMs, this.ttlInMs);
    if (cached && this.clock.now().getTime() - cached.checkedAt < maxAge) return cached.status;

    const running = this.inFlight.get(key);
    if (running) return running;
    const check = this.checkInDirectory(tenantId, userId, options.person ?? { userId }).finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, check);
    return check;
  }

  /** True when Entra's complete list of tenant admins can be read (a roster is wired). */
  get knowsEveryTenantAdmin(): boolean {
    return this.roster !== undefined;
  }

  /**
   * The tenant's admins now, for the single-admin rule of the self-approve policy. With a roster,
   * Entra's complete list; without one, every admin the bot has confirmed within the retention
   * window, each re-checked in Entra now (someone demoted drops out). Bootstrap admins count too:
   * the bot treats them as admins. Never cached.
   * Needs RoleManagement.Read.Directory and GroupMember.Read.All.
   * @throws AccessError ACCESS.DIRECTORY_UNAVAILABLE when Entra cannot be read (fail closed).
   */
  async tenantAdminCensus(tenantId: string): Promise<TenantAdminCensus> {
    const ids = new Set(this.bootstrap);
    if (this.roster) {
      let listed: string[];
      try {
        listed = await this.roster.listTenantAdminIds(tenantId);
      } catch (error) {
        throw directoryUnavailable(error);
      }
      for (const id of listed) ids.add(id);
      return { adminIds: [...ids], source: 'directory' };
    }
    const since = new Date(this.clock.now().getTime() - this.retentionInMs).toISOString();
    for (const admin of await this.grants.listKnownTenantAdmins(tenantId, { confirmedSince: since, limit: 50 })) {
      if (await this.isTenantAdmin(tenantId, admin.person.userId, { maxAgeInMs: 0, person: admin.person })) ids.add(admin.person.userId);
    }
    return { adminIds: [...ids], source: 'knownAdmins' };
  }

  /** The operator's grant in this tenant, read from storage on every call so a revoke applies at once. */
  async getOperatorGrant(tenantId: string, userId: string): Promise<OperatorGrant | undefined> {
    return this.grants.getOperatorGrant(tenantId, userId);
  }

  /** Whether a tenant admin granted this user read access to the audit. */
  async isAuditor(tenantId: string, userId: string): Promise<boolean> {
    return (await this.grants.getAuditorGrant(tenantId, userId)) !== undefined;
  }

  /** Drops cached answers (one user, or a whole tenant), e.g. after a role change in Entra. */
  invalidate(tenantId: string, userId?: string): void {
    for (const key of [...this.cache.keys()]) {
      if (userId ? key === `${tenantId}\u0000${userId}` : key.startsWith(`${tenantId}\u0000`)) this.cache.delete(key);
    }
  }

  /**
   * Tenant admins confirmed through Entra recently, plus bootstrap admins. This is who gets
   * approval cards; each is re-checked when they act, so a stale entry cannot decide anything.
   */
  async knownTenantAdmins(tenantId: string): Promise<Person[]> {
    const since = new Date(this.clock.now().getTime() - this.retentionInMs).toISOString();
    const known = await this.grants.listKnownTenantAdmins(tenantId, { confirmedSince: since, limit: 50 });
    const people = known.map((admin) => admin.person);
    for (const id of this.bootstrap) if (!people.some((p) => p.userId === id)) people.push({ userId: id });
    return people;
  }

  /**
   * Everyone who should be asked to approve a request: every enabled holder of a tenant-admin role
   * in Entra's complete list (a roster is wired), with names read from the directory, merged with
   * the admins the bot has confirmed (knownTenantAdmins). `confirmed` marks those Entra listed just
   * now; the others must still be re-checked before they count. When the roster or a user cannot
   * be read, the known admins alone are returned (nobody is guessed in); a disabled account is left
   * out. Who may decide is still checked live when they click (ApprovalService.mayDecide/decide).
   * Needs RoleManagement.Read.Directory, GroupMember.Read.All and User.Read.All.
   */
  async approverCandidates(tenantId: string): Promise<Array<Person & { confirmed: boolean }>> {
    const known = await this.knownTenantAdmins(tenantId);
    const candidates = new Map<string, Person & { confirmed: boolean }>();
    for (const person of known) candidates.set(person.userId.toLowerCase(), { ...person, confirmed: false });
    if (!this.roster) return [...candidates.values()];
    let listed: string[];
    try {
      listed = (await this.roster.listTenantAdminIds(tenantId)).slice(0, MAX_ROSTER_APPROVERS);
    } catch {
      return [...candidates.values()];
    }
    const users = await Promise.all(listed.map((id) => this.directory.getUser(tenantId, id).catch(() => null)));
    listed.forEach((id, index) => {
      const user = users[index];
      const key = id.toLowerCase();
      // Unreadable now (null): keep what is known about them, unconfirmed.
      if (user === null) return;
      if (user === undefined || !user.accountEnabled) {
        candidates.delete(key);
        return;
      }
      const before = candidates.get(key);
      candidates.set(key, {
        userId: before?.userId ?? user.id,
        ...(user.userPrincipalName ? { upn: user.userPrincipalName } : before?.upn ? { upn: before.upn } : {}),
        ...(user.displayName ? { displayName: user.displayName } : before?.displayName ? { displayName: before.displayName } : {}),
        confirmed: true,
      });
    });
    return [...candidates.values()];
  }

  /** Names for a refusal card ("ask Ada Admin (ada@contoso.com)"), never empty. */
  async whoCanHelp(tenantId: string, options: { excludeUserId?: string; limit?: number } = {}): Promise<string[]> {
    const admins = (await this.knownTenantAdmins(tenantId)).filter((p) => p.userId !== options.excludeUserId && (p.upn || p.displayName));
    const names = admins.slice(0, options.limit ?? 3).map(describePerson);
    return names.length > 0 ? names : [GENERIC_ADMIN_HELP];
  }

  private async checkInDirectory(tenantId: string, userId: string, person: Person): Promise<TenantAdminStatus> {
    // Either source saying "admin" is a positive answer from Entra; only a full "no" from both
    // sources is a "no". A 404 is a full "no" too: Graph answers GET /users/{id}/transitiveMemberOf
    // with 404 for a user it does not know, and a user who does not exist holds no role. Any
    // other failure fails closed.
    const [assignments, memberships] = await Promise.allSettled([
      this.directory.listRoleAssignments(tenantId, userId),
      this.directory.listTransitiveMemberships(tenantId, userId),
    ]);
    const held = heldDirectoryRoles(
      assignments.status === 'fulfilled' ? assignments.value : [],
      memberships.status === 'fulfilled' ? memberships.value : [],
    );
    let status: TenantAdminStatus = holdsTenantAdminRole(held) ? 'admin' : 'notAdmin';
    if (status === 'notAdmin') {
      const failures = [assignments, memberships].filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      const outage = failures.find((failure) => !isNotFound(failure.reason));
      if (outage) throw directoryUnavailable(outage.reason);
      if (failures.length > 0) status = 'notInDirectory';
    }
    this.remember(tenantId, userId, status);
    const now = this.clock.now().toISOString();
    if (status === 'admin') await this.grants.rememberTenantAdmin({ tenantId, person: toPerson(person), lastConfirmedAt: now });
    else await this.grants.forgetTenantAdmin(tenantId, userId);
    return status;
  }

  private remember(tenantId: string, userId: string, status: TenantAdminStatus): void {
    const key = `${tenantId}\u0000${userId}`;
    this.cache.delete(key);
    this.cache.set(key, { status, checkedAt: this.clock.now().getTime() });
    if (this.cache.size > this.maxCached) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
  }
}

function isNotFound(error: unknown): boolean {
  return error instanceof DirectoryError && error.code === 'DIRECTORY.NOT_FOUND';
}

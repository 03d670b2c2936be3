/**
 * Who holds which role in a tenant: tenant admin (from Entra, cached briefly, or bootstrap
 * config), operator and auditor (granted inside the bot, stored per tenant).
 */
import type { Clock } from '../ports/clock.port';
import type { Directory } from '../ports/directory.port';
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
}

export interface ActorRoles {
  tenantAdmin: boolean;
  operatorGrant?: OperatorGrant;
  auditor: boolean;
}

/** Shown when no tenant admin has used the bot yet, so a refusal still names a next step. */
export const GENERIC_ADMIN_HELP = 'a Global Administrator or Privileged Role Administrator of your organization';

interface CachedAnswer {
  isAdmin: boolean;
  checkedAt: number;
}

const DAY_IN_MS = 86_400_000;

export class RoleService {
  private readonly ttlInMs: number;
  private readonly bootstrap: ReadonlySet<string>;
  private readonly maxCached: number;
  private readonly retentionInMs: number;
  private readonly cache = new Map<string, CachedAnswer>();
  /** Concurrent checks of the same user share one Graph round trip. */
  private readonly inFlight = new Map<string, Promise<boolean>>();

  constructor(
    private readonly directory: Directory,
    private readonly grants: AccessGrantRepository,
    private readonly clock: Clock,
    options: RoleServiceOptions = {},
  ) {
    this.ttlInMs = options.tenantAdminCacheTtlInMs ?? 5 * 60_000;
    this.bootstrap = new Set(options.bootstrapTenantAdminIds ?? []);
    this.maxCached = options.maxCachedAnswers ?? 10_000;
    this.retentionInMs = (options.knownAdminRetentionInDays ?? 30) * DAY_IN_MS;
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
    if (this.bootstrap.has(userId)) return true;
    const key = `${tenantId}\u0000${userId}`;
    const cached = this.cache.get(key);
    const maxAge = Math.min(options.maxAgeInMs ?? this.ttlInMs, this.ttlInMs);
    if (cached && this.clock.now().getTime() - cached.checkedAt < maxAge) return cached.isAdmin;

    const running = this.inFlight.get(key);
    if (running) return running;
    const check = this.checkInDirectory(tenantId, userId, options.person ?? { userId }).finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, check);
    return check;
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

  /** Names for a refusal card ("ask Ada Admin (ada@contoso.com)"), never empty. */
  async whoCanHelp(tenantId: string, options: { excludeUserId?: string; limit?: number } = {}): Promise<string[]> {
    const admins = (await this.knownTenantAdmins(tenantId)).filter((p) => p.userId !== options.excludeUserId && (p.upn || p.displayName));
    const names = admins.slice(0, options.limit ?? 3).map(describePerson);
    return names.length > 0 ? names : [GENERIC_ADMIN_HELP];
  }

  private async checkInDirectory(tenantId: string, userId: string, person: Person): Promise<boolean> {
    // Either source saying "admin" is a positive answer from Entra; only a full "no" from both
    // sources is a "no". Anything less than that fails closed.
    const [assignments, memberships] = await Promise.allSettled([
      this.directory.listRoleAssignments(tenantId, userId),
      this.directory.listTransitiveMemberships(tenantId, userId),
    ]);
    const held = heldDirectoryRoles(
      assignments.status === 'fulfilled' ? assignments.value : [],
      memberships.status === 'fulfilled' ? memberships.value : [],
    );
    const isAdmin = holdsTenantAdminRole(held);
    if (!isAdmin) {
      const failure = [assignments, memberships].find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failure) throw directoryUnavailable(failure.reason);
    }
    this.remember(tenantId, userId, isAdmin);
    const now = this.clock.now().toISOString();
    if (isAdmin) await this.grants.rememberTenantAdmin({ tenantId, person: toPerson(person), lastConfirmedAt: now });
    else await this.grants.forgetTenantAdmin(tenantId, userId);
    return isAdmin;
  }

  private remember(tenantId: string, userId: string, isAdmin: boolean): void {
    const key = `${tenantId}\u0000${userId}`;
    this.cache.delete(key);
    this.cache.set(key, { isAdmin, checkedAt: this.clock.now().getTime() });
    if (this.cache.size > this.maxCached) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
  }
}

/**
 * PlaybookDirectory on Microsoft Graph v1.0 through the shared client pool, as the bot's own app.
 *
 * - disabledUsersWithLicences: `accountEnabled eq false` is filtered by Graph (a default query,
 *   no ConsistencyLevel needed); "holds a licence" is checked here, because Graph serves
 *   `assignedLicenses/$count ne 0` only as an advanced query. Every page is read.
 * - usersNotSignedInFor, guestsWithoutSponsor, adminsWithoutMfa: asked of Graph as Microsoft
 *   documents them. A directory that does not serve the data (no Entra ID P1, a missing
 *   AuditLog.Read.All, a sandbox that does not model it, an `$expand` that came back without the
 *   expanded property) makes the query "unavailable" with the reason, never an empty answer.
 */
import { GraphError, type Client } from '@microsoft/microsoft-graph-client';
import { DirectoryError } from '../../ports/directory.port';
import type { DirectoryFinding, DirectoryQuery, DirectoryQueryOutcome, PlaybookDirectory } from '../../ports/playbook-directory.port';
import { GraphClientPool, type GraphClientPoolOptions } from './graph-client-factory';
import { toDirectoryError } from './graph-error-mapping';

/** Application permissions per query (least privileged first), for 403 messages. */
export const PLAYBOOK_DIRECTORY_PERMISSIONS = {
  disabledUsersWithLicences: ['User.Read.All', 'Directory.Read.All'],
  usersNotSignedInFor: ['User.Read.All', 'AuditLog.Read.All'],
  guestsWithoutSponsor: ['User.Read.All', 'Directory.Read.All'],
  adminsWithoutMfa: ['AuditLog.Read.All'],
} as const satisfies Record<DirectoryQuery['kind'], readonly string[]>;

export interface GraphPlaybookDirectoryOptions extends GraphClientPoolOptions {
  /** Users per page (1–999, default 999; sign-in activity caps it at 120, expansions at 100). Tests use small pages to exercise @odata.nextLink. */
  pageSize?: number;
  /** Pages read at most before the query is refused as too large (default 200). */
  maxPages?: number;
}

interface UserDto {
  id: string;
  userPrincipalName?: string | null;
  displayName?: string | null;
  accountEnabled?: boolean | null;
  assignedLicenses?: Array<{ skuId?: string | null }> | null;
  createdDateTime?: string | null;
  signInActivity?: {
    lastSignInDateTime?: string | null;
    lastNonInteractiveSignInDateTime?: string | null;
    lastSuccessfulSignInDateTime?: string | null;
  } | null;
  sponsors?: Array<{ id: string }>;
}

interface RegistrationDto {
  id: string;
  userPrincipalName?: string | null;
  userDisplayName?: string | null;
  isAdmin?: boolean | null;
  isMfaRegistered?: boolean | null;
}

const DAY_IN_MS = 86_400_000;
const enc = encodeURIComponent;

/** Why each optional query may be unavailable, in words an admin can act on. */
const UNAVAILABLE = {
  usersNotSignedInFor:
    "This tenant's directory doesn't report sign-in activity to the bot (signInActivity needs Microsoft Entra ID P1 or P2 and the AuditLog.Read.All permission), so users who haven't signed in can't be found.",
  guestsWithoutSponsor: "This tenant's directory doesn't report guest sponsors to the bot, so guests without a sponsor can't be told apart from the others.",
  adminsWithoutMfa:
    "This tenant's directory doesn't report authentication-method registrations to the bot (they need Microsoft Entra ID P1 or P2 and the AuditLog.Read.All permission), so admins without MFA can't be found.",
} as const;

export class GraphPlaybookDirectory implements PlaybookDirectory {
  private readonly pool: GraphClientPool;
  private readonly pageSize: number;
  private readonly maxPages: number;

  constructor(options: GraphPlaybookDirectoryOptions) {
    this.pool = new GraphClientPool(options);
    this.pageSize = Math.min(999, Math.max(1, options.pageSize ?? 999));
    this.maxPages = options.maxPages ?? 200;
  }

  async listFindings(tenantId: string, query: DirectoryQuery, options: { now: Date }): Promise<DirectoryQueryOutcome> {
    switch (query.kind) {
      case 'disabledUsersWithLicences':
        return this.disabledUsersWithLicences(tenantId);
      case 'usersNotSignedInFor':
        return this.usersNotSignedInFor(tenantId, query.days, options.now);
      case 'guestsWithoutSponsor':
        return this.guestsWithoutSponsor(tenantId);
      case 'adminsWithoutMfa':
        return this.adminsWithoutMfa(tenantId);
    }
  }

  private async disabledUsersWithLicences(tenantId: string): Promise<DirectoryQueryOutcome> {
    const path = `/users?$filter=${enc('accountEnabled eq false')}&$select=id,userPrincipalName,displayName,accountEnabled,assignedLicenses&$top=${this.pageSize}`;
    const users = await this.readAll<UserDto>(tenantId, path, 'list disabled users', PLAYBOOK_DIRECTORY_PERMISSIONS.disabledUsersWithLicences);
    const findings = users
      .filter((user) => user.accountEnabled === false)
      .map((user) => ({ user, skuIds: (user.assignedLicenses ?? []).map((licence) => licence.skuId?.toLowerCase()).filter((id): id is string => Boolean(id)) }))
      .filter(({ skuIds }) => skuIds.length > 0)
      .map(({ user, skuIds }) => finding(user, { assignedSkuIds: skuIds }));
    return { status: 'ok', findings };
  }

  private async usersNotSignedInFor(tenantId: string, days: number, now: Date): Promise<DirectoryQueryOutcome> {
    const path = `/users?$filter=${enc('accountEnabled eq true')}&$select=id,userPrincipalName,displayName,createdDateTime,signInActivity&$top=${Math.min(this.pageSize, 120)}`;
    let users: UserDto[];
    try {
      users = await this.readAll<UserDto>(tenantId, path, 'list sign-in activity', PLAYBOOK_DIRECTORY_PERMISSIONS.usersNotSignedInFor, {
        unavailableOn: /signInActivity/i,
        forbiddenMeansUnavailable: true,
      });
    } catch (error) {
      if (error instanceof QueryUnavailable) return { status: 'unavailable', reason: UNAVAILABLE.usersNotSignedInFor };
      throw error;
    }
    // A directory that ignored the $select would answer without the property: not "never signed in".
    if (users.some((user) => !('signInActivity' in user))) return { status: 'unavailable', reason: UNAVAILABLE.usersNotSignedInFor };
    const cutoff = now.getTime() - days * DAY_IN_MS;
    const findings: DirectoryFinding[] = [];
    for (const user of users) {
      const activity = user.signInActivity ?? {};
      const times = [activity.lastSuccessfulSignInDateTime, activity.lastSignInDateTime, activity.lastNonInteractiveSignInDateTime]
        .map((value) => (value ? Date.parse(value) : Number.NaN))
        .filter((value) => Number.isFinite(value));
      const last = times.length > 0 ? Math.max(...times) : undefined;
      const created = user.createdDateTime ? Date.parse(user.createdDateTime) : Number.NaN;
      // Never signed in: stale only once the account itself is older than the window.
      const stale = last !== undefined ? last < cutoff : Number.isFinite(created) && created < cutoff;
      if (stale) findings.push(finding(user, { lastSignInAt: last !== undefined ? new Date(last).toISOString() : null, createdAt: user.createdDateTime ?? null }));
    }
    return { status: 'ok', findings };
  }

  private async guestsWithoutSponsor(tenantId: string): Promise<DirectoryQueryOutcome> {
    const path = `/users?$filter=${enc("userType eq 'Guest'")}&$select=id,userPrincipalName,displayName,userType&$expand=${enc('sponsors($select=id)')}&$top=${Math.min(this.pageSize, 100)}`;
    let guests: UserDto[];
    try {
      guests = await this.readAll<UserDto>(tenantId, path, 'list guests and their sponsors', PLAYBOOK_DIRECTORY_PERMISSIONS.guestsWithoutSponsor, { unavailableOn: /sponsors/i });
    } catch (error) {
      if (error instanceof QueryUnavailable) return { status: 'unavailable', reason: UNAVAILABLE.guestsWithoutSponsor };
      throw error;
    }
    // Without the expansion every guest would look sponsorless: that is "unknown", not a finding.
    if (guests.some((guest) => !Array.isArray(guest.sponsors))) return { status: 'unavailable', reason: UNAVAILABLE.guestsWithoutSponsor };
    return { status: 'ok', findings: guests.filter((guest) => guest.sponsors?.length === 0).map((guest) => finding(guest, {})) };
  }

  private async adminsWithoutMfa(tenantId: string): Promise<DirectoryQueryOutcome> {
    const filter = enc('isAdmin eq true and isMfaRegistered eq false');
    const path = `/reports/authenticationMethods/userRegistrationDetails?$filter=${filter}&$select=id,userPrincipalName,userDisplayName,isAdmin,isMfaRegistered`;
    let rows: RegistrationDto[];
    try {
      rows = await this.readAll<RegistrationDto>(tenantId, path, 'list authentication-method registrations', PLAYBOOK_DIRECTORY_PERMISSIONS.adminsWithoutMfa, {
        unavailableOn: /reports|authenticationMethods|userRegistrationDetails/i,
        forbiddenMeansUnavailable: true,
      });
    } catch (error) {
      if (error instanceof QueryUnavailable) return { status: 'unavailable', reason: UNAVAILABLE.adminsWithoutMfa };
      throw error;
    }
    const findings = rows
      .filter((row) => row.isAdmin === true && row.isMfaRegistered === false)
      .map((row) => ({ userId: row.id, userPrincipalName: row.userPrincipalName ?? row.id, displayName: row.userDisplayName ?? row.userPrincipalName ?? row.id, facts: {} }));
    return { status: 'ok', findings };
  }

  /**
   * Reads a collection to its last page. `unavailableOn`: a 400 or 404 whose message names the
   * property or segment means the directory does not serve it; a 403 too for the licensed reports.
   */
  private async readAll<T>(
    tenantId: string,
    path: string,
    operation: string,
    permissions: readonly string[],
    options: { unavailableOn?: RegExp; forbiddenMeansUnavailable?: boolean } = {},
  ): Promise<T[]> {
    try {
      const client: Client = this.pool.client(tenantId);
      const items: T[] = [];
      let next: string | undefined = path;
      for (let page = 0; next && page < this.maxPages; page += 1) {
        const response = (await client.api(next).get()) as { value?: T[]; '@odata.nextLink'?: string };
        items.push(...(response.value ?? []));
        next = response['@odata.nextLink'];
      }
      if (next) throw new DirectoryError('DIRECTORY.UNAVAILABLE', `The list at ${path.split('?')[0]} has more than ${this.maxPages} pages; it was not read to the end.`);
      return items;
    } catch (error) {
      if (options.unavailableOn && isUnservedBy(error, options.unavailableOn, options.forbiddenMeansUnavailable === true)) throw new QueryUnavailable();
      throw toDirectoryError(error, operation, permissions);
    }
  }
}

/** Internal signal: the directory does not serve this query. Never leaves this module. */
class QueryUnavailable extends Error {}

function isUnservedBy(error: unknown, names: RegExp, forbiddenMeansUnavailable: boolean): boolean {
  if (!(error instanceof GraphError)) return false;
  // Entra answers 403 (Authentication_RequestFromNonPremiumTenantOrB2CTenant, or a missing AuditLog.Read.All) for the licensed reports.
  if (error.statusCode === 403) return forbiddenMeansUnavailable;
  return (error.statusCode === 400 || error.statusCode === 404) && names.test(error.message ?? '');
}

function finding(user: UserDto, facts: DirectoryFinding['facts']): DirectoryFinding {
  const upn = user.userPrincipalName ?? user.id;
  return { userId: user.id, userPrincipalName: upn, displayName: user.displayName ?? upn, facts };
}

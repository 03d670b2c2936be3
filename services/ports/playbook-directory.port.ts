/**
 * The directory queries a playbook's policies ask (services/playbooks), as the bot's own app.
 * Implemented by services/adapters/graph/graph-playbook-directory.ts on the Graph SDK client.
 *
 * A query either answers truthfully with every matching user (each list is read to the last
 * @odata.nextLink, never half of it) or says it is unavailable in this tenant and why: a
 * directory that does not hold the data (no sign-in activity without Entra ID P1, a sandbox
 * that does not model sponsors) must never look like "nobody matches".
 * Errors: DirectoryError (directory.port.ts) for outages, throttling and a missing permission
 * of a query that is otherwise available.
 */

/** What a policy asks the directory. */
export type DirectoryQuery =
  /** Disabled accounts (accountEnabled eq false) that still hold at least one licence. User.Read.All. */
  | { kind: 'disabledUsersWithLicences' }
  /** Enabled accounts with no sign-in for `days` days (or none since created that long ago). User.Read.All + AuditLog.Read.All, Entra ID P1. */
  | { kind: 'usersNotSignedInFor'; days: number }
  /** Guest accounts without a sponsor. User.Read.All. */
  | { kind: 'guestsWithoutSponsor' }
  /** Administrators without a registered MFA method. AuditLog.Read.All, Entra ID P1. */
  | { kind: 'adminsWithoutMfa' };

export type DirectoryQueryKind = DirectoryQuery['kind'];

/** Small, secret-free facts about why a user matched; shown on cards and kept with the run. */
export interface FindingFacts {
  /** disabledUsersWithLicences: the SKU ids (lower case) the user holds. */
  assignedSkuIds?: string[];
  /** usersNotSignedInFor: the last sign-in, or null when the directory knows none. */
  lastSignInAt?: string | null;
  createdAt?: string | null;
}

export interface DirectoryFinding {
  userId: string;
  userPrincipalName: string;
  displayName: string;
  facts: FindingFacts;
}

export type DirectoryQueryOutcome =
  | { status: 'ok'; findings: DirectoryFinding[] }
  /** The tenant (or this build of the bot) cannot answer this query; `reason` is one sentence an admin can act on. */
  | { status: 'unavailable'; reason: string };

export interface PlaybookDirectory {
  /**
   * Every user matching `query` now (`now` anchors "N days"). Permissions per query kind above.
   * @throws DirectoryError DIRECTORY.UNAVAILABLE, DIRECTORY.THROTTLED, DIRECTORY.PERMISSION_DENIED (for an available query).
   */
  listFindings(tenantId: string, query: DirectoryQuery, options: { now: Date }): Promise<DirectoryQueryOutcome>;
}

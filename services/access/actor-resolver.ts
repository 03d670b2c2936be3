import type { Actor } from './actor';
import type { Directory } from '../ports/directory.port';

interface CachedNames {
  upn?: string;
  displayName?: string;
  at: number;
}

export interface ActorResolverOptions {
  /** Names change rarely; identity never depends on them. Default 10 minutes. */
  ttlInMs?: number;
  /** Bound on remembered users. Default 5 000. */
  maxEntries?: number;
  now?: () => number;
}

/**
 * Builds the `Actor` of a turn from the activity: object id (`from.aadObjectId`) and the tenant
 * the tenant gate decided. Card data never reaches here. UPN and display name are looked up in
 * the directory for the audit and "who can help" lists; a lookup failure only leaves them out,
 * because the object id alone is what every access decision uses.
 */
export class ActorResolver {
  private readonly cache = new Map<string, CachedNames>();
  private readonly ttlInMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(
    private readonly directory: Directory,
    options: ActorResolverOptions = {},
  ) {
    this.ttlInMs = options.ttlInMs ?? 10 * 60_000;
    this.maxEntries = options.maxEntries ?? 5_000;
    this.now = options.now ?? Date.now;
  }

  async resolve(tenantId: string, userAadObjectId: string | undefined, activityName?: string): Promise<Actor> {
    // Teams sends lower-case GUIDs; config and stores compare lower-case.
    const userId = (userAadObjectId ?? '').trim().toLowerCase();
    const actor: Actor = { tenantId, userId };
    if (!userId) return actor;
    const names = await this.namesOf(tenantId, userId);
    const displayName = names.displayName ?? activityName?.trim();
    if (names.upn) actor.upn = names.upn;
    if (displayName) actor.displayName = displayName;
    return actor;
  }

  private async namesOf(tenantId: string, userId: string): Promise<CachedNames> {
    const key = `${tenantId}\u0000${userId}`;
    const cached = this.cache.get(key);
    if (cached && this.now() - cached.at < this.ttlInMs) return cached;
    let names: CachedNames = { at: this.now() };
    try {
      const user = await this.directory.getUser(tenantId, userId);
      if (user) names = { upn: user.userPrincipalName, displayName: user.displayName, at: names.at };
    } catch {
      // Cosmetic only: without a directory the actor is still identified by object id.
      return names;
    }
    this.cache.delete(key);
    this.cache.set(key, names);
    if (this.cache.size > this.maxEntries) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
    return names;
  }
}

/**
 * Turns a bulk selection into users, and judges each one with the same rules as a single
 * action: `authorize(actor, action, target)` (scope, privileged roles for operators; a denial is
 * audited there) and the privileged-target assessment (self, role holders, break-glass). A bulk
 * never asks for the second confirmation a privileged target needs: such users are listed and
 * skipped, never acted on.
 */
import type { Actor } from '../../access/actor';
import type { BulkTargetDirectory } from '../../ports/bulk-target-directory.port';
import { DirectoryError, type Directory, type DirectoryUser } from '../../ports/directory.port';
import { ActionError } from '../action-errors';
import type { ActionAuthorizer, PrivilegedTargetAssessor } from '../management-action.service';
import type { BulkSelector, BulkSkipCode } from './bulk-job.types';

/** Users per selection, at most: far beyond the approval limit, and still one progress card. */
export const MAX_BULK_USERS = 5_000;
/** Users judged at a time (each takes a few directory reads). */
const JUDGE_CONCURRENCY = 8;

export interface JudgedUser {
  user: DirectoryUser;
  /** Undefined: to act on. */
  skip?: BulkSkipCode;
  /** The authorizer's refusal behind a skip (its words and whom to ask), when it refused. */
  denial?: { reason: string; message: string; whoCanHelp: string[] };
}

export interface BulkTargetsDependencies {
  appDirectory: Directory;
  bulkDirectory: BulkTargetDirectory;
  authorizer: ActionAuthorizer;
  privilegedTargets?: PrivilegedTargetAssessor;
}

/**
 * @throws ActionError ACTION.TARGET_REQUIRED, ACTION.GROUP_NOT_FOUND, ACTION.GROUP_AMBIGUOUS,
 *   ACTION.DIRECTORY_UNAVAILABLE, ACTION.BULK_TOO_LARGE (over MAX_BULK_USERS).
 */
export async function resolveBulkSelection(deps: BulkTargetsDependencies, tenantId: string, selector: BulkSelector): Promise<Array<{ query: string; user?: DirectoryUser }>> {
  try {
    switch (selector.kind) {
      case 'users': {
        const queries = [...new Set(selector.users.map((u) => u.trim()).filter(Boolean))];
        if (queries.length === 0) throw new ActionError('ACTION.TARGET_REQUIRED', 'Say which users, for example "block sign-in for users adele@contoso.com, alex@contoso.com".');
        if (queries.length > MAX_BULK_USERS) throw tooMany();
        return await mapLimited(queries, JUDGE_CONCURRENCY, async (query) => ({ query, user: await getUser(deps.appDirectory, tenantId, query) }));
      }
      case 'department': {
        const users = await deps.bulkDirectory.listUsersInDepartment(tenantId, selector.name.trim());
        if (users.length > MAX_BULK_USERS) throw tooMany();
        return users.map((user) => ({ query: user.userPrincipalName, user }));
      }
      case 'group': {
        const groups = await deps.bulkDirectory.findGroupsByName(tenantId, selector.name.trim());
        if (groups.length === 0) throw new ActionError('ACTION.GROUP_NOT_FOUND', `I couldn't find a group named "${selector.name.trim()}". Nothing was changed.`);
        if (groups.length > 1) throw new ActionError('ACTION.GROUP_AMBIGUOUS', `More than one group is named "${selector.name.trim()}". Nothing was changed.`);
        const users = await deps.bulkDirectory.listGroupUsers(tenantId, groups[0]!.id);
        if (users.length > MAX_BULK_USERS) throw tooMany();
        return users.map((user) => ({ query: user.userPrincipalName, user }));
      }
    }
  } catch (error) {
    if (error instanceof DirectoryError) {
      throw new ActionError('ACTION.DIRECTORY_UNAVAILABLE', "I couldn't read the users from Microsoft Entra right now. Nothing was done; try again in a few minutes.");
    }
    throw error;
  }
}

/**
 * Judges every resolved user for `actor`. A refusal that is about the actor rather than the
 * target (not an operator, action not granted, directory unavailable) stops the whole bulk.
 * @throws ActionError ACTION.DENIED (with the reason), ACTION.DIRECTORY_UNAVAILABLE.
 */
export async function judgeBulkTargets(deps: BulkTargetsDependencies, actor: Actor, actionId: string, users: readonly DirectoryUser[], correlationId: string): Promise<JudgedUser[]> {
  return mapLimited(users, JUDGE_CONCURRENCY, async (user): Promise<JudgedUser> => {
    const decision = await deps.authorizer.authorize(actor, actionId, { userId: user.id }, { correlationId });
    if (!decision.allowed) {
      const denial = { reason: decision.reason, message: decision.message, whoCanHelp: decision.whoCanHelp };
      if (decision.reason === 'ACCESS.NOT_IN_SCOPE') return { user, skip: 'ACCESS.NOT_IN_SCOPE', denial };
      if (decision.reason === 'ACCESS.PRIVILEGED_TARGET') return { user, skip: 'ACCESS.PRIVILEGED_TARGET', denial };
      if (decision.reason === 'ACCESS.TARGET_NOT_FOUND') return { user, skip: 'ACTION.TARGET_NOT_FOUND', denial };
      throw new ActionError('ACTION.DENIED', decision.message, { reason: decision.reason, whoCanHelp: decision.whoCanHelp, correlationId });
    }
    const current = decision.target ?? user;
    if (deps.privilegedTargets) {
      let assessment;
      try {
        assessment = await deps.privilegedTargets.assess(actor, { id: current.id, userPrincipalName: current.userPrincipalName });
      } catch {
        throw new ActionError('ACTION.DIRECTORY_UNAVAILABLE', "I couldn't check the users' roles in Microsoft Entra right now. Nothing was done; try again in a few minutes.");
      }
      if (assessment.privileged) return { user: current, skip: 'ACCESS.PRIVILEGED_TARGET' };
    }
    return { user: current };
  });
}

async function getUser(directory: Directory, tenantId: string, query: string): Promise<DirectoryUser | undefined> {
  try {
    return await directory.getUser(tenantId, query);
  } catch (error) {
    if (error instanceof DirectoryError && (error.code === 'DIRECTORY.NOT_FOUND' || error.code === 'DIRECTORY.BAD_REQUEST')) return undefined;
    throw error;
  }
}

function tooMany(): ActionError {
  return new ActionError('ACTION.BULK_TOO_LARGE', `A bulk action takes at most ${MAX_BULK_USERS.toLocaleString('en-US')} users. Nothing was changed.`);
}

/** Runs `work` on every item, at most `limit` at a time, keeping the order. */
export async function mapLimited<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next;
      next += 1;
      results[index] = await work(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

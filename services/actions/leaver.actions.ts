/**
 * For leavers, as the session's account:
 *  - `remove <user> from all groups`: the user's direct groups are read (GET /users/{id}/memberOf/
 *    microsoft.graph.group) as the bot's app when prepared, and the confirmation card lists them.
 *    Dynamic groups (members come from a rule), role-assignable groups (they give admin roles:
 *    changed by hand, by a tenant admin) and mail-enabled groups managed in Exchange are skipped,
 *    each with its reason on the card; the user is removed from the rest with
 *    DELETE /groups/{id}/members/{userId}/$ref. Only groups the card listed are touched.
 *  - `remove all licences from <user>`: POST /users/{id}/assignLicense with every licence the
 *    user holds in removeLicenses, listed (by product name) on the card.
 */
import { z } from 'zod';
import { DirectoryError } from '../ports/directory.port';
import type { GroupSummary } from '../ports/user-administration.port';
import { catalogEntry, describeTarget, type ActionDefinition, type ActionParameterContext, type ActionParameters } from './action-definition';
import { ActionError } from './action-errors';
import { named, skuLabel } from './licence-skus';

/** More than this, and the card and the stored action get too long: the leaver needs a bulk run. */
const MAX_GROUPS = 100;
/** Names listed on the card; the rest are counted. */
const LISTED = 25;

const jsonList = <T extends z.ZodTypeAny>(item: T) =>
  z.string().transform((text, ctx) => {
    try {
      return z.array(item).parse(JSON.parse(text));
    } catch {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'not a list' });
      return z.NEVER;
    }
  });

export const removeFromAllGroupsParameters = z.object({
  /** JSON: [{ id, name }], the groups the user will be removed from. */
  groups: jsonList(z.object({ id: z.string().min(1), name: z.string() })),
  /** JSON: [{ name, reason }], the groups left alone and why. */
  skipped: jsonList(z.object({ name: z.string(), reason: z.string() })),
});

export const removeAllLicencesParameters = z.object({
  /** JSON: [{ skuId, name }], every licence the user held when prepared. */
  licences: jsonList(z.object({ skuId: z.string().min(1), name: z.string() })),
});

async function read<T>(what: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof DirectoryError) throw new ActionError('ACTION.DIRECTORY_UNAVAILABLE', `I couldn't read the user's ${what} in Microsoft Entra right now. Nothing was done; try again in a few minutes.`);
    throw error;
  }
}

/** Why a group is left alone, or undefined when the user can be removed from it. */
export function skipReason(group: GroupSummary): string | undefined {
  if (group.dynamic) return 'dynamic: its members come from a rule';
  if (group.isAssignableToRole) return 'role-assignable: it gives admin roles, so a tenant admin changes it by hand';
  if (group.exchangeManaged) return 'mail-enabled: managed in Exchange, not through Microsoft Graph';
  return undefined;
}

function listed(names: readonly string[]): string {
  const shown = names.slice(0, LISTED).join(', ');
  return names.length > LISTED ? `${shown} and ${names.length - LISTED} more` : shown;
}

async function resolveGroups(context: ActionParameterContext): Promise<ActionParameters> {
  const groups = await read('groups', () => context.appUsers.listDirectGroups(context.tenantId, context.target.userId));
  const sorted = [...groups].sort((a, b) => a.displayName.localeCompare(b.displayName));
  const remove = sorted.filter((group) => !skipReason(group)).map((group) => ({ id: group.id, name: group.displayName }));
  const skipped = sorted.flatMap((group) => {
    const reason = skipReason(group);
    return reason ? [{ name: group.displayName, reason }] : [];
  });
  if (remove.length === 0) {
    const why = skipped.length > 0 ? ` The groups they are in are all left alone: ${skipped.map((s) => `${s.name} (${s.reason})`).join('; ')}.` : '';
    throw new ActionError('ACTION.NOT_POSSIBLE', `${context.target.upn} is in no group I can remove them from.${why}`);
  }
  if (remove.length > MAX_GROUPS) {
    throw new ActionError('ACTION.NOT_POSSIBLE', `${context.target.upn} is in ${remove.length} groups; I remove a user from at most ${MAX_GROUPS} at once.`, {}, 'Nothing was changed. Remove them from some groups one by one first, then run this again.');
  }
  return { groups: JSON.stringify(remove), skipped: JSON.stringify(skipped) };
}

export const removeFromAllGroupsAction: ActionDefinition = {
  ...catalogEntry('user.removeFromAllGroups'),
  category: 'Leavers',
  description: 'Removes a leaver from all their groups, listed first; dynamic, role-assignable and mail-enabled groups are left alone.',
  risk: 'high',
  approvalByDefault: true,
  graphCalls: ['GET /users/{id}/memberOf/microsoft.graph.group', 'DELETE /groups/{id}/members/{userId}/$ref (each group)'],
  parameters: removeFromAllGroupsParameters,
  resolveParameters: (context) => resolveGroups(context),
  describe: (target, parameters) => {
    const { groups, skipped } = removeFromAllGroupsParameters.parse(parameters);
    return {
      summary: `Remove ${describeTarget(target)} from ${groups.length} group${groups.length === 1 ? '' : 's'}`,
      facts: [
        { label: 'Groups', value: `member of ${groups.length} → none of these` },
        { label: 'Removed from', value: listed(groups.map((group) => group.name)) },
        ...(skipped.length > 0 ? [{ label: 'Left alone', value: listed(skipped.map((s) => `${s.name} (${s.reason})`)) }] : []),
      ],
      consequences: [
        `${target.displayName} loses what these groups give (apps, sites, Teams, licences) within a few minutes.`,
        'Groups they join after this card was shown are not touched.',
      ],
      destructive: true,
    };
  },
  run: async (_directory, target, parameters, session) => {
    const { groups } = removeFromAllGroupsParameters.parse(parameters);
    // Judged again now, on the groups as they are: one that became dynamic since the card is left alone.
    const current = new Map((await session.users.listDirectGroups(target.tenantId, target.userId)).map((group) => [group.id.toLowerCase(), group]));
    const removed: string[] = [];
    const failed: Array<{ name: string; error: unknown }> = [];
    for (const group of groups) {
      const now = current.get(group.id.toLowerCase());
      if (!now || skipReason(now)) continue;
      try {
        await session.users.removeGroupMember(target.tenantId, group.id, target.userId);
        removed.push(group.name);
      } catch (error) {
        failed.push({ name: group.name, error });
      }
    }
    if (failed.length > 0 && removed.length === 0) throw failed[0]!.error;
    const done = removed.length > 0 ? `${target.upn} was removed from ${removed.length} group${removed.length === 1 ? '' : 's'}: ${listed(removed)}.` : `${target.upn} was already in none of the listed groups.`;
    const notDone = failed.length > 0 ? ` Not removed from ${listed(failed.map((f) => f.name))}: Microsoft Graph refused. Run the command again to retry those.` : '';
    return { summary: `${done}${notDone}` };
  },
};

export const removeAllLicencesAction: ActionDefinition = {
  ...catalogEntry('user.removeAllLicenses'),
  category: 'Leavers',
  description: "Takes every licence away from a leaver and frees the seats; their data in those services is kept 30 days, then deleted.",
  risk: 'high',
  approvalByDefault: true,
  graphCalls: ['GET /users/{id} (assignedLicenses)', 'GET /subscribedSkus', 'POST /users/{id}/assignLicense (removeLicenses: all)'],
  parameters: removeAllLicencesParameters,
  resolveParameters: async (context) => {
    const [profile, skus] = await Promise.all([
      read('licences', () => context.appUsers.getUserProfile(context.tenantId, context.target.userId)),
      read('licences', () => context.appUsers.listSubscribedSkus(context.tenantId)),
    ]);
    if (!profile) throw new ActionError('ACTION.TARGET_NOT_FOUND', `I couldn't find ${context.target.upn} any more.`);
    if (profile.assignedSkuIds.length === 0) throw new ActionError('ACTION.NOT_POSSIBLE', `${context.target.upn} has no licences.`);
    const licences = profile.assignedSkuIds.map((skuId) => {
      const sku = skus.find((candidate) => candidate.skuId.toLowerCase() === skuId.toLowerCase());
      return { skuId, name: sku ? skuLabel(named(sku)) : skuId };
    });
    return { licences: JSON.stringify(licences) };
  },
  describe: (target, parameters) => {
    const { licences } = removeAllLicencesParameters.parse(parameters);
    return {
      summary: `Remove all ${licences.length} licence${licences.length === 1 ? '' : 's'} from ${describeTarget(target)}`,
      facts: [
        { label: 'Licences', value: `${listed(licences.map((licence) => licence.name))} → none` },
        { label: 'Seats freed', value: String(licences.length) },
      ],
      consequences: [
        `${target.displayName} loses every licensed app and service, such as their mailbox and Teams.`,
        'Data in those services is kept for 30 days, then deleted.',
      ],
      destructive: true,
    };
  },
  run: async (_directory, target, parameters, session) => {
    const { licences } = removeAllLicencesParameters.parse(parameters);
    // Only what they still hold: Graph refuses to remove a licence the user no longer has.
    const profile = await session.users.getUserProfile(target.tenantId, target.userId);
    const held = new Set(profile?.assignedSkuIds.map((id) => id.toLowerCase()) ?? []);
    const remove = licences.filter((licence) => held.has(licence.skuId.toLowerCase()));
    if (remove.length > 0) await session.users.assignLicense(target.tenantId, target.userId, { addSkuIds: [], removeSkuIds: remove.map((licence) => licence.skuId) });
    return { summary: remove.length > 0 ? `${target.upn} has no licences now; removed ${listed(remove.map((licence) => licence.name))}.` : `${target.upn} already held none of the listed licences.` };
  },
  explainFailure: (error) => {
    if (error instanceof DirectoryError && error.code === 'DIRECTORY.BAD_REQUEST' && /inherited|group/i.test(error.message)) {
      return 'Microsoft 365 refused: some licences come from a group, and only leaving that group removes them. Run "remove <user> from all groups" first.';
    }
    return undefined;
  },
};

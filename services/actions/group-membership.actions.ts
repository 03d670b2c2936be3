/**
 * `add <user> to group <name>` and `remove <user> from group <name>`, as the session's account:
 * POST /groups/{id}/members/$ref { "@odata.id": "https://graph.microsoft.com/v1.0/directoryObjects/{userId}" }
 * and DELETE /groups/{id}/members/{userId}/$ref.
 *
 * The group is found by the start of its display name through the bot's own identity (a choice
 * when several match) and judged when prepared and again when confirmed: a role-assignable group,
 * or one holding directory roles, gives its members admin rights, so operators are refused
 * (tenant admins may); a dynamic group or an Exchange-managed one cannot be changed through Graph.
 * The confirmation says before → after ("Alice Ng will be added to Sales Team").
 */
import { z } from 'zod';
import { DirectoryError } from '../ports/directory.port';
import type { GroupSummary } from '../ports/user-administration.port';
import { catalogEntry, describeTarget, type ActionDefinition, type ActionParameterContext, type ActionParameters, type ActionTarget } from './action-definition';
import { ActionError } from './action-errors';

const MAX_CHOICES = 5;

const GroupParameters = z.object({ groupId: z.string().min(1), groupName: z.string().min(1), wasMember: z.enum(['yes', 'no']) });
type GroupParameters = z.infer<typeof GroupParameters>;

function directoryUnavailable(): ActionError {
  return new ActionError('ACTION.DIRECTORY_UNAVAILABLE', "I couldn't look the group up in Microsoft Entra right now. Nothing was done; try again in a few minutes.");
}

/** Directory reads as the bot's app; an outage is "nothing was done", never a guess. */
async function read<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof DirectoryError) throw directoryUnavailable();
    throw error;
  }
}

/** The group the input names: a picked id, or the start of a display name. */
async function findGroup(context: ActionParameterContext, input: Readonly<Record<string, string>>): Promise<GroupSummary> {
  const groupId = input['groupId'];
  if (groupId) {
    const group = await read(() => context.appUsers.getGroup(context.tenantId, groupId));
    if (!group) throw new ActionError('ACTION.GROUP_NOT_FOUND', "That group doesn't exist any more. Run the command again.");
    return group;
  }
  const name = (input['group'] ?? '').replace(/^["'](.*)["']$/, '$1').trim();
  if (!name) throw new ActionError('ACTION.GROUP_REQUIRED', 'Say which group, for example "add adele@contoso.com to group Sales". Nothing was changed.');
  const matches = await read(() => context.appUsers.findGroups(context.tenantId, name, { top: MAX_CHOICES + 1 }));
  const exact = matches.filter((group) => group.displayName.toLowerCase() === name.toLowerCase());
  const [only] = matches.length === 1 ? matches : exact.length === 1 ? exact : [];
  if (only) return only;
  if (matches.length === 0) throw new ActionError('ACTION.GROUP_NOT_FOUND', `No group's name starts with "${name}".`);
  throw new ActionError('ACTION.GROUP_AMBIGUOUS', `More than one group's name starts with "${name}". Pick one.`, {
    groupCandidates: matches.map((group) => ({ groupId: group.id, displayName: group.displayName, ...(group.description ? { description: group.description } : {}) })),
  });
}

/** The rules a group must pass for this actor, when prepared and again when confirmed. */
async function judgeGroup(context: ActionParameterContext, group: GroupSummary): Promise<void> {
  if (group.dynamic) throw new ActionError('ACTION.GROUP_NOT_MANAGEABLE', `${group.displayName} gets its members from a rule, so nobody adds or removes them by hand.`);
  if (group.exchangeManaged) throw new ActionError('ACTION.GROUP_NOT_MANAGEABLE', `${group.displayName} is a mail-enabled group managed in Exchange; Microsoft Graph can't change its members.`);
  if (context.actorIsTenantAdmin) return;
  const privileged = group.isAssignableToRole ? 'roleAssignable' : (await read(() => context.appDirectory.listRoleAssignments(context.tenantId, group.id))).length > 0 ? 'holdsDirectoryRoles' : undefined;
  if (privileged) {
    throw new ActionError('ACTION.DENIED', `${group.displayName} gives its members admin roles, so only tenant admins can change who is in it.`, {
      reason: 'ACCESS.PRIVILEGED_TARGET',
      whoCanHelp: ['a tenant admin'],
      auditDetails: { groupId: group.id, groupName: group.displayName, privilegedGroup: privileged },
    });
  }
}

function groupAction(kind: 'add' | 'remove'): ActionDefinition {
  const adding = kind === 'add';
  const parameters = (stored: ActionParameters): GroupParameters => GroupParameters.parse(stored);
  return {
    ...catalogEntry(adding ? 'user.addToGroup' : 'user.removeFromGroup'),
    category: 'Groups & licences',
    description: adding ? 'Adds the user to a group you pick by name.' : 'Removes the user from a group you pick by name.',
    risk: 'medium',
    approvalByDefault: false,
    graphCalls: adding ? ['GET /groups?$filter=startswith(displayName,…)', 'POST /groups/{id}/members/$ref'] : ['GET /groups?$filter=startswith(displayName,…)', 'DELETE /groups/{id}/members/{userId}/$ref'],
    parameters: GroupParameters,
    resolveParameters: async (context, input) => {
      const group = await findGroup(context, input);
      await judgeGroup(context, group);
      const member = await read(() => context.appUsers.isDirectGroupMember(context.tenantId, group.id, context.target.userId));
      return { groupId: group.id, groupName: group.displayName, wasMember: member ? 'yes' : 'no' } satisfies GroupParameters;
    },
    recheckParameters: async (context, stored) => {
      const group = await read(() => context.appUsers.getGroup(context.tenantId, parameters(stored).groupId));
      if (!group) throw new ActionError('ACTION.GROUP_NOT_FOUND', "That group doesn't exist any more. Nothing was changed.");
      await judgeGroup(context, group);
    },
    describe: (target: ActionTarget, stored: ActionParameters) => {
      const { groupName, wasMember } = parameters(stored);
      const member = wasMember === 'yes';
      const unchanged = adding === member;
      return {
        summary: adding ? `Add ${describeTarget(target)} to ${groupName}` : `Remove ${describeTarget(target)} from ${groupName}`,
        facts: [{ label: 'Group', value: `${groupName}: ${member ? 'member' : 'not a member'} → ${adding ? 'member' : 'not a member'}` }],
        consequences: unchanged
          ? [adding ? `${target.displayName} is already a member of ${groupName}; confirming changes nothing.` : `${target.displayName} is not a direct member of ${groupName}; confirming changes nothing.`]
          : [
              adding ? `${target.displayName} will be added to ${groupName}.` : `${target.displayName} will be removed from ${groupName}.`,
              adding ? 'They get what the group gives (apps, sites, Teams, licences) within a few minutes.' : 'They lose what the group gives (apps, sites, Teams, licences) within a few minutes.',
            ],
        destructive: !adding,
      };
    },
    run: async (_directory, target, stored, session) => {
      const { groupId, groupName } = parameters(stored);
      if (adding) await session.users.addGroupMember(target.tenantId, groupId, target.userId);
      else await session.users.removeGroupMember(target.tenantId, groupId, target.userId);
      return { summary: adding ? `${target.upn} is a member of ${groupName}.` : `${target.upn} is no longer a member of ${groupName}.` };
    },
    verify: async (appDirectory, target, stored) => {
      const { groupId } = parameters(stored);
      const member = (await appDirectory.listTransitiveMemberships(target.tenantId, target.userId)).some((ref) => ref.kind === 'group' && ref.id.toLowerCase() === groupId.toLowerCase());
      return member === adding;
    },
  };
}

export const addToGroupAction: ActionDefinition = groupAction('add');
export const removeFromGroupAction: ActionDefinition = groupAction('remove');

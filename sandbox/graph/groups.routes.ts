/**
 * Groups, group membership (members, transitiveMembers, members/$ref), a user's memberOf /
 * transitiveMemberOf, and administrative units with their members.
 */
import { findGroup, type DirectoryState, type SandboxAdministrativeUnit, type SandboxGroup } from '../directory/model';
import { directoryObjectsResponse, entryFor, memberEntries, memberOfEntries, type DirectoryObjectKind } from './directory-objects';
import { GraphErrors } from './errors';
import type { GraphCall, GraphResult, GraphRoute } from './graph-types';
import type { FilterSchema } from './odata-filter';
import { collectionResponse, countResponse, entityResponse, parseSelect } from './odata-query';
import { checkUserActionOnTarget, Permissions } from './permissions';
import { objectBody } from './request-body';
import { ADMINISTRATIVE_UNIT_PROPERTIES, GROUP_PROPERTIES, groupView, serializeAdministrativeUnit, serializeGroup } from './serializers';
import { requireUser } from './users.routes';

const GROUP_TYPE = 'microsoft.graph.group';
const TEXT = ['eq', 'ne', 'not', 'ge', 'le', 'in', 'startswith'] as const;

export const GROUP_FILTER_SCHEMA: FilterSchema = {
  resource: 'Group',
  properties: {
    id: { operators: ['eq', 'ne', 'not', 'in'] },
    displayName: { operators: [...TEXT, 'endswith'] },
    mail: { operators: [...TEXT, 'endswith'] },
    mailNickname: { operators: [...TEXT, 'endswith'] },
    description: { operators: [...TEXT] },
    mailEnabled: { operators: ['eq', 'ne', 'not'] },
    securityEnabled: { operators: ['eq', 'ne', 'not', 'in'] },
    isAssignableToRole: { operators: ['eq', 'ne', 'not'] },
    groupTypes: { operators: ['any', 'eq'] },
    createdDateTime: { operators: ['eq', 'ne', 'not', 'ge', 'le', 'in'] },
  },
};

function requireGroup(state: DirectoryState, id: string): SandboxGroup {
  const group = findGroup(state, id);
  if (!group) throw GraphErrors.resourceNotFound(id);
  return group;
}

function requireUnit(state: DirectoryState, id: string): SandboxAdministrativeUnit {
  const unit = state.administrativeUnits.find((a) => a.id.toLowerCase() === id.toLowerCase());
  if (!unit) throw GraphErrors.resourceNotFound(id);
  return unit;
}

function listGroups(call: GraphCall): GraphResult {
  return collectionResponse({
    call,
    items: call.state.groups,
    contextFragment: 'groups',
    typeName: GROUP_TYPE,
    selectable: GROUP_PROPERTIES,
    serialize: (group, select) => serializeGroup(group, select),
    filterSchema: GROUP_FILTER_SCHEMA,
    filterView: groupView,
    orderable: ['displayName'],
    searchable: ['displayName', 'description', 'mail', 'mailNickname'],
  });
}

function getGroup(call: GraphCall): GraphResult {
  const group = requireGroup(call.state, call.params['group-id'] as string);
  const select = parseSelect(call, GROUP_PROPERTIES, GROUP_TYPE);
  return entityResponse(call, 'groups', serializeGroup(group, select), select);
}

/** The object id a `$ref` body points at: …/directoryObjects/{id}, …/users/{id}, … */
function referencedId(call: GraphCall): string {
  const body = objectBody(call);
  const ref = body['@odata.id'];
  const id = typeof ref === 'string' ? /\/([0-9a-fA-F-]{36})\/?$/.exec(ref)?.[1] : undefined;
  if (!id) throw GraphErrors.plainBadRequest(`Invalid OData reference: '@odata.id' must address a directory object.`);
  return id;
}

function addMember(call: GraphCall): GraphResult {
  const group = requireGroup(call.state, call.params['group-id'] as string);
  const memberId = referencedId(call);
  const denied = checkUserActionOnTarget(call, 'microsoft.directory/groups/members/update', group.id);
  if (denied) throw denied;
  // Changing a role-assignable group's members changes who holds its roles.
  if (group.isAssignableToRole) {
    const held = new Set((call.caller.kind === 'app' ? call.caller.roles : call.caller.scopes).map((p) => p.toLowerCase()));
    if (!held.has('rolemanagement.readwrite.directory') && !held.has('directory.accessasuser.all')) throw GraphErrors.insufficientPrivileges();
  }
  const entry = entryFor(call.state, memberId);
  if (!entry || entry.kind === 'administrativeUnit') throw GraphErrors.resourceNotFound(memberId);
  if (entry.id.toLowerCase() === group.id.toLowerCase()) throw GraphErrors.badRequest('A group cannot be a member of itself.');
  if (group.members.some((m) => m.toLowerCase() === entry.id.toLowerCase())) {
    throw GraphErrors.badRequest("One or more added object references already exist for the following modified properties: 'members'.");
  }
  group.members.push(entry.id);
  return { status: 204, mutated: true };
}

function removeMember(call: GraphCall): GraphResult {
  const group = requireGroup(call.state, call.params['group-id'] as string);
  const memberId = call.params['directoryObject-id'] as string;
  const denied = checkUserActionOnTarget(call, 'microsoft.directory/groups/members/update', group.id);
  if (denied) throw denied;
  const before = group.members.length;
  group.members = group.members.filter((m) => m.toLowerCase() !== memberId.toLowerCase());
  if (group.members.length === before) throw GraphErrors.resourceNotFound(memberId);
  return { status: 204, mutated: true };
}

function userMemberOf(call: GraphCall, transitive: boolean, cast?: DirectoryObjectKind): GraphResult {
  const user = requireUser(call.state, call.params['user-id'] as string);
  return directoryObjectsResponse(call, memberOfEntries(call.state, user.id, transitive), cast);
}

function groupMembers(call: GraphCall, transitive: boolean, cast?: DirectoryObjectKind): GraphResult {
  const group = requireGroup(call.state, call.params['group-id'] as string);
  return directoryObjectsResponse(call, memberEntries(call.state, group.members, transitive), cast);
}

const AU_TYPE = 'microsoft.graph.administrativeUnit';
const AU_FILTER: FilterSchema = { resource: 'AdministrativeUnit', properties: { id: { operators: ['eq', 'in'] }, displayName: { operators: [...TEXT] } } };

const groupRead = Permissions.readGroups;
const memberships = Permissions.readMemberships;

export const groupRoutes: GraphRoute[] = [
  { method: 'GET', path: '/groups', permissions: groupRead, handle: listGroups },
  { method: 'GET', path: '/groups/$count', permissions: groupRead, handle: (call) => countResponse(call, call.state.groups.length) },
  { method: 'GET', path: '/groups/{group-id}', permissions: groupRead, handle: getGroup },
  { method: 'GET', path: '/groups/{group-id}/members', permissions: groupRead, handle: (call) => groupMembers(call, false) },
  { method: 'GET', path: '/groups/{group-id}/members/microsoft.graph.user', permissions: groupRead, handle: (call) => groupMembers(call, false, 'user') },
  { method: 'GET', path: '/groups/{group-id}/transitiveMembers', permissions: groupRead, handle: (call) => groupMembers(call, true) },
  { method: 'GET', path: '/groups/{group-id}/transitiveMembers/microsoft.graph.user', permissions: groupRead, handle: (call) => groupMembers(call, true, 'user') },
  {
    method: 'POST',
    path: '/groups/{group-id}/members/$ref',
    body: { kind: 'reference' },
    permissions: Permissions.writeGroupMembers,
    handle: addMember,
  },
  { method: 'DELETE', path: '/groups/{group-id}/members/{directoryObject-id}/$ref', permissions: Permissions.writeGroupMembers, handle: removeMember },
  { method: 'GET', path: '/users/{user-id}/memberOf', permissions: memberships, handle: (call) => userMemberOf(call, false) },
  { method: 'GET', path: '/users/{user-id}/memberOf/microsoft.graph.group', permissions: memberships, handle: (call) => userMemberOf(call, false, 'group') },
  { method: 'GET', path: '/users/{user-id}/transitiveMemberOf', permissions: memberships, handle: (call) => userMemberOf(call, true) },
  { method: 'GET', path: '/users/{user-id}/transitiveMemberOf/microsoft.graph.group', permissions: memberships, handle: (call) => userMemberOf(call, true, 'group') },
  { method: 'GET', path: '/users/{user-id}/transitiveMemberOf/microsoft.graph.directoryRole', permissions: memberships, handle: (call) => userMemberOf(call, true, 'directoryRole') },
  {
    method: 'GET',
    path: '/directory/administrativeUnits',
    permissions: Permissions.readAdministrativeUnits,
    handle: (call) =>
      collectionResponse({
        call,
        items: call.state.administrativeUnits,
        contextFragment: 'directory/administrativeUnits',
        typeName: AU_TYPE,
        selectable: ADMINISTRATIVE_UNIT_PROPERTIES,
        serialize: (unit, select) => serializeAdministrativeUnit(unit, select),
        filterSchema: AU_FILTER,
      }),
  },
  {
    method: 'GET',
    path: '/directory/administrativeUnits/{administrativeUnit-id}',
    permissions: Permissions.readAdministrativeUnits,
    handle: (call) => {
      const unit = requireUnit(call.state, call.params['administrativeUnit-id'] as string);
      const select = parseSelect(call, ADMINISTRATIVE_UNIT_PROPERTIES, AU_TYPE);
      return entityResponse(call, 'directory/administrativeUnits', serializeAdministrativeUnit(unit, select), select);
    },
  },
  {
    method: 'GET',
    path: '/directory/administrativeUnits/{administrativeUnit-id}/members',
    permissions: Permissions.readAdministrativeUnits,
    handle: (call) => {
      const unit = requireUnit(call.state, call.params['administrativeUnit-id'] as string);
      return directoryObjectsResponse(call, memberEntries(call.state, unit.members, false));
    },
  },
];

/**
 * directoryObject collections (memberOf, transitiveMemberOf, members, transitiveMembers):
 * mixed users, groups, administrative units, directory roles and service principals, each with
 * its `@odata.type`, through the same paging, `$select`, `$filter` and `$count` rules.
 */
import type { CallerClaims } from '../core/types';
import {
  administrativeUnitsOf,
  directGroupsOf,
  findApplicationByServicePrincipal,
  findGroup,
  findRoleDefinition,
  findUser,
  roleAssignmentsOf,
  transitiveGroupsOf,
  type DirectoryState,
  type SandboxRoleDefinition,
} from '../directory/model';
import { GraphErrors } from './errors';
import type { GraphCall, GraphResult } from './graph-types';
import type { FilterSchema } from './odata-filter';
import { collectionResponse, isAdvancedQuery, project } from './odata-query';
import { canReadKind } from './permissions';
import {
  ADMINISTRATIVE_UNIT_PROPERTIES,
  GROUP_PROPERTIES,
  groupView,
  serializeAdministrativeUnit,
  serializeDirectoryRole,
  USER_DEFAULT_PROPERTIES,
  USER_SELECTABLE,
  userView,
} from './serializers';

export type DirectoryObjectKind = 'user' | 'group' | 'administrativeUnit' | 'directoryRole' | 'servicePrincipal';

export interface DirectoryEntry {
  kind: DirectoryObjectKind;
  id: string;
  /** Every property of the object as Graph would return it (for $filter and $select). */
  view: Record<string, unknown>;
  /** Properties returned without $select. */
  defaults: readonly string[];
}

const ROLE_PROPERTIES = ['id', 'deletedDateTime', 'description', 'displayName', 'roleTemplateId'] as const;
const SERVICE_PRINCIPAL_PROPERTIES = ['id', 'appId', 'displayName', 'servicePrincipalType'] as const;

export const DIRECTORY_OBJECT_SELECTABLE: readonly string[] = [
  ...new Set([...USER_SELECTABLE, ...GROUP_PROPERTIES, ...ADMINISTRATIVE_UNIT_PROPERTIES, ...ROLE_PROPERTIES, ...SERVICE_PRINCIPAL_PROPERTIES]),
];

const DIRECTORY_OBJECT_FILTER: FilterSchema = {
  resource: 'DirectoryObject',
  properties: {
    id: { operators: ['eq', 'ne', 'in'] },
    displayName: { operators: ['eq', 'ne', 'in', 'startswith'] },
    securityEnabled: { operators: ['eq', 'ne'] },
    mailEnabled: { operators: ['eq', 'ne'] },
    groupTypes: { operators: ['any', 'eq'] },
    roleTemplateId: { operators: ['eq', 'in'] },
    userPrincipalName: { operators: ['eq', 'startswith', 'in'] },
    accountEnabled: { operators: ['eq', 'ne'] },
    department: { operators: ['eq', 'startswith', 'in'] },
  },
};

export function entryFor(state: DirectoryState, id: string): DirectoryEntry | undefined {
  const user = findUser(state, id);
  if (user) return { kind: 'user', id: user.id, view: userView(user), defaults: USER_DEFAULT_PROPERTIES };
  const group = findGroup(state, id);
  if (group) return { kind: 'group', id: group.id, view: groupView(group), defaults: GROUP_PROPERTIES };
  const unit = state.administrativeUnits.find((a) => a.id.toLowerCase() === id.toLowerCase());
  if (unit) return { kind: 'administrativeUnit', id: unit.id, view: serializeAdministrativeUnit(unit), defaults: ADMINISTRATIVE_UNIT_PROPERTIES };
  const app = findApplicationByServicePrincipal(state, id);
  if (app) {
    const view = { id: app.servicePrincipalId, appId: app.appId, displayName: app.displayName, servicePrincipalType: 'Application' };
    return { kind: 'servicePrincipal', id: app.servicePrincipalId, view, defaults: SERVICE_PRINCIPAL_PROPERTIES };
  }
  return undefined;
}

export function roleEntry(definition: SandboxRoleDefinition): DirectoryEntry {
  const { '@odata.type': _type, ...view } = serializeDirectoryRole(definition);
  void _type;
  return { kind: 'directoryRole', id: view.id as string, view, defaults: ROLE_PROPERTIES };
}

export function serializeEntry(entry: DirectoryEntry, caller: CallerClaims, select: string[] | undefined): Record<string, unknown> {
  const odataType = `#microsoft.graph.${entry.kind}`;
  // Without read permission for a kind, Graph returns only the object's type and id.
  if (!canReadKind(caller, entry.kind)) return { '@odata.type': odataType, id: entry.id };
  const names = select ? select.filter((s) => s in entry.view || s === 'id') : entry.defaults;
  return { '@odata.type': odataType, ...project(entry.view, names) };
}

/** Directory roles that reach a principal, tenant-wide, as activated directoryRole objects. */
function directoryRolesOf(state: DirectoryState, principalId: string, transitive: boolean): DirectoryEntry[] {
  const assignments = transitive ? roleAssignmentsOf(state, principalId) : state.roleAssignments.filter((a) => a.principalId.toLowerCase() === principalId.toLowerCase());
  const seen = new Map<string, DirectoryEntry>();
  for (const assignment of assignments) {
    if (assignment.directoryScopeId !== '/') continue;
    const definition = findRoleDefinition(state, assignment.roleDefinitionId);
    if (definition) seen.set(definition.templateId, roleEntry(definition));
  }
  return [...seen.values()];
}

export function memberOfEntries(state: DirectoryState, objectId: string, transitive: boolean): DirectoryEntry[] {
  const groups = transitive ? transitiveGroupsOf(state, objectId) : directGroupsOf(state, objectId);
  return [
    ...groups.map((g) => entryFor(state, g.id) as DirectoryEntry),
    ...administrativeUnitsOf(state, objectId).map((a) => entryFor(state, a.id) as DirectoryEntry),
    ...directoryRolesOf(state, objectId, transitive),
  ];
}

export function memberEntries(state: DirectoryState, memberIds: string[], transitive: boolean): DirectoryEntry[] {
  const result = new Map<string, DirectoryEntry>();
  const visitedGroups = new Set<string>();
  const visit = (ids: string[]): void => {
    for (const id of ids) {
      const entry = entryFor(state, id);
      if (!entry) continue;
      result.set(entry.id, entry);
      if (transitive && entry.kind === 'group' && !visitedGroups.has(entry.id)) {
        visitedGroups.add(entry.id);
        visit(findGroup(state, entry.id)?.members ?? []);
      }
    }
  };
  visit(memberIds);
  return [...result.values()];
}

/** A directoryObject collection response; `cast` narrows it to one kind (…/microsoft.graph.group). */
export function directoryObjectsResponse(call: GraphCall, entries: DirectoryEntry[], cast?: DirectoryObjectKind): GraphResult {
  // Graph serves $filter and $search on these relationships only as advanced queries.
  if ((call.query.get('$filter') || call.query.get('$search')) && !isAdvancedQuery(call)) throw GraphErrors.unsupportedQuery('Unsupported Query.');
  const items = cast ? entries.filter((e) => e.kind === cast) : entries;
  return collectionResponse({
    call,
    items,
    contextFragment: cast ? `${cast === 'directoryRole' ? 'directoryRoles' : `${cast}s`}` : 'directoryObjects',
    typeName: cast ? `microsoft.graph.${cast}` : 'microsoft.graph.directoryObject',
    selectable: DIRECTORY_OBJECT_SELECTABLE,
    serialize: (entry, select) => serializeEntry(entry, call.caller, select),
    filterSchema: DIRECTORY_OBJECT_FILTER,
    filterView: (entry) => entry.view,
    searchable: ['displayName'],
    orderable: ['displayName'],
  });
}

/** /roleManagement/directory/roleDefinitions and /roleManagement/directory/roleAssignments. */
import { findGroup, findRoleDefinition, objectKind, type SandboxRoleAssignment } from '../directory/model';
import { roleAssignmentId } from '../directory/role-assignment-id';
import { GraphErrors } from './errors';
import type { GraphCall, GraphResult, GraphRoute, RouteBody } from './graph-types';
import type { FilterSchema } from './odata-filter';
import { collectionResponse, entityResponse, parseSelect } from './odata-query';
import { Permissions } from './permissions';
import { objectBody, rejectUnknownProperties } from './request-body';
import { ROLE_ASSIGNMENT_PROPERTIES, ROLE_DEFINITION_PROPERTIES, serializeRoleAssignment, serializeRoleDefinition } from './serializers';

const DEFINITIONS = 'roleManagement/directory/roleDefinitions';
const ASSIGNMENTS = 'roleManagement/directory/roleAssignments';
const DEFINITION_TYPE = 'microsoft.graph.unifiedRoleDefinition';
const ASSIGNMENT_TYPE = 'microsoft.graph.unifiedRoleAssignment';

const DEFINITION_FILTER: FilterSchema = {
  resource: 'UnifiedRoleDefinition',
  properties: {
    id: { operators: ['eq', 'in'] },
    templateId: { operators: ['eq', 'in'] },
    displayName: { operators: ['eq', 'in', 'startswith'] },
    isBuiltIn: { operators: ['eq'] },
    isEnabled: { operators: ['eq'] },
  },
};

const ASSIGNMENT_FILTER: FilterSchema = {
  resource: 'UnifiedRoleAssignment',
  properties: {
    id: { operators: ['eq', 'in'] },
    principalId: { operators: ['eq', 'in'] },
    roleDefinitionId: { operators: ['eq', 'in'] },
    directoryScopeId: { operators: ['eq', 'in'] },
    appScopeId: { operators: ['eq'] },
  },
};

const ASSIGNMENT_BODY: RouteBody = { kind: 'entity', type: ASSIGNMENT_TYPE, properties: ['principalId', 'roleDefinitionId', 'directoryScopeId', 'appScopeId', 'condition'] };

function getDefinition(call: GraphCall): GraphResult {
  const id = call.params['unifiedRoleDefinition-id'] as string;
  const definition = findRoleDefinition(call.state, id);
  if (!definition) throw GraphErrors.resourceNotFound(id);
  const select = parseSelect(call, ROLE_DEFINITION_PROPERTIES, DEFINITION_TYPE);
  return entityResponse(call, DEFINITIONS, serializeRoleDefinition(definition, select), select);
}

function requireAssignment(call: GraphCall): SandboxRoleAssignment {
  const id = call.params['unifiedRoleAssignment-id'] as string;
  const assignment = call.state.roleAssignments.find((a) => a.id === id);
  if (!assignment) throw GraphErrors.resourceNotFound(id);
  return assignment;
}

function createAssignment(call: GraphCall): GraphResult {
  const body = objectBody(call);
  rejectUnknownProperties(body, ASSIGNMENT_BODY, ASSIGNMENT_TYPE);
  const { state } = call;
  const { principalId, roleDefinitionId, directoryScopeId } = body;
  if (typeof principalId !== 'string') throw GraphErrors.invalidValue('principalId', 'RoleAssignment');
  if (typeof roleDefinitionId !== 'string') throw GraphErrors.invalidValue('roleDefinitionId', 'RoleAssignment');
  if (typeof directoryScopeId !== 'string') throw GraphErrors.invalidValue('directoryScopeId', 'RoleAssignment');

  const definition = findRoleDefinition(state, roleDefinitionId);
  if (!definition) throw GraphErrors.resourceNotFound(roleDefinitionId);
  const kind = objectKind(state, principalId);
  if (!kind || kind === 'administrativeUnit') throw GraphErrors.resourceNotFound(principalId);
  if (kind === 'group' && !findGroup(state, principalId)?.isAssignableToRole) {
    throw GraphErrors.badRequest('Only groups with isAssignableToRole set to true can be assigned directory roles.');
  }
  const scope = /^\/administrativeUnits\/([0-9a-fA-F-]{36})$/.exec(directoryScopeId);
  if (directoryScopeId !== '/' && !(scope && state.administrativeUnits.some((a) => a.id.toLowerCase() === (scope[1] as string).toLowerCase()))) {
    throw GraphErrors.invalidValue('directoryScopeId', 'RoleAssignment');
  }

  const id = roleAssignmentId(definition.templateId, principalId, directoryScopeId);
  const duplicate = state.roleAssignments.some(
    (a) => a.id === id || (a.principalId.toLowerCase() === principalId.toLowerCase() && findRoleDefinition(state, a.roleDefinitionId) === definition && a.directoryScopeId === directoryScopeId),
  );
  if (duplicate) throw GraphErrors.badRequest('A conflicting object with one or more of the specified property values is present in the directory.');

  const assignment: SandboxRoleAssignment = { id, principalId, roleDefinitionId: definition.id, directoryScopeId, appScopeId: null, condition: null };
  state.roleAssignments.push(assignment);
  return { ...entityResponse(call, ASSIGNMENTS, serializeRoleAssignment(assignment)), status: 201, mutated: true };
}

function deleteAssignment(call: GraphCall): GraphResult {
  const assignment = requireAssignment(call);
  call.state.roleAssignments = call.state.roleAssignments.filter((a) => a !== assignment);
  return { status: 204, mutated: true };
}

const ROLE_WRITE_ACTION = 'microsoft.directory/roleAssignments/allProperties/allTasks';

export const roleManagementRoutes: GraphRoute[] = [
  {
    method: 'GET',
    path: '/roleManagement/directory/roleDefinitions',
    permissions: Permissions.readRoles,
    handle: (call) =>
      collectionResponse({
        call,
        items: call.state.roleDefinitions,
        contextFragment: DEFINITIONS,
        typeName: DEFINITION_TYPE,
        selectable: ROLE_DEFINITION_PROPERTIES,
        serialize: (d, select) => serializeRoleDefinition(d, select),
        filterSchema: DEFINITION_FILTER,
        countNeedsEventual: false,
      }),
  },
  { method: 'GET', path: '/roleManagement/directory/roleDefinitions/{unifiedRoleDefinition-id}', permissions: Permissions.readRoles, handle: getDefinition },
  {
    method: 'GET',
    path: '/roleManagement/directory/roleAssignments',
    permissions: Permissions.readRoles,
    handle: (call) =>
      collectionResponse({
        call,
        items: call.state.roleAssignments,
        contextFragment: ASSIGNMENTS,
        typeName: ASSIGNMENT_TYPE,
        selectable: ROLE_ASSIGNMENT_PROPERTIES,
        serialize: (a, select) => serializeRoleAssignment(a, select),
        filterSchema: ASSIGNMENT_FILTER,
        countNeedsEventual: false,
      }),
  },
  {
    method: 'GET',
    path: '/roleManagement/directory/roleAssignments/{unifiedRoleAssignment-id}',
    permissions: Permissions.readRoles,
    handle: (call) => {
      const select = parseSelect(call, ROLE_ASSIGNMENT_PROPERTIES, ASSIGNMENT_TYPE);
      return entityResponse(call, ASSIGNMENTS, serializeRoleAssignment(requireAssignment(call), select), select);
    },
  },
  {
    method: 'POST',
    path: '/roleManagement/directory/roleAssignments',
    body: ASSIGNMENT_BODY,
    permissions: { ...Permissions.writeRoles, userRoleActions: () => [ROLE_WRITE_ACTION] },
    handle: createAssignment,
  },
  {
    method: 'DELETE',
    path: '/roleManagement/directory/roleAssignments/{unifiedRoleAssignment-id}',
    permissions: { ...Permissions.writeRoles, userRoleActions: () => [ROLE_WRITE_ACTION] },
    handle: deleteAssignment,
  },
];

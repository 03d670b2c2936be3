/** /users, /users/{id|userPrincipalName}, /users/$count and /me. */
import { randomUUID } from 'node:crypto';
import {
  findUser,
  setUserPassword,
  type DirectoryState,
  type SandboxUser,
} from '../directory/model';
import { GraphErrors } from './errors';
import type { GraphCall, GraphResult, GraphRoute, RouteBody } from './graph-types';
import { collectionResponse, countResponse, entityResponse, parseSelect } from './odata-query';
import type { FilterSchema } from './odata-filter';
import { checkSensitiveAction, checkUserActionOnTarget, Permissions } from './permissions';
import { isObject, objectBody, rejectUnknownProperties, type JsonObject } from './request-body';
import { serializeUser, USER_SELECTABLE, userView } from './serializers';
import { assertNonEmptyString, assertPasswordComplexity, assertUsageLocation, assertUserPrincipalName } from './user-rules';

const TEXT = ['eq', 'ne', 'not', 'ge', 'le', 'in', 'startswith'] as const;
export const USER_FILTER_SCHEMA: FilterSchema = {
  resource: 'User',
  properties: {
    id: { operators: ['eq', 'ne', 'not', 'in'] },
    userPrincipalName: { operators: [...TEXT, 'endswith'] },
    mail: { operators: [...TEXT, 'endswith'] },
    mailNickname: { operators: [...TEXT, 'endswith'] },
    displayName: { operators: [...TEXT, 'endswith'] },
    givenName: { operators: [...TEXT] },
    surname: { operators: [...TEXT] },
    department: { operators: [...TEXT] },
    jobTitle: { operators: [...TEXT] },
    officeLocation: { operators: [...TEXT] },
    usageLocation: { operators: [...TEXT] },
    companyName: { operators: [...TEXT] },
    employeeId: { operators: [...TEXT] },
    city: { operators: [...TEXT] },
    country: { operators: [...TEXT] },
    accountEnabled: { operators: ['eq', 'ne', 'not', 'in'] },
    userType: { operators: ['eq', 'ne', 'not', 'in'] },
    createdDateTime: { operators: ['eq', 'ne', 'not', 'ge', 'le', 'in'] },
    assignedLicenses: { operators: ['any'] },
    'assignedLicenses/skuId': { operators: ['eq'] },
    proxyAddresses: { operators: ['any', 'eq', 'startswith', 'endswith'] },
  },
};

const USER_TYPE = 'microsoft.graph.user';

/** Properties the sandbox accepts on POST and PATCH (each checked against the CSDL). */
const WRITABLE = [
  'accountEnabled', 'displayName', 'mailNickname', 'userPrincipalName', 'givenName', 'surname', 'department', 'jobTitle', 'officeLocation',
  'mobilePhone', 'businessPhones', 'usageLocation', 'preferredLanguage', 'passwordPolicies', 'mail', 'userType',
  // HR fields (custom actions set them).
  'employeeId', 'employeeType', 'companyName',
] as const;
const PASSWORD_PROFILE = ['passwordProfile/password', 'passwordProfile/forceChangePasswordNextSignIn', 'passwordProfile/forceChangePasswordNextSignInWithMfa'];
const USER_BODY: RouteBody = { kind: 'entity', type: USER_TYPE, properties: [...WRITABLE, ...PASSWORD_PROFILE] };

/**
 * Which application permissions allow changing each property (Graph's "update user" table:
 * the narrow permissions cover only their own property).
 */
const PROPERTY_APP_PERMISSIONS: Record<string, string[]> = {
  passwordProfile: ['User-PasswordProfile.ReadWrite.All', 'User.ReadWrite.All', 'Directory.ReadWrite.All'],
  accountEnabled: ['User.EnableDisableAccount.All', 'User.ReadWrite.All', 'Directory.ReadWrite.All'],
};
const DEFAULT_APP_PERMISSIONS = ['User.ReadWrite.All', 'Directory.ReadWrite.All'];

/** Properties whose change on an admin is a "sensitive action" in Entra. */
const SENSITIVE = new Set(['passwordProfile', 'accountEnabled', 'mobilePhone', 'businessPhones', 'userPrincipalName']);

export function requireUser(state: DirectoryState, idOrUpn: string): SandboxUser {
  const user = findUser(state, idOrUpn);
  if (!user) throw GraphErrors.resourceNotFound(idOrUpn);
  return user;
}

/** Directory role action a delegated caller needs to change one property. */
function actionForProperty(name: string, value: unknown): string {
  switch (name) {
    case 'passwordProfile':
      return 'microsoft.directory/users/password/update';
    case 'accountEnabled':
      return value === false ? 'microsoft.directory/users/disable' : 'microsoft.directory/users/enable';
    case 'userPrincipalName':
      return 'microsoft.directory/users/userPrincipalName/update';
    default:
      return 'microsoft.directory/users/basic/update';
  }
}

function listUsers(call: GraphCall): GraphResult {
  return collectionResponse({
    call,
    items: call.state.users,
    contextFragment: 'users',
    typeName: USER_TYPE,
    selectable: USER_SELECTABLE,
    serialize: (user, select) => serializeUser(user, select),
    filterSchema: USER_FILTER_SCHEMA,
    filterView: userView,
    orderable: ['displayName', 'userPrincipalName'],
    searchable: ['displayName', 'mail', 'userPrincipalName', 'givenName', 'surname', 'department', 'jobTitle', 'mailNickname'],
  });
}

function getUser(call: GraphCall, idOrUpn: string): GraphResult {
  const user = requireUser(call.state, idOrUpn);
  const select = parseSelect(call, USER_SELECTABLE, USER_TYPE);
  return entityResponse(call, 'users', serializeUser(user, select), select);
}

function createUser(call: GraphCall): GraphResult {
  const body = objectBody(call);
  rejectUnknownProperties(body, USER_BODY, USER_TYPE);
  const { state, now } = call;
  if (typeof body.accountEnabled !== 'boolean') throw GraphErrors.invalidValue('accountEnabled', 'User');
  assertNonEmptyString(body.displayName, 'displayName');
  assertNonEmptyString(body.mailNickname, 'mailNickname');
  if (!isObject(body.passwordProfile)) throw GraphErrors.invalidValue('passwordProfile', 'User');
  const passwordPolicies = typeof body.passwordPolicies === 'string' ? body.passwordPolicies : null;
  assertPasswordComplexity(body.passwordProfile.password, passwordPolicies);
  assertUserPrincipalName(state, body.userPrincipalName);
  if (body.usageLocation !== undefined) assertUsageLocation(body.usageLocation);

  const stamp = now.toISOString();
  const user: SandboxUser = {
    id: randomUUID(),
    userPrincipalName: body.userPrincipalName,
    displayName: body.displayName,
    givenName: optionalString(body, 'givenName'),
    surname: optionalString(body, 'surname'),
    mail: optionalString(body, 'mail'),
    mailNickname: body.mailNickname,
    department: optionalString(body, 'department'),
    jobTitle: optionalString(body, 'jobTitle'),
    officeLocation: optionalString(body, 'officeLocation'),
    mobilePhone: optionalString(body, 'mobilePhone'),
    businessPhones: stringArray(body, 'businessPhones'),
    preferredLanguage: optionalString(body, 'preferredLanguage'),
    accountEnabled: body.accountEnabled,
    usageLocation: optionalString(body, 'usageLocation'),
    userType: body.userType === 'Guest' ? 'Guest' : 'Member',
    createdDateTime: stamp,
    signInSessionsValidFromDateTime: stamp,
    lastPasswordChangeDateTime: stamp,
    assignedLicenses: [],
    passwordPolicies,
    passwordHash: '',
    requiresMfa: false,
    passwordChangedAt: stamp,
    forceChangePasswordNextSignIn: false,
  };
  setUserPassword(user, body.passwordProfile.password, now, body.passwordProfile.forceChangePasswordNextSignIn !== false);
  state.users.push(user);
  const created = entityResponse(call, 'users', serializeUser(user));
  return {
    ...created,
    status: 201,
    headers: { Location: `${call.ctx.baseUrl}/v2/${state.tenantId}/directoryObjects/${user.id}/Microsoft.DirectoryServices.User` },
    mutated: true,
  };
}

function updateUser(call: GraphCall, idOrUpn: string): GraphResult {
  const body = objectBody(call);
  rejectUnknownProperties(body, USER_BODY, USER_TYPE);
  const user = requireUser(call.state, idOrUpn);
  const names = Object.keys(body).filter((n) => !n.startsWith('@odata.'));

  // Narrow application permissions cover only their own property.
  if (call.caller.kind === 'app') {
    const roles = new Set(call.caller.roles.map((r) => r.toLowerCase()));
    for (const name of names) {
      const allowed = PROPERTY_APP_PERMISSIONS[name] ?? DEFAULT_APP_PERMISSIONS;
      if (!allowed.some((p) => roles.has(p.toLowerCase()))) throw GraphErrors.insufficientPrivileges();
    }
  }
  for (const name of names) {
    const denied = checkUserActionOnTarget(call, actionForProperty(name, body[name]), user.id) ?? (SENSITIVE.has(name) ? checkSensitiveAction(call, user.id) : undefined);
    if (denied) throw denied;
  }

  applyUserPatch(call, user, body);
  return { status: 204, mutated: true };
}

function applyUserPatch(call: GraphCall, user: SandboxUser, body: JsonObject): void {
  const { state, now } = call;
  // Validate everything first so a bad property leaves the user untouched.
  if ('accountEnabled' in body && typeof body.accountEnabled !== 'boolean') throw GraphErrors.invalidValue('accountEnabled', 'User');
  if ('displayName' in body) assertNonEmptyString(body.displayName, 'displayName');
  if ('mailNickname' in body) assertNonEmptyString(body.mailNickname, 'mailNickname');
  if ('userPrincipalName' in body) assertUserPrincipalName(state, body.userPrincipalName, user.id);
  if ('usageLocation' in body) assertUsageLocation(body.usageLocation);
  const profile = body.passwordProfile;
  if ('passwordProfile' in body) {
    if (!isObject(profile)) throw GraphErrors.invalidValue('passwordProfile', 'User');
    assertPasswordComplexity(profile.password, typeof body.passwordPolicies === 'string' ? body.passwordPolicies : user.passwordPolicies);
  }
  for (const name of WRITABLE) {
    if (!(name in body)) continue;
    const value = body[name];
    if (name === 'businessPhones') user.businessPhones = stringArray(body, 'businessPhones');
    else if (name === 'userType') user.userType = value === 'Guest' ? 'Guest' : 'Member';
    else (user as unknown as Record<string, unknown>)[name] = value === undefined ? null : value;
  }
  if (isObject(profile)) {
    setUserPassword(user, profile.password as string, now, profile.forceChangePasswordNextSignIn === true);
    // An admin password reset revokes the user's refresh tokens, as in Entra.
    user.signInSessionsValidFromDateTime = now.toISOString();
  }
}

function deleteUser(call: GraphCall, idOrUpn: string): GraphResult {
  const user = requireUser(call.state, idOrUpn);
  const denied = checkUserActionOnTarget(call, 'microsoft.directory/users/delete', user.id) ?? checkSensitiveAction(call, user.id);
  if (denied) throw denied;
  removeDirectoryObject(call.state, user.id);
  return { status: 204, mutated: true };
}

/** Deleting an object drops it from every membership and role assignment, as Entra does. */
export function removeDirectoryObject(state: DirectoryState, id: string): void {
  const key = id.toLowerCase();
  const keep = (m: string): boolean => m.toLowerCase() !== key;
  state.users = state.users.filter((u) => u.id.toLowerCase() !== key);
  for (const group of state.groups) {
    group.members = group.members.filter(keep);
    group.owners = group.owners.filter(keep);
  }
  for (const unit of state.administrativeUnits) unit.members = unit.members.filter(keep);
  state.roleAssignments = state.roleAssignments.filter((a) => a.principalId.toLowerCase() !== key);
}

function me(call: GraphCall): GraphResult {
  return getUser(call, call.caller.oid);
}

function optionalString(body: JsonObject, name: string): string | null {
  const value = body[name];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw GraphErrors.invalidValue(name, 'User');
  return value;
}

function stringArray(body: JsonObject, name: string): string[] {
  const value = body[name];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) throw GraphErrors.invalidValue(name, 'User');
  return value as string[];
}

const writeUserPermissions = {
  application: [...DEFAULT_APP_PERMISSIONS, 'User-PasswordProfile.ReadWrite.All', 'User.EnableDisableAccount.All'],
  delegated: [...Permissions.writeUsers.delegated, 'User-PasswordProfile.ReadWrite.All', 'User.EnableDisableAccount.All'],
};

export const userRoutes: GraphRoute[] = [
  { method: 'GET', path: '/users', permissions: Permissions.readUsers, handle: listUsers },
  { method: 'GET', path: '/users/$count', permissions: Permissions.readUsers, handle: (call) => countResponse(call, call.state.users.length) },
  {
    method: 'POST',
    path: '/users',
    body: USER_BODY,
    permissions: { ...Permissions.writeUsers, userRoleActions: () => ['microsoft.directory/users/create'] },
    handle: createUser,
  },
  { method: 'GET', path: '/users/{user-id}', permissions: Permissions.readUsers, handle: (call) => getUser(call, call.params['user-id'] as string) },
  { method: 'PATCH', path: '/users/{user-id}', body: USER_BODY, permissions: writeUserPermissions, handle: (call) => updateUser(call, call.params['user-id'] as string) },
  {
    method: 'DELETE',
    path: '/users/{user-id}',
    permissions: {
      application: ['User.DeleteRestore.All', ...Permissions.writeUsers.application],
      delegated: ['User.DeleteRestore.All', ...Permissions.writeUsers.delegated],
    },
    handle: (call) => deleteUser(call, call.params['user-id'] as string),
  },
  {
    method: 'GET',
    path: '/me',
    delegatedOnly: '/me request is only valid with delegated authentication flow.',
    permissions: { application: [], delegated: ['User.Read', 'User.ReadWrite', 'User.ReadBasic.All', 'User.Read.All', 'User.ReadWrite.All', 'Directory.Read.All', 'Directory.AccessAsUser.All'] },
    handle: me,
  },
];

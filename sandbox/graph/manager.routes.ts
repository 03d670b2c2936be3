/**
 * A user's manager: GET /users/{id}/manager, PUT and DELETE /users/{id}/manager/$ref. As in Entra,
 * a user without a manager answers 404 on GET, a user cannot be their own manager, and the
 * reference must address a user of the tenant.
 */
import { entryFor, serializeEntry, DIRECTORY_OBJECT_SELECTABLE } from './directory-objects';
import { GraphErrors } from './errors';
import type { GraphCall, GraphResult, GraphRoute } from './graph-types';
import { metadataUrl, parseSelect } from './odata-query';
import { checkUserActionOnTarget, Permissions } from './permissions';
import { objectBody } from './request-body';
import { requireUser } from './users.routes';

const MANAGER_ACTION = 'microsoft.directory/users/manager/update';

function getManager(call: GraphCall): GraphResult {
  const user = requireUser(call.state, call.params['user-id'] as string);
  const entry = user.managerId ? entryFor(call.state, user.managerId) : undefined;
  if (!entry) throw GraphErrors.resourceNotFound('manager');
  const select = parseSelect(call, DIRECTORY_OBJECT_SELECTABLE, 'microsoft.graph.directoryObject');
  return { status: 200, body: { '@odata.context': metadataUrl(call, 'directoryObjects/$entity'), ...serializeEntry(entry, call.caller, select) } };
}

/** The object id a `$ref` body points at: …/users/{id} or …/directoryObjects/{id}. */
function referencedUserId(call: GraphCall): string {
  const ref = objectBody(call)['@odata.id'];
  const id = typeof ref === 'string' ? /\/([0-9a-fA-F-]{36})\/?$/.exec(ref)?.[1] : undefined;
  if (!id) throw GraphErrors.plainBadRequest(`Invalid OData reference: '@odata.id' must address a directory object.`);
  return id;
}

function setManager(call: GraphCall): GraphResult {
  const user = requireUser(call.state, call.params['user-id'] as string);
  const denied = checkUserActionOnTarget(call, MANAGER_ACTION, user.id);
  if (denied) throw denied;
  const managerId = referencedUserId(call);
  const manager = entryFor(call.state, managerId);
  if (!manager || manager.kind !== 'user') throw GraphErrors.resourceNotFound(managerId);
  if (manager.id.toLowerCase() === user.id.toLowerCase()) throw GraphErrors.badRequest('A user cannot be their own manager.');
  user.managerId = manager.id;
  return { status: 204, mutated: true };
}

function removeManager(call: GraphCall): GraphResult {
  const user = requireUser(call.state, call.params['user-id'] as string);
  const denied = checkUserActionOnTarget(call, MANAGER_ACTION, user.id);
  if (denied) throw denied;
  if (!user.managerId) throw GraphErrors.resourceNotFound('manager');
  user.managerId = null;
  return { status: 204, mutated: true };
}

export const managerRoutes: GraphRoute[] = [
  { method: 'GET', path: '/users/{user-id}/manager', permissions: Permissions.readUsers, handle: getManager },
  { method: 'PUT', path: '/users/{user-id}/manager/$ref', body: { kind: 'reference' }, permissions: Permissions.writeUsers, handle: setManager },
  { method: 'DELETE', path: '/users/{user-id}/manager/$ref', permissions: Permissions.writeUsers, handle: removeManager },
];

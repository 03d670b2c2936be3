/** Bound actions on users: revokeSignInSessions and assignLicense. */
import { GraphErrors } from './errors';
import type { GraphCall, GraphResult, GraphRoute, RouteBody } from './graph-types';
import { entityResponse, metadataUrl } from './odata-query';
import { checkSensitiveAction, checkUserActionOnTarget, Permissions } from './permissions';
import { isObject, objectBody, rejectUnknownProperties } from './request-body';
import { serializeUser } from './serializers';
import { requireUser } from './users.routes';

function revokeSignInSessions(call: GraphCall): GraphResult {
  const user = requireUser(call.state, call.params['user-id'] as string);
  const denied = checkUserActionOnTarget(call, 'microsoft.directory/users/invalidateAllRefreshTokens', user.id) ?? checkSensitiveAction(call, user.id);
  if (denied) throw denied;
  // Refresh tokens and session cookies issued before this instant stop working.
  user.signInSessionsValidFromDateTime = call.now.toISOString();
  return { status: 200, body: { '@odata.context': metadataUrl(call, 'Edm.Boolean'), value: true }, mutated: true };
}

const ASSIGN_LICENSE_BODY: RouteBody = { kind: 'action', properties: ['addLicenses/skuId', 'addLicenses/disabledPlans', 'removeLicenses'] };

function assignLicense(call: GraphCall): GraphResult {
  const body = objectBody(call);
  rejectUnknownProperties(body, ASSIGN_LICENSE_BODY, 'microsoft.graph.user.assignLicense');
  const user = requireUser(call.state, call.params['user-id'] as string);
  const denied = checkUserActionOnTarget(call, 'microsoft.directory/users/assignLicense', user.id);
  if (denied) throw denied;
  const { addLicenses, removeLicenses } = body;
  // Both parameters are required (non-nullable collections), even when empty.
  if (!Array.isArray(addLicenses)) throw GraphErrors.invalidValue('addLicenses', 'User');
  if (!Array.isArray(removeLicenses) || removeLicenses.some((id) => typeof id !== 'string')) throw GraphErrors.invalidValue('removeLicenses', 'User');
  if (addLicenses.length > 0 && !user.usageLocation) throw GraphErrors.badRequest('License assignment cannot be done for user with invalid usage location.');

  const skus = call.state.subscribedSkus;
  const additions = addLicenses.map((entry) => {
    if (!isObject(entry) || typeof entry.skuId !== 'string') throw GraphErrors.invalidValue('addLicenses', 'User');
    const sku = skus.find((s) => s.skuId.toLowerCase() === (entry.skuId as string).toLowerCase());
    if (!sku) throw GraphErrors.badRequest(`License ${entry.skuId} does not correspond to a valid company License.`);
    const disabledPlans = Array.isArray(entry.disabledPlans) ? (entry.disabledPlans as unknown[]).filter((p): p is string => typeof p === 'string') : [];
    return { sku, disabledPlans };
  });
  for (const id of removeLicenses as string[]) {
    if (!user.assignedLicenses.some((l) => l.skuId.toLowerCase() === id.toLowerCase())) {
      throw GraphErrors.badRequest(`User does not have a corresponding license ${id}.`);
    }
  }
  for (const { sku } of additions) {
    const alreadyHas = user.assignedLicenses.some((l) => l.skuId.toLowerCase() === sku.skuId.toLowerCase());
    if (!alreadyHas && sku.consumedUnits >= sku.prepaidUnits.enabled) throw GraphErrors.badRequest(`Subscription ${sku.skuPartNumber} does not have any available licenses.`);
  }

  const removed = new Set((removeLicenses as string[]).map((id) => id.toLowerCase()));
  for (const id of removed) {
    const sku = skus.find((s) => s.skuId.toLowerCase() === id);
    if (sku) sku.consumedUnits = Math.max(0, sku.consumedUnits - 1);
  }
  user.assignedLicenses = user.assignedLicenses.filter((l) => !removed.has(l.skuId.toLowerCase()));
  for (const { sku, disabledPlans } of additions) {
    const existing = user.assignedLicenses.find((l) => l.skuId.toLowerCase() === sku.skuId.toLowerCase());
    if (existing) existing.disabledPlans = disabledPlans;
    else {
      user.assignedLicenses.push({ skuId: sku.skuId, disabledPlans });
      sku.consumedUnits += 1;
    }
  }
  return { ...entityResponse(call, 'users', serializeUser(user)), mutated: true };
}

export const userActionRoutes: GraphRoute[] = [
  {
    method: 'POST',
    path: '/users/{user-id}/revokeSignInSessions',
    permissions: {
      application: ['User.RevokeSessions.All', ...Permissions.writeUsers.application],
      delegated: ['User.RevokeSessions.All', ...Permissions.writeUsers.delegated],
    },
    handle: revokeSignInSessions,
  },
  {
    method: 'POST',
    path: '/users/{user-id}/assignLicense',
    body: ASSIGN_LICENSE_BODY,
    permissions: {
      application: ['LicenseAssignment.ReadWrite.All', ...Permissions.writeUsers.application],
      delegated: ['LicenseAssignment.ReadWrite.All', ...Permissions.writeUsers.delegated],
    },
    handle: assignLicense,
  },
];

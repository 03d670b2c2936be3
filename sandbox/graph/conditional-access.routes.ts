/**
 * /identity/conditionalAccess/policies, /identity/conditionalAccess/namedLocations and the What If
 * API (POST /identity/conditionalAccess/evaluate). What If runs the same evaluator the token
 * endpoint uses, so its answer always names the policy that blocked a sign-in.
 */
import { randomUUID } from 'node:crypto';
import { evaluateConditionalAccess, type SignInDetails } from '../directory/conditional-access';
import { findUser, type ConditionalAccessPolicy, type NamedLocation } from '../directory/model';
import { mergePolicyPatch, normalizeNamedLocation, normalizePolicy } from './conditional-access-validation';
import { GraphErrors } from './errors';
import type { GraphCall, GraphResult, GraphRoute, PermissionRequirement, RouteBody } from './graph-types';
import type { FilterSchema } from './odata-filter';
import { collectionResponse, entityResponse, metadataUrl } from './odata-query';
import { checkRoutePermissions, Permissions } from './permissions';
import { isObject, objectBody, rejectUnknownProperties } from './request-body';

const POLICIES = 'identity/conditionalAccess/policies';
const LOCATIONS = 'identity/conditionalAccess/namedLocations';
const POLICY_TYPE = 'microsoft.graph.conditionalAccessPolicy';
const LOCATION_TYPE = 'microsoft.graph.namedLocation';

const POLICY_PROPERTIES = ['id', 'templateId', 'displayName', 'description', 'createdDateTime', 'modifiedDateTime', 'state', 'conditions', 'grantControls', 'sessionControls'];
const LOCATION_PROPERTIES = ['id', 'displayName', 'createdDateTime', 'modifiedDateTime', 'isTrusted', 'ipRanges', 'countriesAndRegions', 'includeUnknownCountriesAndRegions', 'countryLookupMethod'];

const POLICY_BODY: RouteBody = {
  kind: 'entity',
  type: POLICY_TYPE,
  properties: [
    'displayName', 'description', 'state', 'templateId',
    'conditions/users/includeUsers', 'conditions/users/excludeUsers', 'conditions/users/includeGroups', 'conditions/users/excludeGroups',
    'conditions/users/includeRoles', 'conditions/users/excludeRoles',
    'conditions/users/includeGuestsOrExternalUsers/guestOrExternalUserTypes', 'conditions/users/includeGuestsOrExternalUsers/externalTenants/membershipKind',
    'conditions/users/includeGuestsOrExternalUsers/externalTenants/microsoft.graph.conditionalAccessEnumeratedExternalTenants/members',
    'conditions/users/excludeGuestsOrExternalUsers/guestOrExternalUserTypes', 'conditions/users/excludeGuestsOrExternalUsers/externalTenants/membershipKind',
    'conditions/users/excludeGuestsOrExternalUsers/externalTenants/microsoft.graph.conditionalAccessEnumeratedExternalTenants/members',
    'conditions/applications/includeApplications', 'conditions/applications/excludeApplications', 'conditions/applications/includeUserActions',
    'conditions/applications/includeAuthenticationContextClassReferences',
    'conditions/clientAppTypes', 'conditions/locations/includeLocations', 'conditions/locations/excludeLocations',
    'conditions/platforms/includePlatforms', 'conditions/platforms/excludePlatforms',
    'conditions/signInRiskLevels', 'conditions/userRiskLevels', 'conditions/servicePrincipalRiskLevels',
    'grantControls/operator', 'grantControls/builtInControls', 'grantControls/customAuthenticationFactors', 'grantControls/termsOfUse',
    'sessionControls/signInFrequency/value', 'sessionControls/signInFrequency/type', 'sessionControls/signInFrequency/isEnabled',
    'sessionControls/persistentBrowser/mode', 'sessionControls/persistentBrowser/isEnabled',
  ],
};

const LOCATION_BODY: RouteBody = {
  kind: 'entity',
  type: LOCATION_TYPE,
  properties: [
    'displayName',
    'microsoft.graph.ipNamedLocation/isTrusted',
    'microsoft.graph.ipNamedLocation/ipRanges/microsoft.graph.iPv4CidrRange/cidrAddress',
    'microsoft.graph.ipNamedLocation/ipRanges/microsoft.graph.iPv6CidrRange/cidrAddress',
    'microsoft.graph.ipNamedLocation/ipRanges/microsoft.graph.iPv4Range/lowerAddress',
    'microsoft.graph.ipNamedLocation/ipRanges/microsoft.graph.iPv4Range/upperAddress',
    'microsoft.graph.countryNamedLocation/countriesAndRegions',
    'microsoft.graph.countryNamedLocation/includeUnknownCountriesAndRegions',
    'microsoft.graph.countryNamedLocation/countryLookupMethod',
  ],
};

const EVALUATE_BODY: RouteBody = {
  kind: 'action',
  properties: [
    'signInIdentity/microsoft.graph.userSignIn/userId',
    'signInIdentity/microsoft.graph.servicePrincipalSignIn/servicePrincipalId',
    'signInContext/microsoft.graph.applicationContext/includeApplications',
    'signInContext/microsoft.graph.userActionContext/userAction',
    'signInContext/microsoft.graph.authContext/authenticationContextValue',
    'signInConditions/ipAddress', 'signInConditions/clientAppType', 'signInConditions/country', 'signInConditions/devicePlatform',
    'signInConditions/signInRiskLevel', 'signInConditions/userRiskLevel', 'signInConditions/servicePrincipalRiskLevel', 'signInConditions/insiderRiskLevel',
    'signInConditions/authenticationFlow/transferMethod', 'signInConditions/deviceInfo/isCompliant',
    'appliedPoliciesOnly',
  ],
};

const NAME_FILTER: FilterSchema = { resource: 'ConditionalAccess', properties: { id: { operators: ['eq', 'in'] }, displayName: { operators: ['eq', 'startswith'] }, state: { operators: ['eq'] } } };

function requirePolicy(call: GraphCall): ConditionalAccessPolicy {
  const id = call.params['conditionalAccessPolicy-id'] as string;
  const policy = call.state.conditionalAccessPolicies.find((p) => p.id.toLowerCase() === id.toLowerCase());
  if (!policy) throw GraphErrors.resourceNotFound(id);
  return policy;
}

function requireLocation(call: GraphCall): NamedLocation {
  const id = call.params['namedLocation-id'] as string;
  const location = call.state.namedLocations.find((l) => l.id.toLowerCase() === id.toLowerCase());
  if (!location) throw GraphErrors.resourceNotFound(id);
  return location;
}

function createPolicy(call: GraphCall): GraphResult {
  const body = objectBody(call);
  rejectUnknownProperties(body, POLICY_BODY, POLICY_TYPE);
  const policy = normalizePolicy(call.state, body, { id: randomUUID(), createdDateTime: call.now.toISOString() }, call.now);
  call.state.conditionalAccessPolicies.push(policy);
  return { ...entityResponse(call, POLICIES, { ...policy }), status: 201, mutated: true };
}

function updatePolicy(call: GraphCall): GraphResult {
  const body = objectBody(call);
  rejectUnknownProperties(body, POLICY_BODY, POLICY_TYPE);
  const existing = requirePolicy(call);
  const updated = normalizePolicy(call.state, mergePolicyPatch(existing, body), { id: existing.id, createdDateTime: existing.createdDateTime ?? call.now.toISOString() }, call.now);
  call.state.conditionalAccessPolicies = call.state.conditionalAccessPolicies.map((p) => (p === existing ? updated : p));
  return { status: 204, mutated: true };
}

function createLocation(call: GraphCall): GraphResult {
  const body = objectBody(call);
  rejectUnknownProperties(body, LOCATION_BODY, LOCATION_TYPE);
  const location = normalizeNamedLocation(body, {}, call.now);
  call.state.namedLocations.push(location);
  return { ...entityResponse(call, LOCATIONS, { ...location }), status: 201, mutated: true };
}

function updateLocation(call: GraphCall): GraphResult {
  const body = objectBody(call);
  rejectUnknownProperties(body, LOCATION_BODY, LOCATION_TYPE);
  const existing = requireLocation(call);
  if (body['@odata.type'] !== existing['@odata.type']) throw GraphErrors.plainBadRequest(`Invalid value for '@odata.type': expected ${existing['@odata.type']}.`);
  const updated = normalizeNamedLocation({ ...(existing as unknown as Record<string, unknown>), ...body }, existing, call.now);
  call.state.namedLocations = call.state.namedLocations.map((l) => (l === existing ? updated : l));
  return { status: 204, mutated: true };
}

function deleteLocation(call: GraphCall): GraphResult {
  const location = requireLocation(call);
  const inUse = call.state.conditionalAccessPolicies.some((p) =>
    [...(p.conditions.locations?.includeLocations ?? []), ...(p.conditions.locations?.excludeLocations ?? [])].some((id) => id.toLowerCase() === location.id.toLowerCase()),
  );
  if (inUse) throw GraphErrors.plainBadRequest('The named location is referenced by one or more conditional access policies and cannot be deleted.');
  call.state.namedLocations = call.state.namedLocations.filter((l) => l !== location);
  return { status: 204, mutated: true };
}

/** whatIfAnalysisReasons members by flag value: a flags value is written lowest flag first. */
const REASON_FLAG_ORDER = [
  'notSet', 'notEnoughInformation', 'invalidCondition', 'users', 'workloadIdentities', 'application', 'userActions', 'authenticationContext',
  'devicePlatform', 'devices', 'clientApps', 'location', 'signInRisk', 'emptyPolicy', 'invalidPolicy', 'policyNotEnabled', 'userRisk', 'time',
  'insiderRisk', 'authenticationFlow', 'unknownFutureValue',
];

function flagsValue(reasons: readonly string[]): string {
  return [...reasons].sort((a, b) => REASON_FLAG_ORDER.indexOf(a) - REASON_FLAG_ORDER.indexOf(b)).join(',');
}

/** whatIfAnalysisReasons is a flags enum: members joined by commas on the wire. */
function evaluate(call: GraphCall): GraphResult {
  const body = objectBody(call);
  rejectUnknownProperties(body, EVALUATE_BODY, 'microsoft.graph.conditionalAccessRoot.evaluate');
  const { signInIdentity, signInContext, signInConditions } = body;
  if (!isObject(signInIdentity)) throw GraphErrors.plainBadRequest("The parameter 'signInIdentity' is required.");
  if (!isObject(signInContext)) throw GraphErrors.plainBadRequest("The parameter 'signInContext' is required.");
  if (!isObject(signInConditions)) throw GraphErrors.plainBadRequest("The parameter 'signInConditions' is required.");

  const policies = call.state.conditionalAccessPolicies;
  let results: Array<Record<string, unknown>>;
  if (signInIdentity['@odata.type'] === '#microsoft.graph.userSignIn') {
    const userId = signInIdentity.userId;
    if (typeof userId !== 'string' || !findUser(call.state, userId)) throw GraphErrors.plainBadRequest(`Invalid value for 'signInIdentity.userId': the user was not found.`);
    const apps = signInContext['@odata.type'] === '#microsoft.graph.applicationContext' && Array.isArray(signInContext.includeApplications) ? (signInContext.includeApplications as unknown[]).filter((a): a is string => typeof a === 'string') : [];
    const text = (name: string): string | undefined => (typeof signInConditions[name] === 'string' ? (signInConditions[name] as string) : undefined);
    const details: SignInDetails = {
      userId,
      ipAddress: text('ipAddress'),
      clientAppType: text('clientAppType'),
      country: text('country'),
      devicePlatform: text('devicePlatform'),
      signInRiskLevel: text('signInRiskLevel'),
      userRiskLevel: text('userRiskLevel'),
    };
    // Several target apps: a policy applies when it applies to any of them.
    const evaluations = (apps.length > 0 ? apps : [undefined]).map((appId) => evaluateConditionalAccess(call.state, { ...details, appId }).evaluations);
    results = policies.map((policy, index) => {
      const perApp = evaluations.map((e) => e[index]).filter((e) => e !== undefined);
      const applying = perApp.find((e) => e.applies);
      const chosen = applying ?? perApp[0];
      return { ...policy, policyApplies: !!applying, analysisReasons: flagsValue(chosen?.analysisReasons ?? ['notEnoughInformation']) };
    });
  } else if (signInIdentity['@odata.type'] === '#microsoft.graph.servicePrincipalSignIn') {
    // Workload-identity policies are outside the sandbox's model: none of its policies target them.
    results = policies.map((policy) => ({ ...policy, policyApplies: false, analysisReasons: 'workloadIdentities' }));
  } else {
    throw GraphErrors.plainBadRequest("Invalid value for 'signInIdentity.@odata.type'.");
  }
  const value = body.appliedPoliciesOnly === true ? results.filter((r) => r.policyApplies === true) : results;
  return { status: 200, body: { '@odata.context': metadataUrl(call, 'Collection(microsoft.graph.whatIfAnalysisResult)'), value } };
}

/*
 * Permissions as Graph's tables list them: reading policies and named locations takes
 * Policy.Read.All; What If takes Policy.Read.ConditionalAccess (or Policy.Read.All, or
 * Policy.ReadWrite.ConditionalAccess); writes take Policy.Read.All AND
 * Policy.ReadWrite.ConditionalAccess. Delegated callers also need a role granting the action.
 */
const CA_READ_ACTION = 'microsoft.directory/conditionalAccessPolicies/standard/read';
const LOCATION_READ_ACTION = 'microsoft.directory/namedLocations/standard/read';
const POLICY_READ_ALL = { application: ['Policy.Read.All'], delegated: ['Policy.Read.All'] };
const readPolicies: PermissionRequirement = { ...POLICY_READ_ALL, userRoleActions: () => [CA_READ_ACTION] };
const readLocations: PermissionRequirement = { ...POLICY_READ_ALL, userRoleActions: () => [LOCATION_READ_ACTION] };
const whatIf: PermissionRequirement = { ...Permissions.readConditionalAccess, userRoleActions: () => [CA_READ_ACTION] };
const writePolicies = (action: string): PermissionRequirement => ({ ...Permissions.writeConditionalAccess, userRoleActions: () => [`microsoft.directory/conditionalAccessPolicies/${action}`] });
const writeLocations = (action: string): PermissionRequirement => ({ ...Permissions.writeConditionalAccess, userRoleActions: () => [`microsoft.directory/namedLocations/${action}`] });

/** A write's handler, run only when the caller also holds Policy.Read.All (the second half of "A and B"). */
function alsoReadingPolicies(handle: (call: GraphCall) => GraphResult): (call: GraphCall) => GraphResult {
  return (call) => {
    const denied = checkRoutePermissions(call, POLICY_READ_ALL);
    if (denied) throw denied;
    return handle(call);
  };
}

function deletePolicy(call: GraphCall): GraphResult {
  const policy = requirePolicy(call);
  call.state.conditionalAccessPolicies = call.state.conditionalAccessPolicies.filter((p) => p !== policy);
  return { status: 204, mutated: true };
}

export const conditionalAccessRoutes: GraphRoute[] = [
  {
    method: 'GET',
    path: '/identity/conditionalAccess/policies',
    permissions: readPolicies,
    handle: (call) =>
      collectionResponse({
        call, items: call.state.conditionalAccessPolicies, contextFragment: POLICIES, typeName: POLICY_TYPE, selectable: POLICY_PROPERTIES,
        serialize: (p, select) => (select ? Object.fromEntries(select.map((s) => [s, (p as unknown as Record<string, unknown>)[s] ?? null])) : { ...p }),
        filterSchema: NAME_FILTER, countNeedsEventual: false,
      }),
  },
  { method: 'POST', path: '/identity/conditionalAccess/policies', body: POLICY_BODY, permissions: writePolicies('create'), handle: alsoReadingPolicies(createPolicy) },
  {
    method: 'GET',
    path: '/identity/conditionalAccess/policies/{conditionalAccessPolicy-id}',
    permissions: readPolicies,
    handle: (call) => entityResponse(call, POLICIES, { ...requirePolicy(call) }),
  },
  { method: 'PATCH', path: '/identity/conditionalAccess/policies/{conditionalAccessPolicy-id}', body: POLICY_BODY, permissions: writePolicies('basic/update'), handle: alsoReadingPolicies(updatePolicy) },
  {
    method: 'DELETE',
    path: '/identity/conditionalAccess/policies/{conditionalAccessPolicy-id}',
    permissions: writePolicies('delete'),
    handle: alsoReadingPolicies(deletePolicy),
  },
  {
    method: 'GET',
    path: '/identity/conditionalAccess/namedLocations',
    permissions: readLocations,
    handle: (call) =>
      collectionResponse({
        call, items: call.state.namedLocations, contextFragment: LOCATIONS, typeName: LOCATION_TYPE, selectable: LOCATION_PROPERTIES,
        serialize: (l, select) => (select ? { '@odata.type': l['@odata.type'], ...Object.fromEntries(select.map((s) => [s, (l as unknown as Record<string, unknown>)[s] ?? null])) } : { ...l }),
        filterSchema: NAME_FILTER, countNeedsEventual: false,
      }),
  },
  { method: 'POST', path: '/identity/conditionalAccess/namedLocations', body: LOCATION_BODY, permissions: writeLocations('create'), handle: alsoReadingPolicies(createLocation) },
  {
    method: 'GET',
    path: '/identity/conditionalAccess/namedLocations/{namedLocation-id}',
    permissions: readLocations,
    handle: (call) => entityResponse(call, LOCATIONS, { ...requireLocation(call) }),
  },
  { method: 'PATCH', path: '/identity/conditionalAccess/namedLocations/{namedLocation-id}', body: LOCATION_BODY, permissions: writeLocations('basic/update'), handle: alsoReadingPolicies(updateLocation) },
  { method: 'DELETE', path: '/identity/conditionalAccess/namedLocations/{namedLocation-id}', permissions: writeLocations('delete'), handle: alsoReadingPolicies(deleteLocation) },
  { method: 'POST', path: '/identity/conditionalAccess/evaluate', body: EVALUATE_BODY, permissions: whatIf, handle: evaluate },
];

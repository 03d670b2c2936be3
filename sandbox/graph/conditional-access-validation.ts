/**
 * Validation and normalization of conditional-access policies and named locations, so a policy
 * written through Graph is one the evaluator (and the token endpoint) understands. The CA
 * service answers with the plain OData code "BadRequest", unlike the directory's Request_*.
 */
import { randomUUID } from 'node:crypto';
import { isValidCidr, parseIpAddress } from '../directory/ip-address';
import { findGroup, findRoleDefinition, findUser, type ConditionalAccessPolicy, type DirectoryState, type IpRange, type NamedLocation } from '../directory/model';
import { GraphErrors } from './errors';
import { isObject, type JsonObject } from './request-body';

const STATES = ['enabled', 'disabled', 'enabledForReportingButNotEnforced'];
const CONTROLS = ['block', 'mfa', 'compliantDevice', 'domainJoinedDevice', 'approvedApplication', 'compliantApplication', 'passwordChange', 'unknownFutureValue'];
const CLIENT_APPS = ['all', 'browser', 'mobileAppsAndDesktopClients', 'exchangeActiveSync', 'easSupported', 'other'];

const invalid = (path: string, detail = ''): Error => GraphErrors.plainBadRequest(`Invalid value for '${path}'${detail ? `: ${detail}` : ''}.`);

function stringList(value: unknown, path: string): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) throw invalid(path);
  return value as string[];
}

function checkEach(values: string[], path: string, ok: (value: string) => boolean): void {
  const bad = values.find((v) => !ok(v));
  if (bad !== undefined) throw invalid(path, `'${bad}' is not a valid value`);
}

/** A complete, validated policy from a POST body or from a stored policy merged with a PATCH. */
export function normalizePolicy(state: DirectoryState, input: JsonObject, base: { id: string; createdDateTime: string }, now: Date): ConditionalAccessPolicy {
  if (typeof input.displayName !== 'string' || input.displayName.trim() === '') throw invalid('displayName');
  if (typeof input.state !== 'string' || !STATES.includes(input.state)) throw invalid('state');
  const conditions = input.conditions;
  if (!isObject(conditions)) throw invalid('conditions');
  const users = conditions.users;
  if (!isObject(users)) throw invalid('conditions.users');
  const apps = conditions.applications;
  if (!isObject(apps)) throw invalid('conditions.applications');

  const u = {
    includeUsers: stringList(users.includeUsers, 'conditions.users.includeUsers'),
    excludeUsers: stringList(users.excludeUsers, 'conditions.users.excludeUsers'),
    includeGroups: stringList(users.includeGroups, 'conditions.users.includeGroups'),
    excludeGroups: stringList(users.excludeGroups, 'conditions.users.excludeGroups'),
    includeRoles: stringList(users.includeRoles, 'conditions.users.includeRoles'),
    excludeRoles: stringList(users.excludeRoles, 'conditions.users.excludeRoles'),
    includeGuestsOrExternalUsers: isObject(users.includeGuestsOrExternalUsers) ? users.includeGuestsOrExternalUsers : null,
    excludeGuestsOrExternalUsers: isObject(users.excludeGuestsOrExternalUsers) ? users.excludeGuestsOrExternalUsers : null,
  };
  if (u.includeUsers.length + u.includeGroups.length + u.includeRoles.length === 0 && !u.includeGuestsOrExternalUsers) {
    throw invalid('conditions.users', 'a policy must include users, groups or roles');
  }
  const specialUsers = ['all', 'none', 'guestsorexternalusers'];
  checkEach([...u.includeUsers, ...u.excludeUsers], 'conditions.users', (v) => specialUsers.includes(v.toLowerCase()) || !!findUser(state, v));
  checkEach([...u.includeGroups, ...u.excludeGroups], 'conditions.users.groups', (v) => !!findGroup(state, v));
  checkEach([...u.includeRoles, ...u.excludeRoles], 'conditions.users.roles', (v) => !!findRoleDefinition(state, v));

  const includeApplications = stringList(apps.includeApplications, 'conditions.applications.includeApplications');
  const a = {
    includeApplications,
    excludeApplications: stringList(apps.excludeApplications, 'conditions.applications.excludeApplications'),
    includeUserActions: stringList(apps.includeUserActions, 'conditions.applications.includeUserActions'),
    includeAuthenticationContextClassReferences: stringList(apps.includeAuthenticationContextClassReferences, 'conditions.applications.includeAuthenticationContextClassReferences'),
  };
  if (a.includeApplications.length + a.includeUserActions.length + a.includeAuthenticationContextClassReferences.length === 0) {
    throw invalid('conditions.applications', 'a policy must include applications, user actions or authentication contexts');
  }

  const clientAppTypes = conditions.clientAppTypes === undefined ? ['all'] : stringList(conditions.clientAppTypes, 'conditions.clientAppTypes');
  checkEach(clientAppTypes, 'conditions.clientAppTypes', (v) => CLIENT_APPS.includes(v));

  let locations: ConditionalAccessPolicy['conditions']['locations'] = null;
  if (isObject(conditions.locations)) {
    locations = {
      includeLocations: stringList(conditions.locations.includeLocations, 'conditions.locations.includeLocations'),
      excludeLocations: stringList(conditions.locations.excludeLocations, 'conditions.locations.excludeLocations'),
    };
    const known = (v: string): boolean => ['all', 'alltrusted'].includes(v.toLowerCase()) || state.namedLocations.some((l) => l.id.toLowerCase() === v.toLowerCase());
    checkEach([...locations.includeLocations, ...locations.excludeLocations], 'conditions.locations', known);
  }
  const platforms = isObject(conditions.platforms)
    ? { includePlatforms: stringList(conditions.platforms.includePlatforms, 'conditions.platforms.includePlatforms'), excludePlatforms: stringList(conditions.platforms.excludePlatforms, 'conditions.platforms.excludePlatforms') }
    : null;

  const grant = input.grantControls;
  let grantControls: ConditionalAccessPolicy['grantControls'] = null;
  if (isObject(grant)) {
    const builtInControls = stringList(grant.builtInControls, 'grantControls.builtInControls');
    checkEach(builtInControls, 'grantControls.builtInControls', (v) => CONTROLS.includes(v));
    const operator = typeof grant.operator === 'string' ? grant.operator.toUpperCase() : 'OR';
    if (!['AND', 'OR'].includes(operator)) throw invalid('grantControls.operator');
    if (builtInControls.includes('block') && builtInControls.length > 1) throw invalid('grantControls.builtInControls', "'block' cannot be combined with other controls");
    grantControls = {
      operator,
      builtInControls,
      customAuthenticationFactors: stringList(grant.customAuthenticationFactors, 'grantControls.customAuthenticationFactors'),
      termsOfUse: stringList(grant.termsOfUse, 'grantControls.termsOfUse'),
    };
  }
  const sessionControls = isObject(input.sessionControls) ? input.sessionControls : null;
  if (!grantControls && !sessionControls) throw invalid('grantControls', 'a policy needs grant controls or session controls');

  return {
    id: base.id,
    templateId: typeof input.templateId === 'string' ? input.templateId : null,
    displayName: input.displayName,
    description: typeof input.description === 'string' ? input.description : null,
    createdDateTime: base.createdDateTime,
    modifiedDateTime: now.toISOString(),
    state: input.state as ConditionalAccessPolicy['state'],
    conditions: {
      users: u,
      applications: a,
      clientAppTypes,
      locations,
      platforms,
      signInRiskLevels: stringList(conditions.signInRiskLevels, 'conditions.signInRiskLevels'),
      userRiskLevels: stringList(conditions.userRiskLevels, 'conditions.userRiskLevels'),
      servicePrincipalRiskLevels: stringList(conditions.servicePrincipalRiskLevels, 'conditions.servicePrincipalRiskLevels'),
      clientApplications: isObject(conditions.clientApplications) ? conditions.clientApplications : null,
      devices: isObject(conditions.devices) ? conditions.devices : null,
    },
    grantControls,
    sessionControls,
  };
}

/** A PATCH replaces the top-level properties it names; `conditions` merges per condition. */
export function mergePolicyPatch(existing: ConditionalAccessPolicy, patch: JsonObject): JsonObject {
  const merged: JsonObject = { ...(existing as unknown as JsonObject) };
  for (const [name, value] of Object.entries(patch)) {
    if (name.startsWith('@odata.')) continue;
    merged[name] = name === 'conditions' && isObject(value) ? { ...(existing.conditions as unknown as JsonObject), ...value } : value;
  }
  return merged;
}

function normalizeRange(range: unknown, index: number): IpRange {
  const path = `ipRanges[${index}]`;
  if (!isObject(range)) throw invalid(path);
  switch (range['@odata.type']) {
    case '#microsoft.graph.iPv4CidrRange':
      if (typeof range.cidrAddress !== 'string' || !isValidCidr(range.cidrAddress, 4)) throw invalid(`${path}.cidrAddress`);
      return { '@odata.type': '#microsoft.graph.iPv4CidrRange', cidrAddress: range.cidrAddress };
    case '#microsoft.graph.iPv6CidrRange':
      if (typeof range.cidrAddress !== 'string' || !isValidCidr(range.cidrAddress, 6)) throw invalid(`${path}.cidrAddress`);
      return { '@odata.type': '#microsoft.graph.iPv6CidrRange', cidrAddress: range.cidrAddress };
    case '#microsoft.graph.iPv4Range': {
      const lower = typeof range.lowerAddress === 'string' ? parseIpAddress(range.lowerAddress) : undefined;
      const upper = typeof range.upperAddress === 'string' ? parseIpAddress(range.upperAddress) : undefined;
      if (lower?.version !== 4 || upper?.version !== 4 || lower.value > upper.value) throw invalid(path);
      return { '@odata.type': '#microsoft.graph.iPv4Range', lowerAddress: range.lowerAddress as string, upperAddress: range.upperAddress as string };
    }
    default:
      throw invalid(`${path}.@odata.type`);
  }
}

/** A named location from a POST body, or a stored one merged with a PATCH (which must repeat @odata.type). */
export function normalizeNamedLocation(input: JsonObject, base: { id?: string; createdDateTime?: string }, now: Date): NamedLocation {
  if (typeof input.displayName !== 'string' || input.displayName.trim() === '') throw invalid('displayName');
  const stamp = now.toISOString();
  const common = { id: base.id ?? randomUUID(), displayName: input.displayName, createdDateTime: base.createdDateTime ?? stamp, modifiedDateTime: stamp };
  if (input['@odata.type'] === '#microsoft.graph.ipNamedLocation') {
    if (!Array.isArray(input.ipRanges) || input.ipRanges.length === 0) throw invalid('ipRanges');
    if (input.isTrusted !== undefined && typeof input.isTrusted !== 'boolean') throw invalid('isTrusted');
    return { '@odata.type': '#microsoft.graph.ipNamedLocation', ...common, isTrusted: input.isTrusted === true, ipRanges: input.ipRanges.map(normalizeRange) };
  }
  if (input['@odata.type'] === '#microsoft.graph.countryNamedLocation') {
    const countries = stringList(input.countriesAndRegions, 'countriesAndRegions');
    if (countries.length === 0) throw invalid('countriesAndRegions');
    return {
      '@odata.type': '#microsoft.graph.countryNamedLocation',
      ...common,
      countriesAndRegions: countries,
      includeUnknownCountriesAndRegions: input.includeUnknownCountriesAndRegions === true,
      countryLookupMethod: typeof input.countryLookupMethod === 'string' ? input.countryLookupMethod : 'clientIpAddress',
    };
  }
  throw invalid('@odata.type', 'expected #microsoft.graph.ipNamedLocation or #microsoft.graph.countryNamedLocation');
}

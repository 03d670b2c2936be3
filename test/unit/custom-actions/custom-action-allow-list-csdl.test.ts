/**
 * Issue 14: every request custom actions may make is checked against Microsoft's Graph v1.0
 * metadata (../shared/specs/graph-v1.0.csdl.xml): the path resolves from the users or groups
 * entity set through a key, the method fits what the path leads to (and no Capabilities
 * annotation forbids it), and every body property the allow-list names exists on its type.
 */
import { readFileSync } from 'node:fs';
import { isSecretKey } from '../../../services/audit/secret-scrubber';
import { ALLOWED_REQUESTS, describeAllowedRequest, type AllowedRequest } from '../../../services/custom-actions/custom-action-allow-list';
import { validateCustomActionDefinition } from '../../../services/custom-actions/custom-action-parser';
import { checkRequest, CsdlModel, GRAPH_CSDL_PATH, type PathTarget } from '../../support/csdl';

const model = CsdlModel.load();
const xml = readFileSync(GRAPH_CSDL_PATH, 'utf8');

const ENTITY_SET_OF_TARGET = { user: 'users', group: 'groups' } as const;
const TYPE_OF_TARGET = { user: 'microsoft.graph.user', group: 'microsoft.graph.group' } as const;

/** The Capabilities term that says whether a method is allowed, and its property. */
const RESTRICTION_OF_METHOD = {
  GET: ['ReadRestrictions', 'Readable'],
  PATCH: ['UpdateRestrictions', 'Updatable'],
  POST: ['InsertRestrictions', 'Insertable'],
  DELETE: ['DeleteRestrictions', 'Deletable'],
} as const;

/** Whether an `<Annotations Target="…">` block forbids the method outright (Capabilities …Restrictions with false). */
function annotationForbids(target: string, method: AllowedRequest['method']): boolean {
  const [term, property] = RESTRICTION_OF_METHOD[method];
  const start = xml.indexOf(`<Annotations Target="${target}">`);
  if (start < 0) return false;
  const block = xml.slice(start, xml.indexOf('</Annotations>', start));
  const annotation = new RegExp(`<Annotation Term="Org\\.OData\\.Capabilities\\.V1\\.${term}">[\\s\\S]*?</Annotation>`).exec(block)?.[0] ?? '';
  return new RegExp(`<PropertyValue Property="${property}" Bool="false" />`).test(annotation);
}

/** The annotation targets that speak for a path: the entity set, then each property or navigation followed. */
function annotationTargets(entry: AllowedRequest): string[] {
  const [set, , ...rest] = entry.path.split('/').filter(Boolean);
  const targets = [`microsoft.graph.GraphService/${set}`];
  let type: string = TYPE_OF_TARGET[entry.target];
  for (const segment of rest) {
    if (segment.startsWith('{') || segment.startsWith('$')) continue;
    const property = model.findProperty(type, segment);
    if (!property) break;
    targets.push(`${type}/${segment}`);
    type = property.type.replace(/^Collection\((.+)\)$/, '$1');
  }
  return targets;
}

/** Whether the method fits what the path leads to, the way Graph serves it. */
function methodFits(method: AllowedRequest['method'], target: PathTarget): string | undefined {
  const complexValue = target.kind === 'value' && model.types.get(target.type)?.kind === 'complex';
  switch (method) {
    case 'GET':
      return target.kind === 'collection' || target.kind === 'entity' || complexValue || (target.kind === 'operation' && target.operation.kind === 'function') ? undefined : `GET cannot read a ${target.kind}`;
    case 'PATCH':
      return target.kind === 'entity' || complexValue ? undefined : `PATCH needs an entity or a complex property, not a ${target.kind}`;
    case 'POST':
      if (target.kind === 'operation') return target.operation.kind === 'action' ? undefined : `${target.operation.name} is a function (GET), not an action`;
      return target.kind === 'ref' && target.collection ? undefined : `POST here needs a bound action or a collection's $ref, not a ${target.kind}`;
    case 'DELETE':
      return (target.kind === 'ref' && !target.collection) || target.kind === 'entity' ? undefined : `DELETE needs one entity or one member's $ref, not a ${target.kind}`;
  }
}

/** Every way one allow-list entry disagrees with the metadata; empty when it conforms. */
function problemsOf(entry: AllowedRequest): string[] {
  const where = describeAllowedRequest(entry);
  const [set, key] = entry.path.split('/').filter(Boolean);
  const problems: string[] = [];
  if (set !== ENTITY_SET_OF_TARGET[entry.target] || model.entitySets.get(set) !== TYPE_OF_TARGET[entry.target]) problems.push(`${where}: does not start at the ${entry.target} entity set`);
  if (key !== '{id}') problems.push(`${where}: the second segment is not the target's key {id}`);
  let target: PathTarget;
  try {
    target = model.resolvePath(entry.path);
  } catch (error) {
    return [...problems, `${where}: ${(error as Error).message}`];
  }
  const misfit = methodFits(entry.method, target);
  if (misfit) problems.push(`${where}: ${misfit}`);
  for (const annotationTarget of annotationTargets(entry)) {
    if (annotationForbids(annotationTarget, entry.method)) problems.push(`${where}: ${annotationTarget} is annotated as not allowing ${entry.method}`);
  }
  if (entry.body.kind === 'reference' && !(target.kind === 'ref' && target.collection && entry.method === 'POST')) problems.push(`${where}: a reference body needs POST to a collection's $ref`);
  if (entry.body.kind === 'none' && entry.method === 'PATCH') problems.push(`${where}: a PATCH needs body properties`);
  if (entry.body.kind === 'properties') {
    problems.push(...checkRequest(model, { method: entry.method, path: entry.path, bodyPaths: [...entry.body.properties] }));
    // Each listed path ends at a value, never at an object whose other properties would be left unchecked.
    for (const property of entry.body.properties) {
      let type = target.kind === 'value' ? target.type : target.kind === 'entity' ? target.type : '';
      for (const segment of property.split('/')) type = (model.findProperty(type.replace(/^Collection\((.+)\)$/, '$1'), segment)?.type ?? '');
      const element = type.replace(/^Collection\((.+)\)$/, '$1');
      if (model.types.get(element)) problems.push(`${where}: ${property} is a ${element}; list the properties of it a body may set instead`);
    }
  }
  return problems;
}

describe('the custom action allow-list against the Graph v1.0 metadata', () => {
  it.each(ALLOWED_REQUESTS.map((entry) => [describeAllowedRequest(entry), entry] as const))(
    'when %s is resolved, then the path, the method and every body property exist in Graph',
    (_name, entry) => {
      expect(problemsOf(entry)).toEqual([]);
    },
  );

  it('when an entry is made up or bent, then the checker fails it (so this test can fail)', () => {
    const base: AllowedRequest = { method: 'PATCH', path: '/users/{id}', target: 'user', summary: 'x', permission: 'x', body: { kind: 'properties', properties: ['department'] }, runChecks: [] };
    expect(problemsOf({ ...base, body: { kind: 'properties', properties: ['notAProperty'] } }).join()).toMatch(/notAProperty/);
    expect(problemsOf({ ...base, body: { kind: 'properties', properties: ['employeeOrgData'] } }).join()).toMatch(/employeeOrgData is a microsoft.graph.employeeOrgData/);
    expect(problemsOf({ ...base, path: '/users/{id}/madeUp' }).join()).toMatch(/madeUp/);
    expect(problemsOf({ ...base, method: 'GET', path: '/users/{id}/revokeSignInSessions', body: { kind: 'none' } }).join()).toMatch(/GET cannot read a operation/);
    expect(problemsOf({ ...base, method: 'PATCH', path: '/users/{id}/revokeSignInSessions' }).join()).toMatch(/PATCH needs an entity/);
    expect(problemsOf({ ...base, method: 'POST', path: '/groups/{id}/members/{memberId}/$ref', target: 'group', body: { kind: 'reference' } }).join()).toMatch(/POST here needs/);
    expect(problemsOf({ ...base, path: '/groups/{id}', target: 'user' }).join()).toMatch(/does not start at the user entity set/);
    // An annotation that forbids a method is read: group/acceptedSenders is annotated Updatable=false.
    expect(annotationForbids('microsoft.graph.group/acceptedSenders', 'PATCH')).toBe(true);
    expect(annotationForbids('microsoft.graph.group/acceptedSenders', 'GET')).toBe(false);
  });

  it('when the allow-list is read, then it stays conservative: no credential, role, owner, licence or delete-object request, and no secret-named property', () => {
    const forbidden = /password|authentication|roleManagement|appRoleAssignments|owners|credential|assignLicense|memberOf|transitiveMemberOf|servicePrincipal|application/i;
    expect(ALLOWED_REQUESTS.filter((entry) => forbidden.test(entry.path)).map(describeAllowedRequest)).toEqual([]);
    expect(ALLOWED_REQUESTS.filter((entry) => entry.method === 'DELETE' && !entry.path.endsWith('/$ref')).map(describeAllowedRequest)).toEqual([]);
    const properties = ALLOWED_REQUESTS.flatMap((entry) => (entry.body.kind === 'properties' ? entry.body.properties : []));
    expect(properties.filter((property) => property.split('/').some(isSecretKey))).toEqual([]);
    expect(properties.filter((property) => /^(accountEnabled|userPrincipalName|mail|mailNickname|otherMails|proxyAddresses|identities|passwordPolicies|passwordProfile|assignedLicenses|isAssignableToRole|securityEnabled|mailEnabled|membershipRule)$/.test(property.split('/')[0] as string))).toEqual([]);
    // Every entry that names a user besides the target asks the runner to check that user's scope too.
    expect(ALLOWED_REQUESTS.filter((entry) => (entry.body.kind === 'reference' || /\{(?!id\})\w+\}/.test(entry.path)) && !entry.runChecks.includes('userParameterInScope')).map(describeAllowedRequest)).toEqual([]);
    expect(ALLOWED_REQUESTS.filter((entry) => entry.target === 'group' && !entry.runChecks.includes('groupNotRoleAssignable')).map(describeAllowedRequest)).toEqual([]);
  });

  it('when a definition uses each entry, then the validator accepts it (the allow-list and the validator agree)', () => {
    const rejected = ALLOWED_REQUESTS.flatMap((entry) => {
      const slot = /\{(?!id\})(\w+)\}/.exec(entry.path)?.[1];
      const path = slot ? entry.path.replace(`{${slot}}`, '{{member}}') : entry.path;
      const usesMember = slot !== undefined || entry.body.kind === 'reference';
      const body =
        entry.body.kind === 'reference'
          ? { '@odata.id': 'https://graph.microsoft.com/v1.0/directoryObjects/{{member}}' }
          : entry.body.kind === 'properties'
            ? entry.body.properties.reduce<Record<string, unknown>>((out, property) => {
                const parts = property.split('/');
                let cursor = out;
                for (const part of parts.slice(0, -1)) cursor = (cursor[part] ??= {}) as Record<string, unknown>;
                cursor[parts[parts.length - 1] as string] = 'value';
                return out;
              }, {})
            : undefined;
      const result = validateCustomActionDefinition({
        name: 'every-entry',
        title: describeAllowedRequest(entry),
        target: entry.target,
        method: entry.method,
        path,
        ...(body ? { body } : {}),
        parameters: usesMember ? [{ name: 'member', type: 'user' }] : [],
        risk: 'low',
      });
      return result.ok ? [] : [`${describeAllowedRequest(entry)}: ${result.errors.map((e) => e.message).join(' ')}`];
    });
    expect(rejected).toEqual([]);
  });
});

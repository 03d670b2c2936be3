/**
 * The Graph routes called in-process (no HTTPS): wire shapes, OData rules, permissions and
 * directory semantics. The HTTPS + real-SDK path is covered by test/integration/graph-*.test.ts.
 */
import { checkUserPassword, findUser, revokeApplicationPermission, grantApplicationPermission } from '../../sandbox/directory/model';
import {
  ADMINISTRATIVE_UNITS,
  BOT_APP,
  CA_BLOCKED_ADMIN,
  GLOBAL_ADMIN,
  GROUPS,
  HELP_DESK_USERS,
  READ_ONLY_APP,
  ROLE_TEMPLATES,
  SECOND_GLOBAL_ADMIN,
  USER_ADMIN,
} from '../../sandbox/directory/seed/contoso-ids';
import { createInProcessGraph, type InProcessGraph, type InProcessResponse } from '../../sandbox/graph/in-process';

type Json = Record<string, any>;
const body = (r: InProcessResponse): Json => r.body as Json;
const errorCode = (r: InProcessResponse): string => body(r).error?.code;

const newUser = (upn: string, extra: Json = {}): Json => ({
  accountEnabled: true,
  displayName: 'Test User',
  mailNickname: upn.split('@')[0],
  userPrincipalName: upn,
  passwordProfile: { password: 'Sandbox-Test-Pass-1!', forceChangePasswordNextSignIn: false },
  ...extra,
});

describe('sandbox Graph routes', () => {
  let graph: InProcessGraph;
  let app: string;
  const get = (path: string, headers: Record<string, string> = {}, token = app) => graph.request('GET', path, { token, headers });
  const send = (method: string, path: string, payload?: unknown, token = app) => graph.request(method, path, { token, body: payload, headers: { 'content-type': 'application/json' } });

  beforeEach(() => {
    graph = createInProcessGraph();
    app = graph.appToken(BOT_APP.appId);
  });

  describe('authentication and errors', () => {
    it('when no token is sent, then 401 InvalidAuthenticationToken with a challenge', async () => {
      const r = await get('/v1.0/users', {}, '');
      expect(r.status).toBe(401);
      expect(errorCode(r)).toBe('InvalidAuthenticationToken');
      expect(r.headers['www-authenticate']).toMatch(/^Bearer /);
    });

    it('when an error is returned, then it has Graph’s shape with innerError ids and date', async () => {
      const r = await graph.request('GET', '/v1.0/users/00000000-0000-0000-0000-00000000abcd', { token: app, headers: { 'client-request-id': 'abc-123' } });
      expect(r.status).toBe(404);
      expect(body(r).error).toEqual({
        code: 'Request_ResourceNotFound',
        message: "Resource '00000000-0000-0000-0000-00000000abcd' does not exist or one of its queried reference-property objects are not present.",
        innerError: { date: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/), 'request-id': r.headers['request-id'], 'client-request-id': 'abc-123' },
      });
    });

    it('when a segment or method is unknown, then 400 BadRequest / 405', async () => {
      const unknown = await get('/v1.0/madeUpSet');
      expect([unknown.status, body(unknown).error.message]).toEqual([400, "Resource not found for the segment 'madeUpSet'."]);
      expect((await send('PUT', '/v1.0/users', {})).status).toBe(405);
    });

    it('when /me is called with an app-only token, then 400; with a user token, then the user', async () => {
      expect((await get('/v1.0/me')).status).toBe(400);
      const me = await get('/v1.0/me', {}, graph.userToken(GLOBAL_ADMIN.userPrincipalName, BOT_APP.appId));
      expect(body(me).id).toBe(GLOBAL_ADMIN.id);
    });
  });

  describe('/users queries', () => {
    it('when listing without $select, then only the default property set comes back, with @odata.context', async () => {
      const r = await get('/v1.0/users?$top=1');
      expect(body(r)['@odata.context']).toBe('https://graph.sandbox.test/v1.0/$metadata#users');
      expect(Object.keys(body(r).value[0]).sort()).toEqual(
        ['businessPhones', 'displayName', 'givenName', 'id', 'jobTitle', 'mail', 'mobilePhone', 'officeLocation', 'preferredLanguage', 'surname', 'userPrincipalName'].sort(),
      );
    });

    it('when selecting, then exactly those properties come back and the context names them', async () => {
      const r = await get(`/v1.0/users/${GLOBAL_ADMIN.id}?$select=id,accountEnabled,department`);
      expect(body(r)).toEqual({ '@odata.context': 'https://graph.sandbox.test/v1.0/$metadata#users(id,accountEnabled,department)/$entity', id: GLOBAL_ADMIN.id, accountEnabled: true, department: 'IT' });
      expect(errorCode(await get('/v1.0/users?$select=notAProperty'))).toBe('Request_BadRequest');
    });

    it('when paging with $top, then following nextLink returns every user exactly once', async () => {
      const seen: string[] = [];
      let next: string | undefined = '/v1.0/users?$top=10&$select=id';
      let pages = 0;
      while (next) {
        const r = await get(next.replace('https://graph.sandbox.test', ''));
        seen.push(...body(r).value.map((u: Json) => u.id));
        next = body(r)['@odata.nextLink'];
        pages += 1;
      }
      expect(seen).toHaveLength(graph.directory().users.length);
      expect(new Set(seen).size).toBe(seen.length);
      expect(pages).toBe(Math.ceil(seen.length / 10));
    });

    it('when $count is asked, then ConsistencyLevel: eventual is required', async () => {
      expect(errorCode(await get('/v1.0/users?$count=true'))).toBe('Request_BadRequest');
      const counted = await get("/v1.0/users?$count=true&$filter=department eq 'Finance'&$top=2", { ConsistencyLevel: 'eventual' });
      expect(body(counted)['@odata.count']).toBe(9);
      expect(body(counted).value).toHaveLength(2);
      const bare = await get('/v1.0/users/$count', { ConsistencyLevel: 'eventual' });
      expect(bare.body).toBe(String(graph.directory().users.length));
    });

    it('when a user is addressed by UPN, then it resolves like the id', async () => {
      expect(body(await get(`/v1.0/users/${SECOND_GLOBAL_ADMIN.userPrincipalName}`)).id).toBe(SECOND_GLOBAL_ADMIN.id);
    });
  });

  describe('/users writes', () => {
    it('when a valid user is posted, then 201 and the password works at the directory', async () => {
      const r = await send('POST', '/v1.0/users', newUser('new.person@contoso.test', { usageLocation: 'US' }));
      expect(r.status).toBe(201);
      expect(body(r)['@odata.context']).toMatch(/#users\/\$entity$/);
      const user = findUser(graph.directory(), 'new.person@contoso.test');
      expect(user && checkUserPassword(user, 'Sandbox-Test-Pass-1!')).toBe(true);
      expect(graph.persistCount()).toBe(1);
    });

    it.each([
      ['a missing required property', { ...newUser('a@contoso.test'), displayName: undefined }, "Invalid value specified for property 'displayName' of resource 'User'."],
      ['an unverified domain', newUser('a@fabrikam.test'), 'The domain portion of the userPrincipalName property is invalid. You must use one of the verified domain names in your organization.'],
      ['a duplicate UPN', newUser(GLOBAL_ADMIN.userPrincipalName), 'Another object with the same value for property userPrincipalName already exists.'],
      ['a weak password', newUser('b@contoso.test', { passwordProfile: { password: 'short' } }), 'The specified password does not comply with password complexity requirements. Please provide a different password.'],
    ])('when posting %s, then 400 Request_BadRequest with Graph’s message', async (_case, payload, message) => {
      const r = await send('POST', '/v1.0/users', JSON.parse(JSON.stringify(payload)));
      expect([r.status, body(r).error.code, body(r).error.message]).toEqual([400, 'Request_BadRequest', message]);
    });

    it('when a body names a property the type lacks, then it is refused', async () => {
      const r = await send('POST', '/v1.0/users', newUser('c@contoso.test', { favouriteColour: 'blue' }));
      expect(body(r).error.message).toContain("The property 'favouriteColour' does not exist on type 'microsoft.graph.user'");
    });

    it('when the password is patched, then the old one fails and the new one works at once', async () => {
      const r = await send('PATCH', `/v1.0/users/${GLOBAL_ADMIN.id}`, { passwordProfile: { password: 'Rotated-Pass-2025!', forceChangePasswordNextSignIn: false } });
      expect(r.status).toBe(204);
      const user = findUser(graph.directory(), GLOBAL_ADMIN.id)!;
      expect(checkUserPassword(user, GLOBAL_ADMIN.password)).toBe(false);
      expect(checkUserPassword(user, 'Rotated-Pass-2025!')).toBe(true);
    });

    it('when a user is deleted, then it is gone from memberships and role assignments too', async () => {
      expect((await send('DELETE', `/v1.0/users/${SECOND_GLOBAL_ADMIN.id}`)).status).toBe(204);
      expect((await get(`/v1.0/users/${SECOND_GLOBAL_ADMIN.id}`)).status).toBe(404);
      const d = graph.directory();
      expect(d.groups.some((g) => g.members.includes(SECOND_GLOBAL_ADMIN.id))).toBe(false);
      expect(d.roleAssignments.some((a) => a.principalId === SECOND_GLOBAL_ADMIN.id)).toBe(false);
    });

    it('when revokeSignInSessions is posted, then it answers { value: true } and moves the sessions cut-off', async () => {
      const r = await send('POST', `/v1.0/users/${HELP_DESK_USERS[0]!.id}/revokeSignInSessions`);
      expect(body(r).value).toBe(true);
      expect((findUser(graph.directory(), HELP_DESK_USERS[0]!.id)?.signInSessionsValidFromDateTime ?? "") > '2025-06-01').toBe(true);
    });

    it('when a licence is assigned, then the user has it and the SKU counts it', async () => {
      const skuId = '84a661c4-e949-4bd2-a560-ed7766fcaf2b';
      const before = graph.directory().subscribedSkus.find((s) => s.skuId === skuId)!.consumedUnits;
      const r = await send('POST', `/v1.0/users/${HELP_DESK_USERS[1]!.id}/assignLicense`, { addLicenses: [{ skuId, disabledPlans: [] }], removeLicenses: [] });
      expect(r.status).toBe(200);
      expect(findUser(graph.directory(), HELP_DESK_USERS[1]!.id)?.assignedLicenses.map((l) => l.skuId)).toContain(skuId);
      expect(graph.directory().subscribedSkus.find((s) => s.skuId === skuId)!.consumedUnits).toBe(before + 1);
    });
  });

  describe('permissions', () => {
    it('when the bot app loses User.ReadWrite.All, then creating a user is a real 403', async () => {
      revokeApplicationPermission(graph.directory(), BOT_APP.appId, 'User.ReadWrite.All');
      const r = await send('POST', '/v1.0/users', newUser('d@contoso.test'), graph.appToken(BOT_APP.appId));
      expect([r.status, body(r).error.code, body(r).error.message]).toEqual([403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.']);
    });

    it('when an app has only User.Read.All, then it reads users but may not list role assignments', async () => {
      const reader = graph.appToken(READ_ONLY_APP.appId);
      expect((await get('/v1.0/users?$top=1', {}, reader)).status).toBe(200);
      expect((await get('/v1.0/roleManagement/directory/roleAssignments', {}, reader)).status).toBe(403);
    });

    it('when a delegated caller lacks a directory role, then writes are refused even with the scope', async () => {
      const helpDesk = graph.userToken(HELP_DESK_USERS[0]!.id, BOT_APP.appId);
      expect((await send('POST', '/v1.0/users', newUser('e@contoso.test'), helpDesk)).status).toBe(403);
      expect((await get('/v1.0/users?$top=1', {}, helpDesk)).status).toBe(200);
      const admin = graph.userToken(GLOBAL_ADMIN.id, BOT_APP.appId);
      expect((await send('POST', '/v1.0/users', newUser('e@contoso.test'), admin)).status).toBe(201);
    });

    it('when a User Administrator resets a Global Admin’s password, then it is refused (sensitive action); the bot app with Privileged Authentication Administrator may', async () => {
      const patch = { passwordProfile: { password: 'Another-Pass-2025!', forceChangePasswordNextSignIn: false } };
      expect((await send('PATCH', `/v1.0/users/${SECOND_GLOBAL_ADMIN.id}`, patch, graph.userToken(USER_ADMIN.id, BOT_APP.appId))).status).toBe(403);
      expect((await send('PATCH', `/v1.0/users/${HELP_DESK_USERS[2]!.id}`, patch, graph.userToken(USER_ADMIN.id, BOT_APP.appId))).status).toBe(204);
      expect((await send('PATCH', `/v1.0/users/${SECOND_GLOBAL_ADMIN.id}`, patch)).status).toBe(204);
      graph.directory().roleAssignments = graph.directory().roleAssignments.filter((a) => a.principalId !== BOT_APP.servicePrincipalId);
      expect((await send('PATCH', `/v1.0/users/${SECOND_GLOBAL_ADMIN.id}`, patch)).status).toBe(403);
    });
  });

  describe('memberships', () => {
    it('when reading transitiveMemberOf, then nested groups and directory roles come with @odata.type', async () => {
      const r = await get(`/v1.0/users/${GLOBAL_ADMIN.id}/transitiveMemberOf`);
      const items: Json[] = body(r).value;
      expect(items.filter((i) => i['@odata.type'] === '#microsoft.graph.group').map((i) => i.id)).toEqual(expect.arrayContaining([GROUPS.itAdmins, GROUPS.allStaff]));
      expect(items.find((i) => i['@odata.type'] === '#microsoft.graph.directoryRole')?.roleTemplateId).toBe(ROLE_TEMPLATES.globalAdministrator);
      const direct: Json[] = body(await get(`/v1.0/users/${GLOBAL_ADMIN.id}/memberOf`)).value;
      expect(direct.map((i) => i.id)).not.toContain(GROUPS.allStaff);
    });

    it('when members are added and removed through $ref, then membership follows and duplicates are refused', async () => {
      grantApplicationPermission(graph.directory(), BOT_APP.appId, 'GroupMember.ReadWrite.All');
      const token = graph.appToken(BOT_APP.appId);
      const ref = { '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${HELP_DESK_USERS[0]!.id}` };
      expect((await send('POST', `/v1.0/groups/${GROUPS.finance}/members/$ref`, ref, token)).status).toBe(204);
      expect(body(await send('POST', `/v1.0/groups/${GROUPS.finance}/members/$ref`, ref, token)).error.message).toContain('already exist');
      const members: Json[] = body(await get(`/v1.0/groups/${GROUPS.finance}/members`)).value;
      expect(members.map((m) => m.id)).toContain(HELP_DESK_USERS[0]!.id);
      expect((await send('DELETE', `/v1.0/groups/${GROUPS.finance}/members/${HELP_DESK_USERS[0]!.id}/$ref`, undefined, token)).status).toBe(204);
      expect((await send('DELETE', `/v1.0/groups/${GROUPS.finance}/members/${HELP_DESK_USERS[0]!.id}/$ref`, undefined, token)).status).toBe(404);
    });

    it('when the bot app (no GroupMember.ReadWrite.All) adds a member, then 403', async () => {
      const ref = { '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${HELP_DESK_USERS[0]!.id}` };
      expect((await send('POST', `/v1.0/groups/${GROUPS.finance}/members/$ref`, ref)).status).toBe(403);
    });

    it('when reading an administrative unit’s members, then its users come back', async () => {
      const r = await get(`/v1.0/directory/administrativeUnits/${ADMINISTRATIVE_UNITS.sales}/members?$select=id,department`);
      expect(body(r).value.length).toBeGreaterThan(5);
      expect(body(r).value.every((m: Json) => m.department === 'Sales')).toBe(true);
    });
  });

  describe('role management', () => {
    it('when a role is assigned, listed by principal, duplicated and removed, then each step answers as Graph', async () => {
      const payload = { '@odata.type': '#microsoft.graph.unifiedRoleAssignment', principalId: HELP_DESK_USERS[3]!.id, roleDefinitionId: ROLE_TEMPLATES.helpdeskAdministrator, directoryScopeId: '/' };
      const created = await send('POST', '/v1.0/roleManagement/directory/roleAssignments', payload);
      expect(created.status).toBe(201);
      const id = body(created).id as string;
      const listed = await get(`/v1.0/roleManagement/directory/roleAssignments?$filter=principalId eq '${HELP_DESK_USERS[3]!.id}'`);
      expect(body(listed).value.map((a: Json) => a.id)).toEqual([id]);
      expect(body(await send('POST', '/v1.0/roleManagement/directory/roleAssignments', payload)).error.code).toBe('Request_BadRequest');
      expect((await send('DELETE', `/v1.0/roleManagement/directory/roleAssignments/${id}`)).status).toBe(204);
      expect((await send('DELETE', `/v1.0/roleManagement/directory/roleAssignments/${id}`)).status).toBe(404);
    });

    it('when the bot app lacks RoleManagement.ReadWrite.Directory, then assigning a role is 403', async () => {
      revokeApplicationPermission(graph.directory(), BOT_APP.appId, 'RoleManagement.ReadWrite.Directory');
      const payload = { principalId: HELP_DESK_USERS[3]!.id, roleDefinitionId: ROLE_TEMPLATES.globalAdministrator, directoryScopeId: '/' };
      expect((await send('POST', '/v1.0/roleManagement/directory/roleAssignments', payload, graph.appToken(BOT_APP.appId))).status).toBe(403);
    });
  });

  describe('conditional access', () => {
    it('when an allowed-IP location and a report-only policy are created, then What If reports it and deleting the location in use fails', async () => {
      const location = await send('POST', '/v1.0/identity/conditionalAccess/namedLocations', {
        '@odata.type': '#microsoft.graph.ipNamedLocation',
        displayName: 'Management allowed IPs',
        isTrusted: true,
        ipRanges: [{ '@odata.type': '#microsoft.graph.iPv4CidrRange', cidrAddress: '192.0.2.0/24' }],
      });
      expect(location.status).toBe(201);
      const locationId = body(location).id as string;
      const policy = await send('POST', '/v1.0/identity/conditionalAccess/policies', {
        displayName: 'MFA for the management account outside allowed IPs',
        state: 'enabledForReportingButNotEnforced',
        conditions: {
          users: { includeUsers: [HELP_DESK_USERS[4]!.id] },
          applications: { includeApplications: ['All'] },
          clientAppTypes: ['all'],
          locations: { includeLocations: ['All'], excludeLocations: [locationId] },
        },
        grantControls: { operator: 'OR', builtInControls: ['mfa'] },
      });
      expect(policy.status).toBe(201);
      const whatIf = await send('POST', '/v1.0/identity/conditionalAccess/evaluate', {
        signInIdentity: { '@odata.type': '#microsoft.graph.userSignIn', userId: HELP_DESK_USERS[4]!.id },
        signInContext: { '@odata.type': '#microsoft.graph.applicationContext', includeApplications: ['00000003-0000-0000-c000-000000000000'] },
        signInConditions: { ipAddress: '198.51.100.1' },
        appliedPoliciesOnly: true,
      });
      expect(body(whatIf).value.map((p: Json) => [p.displayName, p.policyApplies, p.analysisReasons])).toContainEqual(['MFA for the management account outside allowed IPs', true, 'notSet']);
      expect((await send('DELETE', `/v1.0/identity/conditionalAccess/namedLocations/${locationId}`)).status).toBe(400);
      expect((await send('PATCH', `/v1.0/identity/conditionalAccess/policies/${body(policy).id}`, { state: 'enabled' })).status).toBe(204);
      expect((await send('DELETE', `/v1.0/identity/conditionalAccess/policies/${body(policy).id}`)).status).toBe(204);
      expect((await send('DELETE', `/v1.0/identity/conditionalAccess/namedLocations/${locationId}`)).status).toBe(204);
    });

    it('when What If evaluates the restricted admin from loopback, then the blocking policy applies and others say why not', async () => {
      const r = await send('POST', '/v1.0/identity/conditionalAccess/evaluate', {
        signInIdentity: { '@odata.type': '#microsoft.graph.userSignIn', userId: CA_BLOCKED_ADMIN.id },
        signInContext: { '@odata.type': '#microsoft.graph.applicationContext', includeApplications: ['00000003-0000-0000-c000-000000000000'] },
        signInConditions: { ipAddress: '127.0.0.1', clientAppType: 'mobileAppsAndDesktopClients' },
      });
      const results = body(r).value.map((p: Json) => [p.displayName, p.policyApplies, p.analysisReasons]);
      expect(results).toEqual(
        expect.arrayContaining([
          ['Block restricted admins outside Contoso HQ', true, 'notSet'],
          ['Require MFA for administrators', false, 'location'],
        ]),
      );
      expect(body(r)['@odata.context']).toMatch(/Collection\(microsoft\.graph\.whatIfAnalysisResult\)$/);
    });

    it('when a policy references an unknown location, then the CA service refuses it', async () => {
      const r = await send('POST', '/v1.0/identity/conditionalAccess/policies', {
        displayName: 'bad', state: 'enabled',
        conditions: { users: { includeUsers: ['All'] }, applications: { includeApplications: ['All'] }, locations: { includeLocations: ['11111111-2222-3333-4444-555555555555'] } },
        grantControls: { operator: 'OR', builtInControls: ['block'] },
      });
      expect([r.status, errorCode(r)]).toEqual([400, 'BadRequest']);
    });
  });

  describe('$batch', () => {
    it('when more than 20 requests are sent, then the whole batch is refused', async () => {
      const requests = Array.from({ length: 21 }, (_, i) => ({ id: String(i + 1), method: 'GET', url: '/organization' }));
      expect((await send('POST', '/v1.0/$batch', { requests })).status).toBe(400);
    });

    it('when an item fails, then its dependants get 424 and independent items still succeed', async () => {
      const r = await send('POST', '/v1.0/$batch', {
        requests: [
          { id: '1', method: 'GET', url: '/users/00000000-0000-0000-0000-000000000000' },
          { id: '2', method: 'GET', url: '/organization', dependsOn: ['1'] },
          { id: '3', method: 'GET', url: '/domains' },
        ],
      });
      const statuses = body(r).responses.map((x: Json) => [x.id, x.status]);
      expect(statuses).toEqual([['1', 404], ['2', 424], ['3', 200]]);
      expect(Object.keys(body(r).responses[2].headers)).toEqual(['Content-Type']);
    });

    it('when a fault throttles one item’s path, then that item is 429 with Retry-After and the rest succeed', async () => {
      graph.faults.configure({ throttle: [{ match: { pathPrefix: '/v1.0/domains' }, retryAfterInSeconds: 7, nextRequests: 1 }] });
      const r = await send('POST', '/v1.0/$batch', { requests: [{ id: 'a', method: 'GET', url: '/domains' }, { id: 'b', method: 'GET', url: '/organization' }] });
      const [a, b] = body(r).responses as Json[];
      expect([a!.status, a!.headers['Retry-After'], a!.body.error.code]).toEqual([429, '7', 'TooManyRequests']);
      expect(b!.status).toBe(200);
    });

    it('when an item is a write without a Content-Type, then the batch is refused', async () => {
      const r = await send('POST', '/v1.0/$batch', { requests: [{ id: '1', method: 'POST', url: '/users', body: newUser('x@contoso.test') }] });
      expect(r.status).toBe(400);
    });

    it('when an item lacks permission, then only that item is 403', async () => {
      const r = await send('POST', '/v1.0/$batch', {
        requests: [
          { id: '1', method: 'POST', url: `/groups/${GROUPS.hr}/members/$ref`, headers: { 'Content-Type': 'application/json' }, body: { '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${GLOBAL_ADMIN.id}` } },
          { id: '2', method: 'GET', url: `/groups/${GROUPS.hr}` },
        ],
      });
      expect(body(r).responses.map((x: Json) => x.status)).toEqual([403, 200]);
    });
  });
});

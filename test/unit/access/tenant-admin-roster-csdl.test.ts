/**
 * CSDL conformance of GraphDirectory.listTenantAdminIds, the way test/unit/csdl-conformance.test.ts
 * checks the other Directory methods: every request the roster sends (role assignments, the
 * user and group look-ups, a role-assignable group's transitive user members) resolves in
 * Microsoft's Graph v1.0 metadata, including its $select names.
 */
import type { SandboxGroup } from '../../../sandbox/directory/model';
import { BOT_APP, GLOBAL_ADMIN, HELP_DESK_USERS, ROLE_TEMPLATES } from '../../../sandbox/directory/seed/contoso-ids';
import { createInProcessGraph, IN_PROCESS_BASE_URL } from '../../../sandbox/graph/in-process';
import { GraphDirectory } from '../../../services/adapters/graph/graph-directory';
import { checkRequest, CsdlModel, jsonPropertyPaths, type RequestToCheck } from '../../support/csdl';

const ROLE_ADMINS_GROUP_ID = '0c5a8f4e-2d1b-4c6a-9e7f-3b8d2a1c4e50';

describe('tenant-admin roster requests', () => {
  it('when listTenantAdminIds reads a tenant with a role-assignable group, then every request it sent conforms to the Graph v1.0 metadata', async () => {
    const model = CsdlModel.load();
    const graph = createInProcessGraph();
    const group: SandboxGroup = {
      id: ROLE_ADMINS_GROUP_ID, displayName: 'Role Admins', mailNickname: 'RoleAdmins', mail: null, mailEnabled: false, securityEnabled: true,
      groupTypes: [], isAssignableToRole: true, createdDateTime: '2025-01-06T09:00:00Z', members: [HELP_DESK_USERS[0]!.id], owners: [],
    };
    graph.directory().groups.push(group);
    const sent: RequestToCheck[] = [];
    const recordingFetch = async (url: string, init: Record<string, unknown>): Promise<Response> => {
      const u = new URL(url);
      const body = typeof init.body === 'string' && init.body !== '' ? (JSON.parse(init.body) as unknown) : undefined;
      sent.push({ method: String(init.method ?? 'GET'), path: `${u.pathname.replace(/^\/v1\.0/, '')}${decodeURIComponent(u.search)}`, bodyPaths: jsonPropertyPaths(body) });
      return graph.fetch(url, init);
    };
    const directory = new GraphDirectory({ baseUrl: `${IN_PROCESS_BASE_URL}/v1.0`, getAccessToken: async () => graph.appToken(BOT_APP.appId), fetch: recordingFetch });
    const tenant = graph.directory().tenantId;
    await directory.createRoleAssignment(tenant, ROLE_ADMINS_GROUP_ID, ROLE_TEMPLATES.privilegedRoleAdministrator);
    sent.length = 0;

    const ids = await directory.listTenantAdminIds(tenant);

    expect(ids).toEqual(expect.arrayContaining([GLOBAL_ADMIN.id, HELP_DESK_USERS[0]!.id]));
    const paths = sent.map((r) => `${r.method} ${r.path.split('?')[0]}`);
    expect(new Set(paths)).toEqual(
      new Set([
        'GET /roleManagement/directory/roleAssignments',
        'GET /users',
        'GET /groups',
        `GET /groups/${ROLE_ADMINS_GROUP_ID}/transitiveMembers/microsoft.graph.user`,
      ]),
    );
    expect(sent.flatMap((r) => checkRequest(model, r))).toEqual([]);
  });
});

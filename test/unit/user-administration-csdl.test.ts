/**
 * The profile, manager and licence requests of GraphUserAdministration (issue 13), sent to the
 * in-process sandbox: every one resolves in Microsoft's Graph v1.0 metadata, and the sandbox
 * answers them as Graph would (PATCH of one field, manager $ref, assignLicense seats, the
 * usage-location refusal).
 */
import { BOT_APP, HELP_DESK_USERS } from '../../sandbox/directory/seed/contoso-ids';
import { createInProcessGraph, IN_PROCESS_BASE_URL } from '../../sandbox/graph/in-process';
import { GraphUserAdministration } from '../../services/adapters/graph/graph-user-administration';
import { DirectoryError } from '../../services/ports/directory.port';
import { checkRequest, CsdlModel, jsonPropertyPaths, type RequestToCheck } from '../support/csdl';

const model = CsdlModel.load();
const P2 = '84a661c4-e949-4bd2-a560-ed7766fcaf2b';

describe('GraphUserAdministration against the sandbox', () => {
  const graph = createInProcessGraph();
  const sent: RequestToCheck[] = [];
  const users = new GraphUserAdministration({
    baseUrl: `${IN_PROCESS_BASE_URL}/v1.0`,
    getAccessToken: async () => graph.appToken(BOT_APP.appId),
    retry: { maxRetries: 0 },
    fetch: async (url: string, init: Record<string, unknown>) => {
      const u = new URL(url);
      const body = typeof init.body === 'string' && init.body !== '' ? (JSON.parse(init.body) as unknown) : undefined;
      sent.push({
        method: String(init.method ?? 'GET'),
        path: `${u.pathname.replace(/^\/v1\.0/, '')}${decodeURIComponent(u.search)}`,
        bodyPaths: jsonPropertyPaths(body),
        reference: !!(body && typeof body === 'object' && '@odata.id' in body),
      });
      return graph.fetch(url, init);
    },
  });
  const tenant = graph.directory().tenantId;
  const [user, manager] = [HELP_DESK_USERS[0]!, HELP_DESK_USERS[1]!];

  it('when every method runs, then each request conforms to the CSDL and the sandbox shows the changes', async () => {
    const before = await users.getUserProfile(tenant, user.id);
    expect(before?.usageLocation).toBe('US');
    expect(await users.getManager(tenant, user.id)).toBeUndefined();

    await users.updateUserProfile(tenant, user.id, { officeLocation: 'Building 4' });
    await users.setManager(tenant, user.id, manager.id);
    const skus = await users.listSubscribedSkus(tenant);
    const p2 = skus.find((sku) => sku.skuId === P2)!;
    await users.assignLicense(tenant, user.id, { addSkuIds: [P2], removeSkuIds: [] });

    const after = await users.getUserProfile(tenant, user.id);
    expect(after).toMatchObject({ officeLocation: 'Building 4', department: before?.department });
    expect(after?.assignedSkuIds).toContain(P2);
    expect(await users.getManager(tenant, user.id)).toMatchObject({ id: manager.id, userPrincipalName: manager.userPrincipalName });
    expect((await users.listSubscribedSkus(tenant)).find((sku) => sku.skuId === P2)?.consumedUnits).toBe(p2.consumedUnits + 1);

    await users.assignLicense(tenant, user.id, { addSkuIds: [], removeSkuIds: [P2] });
    expect((await users.getUserProfile(tenant, user.id))?.assignedSkuIds).not.toContain(P2);
    expect(sent.flatMap((request) => checkRequest(model, request))).toEqual([]);
    expect(new Set(sent.map((r) => `${r.method} ${r.path.split('?')[0]}`))).toEqual(
      new Set(['GET /users/{id}', 'GET /users/{id}/manager', 'PATCH /users/{id}', 'PUT /users/{id}/manager/$ref', 'GET /subscribedSkus', 'POST /users/{id}/assignLicense'].map((p) => p.replace('{id}', user.id))),
    );
  });

  it('when a user without a usage location is given a licence, then Graph refuses with its own words and nothing changes', async () => {
    await users.updateUserProfile(tenant, user.id, { usageLocation: null });
    const error = await users.assignLicense(tenant, user.id, { addSkuIds: [P2], removeSkuIds: [] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DirectoryError);
    expect(error).toMatchObject({ code: 'DIRECTORY.BAD_REQUEST' });
    expect((error as Error).message).toMatch(/invalid usage location/);
    expect((await users.getUserProfile(tenant, user.id))?.assignedSkuIds).not.toContain(P2);
  });

  it('when a user is made their own manager, then Graph refuses it', async () => {
    await expect(users.setManager(tenant, user.id, user.id)).rejects.toMatchObject({ code: 'DIRECTORY.BAD_REQUEST' });
  });
});

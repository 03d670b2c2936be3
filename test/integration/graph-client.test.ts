/**
 * The real @microsoft/microsoft-graph-client over HTTPS against the in-process sandbox: the
 * client as our adapter builds it (customHosts, CA-only fetch, RetryHandler), driving OData
 * queries, paging, $count, user CRUD and $batch with an injected 429.
 */
import { BatchRequestContent, BatchResponseContent, PageIterator, type Client } from '@microsoft/microsoft-graph-client';
import { CONTOSO_DOMAIN, GLOBAL_ADMIN, SECOND_GLOBAL_ADMIN } from '../../sandbox/directory/seed/contoso-ids';
import { createGraphClient } from '../../services/adapters/graph/graph-client-factory';
import { startSandboxHarness, type SandboxHarness } from '../support/sandbox-harness';

type Json = Record<string, any>;

describe('Graph client against the sandbox (HTTPS)', () => {
  let harness: SandboxHarness;
  let client: Client;
  let tenantId: string;

  beforeAll(async () => {
    harness = await startSandboxHarness();
    tenantId = harness.sandbox.tenantId;
    const issuer = harness.tokenIssuer();
    client = createGraphClient(tenantId, {
      baseUrl: harness.sandbox.graphBaseUrl,
      getAccessToken: async (tid) => (await issuer.getAppToken(tid)).token,
      fetch: (url, init) => harness.fetch(url, init as never),
      retry: { maxRetries: 2, delayInSeconds: 0 },
    });
  }, 60_000);

  afterAll(async () => {
    await harness.stop();
  });

  afterEach(() => harness.sandbox.faults.clear());

  it('when filtering with eq, startswith, in and and/or, then the matching users come back', async () => {
    const names = async (filter: string): Promise<string[]> =>
      ((await client.api('/users').filter(filter).select('displayName').top(999).get()) as Json).value.map((u: Json) => u.displayName).sort();
    expect(await names(`userPrincipalName eq '${GLOBAL_ADMIN.userPrincipalName}'`)).toEqual([GLOBAL_ADMIN.displayName]);
    expect(await names("startswith(displayName,'Meg')")).toEqual(['Megan Bowen']);
    expect((await names("department in ('Legal','HR')")).length).toBe(12);
    expect(await names("department eq 'Legal' and (startswith(givenName,'S') or startswith(givenName,'T'))")).toEqual(['Sofia Andersson', 'Thomas Wright']);
  });

  it('when paging with $top, then the PageIterator follows nextLink (with the token) over every user', async () => {
    const first = (await client.api('/users').select('id').top(7).get()) as Json;
    expect(first['@odata.nextLink']).toMatch(new RegExp(`^${harness.sandbox.graphBaseUrl.replace(/\./g, '\\.')}/users\\?`));
    const ids: string[] = [];
    const iterator = new PageIterator(client, first as never, (user: Json) => {
      ids.push(user.id);
      return true;
    });
    await iterator.iterate();
    expect(ids).toHaveLength(harness.sandbox.state().directory.users.length);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('when $count is requested, then it needs ConsistencyLevel: eventual, as Graph does', async () => {
    await expect(client.api('/users').count(true).get()).rejects.toMatchObject({ statusCode: 400, code: 'Request_BadRequest' });
    const counted = (await client.api('/users').header('ConsistencyLevel', 'eventual').count(true).filter('accountEnabled ne true').select('id').get()) as Json;
    expect(counted['@odata.count']).toBe(counted.value.length);
    expect(counted['@odata.count']).toBeGreaterThanOrEqual(3);
  });

  it('when a user is created, read, updated and deleted, then each step answers as Graph', async () => {
    const upn = `crud.test@${CONTOSO_DOMAIN}`;
    const created = (await client.api('/users').post({
      accountEnabled: true, displayName: 'CRUD Test', mailNickname: 'crud.test', userPrincipalName: upn, usageLocation: 'GB',
      passwordProfile: { password: 'Crud-Test-Passw0rd!', forceChangePasswordNextSignIn: false },
    })) as Json;
    expect(created.userPrincipalName).toBe(upn);
    await client.api(`/users/${created.id}`).patch({ department: 'Finance', accountEnabled: false });
    const read = (await client.api(`/users/${upn}`).select('id,department,accountEnabled,usageLocation').get()) as Json;
    expect(read).toMatchObject({ id: created.id, department: 'Finance', accountEnabled: false, usageLocation: 'GB' });
    await expect(client.api('/users').post({
      accountEnabled: true, displayName: 'Dup', mailNickname: 'dup', userPrincipalName: upn, passwordProfile: { password: 'Crud-Test-Passw0rd!' },
    })).rejects.toMatchObject({ statusCode: 400, code: 'Request_BadRequest', message: 'Another object with the same value for property userPrincipalName already exists.' });
    await client.api(`/users/${created.id}`).delete();
    await expect(client.api(`/users/${created.id}`).get()).rejects.toMatchObject({ statusCode: 404, code: 'Request_ResourceNotFound' });
  });

  it('when a $batch item is throttled, then that item is a 429 with Retry-After and the others succeed', async () => {
    harness.sandbox.faults.configure({ throttle: [{ match: { pathPrefix: `/v1.0/users/${SECOND_GLOBAL_ADMIN.id}` }, retryAfterInSeconds: 3, nextRequests: 1 }] });
    const base = harness.sandbox.graphBaseUrl;
    const batch = new BatchRequestContent([
      { id: '1', request: new Request(`${base}/users/${GLOBAL_ADMIN.id}`, { method: 'GET' }) },
      { id: '2', request: new Request(`${base}/users/${SECOND_GLOBAL_ADMIN.id}`, { method: 'GET' }), dependsOn: ['1'] },
      { id: '3', request: new Request(`${base}/organization`, { method: 'GET' }), dependsOn: ['1'] },
    ]);
    // (The SDK only allows parallel, serial or "same dependency" batches; 2 and 3 both wait on 1.)
    const raw = (await client.api('/$batch').post(await batch.getContent())) as Json;
    const responses = new BatchResponseContent(raw as never);
    const second = responses.getResponseById('2');
    expect(second.status).toBe(429);
    expect(second.headers.get('Retry-After')).toBe('3');
    expect(((await second.json()) as Json).error.code).toBe('TooManyRequests');
    expect(responses.getResponseById('1').status).toBe(200);
    expect(responses.getResponseById('3').status).toBe(200);
    for (const item of raw.responses as Json[]) expect(Object.keys(item.headers)).toContain('Content-Type');
  });

  it('when a token for another audience (Key Vault) is presented, then Graph answers 401 InvalidAuthenticationToken', async () => {
    const issuer = harness.tokenIssuer();
    const vaultClient = createGraphClient(tenantId, {
      baseUrl: harness.sandbox.graphBaseUrl,
      getAccessToken: async (tid) => (await issuer.getAppToken(tid, ['https://vault.azure.net/.default'])).token,
      fetch: (url, init) => harness.fetch(url, init as never),
    });
    await expect(vaultClient.api('/organization').get()).rejects.toMatchObject({ statusCode: 401, code: 'InvalidAuthenticationToken' });
  });

  it('when the base URL is http, then the factory refuses it (the client would silently send no token)', () => {
    expect(() => createGraphClient(tenantId, { baseUrl: 'http://127.0.0.1:1/v1.0', getAccessToken: async () => 'x', fetch: async () => undefined })).toThrow(/https/);
  });

  it('when a top-level call is throttled once, then RetryHandler honours Retry-After and the call succeeds', async () => {
    harness.sandbox.faults.configure({ throttle: [{ match: { pathPrefix: '/v1.0/organization' }, retryAfterInSeconds: 1, nextRequests: 1 }] });
    const started = Date.now();
    const org = (await client.api('/organization').get()) as Json;
    expect(org.value[0].id).toBe(tenantId);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });
});

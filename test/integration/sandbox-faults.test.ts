/**
 * Fault injection: every kind, set through startSandbox's controller or the loopback admin route,
 * seen through raw HTTPS and through the bot's real-SDK adapters.
 */
import { handleAdminRequest } from '../../sandbox/core/admin-routes';
import type { SandboxRequest } from '../../sandbox/core/types';
import { createFaultController } from '../../sandbox/faults/fault-controller';
import { GLOBAL_ADMIN } from '../../sandbox/directory/seed/contoso-ids';
import { startSandboxHarness, type SandboxHarness } from '../support/sandbox-harness';

describe('sandbox fault injection', () => {
  let harness: SandboxHarness;

  // Generous: first start generates a CA, a server certificate and a signing key, on shared CPUs.
  beforeAll(async () => {
    harness = await startSandboxHarness();
  }, 30_000);

  afterEach(() => {
    harness.sandbox.faults.clear();
  });

  afterAll(async () => {
    await harness?.stop();
  });

  async function configureFaults(config: unknown): Promise<void> {
    const response = await harness.fetch(`${harness.sandbox.url}/_sandbox/faults`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(config) });
    expect(response.status).toBe(200);
  }

  it('when latency is set for the vault routes, then vault calls are slowed and other routes are not', async () => {
    await configureFaults({ latency: [{ match: { area: 'vault' }, delayInMs: 300 }] });
    const { url, tenantId } = harness.sandbox;
    const timed = async (target: string) => {
      const started = performance.now();
      await (await harness.fetch(target)).arrayBuffer();
      return performance.now() - started;
    };
    expect(await timed(`${url}/secrets?api-version=7.6`)).toBeGreaterThanOrEqual(290);
    expect(await timed(`${url}/${tenantId}/v2.0/.well-known/openid-configuration`)).toBeLessThan(200);
  });

  it('when the next Graph request is throttled, then it gets 429 with Retry-After in Graph\'s error shape, and the one after is served', async () => {
    await configureFaults({ throttle: [{ match: { area: 'graph', pathPrefix: '/v1.0/users' }, retryAfterInSeconds: 7, nextRequests: 1 }] });
    const first = await harness.fetch(`${harness.sandbox.url}/v1.0/users`);
    expect(first.status).toBe(429);
    expect(first.headers.get('retry-after')).toBe('7');
    expect(await first.json()).toEqual({ error: { code: 'TooManyRequests', message: expect.any(String), innerError: { date: expect.any(String), 'request-id': expect.any(String), 'client-request-id': expect.any(String) } } });
    const second = await harness.fetch(`${harness.sandbox.url}/v1.0/users`);
    await second.arrayBuffer();
    expect(second.status).not.toBe(429);
  });

  it('when the vault throttles, then the adapter reports VAULT.THROTTLED with the Retry-After delay', async () => {
    harness.sandbox.faults.configure({ throttle: [{ match: { area: 'vault' }, retryAfterInSeconds: 3, nextRequests: 5 }] });
    const vault = harness.secretVault({ retryOptions: { maxRetries: 0, retryDelayInMs: 10, maxRetryDelayInMs: 20 } });
    await expect(vault.getSecret('anything')).rejects.toMatchObject({ code: 'VAULT.THROTTLED', details: { status: 429, retryAfterInMs: 3000 } });
  });

  it('when a 5xx is injected for the token endpoint, then it answers with that status in the OAuth error shape, once', async () => {
    harness.sandbox.faults.configure({ serverErrors: [{ match: { area: 'entra', method: 'POST' }, status: 500, nextRequests: 1 }] });
    const { url, tenantId, botApp } = harness.sandbox;
    const body = new URLSearchParams({ grant_type: 'client_credentials', client_id: botApp.clientId, client_secret: botApp.clientSecret, scope: 'https://graph.microsoft.com/.default' }).toString();
    const post = () => harness.fetch(`${url}/${tenantId}/oauth2/v2.0/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
    const failed = await post();
    expect(failed.status).toBe(500);
    expect(await failed.json()).toMatchObject({ error: 'temporarily_unavailable', error_codes: [90033] });
    const served = await post();
    expect(served.status).toBe(200);
    expect(await served.json()).toMatchObject({ token_type: 'Bearer', access_token: expect.any(String) });
  });

  it('when a 5xx is injected for a Graph route, then Graph\'s error shape carries it', async () => {
    harness.sandbox.faults.configure({ serverErrors: [{ match: { pathPattern: '^/v1\\.0/organization$' }, status: 503, nextRequests: 1 }] });
    const response = await harness.fetch(`${harness.sandbox.url}/v1.0/organization`);
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ error: { code: 'ServiceUnavailable' } });
  });

  it.each([['503', { mode: '503' }], ['connection reset', { mode: 'reset' }]] as const)(
    'when the vault is unavailable (%s), then the adapter fails closed with VAULT.UNAVAILABLE',
    async (_kind, vaultUnavailable) => {
      const vault = harness.secretVault();
      await vault.setSecret('before-outage', 'value-before-outage');
      harness.sandbox.faults.configure({ vaultUnavailable });
      await expect(vault.getSecret('before-outage')).rejects.toMatchObject({ code: 'VAULT.UNAVAILABLE' });
      await expect(vault.setSecret('during-outage', 'x')).rejects.toMatchObject({ code: 'VAULT.UNAVAILABLE' });
      harness.sandbox.faults.clear();
      await expect(vault.getSecret('before-outage')).resolves.toMatchObject({ value: 'value-before-outage' });
    },
  );

  it('when Entra is unavailable, then app and password sign-ins fail with SIGNIN.UNAVAILABLE', async () => {
    await configureFaults({ entraUnavailable: true });
    const issuer = harness.tokenIssuer();
    await expect(issuer.getAppToken(harness.sandbox.tenantId)).rejects.toMatchObject({ code: 'SIGNIN.UNAVAILABLE' });
    await expect(issuer.getUserTokenWithPassword(harness.sandbox.tenantId, GLOBAL_ADMIN.userPrincipalName, GLOBAL_ADMIN.password)).rejects.toMatchObject({ code: 'SIGNIN.UNAVAILABLE' });
    const response = await harness.fetch(`${harness.sandbox.url}/_sandbox/faults`, { method: 'DELETE' });
    expect(response.status).toBe(204);
    await expect(issuer.getAppToken(harness.sandbox.tenantId)).resolves.toMatchObject({ claims: { tid: harness.sandbox.tenantId } });
  });

  it('when a fault configuration is invalid, then the admin route rejects it and keeps the current one', async () => {
    harness.sandbox.faults.configure({ entraUnavailable: true });
    const response = await harness.fetch(`${harness.sandbox.url}/_sandbox/faults`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ throttle: [{ retryAfterInSeconds: -1 }] }) });
    expect(response.status).toBe(400);
    expect(harness.sandbox.faults.current()).toEqual({ entraUnavailable: true });
  });

  it('when the admin route is called from a non-loopback address, then it is refused', async () => {
    const faults = createFaultController();
    const request: SandboxRequest = {
      method: 'PUT',
      url: new URL('https://127.0.0.1/_sandbox/faults'),
      path: '/_sandbox/faults',
      query: new URLSearchParams(),
      headers: {},
      body: { entraUnavailable: true },
      rawBody: '{"entraUnavailable":true}',
      remoteAddress: '10.1.2.3',
    };
    await expect(handleAdminRequest(request, { faults, reset: async () => undefined })).resolves.toMatchObject({ status: 403 });
    expect(faults.current()).toEqual({});
  });

  it('when a rule has a probability, then it fires by the random draw; "next N" rules stop after N', () => {
    const draws = [0.1, 0.9];
    const faults = createFaultController({ serverErrors: [{ match: { area: 'graph' }, probability: 0.5 }], throttle: [{ match: { area: 'vault' }, retryAfterInSeconds: 1, nextRequests: 2 }] }, () => draws.shift() ?? 1);
    expect(faults.decide({ method: 'GET', path: '/v1.0/users' }).action).toEqual({ kind: 'error', status: 503 });
    expect(faults.decide({ method: 'GET', path: '/v1.0/users' }).action).toBeUndefined();
    expect(faults.decide({ method: 'GET', path: '/secrets' }).action).toEqual({ kind: 'throttle', retryAfterInSeconds: 1 });
    expect(faults.decide({ method: 'GET', path: '/secrets' }).action).toEqual({ kind: 'throttle', retryAfterInSeconds: 1 });
    expect(faults.decide({ method: 'GET', path: '/secrets' }).action).toBeUndefined();
  });
});

/**
 * Key Vault secrets through the real SecretClient (inside KeyVaultSecretVault and directly)
 * against the sandbox over HTTPS.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ClientSecretCredential } from '@azure/identity';
import { SecretClient } from '@azure/keyvault-secrets';
import { READ_ONLY_APP } from '../../sandbox/directory/seed/contoso-ids';
import { VaultError } from '../../services/ports/secret-vault.port';
import { FAST_RETRY, startSandboxHarness, type SandboxHarness } from '../support/sandbox-harness';

describe('sandbox Key Vault through the real SecretClient', () => {
  let harness: SandboxHarness;

  // Generous: first start generates a CA, a server certificate and a signing key, on shared CPUs.
  beforeAll(async () => {
    harness = await startSandboxHarness();
  }, 30_000);

  afterAll(async () => {
    await harness?.stop();
  });

  it('when a secret is set twice, then it has two versions that can be read, listed, updated, deleted, recovered and purged', async () => {
    const vault = harness.secretVault();
    const first = await vault.setSecret('svc-account-password', 'first-Value-1!', { contentType: 'password', tags: { state: 'current' } });
    const second = await vault.setSecret('svc-account-password', 'second-Value-2!', { contentType: 'password', tags: { state: 'pending' } });
    expect(second.version).not.toEqual(first.version);
    expect(second.version).toMatch(/^[0-9a-f]{32}$/);

    await expect(vault.getSecret('svc-account-password')).resolves.toMatchObject({ value: 'second-Value-2!', version: second.version, tags: { state: 'pending' } });
    await expect(vault.getSecret('svc-account-password', first.version)).resolves.toMatchObject({ value: 'first-Value-1!', contentType: 'password' });

    const versions = await vault.listVersions('svc-account-password');
    expect(versions.map((v) => v.version).sort()).toEqual([first.version, second.version].sort());
    expect(versions.every((v) => v.enabled && v.createdOn instanceof Date)).toBe(true);

    const updated = await vault.updateVersion('svc-account-password', first.version, { tags: { state: 'retired' }, enabled: false, expiresOn: new Date('2030-01-01T00:00:00Z') });
    expect(updated).toMatchObject({ enabled: false, tags: { state: 'retired' }, expiresOn: new Date('2030-01-01T00:00:00Z') });
    await expect(vault.getSecret('svc-account-password', first.version)).rejects.toMatchObject({ code: 'VAULT.FORBIDDEN' });

    await vault.deleteSecret('svc-account-password');
    await expect(vault.getSecret('svc-account-password')).rejects.toMatchObject({ code: 'VAULT.NOT_FOUND' });
    await expect(vault.setSecret('svc-account-password', 'x')).rejects.toMatchObject({ code: 'VAULT.CONFLICT' });
    await vault.deleteSecret('svc-account-password'); // idempotent

    await vault.recoverDeletedSecret('svc-account-password');
    await expect(vault.getSecret('svc-account-password')).resolves.toMatchObject({ value: 'second-Value-2!' });
    expect(await vault.listVersions('svc-account-password')).toHaveLength(2);

    await vault.deleteSecret('svc-account-password');
    await vault.purgeDeletedSecret('svc-account-password');
    await vault.purgeDeletedSecret('svc-account-password'); // idempotent
    await expect(vault.listVersions('svc-account-password')).resolves.toEqual([]);
    await expect(vault.recoverDeletedSecret('svc-account-password')).rejects.toMatchObject({ code: 'VAULT.NOT_FOUND' });
    // Purged for good: the name is free again.
    await expect(vault.setSecret('svc-account-password', 'third-Value-3!')).resolves.toMatchObject({ enabled: true });
  });

  it('when versions span several pages, then the SDK follows nextLink and lists them all', async () => {
    const client = secretClient(harness, harness.sandbox.botApp.clientId, harness.sandbox.botApp.clientSecret);
    for (let i = 0; i < 4; i += 1) await client.setSecret('paged', `value-${i}`);
    const pages: number[] = [];
    for await (const page of client.listPropertiesOfSecretVersions('paged').byPage({ maxPageSize: 3 })) pages.push(page.length);
    expect(pages).toEqual([3, 1]);
    const names: string[] = [];
    for await (const properties of client.listPropertiesOfSecrets()) names.push(properties.name);
    expect(names).toContain('paged');
    // Ids are what the SDK parses back into vaultUrl/name/version.
    const latest = await client.getSecret('paged');
    expect(latest.properties).toMatchObject({ vaultUrl: harness.sandbox.url, name: 'paged', id: `${harness.sandbox.url}/secrets/paged/${latest.properties.version}` });
  });

  it('when a request carries no token, then the vault answers 401 with the bearer challenge', async () => {
    const response = await harness.fetch(`${harness.sandbox.url}/secrets/anything?api-version=7.6`);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe(`Bearer authorization="${harness.sandbox.url}/${harness.sandbox.tenantId}", resource="https://vault.azure.net"`);
    expect(await response.json()).toEqual({ error: { code: 'Unauthorized', message: expect.stringContaining('AKV10000') } });
  });

  it('when a token for another audience (Graph) is presented, then the vault answers 401 with the challenge', async () => {
    const graphToken = await harness.tokenIssuer().getAppToken(harness.sandbox.tenantId);
    const response = await harness.fetch(`${harness.sandbox.url}/secrets?api-version=7.6`, { headers: { authorization: `Bearer ${graphToken.token}` } });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toContain('resource="https://vault.azure.net"');
    expect(await response.json()).toMatchObject({ error: { code: 'Unauthorized', message: expect.stringContaining('AKV10022') } });
  });

  it('when an app without a role on the vault calls it, then it gets 403 Forbidden', async () => {
    const client = secretClient(harness, READ_ONLY_APP.appId, READ_ONLY_APP.clientSecret);
    await expect(client.getSecret('paged')).rejects.toMatchObject({ statusCode: 403, code: 'Forbidden' });
  });

  it('when a secret is stored, then its value is not in the state file in clear', async () => {
    await harness.secretVault().setSecret('at-rest-check', 'Plain-Text-Never-On-Disk-42!');
    await harness.sandbox.persist();
    expect(readFileSync(join(harness.dataDir, 'state.json'), 'utf8')).not.toContain('Plain-Text-Never-On-Disk-42!');
  });

  it('when a missing secret is read, then the error is VAULT.NOT_FOUND from Key Vault\'s SecretNotFound', async () => {
    const error = await harness.secretVault().getSecret('never-created').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VaultError);
    expect(error).toMatchObject({ code: 'VAULT.NOT_FOUND', details: { status: 404 } });
    const raw = await secretClient(harness, harness.sandbox.botApp.clientId, harness.sandbox.botApp.clientSecret).getSecret('never-created').catch((e: unknown) => e);
    expect(raw).toMatchObject({ statusCode: 404, code: 'SecretNotFound' });
  });
});

function secretClient(harness: SandboxHarness, clientId: string, clientSecret: string): SecretClient {
  const { sandbox } = harness;
  const credential = new ClientSecretCredential(sandbox.tenantId, clientId, clientSecret, {
    authorityHost: sandbox.url,
    disableInstanceDiscovery: true,
    tlsOptions: { ca: sandbox.caCertPem },
    retryOptions: FAST_RETRY,
  });
  return new SecretClient(sandbox.url, credential, { tlsOptions: { ca: sandbox.caCertPem }, disableChallengeResourceVerification: true, retryOptions: FAST_RETRY });
}

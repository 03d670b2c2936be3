/**
 * The sandbox as a process: TLS trust scoped to the bot's clients, state that survives a
 * restart, and resets (in-process, admin route and CLI) that restore the seed.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { checkUserPassword, findUser, setUserPassword } from '../../sandbox/directory/model';
import { HELP_DESK_USERS } from '../../sandbox/directory/seed/contoso-ids';
import { startSandboxHarness, type SandboxHarness } from '../support/sandbox-harness';

const run = promisify(execFile);
const operator = HELP_DESK_USERS[1] as (typeof HELP_DESK_USERS)[number];

describe('sandbox lifecycle', () => {
  let harness: SandboxHarness;

  // Generous: first start generates a CA, a server certificate and a signing key, on shared CPUs.
  beforeAll(async () => {
    harness = await startSandboxHarness();
  }, 30_000);

  afterAll(async () => {
    await harness?.stop();
  });

  it('when a client does not trust the sandbox CA, then TLS fails; only clients given the CA connect', async () => {
    // Global fetch uses the default trust store, which must not contain the sandbox CA.
    await expect(fetch(`${harness.sandbox.url}/_sandbox/health`)).rejects.toThrow();
    const trusted = await harness.fetch(`${harness.sandbox.url}/_sandbox/health`);
    expect(await trusted.json()).toEqual({ status: 'ok' });
    expect(process.env.NODE_TLS_REJECT_UNAUTHORIZED).toBeUndefined();
  });

  it('when the sandbox restarts on the same dataDir, then secrets, directory changes and the CA survive', async () => {
    const caBefore = harness.sandbox.caCertPem;
    await harness.secretVault().setSecret('survives-restart', 'value-across-restart');
    setUserPassword(findUser(harness.sandbox.state().directory, operator.id) as NonNullable<ReturnType<typeof findUser>>, 'Changed-Before-Restart-1!', new Date());
    await harness.sandbox.persist();

    await harness.restart();

    expect(harness.sandbox.caCertPem).toBe(caBefore);
    await expect(harness.secretVault().getSecret('survives-restart')).resolves.toMatchObject({ value: 'value-across-restart' });
    const issuer = harness.tokenIssuer();
    await expect(issuer.getUserTokenWithPassword(harness.sandbox.tenantId, operator.userPrincipalName, 'Changed-Before-Restart-1!')).resolves.toMatchObject({ claims: { oid: operator.id } });
  }, 20_000);

  it('when the sandbox is reset through the admin route, then the seed is back and the vault is empty', async () => {
    await harness.secretVault().setSecret('gone-after-reset', 'value');
    const response = await harness.fetch(`${harness.sandbox.url}/_sandbox/reset`, { method: 'POST' });
    expect(response.status).toBe(204);
    expect(harness.sandbox.state().vault.secrets).toEqual({});
    await expect(harness.secretVault().getSecret('gone-after-reset')).rejects.toMatchObject({ code: 'VAULT.NOT_FOUND' });
    // The password changed before the restart is back to the seeded one.
    const user = findUser(harness.sandbox.state().directory, operator.id) as NonNullable<ReturnType<typeof findUser>>;
    expect(checkUserPassword(user, operator.password)).toBe(true);
    expect(checkUserPassword(user, 'Changed-Before-Restart-1!')).toBe(false);
  });

  it('when `sandbox/cli.ts reset` runs, then it resets the running sandbox through its admin route', async () => {
    await harness.secretVault().setSecret('gone-after-cli-reset', 'value');
    const { stdout } = await run(process.execPath, [require.resolve('tsx/cli'), join(__dirname, '../../sandbox/cli.ts'), 'reset', '--data-dir', harness.dataDir], { timeout: 60_000 });
    expect(stdout).toContain(`Reset the running sandbox at ${harness.sandbox.url}`);
    expect(harness.sandbox.state().vault.secrets).toEqual({});
    expect(JSON.parse(readFileSync(join(harness.dataDir, 'state.json'), 'utf8')).vault.secrets).toEqual({});
  }, 60_000);

  it('when the sandbox starts with faults in its options, then they apply from the first request', async () => {
    await harness.restart({ faults: { entraUnavailable: true } });
    const { url, tenantId } = harness.sandbox;
    const response = await harness.fetch(`${url}/${tenantId}/v2.0/.well-known/openid-configuration`);
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ error: 'temporarily_unavailable' });
  }, 20_000);
});

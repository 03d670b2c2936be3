/**
 * The sandbox's Entra token endpoint through the real @azure/identity credentials (inside
 * EntraTokenIssuer), plus the wire shape of its errors and of its published signing keys.
 */
import { createPublicKey, verify, type JsonWebKey } from 'node:crypto';
import {
  CA_BLOCKED_ADMIN,
  DISABLED_ADMIN,
  GLOBAL_ADMIN,
  HELP_DESK_USERS,
  MFA_REQUIRED_ADMIN,
  ROLE_TEMPLATES,
} from '../../sandbox/directory/seed/contoso-ids';
import { SignInError, type SignInErrorCode } from '../../services/ports/token-issuer.port';
import { startSandboxHarness, type SandboxHarness } from '../support/sandbox-harness';

describe('sandbox Entra through the real identity credentials', () => {
  let harness: SandboxHarness;

  // Generous: first start generates a CA, a server certificate and a signing key, on shared CPUs.
  beforeAll(async () => {
    harness = await startSandboxHarness();
  }, 30_000);

  afterAll(async () => {
    await harness?.stop();
  });

  it('when the bot asks for an app token, then it is an RS256 JWT that verifies against the published JWKS', async () => {
    const { sandbox } = harness;
    const appToken = await harness.tokenIssuer().getAppToken(sandbox.tenantId);
    expect(appToken.claims).toMatchObject({ tid: sandbox.tenantId, roles: expect.arrayContaining(['User.ReadWrite.All', 'RoleManagement.ReadWrite.Directory']) });
    expect(appToken.expiresOnTimestamp).toBeGreaterThan(Date.now() + 55 * 60 * 1000);

    const metadata = (await (await harness.fetch(`${sandbox.url}/${sandbox.tenantId}/v2.0/.well-known/openid-configuration`)).json()) as { issuer: string; jwks_uri: string; token_endpoint: string };
    expect(metadata.token_endpoint).toBe(`${sandbox.url}/${sandbox.tenantId}/oauth2/v2.0/token`);
    const jwks = (await (await harness.fetch(metadata.jwks_uri)).json()) as { keys: Array<JsonWebKey & { kid: string; use: string }> };

    const [headerPart, payloadPart, signaturePart] = appToken.token.split('.') as [string, string, string];
    const header = JSON.parse(Buffer.from(headerPart, 'base64url').toString('utf8')) as { alg: string; kid: string };
    const payload = JSON.parse(Buffer.from(payloadPart, 'base64url').toString('utf8')) as Record<string, unknown>;
    expect(header.alg).toBe('RS256');
    const jwk = jwks.keys.find((k) => k.kid === header.kid);
    expect(jwk).toMatchObject({ kty: 'RSA', use: 'sig' });
    const publicKey = createPublicKey({ key: jwk as JsonWebKey, format: 'jwk' });
    expect(verify('RSA-SHA256', Buffer.from(`${headerPart}.${payloadPart}`), publicKey, Buffer.from(signaturePart, 'base64url'))).toBe(true);
    expect(payload).toMatchObject({
      iss: metadata.issuer,
      aud: 'https://graph.microsoft.com',
      appid: sandbox.botApp.clientId,
      azp: sandbox.botApp.clientId,
      idtyp: 'app',
      tid: sandbox.tenantId,
      oid: expect.any(String),
    });
    const now = Math.floor(Date.now() / 1000);
    expect(payload.nbf as number).toBeLessThanOrEqual(now);
    expect(payload.exp as number).toBeGreaterThan(now);
  });

  it('when the bot asks for a Key Vault token, then its audience is the vault and it carries no Graph roles', async () => {
    const token = await harness.tokenIssuer().getAppToken(harness.sandbox.tenantId, ['https://vault.azure.net/.default']);
    const payload = JSON.parse(Buffer.from(token.token.split('.')[1] as string, 'base64url').toString('utf8')) as Record<string, unknown>;
    expect(payload.aud).toBe('https://vault.azure.net');
    expect(token.claims.roles).toBeUndefined();
  });

  it('when the Global Admin signs in with the password grant, then the token names the user and carries wids and scp', async () => {
    const token = await harness.tokenIssuer().getUserTokenWithPassword(harness.sandbox.tenantId, GLOBAL_ADMIN.userPrincipalName, GLOBAL_ADMIN.password);
    expect(token.claims).toMatchObject({ oid: GLOBAL_ADMIN.id, upn: GLOBAL_ADMIN.userPrincipalName, tid: harness.sandbox.tenantId });
    expect(token.claims.wids).toContain(ROLE_TEMPLATES.globalAdministrator);
    expect(token.claims.scp?.split(' ')).toEqual(expect.arrayContaining(['User.ReadWrite.All', 'Directory.AccessAsUser.All']));
  });

  const failures: Array<[string, SignInErrorCode, string, () => { username: string; password: string }]> = [
    ['a wrong password', 'SIGNIN.WRONG_PASSWORD', '50126', () => ({ username: GLOBAL_ADMIN.userPrincipalName, password: 'Not-The-Password-1!' })],
    ['a user who must use MFA', 'SIGNIN.MFA_REQUIRED', '50076', () => ({ username: MFA_REQUIRED_ADMIN.userPrincipalName, password: MFA_REQUIRED_ADMIN.password })],
    ['a user blocked by conditional access from this IP', 'SIGNIN.BLOCKED_BY_CONDITIONAL_ACCESS', '53003', () => ({ username: CA_BLOCKED_ADMIN.userPrincipalName, password: CA_BLOCKED_ADMIN.password })],
    ['a disabled account', 'SIGNIN.ACCOUNT_DISABLED', '50057', () => ({ username: DISABLED_ADMIN.userPrincipalName, password: DISABLED_ADMIN.password })],
    ['an unknown user', 'SIGNIN.USER_NOT_FOUND', '50034', () => ({ username: 'nobody@contoso.test', password: 'Whatever-Password-1!' })],
  ];

  it.each(failures)('when the password grant is tried for %s, then it fails with %s (AADSTS%s)', async (_case, code, aadsts, credentials) => {
    const { username, password } = credentials();
    const error = await harness.tokenIssuer().getUserTokenWithPassword(harness.sandbox.tenantId, username, password).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SignInError);
    expect(error).toMatchObject({ code, details: { aadsts } });
    // Error text never echoes the credentials it was given.
    expect((error as Error).message).not.toContain(password);
    expect((error as Error).message).not.toContain(username);
  });

  it('when the bot app presents a wrong client secret, then getAppToken fails with SIGNIN.INVALID_CLIENT (AADSTS7000215)', async () => {
    const issuer = harness.tokenIssuer({ appCredential: { kind: 'clientSecret', clientSecret: 'not-the-secret' } });
    await expect(issuer.getAppToken(harness.sandbox.tenantId)).rejects.toMatchObject({ code: 'SIGNIN.INVALID_CLIENT', details: { aadsts: '7000215' } });
  });

  it('when the token endpoint refuses a sign-in, then the body has Entra\'s OAuth error shape', async () => {
    const { sandbox } = harness;
    const response = await harness.fetch(`${sandbox.url}/${sandbox.tenantId}/oauth2/v2.0/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'client-request-id': '11111111-2222-3333-4444-555555555555' },
      body: new URLSearchParams({
        grant_type: 'password',
        client_id: sandbox.botApp.clientId,
        client_secret: sandbox.botApp.clientSecret,
        username: GLOBAL_ADMIN.userPrincipalName,
        password: 'Wrong-Password-9!',
        scope: 'https://graph.microsoft.com/.default',
      }).toString(),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: 'invalid_grant',
      error_description: expect.stringMatching(/^AADSTS50126: Error validating credentials due to invalid username or password\. Trace ID: [0-9a-f-]{36} Correlation ID: 11111111-2222-3333-4444-555555555555 Timestamp: \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/),
      error_codes: [50126],
      timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/),
      trace_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      correlation_id: '11111111-2222-3333-4444-555555555555',
      error_uri: 'https://login.microsoftonline.com/error?code=50126',
    });
  });

  it('when a user\'s password is changed through Graph, then the old password fails at the next sign-in and the new one works', async () => {
    const { sandbox } = harness;
    const operator = HELP_DESK_USERS[0] as (typeof HELP_DESK_USERS)[number];
    const issuer = harness.tokenIssuer();
    await expect(issuer.getUserTokenWithPassword(sandbox.tenantId, operator.userPrincipalName, operator.password)).resolves.toMatchObject({ claims: { oid: operator.id } });

    const appToken = await issuer.getAppToken(sandbox.tenantId);
    const patch = await harness.fetch(`${sandbox.graphBaseUrl}/users/${operator.id}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${appToken.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ passwordProfile: { password: 'Brand-New-Password-77!', forceChangePasswordNextSignIn: false } }),
    });
    expect(patch.status).toBe(204);

    await expect(issuer.getUserTokenWithPassword(sandbox.tenantId, operator.userPrincipalName, operator.password)).rejects.toMatchObject({ code: 'SIGNIN.WRONG_PASSWORD' });
    await expect(issuer.getUserTokenWithPassword(sandbox.tenantId, operator.userPrincipalName, 'Brand-New-Password-77!')).resolves.toMatchObject({ claims: { oid: operator.id } });
  });
});

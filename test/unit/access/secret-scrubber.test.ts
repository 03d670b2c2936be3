import { containsSecret, isSecretKey, maskSecretsInText, scrubSecrets } from '../../../services/audit/secret-scrubber';

describe('secret scrubber', () => {
  it.each([
    ['a JWT', 'token eyJhbGciOiJSUzI1NiJ9.eyJvaWQiOiIxMjMifQ.sig-nature_value'],
    ['a bearer header', 'Authorization: Bearer abcdefghijklmnopqrstuvwxyz012345'],
    ['a PEM private key', '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkq\n-----END PRIVATE KEY-----'],
    ['a storage account key', 'DefaultEndpointsProtocol=https;AccountName=x;AccountKey=abc123def456ghi789=='],
    ['a SAS signature', 'https://x.blob.core.windows.net/c?sv=2022&sig=AbCdEf1234567890%3D'],
    ['an Entra client secret', 'secret is Xyz8Q~abcdefghijklmnopqrstuvwxyz0123456'],
    ['a password=value pair', 'login failed for password=Winter2026'],
    ['a generated password on its own', 'new password xK9#mQ2$vL7!pR4@ stored'],
  ])('when a string contains %s, then it is masked', (_label, text) => {
    expect(maskSecretsInText(text)).toContain('[redacted]');
    expect(containsSecret({ note: text })).toBe(true);
  });

  it.each([
    'AADSTS50126: Error validating credentials due to invalid username or password.',
    'Mgmt-Bot.Admin@contoso.onmicrosoft.com',
    '62e90394-69f5-4237-9190-012177145e10',
    'user.blockSignIn',
    '2026-01-05T09:00:00.000Z',
    'b7f1c0a9e2d4f6a8c0e2b4d6f8a0c2e4b6d8f0a2c4e6b8d0f2a4c6e8b0d2f4a6',
    'The password was rotated at 03:00 and the next rotation is Monday.',
  ])('when a string is ordinary audit text (%s), then it is left alone', (text) => {
    expect(maskSecretsInText(text)).toBe(text);
  });

  it('when keys name a secret, then their values are masked whatever their type, but metadata about secrets is kept', () => {
    expect(isSecretKey('password')).toBe(true);
    expect(isSecretKey('client_secret')).toBe(true);
    expect(isSecretKey('refreshToken')).toBe(true);
    expect(isSecretKey('x-api-key')).toBe(true);
    expect(isSecretKey('secretName')).toBe(false);
    expect(isSecretKey('secretVersion')).toBe(false);
    expect(isSecretKey('tokenExpiresAt')).toBe(false);
    expect(isSecretKey('department')).toBe(false);

    const { value, redactedPaths } = scrubSecrets({ credentials: { user: 'x', pass: 'y' }, secretName: 'mgmt-bot', count: 3, list: [{ apiKey: 42 }] }, 'd');
    expect(value).toEqual({ credentials: '[redacted]', secretName: 'mgmt-bot', count: 3, list: [{ apiKey: '[redacted]' }] });
    expect(redactedPaths).toEqual(['d.credentials', 'd.list[0].apiKey']);
  });

  it('when nothing is secret, then the value comes back equal and no paths are reported', () => {
    const clean = { kind: 'mode.change', to: 'advanced', requester: 'u-ada', when: '2026-01-05T09:00:00.000Z', n: [1, 2, null] };
    expect(scrubSecrets(clean)).toEqual({ value: clean, redactedPaths: [] });
  });
});

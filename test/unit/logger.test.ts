import { createLogger, redactSecrets } from '../../services/logger';
import { MemoryLog } from '../support/memory-log';

function newLogger(): { log: MemoryLog; logger: ReturnType<typeof createLogger> } {
  const log = new MemoryLog();
  return { log, logger: createLogger({ level: 'trace', destination: log }) };
}

describe('logger redaction', () => {
  const secrets = {
    bearer: 'eyJhbGciOiJSUzI1NiJ9.payload-bearer.sig',
    headerAuth: 'Basic dXNlcjpoZWFkZXItYXV0aA==',
    password: 'P@ssw0rd-plain-1',
    nestedPassword: 'P@ssw0rd-nested-2',
    token: 'token-value-3',
    accessToken: 'access-token-value-4',
    clientSecret: 'client-secret-value-5',
    secret: 'secret-value-6',
    vaultValue: 'vault-secret-value-7',
    appPassword: 'microsoft-app-password-8',
    envSecret: 'azure-client-secret-9',
    refreshToken: 'refresh-token-value-10',
    inMessage: 'eyJ0eXAiOiJKV1QifQ.in-message.sig',
    inError: 'eyJ0eXAiOiJKV1QifQ.in-error.sig',
    childBinding: 'child-binding-token-11',
    cookie: 'session-cookie-12',
  };

  it('when objects carrying each kind of secret are logged, then none of the raw values reach the stream', () => {
    const { log, logger } = newLogger();
    const area = logger.child({ area: 'bot' });

    area.info({ req: { method: 'POST', headers: { authorization: `Bearer ${secrets.bearer}`, 'content-type': 'application/json' } } }, 'inbound');
    area.info({ headers: { Authorization: secrets.headerAuth, Cookie: secrets.cookie } }, 'headers');
    area.info({ user: { upn: 'adele@contoso.com', password: secrets.password }, deep: { a: { b: { c: { password: secrets.nestedPassword } } } } });
    area.info({ token: secrets.token, result: { accessToken: secrets.accessToken, refresh_token: secrets.refreshToken } });
    area.info({ credential: { clientSecret: secrets.clientSecret }, secret: secrets.secret });
    area.info({ keyVaultSecret: { name: 'mgmt-bot-password', version: 'v2', value: secrets.vaultValue } });
    area.info({ env: { MicrosoftAppPassword: secrets.appPassword, AZURE_CLIENT_SECRET: secrets.envSecret } });
    area.warn(`graph call failed with Authorization: Bearer ${secrets.inMessage}`);
    const error = Object.assign(new Error(`request failed (Bearer ${secrets.inError})`), {
      config: { headers: { Authorization: `Bearer ${secrets.inError}` } },
    });
    area.error({ err: error }, 'failed');
    area.child({ token: secrets.childBinding }).info('child');

    expect(log.lines.length).toBe(10);
    for (const [kind, value] of Object.entries(secrets)) {
      expect({ kind, leaked: log.text.includes(value) }).toEqual({ kind, leaked: false });
    }
  });

  it('when ordinary fields are logged, then they are kept (ids, codes, secret names)', () => {
    const { log, logger } = newLogger();
    logger.child({ area: 'vault' }).info({ secretName: 'mgmt-bot-password', secretVersion: 'v2', code: 'ROTATION.OK', tenantId: 't-1' }, 'rotated');

    expect(log.entries()[0]).toMatchObject({
      level: 'info',
      area: 'vault',
      secretName: 'mgmt-bot-password',
      secretVersion: 'v2',
      code: 'ROTATION.OK',
      tenantId: 't-1',
      msg: 'rotated',
    });
  });

  it('when a redacted object is inspected, then secret fields show the redaction marker', () => {
    expect(redactSecrets({ password: 'x', nested: { token: 'y', keep: 1 }, list: [{ secret: 'z' }] })).toEqual({
      password: '[Redacted]',
      nested: { token: '[Redacted]', keep: 1 },
      list: [{ secret: '[Redacted]' }],
    });
  });
});

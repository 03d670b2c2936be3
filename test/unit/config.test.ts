import { inspect } from 'node:util';
import { loadConfig } from '../../bot/config';
import { AppError } from '../../services/errors';

const APP_ID = '0b6d7b5a-1c2d-4e3f-8a9b-0c1d2e3f4a5b';
const TENANT = '7c1f6d0a-3b5e-4c2d-9a8f-1e2d3c4b5a69';
const azureEnv = {
  MicrosoftAppId: APP_ID,
  MicrosoftAppPassword: 'app-password-value-123',
  MicrosoftAppTenantId: TENANT,
  ALLOWED_TENANT_IDS: TENANT,
};

function configError(env: NodeJS.ProcessEnv): AppError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected loadConfig to fail');
}

describe('loadConfig', () => {
  it('when nothing is set, then it runs in sandbox mode on 127.0.0.1:3978 with the documented defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      mode: 'sandbox',
      server: { host: '127.0.0.1', port: 3978 },
      storage: { databasePath: './data/bot.db' },
      log: { level: 'info' },
      tenants: { allowedTenantIds: [], bootstrapTenantAdminIds: [] },
    });
    expect(config.bot.appId).toBeUndefined();
  });

  it('when the management account is not configured, then it is mgmt-bot.admin with Global Administrator', () => {
    expect(loadConfig({}).managementAccount).toEqual({ upnPrefix: 'mgmt-bot.admin', roleIds: ['62e90394-69f5-4237-9190-012177145e10'], usageLocation: 'US' });
    expect(loadConfig({}).azure.useManagedIdentity).toBe(false);
  });

  it('when blank values are given, then the defaults apply', () => {
    expect(loadConfig({ PORT: '', LOG_LEVEL: ' ', DATABASE_PATH: '' })).toMatchObject({
      server: { port: 3978 },
      log: { level: 'info' },
      storage: { databasePath: './data/bot.db' },
    });
  });

  it('when an app id, password and allow-list are set, then it runs in azure mode on 0.0.0.0', () => {
    const config = loadConfig({ ...azureEnv, ALLOWED_TENANT_IDS: `${TENANT.toUpperCase()}, 11111111-2222-3333-4444-555555555555` });
    expect(config).toMatchObject({ mode: 'azure', server: { host: '0.0.0.0' }, bot: { appId: APP_ID, appType: 'SingleTenant' } });
    expect(config.tenants.allowedTenantIds).toEqual([TENANT, '11111111-2222-3333-4444-555555555555']);
    expect(config.bot.appPassword?.reveal()).toBe('app-password-value-123');
  });

  it('when the config is printed or serialized, then no secret value appears', () => {
    const config = loadConfig({ ...azureEnv, AZURE_CLIENT_SECRET: 'client-secret-value-456' });
    const printed = `${JSON.stringify(config)} ${inspect(config, { depth: 10 })} ${String(config.azure.clientSecret)}`;
    expect(printed).not.toContain('app-password-value-123');
    expect(printed).not.toContain('client-secret-value-456');
  });

  it.each<[string, NodeJS.ProcessEnv, string]>([
    ['PORT is not a number', { PORT: 'eighty' }, 'PORT'],
    ['PORT is out of range', { PORT: '70000' }, 'PORT'],
    ['LOG_LEVEL is unknown', { LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    ['MicrosoftAppId is not a GUID', { MicrosoftAppId: 'my-bot' }, 'MicrosoftAppId'],
    ['MicrosoftAppType is unknown', { ...azureEnv, MicrosoftAppType: 'Personal' }, 'MicrosoftAppType'],
    ['the allow-list holds a non-GUID', { ...azureEnv, ALLOWED_TENANT_IDS: `${TENANT},contoso` }, 'ALLOWED_TENANT_IDS'],
    ['azure mode has no allow-list', { ...azureEnv, ALLOWED_TENANT_IDS: '' }, 'ALLOWED_TENANT_IDS'],
    ['azure mode has no password', { ...azureEnv, MicrosoftAppPassword: undefined }, 'MicrosoftAppPassword'],
    ['SingleTenant has no app tenant id', { ...azureEnv, MicrosoftAppType: 'SingleTenant', MicrosoftAppTenantId: undefined }, 'MicrosoftAppTenantId'],
    ['a password is set without an app id', { MicrosoftAppPassword: 'x' }, 'MicrosoftAppId'],
    ['sandbox mode binds a public address', { HOST: '0.0.0.0' }, 'HOST'],
    ['BOOTSTRAP_TENANT_ADMIN_IDS holds a UPN', { BOOTSTRAP_TENANT_ADMIN_IDS: 'admin@contoso.com' }, 'BOOTSTRAP_TENANT_ADMIN_IDS'],
    ['KEY_VAULT_URL is not https', { KEY_VAULT_URL: 'http://vault.example' }, 'KEY_VAULT_URL'],
    ['SANDBOX_URL is not a URL', { SANDBOX_URL: 'localhost:8443' }, 'SANDBOX_URL'],
    ['azure mode also names the sandbox', { ...azureEnv, SANDBOX_URL: 'https://127.0.0.1:8443' }, 'SANDBOX_URL'],
    ['two bot credentials are set', { AZURE_CLIENT_SECRET: 's', AZURE_USE_MANAGED_IDENTITY: 'true' }, 'AZURE_CLIENT_SECRET'],
    ['a management role id is not a GUID', { MANAGEMENT_ACCOUNT_ROLE_IDS: 'Global Administrator' }, 'MANAGEMENT_ACCOUNT_ROLE_IDS'],
    ['the management UPN prefix has an @', { MANAGEMENT_ACCOUNT_UPN_PREFIX: 'bot@contoso' }, 'MANAGEMENT_ACCOUNT_UPN_PREFIX'],
  ])('when %s, then it fails fast naming %s', (_case, env, variable) => {
    const error = configError(env);
    expect(error.code).toBe('CONFIG.INVALID');
    expect(error.message).toContain(`- ${variable} `);
  });

  it('when a secret variable is invalid alongside others, then the message never echoes values', () => {
    const error = configError({ MicrosoftAppPassword: 'super-secret-password', PORT: 'abc' });
    expect(error.message).toMatch(/PORT/);
    expect(error.message).not.toContain('super-secret-password');
  });
});

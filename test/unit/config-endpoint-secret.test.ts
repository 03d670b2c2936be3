import { inspect } from 'node:util';
import { loadConfig } from '../../bot/config';
import { AppError } from '../../services/errors';

const SECRET = 'k3Jq2v9xY0aBcDeFgHiJkLmNoPqRsTuVwXyZ012345_-';
const azureEnv = {
  MicrosoftAppId: '0b6d7b5a-1c2d-4e3f-8a9b-0c1d2e3f4a5b',
  MicrosoftAppPassword: 'app-password-value-123',
  MicrosoftAppTenantId: '7c1f6d0a-3b5e-4c2d-9a8f-1e2d3c4b5a69',
  ALLOWED_TENANT_IDS: '7c1f6d0a-3b5e-4c2d-9a8f-1e2d3c4b5a69',
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

describe('SANDBOX_ENDPOINT_SECRET', () => {
  it('when it is not set, then sandbox mode asks no secret (npm run start:bot with a Playground started by hand)', () => {
    expect(loadConfig({}).sandbox.endpointSecret).toBeUndefined();
  });

  it('when it is set in sandbox mode, then the config holds it, and printing the config never shows it', () => {
    const config = loadConfig({ SANDBOX_ENDPOINT_SECRET: SECRET });

    expect(config.sandbox.endpointSecret?.reveal()).toBe(SECRET);
    expect(`${JSON.stringify(config)} ${inspect(config, { depth: 10 })}`).not.toContain(SECRET);
  });

  it('when it is shorter than 32 characters, then start-up fails naming it, without echoing it', () => {
    const error = configError({ SANDBOX_ENDPOINT_SECRET: 'guessable-secret' });

    expect(error.message).toContain('- SANDBOX_ENDPOINT_SECRET ');
    expect(error.message).not.toContain('guessable-secret');
  });

  it('when it is set in azure mode, then start-up fails: the Bot Framework JWT authenticates there', () => {
    const error = configError({ ...azureEnv, SANDBOX_ENDPOINT_SECRET: SECRET });

    expect(error.message).toContain('- SANDBOX_ENDPOINT_SECRET must be empty in azure mode');
    expect(error.message).not.toContain(SECRET);
  });
});

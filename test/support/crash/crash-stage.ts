/**
 * The stage of a crash test against the sandbox tenant: the sandbox, a SQLite file for the bot,
 * the fake Bot Connector, and the environment that points a bot child process at them.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { tempDatabasePath } from '../../integration/access-bot.world';
import { FakeConnector } from '../fake-connector';
import { startSandboxHarness, type SandboxHarness } from '../sandbox-harness';

/** The sandbox, a file for the bot, the fake Bot Connector, and the child environment that points at them. */
export interface CrashStage {
  sandbox: SandboxHarness;
  connector: FakeConnector;
  databasePath: string;
  tenantId: string;
  childEnv: NodeJS.ProcessEnv;
  cleanup: () => void;
}

export async function startCrashStage(): Promise<CrashStage> {
  const { databasePath, cleanup } = tempDatabasePath();
  const connector = new FakeConnector();
  await connector.start();
  const sandbox = await startSandboxHarness();
  const tenantId = sandbox.sandbox.tenantId;
  const caCertPath = path.join(path.dirname(databasePath), 'sandbox-ca.pem');
  writeFileSync(caCertPath, sandbox.sandbox.caCertPem);
  const childEnv = {
    CRASH_DATABASE_PATH: databasePath,
    SANDBOX_URL: sandbox.sandbox.url,
    SANDBOX_TENANT_ID: tenantId,
    SANDBOX_CA_CERT_PATH: caCertPath,
    AZURE_CLIENT_ID: sandbox.sandbox.botApp.clientId,
    AZURE_CLIENT_SECRET: sandbox.sandbox.botApp.clientSecret,
  };
  return { sandbox, connector, databasePath, tenantId, childEnv, cleanup };
}

/** Stops the sandbox and the connector and deletes the file. */
export async function stopCrashStage(crash: CrashStage | undefined): Promise<void> {
  await crash?.sandbox.stop();
  await crash?.connector.close();
  crash?.cleanup();
}

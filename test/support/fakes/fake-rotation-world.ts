/**
 * A whole rotation setup for tests: the "outside world" (Key Vault, Entra's directory and token
 * endpoint — in-memory fakes that survive restarts like the real services do) and a "process"
 * (SQLite file, repositories, rotation service, outbox, scheduler, audit log, logger) that can
 * crash and restart on the same SQLite file.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../../services/adapters/sqlite/database';
import { SqliteServiceAccountRepository } from '../../../services/adapters/sqlite/service-account.sqlite';
import { SqliteTenantSettingsRepository } from '../../../services/adapters/sqlite/tenant-settings.sqlite';
import { createLogger, type Logger } from '../../../services/logger';
import { ManualClock } from '../../../services/ports/clock.port';
import type { ServiceAccountRecord } from '../../../services/ports/service-account.repository.port';
import { versionState } from '../../../services/rotation/rotation-vault-tags';
import { PasswordGenerator } from '../../../services/service-account/password-generator';
import { MemoryLog } from '../memory-log';
import { FakeDirectoryWrites } from './fake-directory-writes';
import { FakeRotationNotifier } from './fake-rotation-notifier';
import { buildRotationProcess, scanForSecrets, type BootOptions, type RotationProcess } from './fake-rotation-process';
import { FakeTokenIssuer } from './fake-token-issuer';
import { FakeSecretVault } from './fake-vault';

export type { BootOptions, CrashablePort, RotationProcess } from './fake-rotation-process';
export { ADMIN_CHANNEL, ADMIN_IDS } from './fake-rotation-process';

export const TENANT_ID = '11111111-1111-4111-8111-111111111111';
export const SECRET_NAME = 'mgmt-sa-11111111';

export class RotationWorld {
  readonly clock: ManualClock;
  readonly vault = new FakeSecretVault();
  readonly directory = new FakeDirectoryWrites('contoso.example');
  readonly tokens: FakeTokenIssuer;
  readonly notifier = new FakeRotationNotifier();
  readonly log = new MemoryLog();
  readonly logger: Logger;
  /** Every password the generator produced, for the leak scan. */
  readonly generated: string[] = [];
  /** Errors the tests caught from the services, scanned for leaks too. */
  readonly caught: unknown[] = [];
  readonly dir: string;
  readonly dbPath: string;
  accountId = '';
  process!: RotationProcess;

  private constructor(start: string) {
    this.clock = new ManualClock(start);
    this.tokens = new FakeTokenIssuer(this.directory);
    this.logger = createLogger({ level: 'debug', destination: this.log });
    this.dir = mkdtempSync(join(tmpdir(), 'msb-rotation-'));
    this.dbPath = join(this.dir, 'bot.sqlite');
  }

  /** A tenant in Advanced mode with a provisioned service account whose version 1 is current. */
  static async create(options: { start?: string; timeZone?: string; cron?: string; boot?: BootOptions } = {}): Promise<RotationWorld> {
    const world = new RotationWorld(options.start ?? '2026-01-07T10:00:00Z');
    const password = world.generate();
    const user = await world.directory.createUser(TENANT_ID, {
      userPrincipalName: 'mgmt-bot.admin@contoso.example',
      displayName: 'Management Session Bot (management account)',
      mailNickname: 'mgmt-bot.admin',
      accountEnabled: true,
      password,
      forceChangePasswordNextSignIn: false,
    });
    world.accountId = user.id;
    const first = await world.vault.setSecret(SECRET_NAME, password, {
      contentType: 'application/vnd.mgmt-bot.service-account-password',
      tags: { managedBy: 'management-session-bot', tenantId: TENANT_ID, objectId: user.id, state: 'current', operationId: 'provisioning' },
    });
    const db = openDatabase(world.dbPath);
    const record: ServiceAccountRecord = {
      tenantId: TENANT_ID,
      objectId: user.id,
      userPrincipalName: user.userPrincipalName,
      displayName: user.displayName,
      roleAssignmentIds: [],
      roleDefinitionIds: ['62e90394-69f5-4237-9190-012177145e10'],
      secretName: SECRET_NAME,
      currentSecretVersion: first.version,
      createdAt: world.clock.now().toISOString(),
      createdBy: 'admin-ada',
      lastRotationAt: world.clock.now().toISOString(),
    };
    new SqliteServiceAccountRepository(db).save(record);
    new SqliteTenantSettingsRepository(db, world.clock).update(TENANT_ID, {
      mode: 'advanced',
      rotationTimeZone: options.timeZone ?? 'Europe/Amsterdam',
      rotationCron: options.cron ?? '0 3 * * 1',
      adminChannelConversationId: '19:admin-channel@thread.tacv2',
    });
    db.close();
    world.boot(options.boot);
    return world;
  }

  generate(): string {
    const password = new PasswordGenerator().generate();
    this.generated.push(password);
    return password;
  }

  /** Starts a fresh process on the same SQLite file (the previous one must be dead or stopped). */
  boot(options: BootOptions = {}): RotationProcess {
    this.process = buildRotationProcess({
      dbPath: this.dbPath,
      clock: this.clock,
      vault: this.vault,
      directory: this.directory,
      tokens: this.tokens,
      notifier: this.notifier,
      logger: this.logger,
      passwords: { generate: () => this.generate() },
      advanceClockOnSleep: true,
      ...options,
    });
    return this.process;
  }

  /** A restart after a crash: a new process on the same file, once the dead holder's lease has expired. */
  restart(options: BootOptions = {}, leaseInMs = 5 * 60_000): RotationProcess {
    this.process.db.close();
    this.clock.advance(leaseInMs + 1_000);
    return this.boot(options);
  }

  record(): ServiceAccountRecord {
    const record = new SqliteServiceAccountRepository(this.process.db).get(TENANT_ID);
    if (!record) throw new Error('no record');
    return record;
  }

  /** Enabled versions tagged with a state, newest first. */
  versionsIn(state: 'current' | 'pending'): string[] {
    return [...this.vault.versionsOf(SECRET_NAME)]
      .reverse()
      .filter((version) => version.enabled && versionState(version) === state)
      .map((version) => version.version);
  }

  /** Which of the vault's enabled current/pending versions sign in at "Entra" right now. */
  workingVaultVersions(): string[] {
    return this.vault
      .versionsOf(SECRET_NAME)
      .filter((version) => version.enabled && (versionState(version) === 'current' || versionState(version) === 'pending'))
      .filter((version) => this.directory.passwordMatches(this.accountId, version.value))
      .map((version) => version.version);
  }

  /** True when exactly one enabled version is tagged current, it is the store's, it signs in, and nothing is pending. */
  convergedState(): { currentTagged: string[]; storeCurrent: string; storePending?: string; currentSignsIn: boolean; pendingTagged: string[] } {
    const record = this.record();
    const current = this.vault.versionsOf(SECRET_NAME).find((version) => version.version === record.currentSecretVersion);
    return {
      currentTagged: this.versionsIn('current'),
      storeCurrent: record.currentSecretVersion,
      ...(record.pendingSecretVersion ? { storePending: record.pendingSecretVersion } : {}),
      currentSignsIn: current !== undefined && current.enabled && this.directory.passwordMatches(this.accountId, current.value),
      pendingTagged: this.versionsIn('pending'),
    };
  }

  /**
   * Every place a password must never be: log lines, every row of every SQLite table, every
   * notice sent or tried, the history, and errors the tests caught. Returns what leaked where.
   */
  leakScan(): string[] {
    return scanForSecrets(this.process, [...this.generated, ...this.vault.allValues()], {
      logs: this.log.text,
      notices: JSON.stringify(this.notifier.delivered),
      caught: this.caught,
    });
  }

  close(): void {
    this.process.scheduler.dispose();
    try {
      this.process.db.close();
    } catch {
      // already closed
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}

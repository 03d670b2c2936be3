/**
 * Builds one "process" of the rotation area for tests — SQLite repositories on a file, the
 * rotation service, the notice outbox and publisher, the scheduler, the audit log — around
 * whatever outside-world ports the test hands in (in-memory fakes, or the real adapters against
 * the sandbox). Every in-process collaborator shares one CrashSwitch, so a simulated kill stops
 * them all, and an optional crash point kills the process after a chosen call.
 */
import { AuditLogService } from '../../../services/audit/audit-log.service';
import { openDatabase, type SqliteDatabase } from '../../../services/adapters/sqlite/database';
import { SqliteAuditRecordRepository } from '../../../services/adapters/sqlite/audit-record.sqlite';
import { SqliteNoticeOutboxStore } from '../../../services/adapters/sqlite/notice-outbox.sqlite';
import { SqliteRotationConditionStore } from '../../../services/adapters/sqlite/rotation-condition.sqlite';
import { SqliteRotationJournal } from '../../../services/adapters/sqlite/rotation-journal.sqlite';
import { SqliteRotationLeaseStore } from '../../../services/adapters/sqlite/rotation-lease.sqlite';
import { SqliteSchedulerSlotStore } from '../../../services/adapters/sqlite/scheduler-slot.sqlite';
import { SqliteServiceAccountRepository } from '../../../services/adapters/sqlite/service-account.sqlite';
import { SqliteTenantSettingsRepository } from '../../../services/adapters/sqlite/tenant-settings.sqlite';
import type { Logger } from '../../../services/logger';
import { NoticeOutbox } from '../../../services/notifications/notice-outbox';
import { NoticeTargetResolver } from '../../../services/notifications/notice-targets';
import { RotationNoticeComposer } from '../../../services/notifications/rotation-notice-composer';
import { RotationNoticePublisher } from '../../../services/notifications/rotation-notice-publisher';
import type { ManualClock } from '../../../services/ports/clock.port';
import type { Directory } from '../../../services/ports/directory.port';
import type { Notifier } from '../../../services/ports/notifier.port';
import type { SecretVault } from '../../../services/ports/secret-vault.port';
import type { ServiceAccountRepository } from '../../../services/ports/service-account.repository.port';
import type { TokenIssuer } from '../../../services/ports/token-issuer.port';
import { AuditLogRotationSink } from '../../../services/rotation/rotation-audit-sink';
import type { CredentialCacheInvalidator, PasswordSource } from '../../../services/rotation/rotation-collaborators.port';
import { RotationHistory } from '../../../services/rotation/rotation-history';
import type { RotationConditionStore, RotationJournal, RotationLeaseStore } from '../../../services/rotation/rotation-store.port';
import { RotationService, type RotationServiceOptions } from '../../../services/rotation/rotation.service';
import { RotationScheduler, type RotationSchedulerOptions } from '../../../services/scheduling/rotation-scheduler';
import { TenantRotationSchedules } from '../../../services/scheduling/tenant-rotation-schedule';
import { fakeRotationNoticeRenderer } from './fake-rotation-notifier';
import { CrashSwitch, crashable, type CrashPoint } from './flaky-ports';

export const ADMIN_IDS = ['admin-ada', 'admin-bob'] as const;
export const ADMIN_CHANNEL = '19:admin-channel@thread.tacv2';

/** Which port of the process to wrap with a crash point. */
export type CrashablePort = 'vault' | 'directory' | 'tokens' | 'serviceAccounts' | 'journal' | 'tokenCache';

export interface BootOptions {
  crash?: { port: CrashablePort; point: CrashPoint };
  /** Extra wrapping of the outside-world ports (fault plans, fault triggers). */
  wrapVault?: (vault: SecretVault) => SecretVault;
  wrapDirectory?: (directory: Directory) => Directory;
  wrapTokens?: (tokens: TokenIssuer) => TokenIssuer;
  rotationOptions?: RotationServiceOptions;
  schedulerOptions?: RotationSchedulerOptions;
}

export interface ProcessPorts extends BootOptions {
  dbPath: string;
  clock: ManualClock;
  vault: SecretVault;
  directory: Directory;
  tokens: TokenIssuer;
  notifier: Notifier;
  logger: Logger;
  passwords: PasswordSource;
  /** True: waits move the ManualClock instead of sleeping. False: real waits (sandbox tests). */
  advanceClockOnSleep: boolean;
  botAppId?: string;
}

/** One "process": everything that lives in memory and dies with a crash. */
export interface RotationProcess {
  db: SqliteDatabase;
  power: CrashSwitch;
  service: RotationService;
  history: RotationHistory;
  outbox: NoticeOutbox;
  scheduler: RotationScheduler;
  serviceAccounts: ServiceAccountRepository;
  settings: SqliteTenantSettingsRepository;
  audit: AuditLogService;
  slots: SqliteSchedulerSlotStore;
  /** The waits the service and outbox asked for. */
  sleeps: number[];
  tokenDrops: string[];
}

export function buildRotationProcess(ports: ProcessPorts): RotationProcess {
  const { clock, logger } = ports;
  const db = openDatabase(ports.dbPath);
  const power = new CrashSwitch();
  const wrap = <T extends object>(port: CrashablePort, target: T): T => crashable(target, power, port, ports.crash?.port === port ? ports.crash.point : undefined);
  const sleeps: number[] = [];
  const tokenDrops: string[] = [];
  const sleep = async (ms: number): Promise<void> => {
    sleeps.push(ms);
    if (ports.advanceClockOnSleep) clock.advance(ms);
    else await new Promise((resolve) => setTimeout(resolve, ms));
  };
  const settings = new SqliteTenantSettingsRepository(db, clock);
  const serviceAccounts = wrap<ServiceAccountRepository>('serviceAccounts', new SqliteServiceAccountRepository(db));
  const journal = wrap<RotationJournal>('journal', new SqliteRotationJournal(db));
  const leases = crashable<RotationLeaseStore>(new SqliteRotationLeaseStore(db), power, 'leases');
  const conditions = crashable<RotationConditionStore>(new SqliteRotationConditionStore(db), power, 'conditions');
  const tokenCache = wrap<CredentialCacheInvalidator>('tokenCache', { notifyRotated: (tenantId: string) => void tokenDrops.push(tenantId) });
  const audit = new AuditLogService(new SqliteAuditRecordRepository(db), clock);
  const vault = wrap<SecretVault>('vault', (ports.wrapVault ?? ((v) => v))(ports.vault));
  const directory = wrap<Directory>('directory', (ports.wrapDirectory ?? ((d) => d))(ports.directory));
  const tokens = wrap<TokenIssuer>('tokens', (ports.wrapTokens ?? ((t) => t))(ports.tokens));
  const targets = new NoticeTargetResolver(settings, { listTenantAdminIds: async () => [...ADMIN_IDS] }, logger);
  const outbox = new NoticeOutbox({
    store: crashable(new SqliteNoticeOutboxStore(db), power, 'outbox'),
    notifier: ports.notifier,
    renderer: fakeRotationNoticeRenderer,
    clock,
    targets,
    logger: logger.child({ area: 'notices' }),
    sleep,
    random: () => 0.5,
  });
  const publisher = new RotationNoticePublisher({ composer: new RotationNoticeComposer(clock), targets, outbox, settings, clock });
  const schedules = new TenantRotationSchedules(settings);
  const service = new RotationService(
    {
      vault,
      directory,
      tokens,
      serviceAccounts,
      journal,
      leases,
      conditions,
      passwords: ports.passwords,
      clock,
      tokenCache,
      audit: crashable(new AuditLogRotationSink(audit, ports.botAppId ?? 'bot-app-client-id'), power, 'audit'),
      events: crashable(publisher, power, 'notices'),
      schedule: schedules,
      logger: logger.child({ area: 'rotation' }),
      sleep,
    },
    { verifyDelayInMs: 1_000, ...ports.rotationOptions },
  );
  const slots = new SqliteSchedulerSlotStore(db);
  const scheduler = new RotationScheduler(
    {
      clock,
      tenants: { listTenantIds: () => (db.prepare('SELECT tenant_id FROM service_accounts').all() as Array<{ tenant_id: string }>).map((row) => row.tenant_id) },
      settings,
      serviceAccounts,
      schedules,
      slots: crashable(slots, power, 'slots'),
      rotation: service,
      notices: publisher,
      outbox,
      logger: logger.child({ area: 'scheduler' }),
    },
    ports.schedulerOptions,
  );
  return { db, power, service, history: new RotationHistory(journal), outbox, scheduler, serviceAccounts, settings, audit, slots, sleeps, tokenDrops };
}

/**
 * Where each secret appears outside the vault: log text, every row of every SQLite table (the
 * journal, leases, conditions, scheduler slots, outbox, audit records, service-account record…),
 * notices, history and errors the test caught.
 */
export function scanForSecrets(process: RotationProcess, secrets: readonly string[], extra: { logs: string; notices: string; caught: readonly unknown[] }): string[] {
  const haystacks: Array<[string, string]> = [['logs', extra.logs]];
  const tables = process.db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as Array<{ name: string }>;
  for (const { name } of tables) haystacks.push([`table ${name}`, JSON.stringify(process.db.prepare(`SELECT * FROM "${name}"`).all())]);
  haystacks.push(['notices', extra.notices]);
  const history = new RotationHistory(new SqliteRotationJournal(process.db));
  const tenants = process.db.prepare('SELECT DISTINCT tenant_id FROM rotation_runs').all() as Array<{ tenant_id: string }>;
  haystacks.push(['history', JSON.stringify(tenants.map(({ tenant_id }) => history.list(tenant_id, { limit: 100 })))]);
  haystacks.push([
    'errors',
    JSON.stringify(extra.caught.map((error) => (error instanceof Error ? { ...error, message: error.message, stack: error.stack, cause: String(error.cause) } : error))),
  ]);
  const leaks: string[] = [];
  for (const secret of new Set(secrets)) {
    if (secret.length < 8) throw new Error('refusing to scan for a short string');
    for (const [where, text] of haystacks) if (text.includes(secret)) leaks.push(where);
  }
  return leaks;
}

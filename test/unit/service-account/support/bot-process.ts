/**
 * One "bot process" for the service-account tests: an SQLite file opened afresh, the real
 * repositories and journal, fresh service instances, and recorders for audit, progress and
 * logs. Booting twice on the same file is a restart.
 */
import { openDatabase, type SqliteDatabase } from '../../../../services/adapters/sqlite/database';
import { SqliteProvisioningJournal } from '../../../../services/adapters/sqlite/provisioning-journal.sqlite';
import { SqliteServiceAccountRepository } from '../../../../services/adapters/sqlite/service-account.sqlite';
import { SqliteTenantSettingsRepository } from '../../../../services/adapters/sqlite/tenant-settings.sqlite';
import type { Actor } from '../../../../services/access/actor';
import { AuthorizationService } from '../../../../services/access/authorization.service';
import { RoleService } from '../../../../services/access/role.service';
import { SqliteAccessGrantRepository } from '../../../../services/adapters/sqlite/access-grant.sqlite';
import { SqliteApprovalRepository } from '../../../../services/adapters/sqlite/approval.sqlite';
import { SqliteAuditRecordRepository } from '../../../../services/adapters/sqlite/audit-record.sqlite';
import { ApprovalHandlerRegistry } from '../../../../services/approvals/approval-handler.registry';
import { ApprovalService } from '../../../../services/approvals/approval.service';
import { AuditLogService } from '../../../../services/audit/audit-log.service';
import { BackgroundTasks } from '../../../../services/service-account/background-tasks';
import { ModeSwitchService } from '../../../../services/service-account/mode-switch.service';
import type { ModeSwitchOutcome, ModeSwitchReporter } from '../../../../services/service-account/mode-switch.types';
import { AuditWriterSink } from '../../../../services/service-account/service-account-audit.adapter';
import { createLogger } from '../../../../services/logger';
import { ManualClock } from '../../../../services/ports/clock.port';
import { AdvancedManagementDisableService } from '../../../../services/service-account/advanced-management-disable.service';
import type { ProgressDetail, ProgressListener, ProgressStep, StepState } from '../../../../services/service-account/provisioning-progress';
import type { ServiceAccountAuditEntry, SessionTerminator } from '../../../../services/service-account/service-account.collaborators.port';
import { resolveServiceAccountConfig, type ServiceAccountConfig } from '../../../../services/service-account/service-account.config';
import { ServiceAccountProvisioningService } from '../../../../services/service-account/service-account-provisioning.service';
import { TenantOperationLock } from '../../../../services/service-account/tenant-operation-lock';
import { MemoryLog } from '../../../support/memory-log';
import { ProcessLife, World, type CrashPlan, type ExternalPorts } from './crash-world';

export const ADMIN: Actor = { tenantId: '0b4e6f6c-1111-4a4a-9c9c-000000000001', userId: 'admin-1', upn: 'ada@contoso.example', displayName: 'Ada Admin' };
export const SECOND_ADMIN: Actor = { tenantId: ADMIN.tenantId, userId: 'admin-2', upn: 'bob@contoso.example', displayName: 'Bob Admin' };
export const OPERATOR: Actor = { tenantId: ADMIN.tenantId, userId: 'operator-1', upn: 'olga@contoso.example', displayName: 'Olga Operator' };

/** What the bot layer would turn into the progress card and the final message. */
export class RecordingReporter implements ModeSwitchReporter {
  readonly progress: ProgressEvent[] = [];
  readonly outcomes: ModeSwitchOutcome[] = [];
  progressFor(): ProgressListener {
    return (step, state, detail) => void this.progress.push(detail ? { step: step.id, state, detail } : { step: step.id, state });
  }
  async finished(outcome: ModeSwitchOutcome): Promise<void> {
    this.outcomes.push(outcome);
  }
}

export interface ProgressEvent {
  step: string;
  state: StepState;
  detail?: ProgressDetail;
}

export class RecordingSessions implements SessionTerminator {
  readonly ended: string[] = [];
  async endSession(tenantId: string): Promise<void> {
    this.ended.push(tenantId);
  }
}

export interface BotProcess {
  db: SqliteDatabase;
  life: ProcessLife;
  clock: ManualClock;
  config: ServiceAccountConfig;
  journal: SqliteProvisioningJournal;
  accounts: SqliteServiceAccountRepository;
  settings: SqliteTenantSettingsRepository;
  locks: TenantOperationLock;
  provisioning: ServiceAccountProvisioningService;
  disabler: AdvancedManagementDisableService;
  sessions: RecordingSessions;
  audit: ServiceAccountAuditEntry[];
  auditLog: AuditLogService;
  approvals: ApprovalService;
  authorization: AuthorizationService;
  modeSwitch: ModeSwitchService;
  tasks: BackgroundTasks;
  reporter: RecordingReporter;
  progress: ProgressEvent[];
  onProgress: ProgressListener;
  log: MemoryLog;
  close(): void;
}

export interface BootOptions {
  crash?: CrashPlan;
  config?: Partial<ServiceAccountConfig>;
  /** Real adapters (e.g. against the sandbox) in place of the world's fakes for the service-account ports. */
  external?: ExternalPorts;
}

export function bootProcess(world: World, dbPath: string, options: BootOptions = {}): BotProcess {
  const db = openDatabase(dbPath);
  const life = new ProcessLife(options.crash);
  const clock = new ManualClock('2026-01-05T09:00:00Z');
  const config = resolveServiceAccountConfig({ signInVerifyAttempts: 2, signInVerifyDelayInMs: 0, ...options.config });
  const journal = new SqliteProvisioningJournal(db);
  const accounts = new SqliteServiceAccountRepository(db);
  const settings = new SqliteTenantSettingsRepository(db, clock);
  const locks = new TenantOperationLock();
  const log = new MemoryLog();
  const logger = createLogger({ level: 'debug', destination: log }).child({ area: 'service-account' });
  const audit: ServiceAccountAuditEntry[] = [];
  // Entries go to the real hash-chained audit log too, so leak scans see the stored rows.
  const auditLog = new AuditLogService(new SqliteAuditRecordRepository(db), clock);
  const writer = new AuditWriterSink(auditLog);
  const auditSink = life.guard('audit', {
    append: async (entry: ServiceAccountAuditEntry) => {
      audit.push(entry);
      await writer.append(entry);
    },
  });
  const progress: ProgressEvent[] = [];
  const onProgress: ProgressListener = (step: ProgressStep, state, detail) => {
    progress.push(detail ? { step: step.id, state, detail } : { step: step.id, state });
  };
  const ports = life.ports(options.external ?? world);
  const sessions = new RecordingSessions();
  const common = {
    journal: life.guard('journal', journal),
    accounts: life.guard('accounts', accounts),
    clock,
    config,
    locks,
    audit: auditSink,
    logger,
  };
  const provisioning = new ServiceAccountProvisioningService({ ...common, ...ports, sleep: async () => undefined });
  const disabler = new AdvancedManagementDisableService({
    ...common,
    directory: ports.directory,
    vault: ports.vault,
    settings: life.guard('settings', settings),
    sessions: life.wrap('sessions', sessions),
  });
  const roles = new RoleService(world.directory, new SqliteAccessGrantRepository(db), clock, { bootstrapTenantAdminIds: [ADMIN.userId, SECOND_ADMIN.userId] });
  const authorization = new AuthorizationService(roles, world.directory, auditLog);
  const registry = new ApprovalHandlerRegistry();
  const approvals = new ApprovalService(new SqliteApprovalRepository(db), registry, authorization, roles, auditLog, clock);
  const tasks = new BackgroundTasks(logger);
  const reporter = new RecordingReporter();
  const modeSwitch = new ModeSwitchService({
    settings: life.guard('settings', settings),
    accounts: life.guard('accounts', accounts),
    provisioning,
    disabler,
    approvals,
    authorization,
    journal: common.journal,
    clock,
    tasks,
    reporter,
    audit: auditSink,
    logger,
  });
  for (const handler of modeSwitch.approvalHandlers()) registry.register(handler);
  return {
    db,
    life,
    clock,
    config,
    journal,
    accounts,
    settings,
    locks,
    provisioning,
    disabler,
    sessions,
    audit,
    auditLog,
    approvals,
    authorization,
    modeSwitch,
    tasks,
    reporter,
    progress,
    onProgress,
    log,
    close: () => db.close(),
  };
}

/**
 * Playbooks wired the way the composition root will wire them, over a real SQLite file: the real
 * ApprovalService (with the 'playbook.remediation' kind registered), AuthorizationService,
 * RoleService and audit log on the in-memory directory, plus in-memory stand-ins for the three
 * playbook ports: a licence directory, a licence-removing action port and a notice recorder.
 * `restart()` is a new process on the same file; `crashOn` kills a "process" at a chosen write.
 */
import type { Actor } from '../../../../services/access/actor';
import { SqlitePlaybookRepository } from '../../../../services/adapters/sqlite/playbook.sqlite';
import { ApprovalHandlerRegistry } from '../../../../services/approvals/approval-handler.registry';
import type { AuditRecord } from '../../../../services/ports/audit-log.port';
import { silentLogger } from '../../../../services/ports/area-logger.port';
import { ManualClock } from '../../../../services/ports/clock.port';
import { DirectoryError } from '../../../../services/ports/directory.port';
import type { DirectoryQuery, DirectoryQueryOutcome, PlaybookDirectory } from '../../../../services/ports/playbook-directory.port';
import type { PlaybookActionPort, PlaybookActionRequest, PlaybookActionResult } from '../../../../services/playbooks/playbook-action.port';
import type { PlaybookNotice, PlaybookNoticePort } from '../../../../services/playbooks/playbook-notice.port';
import type { PlaybookRepository } from '../../../../services/playbooks/playbook.repository.port';
import { PlaybookScheduler } from '../../../../services/playbooks/playbook-scheduler';
import { PlaybookService, type PlaybookCapability } from '../../../../services/playbooks/playbook.service';
import { BackgroundTasks } from '../../../../services/service-account/background-tasks';
import { InMemoryDirectory } from '../../../support/fakes/in-memory-directory';
import { buildHarness, tempDatabase, type AccessHarness } from '../../access/support/access-harness';
import { actor, people, seedContoso, targets, TENANT_A, TENANT_B } from '../../access/support/contoso';

export { people, targets, TENANT_A, TENANT_B };

export const ENTERPRISE_PACK = '6fd2c87f-b296-42f0-b197-1e91e994b900';
export const EMS = 'efccb6f7-5641-4e0e-bd10-b4976e1bf68e';

/**
 * Until the playbook capabilities exist in services/access/capabilities.ts, a tenant-admin-only
 * capability of the catalogue stands in for them, so the real AuthorizationService decides.
 */
export const STAND_IN_CAPABILITY = 'settings.update' as const;

export const ada = actor(TENANT_A, people.ada);
export const pria = actor(TENANT_A, people.pria);
export const olga = actor(TENANT_A, people.olga);
export const gus: Actor = { tenantId: TENANT_A, userId: targets.gus.id, upn: targets.gus.userPrincipalName, displayName: targets.gus.displayName };
export const adaOfB = actor(TENANT_B, people.ada);

interface LicencedUser {
  id: string;
  userPrincipalName: string;
  displayName: string;
  accountEnabled: boolean;
  skuIds: string[];
}

/** The licence side of a directory: who is disabled and which SKUs they hold, per tenant. */
export class LicenceDirectory implements PlaybookDirectory {
  private readonly tenants = new Map<string, Map<string, LicencedUser>>();
  /** Query kinds this tenant cannot answer, with the reason. */
  readonly unavailable = new Map<DirectoryQuery['kind'], string>();
  outage: DirectoryError | undefined;
  queries = 0;

  add(tenantId: string, user: LicencedUser): void {
    let users = this.tenants.get(tenantId);
    if (!users) this.tenants.set(tenantId, (users = new Map()));
    users.set(user.id, { ...user, skuIds: [...user.skuIds] });
  }

  user(tenantId: string, id: string): LicencedUser | undefined {
    return this.tenants.get(tenantId)?.get(id);
  }

  users(tenantId: string): LicencedUser[] {
    return [...(this.tenants.get(tenantId)?.values() ?? [])];
  }

  async listFindings(tenantId: string, query: DirectoryQuery): Promise<DirectoryQueryOutcome> {
    await new Promise((resolve) => setImmediate(resolve));
    this.queries += 1;
    if (this.outage) throw this.outage;
    const reason = this.unavailable.get(query.kind);
    if (reason) return { status: 'unavailable', reason };
    if (query.kind !== 'disabledUsersWithLicences') return { status: 'ok', findings: [] };
    return {
      status: 'ok',
      findings: this.users(tenantId)
        .filter((user) => !user.accountEnabled && user.skuIds.length > 0)
        .map((user) => ({ userId: user.id, userPrincipalName: user.userPrincipalName, displayName: user.displayName, facts: { assignedSkuIds: [...user.skuIds] } })),
    };
  }
}

/**
 * The action port as the wiring will build it: exactly once per idempotency key (a repeat
 * answers the first outcome). `calls` counts every call, `effects` every real change.
 */
export class LicenceActions implements PlaybookActionPort {
  readonly calls: PlaybookActionRequest[] = [];
  readonly effects = new Map<string, number>();
  private readonly answered = new Map<string, PlaybookActionResult>();
  /** Users whose action fails (e.g. the session is off for them). */
  readonly failFor = new Map<string, string>();

  constructor(private readonly directory: LicenceDirectory) {}

  async run(request: PlaybookActionRequest): Promise<PlaybookActionResult> {
    await new Promise((resolve) => setImmediate(resolve));
    this.calls.push(request);
    const earlier = this.answered.get(request.idempotencyKey);
    if (earlier) return earlier;
    const result = this.perform(request);
    this.answered.set(request.idempotencyKey, result);
    return result;
  }

  callsFor(userId: string): number {
    return this.calls.filter((call) => call.targetUserId === userId).length;
  }

  private perform(request: PlaybookActionRequest): PlaybookActionResult {
    const failure = this.failFor.get(request.targetUserId);
    if (failure) return { status: 'failed', summary: 'The management session is off.', code: failure };
    if (request.actionId !== 'user.removeAllLicenses') return { status: 'failed', summary: 'Not supported here.', code: 'ACTION.UNKNOWN' };
    const user = this.directory.user(request.tenantId, request.targetUserId);
    if (!user) return { status: 'failed', summary: 'No such user.', code: 'ACTION.TARGET_NOT_FOUND' };
    const removed = user.skuIds.length;
    user.skuIds = [];
    this.effects.set(user.id, (this.effects.get(user.id) ?? 0) + 1);
    return { status: 'succeeded', summary: `Removed ${removed} licence${removed === 1 ? '' : 's'}.` };
  }
}

/** Records what was published; like the real port, drops a repeat of a dedupe key. */
export class RecordedNotices implements PlaybookNoticePort {
  readonly published: PlaybookNotice[] = [];
  private readonly seen = new Set<string>();
  publishes = 0;

  async publish(notice: PlaybookNotice): Promise<void> {
    this.publishes += 1;
    if (this.seen.has(notice.dedupeKey)) return;
    this.seen.add(notice.dedupeKey);
    this.published.push(notice);
  }

  ofKind<K extends PlaybookNotice['kind']>(kind: K): Array<Extract<PlaybookNotice, { kind: K }>> {
    return this.published.filter((notice): notice is Extract<PlaybookNotice, { kind: K }> => notice.kind === kind);
  }
}

export class SimulatedCrash extends Error {
  readonly code = 'SimulatedCrash';
}

/** Where a "process" dies: after (or before) a repository write for one user. */
export interface CrashPoint {
  method: 'startRemediation' | 'settleRemediation';
  userId: string;
  /** true: the write is committed, then the process dies; false: it dies before writing. */
  afterWrite: boolean;
}

function crashing(repository: PlaybookRepository, point: CrashPoint | undefined): PlaybookRepository {
  if (!point) return repository;
  return new Proxy(repository, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (property !== point.method || typeof value !== 'function') return typeof value === 'function' ? value.bind(target) : value;
      return (...args: unknown[]) => {
        if (args[2] !== point.userId) return (value as (...a: unknown[]) => unknown).apply(target, args);
        if (!point.afterWrite) throw new SimulatedCrash(`killed before ${point.method}`);
        (value as (...a: unknown[]) => unknown).apply(target, args);
        throw new SimulatedCrash(`killed after ${point.method}`);
      };
    },
  });
}

export interface PlaybookProcess {
  harness: AccessHarness;
  repository: PlaybookRepository;
  service: PlaybookService;
  scheduler: PlaybookScheduler;
  background: BackgroundTasks;
}

export class PlaybookWorld {
  readonly clock: ManualClock;
  readonly directory = new InMemoryDirectory();
  readonly licences = new LicenceDirectory();
  readonly actions: LicenceActions;
  readonly notices = new RecordedNotices();
  readonly processes: PlaybookProcess[] = [];
  process!: PlaybookProcess;
  private readonly db = tempDatabase();

  constructor(start = '2026-01-05T09:00:00Z') {
    this.clock = new ManualClock(start);
    seedContoso(this.directory, TENANT_A);
    seedContoso(this.directory, TENANT_B);
    this.actions = new LicenceActions(this.licences);
    this.boot();
  }

  /** A process on the shared database file; `crashOn` makes it die at one write. */
  boot(options: { crashOn?: CrashPoint } = {}): PlaybookProcess {
    const registry = new ApprovalHandlerRegistry();
    const harness = buildHarness({ dbPath: this.db.dbPath, directory: this.directory, clock: this.clock, handlers: registry, roleOptions: { tenantAdminRoster: this.directory } });
    const repository = crashing(new SqlitePlaybookRepository(harness.db), options.crashOn);
    const background = new BackgroundTasks(silentLogger);
    const authorize = (who: Actor, _capability: PlaybookCapability, authorizeOptions: { correlationId: string }) =>
      harness.authorization.require(who, STAND_IN_CAPABILITY, undefined, authorizeOptions);
    const service = new PlaybookService({
      repository,
      directory: this.licences,
      actions: this.actions,
      notices: this.notices,
      approvals: harness.approvals,
      audit: harness.audit,
      clock: this.clock,
      authorize,
      background,
      attestationCapability: STAND_IN_CAPABILITY,
      tenantTimeZone: () => 'Europe/Amsterdam',
    });
    registry.register(service.approvalHandler());
    const scheduler = new PlaybookScheduler({ repository, playbooks: service, clock: this.clock });
    this.process = { harness, repository, service, scheduler, background };
    this.processes.push(this.process);
    return this.process;
  }

  /** The old process is gone (its connection closed); a new one starts on the same file. */
  async restart(options: { crashOn?: CrashPoint } = {}): Promise<PlaybookProcess> {
    await this.process.background.drain().catch(() => undefined);
    this.process.scheduler.dispose();
    this.process.harness.close();
    return this.boot(options);
  }

  async settle(): Promise<void> {
    await this.process.background.drain();
  }

  async close(): Promise<void> {
    for (const process of this.processes) {
      await process.background.drain().catch(() => undefined);
      process.scheduler.dispose();
      if (process.harness.db.open) process.harness.close();
    }
    this.db.cleanup();
  }

  /** Three disabled users with licences, one disabled without, one enabled with: the licence-hygiene fixture. */
  seedLicences(tenantId = TENANT_A): void {
    this.licences.add(tenantId, { id: 'u-dora', userPrincipalName: 'dora@contoso.com', displayName: 'Dora Disabled', accountEnabled: false, skuIds: [ENTERPRISE_PACK] });
    this.licences.add(tenantId, { id: 'u-dan', userPrincipalName: 'dan@contoso.com', displayName: 'Dan Disabled', accountEnabled: false, skuIds: [ENTERPRISE_PACK, EMS] });
    this.licences.add(tenantId, { id: 'u-dina', userPrincipalName: 'dina@contoso.com', displayName: 'Dina Disabled', accountEnabled: false, skuIds: [EMS] });
    this.licences.add(tenantId, { id: 'u-nolan', userPrincipalName: 'nolan@contoso.com', displayName: 'Nolan No-licence', accountEnabled: false, skuIds: [] });
    this.licences.add(tenantId, { id: 'u-eve', userPrincipalName: 'eve@contoso.com', displayName: 'Eve Enabled', accountEnabled: true, skuIds: [ENTERPRISE_PACK] });
  }

  /** Oldest first. */
  async audit(tenantId = TENANT_A): Promise<AuditRecord[]> {
    const records: AuditRecord[] = [];
    let before: number | undefined;
    do {
      const page = await this.process.harness.audit.list(tenantId, { limit: 100, ...(before !== undefined ? { before } : {}) });
      records.push(...page.records);
      before = page.nextBefore;
    } while (before !== undefined);
    return records.reverse();
  }

  async auditOf(action: string, tenantId = TENANT_A): Promise<AuditRecord[]> {
    return (await this.audit(tenantId)).filter((record) => record.action === action);
  }

  licencedDisabled(tenantId = TENANT_A): string[] {
    return this.licences
      .users(tenantId)
      .filter((user) => !user.accountEnabled && user.skuIds.length > 0)
      .map((user) => user.id)
      .sort();
  }
}

/**
 * A small world for workflow tests: the real WorkflowRunService over a real SQLite file, with the
 * real ApprovalService (SQLite approval repository, access services over the in-memory Contoso
 * directory) and the real audit log, plus recording fakes for what the engine calls out to:
 *
 * - FakeTenantActions: a tenant that remembers which changes are in effect, records every call
 *   (so tests can say "blocked once"), fails or answers "unknown" on demand, and delivers the
 *   temporary password to the requester itself (the engine only ever sees its label);
 * - RecordingNotices: the notices delivered, once per idempotency key;
 * - FakeWorkflowDirectory: users, managers, departments and groups;
 * - FakeGuard: allows every start except targets listed as out of scope; tenant admins are Ada and Pria.
 *
 * `restart()` closes the database and builds everything again on the same file: a new process.
 */
import type { Actor, Person } from '../../../../services/access/actor';
import { ApprovalHandlerRegistry } from '../../../../services/approvals/approval-handler.registry';
import { SqliteWorkflowRunRepository } from '../../../../services/adapters/sqlite/workflow-run.sqlite';
import { SqliteWorkflowDefinitionRepository } from '../../../../services/adapters/sqlite/workflow-definition.sqlite';
import { ManualClock } from '../../../../services/ports/clock.port';
import type { AuditRecord } from '../../../../services/ports/audit-log.port';
import type { WorkflowActionPort, WorkflowActionRequest, WorkflowActionResult } from '../../../../services/workflows/workflow-action.port';
import { workflowApprovalHandler } from '../../../../services/workflows/workflow-approvals';
import { WorkflowCatalog } from '../../../../services/workflows/workflow-catalog';
import type { WorkflowDirectory } from '../../../../services/workflows/workflow-directory.port';
import type { WorkflowNotice, WorkflowNoticePort, WorkflowNoticeResult } from '../../../../services/workflows/workflow-notice.port';
import type { WorkflowRunGuard } from '../../../../services/workflows/workflow-run-guard.port';
import type { StepExpectation, StepKey, StepPatch, WorkflowRunRepository } from '../../../../services/workflows/workflow-run.repository.port';
import { WorkflowRunService } from '../../../../services/workflows/workflow-run.service';
import type { WorkflowRunView, WorkflowUser } from '../../../../services/workflows/workflow-run.types';
import { InMemoryDirectory } from '../../../support/fakes/in-memory-directory';
import { publishWorkflow } from '../../../support/workflows/published-workflow';
import { buildHarness, tempDatabase, type AccessHarness } from '../../access/support/access-harness';
import { actor, people, seedContoso, targets, TENANT_A } from '../../access/support/contoso';

export { people, targets, TENANT_A } from '../../access/support/contoso';

export const ada = actor(TENANT_A, people.ada);
export const pria = actor(TENANT_A, people.pria);
export const olga = actor(TENANT_A, people.olga);
/** A Global Administrator through a group: a tenant admin who is neither Ada nor Pria. */
export const gus = actor(TENANT_A, { userId: targets.gus.id, upn: targets.gus.userPrincipalName, displayName: targets.gus.displayName });

/** The temporary password the fake tenant hands out: it must never reach the engine, the store or the audit. */
export const TEMPORARY_PASSWORD = 'Tmp!Pass-7Qx9#Lk2Vb';

export type Behaviour = 'succeed' | 'fail' | 'unknown' | 'throw';

/** A tenant whose changes tests can read: which action is in effect for whom, and every call made. */
export class FakeTenantActions implements WorkflowActionPort {
  readonly calls: WorkflowActionRequest[] = [];
  readonly verifications: WorkflowActionRequest[] = [];
  /** Secrets delivered to requesters (by the port, as the real one does in their personal chat). */
  readonly delivered: Array<{ to: string; label: string; value: string }> = [];
  /** `${actionId}:${userId}` → in effect. */
  readonly inEffect = new Set<string>();
  private readonly behaviours = new Map<string, Behaviour[]>();
  private readonly byKey = new Map<string, WorkflowActionResult>();
  /** Actions whose effect can be read back (block sign-in, group membership, profile…). */
  verifiable = new Set(['user.blockSignIn', 'user.addToGroup', 'user.removeFromGroup', 'user.updateProfile']);

  /** The next calls of `actionId` behave like this, in order; then they succeed. */
  next(actionId: string, ...behaviours: Behaviour[]): void {
    this.behaviours.set(actionId, [...(this.behaviours.get(actionId) ?? []), ...behaviours]);
  }

  callsOf(actionId: string): WorkflowActionRequest[] {
    return this.calls.filter((call) => call.actionId === actionId);
  }

  order(): string[] {
    return this.calls.map((call) => call.actionId);
  }

  async run(request: WorkflowActionRequest): Promise<WorkflowActionResult> {
    await new Promise((resolve) => setImmediate(resolve));
    this.calls.push(request);
    const earlier = this.byKey.get(request.idempotencyKey);
    if (earlier) return earlier;
    const behaviour = this.behaviours.get(request.actionId)?.shift() ?? 'succeed';
    if (behaviour === 'throw') throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    let result: WorkflowActionResult;
    if (behaviour === 'fail') result = { status: 'failed', code: 'DIRECTORY.PERMISSION_DENIED', summary: "The management account isn't allowed to do this." };
    else if (behaviour === 'unknown') result = { status: 'unknown', code: 'ACTION.OUTCOME_UNKNOWN', summary: "The action was sent, but I can't tell whether it took effect." };
    else {
      this.inEffect.add(`${request.actionId}:${request.target.userId}`);
      if (request.actionId === 'user.removeFromGroup') this.inEffect.delete(`user.addToGroup:${request.target.userId}`);
      result = { status: 'succeeded', summary: `${request.actionId} done for ${request.target.upn}.` };
      if (request.actionId === 'user.resetPassword' || request.actionId === 'user.createTemporaryAccessPass') {
        const label = request.actionId === 'user.resetPassword' ? 'Temporary password' : 'Temporary Access Pass';
        this.delivered.push({ to: request.requester.userId, label, value: TEMPORARY_PASSWORD });
        result = { ...result, shownOnce: { label } };
      }
    }
    this.byKey.set(request.idempotencyKey, result);
    return result;
  }

  async verify(request: WorkflowActionRequest): Promise<WorkflowActionResult> {
    this.verifications.push(request);
    if (!this.verifiable.has(request.actionId)) return { status: 'unknown', summary: 'This change cannot be read back.' };
    return this.inEffect.has(`${request.actionId}:${request.target.userId}`)
      ? { status: 'succeeded', summary: 'The change is in effect (checked after the interruption).' }
      : { status: 'failed', code: 'ACTION.NOT_APPLIED', summary: 'The change did not take effect.' };
  }
}

export class RecordingNotices implements WorkflowNoticePort {
  /** Delivered, once per idempotency key (as the notice outbox would). */
  readonly sent: WorkflowNotice[] = [];
  /** Every call's idempotency key, repeats included. */
  readonly attempts: string[] = [];
  failNext: string | undefined;

  async send(notice: WorkflowNotice): Promise<WorkflowNoticeResult> {
    this.attempts.push(notice.idempotencyKey);
    if (this.failNext) {
      const code = this.failNext;
      this.failNext = undefined;
      return { status: 'failed', code, summary: 'The admin channel is not set up.' };
    }
    if (!this.sent.some((earlier) => earlier.idempotencyKey === notice.idempotencyKey)) this.sent.push(notice);
    return { status: 'sent' };
  }
}

export class FakeWorkflowDirectory implements WorkflowDirectory {
  readonly users = new Map<string, WorkflowUser>();
  readonly managers = new Map<string, string>();
  readonly groups = new Map<string, { id: string; displayName: string; members: string[] }>();

  add(user: WorkflowUser): WorkflowUser {
    this.users.set(user.userId, user);
    return user;
  }

  async findUser(_tenantId: string, idOrUpn: string): Promise<WorkflowUser | undefined> {
    const wanted = idOrUpn.toLowerCase();
    return [...this.users.values()].find((user) => user.userId.toLowerCase() === wanted || user.upn.toLowerCase() === wanted);
  }

  async getManager(_tenantId: string, userId: string): Promise<WorkflowUser | undefined> {
    const managerId = this.managers.get(userId);
    return managerId ? this.users.get(managerId) : undefined;
  }

  async listUsersInDepartment(_tenantId: string, department: string): Promise<WorkflowUser[]> {
    return [...this.users.values()].filter((user) => user.department?.toLowerCase() === department.toLowerCase());
  }

  async findGroupsByName(_tenantId: string, name: string): Promise<Array<{ id: string; displayName: string }>> {
    return [...this.groups.values()].filter((group) => group.displayName.toLowerCase() === name.toLowerCase()).map(({ id, displayName }) => ({ id, displayName }));
  }

  async listGroupUsers(_tenantId: string, groupId: string): Promise<WorkflowUser[]> {
    return (this.groups.get(groupId)?.members ?? []).map((id) => this.users.get(id)).filter((user): user is WorkflowUser => Boolean(user));
  }
}

export class FakeGuard implements WorkflowRunGuard {
  readonly outOfScope = new Set<string>();
  readonly tenantAdmins = new Set<string>([people.ada.userId, people.pria.userId, targets.gus.id]);

  async authorizeStart(actorOf: Actor, _workflow: unknown, target: WorkflowUser): Promise<void> {
    if (this.outOfScope.has(target.userId)) {
      throw Object.assign(new Error('not in scope'), { code: 'ACCESS.NOT_IN_SCOPE', userMessage: `${target.upn} isn't in ${actorOf.displayName ?? 'your'} scope.` });
    }
  }

  async isTenantAdmin(actorOf: Actor): Promise<boolean> {
    return this.tenantAdmins.has(actorOf.userId);
  }

  /** The most users an operator may start a run for at once (the tenant's bulk approval size); undefined: no limit. */
  operatorBatchLimit: number | undefined = undefined;

  async batchLimit(actorOf: Actor): Promise<number | undefined> {
    return this.tenantAdmins.has(actorOf.userId) ? undefined : this.operatorBatchLimit;
  }

  /** Action ids the tenant's rules send for approval when an operator runs them. */
  readonly approvalRequired = new Set<string>();

  async approvalsNeeded(actorOf: Actor, workflow: { steps: ReadonlyArray<{ kind: string; action?: string; optional?: boolean; id: string }> }, optIn: readonly string[]): Promise<string[]> {
    if (this.tenantAdmins.has(actorOf.userId)) return [];
    return workflow.steps.filter((step) => step.kind === 'action' && (!step.optional || optIn.includes(step.id)) && this.approvalRequired.has(step.action ?? '')).map((step) => step.action!);
  }
}

/** Users of the fake directory, Contoso's targets plus a starter whose account HR created. */
export const users = {
  sam: { userId: targets.sam.id, upn: targets.sam.userPrincipalName, displayName: targets.sam.displayName, department: 'Sales' },
  pete: { userId: targets.pete.id, upn: targets.pete.userPrincipalName, displayName: targets.pete.displayName, department: 'Sales' },
  cora: { userId: targets.cora.id, upn: targets.cora.userPrincipalName, displayName: targets.cora.displayName, department: 'Sales' },
  olive: { userId: targets.olive.id, upn: targets.olive.userPrincipalName, displayName: targets.olive.displayName, department: 'Finance' },
  jo: { userId: 't-jo', upn: 'jo.starter@contoso.com', displayName: 'Jo Starter', department: 'Marketing' },
  megan: { userId: 'u-megan', upn: 'megan@contoso.com', displayName: 'Megan Manager', department: 'Marketing' },
} satisfies Record<string, WorkflowUser>;

export interface WorkflowWorld {
  clock: ManualClock;
  actions: FakeTenantActions;
  notices: RecordingNotices;
  directory: FakeWorkflowDirectory;
  guard: FakeGuard;
  dbPath: string;
  /** The current "process". */
  harness: AccessHarness;
  service: WorkflowRunService;
  definitions: SqliteWorkflowDefinitionRepository;
  /** Closes this process's database and builds a new one on the same file. `attach: false` leaves the approval kind without its runner (effects fail) until `attachLater()`. */
  restart(options?: { attach?: boolean }): void;
  attachLater(): void;
  /** Wraps the run store of the processes built from now on (e.g. to fail one write, as a crash would); undefined unwraps it. */
  wrapRuns(wrapper: ((runs: WorkflowRunRepository) => WorkflowRunRepository) | undefined): void;
  /** Publishes a tenant workflow from YAML (validated: a bad definition fails the test with its words). */
  publish(yaml: string): void;
  view(runId: string, by?: Actor): Promise<WorkflowRunView>;
  audit(): Promise<AuditRecord[]>;
  close(): void;
}

export function createWorkflowWorld(): WorkflowWorld {
  const { dbPath, cleanup } = tempDatabase();
  const clock = new ManualClock('2026-01-05T09:00:00Z');
  const contoso = new InMemoryDirectory();
  seedContoso(contoso, TENANT_A);
  const actions = new FakeTenantActions();
  const notices = new RecordingNotices();
  const directory = new FakeWorkflowDirectory();
  for (const user of Object.values(users)) directory.add(user);
  directory.managers.set(users.jo.userId, users.megan.userId);
  directory.groups.set('g-leavers', { id: 'g-leavers', displayName: 'Leavers', members: [users.sam.userId, users.olive.userId] });
  const guard = new FakeGuard();

  let receiver: WorkflowRunService | undefined;
  let attached = true;
  let wrapper: ((runs: WorkflowRunRepository) => WorkflowRunRepository) | undefined;
  const build = () => {
    const handlers = new ApprovalHandlerRegistry();
    handlers.register(workflowApprovalHandler(() => (attached ? receiver?.approvalReceiver : undefined)));
    const harness = buildHarness({ dbPath, directory: contoso, clock, handlers });
    const definitions = new SqliteWorkflowDefinitionRepository(harness.db);
    const service = new WorkflowRunService({
      catalog: new WorkflowCatalog(definitions),
      runs: wrapper ? wrapper(new SqliteWorkflowRunRepository(harness.db)) : new SqliteWorkflowRunRepository(harness.db),
      actions,
      notices,
      directory,
      approvals: harness.approvals,
      guard,
      audit: harness.audit,
      clock,
    });
    receiver = service;
    return { harness, service, definitions };
  };

  const world: WorkflowWorld = {
    clock,
    actions,
    notices,
    directory,
    guard,
    dbPath,
    ...build(),
    wrapRuns(next) {
      wrapper = next;
    },
    restart(options = {}) {
      world.harness.close();
      attached = options.attach ?? true;
      Object.assign(world, build());
    },
    attachLater() {
      attached = true;
    },
    publish(yaml) {
      const person: Person = { userId: people.ada.userId, upn: people.ada.upn };
      publishWorkflow(world.definitions, TENANT_A, yaml, person, clock.now().toISOString());
    },
    async view(runId, by = ada) {
      return world.service.get(by, runId);
    },
    async audit() {
      const records: AuditRecord[] = [];
      let before: number | undefined;
      do {
        const page = await world.harness.audit.list(TENANT_A, { limit: 100, ...(before !== undefined ? { before } : {}) });
        records.push(...page.records);
        before = page.nextBefore;
      } while (before !== undefined);
      return records.reverse();
    },
    close() {
      world.harness.close();
      cleanup();
    },
  };
  return world;
}

/**
 * A run store whose first write matching `when` throws, as if the process died at that write
 * (the step stays as it was stored before). Later writes go through.
 */
export function failOnce(when: (key: StepKey, patch: StepPatch) => boolean): (runs: WorkflowRunRepository) => WorkflowRunRepository {
  let failed = false;
  return (runs) =>
    new Proxy(runs, {
      get(target, property, receiver) {
        const value = Reflect.get(target, property, receiver) as unknown;
        if (property !== 'updateStep' || typeof value !== 'function') return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
        return (key: StepKey, expect: StepExpectation, patch: StepPatch) => {
          if (!failed && when(key, patch)) {
            failed = true;
            throw new Error('disk I/O error (simulated crash)');
          }
          return target.updateStep(key, expect, patch);
        };
      },
    });
}

/** The step statuses of a run, as `id: status`, for compact expectations. */
export function statuses(view: WorkflowRunView): Record<string, string> {
  return Object.fromEntries(view.steps.map((step) => [step.id, step.status]));
}

/** The workflow audit records of one run, as [action, stepId or '', status or endedAs or ''] rows. */
export function runTrail(records: readonly AuditRecord[], runId: string): Array<[string, string, string]> {
  return records
    .filter((record) => record.details['runId'] === runId)
    .map((record) => [record.action, String(record.details['stepId'] ?? ''), String(record.details['status'] ?? record.details['endedAs'] ?? '')]);
}

/**
 * Scheduled workflow runs (issue 14, "Triggers: … on a schedule (croner, tenant time zone) with
 * inputs from a query (a department, a group)"). A tenant admin schedules a workflow for every
 * user of a department or group, on a cron pattern (or words such as "weekly on Monday at
 * 06:00") in the tenant's time zone; each slot starts one run per user through
 * WorkflowRunService.runScheduled, authorized user by user for the admin who set it.
 *
 * - One batch per slot: the slot is claimed (a unique key) before its batch starts, and the batch
 *   key is `<scheduleId>:<slot>`, so a second tick or a restart never starts a user's run twice.
 *   A slot claimed by a process that died before it completed is finished by the next tick with
 *   the same batch key: users whose run already exists are not started again.
 * - Catch-up: slots missed while the bot was down collapse into the latest one, run once; a new
 *   schedule counts from when it was set.
 * - Setting and removing a schedule is tenant admins' work (re-checked here on every call) and
 *   audited; each slot's result (runs started, users refused and why) goes to the admin who set
 *   it, through `report`.
 */
import { randomUUID } from 'node:crypto';
import { describePerson, toPerson, type Actor } from '../access/actor';
import type { AuditWriter } from '../ports/audit-log.port';
import type { AreaLogger } from '../ports/area-logger.port';
import { silentLogger } from '../ports/area-logger.port';
import type { Clock } from '../ports/clock.port';
import { CronSchedules, SinglePass } from '../scheduling/cron-schedules';
import { isValidTimeZone, type RotationSchedule } from '../scheduling/rotation-schedule';
import { cronFromScheduleWords, describeCronSchedule } from '../scheduling/schedule-words';
import type { WorkflowCatalog } from './workflow-catalog';
import { WorkflowError } from './workflow-errors';
import type { ScheduledRunResult, WorkflowRunService } from './workflow-run.service';
import type { WorkflowSchedule, WorkflowScheduleQuery, WorkflowScheduleRepository, WorkflowScheduleSlot } from './workflow-schedule.repository.port';

export interface WorkflowScheduleInput {
  workflowName: string;
  query: WorkflowScheduleQuery;
  /** A five-part cron pattern or words cronFromScheduleWords reads. */
  when: string;
  /** IANA zone; the tenant's when absent. */
  timeZone?: string;
  inputs?: Readonly<Record<string, string>>;
  optIn?: readonly string[];
}

/** A schedule as a card shows it. */
export interface WorkflowScheduleView extends WorkflowSchedule {
  /** "weekly on Monday at 06:00". */
  whenInWords: string;
  nextRunAt?: string;
  lastSlot?: WorkflowScheduleSlot;
}

/** What one slot did, for the admin who set the schedule. */
export interface WorkflowScheduleSlotReport {
  schedule: WorkflowSchedule;
  slot: string;
  result?: ScheduledRunResult;
  /** Set when the slot started nothing (the workflow is gone, the group is not found, …). */
  error?: { code: string; message: string };
}

export interface WorkflowScheduleDependencies {
  repository: WorkflowScheduleRepository;
  workflows: Pick<WorkflowRunService, 'runScheduled'>;
  catalog: Pick<WorkflowCatalog, 'get'>;
  isTenantAdmin(actor: Actor): Promise<boolean>;
  tenantTimeZone?(tenantId: string): string | undefined;
  audit: AuditWriter;
  clock: Clock;
  /** Tells the schedule's owner what a slot did. Failures are logged, never retried (the runs are what matter). */
  report?(report: WorkflowScheduleSlotReport): Promise<void>;
  logger?: AreaLogger;
}

/** The most schedules one tenant may hold (one list card). */
const MAX_SCHEDULES_PER_TENANT = 20;

export class WorkflowScheduleService {
  private readonly logger: AreaLogger;
  private readonly crons = new CronSchedules();
  private readonly passes = new SinglePass<number>();

  constructor(private readonly deps: WorkflowScheduleDependencies) {
    this.logger = deps.logger ?? silentLogger;
  }

  /**
   * Checks a schedule without storing it (for the confirmation card): the workflow, the pattern,
   * the zone. Returns the schedule as it would be stored, with its next run.
   * @throws AccessDeniedError-like WorkflowError NOT_ALLOWED; WorkflowError NOT_FOUND, INVALID_INPUTS, INVALID_SCHEDULE.
   */
  async check(actor: Actor, input: WorkflowScheduleInput): Promise<WorkflowScheduleView> {
    await this.requireTenantAdmin(actor);
    const definition = this.deps.catalog.get(actor.tenantId, input.workflowName);
    if (!definition) throw new WorkflowError('WORKFLOW.NOT_FOUND', `There is no workflow called "${input.workflowName.slice(0, 64)}" that can be run.`);
    if (definition.target) throw new WorkflowError('WORKFLOW.INVALID_INPUTS', `${definition.title} works out its user from its inputs, so it can't be scheduled for a department or a group.`);
    const name = 'department' in input.query ? input.query.department : input.query.group;
    if (!name.trim()) throw new WorkflowError('WORKFLOW.INVALID_SCHEDULE', 'Name the department or group the workflow should run for.');
    const cron = cronFromScheduleWords(input.when);
    if (!cron) throw new WorkflowError('WORKFLOW.INVALID_SCHEDULE', `"${input.when.slice(0, 60)}" isn't a schedule I can read.`);
    const timeZone = input.timeZone?.trim() || this.deps.tenantTimeZone?.(actor.tenantId) || 'UTC';
    if (!isValidTimeZone(timeZone)) throw new WorkflowError('WORKFLOW.INVALID_SCHEDULE', `"${timeZone.slice(0, 60)}" isn't a time zone I know (use one such as Europe/Amsterdam).`);
    let next: Date | undefined;
    try {
      next = this.cronFor(cron, timeZone).nextAfter(this.deps.clock.now());
    } catch {
      throw new WorkflowError('WORKFLOW.INVALID_SCHEDULE', `"${input.when.slice(0, 60)}" isn't a schedule I can read.`);
    }
    if (!next) throw new WorkflowError('WORKFLOW.INVALID_SCHEDULE', `"${input.when.slice(0, 60)}" never comes round.`);
    const now = this.deps.clock.now().toISOString();
    return {
      tenantId: actor.tenantId,
      id: randomUUID(),
      workflowName: definition.name,
      workflowTitle: definition.title,
      query: 'department' in input.query ? { department: name.trim() } : { group: name.trim() },
      cron,
      timeZone,
      inputs: input.inputs ?? {},
      optIn: input.optIn ?? [],
      scheduledBy: { tenantId: actor.tenantId, ...toPerson(actor) },
      createdAt: now,
      armedAt: now,
      whenInWords: describeCronSchedule(cron),
      nextRunAt: next.toISOString(),
    };
  }

  /**
   * Stores the schedule; audited. The same `id` twice (a repeated click) stores it once.
   * @throws as check; WorkflowError INVALID_SCHEDULE when the tenant has the most schedules it may hold.
   */
  async create(actor: Actor, input: WorkflowScheduleInput & { id?: string }, options: { correlationId?: string } = {}): Promise<WorkflowScheduleView> {
    const checked = await this.check(actor, input);
    const schedule: WorkflowSchedule = { ...stripView(checked), ...(input.id ? { id: input.id } : {}) };
    const existing = this.deps.repository.get(actor.tenantId, schedule.id);
    if (existing) return this.view(existing);
    if (this.deps.repository.list(actor.tenantId).length >= MAX_SCHEDULES_PER_TENANT) {
      throw new WorkflowError('WORKFLOW.INVALID_SCHEDULE', `Your organization already has ${MAX_SCHEDULES_PER_TENANT} workflow schedules. Remove one first.`);
    }
    this.deps.repository.create(schedule);
    await this.audit(actor, 'workflow.schedule.create', schedule, options.correlationId);
    return this.view(schedule);
  }

  /** @throws WorkflowError NOT_ALLOWED. */
  async list(actor: Actor): Promise<WorkflowScheduleView[]> {
    await this.requireTenantAdmin(actor);
    return this.deps.repository.list(actor.tenantId).map((schedule) => this.view(schedule));
  }

  /**
   * Removes a schedule; audited. Runs already started go on.
   * @throws WorkflowError NOT_ALLOWED, SCHEDULE_NOT_FOUND.
   */
  async remove(actor: Actor, scheduleId: string, options: { correlationId?: string } = {}): Promise<WorkflowSchedule> {
    await this.requireTenantAdmin(actor);
    const schedule = this.deps.repository.get(actor.tenantId, scheduleId);
    if (!schedule || !this.deps.repository.delete(actor.tenantId, scheduleId)) throw new WorkflowError('WORKFLOW.SCHEDULE_NOT_FOUND');
    await this.audit(actor, 'workflow.schedule.remove', schedule, options.correlationId);
    return schedule;
  }

  private async audit(actor: Actor, action: 'workflow.schedule.create' | 'workflow.schedule.remove', schedule: WorkflowSchedule, correlationId: string | undefined): Promise<void> {
    await this.deps.audit.append({
      tenantId: actor.tenantId,
      actor: toPerson(actor),
      action,
      target: { type: 'workflowSchedule', id: schedule.id, displayName: schedule.workflowTitle },
      result: { outcome: 'ok' },
      correlationId: correlationId ?? randomUUID(),
      details: { workflow: schedule.workflowName, ...queryDetails(schedule.query), cron: schedule.cron, timeZone: schedule.timeZone },
    });
  }

  /** For the background timer: every due slot of every tenant. */
  tick(): Promise<number> {
    return this.runDue(this.deps.clock.now());
  }

  /** One pass at `now`; overlapping calls share one pass. Returns how many slots it started or finished. */
  runDue(now: Date): Promise<number> {
    return this.passes.run(() => this.pass(now));
  }

  dispose(): void {
    this.crons.dispose();
  }

  private async pass(now: Date): Promise<number> {
    let started = 0;
    // Slots a dead process claimed and never completed: finished with the same batch key.
    for (const open of this.deps.repository.openSlots()) {
      const schedule = this.deps.repository.get(open.tenantId, open.scheduleId);
      if (!schedule) {
        this.deps.repository.completeSlot(open.tenantId, open.scheduleId, open.slot, { outcome: 'WORKFLOW.SCHEDULE_NOT_FOUND' });
        continue;
      }
      try {
        await this.runSlot(schedule, open.slot);
        started += 1;
      } catch (error) {
        this.logger.error({ tenantId: schedule.tenantId, scheduleId: schedule.id, code: codeOf(error) }, 'workflow schedules: an interrupted slot failed');
      }
    }
    for (const schedule of this.deps.repository.listAll()) {
      try {
        const last = this.deps.repository.lastSlot(schedule.tenantId, schedule.id);
        const notBefore = Math.max(Date.parse(schedule.armedAt), last ? Date.parse(last.slot) + 1 : 0);
        const due = this.cronFor(schedule.cron, schedule.timeZone).latestAtOrBefore(now, new Date(notBefore));
        if (!due) continue;
        const slot = due.toISOString();
        if (!this.deps.repository.claimSlot(schedule.tenantId, schedule.id, slot, now.toISOString())) continue;
        await this.runSlot(schedule, slot);
        started += 1;
      } catch (error) {
        this.logger.error({ tenantId: schedule.tenantId, scheduleId: schedule.id, code: codeOf(error) }, 'workflow schedules: a slot failed');
      }
    }
    return started;
  }

  private async runSlot(schedule: WorkflowSchedule, slot: string): Promise<void> {
    let report: WorkflowScheduleSlotReport;
    try {
      // A schedule acts with its owner's authority only while they are a tenant admin.
      if (!(await this.deps.isTenantAdmin(schedule.scheduledBy))) {
        throw new WorkflowError('WORKFLOW.NOT_ALLOWED', `${describePerson(schedule.scheduledBy)}, who set this schedule, is no longer a tenant admin, so it started nothing. A tenant admin can remove it or set it again.`);
      }
      const result = await this.deps.workflows.runScheduled(schedule.tenantId, schedule.workflowName, schedule.query, {
        scheduledBy: schedule.scheduledBy,
        inputs: schedule.inputs,
        optIn: schedule.optIn,
        batchKey: `${schedule.id}:${slot}`,
      });
      this.deps.repository.completeSlot(schedule.tenantId, schedule.id, slot, { outcome: 'started', batchId: result.batchId, runs: result.runs.length, refused: result.refused.length });
      report = { schedule, slot, result };
    } catch (error) {
      // Nothing started (the workflow or the group is gone, the directory is down): the slot is spent; the owner is told.
      const code = codeOf(error);
      this.deps.repository.completeSlot(schedule.tenantId, schedule.id, slot, { outcome: code });
      report = { schedule, slot, error: { code, message: messageOf(error) } };
    }
    try {
      await this.deps.report?.(report);
    } catch (error) {
      this.logger.warn({ tenantId: schedule.tenantId, scheduleId: schedule.id, code: codeOf(error) }, "workflow schedules: the slot's report could not be delivered");
    }
  }

  private view(schedule: WorkflowSchedule): WorkflowScheduleView {
    let next: Date | undefined;
    try {
      next = this.cronFor(schedule.cron, schedule.timeZone).nextAfter(this.deps.clock.now());
    } catch {
      next = undefined;
    }
    const last = this.deps.repository.lastSlot(schedule.tenantId, schedule.id);
    return { ...schedule, whenInWords: describeCronSchedule(schedule.cron), ...(next ? { nextRunAt: next.toISOString() } : {}), ...(last ? { lastSlot: last } : {}) };
  }

  private cronFor(cron: string, timeZone: string): RotationSchedule {
    return this.crons.get(cron, timeZone);
  }

  private async requireTenantAdmin(actor: Actor): Promise<void> {
    if (!(await this.deps.isTenantAdmin(actor))) throw new WorkflowError('WORKFLOW.NOT_ALLOWED', 'Only tenant admins can schedule workflows.');
  }
}

function stripView(view: WorkflowScheduleView): WorkflowSchedule {
  const { whenInWords: _words, nextRunAt: _next, lastSlot: _last, ...schedule } = view;
  return schedule;
}

function queryDetails(query: WorkflowScheduleQuery): { department?: string; group?: string } {
  return 'department' in query ? { department: query.department } : { group: query.group };
}

function codeOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : 'WORKFLOW.SCHEDULE_FAILED';
}

function messageOf(error: unknown): string {
  const record = error as { userMessage?: unknown; message?: unknown } | null;
  const text = typeof record?.userMessage === 'string' ? record.userMessage : typeof record?.message === 'string' ? record.message : 'It failed.';
  return text.slice(0, 300);
}

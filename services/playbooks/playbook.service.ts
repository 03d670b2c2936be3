/**
 * Playbooks as use cases: list them with the tenant's choices, change a policy's mode, set a
 * schedule, run one now. A chat command, a card verb and the scheduler call these methods; the
 * methods authorize the actor themselves (tenant admins only) and audit every change.
 * The runs themselves are moved forward by PlaybookRunner.
 */
import { randomUUID } from 'node:crypto';
import { toPerson, type Actor, type Person } from '../access/actor';
import type { ApprovalKindHandler } from '../approvals/approval-handler.registry';
import type { CapabilityId } from '../access/capabilities';
import { RotationSchedule, isValidTimeZone } from '../scheduling/rotation-schedule';
import { BUILT_IN_PLAYBOOKS, findPlaybook } from './builtin-playbooks';
import { playbookAttestationHandler, type BackgroundStarter } from './playbook-attestation';
import { PlaybookError } from './playbook-errors';
import { countRemediations, runAudit } from './playbook-follow-ups';
import { PlaybookRunner, type PlaybookRunnerDeps } from './playbook-runner';
import { POLICY_MODES, type PlaybookDefinition, type PlaybookRun, type PlaybookRunReport, type PlaybookSchedule, type PolicyDefinition, type PolicyMode, type PolicyRun, type RunTrigger } from './playbook.types';

/**
 * The capabilities playbooks need (rows to add to services/access/capabilities.ts, all tenantAdmin):
 * `playbooks.list` (command `playbooks`, a run's report), `playbooks.run` (command `run playbook <name>`),
 * `playbooks.configure` (a policy's mode, a schedule).
 */
export type PlaybookCapability = 'playbooks.list' | 'playbooks.run' | 'playbooks.configure';

/** AuthorizationService.require in the shape playbooks call it; throws AccessDeniedError (audited there) to refuse. */
export type PlaybookAuthorize = (actor: Actor, capability: PlaybookCapability, options: { correlationId: string }) => Promise<unknown>;

export interface PlaybookServiceDeps extends PlaybookRunnerDeps {
  authorize: PlaybookAuthorize;
  /** Owns work started after a turn is answered (BackgroundTasks satisfies it). */
  background: BackgroundStarter;
  /** What ApprovalService checks when a run asks for an attestation: `playbooks.run` once it exists. */
  attestationCapability: CapabilityId;
  /** The tenant's time zone (its settings' zone) for a schedule that names none. Default UTC. */
  tenantTimeZone?: (tenantId: string) => string;
  playbooks?: readonly PlaybookDefinition[];
}

export interface PolicyModeChoice {
  mode: PolicyMode;
  /** Attestation: the one tenant admin who must attest; absent: any tenant admin. */
  approver?: Person;
  /** Attestation: 1 to 168 hours; default 24. */
  attestationExpiresInHours?: number;
}

export interface PolicyView {
  id: string;
  name: string;
  description: string;
  mode: PolicyMode;
  defaultMode: PolicyMode;
  /** The modes a tenant admin may choose (alert only, without a remediation). */
  modes: PolicyMode[];
  remediation?: string;
  approver?: Person;
  attestationExpiresInHours: number;
  setBy?: Person;
  setAt?: string;
}

export interface PlaybookView {
  id: string;
  name: string;
  description: string;
  policies: PolicyView[];
  schedule?: PlaybookSchedule & { nextRunAt?: string };
  lastRun?: { id: string; state: PlaybookRun['state']; trigger: RunTrigger; startedAt: string; finishedAt?: string; findings: number };
}

export type ScheduledRunOutcome = { status: 'started'; run: PlaybookRun } | { status: 'busy'; activeRunId: string } | { status: 'unknown-playbook' };

const HOUR_IN_MS = 3_600_000;
const DEFAULT_ATTESTATION_HOURS = 24;
const MAX_ATTESTATION_HOURS = 168;
const REPORT_FINDINGS_LIMIT = 50;

export class PlaybookService {
  readonly runner: PlaybookRunner;
  private readonly playbooks: readonly PlaybookDefinition[];

  constructor(private readonly deps: PlaybookServiceDeps) {
    this.runner = new PlaybookRunner(deps);
    this.playbooks = deps.playbooks ?? BUILT_IN_PLAYBOOKS;
  }

  /** The approval kind 'playbook.remediation', for the approval handler registry (composition root). */
  approvalHandler(): ApprovalKindHandler {
    return playbookAttestationHandler({
      repository: this.deps.repository,
      runner: this.runner,
      background: this.deps.background,
      clock: this.deps.clock,
      requestCapability: this.deps.attestationCapability,
    });
  }

  /**
   * Every playbook with the tenant's mode per policy, its schedule and its last run (`playbooks`).
   * @throws AccessDeniedError (tenant admins only).
   */
  async list(actor: Actor, options: { correlationId?: string } = {}): Promise<PlaybookView[]> {
    await this.deps.authorize(actor, 'playbooks.list', { correlationId: options.correlationId ?? randomUUID() });
    return this.playbooks.map((playbook) => this.view(actor.tenantId, playbook));
  }

  /**
   * Changes how one policy remediates in the actor's tenant; audited (from → to).
   * @throws AccessDeniedError; PlaybookError PLAYBOOK.NOT_FOUND, PLAYBOOK.POLICY_NOT_FOUND, PLAYBOOK.MODE_NOT_AVAILABLE, PLAYBOOK.INVALID_SETTING.
   */
  async setPolicyMode(actor: Actor, playbookName: string, policyId: string, choice: PolicyModeChoice, options: { correlationId?: string } = {}): Promise<PolicyView> {
    const correlationId = options.correlationId ?? randomUUID();
    await this.deps.authorize(actor, 'playbooks.configure', { correlationId });
    const playbook = this.requirePlaybook(playbookName);
    const policy = playbook.policies.find((candidate) => candidate.id === policyId);
    if (!policy) throw new PlaybookError('PLAYBOOK.POLICY_NOT_FOUND', `${playbook.name} has no policy "${policyId}".`, { details: { playbookId: playbook.id } });
    if (!POLICY_MODES.includes(choice.mode)) throw new PlaybookError('PLAYBOOK.INVALID_SETTING', `"${String(choice.mode)}" isn't a mode; choose alert, attestation or action. Nothing was changed.`);
    if (choice.mode !== 'alert' && !policy.remediation) {
      throw new PlaybookError('PLAYBOOK.MODE_NOT_AVAILABLE', `"${policy.name}" has no remediation, so it can only alert. Nothing was changed.`, { details: { playbookId: playbook.id, policyId } });
    }
    const hours = choice.attestationExpiresInHours;
    if (hours !== undefined && (!Number.isInteger(hours) || hours < 1 || hours > MAX_ATTESTATION_HOURS)) {
      throw new PlaybookError('PLAYBOOK.INVALID_SETTING', `An attestation stays open from 1 to ${MAX_ATTESTATION_HOURS} hours, in whole hours. Nothing was changed.`);
    }
    if (choice.mode !== 'attestation' && (choice.approver || hours !== undefined)) {
      throw new PlaybookError('PLAYBOOK.INVALID_SETTING', 'An approver and an expiry only apply to the attestation mode. Nothing was changed.');
    }
    const before = this.effectiveSetting(actor.tenantId, playbook, policy);
    this.deps.repository.setPolicySetting({
      tenantId: actor.tenantId,
      playbookId: playbook.id,
      policyId,
      mode: choice.mode,
      ...(choice.approver ? { approver: toPerson(choice.approver) } : {}),
      ...(hours !== undefined ? { attestationExpiresInHours: hours } : {}),
      setBy: toPerson(actor),
      setAt: this.deps.clock.now().toISOString(),
    });
    await this.deps.audit.append({
      tenantId: actor.tenantId,
      actor: toPerson(actor),
      action: 'playbook.policy.set',
      target: { type: 'playbookPolicy', id: `${playbook.id}/${policyId}`, displayName: policy.name },
      result: { outcome: 'ok' },
      correlationId,
      details: { from: before.mode, to: choice.mode, approver: choice.approver?.userId ?? null, attestationExpiresInHours: hours ?? null },
    });
    return this.policyView(actor.tenantId, playbook, policy);
  }

  /**
   * Runs the playbook on a cron pattern in a time zone (the tenant's when none is given);
   * audited. A changed pattern or zone counts from now: earlier slots are not "caught up".
   * @throws AccessDeniedError; PlaybookError PLAYBOOK.NOT_FOUND, PLAYBOOK.INVALID_SCHEDULE.
   */
  async setSchedule(actor: Actor, playbookName: string, input: { cron: string; timeZone?: string }, options: { correlationId?: string } = {}): Promise<PlaybookSchedule & { nextRunAt?: string }> {
    const correlationId = options.correlationId ?? randomUUID();
    await this.deps.authorize(actor, 'playbooks.configure', { correlationId });
    const playbook = this.requirePlaybook(playbookName);
    const cron = input.cron.trim().replace(/\s+/g, ' ');
    const timeZone = input.timeZone?.trim() || this.deps.tenantTimeZone?.(actor.tenantId) || 'UTC';
    if (!isValidTimeZone(timeZone)) throw new PlaybookError('PLAYBOOK.INVALID_SCHEDULE', `"${timeZone}" isn't a time zone I know (use one such as Europe/Amsterdam). Nothing was changed.`);
    if (cron.split(' ').length !== 5) throw new PlaybookError('PLAYBOOK.INVALID_SCHEDULE', `"${cron}" isn't a five-part cron pattern (minute hour day month weekday). Nothing was changed.`);
    const nextRunAt = nextOccurrence(cron, timeZone, this.deps.clock.now());
    if (nextRunAt === null) throw new PlaybookError('PLAYBOOK.INVALID_SCHEDULE', `"${cron}" isn't a cron pattern I can read, or it never runs. Nothing was changed.`);
    const now = this.deps.clock.now().toISOString();
    const previous = this.deps.repository.getSchedule(actor.tenantId, playbook.id);
    const unchanged = previous && previous.cron === cron && previous.timeZone === timeZone;
    const schedule: PlaybookSchedule = { tenantId: actor.tenantId, playbookId: playbook.id, cron, timeZone, setBy: toPerson(actor), setAt: now, armedAt: unchanged ? previous.armedAt : now };
    this.deps.repository.setSchedule(schedule);
    await this.deps.audit.append({
      tenantId: actor.tenantId,
      actor: toPerson(actor),
      action: 'playbook.schedule.set',
      target: { type: 'playbook', id: playbook.id, displayName: playbook.name },
      result: { outcome: 'ok' },
      correlationId,
      details: { cron, timeZone, previous: previous ? `${previous.cron}@${previous.timeZone}` : null },
    });
    return { ...schedule, ...(nextRunAt ? { nextRunAt: nextRunAt.toISOString() } : {}) };
  }

  /**
   * Stops the playbook's schedule; audited. Returns false when it had none.
   * @throws AccessDeniedError; PlaybookError PLAYBOOK.NOT_FOUND.
   */
  async clearSchedule(actor: Actor, playbookName: string, options: { correlationId?: string } = {}): Promise<boolean> {
    const correlationId = options.correlationId ?? randomUUID();
    await this.deps.authorize(actor, 'playbooks.configure', { correlationId });
    const playbook = this.requirePlaybook(playbookName);
    const removed = this.deps.repository.deleteSchedule(actor.tenantId, playbook.id);
    if (removed) {
      await this.deps.audit.append({
        tenantId: actor.tenantId,
        actor: toPerson(actor),
        action: 'playbook.schedule.clear',
        target: { type: 'playbook', id: playbook.id, displayName: playbook.name },
        result: { outcome: 'ok' },
        correlationId,
      });
    }
    return removed;
  }

  /**
   * `run playbook <name>`: runs every policy now and returns the report once each policy rests
   * (done, or waiting for its attestation). For chat, prefer `startPlaybook` (Teams retries a
   * turn after ~15 s) and show the report when the run is done.
   * @throws AccessDeniedError (tenant admins only); PlaybookError PLAYBOOK.NOT_FOUND, PLAYBOOK.RUN_IN_PROGRESS.
   */
  async runPlaybook(actor: Actor, name: string, options: { correlationId?: string } = {}): Promise<PlaybookRunReport> {
    const run = await this.createManualRun(actor, name, options.correlationId ?? randomUUID());
    await this.runner.advance(run.tenantId, run.id);
    return this.report(run.tenantId, run.id);
  }

  /**
   * The same, answering at once: the run is stored and moves on in the background; its notices
   * tell the admin channel what it found, and `getRunReport` reads it any time.
   * @throws AccessDeniedError; PlaybookError PLAYBOOK.NOT_FOUND, PLAYBOOK.RUN_IN_PROGRESS.
   */
  async startPlaybook(actor: Actor, name: string, options: { correlationId?: string } = {}): Promise<PlaybookRun> {
    const run = await this.createManualRun(actor, name, options.correlationId ?? randomUUID());
    this.deps.background.start(`playbook run ${run.id}`, () => this.runner.advance(run.tenantId, run.id));
    return run;
  }

  /**
   * A scheduled run (the scheduler calls it for a claimed slot), on behalf of the admin who set
   * the schedule: an attestation is asked in their name and an action runs as their request, so
   * both are refused once they are no longer a tenant admin (fail closed). Not authorized here:
   * no person is asking.
   */
  async runScheduled(tenantId: string, playbookId: string, slot: string, onBehalfOf: Person): Promise<ScheduledRunOutcome> {
    const playbook = this.playbooks.find((candidate) => candidate.id === playbookId);
    if (!playbook) return { status: 'unknown-playbook' };
    const created = this.createRun(tenantId, playbook, { kind: 'schedule', slot }, onBehalfOf, randomUUID());
    if (created.status === 'busy') return created;
    await this.runner.advance(tenantId, created.run.id);
    return { status: 'started', run: this.requireRun(tenantId, created.run.id) };
  }

  /**
   * A run's report (policies, counts, first findings) in the actor's tenant.
   * @throws AccessDeniedError; PlaybookError PLAYBOOK.RUN_NOT_FOUND (also for another tenant's run).
   */
  async getRunReport(actor: Actor, runId: string, options: { correlationId?: string } = {}): Promise<PlaybookRunReport> {
    await this.deps.authorize(actor, 'playbooks.list', { correlationId: options.correlationId ?? randomUUID() });
    return this.report(actor.tenantId, runId);
  }

  /** Recent runs of the actor's tenant, newest first. @throws AccessDeniedError. */
  async listRuns(actor: Actor, options: { playbook?: string; limit?: number; correlationId?: string } = {}): Promise<PlaybookRun[]> {
    await this.deps.authorize(actor, 'playbooks.list', { correlationId: options.correlationId ?? randomUUID() });
    const playbookId = options.playbook ? this.requirePlaybook(options.playbook).id : undefined;
    return this.deps.repository.listRuns(actor.tenantId, { ...(playbookId ? { playbookId } : {}), limit: Math.min(options.limit ?? 10, 50) });
  }

  /**
   * Advances every run a previous process left with work (at start, and on each scheduler tick),
   * except runs this process is moving right now. Never throws for one run. Returns how many ran.
   */
  async resumeInterrupted(): Promise<number> {
    let resumed = 0;
    for (const { tenantId, runId } of this.deps.repository.listRunsNeedingWork()) {
      if (this.runner.isInFlight(runId)) continue;
      try {
        await this.runner.advance(tenantId, runId);
        resumed += 1;
      } catch (error) {
        this.deps.logger?.error({ tenantId, runId, errorName: error instanceof Error ? error.name : typeof error }, 'playbook run could not resume');
      }
    }
    return resumed;
  }

  /** The report of a run, without authorization (for the wiring's own follow-ups). */
  report(tenantId: string, runId: string): PlaybookRunReport {
    const run = this.requireRun(tenantId, runId);
    return {
      run,
      policies: run.policies.map((policy) => {
        const findings = this.deps.repository.listFindings(run.id, policy.policyId);
        return { policy, counts: countRemediations(findings), findings: findings.slice(0, REPORT_FINDINGS_LIMIT), moreFindings: Math.max(0, findings.length - REPORT_FINDINGS_LIMIT) };
      }),
    };
  }

  private async createManualRun(actor: Actor, name: string, correlationId: string): Promise<PlaybookRun> {
    await this.deps.authorize(actor, 'playbooks.run', { correlationId });
    const playbook = this.requirePlaybook(name);
    const created = this.createRun(actor.tenantId, playbook, { kind: 'manual' }, toPerson(actor), correlationId);
    if (created.status === 'busy') {
      throw new PlaybookError('PLAYBOOK.RUN_IN_PROGRESS', `${playbook.name} is already running (or waiting for its attestation) in your organization.`, {
        details: { playbookId: playbook.id, runId: created.activeRunId },
        correlationId,
      });
    }
    return created.run;
  }

  private createRun(tenantId: string, playbook: PlaybookDefinition, trigger: RunTrigger, requestedBy: Person, correlationId: string): { status: 'created'; run: PlaybookRun } | { status: 'busy'; activeRunId: string } {
    const id = randomUUID();
    const policies: PolicyRun[] = playbook.policies.map((policy, position) => {
      const setting = this.effectiveSetting(tenantId, playbook, policy);
      return {
        runId: id,
        policyId: policy.id,
        policyName: policy.name,
        position,
        query: policy.query,
        mode: setting.mode,
        ...(policy.remediation ? { remediation: policy.remediation } : {}),
        ...(setting.mode === 'attestation' && setting.approver ? { approver: setting.approver } : {}),
        attestationExpiresInMs: setting.attestationExpiresInHours * HOUR_IN_MS,
        state: 'pending',
        findingCount: 0,
      };
    });
    const run: PlaybookRun = { id, tenantId, playbookId: playbook.id, playbookName: playbook.name, trigger, requestedBy, correlationId, startedAt: this.deps.clock.now().toISOString(), state: 'running', policies };
    const created = this.deps.repository.createRun(run, [runAudit(run, 'playbook.run', { outcome: 'ok' }, { modes: policies.map((policy) => `${policy.policyId}:${policy.mode}`) })]);
    return created.status === 'busy' ? created : { status: 'created', run };
  }

  private effectiveSetting(tenantId: string, playbook: PlaybookDefinition, policy: PolicyDefinition): { mode: PolicyMode; approver?: Person; attestationExpiresInHours: number } {
    const stored = this.deps.repository.getPolicySetting(tenantId, playbook.id, policy.id);
    // A remediation removed from a definition turns a stored action mode back into an alert.
    const mode = stored && (stored.mode === 'alert' || policy.remediation) ? stored.mode : policy.defaultMode;
    return { mode, ...(stored?.approver ? { approver: stored.approver } : {}), attestationExpiresInHours: stored?.attestationExpiresInHours ?? DEFAULT_ATTESTATION_HOURS };
  }

  private view(tenantId: string, playbook: PlaybookDefinition): PlaybookView {
    const schedule = this.deps.repository.getSchedule(tenantId, playbook.id);
    const last = this.deps.repository.listRuns(tenantId, { playbookId: playbook.id, limit: 1 })[0];
    const nextRunAt = schedule ? nextOccurrence(schedule.cron, schedule.timeZone, this.deps.clock.now()) : undefined;
    return {
      id: playbook.id,
      name: playbook.name,
      description: playbook.description,
      policies: playbook.policies.map((policy) => this.policyView(tenantId, playbook, policy)),
      ...(schedule ? { schedule: { ...schedule, ...(nextRunAt ? { nextRunAt: nextRunAt.toISOString() } : {}) } } : {}),
      ...(last
        ? {
            lastRun: {
              id: last.id,
              state: last.state,
              trigger: last.trigger,
              startedAt: last.startedAt,
              ...(last.finishedAt ? { finishedAt: last.finishedAt } : {}),
              findings: last.policies.reduce((sum, policy) => sum + policy.findingCount, 0),
            },
          }
        : {}),
    };
  }

  private policyView(tenantId: string, playbook: PlaybookDefinition, policy: PolicyDefinition): PolicyView {
    const setting = this.effectiveSetting(tenantId, playbook, policy);
    const stored = this.deps.repository.getPolicySetting(tenantId, playbook.id, policy.id);
    return {
      id: policy.id,
      name: policy.name,
      description: policy.description,
      mode: setting.mode,
      defaultMode: policy.defaultMode,
      modes: policy.remediation ? [...POLICY_MODES] : ['alert'],
      ...(policy.remediation ? { remediation: policy.remediation.describe } : {}),
      ...(setting.approver ? { approver: setting.approver } : {}),
      attestationExpiresInHours: setting.attestationExpiresInHours,
      ...(stored ? { setBy: stored.setBy, setAt: stored.setAt } : {}),
    };
  }

  private requirePlaybook(name: string): PlaybookDefinition {
    const playbook = findPlaybook(this.playbooks, name);
    if (!playbook) throw new PlaybookError('PLAYBOOK.NOT_FOUND', `I don't know a playbook called "${name.trim()}". The playbooks are: ${this.playbooks.map((p) => p.name).join(', ')}.`);
    return playbook;
  }

  private requireRun(tenantId: string, runId: string): PlaybookRun {
    const run = this.deps.repository.getRun(tenantId, runId);
    if (!run) throw new PlaybookError('PLAYBOOK.RUN_NOT_FOUND', "I couldn't find that playbook run.", { details: { runId } });
    return run;
  }
}

/** The first occurrence after `after`; null for a pattern croner cannot read (or that never occurs). */
function nextOccurrence(cron: string, timeZone: string, after: Date): Date | null {
  let schedule: RotationSchedule | undefined;
  try {
    schedule = new RotationSchedule(cron, timeZone);
    return schedule.nextAfter(after) ?? null;
  } catch {
    return null;
  } finally {
    schedule?.dispose();
  }
}

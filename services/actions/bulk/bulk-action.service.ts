/**
 * Management actions on many users at once (`block sign-in for department Sales`), one path
 * for a chat command, a card and the scheduler alike:
 *
 *   prepare:  resolve the selection (bot app) → judge every user with authorize(actor, action,
 *             target) and the privileged-target rule → requireActiveSession → size limit → store
 *             the job (items to act on pending, the rest skipped with why) → confirmation card
 *   start:    same tenant and same person → authorize again (the person still holds the action)
 *             → requireActiveSession → start the job once per idempotency key (a redelivered
 *             confirm finds the job it started) → audit → the runner continues in the background
 *   cancel:   the preparer or a tenant admin; stops after the batches in flight
 *
 * Above the tenant's bulk approval size (default 50 users) an operator's bulk needs a tenant
 * admin's approval (kind `bulk.run`, see ../action-approvals.ts): the confirmation card asks for
 * it, and `start` runs only once the approval service says it was approved, for this job and this
 * person. Tenant admins are the approvers and need none. Without an approval service, an
 * operator's bulk above the size is refused (ACTION.BULK_TOO_LARGE): fail closed.
 */
import { randomUUID } from 'node:crypto';
import { toPerson, type Actor } from '../../access/actor';
import type { AuditWriter } from '../../ports/audit-log.port';
import type { Clock } from '../../ports/clock.port';
import { auditDetails, auditPrincipal } from '../../sessions/session-audit';
import { silentLogger, type AreaLogger } from '../../sessions/session-collaborators.port';
import {
  BULK_RUN_APPROVAL,
  DEFAULT_BULK_APPROVAL_THRESHOLD,
  approvalRequiredError,
  approvalStanding,
  openApprovalOnce,
  type ActionApprovalDesk,
  type ActionApprovalRules,
} from '../action-approvals';
import type { ApprovalAsked } from '../management-action.service';
import type { ActionDefinition } from '../action-definition';
import { ActionError } from '../action-errors';
import type { ActionRegistry } from '../action-registry';
import type { SessionGuard } from '../management-action.service';
import type { BulkJobRepository } from './bulk-job.repository.port';
import type { BulkJobRunner } from './bulk-job.runner';
import type { BulkJob, BulkSelector, BulkSkipCode } from './bulk-job.types';
import { readBulkProgress, type BulkProgress } from './bulk-progress';
import { judgeBulkTargets, resolveBulkSelection, type BulkTargetsDependencies } from './bulk-targets';

export interface BulkActionOptions {
  /** Users above which an operator's bulk needs a tenant admin's approval, when `approvalRules` is not given. Default 50. */
  approvalThreshold?: number;
  /** How long a bulk confirmation stays valid. Default 15 minutes. */
  confirmationTtlInMs?: number;
}

/** Starts work that outlives the turn (BackgroundTasks). */
export interface BulkTaskRunner {
  start(name: string, work: () => Promise<unknown>): void;
}

export interface BulkActionDependencies extends BulkTargetsDependencies {
  registry: ActionRegistry;
  jobs: BulkJobRepository;
  runner: BulkJobRunner;
  sessions: SessionGuard;
  /** Whether the actor is a tenant admin (the size limit does not apply to them). */
  isTenantAdmin(tenantId: string, userId: string): Promise<boolean>;
  tasks: BulkTaskRunner;
  audit: AuditWriter;
  clock: Clock;
  logger?: AreaLogger;
  options?: BulkActionOptions;
  /** The tenant's bulk approval size (its settings); absent: `options.approvalThreshold`. */
  approvalRules?: Pick<ActionApprovalRules, 'bulkThreshold'>;
  /** The approval service. Absent: an operator's bulk above the size is refused. */
  approvals?: ActionApprovalDesk;
}

export interface BulkPreview {
  jobId: string;
  actionId: string;
  title: string;
  selection: string;
  /** Users to act on. */
  toActOn: number;
  /** Users listed and skipped, with why. */
  skipped: Array<{ upn: string; displayName: string; code: BulkSkipCode }>;
  /** Names typed that match no user. */
  notFound: string[];
  principalUpn: string;
  autoEnabled: boolean;
  expiresAt: string;
  destructive: boolean;
  correlationId: string;
  /** Above the tenant's bulk approval size for an operator: the card asks a tenant admin first. */
  approvalRequired: boolean;
  /** The tenant's bulk approval size, for the card's words. */
  approvalThreshold: number;
}

export interface StartResult {
  /** True when this delivery did not start the job (a redelivered or repeated confirm). */
  duplicate: boolean;
  progress: BulkProgress;
}

export { DEFAULT_BULK_APPROVAL_THRESHOLD };

export class BulkActionService {
  private readonly logger: AreaLogger;
  private readonly threshold: number;
  private readonly ttlInMs: number;

  constructor(private readonly deps: BulkActionDependencies) {
    this.logger = deps.logger ?? silentLogger;
    this.threshold = deps.options?.approvalThreshold ?? DEFAULT_BULK_APPROVAL_THRESHOLD;
    this.ttlInMs = deps.options?.confirmationTtlInMs ?? 15 * 60_000;
  }

  /**
   * Resolves the selection, judges each user for the actor and stores the job for confirmation.
   * Nothing changes in the tenant. Needs User.Read.All and GroupMember.Read.All for the bot's app.
   * @throws ActionError ACTION.UNKNOWN, ACTION.NOT_POSSIBLE (the action cannot run in bulk),
   *   ACTION.TARGET_REQUIRED, ACTION.GROUP_NOT_FOUND, ACTION.GROUP_AMBIGUOUS, ACTION.DENIED,
   *   ACTION.DIRECTORY_UNAVAILABLE, ACTION.BULK_EMPTY, ACTION.BULK_TOO_LARGE; SessionError from
   *   the session guard.
   */
  async prepare(actor: Actor, actionId: string, selector: BulkSelector, options: { correlationId?: string } = {}): Promise<BulkPreview> {
    const definition = this.bulkDefinitionOf(actionId);
    const correlationId = options.correlationId ?? randomUUID();
    const resolved = await resolveBulkSelection(this.deps, actor.tenantId, selector);
    const found = resolved.flatMap((r) => (r.user ? [r.user] : []));
    const notFound = resolved.filter((r) => !r.user).map((r) => r.query);
    const unique = [...new Map(found.map((u) => [u.id, u])).values()];
    const judged = await judgeBulkTargets(this.deps, actor, definition.id, unique, correlationId);
    const toActOn = judged.filter((j) => !j.skip);
    const refused = judged.find((j) => j.denial)?.denial;
    // Every user refused by the access rules: the refusal itself (its words, whom to ask), as for one user.
    if (toActOn.length === 0 && refused && notFound.length === 0) {
      throw new ActionError('ACTION.DENIED', refused.message, { reason: refused.reason, whoCanHelp: refused.whoCanHelp, correlationId });
    }
    if (toActOn.length === 0) throw new ActionError('ACTION.BULK_EMPTY', `None of the ${judged.length + notFound.length} users can be changed by you (out of scope, privileged or not found). Nothing was changed.`);
    const threshold = this.thresholdFor(actor.tenantId);
    const approvalRequired = await this.needsApproval(actor, toActOn.length);
    if (approvalRequired && !this.deps.approvals) {
      throw new ActionError(
        'ACTION.BULK_TOO_LARGE',
        `That is ${toActOn.length} users; operators can change at most ${threshold} at once. Ask a tenant admin to run it, or split the list. Nothing was changed.`,
      );
    }
    const active = await this.deps.sessions.requireActiveSession(actor.tenantId, actor, { correlationId });
    const now = this.deps.clock.now();
    const job: BulkJob = {
      id: randomUUID(),
      tenantId: actor.tenantId,
      actor: toPerson(actor),
      actionId: definition.id,
      selection: describeSelector(selector),
      correlationId,
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + this.ttlInMs).toISOString(),
      state: 'awaiting-confirmation',
    };
    this.deps.jobs.create(job, [
      ...toActOn.map((j) => ({ userId: j.user.id, upn: j.user.userPrincipalName, displayName: j.user.displayName, state: 'pending' as const })),
      ...judged.filter((j) => j.skip).map((j) => ({ userId: j.user.id, upn: j.user.userPrincipalName, displayName: j.user.displayName, state: 'skipped' as const, code: j.skip! })),
    ]);
    return {
      jobId: job.id,
      actionId: definition.id,
      title: definition.title,
      selection: job.selection,
      toActOn: toActOn.length,
      skipped: judged.filter((j) => j.skip).map((j) => ({ upn: j.user.userPrincipalName, displayName: j.user.displayName, code: j.skip! })),
      notFound,
      principalUpn: active.principal.userPrincipalName,
      autoEnabled: active.autoEnabled,
      expiresAt: job.expiresAt,
      destructive: definition.describe({ tenantId: actor.tenantId, userId: '', upn: '', displayName: '', accountEnabled: true }, {}).destructive,
      correlationId,
      approvalRequired,
      approvalThreshold: threshold,
    };
  }

  /**
   * Asks the tenant admins to approve a prepared bulk job above the bulk approval size. Same
   * person and tenant as the preparer. A second delivery finds the request the first opened. Once
   * approved, the same person starts it from the card as usual.
   * @throws ActionError ACTION.NOT_FOUND, ACTION.NOT_PREPARER, ACTION.EXPIRED, ACTION.NOT_POSSIBLE
   *   (no approval needed, or approvals are not available), ACTION.APPROVAL_CLOSED (rejected before).
   */
  async requestApproval(actor: Actor, jobId: string, options: { correlationId?: string } = {}): Promise<ApprovalAsked> {
    const job = this.deps.jobs.get(jobId);
    if (!job || job.tenantId !== actor.tenantId) throw new ActionError('ACTION.NOT_FOUND', "I can't find that bulk action any more. Run the command again.");
    const definition = this.bulkDefinitionOf(job.actionId);
    if (job.actor.userId !== actor.userId) throw new ActionError('ACTION.NOT_PREPARER', 'Only the person who asked for this bulk action can ask for its approval.');
    const desk = this.deps.approvals;
    const standing = await this.standingOf(job);
    if (standing.state === 'pending' || standing.state === 'approved') return { request: standing.request, duplicate: true };
    if (standing.state === 'closed' && standing.request.state === 'rejected') throw approvalRequiredError(standing, `${definition.title} in bulk`);
    if (job.state !== 'awaiting-confirmation' || Date.parse(job.expiresAt) <= this.deps.clock.now().getTime()) {
      throw new ActionError('ACTION.EXPIRED', 'This confirmation has expired. Run the command again.');
    }
    const counts = this.deps.jobs.counts(job.id);
    if (!desk || !(await this.needsApproval(actor, counts.pending))) {
      throw new ActionError('ACTION.NOT_POSSIBLE', 'This bulk action needs no approval for you. Select Start on the confirmation card. Nothing was changed.');
    }
    return openApprovalOnce(
      desk,
      actor,
      { store: this.deps.jobs, id: job.id, now: this.deps.clock.now(), ...(standing.state === 'closed' ? { replacing: standing.request.id } : {}) },
      {
        kind: BULK_RUN_APPROVAL,
        correlationId: options.correlationId ?? job.correlationId,
        payload: {
          action: `${definition.title}, in bulk`,
          users: job.selection,
          toChange: `${counts.pending.toLocaleString('en-US')} users`,
          skipped: `${counts.skipped.toLocaleString('en-US')} users (out of scope, privileged or not found)`,
          jobId: job.id,
        },
      },
    );
  }

  /**
   * Starts a prepared job once, as the session's account, for the person who prepared it, and
   * returns at once: the runner works in the background. A second delivery of the same confirm
   * (same idempotency key), or a second click, gets the job's progress and starts nothing.
   * @throws ActionError ACTION.NOT_FOUND, ACTION.NOT_PREPARER, ACTION.EXPIRED, ACTION.DENIED;
   *   SessionError from the session guard (the job stays awaiting confirmation).
   */
  async start(actor: Actor, jobId: string, options: { idempotencyKey: string; card?: BulkJob['card'] }): Promise<StartResult> {
    const byKey = this.deps.jobs.findByIdempotencyKey(actor.tenantId, options.idempotencyKey);
    const job = byKey ?? this.deps.jobs.get(jobId);
    if (!job || job.tenantId !== actor.tenantId) throw new ActionError('ACTION.NOT_FOUND', "I can't find that bulk action any more. Run the command again.");
    const definition = this.bulkDefinitionOf(job.actionId);
    if (job.actor.userId !== actor.userId) throw new ActionError('ACTION.NOT_PREPARER', 'Only the person who asked for this bulk action can confirm it.');
    if (job.state !== 'awaiting-confirmation') return { duplicate: true, progress: readBulkProgress(this.deps.jobs, job, definition.title) };
    if (Date.parse(job.expiresAt) <= this.deps.clock.now().getTime()) throw new ActionError('ACTION.EXPIRED', 'This confirmation has expired. Run the command again.');

    // The person must still hold the action: checked now on the first user to act on (scope per user was judged when prepared).
    const [first] = this.deps.jobs.items(job.id, ['pending']);
    if (first) {
      const decision = await this.deps.authorizer.authorize(actor, job.actionId, { userId: first.userId }, { correlationId: job.correlationId });
      if (!decision.allowed && decision.reason !== 'ACCESS.NOT_IN_SCOPE' && decision.reason !== 'ACCESS.PRIVILEGED_TARGET') {
        throw new ActionError('ACTION.DENIED', decision.message, { reason: decision.reason, whoCanHelp: decision.whoCanHelp, correlationId: job.correlationId });
      }
    }
    const approvedBy = await this.requireApprovalIfNeeded(actor, job, definition.title);
    const active = await this.deps.sessions.requireActiveSession(actor.tenantId, actor, { correlationId: job.correlationId });
    const started = this.deps.jobs.start(job.id, { idempotencyKey: options.idempotencyKey, now: this.deps.clock.now(), principal: active.principal, ...(options.card ? { card: options.card } : {}) });
    const current = this.deps.jobs.get(job.id) ?? job;
    if (!started) return { duplicate: true, progress: readBulkProgress(this.deps.jobs, current, definition.title) };
    const counts = this.deps.jobs.counts(job.id);
    await this.deps.audit.append({
      tenantId: actor.tenantId,
      actor: toPerson(actor),
      action: 'bulk.start',
      target: { type: 'bulkJob', id: job.id },
      ...auditPrincipal(active.principal),
      result: { outcome: 'ok' },
      correlationId: job.correlationId,
      details: auditDetails({
        actionId: job.actionId,
        selection: job.selection,
        toActOn: counts.pending,
        skipped: counts.skipped,
        autoEnabled: active.autoEnabled,
        ...(approvedBy ? { approvalRequestId: approvedBy.requestId, approvedBy: approvedBy.name } : {}),
      }),
    });
    this.launch(job.id);
    return { duplicate: false, progress: readBulkProgress(this.deps.jobs, current, definition.title) };
  }

  /**
   * Asks a running job to stop after the batches in flight. The preparer or a tenant admin.
   * @throws ActionError ACTION.NOT_FOUND, ACTION.NOT_PREPARER.
   */
  async cancel(actor: Actor, jobId: string): Promise<BulkProgress> {
    const job = this.deps.jobs.get(jobId);
    if (!job || job.tenantId !== actor.tenantId) throw new ActionError('ACTION.NOT_FOUND', "I can't find that bulk action any more.");
    const definition = this.bulkDefinitionOf(job.actionId);
    if (job.actor.userId !== actor.userId && !(await this.deps.isTenantAdmin(actor.tenantId, actor.userId))) {
      throw new ActionError('ACTION.NOT_PREPARER', 'Only the person who started this bulk action, or a tenant admin, can cancel it.');
    }
    if (this.deps.jobs.requestCancel(job.id)) {
      await this.deps.audit.append({
        tenantId: actor.tenantId,
        actor: toPerson(actor),
        action: 'bulk.cancel',
        target: { type: 'bulkJob', id: job.id },
        result: { outcome: 'ok' },
        correlationId: job.correlationId,
        details: auditDetails({ actionId: job.actionId }),
      });
    }
    return readBulkProgress(this.deps.jobs, this.deps.jobs.get(job.id) ?? job, definition.title);
  }

  /** The job's progress now, for the card. Undefined for an unknown id or another tenant's. */
  progressOf(tenantId: string, jobId: string): BulkProgress | undefined {
    const job = this.deps.jobs.get(jobId);
    if (!job || job.tenantId !== tenantId) return undefined;
    return readBulkProgress(this.deps.jobs, job, this.deps.registry.get(job.actionId)?.title ?? job.actionId);
  }

  /** Where the progress card is, once its message id is known. */
  setCard(jobId: string, card: NonNullable<BulkJob['card']>): void {
    this.deps.jobs.setCard(jobId, card);
  }

  /** Continues every job a previous process left running (call on start-up). Returns how many. */
  resumeUnfinished(): number {
    const jobs = this.deps.jobs.listUnfinished();
    for (const job of jobs) {
      this.logger.info({ tenantId: job.tenantId, jobId: job.id }, 'bulk: resuming a job a previous process left running');
      this.launch(job.id);
    }
    return jobs.length;
  }

  /** Marks unconfirmed jobs past their expiry; for the scheduler. */
  expireUnconfirmed(): number {
    return this.deps.jobs.expire(this.deps.clock.now());
  }

  private thresholdFor(tenantId: string): number {
    return this.deps.approvalRules?.bulkThreshold(tenantId) ?? this.threshold;
  }

  /** Above the size, for anyone but a tenant admin (checked in Entra now). */
  private async needsApproval(actor: Actor, users: number): Promise<boolean> {
    if (users <= this.thresholdFor(actor.tenantId)) return false;
    return !(await this.deps.isTenantAdmin(actor.tenantId, actor.userId));
  }

  private async standingOf(job: BulkJob) {
    if (!this.deps.approvals) return { state: 'none' as const };
    const subject = { tenantId: job.tenantId, requesterUserId: job.actor.userId, ...(job.approvalRequestId ? { approvalRequestId: job.approvalRequestId } : {}) };
    return approvalStanding(this.deps.approvals, subject, BULK_RUN_APPROVAL, 'jobId', job.id);
  }

  /** Refuses a start above the size unless the approval service says this job was approved. */
  private async requireApprovalIfNeeded(actor: Actor, job: BulkJob, title: string): Promise<{ requestId: string; name: string } | undefined> {
    if (!(await this.needsApproval(actor, this.deps.jobs.counts(job.id).pending))) return undefined;
    const standing = await this.standingOf(job);
    if (standing.state !== 'approved') {
      if (!this.deps.approvals) throw new ActionError('ACTION.BULK_TOO_LARGE', `Operators can change at most ${this.thresholdFor(actor.tenantId)} users at once. Ask a tenant admin to run it, or split the list. Nothing was changed.`);
      throw approvalRequiredError(standing, `${title} in bulk`);
    }
    const by = standing.request.decidedBy;
    return { requestId: standing.request.id, name: by?.displayName ?? by?.upn ?? by?.userId ?? 'a tenant admin' };
  }

  private launch(jobId: string): void {
    this.deps.tasks.start(`bulk ${jobId}`, () => this.deps.runner.run(jobId));
  }

  private bulkDefinitionOf(actionId: string): ActionDefinition {
    const definition = this.deps.registry.get(actionId);
    if (!definition) throw new ActionError('ACTION.UNKNOWN', "I don't know that action.");
    if (!definition.batch) throw new ActionError('ACTION.NOT_POSSIBLE', `${definition.title} runs on one user at a time; it can't run in bulk yet.`);
    return definition;
  }
}

export function describeSelector(selector: BulkSelector): string {
  switch (selector.kind) {
    case 'users':
      return `${selector.users.length} listed ${selector.users.length === 1 ? 'user' : 'users'}`;
    case 'department':
      return `department ${selector.name.trim()}`;
    case 'group':
      return `group ${selector.name.trim()}`;
  }
}

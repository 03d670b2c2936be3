/**
 * Changing the management type (issue 5 §4) and disabling advanced management (§5), both as
 * four-eyes requests through the approval service.
 *
 * A request creates an approval; nothing changes until another tenant admin approves it. The
 * approval's effect only journals the switch and hands it to BackgroundTasks (an invoke must be
 * answered within seconds, DESIGN.md §7); the switch then runs with a progress card and ends
 * with a final message. A failed switch stays open: "Retry" (`retry`) and a restart
 * (`resumeInterrupted`) finish it. Rejection, cancellation and expiry change nothing.
 *
 * Switching to Default keeps the service account, by choice: deleting an account with an
 * administrator role is destructive and has its own confirmation and approval ("Disable
 * advanced management"); keeping it makes switching back instant and lets weekly rotation go
 * on. A session running in the old mode is ended as part of the switch (after the new mode is
 * written), because it carries the old principal: after a switch to Default, an operator's
 * action must no longer run as the Global-Admin service account for the rest of the session.
 * The switch's audit record names the session it ended; the session's own record carries
 * SESSION.ENDED_MODE_CHANGED under the same correlation id.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { toPerson, type Actor } from '../access/actor';
import type { ApprovalKindHandler } from '../approvals/approval-handler.registry';
import type { ApprovalRequest } from '../approvals/approval-request';
import type { JsonObject } from '../ports/audit-log.port';
import type { Clock } from '../ports/clock.port';
import type { ServiceAccountRepository } from '../ports/service-account.repository.port';
import type { ManagementMode, TenantSettingsRepository } from '../ports/tenant-settings.repository.port';
import type { AdvancedManagementDisableService } from './advanced-management-disable.service';
import type { BackgroundTasks } from './background-tasks';
import { JournalRun } from './journal-run';
import { assertActorInTenant } from './tenant-guard';
import {
  MODE_SWITCH_MESSAGES,
  silentModeSwitchReporter,
  type ModeApprovalKind,
  type ModeSwitchOutcome,
  type ModeSwitchReporter,
  type OpenSwitch,
  type TargetMode,
} from './mode-switch.types';
import { CREATE_STEPS, DISABLE_STEPS, MODE_SWITCH_STEP, ProgressReporter, type ProgressListener, type ProgressStep } from './provisioning-progress';
import { JournalConflictError, type ProvisioningJournal } from './provisioning-journal.port';
import { noAudit, silentLogger, type AreaLogger, type ServiceAccountAuditSink, type SessionTerminator } from './service-account.collaborators.port';
import { toServiceAccountError } from './service-account.error-mapping';
import { ServiceAccountError } from './service-account.errors';
import type { ServiceAccountProvisioningService } from './service-account-provisioning.service';

/** The part of ApprovalService this area uses (structurally satisfied by it). */
export interface ApprovalRequester {
  create(actor: Actor, input: { kind: string; payload: JsonObject; correlationId?: string }): Promise<ApprovalRequest>;
  listPending(tenantId: string, options: { kind?: string }): Promise<ApprovalRequest[]>;
}

export interface ModeSwitchDeps {
  settings: TenantSettingsRepository;
  accounts: ServiceAccountRepository;
  provisioning: Pick<ServiceAccountProvisioningService, 'create' | 'pendingOperation' | 'resumeInterrupted'>;
  disabler: Pick<AdvancedManagementDisableService, 'disableAdvancedManagement' | 'hasPendingDisable' | 'resumeInterrupted'>;
  /**
   * Ends a session still running in the old mode (the session service, as for disable). Without
   * it a switched tenant's running session keeps the old principal until it is turned off.
   */
  sessions?: SessionTerminator;
  approvals: ApprovalRequester;
  /**
   * Checks a first choice of mode server-side (the `mode.change` capability: tenant admins).
   * Without it (some unit tests) a first choice is refused, so nothing bypasses the check.
   */
  authorization?: { require(actor: Actor, capability: 'mode.change', target?: undefined, options?: { correlationId?: string }): Promise<unknown> };
  journal: ProvisioningJournal;
  clock: Clock;
  tasks: BackgroundTasks;
  reporter?: ModeSwitchReporter;
  audit?: ServiceAccountAuditSink;
  logger?: AreaLogger;
  newId?: () => string;
}

/** One switch per approval: the approval id is the idempotency key, so a replayed effect finds it. */
function switchOperationId(approvalId: string): string {
  return `mode.switch:${approvalId}`;
}

const targetModeSchema = z.enum(['default', 'advanced']);
const modeChangePayloadSchema = z.object({ targetMode: targetModeSchema, fromMode: z.enum(['none', 'default', 'advanced']) });
const disablePayloadSchema = z.object({ userPrincipalName: z.string().optional() });

const personSchema = z.object({ userId: z.string(), upn: z.string().optional(), displayName: z.string().optional() });
const switchStateSchema = z.object({
  approvalId: z.string(),
  approvalKind: z.enum(['mode.change', 'advanced.disable']),
  targetMode: z.enum(['none', 'default', 'advanced']),
  requester: personSchema,
  approver: personSchema.optional(),
  accountReady: z.boolean(),
  modeUpdated: z.boolean(),
  /** The session of the old mode was dealt with (ended, or there was none); absent in journals written before. */
  sessionEnded: z.boolean().optional(),
  /** The session this switch turned off, for the audit record (names and ids only). */
  endedSession: z
    .object({ mode: z.string().optional(), principalKind: z.string().optional(), principalId: z.string().optional(), principalUpn: z.string().optional() })
    .optional(),
});
type SwitchState = z.infer<typeof switchStateSchema>;

export class ModeSwitchService {
  private readonly reporter: ModeSwitchReporter;
  private readonly audit: ServiceAccountAuditSink;
  private readonly logger: AreaLogger;
  private readonly newId: () => string;
  /** Tenants whose switch runs in this process now: a redelivered effect or a second Retry must not start it twice. */
  private readonly running = new Set<string>();

  constructor(private readonly deps: ModeSwitchDeps) {
    this.reporter = deps.reporter ?? silentModeSwitchReporter;
    this.audit = deps.audit ?? noAudit;
    this.logger = deps.logger ?? silentLogger;
    this.newId = deps.newId ?? randomUUID;
  }

  /**
   * A tenant admin's FIRST choice of management type (the tenant has none yet) takes effect at
   * once, audited as `mode.chosen`: there is no established mode to protect, and the seed's first
   * run ("Use management service account", then "Turn on management session") has no approval
   * step. Four-eyes still applies to changing an established mode (`requestModeChange`) and to
   * disabling advanced management. Choosing Advanced writes the mode before the account exists;
   * the creation that follows is journalled on its own, and until it finishes turning on says
   * "No management service account yet" with the Create button.
   * @returns true when this call set the mode; false when a mode was already chosen (the caller
   *   goes on to the four-eyes request, or to what it was doing).
   * @throws AccessDeniedError when the actor may not change the management type.
   */
  async chooseFirstMode(tenantId: string, actor: Actor, targetMode: TargetMode, correlationId: string = this.newId()): Promise<boolean> {
    this.assertSameTenant(tenantId, actor);
    if (this.deps.settings.get(tenantId).mode !== 'none') return false;
    if (!this.deps.authorization) throw new ServiceAccountError('MODE.INVALID', 'first choice needs the authorization check', { nextStep: 'Ask a tenant admin to choose the management type.' });
    await this.deps.authorization.require(actor, 'mode.change', undefined, { correlationId });
    this.assertNoSwitchRunning(tenantId);
    // Re-read after the awaits: a second admin's click in the meantime made this no longer a first choice.
    if (this.deps.settings.get(tenantId).mode !== 'none') return false;
    this.deps.settings.update(tenantId, { mode: targetMode }, actor.userId);
    await this.audit.append({
      tenantId,
      actor: toPerson(actor),
      action: 'mode.chosen',
      target: { type: 'tenant', id: tenantId },
      principal: { kind: 'botApp' },
      result: 'ok',
      correlationId,
      details: { targetMode, fromMode: 'none', firstChoice: true },
    });
    this.logger.info({ tenantId, targetMode, correlationId }, 'first management type chosen');
    return true;
  }

  /**
   * Asks the tenant's other admins to approve a change of management type.
   * @throws ServiceAccountError MODE.INVALID, MODE.UNCHANGED, SERVICE_ACCOUNT.OPERATION_IN_PROGRESS (a switch is still running).
   * @throws AccessDeniedError (from the approval service) when the actor is not a tenant admin, or acts for another tenant.
   */
  async requestModeChange(tenantId: string, actor: Actor, targetMode: string): Promise<ApprovalRequest> {
    this.assertSameTenant(tenantId, actor);
    const parsed = targetModeSchema.safeParse(targetMode);
    if (!parsed.success) throw new ServiceAccountError('MODE.INVALID', `unknown mode ${targetMode}`, { nextStep: 'Choose Default or Advanced.' });
    const fromMode = this.deps.settings.get(tenantId).mode;
    if (fromMode === parsed.data) throw new ServiceAccountError('MODE.UNCHANGED', `already ${fromMode}`);
    this.assertNoSwitchRunning(tenantId);
    await this.assertNoRequestWaiting(tenantId, 'mode.change');
    return this.deps.approvals.create(actor, { kind: 'mode.change', payload: { targetMode: parsed.data, fromMode } });
  }

  /**
   * Asks the tenant's other admins to approve disabling advanced management (after the
   * confirmation card).
   * @throws ServiceAccountError MODE.NO_ACCOUNT when there is nothing to disable, SERVICE_ACCOUNT.OPERATION_IN_PROGRESS.
   * @throws AccessDeniedError (from the approval service) when the actor is not a tenant admin.
   */
  async requestDisableAdvanced(tenantId: string, actor: Actor): Promise<ApprovalRequest> {
    this.assertSameTenant(tenantId, actor);
    const record = this.deps.accounts.get(tenantId);
    const somethingToRemove =
      record !== undefined ||
      this.deps.provisioning.pendingOperation(tenantId) !== undefined ||
      this.deps.disabler.hasPendingDisable(tenantId) ||
      this.deps.settings.get(tenantId).mode === 'advanced';
    if (!somethingToRemove) throw new ServiceAccountError('MODE.NO_ACCOUNT', 'no service account');
    this.assertNoSwitchRunning(tenantId);
    await this.assertNoRequestWaiting(tenantId, 'advanced.disable');
    const payload: JsonObject = record ? { userPrincipalName: record.userPrincipalName } : {};
    return this.deps.approvals.create(actor, { kind: 'advanced.disable', payload });
  }

  /** The two approval kinds this service owns, for ApprovalHandlerRegistry.register. */
  approvalHandlers(): ApprovalKindHandler[] {
    return [
      {
        kind: 'mode.change',
        requestCapability: 'mode.change',
        validatePayload: (payload) => void modeChangePayloadSchema.parse(payload),
        onApproved: (request) => this.onApproved(request),
      },
      {
        kind: 'advanced.disable',
        requestCapability: 'advanced.disable',
        validatePayload: (payload) => void disablePayloadSchema.parse(payload),
        onApproved: (request) => this.onApproved(request),
      },
    ];
  }

  /**
   * The approval's effect: journals the switch (so it survives a crash) and starts it in the
   * background. Idempotent: a redelivered effect for the same approval starts nothing new.
   * @throws ServiceAccountError SERVICE_ACCOUNT.OPERATION_IN_PROGRESS when another approved switch is still open.
   */
  async onApproved(request: ApprovalRequest): Promise<void> {
    const mine = this.deps.journal.get(switchOperationId(request.id));
    if (mine && (mine.status === 'completed' || mine.status === 'cancelled')) return;
    const open = this.deps.journal.findOpen(request.tenantId, 'mode.switch');
    if (open && open.state['approvalId'] !== request.id) {
      throw new ServiceAccountError('SERVICE_ACCOUNT.OPERATION_IN_PROGRESS', 'another approved mode switch is open');
    }
    if (!open) this.journalSwitch(request);
    if (this.running.has(request.tenantId)) return;
    this.deps.tasks.start(`mode.switch:${request.id}`, () => this.runOpenSwitch(request.tenantId));
  }

  /**
   * "Retry" on a failed switch: resumes it where it stopped, with the caller's progress card.
   * Returns undefined when no switch is open for the tenant.
   */
  async retry(tenantId: string, actor: Actor, onProgress?: ProgressListener): Promise<ModeSwitchOutcome | undefined> {
    this.assertSameTenant(tenantId, actor);
    if (this.running.has(tenantId)) throw new ServiceAccountError('SERVICE_ACCOUNT.OPERATION_IN_PROGRESS', 'the switch is running');
    return this.runOpenSwitch(tenantId, onProgress);
  }

  /**
   * On start: finishes every management-account change a crash interrupted. Approved switches
   * first, because each resumes its own creation or disable (with its progress card and final
   * message); then creations and disables that ran on their own and were cut mid-way (their
   * services skip the ones a switch owns). Returns the switches' outcomes.
   */
  async resumeInterrupted(): Promise<ModeSwitchOutcome[]> {
    const outcomes: ModeSwitchOutcome[] = [];
    for (const open of this.deps.journal.listOpen().filter((op) => op.kind === 'mode.switch')) {
      const outcome = await this.runOpenSwitch(open.tenantId);
      if (outcome) outcomes.push(outcome);
    }
    await this.deps.provisioning.resumeInterrupted();
    await this.deps.disabler.resumeInterrupted();
    return outcomes;
  }

  /** The steps the progress card of an approved change shows. */
  static stepsFor(kind: ModeApprovalKind, targetMode: ManagementMode): readonly ProgressStep[] {
    if (kind === 'advanced.disable') return DISABLE_STEPS;
    return targetMode === 'advanced' ? [...CREATE_STEPS, MODE_SWITCH_STEP] : [MODE_SWITCH_STEP];
  }

  private journalSwitch(request: ApprovalRequest): void {
    const targetMode: ManagementMode = request.kind === 'advanced.disable' ? 'none' : modeChangePayloadSchema.parse(request.payload).targetMode;
    const state: SwitchState = {
      approvalId: request.id,
      approvalKind: request.kind as ModeApprovalKind,
      targetMode,
      requester: request.requester,
      ...(request.decidedBy ? { approver: request.decidedBy } : {}),
      accountReady: false,
      modeUpdated: false,
    };
    try {
      this.deps.journal.start({ operationId: switchOperationId(request.id), tenantId: request.tenantId, kind: 'mode.switch', state, startedBy: request.decidedBy ?? request.requester, at: this.deps.clock.now().toISOString() });
    } catch (error) {
      if (error instanceof JournalConflictError) throw new ServiceAccountError('SERVICE_ACCOUNT.OPERATION_IN_PROGRESS', 'mode switch already open');
      throw error;
    }
  }

  private async runOpenSwitch(tenantId: string, onProgress?: ProgressListener): Promise<ModeSwitchOutcome | undefined> {
    if (this.running.has(tenantId)) return undefined;
    this.running.add(tenantId);
    try {
      return await this.runOpenSwitchOnce(tenantId, onProgress);
    } finally {
      this.running.delete(tenantId);
    }
  }

  private async runOpenSwitchOnce(tenantId: string, onProgress?: ProgressListener): Promise<ModeSwitchOutcome | undefined> {
    const open = this.deps.journal.findOpen(tenantId, 'mode.switch');
    if (!open) return undefined;
    const run = new JournalRun<SwitchState>(this.deps.journal, this.deps.clock, open.operationId, switchStateSchema.parse(open.state), this.logger);
    const { approvalKind: kind, approvalId, targetMode } = run.state;
    const listener = onProgress ?? this.reporter.progressFor({ tenantId, approvalId, kind, steps: ModeSwitchService.stepsFor(kind, targetMode) });
    // The requester asked for the change; they are the actor of record, the approval names the approver.
    const actor: Actor = { ...run.state.requester, tenantId };
    const correlationId = this.newId();
    let outcome: ModeSwitchOutcome;
    try {
      outcome = await this.switch(run, actor, listener, correlationId);
      run.close('completed');
    } catch (error) {
      const mapped = toServiceAccountError(error, undefined, kind === 'advanced.disable' ? 'disable' : 'create');
      run.fail(mapped.code);
      outcome = {
        tenantId,
        approvalId,
        kind,
        status: 'failed',
        mode: this.deps.settings.get(tenantId).mode,
        message: `${kind === 'advanced.disable' ? 'Advanced management was not disabled' : 'The management type was not switched'}: ${mapped.userMessage}`,
        code: mapped.code,
        retryable: mapped.retryable,
        ...(mapped.nextStep ? { nextStep: mapped.nextStep } : {}),
        ...(mapped.missingPermission ? { missingPermission: mapped.missingPermission } : {}),
        correlationId: mapped.correlationId ?? correlationId,
      };
    }
    await this.audit.append({
      tenantId,
      actor: toPerson(actor),
      action: kind,
      target: { type: 'approval', id: approvalId },
      principal: { kind: 'botApp' },
      result: outcome.status === 'switched' ? 'ok' : 'failed',
      ...(outcome.code ? { code: outcome.code } : {}),
      correlationId,
      details: { targetMode, mode: outcome.mode, ...(run.state.approver ? { approvedBy: run.state.approver.userId } : {}), ...sessionAuditDetails(run.state) },
    });
    await this.finish(outcome);
    return outcome;
  }

  private async switch(run: JournalRun<SwitchState>, actor: Actor, listener: ProgressListener, correlationId: string): Promise<ModeSwitchOutcome> {
    const { approvalKind: kind, approvalId, targetMode } = run.state;
    const tenantId = actor.tenantId;
    const base = { tenantId, approvalId, kind, status: 'switched' as const, correlationId };
    if (kind === 'advanced.disable') {
      const result = await this.deps.disabler.disableAdvancedManagement(tenantId, actor, listener);
      run.done('mode.updated', { accountReady: true, modeUpdated: true });
      return { ...base, mode: result.mode as ManagementMode, message: MODE_SWITCH_MESSAGES.disabled };
    }
    const progress = new ProgressReporter([MODE_SWITCH_STEP], listener, this.logger);
    if (targetMode === 'advanced') {
      // Not guarded by `accountReady`: create is idempotent, and re-checking the sign-in on a
      // resumed switch is what the final message should be based on.
      const created = await this.deps.provisioning.create(tenantId, actor, listener);
      run.done('account.ready', { accountReady: true });
      await progress.run(MODE_SWITCH_STEP, async () => this.applyMode(run, actor, 'advanced', correlationId), () => ({}));
      const message = created.outcome === 'created' && !created.adoptedExistingAccount ? MODE_SWITCH_MESSAGES.advancedCreated : MODE_SWITCH_MESSAGES.advancedExisting;
      const blocked = created.readiness.status !== 'ready' ? ` Before it can be used, its sign-in must be unblocked: ${created.readiness.requiredChanges.join(' ')}` : '';
      return { ...base, mode: 'advanced', message: `${message}${blocked}${endedNote(run.state)}`, readiness: created.readiness };
    }
    await progress.run(MODE_SWITCH_STEP, async () => this.applyMode(run, actor, 'default', correlationId), () => ({}));
    // Only say the account was kept when there is one to keep.
    const kept = this.deps.accounts.get(tenantId) !== undefined ? MODE_SWITCH_MESSAGES.defaultKept : MODE_SWITCH_MESSAGES.defaultNoAccount;
    return { ...base, mode: 'default', message: `${kept}${endedNote(run.state)}` };
  }

  /** The new mode first, so a session turned on from here on already uses it; then the session of the old mode ends. */
  private async applyMode(run: JournalRun<SwitchState>, actor: Actor, mode: TargetMode, correlationId: string): Promise<void> {
    this.updateMode(run, actor, mode);
    await this.endSessionOfOldMode(run, actor, mode, correlationId);
  }

  private updateMode(run: JournalRun<SwitchState>, actor: Actor, mode: ManagementMode): void {
    if (run.state.modeUpdated) return;
    this.deps.settings.update(actor.tenantId, { mode }, actor.userId);
    run.done('mode.updated', { modeUpdated: true });
  }

  /**
   * A running session carries the principal it was turned on with: the service account (a
   * Global Administrator) in Advanced mode, a Global Admin's own sign-in in Default mode. Once
   * the mode changed, that principal is wrong, so the session ends; one already running in the
   * new mode (turned on after the mode was written) is kept. Journalled, so a resumed switch
   * neither repeats it nor forgets to do it.
   */
  private async endSessionOfOldMode(run: JournalRun<SwitchState>, actor: Actor, mode: TargetMode, correlationId: string): Promise<void> {
    if (run.state.sessionEnded || !this.deps.sessions) return;
    run.intent('session.ending');
    const report = await this.deps.sessions.endSession(actor.tenantId, { reason: 'mode-changed', actor: toPerson(actor), correlationId, keepMode: mode });
    const ended = report && report.outcome === 'turned-off' ? report.ended : undefined;
    const endedSession: SwitchState['endedSession'] = ended
      ? {
          ...(ended.mode ? { mode: ended.mode } : {}),
          ...(ended.principal ? { principalKind: ended.principal.kind, principalId: ended.principal.objectId, principalUpn: ended.principal.userPrincipalName } : {}),
        }
      : undefined;
    run.done('session.ended', { sessionEnded: true, ...(endedSession ? { endedSession } : {}) });
  }

  private async finish(outcome: ModeSwitchOutcome): Promise<void> {
    try {
      await this.reporter.finished(outcome);
    } catch (error) {
      // The switch itself is done and journalled; a lost final card must not undo or repeat it.
      this.logger.warn({ tenantId: outcome.tenantId, approvalId: outcome.approvalId, errorName: error instanceof Error ? error.name : typeof error }, 'final mode switch message not delivered');
    }
  }

  /** The open request of this kind, if any: a tenant has at most one waiting for approval. */
  /**
   * An approved change that has not finished (it failed, or a crash cut it), so a Retry button
   * resumes it without a new approval. Ids and markers only; undefined when none is open.
   */
  openSwitch(tenantId: string): OpenSwitch | undefined {
    const open = this.deps.journal.findOpen(tenantId, 'mode.switch');
    if (!open) return undefined;
    const { approvalId, approvalKind, targetMode } = open.state;
    if (typeof approvalId !== 'string' || (approvalKind !== 'mode.change' && approvalKind !== 'advanced.disable')) return undefined;
    const target = targetMode === 'default' || targetMode === 'advanced' ? targetMode : 'none';
    return { approvalId, kind: approvalKind, targetMode: target };
  }

  async pendingRequest(tenantId: string, kind: ModeApprovalKind): Promise<ApprovalRequest | undefined> {
    return (await this.deps.approvals.listPending(tenantId, { kind }))[0];
  }

  /** A repeated or redelivered ask must find the waiting request, not open a second one for admins to approve. */
  private async assertNoRequestWaiting(tenantId: string, kind: ModeApprovalKind): Promise<void> {
    const waiting = await this.pendingRequest(tenantId, kind);
    if (waiting) {
      throw new ServiceAccountError('MODE.REQUEST_PENDING', `request ${waiting.id} is still pending`, {
        details: { requestId: waiting.id },
        nextStep: 'Wait for another tenant admin to approve or reject it.',
      });
    }
  }

  private assertNoSwitchRunning(tenantId: string): void {
    if (this.deps.journal.findOpen(tenantId, 'mode.switch')) {
      throw new ServiceAccountError('SERVICE_ACCOUNT.OPERATION_IN_PROGRESS', 'an approved switch is still open', {
        nextStep: 'Wait for the running change to finish, or retry it if it failed.',
      });
    }
  }

  private assertSameTenant(tenantId: string, actor: Actor): void {
    assertActorInTenant(tenantId, actor);
  }
}

/** What the switch's audit record says about the session of the old mode (mode changes only; a disable audits its own). */
function sessionAuditDetails(state: SwitchState): Record<string, string | boolean> {
  if (state.approvalKind !== 'mode.change' || state.sessionEnded === undefined) return {};
  const ended = state.endedSession;
  if (!ended) return { sessionEnded: false };
  return {
    sessionEnded: true,
    ...(ended.mode ? { endedSessionMode: ended.mode } : {}),
    ...(ended.principalKind ? { endedSessionPrincipalKind: ended.principalKind } : {}),
    ...(ended.principalId ? { endedSessionPrincipalId: ended.principalId } : {}),
    ...(ended.principalUpn ? { endedSessionPrincipal: ended.principalUpn } : {}),
  };
}

function endedNote(state: SwitchState): string {
  return state.endedSession ? ` ${MODE_SWITCH_MESSAGES.sessionEnded}` : '';
}

/**
 * Management actions on users (block sign-in, unblock sign-in, revoke sessions, and every later
 * one): one path for all, used alike by a text command, a card verb and the scheduler.
 *
 *   prepare:  resolve the target (bot app, User.Read.All) → authorize(actor, action, target)
 *             → requireActiveSession (may auto-enable) → store a pending action → confirmation card
 *   execute:  same tenant and same person as the preparer → authorize again, now
 *             → requireActiveSession → claim the pending action (conditional UPDATE)
 *             → the Graph call as the session's account → audit → mark done/failed
 *
 * A redelivered or repeated confirmation finds the action claimed and gets the stored answer;
 * it never runs the action again. A delivery that died after its claim leaves the action
 * `running`; it is settled by InterruptedActionReconciler (read back, or "outcome unknown").
 */
import { randomUUID } from 'node:crypto';
import { toPerson, type Actor } from '../access/actor';
import type { AuthorizationDecision, TargetRef } from '../access/authorization.service';
import { MAX_OPEN_PENDING_ACTIONS, TooManyPendingError } from '../access/denial-limits';
import { NOT_PRIVILEGED, PrivilegedConfirmationRequiredError, type PrivilegedTargetAssessment } from '../access/privileged-target.service';
import type { AuditWriter } from '../ports/audit-log.port';
import type { Clock } from '../ports/clock.port';
import type { Directory, DirectoryUser } from '../ports/directory.port';
import type { UserAdministration } from '../ports/user-administration.port';
import type { ActiveSession } from '../sessions/require-active-session';
import { unavailableUserAdministration } from '../sessions/session-bound-user-administration';
import { auditDetails, auditPrincipal } from '../sessions/session-audit';
import { silentLogger, type AreaLogger } from '../sessions/session-collaborators.port';
import type { ManagementSession, SessionPrincipal } from '../sessions/session.types';
import type { ApprovalRequest } from '../approvals/approval-request';
import {
  ACTION_RUN_APPROVAL,
  approvalRequiredError,
  openApprovalOnce,
  approvalStanding,
  type ActionApprovalDesk,
  type ActionApprovalRules,
} from './action-approvals';
import type { ActionDefinition, ActionDescription, ActionParameterContext, ActionParameters, ActionTarget, ShownOnceSecret } from './action-definition';
import { ActionError } from './action-errors';
import { explainRunFailure, type SettledOutcome } from './action-outcome';
import type { ActionRegistry } from './action-registry';
import { resolveActionTarget } from './action-target-resolver';
import { InterruptedActionReconciler, type InterruptedActionNotice } from './interrupted-action-reconciler';
import type { PendingActionRepository } from './pending-action.repository.port';
import type { PendingAction, PendingActionTarget } from './pending-action.types';

/** AuthorizationService satisfies this; it audits its own denials. */
export interface ActionAuthorizer {
  authorize(actor: Actor, capability: string, target?: TargetRef, options?: { correlationId?: string }): Promise<AuthorizationDecision>;
}

/** PrivilegedTargetService satisfies this. */
export interface PrivilegedTargetAssessor {
  assess(actor: Actor, target: Pick<DirectoryUser, 'id' | 'userPrincipalName'>): Promise<PrivilegedTargetAssessment>;
}

export interface ExecuteOptions {
  /**
   * The person gave the second confirmation a privileged target asks for. It is their intent
   * only: whether the target is privileged, and whether they may act on it at all, is decided
   * again here from the directory.
   */
  privilegedConfirmed?: boolean;
  /**
   * The confirmation came from the person's personal chat with the bot. Actions that show a
   * secret once (reset password) run only then, so the secret reaches no one else.
   */
  privateConversation?: boolean;
  /**
   * The caller knows the process that claimed this action is gone (a workflow resuming after a
   * restart): a claim still running is settled now, by reading the target back, however recent
   * it is — never sent again.
   */
  claimantGone?: boolean;
  /**
   * An approved request that covers a batch of actions keyed by one prefix (a workflow run's
   * approval step: payload `coversKeysOf` = the run id, the actions' idempotency keys
   * `<runId>:<stepId>`). Accepted in place of this action's own approval only when it is
   * approved, in this tenant, was asked by this action's preparer, and covers this action's key.
   */
  coveringApprovalRequestId?: string;
}

export interface PrepareOptions {
  correlationId?: string;
  /** Inputs beyond the target, as typed or picked (e.g. `{ group: 'Sales' }`); the action resolves and checks them. */
  input?: Readonly<Record<string, string>>;
  /** As ExecuteOptions.privateConversation: a secret-showing action is refused elsewhere before anything is stored. */
  privateConversation?: boolean;
  /** An unattended caller's key: at most one action per key and tenant (see runOnce). */
  idempotencyKey?: string;
}

/** ActiveSessionGuard satisfies this. */
export interface SessionGuard {
  requireActiveSession(tenantId: string, actor: Actor, options?: { correlationId?: string }): Promise<ActiveSession>;
}

export interface ManagementActionOptions {
  /** How long a confirmation card stays valid. Default 15 minutes. */
  pendingActionTtlInMs?: number;
  /** A `running` action claimed longer ago than this is considered interrupted. Default 2 minutes. */
  interruptedAfterInMs?: number;
  /** Open (unconfirmed, unexpired) actions one person may hold per tenant. Default 20. */
  maxOpenPerActor?: number;
}

export interface ManagementActionDependencies {
  registry: ActionRegistry;
  pendingActions: PendingActionRepository;
  /** The bot's own directory (application permissions), for resolving and reading back targets. */
  appDirectory: Directory;
  /** Profile, manager and licence reads as the bot's app, for parameter rules (before → after). Absent: those reads fail closed. */
  appUsers?: UserAdministration;
  authorizer: ActionAuthorizer;
  sessions: SessionGuard;
  /** Self, role holders and break-glass accounts need a second confirmation. Absent: no target is treated as privileged. */
  privilegedTargets?: PrivilegedTargetAssessor;
  audit: AuditWriter;
  clock: Clock;
  logger?: AreaLogger;
  options?: ManagementActionOptions;
  /**
   * Which actions need a tenant admin's approval when an operator runs them. Absent: none do
   * (tests of other rules). With it, `approvals` must be given too, or such runs are refused.
   */
  approvalRules?: Pick<ActionApprovalRules, 'requiresApproval'>;
  /** The approval service, for asking and for checking an approval before running. */
  approvals?: ActionApprovalDesk;
  /**
   * Published custom actions (`custom:<name>`) as action definitions, read when one is prepared
   * or confirmed. Throws a CustomActionError saying why one cannot run (not published, disabled).
   */
  customActions?: { definitionOf(tenantId: string, actionId: string): Promise<ActionDefinition | undefined> };
}

export interface ApprovalAsked {
  request: ApprovalRequest;
  /** True when this delivery found the request an earlier one opened (a redelivered or repeated click). */
  duplicate: boolean;
}

export interface PrepareResult {
  pendingActionId: string;
  actionId: string;
  title: string;
  target: ActionTarget;
  description: ActionDescription;
  expiresAt: string;
  /** The session was turned on by auto-enable for this request; say so. */
  autoEnabled: boolean;
  session: ManagementSession;
  correlationId: string;
  /** Whether confirming will ask a second time, and why (as known when prepared; checked again on confirm). */
  privileged: PrivilegedTargetAssessment;
  /** The resolved inputs beyond the target (e.g. the group), as stored with the pending action. */
  parameters: ActionParameters;
  /** A tenant admin must approve before it runs (the card asks for approval instead of confirming). */
  approvalRequired: boolean;
}

export interface ExecuteResult {
  /** `in-progress`: another delivery of the same confirmation is running it right now. */
  outcome: 'done' | 'failed' | 'unknown' | 'in-progress';
  /** True when this delivery did not run the action (redelivery or repeated click): show the stored answer. */
  duplicate: boolean;
  pendingActionId: string;
  actionId: string;
  title: string;
  target: PendingActionTarget;
  principal?: SessionPrincipal;
  summary: string;
  code?: string;
  autoEnabled: boolean;
  correlationId: string;
  /**
   * The secret the action produced (a temporary password), only on the delivery that ran it:
   * never stored or audited, and absent from every repeated answer. Show it once, then redact.
   */
  shownOnce?: ShownOnceSecret;
}

export class ManagementActionService {
  private readonly reconciler: InterruptedActionReconciler;
  private readonly logger: AreaLogger;
  private readonly ttlInMs: number;
  private readonly interruptedAfterInMs: number;
  private readonly maxOpenPerActor: number;

  constructor(private readonly deps: ManagementActionDependencies) {
    this.reconciler = new InterruptedActionReconciler(deps);
    this.logger = deps.logger ?? silentLogger;
    this.ttlInMs = deps.options?.pendingActionTtlInMs ?? 15 * 60_000;
    this.interruptedAfterInMs = deps.options?.interruptedAfterInMs ?? 2 * 60_000;
    this.maxOpenPerActor = deps.options?.maxOpenPerActor ?? MAX_OPEN_PENDING_ACTIONS;
  }

  /**
   * Resolves the target, checks the actor may run the action on it, makes sure the session is
   * ON (auto-enabling it if the tenant allows) and returns what the confirmation card shows.
   * Nothing changes in the tenant. Needs User.Read.All for the bot's app.
   * @throws ActionError ACTION.UNKNOWN, ACTION.TARGET_REQUIRED, ACTION.TARGET_NOT_FOUND,
   *   ACTION.TARGET_AMBIGUOUS (with candidates), ACTION.DIRECTORY_UNAVAILABLE, ACTION.DENIED
   *   (reason ACCESS.*, audited by the authorizer); SessionError SESSION.NOT_ACTIVE and the
   *   turn-on errors when auto-enable fails; AccessError ACCESS.TOO_MANY_PENDING when the actor
   *   already holds the limit of open actions (nothing is stored).
   */
  async prepare(actor: Actor, actionId: string, targetQuery: string, options: PrepareOptions = {}): Promise<PrepareResult> {
    const definition = await this.definitionOfOrAudited(actor, actionId, options.correlationId);
    if (definition.showsSecretOnce && options.privateConversation !== true) throw privateChatRequired(definition);
    const correlationId = options.correlationId ?? randomUUID();
    // Checked first, before Graph is asked anything or a session is turned on; the insert below
    // checks again atomically, for prepares racing each other.
    if (this.deps.pendingActions.countOpen(actor.tenantId, actor.userId, this.deps.clock.now()) >= this.maxOpenPerActor) throw this.tooMany(actor);
    const found = await resolveActionTarget(this.deps.appDirectory, actor.tenantId, targetQuery);
    const decision = await this.deps.authorizer.authorize(actor, definition.id, { userId: found.id }, { correlationId });
    if (!decision.allowed) throw denied(decision, correlationId);
    const target = toActionTarget(actor.tenantId, decision.target ?? found);
    const parameters = definition.resolveParameters
      ? await this.judgeParameters(actor, definition, correlationId, target, () => definition.resolveParameters!(this.parameterContext(actor, decision, target), options.input ?? {}))
      : {};
    const privileged = await this.assessPrivileged(actor, target);
    const active = await this.deps.sessions.requireActiveSession(actor.tenantId, actor, { correlationId });
    const now = this.deps.clock.now();
    const pending: PendingAction = {
      id: randomUUID(),
      tenantId: actor.tenantId,
      actor: toPerson(actor),
      actionId: definition.id,
      target: { userId: target.userId, upn: target.upn, displayName: target.displayName },
      ...(Object.keys(parameters).length > 0 ? { parameters } : {}),
      correlationId,
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + this.ttlInMs).toISOString(),
      state: 'pending',
      ...(options.idempotencyKey ? { idempotencyKey: options.idempotencyKey } : {}),
    };
    if (!this.deps.pendingActions.create(pending, { maxOpenPerActor: this.maxOpenPerActor })) {
      // Another call with the same key stored its action first: that one is the action.
      const winner = options.idempotencyKey ? this.deps.pendingActions.findByIdempotencyKey(actor.tenantId, options.idempotencyKey) : undefined;
      if (!winner) throw this.tooMany(actor);
      pending.id = winner.id;
      pending.expiresAt = winner.expiresAt;
    }
    return {
      pendingActionId: pending.id,
      actionId: definition.id,
      title: definition.title,
      target,
      description: definition.describe(target, parameters),
      expiresAt: pending.expiresAt,
      autoEnabled: active.autoEnabled,
      session: active.session,
      correlationId,
      privileged,
      parameters,
      approvalRequired: this.approvalRequired(actor, definition, decision),
    };
  }

  /**
   * Asks the tenant admins to approve a prepared action (four-eyes, through the approval service).
   * Same person and tenant as the preparer, authorized again now. A second delivery of the same
   * click finds the request the first opened. Once approved, the same person confirms it as usual.
   * @throws ActionError ACTION.NOT_FOUND, ACTION.NOT_PREPARER, ACTION.EXPIRED, ACTION.DENIED,
   *   ACTION.NOT_POSSIBLE (no approval needed, or approvals are not available), ACTION.APPROVAL_CLOSED
   *   (an earlier request for it was rejected).
   */
  async requestApproval(actor: Actor, pendingActionId: string, options: { correlationId?: string } = {}): Promise<ApprovalAsked> {
    const pending = this.deps.pendingActions.get(pendingActionId);
    if (!pending || pending.tenantId !== actor.tenantId) throw new ActionError('ACTION.NOT_FOUND', "I can't find that action any more. Run the command again.");
    const definition = await this.definitionOfOrAudited(actor, pending.actionId, pending.correlationId);
    if (pending.actor.userId !== actor.userId) return this.refuseOtherPerson(actor, pending);
    const desk = this.deps.approvals;
    const standing = desk ? await approvalStanding(desk, { tenantId: pending.tenantId, requesterUserId: pending.actor.userId, ...(pending.approvalRequestId ? { approvalRequestId: pending.approvalRequestId } : {}) }, ACTION_RUN_APPROVAL, 'pendingActionId', pending.id) : { state: 'none' as const };
    if (standing.state === 'pending' || standing.state === 'approved') return { request: standing.request, duplicate: true };
    if (standing.state === 'closed' && standing.request.state === 'rejected') throw approvalRequiredError(standing, definition.title);
    if (pending.state !== 'pending' || Date.parse(pending.expiresAt) <= this.deps.clock.now().getTime()) {
      throw new ActionError('ACTION.EXPIRED', 'This confirmation has expired. Run the command again.');
    }
    const correlationId = pending.correlationId;
    const decision = await this.deps.authorizer.authorize(actor, pending.actionId, { userId: pending.target.userId }, { correlationId });
    if (!decision.allowed) throw denied(decision, correlationId);
    if (!desk || !this.approvalRequired(actor, definition, decision)) {
      throw new ActionError('ACTION.NOT_POSSIBLE', `${definition.title} needs no approval for you. Select Confirm on the confirmation card. Nothing was changed.`);
    }
    const description = definition.describe({ ...pending.target, tenantId: pending.tenantId, accountEnabled: true }, pending.parameters ?? {});
    return openApprovalOnce(
      desk,
      actor,
      { store: this.deps.pendingActions, id: pending.id, now: this.deps.clock.now(), ...(standing.state === 'closed' ? { replacing: standing.request.id } : {}) },
      {
        kind: ACTION_RUN_APPROVAL,
        correlationId,
        payload: {
          action: definition.title,
          user: `${pending.target.displayName} (${pending.target.upn})`,
          change: description.summary,
          ...Object.fromEntries((description.facts ?? []).slice(0, 3).map((fact) => [fact.label, fact.value])),
          actionId: definition.id,
          pendingActionId: pending.id,
        },
      },
    );
  }

  /**
   * Runs a prepared action once, as the session's account, for the person who prepared it.
   * The Graph permission is the action's (`graphPermission`), held by the session's account.
   * A privileged target (self, a directory-role holder, a break-glass account; judged now) runs
   * only with `privilegedConfirmed`, and that confirmation is audited.
   * @throws ActionError ACTION.NOT_FOUND (also for another tenant's id), ACTION.NOT_PREPARER
   *   (audited), ACTION.EXPIRED, ACTION.DENIED (authorization re-checked now); SessionError
   *   SESSION.NOT_ACTIVE and the turn-on errors (the action stays pending and can be confirmed again);
   *   PrivilegedConfirmationRequiredError ACCESS.PRIVILEGED_CONFIRMATION_REQUIRED with the reasons
   *   (nothing ran; ask, then call again with `privilegedConfirmed`); AccessError
   *   ACCESS.DIRECTORY_UNAVAILABLE when the target's roles cannot be read.
   */
  async execute(actor: Actor, pendingActionId: string, options: ExecuteOptions = {}): Promise<ExecuteResult> {
    const pending = this.deps.pendingActions.get(pendingActionId);
    if (!pending || pending.tenantId !== actor.tenantId) {
      throw new ActionError('ACTION.NOT_FOUND', "I can't find that action any more. Run the command again.");
    }
    const definition = await this.definitionOfOrAudited(actor, pending.actionId, pending.correlationId);
    if (pending.actor.userId !== actor.userId) return this.refuseOtherPerson(actor, pending);
    const answered = await this.answerIfSettled(pending, definition, options.claimantGone === true);
    if (answered) return answered;
    if (Date.parse(pending.expiresAt) <= this.deps.clock.now().getTime()) {
      throw new ActionError('ACTION.EXPIRED', 'This confirmation has expired. Run the command again.');
    }

    const correlationId = pending.correlationId;
    const decision = await this.deps.authorizer.authorize(actor, pending.actionId, { userId: pending.target.userId }, { correlationId });
    if (!decision.allowed) {
      this.deps.pendingActions.settle(pending.id, 'pending', 'denied', { code: decision.reason, summary: decision.message }, this.deps.clock.now());
      throw denied(decision, correlationId);
    }
    // After the authorization check, so that someone who may not run it is told so (and audited) first.
    if (definition.showsSecretOnce && options.privateConversation !== true) throw privateChatRequired(definition);
    const target = decision.target ? toActionTarget(actor.tenantId, decision.target) : { ...pending.target, tenantId: actor.tenantId, accountEnabled: true };
    const parameters: ActionParameters = pending.parameters ?? {};
    if (definition.recheckParameters) {
      try {
        await this.judgeParameters(actor, definition, correlationId, target, async () => {
          await definition.recheckParameters!(this.parameterContext(actor, decision, target), parameters);
          return parameters;
        });
      } catch (error) {
        if (error instanceof ActionError) {
          this.deps.pendingActions.settle(pending.id, 'pending', 'denied', { code: error.code, summary: error.userMessage }, this.deps.clock.now());
        }
        throw error;
      }
    }
    const approvedBy = await this.requireApprovalIfNeeded(actor, definition, pending, decision, options.coveringApprovalRequestId);
    const privileged = await this.assessPrivileged(actor, target);
    if (privileged.privileged && options.privilegedConfirmed !== true) {
      throw new PrivilegedConfirmationRequiredError(pending.id, pending.target, privileged.reasons);
    }
    const active = await this.deps.sessions.requireActiveSession(actor.tenantId, actor, { correlationId });

    const claimId = randomUUID();
    const claimed = this.deps.pendingActions.claim(pending.id, claimId, this.deps.clock.now(), active.principal, active.autoEnabled);
    if (!claimed) {
      const current = this.deps.pendingActions.get(pending.id);
      const answer = current && (await this.answerIfSettled(current, definition));
      if (answer) return answer;
      throw new ActionError('ACTION.EXPIRED', 'This confirmation has expired. Run the command again.');
    }

    // Recorded once, after the claim: a redelivered confirmation finds the action claimed above.
    if (privileged.privileged) await this.auditPrivilegedConfirmation(actor, pending, privileged);
    const { outcome, shownOnce } = await this.run(definition, active, target, parameters);
    await this.deps.audit.append({
      tenantId: actor.tenantId,
      actor: toPerson(actor),
      action: definition.id,
      target: { type: 'user', id: target.userId, upn: target.upn, displayName: target.displayName },
      ...auditPrincipal(active.principal),
      result: outcome.state === 'done' ? { outcome: 'ok' } : { outcome: 'failed', code: outcome.result.code ?? 'ACTION.FAILED' },
      correlationId,
      details: auditDetails({
        pendingActionId: pending.id,
        autoEnabled: active.autoEnabled,
        sessionMode: active.session.mode,
        settledAs: outcome.state,
        ...parameters,
        // The secret itself never reaches the audit: only that it was shown, once.
        ...(shownOnce ? { shownOnce: `${shownOnce.label.toLowerCase()} shown once` } : {}),
        ...(privileged.privileged ? { privilegedReasons: privileged.reasons.map((r) => r.kind).join(',') } : {}),
        ...(approvedBy ? { approvalRequestId: approvedBy.requestId, approvedBy: approvedBy.name } : {}),
      }),
    });
    if (!this.deps.pendingActions.complete(pending.id, claimId, outcome.state, outcome.result, this.deps.clock.now())) {
      this.logger.warn({ tenantId: actor.tenantId, pendingActionId: pending.id }, 'actions: claim lost before completion (reconciled meanwhile)');
    }
    return {
      outcome: outcome.state,
      duplicate: false,
      pendingActionId: pending.id,
      actionId: definition.id,
      title: definition.title,
      target: pending.target,
      principal: active.principal,
      summary: outcome.result.summary,
      ...(outcome.result.code ? { code: outcome.result.code } : {}),
      autoEnabled: active.autoEnabled,
      correlationId,
      ...(shownOnce && outcome.state === 'done' ? { shownOnce } : {}),
    };
  }

  /**
   * For unattended callers (a workflow step, a playbook remediation): prepares and runs an action
   * once per `idempotencyKey` in the tenant, for `actor`, through every check of prepare and
   * execute (authorization and scope, approval rules, the session, the claim, audit). A second
   * call with the same key runs nothing and gets the stored answer; a call after a crash between
   * prepare and run runs the stored action. A privileged target is refused (no one is there to
   * confirm it twice). Throws the same refusals as prepare and execute. With `claimantGone`
   * (after a restart), a claim the dead process left running is read back now, not re-sent.
   */
  async runOnce(
    actor: Actor,
    actionId: string,
    targetQuery: string,
    options: { idempotencyKey: string; input?: Readonly<Record<string, string>>; correlationId?: string; privateConversation?: boolean; claimantGone?: boolean; coveringApprovalRequestId?: string },
  ): Promise<ExecuteResult> {
    const run = (pendingActionId: string) =>
      this.execute(actor, pendingActionId, {
        ...(options.privateConversation ? { privateConversation: true } : {}),
        ...(options.claimantGone ? { claimantGone: true } : {}),
        ...(options.coveringApprovalRequestId ? { coveringApprovalRequestId: options.coveringApprovalRequestId } : {}),
      });
    const existing = this.deps.pendingActions.findByIdempotencyKey(actor.tenantId, options.idempotencyKey);
    if (existing) return run(existing.id);
    const prepared = await this.prepare(actor, actionId, targetQuery, {
      idempotencyKey: options.idempotencyKey,
      ...(options.input ? { input: options.input } : {}),
      ...(options.correlationId ? { correlationId: options.correlationId } : {}),
      ...(options.privateConversation ? { privateConversation: true } : {}),
    });
    return run(prepared.pendingActionId);
  }

  /**
   * Settles actions whose delivery died after claiming them (call at start, then periodically).
   * Returns the operators to tell.
   */
  reconcileInterrupted(claimedBefore: Date = new Date(this.deps.clock.now().getTime() - this.interruptedAfterInMs)): Promise<InterruptedActionNotice[]> {
    return this.reconciler.reconcile(claimedBefore);
  }

  /**
   * Deletes pending actions that expired without running (nobody can confirm them any more).
   * For the scheduler; returns how many were deleted.
   */
  purgeExpired(now: Date = this.deps.clock.now()): number {
    return this.deps.pendingActions.purgeExpired(now);
  }

  /** Tenant admins are the approvers: only an operator's run can need an approval. */
  private approvalRequired(actor: Actor, definition: Pick<ActionDefinition, 'id' | 'approvalByDefault'>, decision: AuthorizationDecision): boolean {
    if (!this.deps.approvalRules) return false;
    if (decision.allowed && decision.via === 'tenantAdmin') return false;
    return this.deps.approvalRules.requiresApproval(actor.tenantId, definition.id, definition.approvalByDefault);
  }

  /**
   * Refuses the run unless the approval it needs (if any) was given: read from the approval
   * service now, for this very pending action and its preparer. Returns who approved it.
   */
  private async requireApprovalIfNeeded(
    actor: Actor,
    definition: ActionDefinition,
    pending: PendingAction,
    decision: AuthorizationDecision,
    coveringApprovalRequestId?: string,
  ): Promise<{ requestId: string; name: string } | undefined> {
    if (!this.approvalRequired(actor, definition, decision)) return undefined;
    const desk = this.deps.approvals;
    const subject = { tenantId: pending.tenantId, requesterUserId: pending.actor.userId, ...(pending.approvalRequestId ? { approvalRequestId: pending.approvalRequestId } : {}) };
    let standing = desk ? await approvalStanding(desk, subject, ACTION_RUN_APPROVAL, 'pendingActionId', pending.id) : { state: 'none' as const };
    if (standing.state !== 'approved' && desk && coveringApprovalRequestId) {
      const covering = await desk.get(pending.tenantId, coveringApprovalRequestId);
      const prefix = covering?.payload['coversKeysOf'];
      const covers =
        covering?.state === 'approved' &&
        covering.tenantId === pending.tenantId &&
        covering.requester.userId === pending.actor.userId &&
        typeof prefix === 'string' &&
        prefix.length > 0 &&
        pending.idempotencyKey?.startsWith(`${prefix}:`) === true;
      if (covers) standing = { state: 'approved', request: covering };
    }
    if (standing.state !== 'approved') throw approvalRequiredError(standing, definition.title);
    const by = standing.request.decidedBy;
    return { requestId: standing.request.id, name: by?.displayName ?? by?.upn ?? by?.userId ?? 'a tenant admin' };
  }

  private assessPrivileged(actor: Actor, target: ActionTarget): Promise<PrivilegedTargetAssessment> {
    if (!this.deps.privilegedTargets) return Promise.resolve(NOT_PRIVILEGED);
    return this.deps.privilegedTargets.assess(actor, { id: target.userId, userPrincipalName: target.upn });
  }

  /** "Ada confirmed blocking Megan Bowen, who holds Global Administrator": the second confirmation, in the audit. */
  private async auditPrivilegedConfirmation(actor: Actor, pending: PendingAction, privileged: PrivilegedTargetAssessment): Promise<void> {
    const roleNames = privileged.reasons.flatMap((r) => (r.kind === 'directoryRole' ? r.roleNames : []));
    await this.deps.audit.append({
      tenantId: actor.tenantId,
      actor: toPerson(actor),
      action: 'privilegedTarget.confirm',
      target: { type: 'user', id: pending.target.userId, upn: pending.target.upn, displayName: pending.target.displayName },
      result: { outcome: 'ok' },
      correlationId: pending.correlationId,
      details: auditDetails({
        actionId: pending.actionId,
        pendingActionId: pending.id,
        reasons: privileged.reasons.map((r) => r.kind).join(','),
        ...(roleNames.length > 0 ? { roles: roleNames.join(', ') } : {}),
      }),
    });
  }

  private tooMany(actor: Actor): TooManyPendingError {
    this.logger.warn({ tenantId: actor.tenantId, limit: this.maxOpenPerActor }, 'actions: open pending actions limit reached');
    return new TooManyPendingError('actions', this.maxOpenPerActor);
  }

  private async run(
    definition: ActionDefinition,
    active: ActiveSession,
    target: ActionTarget,
    parameters: ActionParameters,
  ): Promise<{ outcome: SettledOutcome; shownOnce?: ShownOnceSecret }> {
    try {
      const result = await definition.run(active.directory, target, parameters, { users: active.users });
      // Only the summary is stored; the shown-once secret travels back in memory to this delivery's card.
      return { outcome: { state: 'done', result: { summary: result.summary } }, ...(result.shownOnce ? { shownOnce: result.shownOnce } : {}) };
    } catch (error) {
      this.logger.warn(
        { tenantId: target.tenantId, actionId: definition.id, code: isCoded(error) ? error.code : 'UNKNOWN' },
        'actions: run failed',
      );
      return { outcome: await explainRunFailure(error, definition, this.deps.appDirectory, target, parameters) };
    }
  }

  private parameterContext(actor: Actor, decision: Extract<AuthorizationDecision, { allowed: true }>, target: ActionTarget): ActionParameterContext {
    return { appDirectory: this.deps.appDirectory, appUsers: this.deps.appUsers ?? unavailableUserAdministration, tenantId: actor.tenantId, actorIsTenantAdmin: decision.via === 'tenantAdmin', target };
  }

  /** Runs an action's parameter rule; a refusal (ACTION.DENIED) is audited like any other denial. */
  private async judgeParameters(
    actor: Actor,
    definition: ActionDefinition,
    correlationId: string,
    target: ActionTarget,
    judge: () => Promise<ActionParameters>,
  ): Promise<ActionParameters> {
    try {
      return await judge();
    } catch (error) {
      if (error instanceof ActionError && error.code === 'ACTION.DENIED') {
        await this.deps.audit.append({
          tenantId: actor.tenantId,
          actor: toPerson(actor),
          action: definition.id,
          target: { type: 'user', id: target.userId, upn: target.upn, displayName: target.displayName },
          result: { outcome: 'denied', code: error.details.reason ?? 'ACTION.DENIED' },
          correlationId,
          details: auditDetails({ ...(error.details.auditDetails ?? {}) }),
        });
        throw new ActionError('ACTION.DENIED', error.userMessage, { ...error.details, correlationId });
      }
      throw error;
    }
  }

  /** The stored answer for an action that is no longer pending (a redelivery or a repeated click). */
  private async answerIfSettled(pending: PendingAction, definition: ActionDefinition, claimantGone = false): Promise<ExecuteResult | undefined> {
    if (pending.state === 'pending') return undefined;
    if (pending.state === 'denied') {
      throw new ActionError('ACTION.DENIED', pending.result?.summary ?? "You can't run this action on this user.", { reason: pending.result?.code });
    }
    let current = pending;
    if (pending.state === 'running' && (claimantGone || this.isInterrupted(pending))) {
      await this.reconciler.reconcileOne(pending);
      current = this.deps.pendingActions.get(pending.id) ?? pending;
    }
    const outcome = current.state === 'running' ? 'in-progress' : (current.state as ExecuteResult['outcome']);
    return {
      outcome,
      duplicate: true,
      pendingActionId: current.id,
      actionId: definition.id,
      title: definition.title,
      target: current.target,
      ...(current.principal ? { principal: current.principal } : {}),
      summary: current.result?.summary ?? 'This action is being carried out right now.',
      ...(current.result?.code ? { code: current.result.code } : {}),
      autoEnabled: current.autoEnabled ?? false,
      correlationId: current.correlationId,
    };
  }

  private async refuseOtherPerson(actor: Actor, pending: PendingAction): Promise<never> {
    await this.deps.audit.append({
      tenantId: actor.tenantId,
      actor: toPerson(actor),
      action: pending.actionId,
      target: { type: 'user', id: pending.target.userId, upn: pending.target.upn },
      result: { outcome: 'denied', code: 'ACTION.NOT_PREPARER' },
      correlationId: pending.correlationId,
      details: auditDetails({ pendingActionId: pending.id, preparedBy: pending.actor.userId }),
    });
    throw new ActionError('ACTION.NOT_PREPARER', 'Only the person who asked for this action can confirm it.');
  }

  /** As definitionOf; a custom action that cannot run (not published, disabled) is a refusal, audited. */
  private async definitionOfOrAudited(actor: Actor, actionId: string, correlationId: string | undefined): Promise<ActionDefinition> {
    try {
      return await this.definitionOf(actor.tenantId, actionId);
    } catch (error) {
      if (isCoded(error) && error.code.startsWith('CUSTOM_ACTION.')) {
        await this.deps.audit.append({
          tenantId: actor.tenantId,
          actor: toPerson(actor),
          action: actionId,
          target: { type: 'customAction', id: actionId },
          result: { outcome: 'denied', code: error.code },
          correlationId: correlationId ?? randomUUID(),
        });
      }
      throw error;
    }
  }

  /** A built-in action, or a published custom action of the tenant (its service says why another cannot run). */
  private async definitionOf(tenantId: string, actionId: string): Promise<ActionDefinition> {
    const definition = this.deps.registry.get(actionId) ?? (await this.deps.customActions?.definitionOf(tenantId, actionId));
    if (!definition) throw new ActionError('ACTION.UNKNOWN', "I don't know that action.");
    return definition;
  }

  private isInterrupted(action: PendingAction): boolean {
    return action.claimedAt !== undefined && this.deps.clock.now().getTime() - Date.parse(action.claimedAt) > this.interruptedAfterInMs;
  }
}

function toActionTarget(tenantId: string, user: DirectoryUser): ActionTarget {
  return { tenantId, userId: user.id, upn: user.userPrincipalName, displayName: user.displayName, accountEnabled: user.accountEnabled };
}

function privateChatRequired(definition: ActionDefinition): ActionError {
  return new ActionError(
    'ACTION.PRIVATE_CHAT_REQUIRED',
    `${definition.title} shows a secret once, so it runs only in your personal chat with me, where nobody else can see it. Nothing was changed.`,
  );
}

function denied(decision: Extract<AuthorizationDecision, { allowed: false }>, correlationId: string): ActionError {
  return new ActionError('ACTION.DENIED', decision.message, { reason: decision.reason, whoCanHelp: decision.whoCanHelp, correlationId });
}

function isCoded(error: unknown): error is { code: string } {
  return typeof error === 'object' && error !== null && typeof (error as { code?: unknown }).code === 'string';
}

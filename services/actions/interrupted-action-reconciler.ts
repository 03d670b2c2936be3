/**
 * Settles actions left `running` by a delivery that died after its claim (a crash, a restart).
 * They are never re-run automatically: exactly-once matters more than finishing unattended.
 * Each is read back where the action can be verified, marked done / failed / unknown, audited,
 * and its operator is told.
 */
import type { Clock } from '../ports/clock.port';
import type { AuditWriter } from '../ports/audit-log.port';
import type { Directory } from '../ports/directory.port';
import { auditDetails, auditPrincipal } from '../sessions/session-audit';
import { silentLogger, type AreaLogger } from '../sessions/session-collaborators.port';
import type { Person } from '../sessions/session.types';
import type { ActionRegistry } from './action-registry';
import { settleByReading, type SettledOutcome } from './action-outcome';
import type { PendingActionRepository } from './pending-action.repository.port';
import type { PendingAction, PendingActionTarget } from './pending-action.types';

export interface InterruptedActionNotice {
  tenantId: string;
  recipient: Person;
  pendingActionId: string;
  actionId: string;
  target: PendingActionTarget;
  state: SettledOutcome['state'];
  summary: string;
}

export interface InterruptedActionReconcilerDependencies {
  pendingActions: PendingActionRepository;
  registry: ActionRegistry;
  appDirectory: Directory;
  audit: AuditWriter;
  clock: Clock;
  logger?: AreaLogger;
}

export class InterruptedActionReconciler {
  private readonly logger: AreaLogger;

  constructor(private readonly deps: InterruptedActionReconcilerDependencies) {
    this.logger = deps.logger ?? silentLogger;
  }

  /** Settles every action claimed at or before `claimedBefore` and still running. Returns who to tell. */
  async reconcile(claimedBefore: Date): Promise<InterruptedActionNotice[]> {
    const notices: InterruptedActionNotice[] = [];
    for (const action of this.deps.pendingActions.listRunning(claimedBefore)) {
      const settled = await this.reconcileOne(action);
      if (settled) notices.push(settled);
    }
    return notices;
  }

  /** Settles one running action; undefined when its delivery finished meanwhile. */
  async reconcileOne(action: PendingAction): Promise<InterruptedActionNotice | undefined> {
    const definition = this.deps.registry.get(action.actionId);
    const outcome: SettledOutcome = definition
      ? await settleByReading(definition, this.deps.appDirectory, { tenantId: action.tenantId, userId: action.target.userId }, true, action.parameters ?? {})
      : { state: 'unknown', result: { code: 'ACTION.OUTCOME_UNKNOWN', summary: action.actionId.startsWith('custom:') ? "A custom action's effect can't be read back, so it is not known whether it took effect." : 'The action is no longer known to this version of the bot.', reconciled: true } };
    if (!this.deps.pendingActions.settle(action.id, 'running', outcome.state, outcome.result, this.deps.clock.now())) return undefined;
    await this.deps.audit.append({
      tenantId: action.tenantId,
      actor: action.actor,
      action: action.actionId,
      target: { type: 'user', id: action.target.userId, upn: action.target.upn, displayName: action.target.displayName },
      ...auditPrincipal(action.principal),
      result: outcome.state === 'done' ? { outcome: 'ok' } : { outcome: 'failed', code: outcome.result.code ?? 'ACTION.OUTCOME_UNKNOWN' },
      correlationId: action.correlationId,
      details: auditDetails({ pendingActionId: action.id, reconciled: true, settledAs: outcome.state }),
    });
    this.logger.warn({ tenantId: action.tenantId, pendingActionId: action.id, state: outcome.state }, 'actions: interrupted action settled');
    return {
      tenantId: action.tenantId,
      recipient: action.actor,
      pendingActionId: action.id,
      actionId: action.actionId,
      target: action.target,
      state: outcome.state,
      summary: outcome.result.summary,
    };
  }
}

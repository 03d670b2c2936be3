/**
 * An in-memory ManagementActionService for RunActionDialog: a small directory of users, the
 * session (on, or off with or without auto-enable), the pending actions the confirmation cards
 * name, and the tenant changes a confirmed action made. It answers like the real service: the
 * same ActionError / SessionError codes, one run per pending action, the stored answer for a
 * repeated confirmation, only the preparer may confirm, and a privileged target runs only on
 * the second confirmation (`privilegedConfirmed`), which it records.
 */
import { randomUUID } from 'node:crypto';
import type { Actor } from '../../../../services/access/actor';
import type { ActionTarget } from '../../../../services/actions/action-definition';
import { ActionError } from '../../../../services/actions/action-errors';
import { BUILTIN_ACTIONS } from '../../../../services/actions/builtin-actions';
import type { ExecuteOptions, ExecuteResult, ManagementActionService, PrepareResult } from '../../../../services/actions/management-action.service';
import { NOT_PRIVILEGED, PrivilegedConfirmationRequiredError, type PrivilegedReason, type PrivilegedTargetAssessment } from '../../../../services/access/privileged-target.service';
import { sessionErrors } from '../../../../services/sessions/session-errors';
import type { ManagementSession, SessionPrincipal } from '../../../../services/sessions/session.types';
import { TEST_TENANT_ID } from '../../../support/dialog-test';
import { NOW } from './fake-sessions';

const PRINCIPAL: SessionPrincipal = { objectId: 'obj-mgmt-bot', userPrincipalName: 'mgmt-bot.admin@contoso.test', kind: 'serviceAccount' };

interface StoredAction {
  id: string;
  preparedBy: string;
  actionId: string;
  target: ActionTarget;
  autoEnabled: boolean;
  correlationId: string;
  answer?: ExecuteResult;
}

export interface TenantChange {
  actionId: string;
  userId: string;
  by: string;
}

export class FakeManagementActions implements Pick<ManagementActionService, 'prepare' | 'execute'> {
  readonly users = new Map<string, ActionTarget>();
  sessionOn = true;
  autoEnable = false;
  /** People whose authorization is refused (out of scope), with whom to ask. */
  readonly denied = new Set<string>();
  /** User ids whose sign-in is blocked in the tenant. */
  readonly blocked = new Set<string>();
  /** Every change made in the tenant, in order: a confirmed action runs exactly once. */
  readonly changes: TenantChange[] = [];
  readonly pending = new Map<string, StoredAction>();
  /** Why a user (by UPN, lower-case) is privileged; the real service reads roles, self and the break-glass list. */
  readonly privileged = new Map<string, PrivilegedReason[]>();
  /** Second confirmations given on privileged targets (the real service audits them). */
  readonly privilegedConfirmations: Array<{ pendingActionId: string; userId: string; reasons: string[] }> = [];
  /** While set, execute waits for it: a slow Graph call. */
  hold: Promise<void> | undefined;

  addUser(upn: string, displayName: string, options: { blocked?: boolean } = {}): ActionTarget {
    const user: ActionTarget = { tenantId: TEST_TENANT_ID, userId: `u-${upn.split('@')[0]}`, upn, displayName, accountEnabled: !options.blocked };
    this.users.set(upn.toLowerCase(), user);
    if (options.blocked) this.blocked.add(user.userId);
    return user;
  }

  async prepare(actor: Actor, actionId: string, targetQuery: string, options: { correlationId?: string } = {}): Promise<PrepareResult> {
    const definition = BUILTIN_ACTIONS.find((action) => action.id === actionId);
    const correlationId = options.correlationId ?? randomUUID();
    if (!definition) throw new ActionError('ACTION.UNKNOWN', "I don't know that action.");
    if (!targetQuery) throw new ActionError('ACTION.TARGET_REQUIRED', 'Say which user, for example "block sign-in for adele@contoso.com".');
    const target = this.users.get(targetQuery.toLowerCase());
    if (!target) throw new ActionError('ACTION.TARGET_NOT_FOUND', `I couldn't find "${targetQuery}" in your directory.`);
    if (this.denied.has(actor.userId)) throw new ActionError('ACTION.DENIED', 'That user is outside the scope of your operator grant.', { whoCanHelp: ['Ada Admin'], correlationId });
    const autoEnabled = this.requireSession();
    const stored: StoredAction = { id: randomUUID(), preparedBy: actor.userId, actionId, target: { ...target, accountEnabled: !this.blocked.has(target.userId) }, autoEnabled, correlationId };
    this.pending.set(stored.id, stored);
    return {
      pendingActionId: stored.id,
      actionId,
      title: definition.title,
      target: stored.target,
      description: definition.describe(stored.target, {}),
      expiresAt: '2026-01-05T09:15:00.000Z',
      autoEnabled,
      session: this.session(),
      correlationId,
      privileged: this.assess(target),
      parameters: {},
      approvalRequired: false,
    };
  }

  /** The dialog tests cover actions that need no approval; the service's own tests cover approvals. */
  async requestApproval(): Promise<never> {
    throw new ActionError('ACTION.NOT_POSSIBLE', 'This action needs no approval for you.');
  }

  async execute(actor: Actor, pendingActionId: string, options: ExecuteOptions = {}): Promise<ExecuteResult> {
    const stored = this.pending.get(pendingActionId);
    if (!stored) throw new ActionError('ACTION.NOT_FOUND', "I can't find that action any more. Run the command again.");
    if (stored.preparedBy !== actor.userId) throw new ActionError('ACTION.NOT_PREPARER', 'Only the person who prepared this action can confirm it.');
    if (stored.answer) return { ...stored.answer, duplicate: true };
    const privileged = this.assess(stored.target);
    if (privileged.privileged && options.privilegedConfirmed !== true) {
      throw new PrivilegedConfirmationRequiredError(stored.id, { userId: stored.target.userId, upn: stored.target.upn, displayName: stored.target.displayName }, privileged.reasons);
    }
    this.requireSession();
    if (privileged.privileged) this.privilegedConfirmations.push({ pendingActionId, userId: stored.target.userId, reasons: privileged.reasons.map((r) => r.kind) });
    if (this.hold) await this.hold;
    const definition = BUILTIN_ACTIONS.find((action) => action.id === stored.actionId);
    if (!definition) throw new ActionError('ACTION.UNKNOWN', "I don't know that action.");
    this.apply(stored, actor);
    stored.answer = {
      outcome: 'done',
      duplicate: false,
      pendingActionId,
      actionId: stored.actionId,
      title: definition.title,
      target: { userId: stored.target.userId, upn: stored.target.upn, displayName: stored.target.displayName },
      principal: PRINCIPAL,
      summary: `${definition.title}: done for ${stored.target.upn}.`,
      autoEnabled: stored.autoEnabled,
      correlationId: stored.correlationId,
    };
    return stored.answer;
  }

  private assess(target: ActionTarget): PrivilegedTargetAssessment {
    const reasons = this.privileged.get(target.upn.toLowerCase());
    return reasons && reasons.length > 0 ? { privileged: true, reasons } : NOT_PRIVILEGED;
  }

  private apply(stored: StoredAction, actor: Actor): void {
    if (stored.actionId === 'user.blockSignIn') this.blocked.add(stored.target.userId);
    if (stored.actionId === 'user.unblockSignIn') this.blocked.delete(stored.target.userId);
    this.changes.push({ actionId: stored.actionId, userId: stored.target.userId, by: actor.userId });
  }

  /** True when the session was turned on by auto-enable for this request. */
  private requireSession(): boolean {
    if (this.sessionOn) return false;
    if (!this.autoEnable) throw sessionErrors.notActive();
    this.sessionOn = true;
    return true;
  }

  private session(): ManagementSession {
    return { tenantId: TEST_TENANT_ID, state: 'ON', version: 2, mode: 'advanced', principal: PRINCIPAL, autoEnabled: false, enabledAt: NOW, changedAt: NOW };
  }
}

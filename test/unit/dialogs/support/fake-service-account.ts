/**
 * In-memory stand-ins for the service-account flows: the tenant's mode and account, the
 * approval requests a mode change or a disable opens (four-eyes: only tenant admins may ask),
 * the open switch a Retry resumes, the creation runner (one creation per tenant at a time), and
 * the settings overview. Each answers like the real service and records what happened, so a
 * test asserts outcomes: a request is waiting, a creation started once, a switch resumed.
 */
import { randomUUID } from 'node:crypto';
import { renderProgressCard, type AdaptiveCardJson } from '../../../../cards';
import type { AttachCard, CreationStart, ServiceAccountCreationRunner } from '../../../../dialogs/service-account/creation-runner';
import type { ApprovalCardSender, ModeRequesterDependencies } from '../../../../dialogs/service-account/mode-request';
import type { ModeSwitchProgressCards, RequestCardOrigin } from '../../../../dialogs/service-account/mode-switch-progress';
import { creationRunningView } from '../../../../dialogs/service-account/progress-views';
import type { LiveCardTarget } from '../../../../dialogs/shared/live-card';
import { AccessDeniedError } from '../../../../services/access/access-errors';
import { toPerson, type Actor } from '../../../../services/access/actor';
import type { ActorResolver } from '../../../../services/access/actor-resolver';
import type { ApprovalRequest } from '../../../../services/approvals/approval-request';
import type { JsonObject } from '../../../../services/ports/audit-log.port';
import type { ManagementMode } from '../../../../services/ports/tenant-settings.repository.port';
import type { ModeSwitchService } from '../../../../services/service-account/mode-switch.service';
import type { ModeApprovalKind, ModeSwitchOutcome, OpenSwitch } from '../../../../services/service-account/mode-switch.types';
import { CREATE_STEPS } from '../../../../services/service-account/provisioning-progress';
import { ServiceAccountError } from '../../../../services/service-account/service-account.errors';
import type { ServiceAccountSummary } from '../../../../services/service-account/service-account.types';
import type { SettingsOverview, SettingsService } from '../../../../services/settings/settings.service';
import { ADA, BEN, TEST_TENANT_ID } from '../../../support/dialog-test';
import { NOW } from './fake-sessions';

export const ACCOUNT: ServiceAccountSummary = {
  objectId: 'obj-mgmt-bot',
  userPrincipalName: 'mgmt-bot.admin@contoso.test',
  displayName: 'Management Bot (service account)',
  roles: [{ roleDefinitionId: '62e90394-69f5-4237-9190-012177145e10', name: 'Global Administrator' }],
  secretName: 'mgmt-sa-tenant-contoso',
  currentSecretVersion: 'v1',
  createdAt: NOW,
  createdBy: ADA.userId,
};

function notTenantAdmin(): AccessDeniedError {
  return new AccessDeniedError('ACCESS.TENANT_ADMIN_REQUIRED', 'Only tenant admins can do this.', ['Ada Admin']);
}

/** The tenant as the mode-switch and settings services see it. */
export class FakeTenantModes
  implements Pick<ModeSwitchService, 'requestModeChange' | 'requestDisableAdvanced' | 'pendingRequest' | 'openSwitch' | 'retry'>, Pick<SettingsService, 'getOverview'>
{
  mode: ManagementMode = 'default';
  account: ServiceAccountSummary | undefined = ACCOUNT;
  readonly tenantAdmins = new Set<string>([ADA.userId, BEN.userId]);
  /** Every approval request opened, in order. */
  readonly requests: ApprovalRequest[] = [];
  /** An approved switch that stopped (failed or cut by a restart): what Retry resumes. */
  open: OpenSwitch | undefined;
  /** Each resumed switch, with who pressed Retry. */
  readonly resumed: Array<{ approvalId: string; kind: ModeApprovalKind; by: string }> = [];

  async requestModeChange(tenantId: string, actor: Actor, targetMode: string): Promise<ApprovalRequest> {
    this.requireTenantAdmin(actor);
    if (targetMode !== 'default' && targetMode !== 'advanced') throw new ServiceAccountError('MODE.INVALID', `unknown mode ${targetMode}`, { nextStep: 'Choose Default or Advanced.' });
    if (this.mode === targetMode) throw new ServiceAccountError('MODE.UNCHANGED', `already ${targetMode}`);
    this.refuseSecondRequest('mode.change');
    return this.openRequest(tenantId, actor, 'mode.change', { targetMode, fromMode: this.mode });
  }

  async requestDisableAdvanced(tenantId: string, actor: Actor): Promise<ApprovalRequest> {
    this.requireTenantAdmin(actor);
    if (!this.account && this.mode !== 'advanced') throw new ServiceAccountError('MODE.NO_ACCOUNT', 'no service account');
    this.refuseSecondRequest('advanced.disable');
    return this.openRequest(tenantId, actor, 'advanced.disable', this.account ? { userPrincipalName: this.account.userPrincipalName } : {});
  }

  async pendingRequest(_tenantId: string, kind: ModeApprovalKind): Promise<ApprovalRequest | undefined> {
    return this.requests.find((request) => request.kind === kind && request.state === 'pending');
  }

  openSwitch(): OpenSwitch | undefined {
    return this.open;
  }

  async retry(tenantId: string, actor: Actor): Promise<ModeSwitchOutcome | undefined> {
    const open = this.open;
    if (!open) return undefined;
    this.open = undefined;
    this.resumed.push({ approvalId: open.approvalId, kind: open.kind, by: actor.userId });
    this.mode = open.targetMode;
    return { tenantId, approvalId: open.approvalId, kind: open.kind, status: 'switched', mode: this.mode, message: 'Switched.', correlationId: randomUUID() };
  }

  async getOverview(actor: Actor): Promise<SettingsOverview> {
    this.requireTenantAdmin(actor);
    return {
      tenantId: TEST_TENANT_ID,
      mode: this.mode,
      switchableTo: this.mode === 'advanced' ? ['default'] : this.mode === 'default' ? ['advanced'] : ['default', 'advanced'],
      breakGlassAccountIds: [],
      ...(this.account ? { serviceAccount: this.account } : {}),
      autoEnable: false,
      rotation: { cron: '0 3 * * 1', timeZone: 'UTC' },
      approvalPolicy: 'four-eyes',
      sessionTtlInMinutes: 480,
      actions: ['mode.change.request', ...(this.account ? (['advanced.disable.confirm'] as const) : [])],
      updatedAt: NOW,
    };
  }

  private requireTenantAdmin(actor: Actor): void {
    if (!this.tenantAdmins.has(actor.userId)) throw notTenantAdmin();
  }

  private refuseSecondRequest(kind: ModeApprovalKind): void {
    if (this.requests.some((request) => request.kind === kind && request.state === 'pending')) {
      throw new ServiceAccountError('MODE.REQUEST_PENDING', `a ${kind} request is waiting`);
    }
  }

  private openRequest(tenantId: string, actor: Actor, kind: ModeApprovalKind, payload: JsonObject): ApprovalRequest {
    const request: ApprovalRequest = {
      id: randomUUID(),
      tenantId,
      kind,
      payload,
      requester: toPerson(actor),
      createdAt: NOW,
      expiresAt: '2026-01-08T09:00:00.000Z',
      state: 'pending',
      selfApproved: false,
      correlationId: randomUUID(),
      cards: [],
    };
    this.requests.push(request);
    return request;
  }
}

/** Delivers approval cards to the other admins' chats; records which requests went out. */
export class RecordingApprovalCards implements ApprovalCardSender {
  readonly published: string[] = [];
  /** How many approver chats the bot can reach. */
  reachableChats = 1;

  async publish(request: ApprovalRequest): Promise<{ sent: number }> {
    this.published.push(request.id);
    return { sent: this.reachableChats };
  }
}

/**
 * The progress cards' memory of where each request card and each resumed switch lives, so the
 * approved change can replace that card in place (ModeSwitchProgressCards, minus the rendering).
 */
export class RecordingProgressCards implements Pick<ModeSwitchProgressCards, 'rememberRequestCard' | 'currentCard' | 'adoptCard' | 'abandon'> {
  /** Request cards the approved change will replace, by approval id. */
  readonly requestCards = new Map<string, RequestCardOrigin>();
  /** Cards adopted by a resumed switch: which approval, and whether the card was on screen already. */
  readonly adopted: Array<{ approvalId: string; target: LiveCardTarget['kind'] }> = [];
  /** The card a running switch shows now. */
  running: AdaptiveCardJson | undefined;
  readonly abandoned: AdaptiveCardJson[] = [];

  rememberRequestCard(approvalId: string, origin: RequestCardOrigin): void {
    this.requestCards.set(approvalId, origin);
  }

  currentCard(): AdaptiveCardJson | undefined {
    return this.running;
  }

  adoptCard(_tenantId: string, approvalId: string, _describe: unknown, _steps: unknown, target: LiveCardTarget): () => void {
    this.adopted.push({ approvalId, target: target.kind });
    return () => undefined;
  }

  async abandon(_tenantId: string, card: AdaptiveCardJson): Promise<void> {
    this.abandoned.push(card);
  }
}

export function modeRequesterDependencies(modes: FakeTenantModes, approvalCards: RecordingApprovalCards, progress: RecordingProgressCards): ModeRequesterDependencies {
  return { modeSwitch: modes, approvalCards, progress };
}

/** Names for the ids the settings card shows. */
export const PEOPLE: Pick<ActorResolver, 'resolve'> = {
  async resolve(tenantId: string, userId: string | undefined): Promise<Actor> {
    const known = [ADA, BEN].find((person) => person.userId === userId);
    return known ?? { tenantId, userId: userId ?? 'unknown' };
  },
};

/**
 * ServiceAccountCreationRunner's contract without the background work: one creation per tenant
 * at a time; the first progress card is attached (posted by a command, or the clicked card)
 * before `start` answers; a second start while one runs gets the current card and starts nothing.
 */
export class FakeCreationRunner implements Pick<ServiceAccountCreationRunner, 'start'> {
  /** Each creation started: by whom, and where its live card lives (posted now, or the clicked card). */
  readonly started: Array<{ tenantId: string; by: string; target: LiveCardTarget['kind'] }> = [];
  private readonly running = new Map<string, AdaptiveCardJson>();

  async start(actor: Actor, attach: AttachCard): Promise<CreationStart> {
    const current = this.running.get(actor.tenantId);
    if (current) return { card: current, started: false };
    const first = renderProgressCard(creationRunningView(CREATE_STEPS.map((step) => ({ ...step, state: 'pending' }))));
    this.running.set(actor.tenantId, first);
    const target = await attach(first);
    this.started.push({ tenantId: actor.tenantId, by: actor.userId, target: target.kind });
    return { card: first, started: true };
  }

  /** The background creation ended. */
  finish(tenantId: string): void {
    this.running.delete(tenantId);
  }
}

/**
 * Management sessions, per tenant: OFF → ENABLING → ON → DISABLING → OFF, or ERROR with a
 * reason (DESIGN.md §2, issue 6). One method per use case, called alike by a text command, a
 * card verb, the scheduler and the action guard.
 *
 * Concurrency: every transition is a compare-and-set on (state, version). The caller whose
 * OFF→ENABLING write wins runs the sign-in; everyone who finds the session ENABLING awaits that
 * attempt and hears its outcome (`joined`), so twenty simultaneous `turn on` requests make one
 * session and twenty consistent answers. Waiting on another process polls the store; an
 * ENABLING/DISABLING row older than `staleTransitionAfterInMs` with no live attempt here is
 * taken over (its owner crashed and `recover()` has not run).
 */
import { randomUUID } from 'node:crypto';
import type { Clock } from '../ports/clock.port';
import type { ManagementMode, TenantSettingsRepository } from '../ports/tenant-settings.repository.port';
import type { TokenBroker } from './token-broker';
import type { TokenBrokerCounters } from './token-broker-counters';
import type { DefaultModeCredentials, SessionActivator } from './session-activator';
import { toPerson } from '../access/actor';
import type { AuditWriter } from '../ports/audit-log.port';
import { silentLogger, type AreaLogger, type SessionAccessPolicy, type SessionActorRole, type SessionNoticeSink } from './session-collaborators.port';
import { SessionEnabler } from './session-enabler';
import { SessionError, sessionErrors, type SessionErrorCode } from './session-errors';
import { SessionHousekeeping } from './session-housekeeping';
import { SessionInflight } from './session-inflight';
import { SessionShutdown } from './session-shutdown';
import { SessionWaiter } from './session-waiter';
import type { ManagementSessionRepository } from './session.repository.port';
import type { Actor, ManagementSession, Person, SessionMode, SessionNotice, SessionPrincipal } from './session.types';

export interface ManagementSessionOptions {
  /** An ENABLING/DISABLING row untouched this long, with no attempt running here, may be taken over. Default 2 min. */
  staleTransitionAfterInMs?: number;
  /** How often to re-read the store while another process finishes a transition. Default 200 ms. */
  pollIntervalInMs?: number;
  /** Give up waiting for another process after this long (SESSION.BUSY). Default 30 s. */
  settleTimeoutInMs?: number;
}

export interface ManagementSessionDependencies {
  sessions: ManagementSessionRepository;
  settings: TenantSettingsRepository;
  access: SessionAccessPolicy;
  broker: TokenBroker;
  activator: SessionActivator;
  clock: Clock;
  audit: AuditWriter;
  /** Receives notices produced while serving requests (a session found expired). Optional. */
  notices?: SessionNoticeSink;
  logger?: AreaLogger;
  options?: ManagementSessionOptions;
}

export interface TurnOnRequest {
  /** Default mode only. Used for one sign-in, then dropped; never stored, logged or returned. */
  credentials?: DefaultModeCredentials;
  /** `autoEnable` when an action's guard turns the session on by itself. */
  trigger?: 'command' | 'autoEnable';
  correlationId?: string;
}

export interface TurnOnResult {
  /** `turned-on`: this call did it; `joined`: another caller's attempt in flight did; `already-on`: nothing to do. */
  outcome: 'turned-on' | 'joined' | 'already-on';
  session: ManagementSession;
  /** Default mode: the session ends when the admin's token expires (about an hour), before the TTL. */
  limitedByTokenLifetime: boolean;
}

export interface TurnOffResult {
  outcome: 'turned-off' | 'already-off';
  session: ManagementSession;
}

/** What `endSession` did, so the caller's own audit record can name the session it ended. */
export interface SessionEndResult {
  /** `kept`: the session already runs in the mode the caller asked to keep (turned on after the change). */
  outcome: 'turned-off' | 'already-off' | 'kept';
  /** The session this call turned off: its mode and the account its Graph calls carried. */
  ended?: { mode?: SessionMode; principal?: SessionPrincipal; enabledBy?: Person };
}

export interface SessionStatus {
  session: ManagementSession;
  /** The tenant's configured mode (the session's own mode is on `session.mode`). */
  configuredMode: ManagementMode;
  autoEnable: boolean;
  sessionTtlInMinutes: number;
}

export interface SessionDetails extends SessionStatus {
  counters: TokenBrokerCounters;
}

const MAX_ROUNDS = 8;

export class ManagementSessionService {
  private readonly inflight = new SessionInflight();
  private readonly enabler: SessionEnabler;
  private readonly shutdown: SessionShutdown;
  private readonly housekeeping: SessionHousekeeping;
  private readonly waiter: SessionWaiter;
  private readonly logger: AreaLogger;

  constructor(private readonly deps: ManagementSessionDependencies) {
    this.logger = deps.logger ?? silentLogger;
    this.enabler = new SessionEnabler(deps);
    this.shutdown = new SessionShutdown(deps);
    this.housekeeping = new SessionHousekeeping({ ...deps, enabler: this.enabler, shutdown: this.shutdown, inflight: this.inflight });
    this.waiter = new SessionWaiter(deps.sessions, this.inflight, deps.clock, {
      staleAfterInMs: deps.options?.staleTransitionAfterInMs ?? 120_000,
      pollIntervalInMs: deps.options?.pollIntervalInMs ?? 200,
      settleTimeoutInMs: deps.options?.settleTimeoutInMs ?? 30_000,
    });
  }

  /**
   * The session as the status card shows it (an expired one is turned off first). Anyone in
   * the tenant may read it; no Graph or vault call is made.
   */
  async getStatus(tenantId: string): Promise<SessionStatus> {
    const session = await this.expireIfDue(this.deps.sessions.getOrCreate(tenantId, this.deps.clock.now()));
    const settings = this.deps.settings.get(tenantId);
    return { session, configuredMode: settings.mode, autoEnable: settings.autoEnable, sessionTtlInMinutes: settings.sessionTtlInMinutes };
  }

  /**
   * Status plus the token broker's counters (token acquisitions, vault reads). Tenant admins only.
   * @throws SessionError SESSION.FORBIDDEN
   */
  async getDetails(actor: Actor): Promise<SessionDetails> {
    const decision = await this.deps.access.authorize(actor, 'session.details');
    if (!decision.allowed) throw forbidden(decision.message, decision.whoCanHelp);
    return { ...(await this.getStatus(actor.tenantId)), counters: this.deps.broker.getCounters(actor.tenantId) };
  }

  /**
   * Turns the tenant's management session on, in the tenant's configured mode.
   *
   * Who: tenant admins and operators; Default mode only tenant admins (it needs the admin who
   * owns the credentials). Advanced mode reads the service account's password from Key Vault
   * (bot identity: Key Vault secret get) and signs it in; Default mode signs `credentials` in
   * with the resource-owner password grant and keeps the token in memory only.
   *
   * @throws SessionError SESSION.FORBIDDEN, SESSION.DEFAULT_MODE_ADMIN_ONLY, SESSION.MODE_NOT_CONFIGURED,
   *   SESSION.CREDENTIALS_REQUIRED, SESSION.CREDENTIALS_NOT_EXPECTED, SESSION.NO_SERVICE_ACCOUNT,
   *   SESSION.VAULT_UNAVAILABLE, SESSION.SECRET_NOT_FOUND, SESSION.SERVICE_ACCOUNT_CREDENTIAL_INVALID,
   *   SESSION.MFA_REQUIRED, SESSION.BLOCKED_BY_CONDITIONAL_ACCESS, SESSION.WRONG_PASSWORD,
   *   SESSION.ACCOUNT_DISABLED, SESSION.USER_NOT_FOUND, SESSION.NOT_GLOBAL_ADMIN,
   *   SESSION.SIGN_IN_UNAVAILABLE, SESSION.BUSY. A caller who joined another person's attempt gets
   *   that attempt's error with `details.attemptBy`.
   */
  async turnOn(actor: Actor, request: TurnOnRequest = {}): Promise<TurnOnResult> {
    const correlationId = request.correlationId ?? randomUUID();
    const trigger = request.trigger ?? 'command';
    const { mode, role } = await this.checkMayTurnOn(actor, correlationId, trigger);
    try {
      return await this.turnOnAs(actor, mode, request.credentials, trigger, correlationId);
    } catch (error) {
      // Each caller, including one who joined someone else's attempt, gets the next step that fits their role.
      if (error instanceof SessionError && error.code === 'SESSION.NO_SERVICE_ACCOUNT') {
        throw sessionErrors.noServiceAccount(role === 'tenantAdmin').withDetails({ attemptBy: error.details.attemptBy });
      }
      throw error;
    }
  }

  /**
   * Turns the session off and drops every cached credential and token for the tenant. Waits for
   * a turn-on in progress to finish first. Who: tenant admins and operators.
   * @throws SessionError SESSION.FORBIDDEN, SESSION.BUSY
   */
  async turnOff(actor: Actor, options: { correlationId?: string } = {}): Promise<TurnOffResult> {
    const tenantId = actor.tenantId;
    const correlationId = options.correlationId ?? randomUUID();
    const decision = await this.deps.access.authorize(actor, 'session.turnOff', undefined, { correlationId });
    if (!decision.allowed) throw forbidden(decision.message, decision.whoCanHelp);
    const result = await this.switchOff(tenantId, toPerson(actor), 'turned-off', correlationId);
    // Without `keepMode` a session is never kept.
    return { outcome: result.outcome === 'turned-off' ? 'turned-off' : 'already-off', session: result.session };
  }

  /**
   * Ends the session because of a decision taken elsewhere (advanced management disabled, mode
   * changed — both approved by tenant admins), so no authorization happens here. Waits for a
   * turn-on in progress; the enabler is told through the notice sink. With `keepMode`, a session
   * already running in that mode (turned on after the change) is left alone: only a session whose
   * principal the change made wrong is ended. Satisfies the service-account area's SessionTerminator.
   * @throws SessionError SESSION.BUSY
   */
  async endSession(
    tenantId: string,
    options: { reason: 'advanced-management-disabled' | 'mode-changed'; actor: Person; correlationId: string; keepMode?: SessionMode },
  ): Promise<SessionEndResult> {
    const [code, message] =
      options.reason === 'mode-changed'
        ? ['SESSION.ENDED_MODE_CHANGED', 'The management type changed, so the session was turned off. Turn it on again to use the new type.']
        : ['SESSION.ENDED_ADVANCED_DISABLED', 'Advanced management was disabled, so the session was turned off.'];
    const result = await this.switchOff(tenantId, options.actor, 'ended', options.correlationId, code, message, options.keepMode);
    const previous = result.previous;
    if (result.outcome === 'turned-off' && previous?.enabledBy) {
      await this.deps.notices?.deliver({ tenantId, recipient: previous.enabledBy, kind: 'turned-off', code, session: result.session });
    }
    if (result.outcome !== 'turned-off' || !previous) return { outcome: result.outcome };
    return {
      outcome: 'turned-off',
      ended: { ...(previous.mode ? { mode: previous.mode } : {}), ...(previous.principal ? { principal: previous.principal } : {}), ...(previous.enabledBy ? { enabledBy: previous.enabledBy } : {}) },
    };
  }

  private async switchOff(
    tenantId: string,
    actor: Person,
    reason: 'turned-off' | 'ended',
    correlationId: string,
    code?: string,
    message?: string,
    keepMode?: SessionMode,
  ): Promise<{ outcome: 'turned-off' | 'already-off' | 'kept'; session: ManagementSession; previous?: ManagementSession }> {
    for (let round = 0; round < MAX_ROUNDS; round += 1) {
      const session = this.deps.sessions.getOrCreate(tenantId, this.deps.clock.now());
      if (session.state === 'OFF') return { outcome: 'already-off', session };
      if (this.waiter.isInTransition(session)) {
        const settled = await this.waiter.awaitSettled(session);
        if (settled.state === 'OFF' && session.state === 'DISABLING') return { outcome: 'already-off', session: settled };
        continue;
      }
      if (keepMode !== undefined && session.mode === keepMode) return { outcome: 'kept', session };
      const off = await this.inflight.trackShutdown(tenantId, this.shutdown.shutDown(session, actor, reason, correlationId, code, message));
      if (off) return { outcome: 'turned-off', session: off, previous: session };
    }
    throw sessionErrors.busy();
  }

  /**
   * The session ready for use by the guard: waits for a transition in progress, turns an expired
   * session off, and settles a Default-mode session whose token is gone.
   */
  async currentSession(tenantId: string): Promise<ManagementSession> {
    let session = this.deps.sessions.getOrCreate(tenantId, this.deps.clock.now());
    if (this.waiter.isInTransition(session)) session = await this.waiter.awaitSettled(session);
    session = await this.expireIfDue(session);
    if (session.state === 'ON' && session.mode === 'default' && !this.deps.broker.hasUsableDefaultGrant(tenantId)) {
      session = await this.housekeeping.settleLostCredentials(session, 'SESSION.DEFAULT_TOKEN_EXPIRED');
    }
    return session;
  }

  /**
   * Run once at start, before serving: settles every session left in between by the previous
   * process. ENABLING (Advanced) is re-attempted; ENABLING/ON in Default mode go OFF with
   * SESSION.RESTARTED_CREDENTIALS_LOST (the in-memory token died with the process); DISABLING
   * goes OFF; an expired ON goes OFF; a live Advanced ON stays ON (the broker reads the vault
   * lazily). Returns who to tell.
   */
  recover(): Promise<SessionNotice[]> {
    return this.housekeeping.recover();
  }

  /** Turns off every session past its time-to-live. Returns who to tell (the enabler). Called by the scheduler. */
  expireDue(now: Date = this.deps.clock.now()): Promise<SessionNotice[]> {
    return this.housekeeping.expireDue(now);
  }

  private async turnOnAs(actor: Actor, mode: SessionMode, credentials: DefaultModeCredentials | undefined, trigger: 'command' | 'autoEnable', correlationId: string): Promise<TurnOnResult> {
    const tenantId = actor.tenantId;
    if (mode === 'advanced' && credentials) {
      throw new SessionError('SESSION.CREDENTIALS_NOT_EXPECTED', "Advanced mode does not use anyone's credentials.", 'Turn the session on without entering a password.', { mode });
    }
    for (let round = 0; round < MAX_ROUNDS; round += 1) {
      const session = this.deps.sessions.getOrCreate(tenantId, this.deps.clock.now());
      if (session.state === 'ON') {
        if (this.isExpired(session)) {
          await this.expireIfDue(session);
          continue;
        }
        this.logger.debug({ tenantId, correlationId }, 'session: turn-on found the session already on');
        return { outcome: 'already-on', session, limitedByTokenLifetime: false };
      }
      if (session.state === 'ENABLING' && this.waiter.isInTransition(session)) {
        const joined = await this.waiter.joinAttempt(session);
        this.logger.debug({ tenantId, correlationId, joined: joined !== undefined }, 'session: turn-on joined a running attempt');
        if (!joined) continue;
        if (!joined.ok) throw joined.error;
        return { outcome: 'joined', session: joined.session, limitedByTokenLifetime: joined.limitedByTokenLifetime };
      }
      if (session.state === 'DISABLING' && this.waiter.isInTransition(session)) {
        await this.waiter.awaitSettled(session);
        continue;
      }
      if (mode === 'default' && !credentials) {
        throw new SessionError('SESSION.CREDENTIALS_REQUIRED', "Default mode needs a Global Administrator's user name and password to turn the session on.", 'Enter them in the sign-in card. MFA must be off for this account.', { mode });
      }
      // No await between this compare-and-set and trackAttempt: a concurrent caller in this process
      // that sees ENABLING always finds the running attempt to join.
      const claimed = this.claimEnabling(session, actor, mode, trigger === 'autoEnable');
      if (!claimed) continue;
      this.deps.broker.dropTenant(tenantId);
      const outcome = await this.inflight.trackAttempt(tenantId, {
        attemptId: claimed.attemptId ?? '',
        actor: toPerson(actor),
        outcome: this.enabler.complete(claimed, credentials, { actor: toPerson(actor), trigger, correlationId }),
      });
      if (!outcome.ok) throw outcome.error;
      return { outcome: 'turned-on', session: outcome.session, limitedByTokenLifetime: outcome.limitedByTokenLifetime };
    }
    throw sessionErrors.busy();
  }

  private async checkMayTurnOn(actor: Actor, correlationId: string, trigger: 'command' | 'autoEnable'): Promise<{ mode: SessionMode; role: SessionActorRole }> {
    const action = trigger === 'autoEnable' ? 'session.autoEnable' : 'session.turnOn';
    // 'session.turnOn' is the capability for both triggers: auto-enable turns it on on the actor's behalf.
    const decision = await this.deps.access.authorize(actor, 'session.turnOn', undefined, { correlationId });
    if (!decision.allowed) throw forbidden(decision.message, decision.whoCanHelp);
    let role: SessionActorRole = decision.via === 'tenantAdmin' ? 'tenantAdmin' : 'operator';
    const mode = this.deps.settings.get(actor.tenantId).mode;
    if (mode === 'none') {
      await this.auditDenied(actor, action, 'SESSION.MODE_NOT_CONFIGURED', correlationId, 'failed');
      throw new SessionError(
        'SESSION.MODE_NOT_CONFIGURED',
        'No management mode is configured for this tenant yet.',
        role === 'tenantAdmin' ? 'Choose Default or Advanced mode in settings.' : 'Ask a tenant admin to choose a management mode in settings.',
        { actorIsTenantAdmin: role === 'tenantAdmin' },
      );
    }
    // An operator grant is found before the Entra check, so an admin who also holds one is asked again.
    if (mode === 'default' && role !== 'tenantAdmin' && (await this.deps.access.isTenantAdmin(actor.tenantId, actor.userId))) role = 'tenantAdmin';
    if (mode === 'default' && role !== 'tenantAdmin') {
      await this.auditDenied(actor, action, 'SESSION.DEFAULT_MODE_ADMIN_ONLY', correlationId);
      throw new SessionError(
        'SESSION.DEFAULT_MODE_ADMIN_ONLY',
        "In Default mode only the Global Administrator whose credentials back the session can turn it on.",
        'Ask a tenant admin to turn it on, or to switch the tenant to Advanced mode.',
        { mode },
      );
    }
    return { mode, role };
  }

  private claimEnabling(from: ManagementSession, actor: Actor, mode: SessionMode, autoEnabled: boolean): ManagementSession | undefined {
    const now = this.deps.clock.now().toISOString();
    return this.deps.sessions.compareAndSet(from.tenantId, from, {
      state: 'ENABLING',
      mode,
      enabledBy: toPerson(actor),
      autoEnabled,
      enablingStartedAt: now,
      attemptId: randomUUID(),
      lastError: from.lastError,
      changedAt: now,
      changedBy: toPerson(actor),
      lastChangeReason: 'turning-on',
    });
  }

  private async expireIfDue(session: ManagementSession): Promise<ManagementSession> {
    if (session.state !== 'ON' || !this.isExpired(session)) return session;
    const notices = await this.housekeeping.expireOne(session);
    for (const notice of notices) await this.deps.notices?.deliver(notice);
    return this.deps.sessions.getOrCreate(session.tenantId, this.deps.clock.now());
  }

  private isExpired(session: ManagementSession): boolean {
    return session.expiresAt !== undefined && Date.parse(session.expiresAt) <= this.deps.clock.now().getTime();
  }

  private async auditDenied(actor: Actor, action: string, code: SessionErrorCode, correlationId: string, outcome: 'denied' | 'failed' = 'denied'): Promise<void> {
    await this.deps.audit.append({ tenantId: actor.tenantId, actor: toPerson(actor), action, result: { outcome, code }, correlationId });
  }
}

function forbidden(message: string, whoCanHelp: readonly string[]): SessionError {
  const ask = whoCanHelp.length > 0 ? `Ask ${whoCanHelp.join(', ')}.` : 'Ask a tenant admin.';
  return new SessionError('SESSION.FORBIDDEN', message, ask);
}

/**
 * An in-memory ManagementSessionService for the session dialogs: one tenant's session record,
 * its configured mode, who may operate it, and the Global Admin accounts Default mode can sign
 * in. It answers like the real service (the same outcomes and SessionError codes) and keeps no
 * password: it records only which account signed in.
 */
import { toPerson, type Actor } from '../../../../services/access/actor';
import { errorCatalog } from '../../../../services/errors';
import type { ManagementMode } from '../../../../services/ports/tenant-settings.repository.port';
import type { ManagementSessionService, SessionStatus, TurnOffResult, TurnOnRequest, TurnOnResult } from '../../../../services/sessions/management-session.service';
import { SessionError, type SessionErrorCode } from '../../../../services/sessions/session-errors';
import type { ManagementSession, SessionPrincipal } from '../../../../services/sessions/session.types';
import { ADA, BEN, OLGA, TEST_TENANT_ID } from '../../../support/dialog-test';

export const NOW = '2026-01-05T09:00:00.000Z';
export const SERVICE_ACCOUNT_UPN = 'mgmt-bot.admin@contoso.test';

/** The catalogue's words for a session code, as the services throw them. */
export function sessionError(code: SessionErrorCode, details: ConstructorParameters<typeof SessionError>[3] = {}): SessionError {
  const entry = (errorCatalog as Record<string, { userMessage: string; nextStep?: string }>)[code];
  return new SessionError(code, entry?.userMessage ?? code, entry?.nextStep ?? 'Try again.', details);
}

interface GlobalAdminAccount {
  objectId: string;
  password: string;
  /** What Entra answers for this account even with the right password (MFA, conditional access). */
  refusal?: SessionErrorCode;
}

export class FakeManagementSessions implements Pick<ManagementSessionService, 'turnOn' | 'turnOff' | 'getStatus'> {
  session: ManagementSession = { tenantId: TEST_TENANT_ID, state: 'OFF', version: 1, autoEnabled: false, changedAt: NOW };
  configuredMode: ManagementMode = 'advanced';
  /** Tenant admins and operators: the people the access policy lets turn the session on and off. */
  readonly mayOperate = new Set<string>([ADA.userId, BEN.userId, OLGA.userId]);
  /** Accounts Default mode can sign in, by UPN. */
  readonly globalAdmins = new Map<string, GlobalAdminAccount>();
  /** The accounts signed in to turn the session on, by UPN, in order. Never a password. */
  readonly signIns: string[] = [];
  /** Refuses the next turnOn / turnOff with this error, as a vault outage or a busy session would. */
  failNextWith: unknown;
  /** While set, turnOn waits for it: a slow sign-in. */
  hold: Promise<void> | undefined;

  addGlobalAdmin(upn: string, password: string, refusal?: SessionErrorCode): void {
    this.globalAdmins.set(upn.toLowerCase(), { objectId: `obj-${upn}`, password, ...(refusal ? { refusal } : {}) });
  }

  async getStatus(tenantId: string): Promise<SessionStatus> {
    if (tenantId !== this.session.tenantId) throw new Error(`unexpected tenant ${tenantId}`);
    return { session: this.session, configuredMode: this.configuredMode, autoEnable: false, sessionTtlInMinutes: 480 };
  }

  async turnOn(actor: Actor, request: TurnOnRequest = {}): Promise<TurnOnResult> {
    if (!this.mayOperate.has(actor.userId)) throw sessionError('SESSION.FORBIDDEN');
    if (this.hold) await this.hold;
    this.throwIfRefused();
    if (this.session.state === 'ON') return { outcome: 'already-on', session: this.session, limitedByTokenLifetime: false };
    if (this.configuredMode === 'none') throw sessionError('SESSION.MODE_NOT_CONFIGURED');
    const principal = this.configuredMode === 'advanced' ? this.serviceAccountPrincipal(request) : this.signIn(request);
    this.session = {
      ...this.session,
      state: 'ON',
      version: this.session.version + 1,
      mode: this.configuredMode,
      principal,
      enabledBy: toPerson(actor),
      enabledAt: NOW,
      expiresAt: '2026-01-05T17:00:00.000Z',
      changedAt: NOW,
      changedBy: toPerson(actor),
      lastChangeReason: 'turned-on',
    };
    return { outcome: 'turned-on', session: this.session, limitedByTokenLifetime: this.configuredMode === 'default' };
  }

  async turnOff(actor: Actor): Promise<TurnOffResult> {
    if (!this.mayOperate.has(actor.userId)) throw sessionError('SESSION.FORBIDDEN');
    this.throwIfRefused();
    if (this.session.state === 'OFF') return { outcome: 'already-off', session: this.session };
    // An OFF session keeps no principal and no token: only who changed it, when and why.
    this.session = {
      tenantId: this.session.tenantId,
      state: 'OFF',
      version: this.session.version + 1,
      autoEnabled: false,
      changedAt: NOW,
      changedBy: toPerson(actor),
      lastChangeReason: 'turned-off',
    };
    return { outcome: 'turned-off', session: this.session };
  }

  private throwIfRefused(): void {
    const failure = this.failNextWith;
    this.failNextWith = undefined;
    if (failure) throw failure;
  }

  private serviceAccountPrincipal(request: TurnOnRequest): SessionPrincipal {
    if (request.credentials) throw sessionError('SESSION.CREDENTIALS_NOT_EXPECTED');
    return { objectId: 'obj-mgmt-bot', userPrincipalName: SERVICE_ACCOUNT_UPN, kind: 'serviceAccount' };
  }

  /** Default mode: one resource-owner sign-in with the admin's credentials, which are then dropped. */
  private signIn(request: TurnOnRequest): SessionPrincipal {
    const credentials = request.credentials;
    if (!credentials) throw sessionError('SESSION.CREDENTIALS_REQUIRED', { mode: 'default' });
    const account = this.globalAdmins.get(credentials.username.toLowerCase());
    if (!account) throw sessionError('SESSION.USER_NOT_FOUND');
    if (account.password !== credentials.password) throw sessionError('SESSION.WRONG_PASSWORD');
    if (account.refusal) throw sessionError(account.refusal);
    this.signIns.push(credentials.username);
    return { objectId: account.objectId, userPrincipalName: credentials.username, kind: 'signedInAdmin' };
  }
}

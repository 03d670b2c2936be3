/**
 * The weekly password rotation of the management service account (issue 7, DESIGN.md §6
 * invariant 5). One `rotate` method serves the scheduler, the `rotate password now`
 * command/button and an approved request; `recover` runs on start and whenever the scheduler
 * finds an unsettled tenant; `credentialCandidates` tells the token broker what to try.
 *
 * Protocol (the tenant lease is held throughout, renewed by a heartbeat and before every step):
 *  1. take the lease; settle any earlier run first (RotationRecovery);
 *  2. generate a password, write it to Key Vault as a new version tagged state=pending and the
 *     rotation id; record it in the journal and as ServiceAccountRecord.pendingSecretVersion.
 *     Entra is unchanged, so the current version still signs in;
 *  3. set it in Entra (PATCH /users/{id} passwordProfile) through the bot's own identity,
 *     honouring Retry-After; from here on either the current or the pending version is live,
 *     and the broker tries both;
 *  4. verify with a real sign-in, the password read back from the vault;
 *  5. promote: tag it current, the old one previous, move the store, disable the old version,
 *     drop cached tokens;
 *  6. journal (= rotation history), audit, notice.
 * A failure after step 2 runs recovery at once, which proves with sign-ins which version Entra
 * holds and converges on it; if it cannot tell (an outage), the run stays unresolved and the
 * scheduler retries recovery. A crash anywhere leaves the journal for the next start.
 */
import { randomUUID } from 'node:crypto';
import type { Person } from '../access/actor';
import type { Clock } from '../ports/clock.port';
import type { Directory } from '../ports/directory.port';
import type { SecretVault } from '../ports/secret-vault.port';
import type { ServiceAccountRecord, ServiceAccountRepository } from '../ports/service-account.repository.port';
import type { TokenIssuer } from '../ports/token-issuer.port';
import {
  silentRotationLogger,
  type CredentialCacheInvalidator,
  type PasswordSource,
  type RotationAuditSink,
  type RotationEventSink,
  type RotationLogger,
  type RotationScheduleLookup,
  type Sleep,
} from './rotation-collaborators.port';
import { RotationConvergence } from './rotation-convergence';
import { CredentialProbe } from './rotation-credential-probe';
import { DEFAULT_ENTRA_RETRY, type EntraRetryOptions } from './rotation-directory-retry';
import { RotationError, type RotationErrorCode } from './rotation-errors';
import { RotationLocks } from './rotation-lease';
import type { ProcessProbe } from './rotation-lease-owner';
import { RotationProtocol } from './rotation-protocol';
import { RotationRecovery, type SettleOptions, type Settlement } from './rotation-recovery';
import { RotationReporter } from './rotation-reporter';
import type { RotationConditionStore, RotationJournal, RotationLeaseStore } from './rotation-store.port';
import type { CredentialCandidate, RecoveryOutcome, RotationCondition, RotationResult, RotationTrigger } from './rotation.types';

export interface RotationServiceDeps {
  vault: SecretVault;
  directory: Directory;
  tokens: TokenIssuer;
  serviceAccounts: ServiceAccountRepository;
  journal: RotationJournal;
  leases: RotationLeaseStore;
  conditions: RotationConditionStore;
  passwords: PasswordSource;
  clock: Clock;
  tokenCache?: CredentialCacheInvalidator;
  audit?: RotationAuditSink;
  events?: RotationEventSink;
  schedule?: RotationScheduleLookup;
  logger?: RotationLogger;
  sleep?: Sleep;
}

export interface RotationServiceOptions {
  /** Lease expiry when nobody renews it and its owner cannot be probed; longer than the longest step. Default 5 min. */
  leaseInMs?: number;
  /** How long the scheduler waits before retrying an unsettled tenant. Default 5 min. */
  deferredRetryInMs?: number;
  entraRetry?: EntraRetryOptions;
  /** Sign-in verification tries (Entra can take a moment to accept a new password everywhere). Default 3, 2 s apart. */
  verifyAttempts?: number;
  verifyDelayInMs?: number;
  /** Identifies this process in leases; one per process (the default), shared by every service in it. */
  instanceId?: string;
  /** How often a held lease is renewed while its work runs. Default 5 s. */
  leaseHeartbeatInMs?: number;
  /** A lease whose owner cannot be probed (another host) and whose heartbeat is older than this is taken over. Default 15 s. */
  leaseStaleAfterInMs?: number;
  /** Is a pid running on this host; for tests of lease take-over. */
  isProcessRunning?: ProcessProbe;
  /** Key Vault contentType of new versions; the service-account config's `secretContentType`. */
  secretContentType?: string;
}

export const DEFAULT_SECRET_CONTENT_TYPE = 'application/vnd.mgmt-bot.service-account-password';


export class RotationService {
  private readonly logger: RotationLogger;
  private readonly sleep: Sleep;
  private readonly locks: RotationLocks;
  private readonly probe: CredentialProbe;
  private readonly convergence: RotationConvergence;
  private readonly recovery: RotationRecovery;
  private readonly reporter: RotationReporter;
  private readonly protocol: RotationProtocol;

  constructor(
    private readonly deps: RotationServiceDeps,
    options: RotationServiceOptions = {},
  ) {
    this.logger = deps.logger ?? silentRotationLogger;
    this.sleep = deps.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.locks = new RotationLocks(deps.leases, deps.clock, {
      leaseInMs: options.leaseInMs ?? 5 * 60_000,
      logger: this.logger,
      ...(options.instanceId ? { instanceId: options.instanceId } : {}),
      ...(options.leaseHeartbeatInMs !== undefined ? { heartbeatInMs: options.leaseHeartbeatInMs } : {}),
      ...(options.leaseStaleAfterInMs !== undefined ? { staleAfterInMs: options.leaseStaleAfterInMs } : {}),
      ...(options.isProcessRunning ? { isProcessRunning: options.isProcessRunning } : {}),
    });
    this.probe = new CredentialProbe(deps.vault, deps.tokens);
    this.convergence = new RotationConvergence({
      vault: deps.vault,
      serviceAccounts: deps.serviceAccounts,
      logger: this.logger,
      ...(deps.schedule ? { schedule: deps.schedule } : {}),
      ...(deps.tokenCache ? { tokenCache: deps.tokenCache } : {}),
    });
    this.recovery = new RotationRecovery({
      vault: deps.vault,
      serviceAccounts: deps.serviceAccounts,
      journal: deps.journal,
      conditions: deps.conditions,
      probe: this.probe,
      convergence: this.convergence,
    });
    this.reporter = new RotationReporter({
      journal: deps.journal,
      conditions: deps.conditions,
      clock: deps.clock,
      logger: this.logger,
      deferredRetryInMs: options.deferredRetryInMs ?? 5 * 60_000,
      newRotationId: () => randomUUID(),
      ...(deps.audit ? { audit: deps.audit } : {}),
      ...(deps.events ? { events: deps.events } : {}),
    });
    this.protocol = new RotationProtocol({
      vault: deps.vault,
      directory: deps.directory,
      serviceAccounts: deps.serviceAccounts,
      journal: deps.journal,
      passwords: deps.passwords,
      clock: deps.clock,
      logger: this.logger,
      sleep: this.sleep,
      probe: this.probe,
      convergence: this.convergence,
      recovery: this.recovery,
      reporter: this.reporter,
      entraRetry: options.entraRetry ?? DEFAULT_ENTRA_RETRY,
      verifyAttempts: Math.max(1, options.verifyAttempts ?? 3),
      verifyDelayInMs: options.verifyDelayInMs ?? 2_000,
      secretContentType: options.secretContentType ?? DEFAULT_SECRET_CONTENT_TYPE,
    });
  }

  /**
   * Rotates the tenant's service-account password. Callers authorize first (tenant admins for
   * `manual`, an approved request for `approval`); the scheduler calls it with `schedule`.
   *
   * Needs: Key Vault Secrets Officer on the vault (secrets/set, get, list, update); Graph
   * User.ReadWrite.All plus a directory role that may reset the account's password (Privileged
   * Authentication Administrator for a Global Administrator account); the account able to sign
   * in with the resource-owner password grant (no MFA / conditional-access block).
   *
   * @returns the new version once it is current and proven to sign in.
   * @throws RotationError ROTATION.NO_SERVICE_ACCOUNT, ROTATION.IN_PROGRESS, ROTATION.RECOVERY_PENDING
   *   (an earlier run is not settled yet), ROTATION.LOCKED_OUT (scheduled runs only; a person's
   *   run performs the guided recovery), ROTATION.VAULT_UNAVAILABLE, ROTATION.VAULT_FORBIDDEN,
   *   ROTATION.ENTRA_THROTTLED, ROTATION.ENTRA_UNAVAILABLE, ROTATION.ENTRA_PERMISSION_DENIED,
   *   ROTATION.ENTRA_REJECTED, ROTATION.ACCOUNT_MISSING, ROTATION.VERIFY_FAILED, ROTATION.LEASE_LOST,
   *   ROTATION.FAILED. Every failure is in the history and the audit, and (except IN_PROGRESS and
   *   LEASE_LOST) produces a failure notice or a locked-out alert.
   */
  async rotate(tenantId: string, trigger: RotationTrigger): Promise<RotationResult> {
    const record = this.requireRecord(tenantId);
    const lease = this.locks.acquire(tenantId);
    try {
      const settlement = await this.recovery.settle(record, this.deps.clock.now());
      await this.reporter.recovered(settlement);
      const blocked = blockingCode(settlement.outcome, trigger);
      if (blocked) {
        const state = settlementState(settlement);
        const rotationId = await this.reporter.refused(tenantId, trigger, settlement.record, blocked, state);
        throw new RotationError(blocked, 'rotation refused before it started', { correlationId: rotationId, details: { tenantId, cause: 'code' in settlement.outcome ? settlement.outcome.code : undefined } });
      }
      return await this.protocol.run(settlement.record, trigger, lease);
    } finally {
      lease.release();
    }
  }

  /**
   * The guided recovery of a locked-out tenant: a fresh password set through the bot's own
   * identity, by the same protocol (pending in the vault first, proven by a sign-in). Nobody sees
   * the password. For tenant admins only (the caller authorizes). Same permissions and errors as `rotate`.
   */
  forceReset(tenantId: string, actor: Person): Promise<RotationResult> {
    return this.rotate(tenantId, { kind: 'recovery', actor });
  }

  /**
   * Inspects the vault versions, the store and the journal, and converges on the one version that
   * signs in (see RotationRecovery). Run on start (with `verifyCurrent`, which also proves the
   * current version with a sign-in and so detects a reset made outside the bot) and whenever
   * `needsRecovery` says so. A locked-out tenant gets the alert with the guided recovery.
   * On start (`verifyCurrent`), a lease held by another process that only its heartbeat can show
   * alive is waited for up to its grace (a predecessor that died a moment ago); a lease whose
   * owner's process is gone is taken over at once.
   * Key Vault secrets/list, get, update; one sign-in per probed version.
   * @throws RotationError ROTATION.NO_SERVICE_ACCOUNT, ROTATION.IN_PROGRESS. Outages are reported as `deferred`.
   */
  async recover(tenantId: string, options: SettleOptions = {}): Promise<RecoveryOutcome> {
    const record = this.requireRecord(tenantId);
    const lease = options.verifyCurrent ? await this.locks.acquireWaiting(tenantId, this.locks.startupWaitInMs, this.sleep) : this.locks.acquire(tenantId);
    try {
      const settlement = await this.recovery.settle(record, this.deps.clock.now(), options);
      await this.reporter.recovered(settlement);
      if (settlement.outcome.kind !== 'clean') this.logger.info({ tenantId, outcome: settlement.outcome.kind }, 'rotation recovery');
      return settlement.outcome;
    } finally {
      lease.release();
    }
  }

  /**
   * Cheap check (store only, no vault or Entra call): is there an interrupted or unresolved run,
   * or a deferred recovery that is due? A locked-out tenant is not re-probed by itself (failed
   * sign-ins count towards Entra smart lockout); it waits for `forceReset`.
   */
  needsRecovery(tenantId: string): boolean {
    const record = this.deps.serviceAccounts.get(tenantId);
    if (!record) return false;
    const condition = this.deps.conditions.get(tenantId);
    if (condition?.kind === 'locked-out') return false;
    if (condition?.kind === 'deferred') return !condition.nextRecoveryAt || Date.parse(condition.nextRecoveryAt) <= this.deps.clock.now().getTime();
    return record.pendingSecretVersion !== undefined || this.deps.journal.findOpen(tenantId) !== undefined;
  }

  /**
   * For the token broker: the versions to try, current first, then pending (live in Entra
   * while a rotation is between steps 3 and 5). Ids only; the broker reads the values itself.
   */
  async credentialCandidates(tenantId: string): Promise<CredentialCandidate[]> {
    const record = this.deps.serviceAccounts.get(tenantId);
    if (!record) return [];
    const candidates: CredentialCandidate[] = [{ secretName: record.secretName, version: record.currentSecretVersion, role: 'current' }];
    if (record.pendingSecretVersion && record.pendingSecretVersion !== record.currentSecretVersion) {
      candidates.push({ secretName: record.secretName, version: record.pendingSecretVersion, role: 'pending' });
    }
    return candidates;
  }

  /** The tenant's persisted rotation condition (healthy, deferred, locked-out), for status cards and the scheduler. */
  condition(tenantId: string): RotationCondition | undefined {
    return this.deps.conditions.get(tenantId);
  }

  private requireRecord(tenantId: string): ServiceAccountRecord {
    const record = this.deps.serviceAccounts.get(tenantId);
    if (!record) throw new RotationError('ROTATION.NO_SERVICE_ACCOUNT', 'no service account record', { details: { tenantId } });
    return record;
  }
}

/** Why a rotation must not start after the pre-run recovery, if it must not. */
function blockingCode(outcome: RecoveryOutcome, trigger: RotationTrigger): RotationErrorCode | undefined {
  if (outcome.kind === 'deferred') {
    if (outcome.state.kind === 'unresolved') return 'ROTATION.RECOVERY_PENDING';
    return isKnownCode(outcome.code) ? outcome.code : 'ROTATION.FAILED';
  }
  // A person asking (or approving) after the alert performs the guided recovery; the schedule never does it unattended.
  if (outcome.kind === 'locked-out' && trigger.kind === 'schedule') return 'ROTATION.LOCKED_OUT';
  return undefined;
}

function settlementState(settlement: Settlement) {
  const outcome = settlement.outcome;
  if (outcome.kind === 'deferred' || outcome.kind === 'locked-out') return outcome.state;
  return { kind: 'unchanged' as const, currentVersion: settlement.record.currentSecretVersion };
}

function isKnownCode(code: string): code is RotationErrorCode {
  return code.startsWith('ROTATION.');
}

/**
 * Steps 2–6 of the rotation protocol (see RotationService for the whole story), run while the
 * caller holds the tenant lease. Each step is journaled before the next starts; a failure after
 * step 2 hands over to recovery at once, which proves with sign-ins which version Entra holds.
 */
import { randomUUID } from 'node:crypto';
import type { Clock } from '../ports/clock.port';
import type { Directory } from '../ports/directory.port';
import { VaultError, type SecretVault } from '../ports/secret-vault.port';
import type { ServiceAccountRecord, ServiceAccountRepository } from '../ports/service-account.repository.port';
import type { PasswordSource, RotationLogger, Sleep } from './rotation-collaborators.port';
import { errorCode, type RotationConvergence } from './rotation-convergence';
import type { CredentialProbe } from './rotation-credential-probe';
import { setPasswordWithRetry, type EntraRetryOptions } from './rotation-directory-retry';
import { RotationError, isRotationError, type RotationErrorCode } from './rotation-errors';
import type { HeldRotationLease } from './rotation-lease';
import type { RotationRecovery, Settlement } from './rotation-recovery';
import type { RotationReporter } from './rotation-reporter';
import type { RotationJournal } from './rotation-store.port';
import type { RotationResult, RotationStep, RotationTrigger } from './rotation.types';
import { pendingTags } from './rotation-vault-tags';

export interface RotationProtocolDeps {
  vault: SecretVault;
  directory: Directory;
  serviceAccounts: ServiceAccountRepository;
  journal: RotationJournal;
  passwords: PasswordSource;
  clock: Clock;
  logger: RotationLogger;
  sleep: Sleep;
  probe: CredentialProbe;
  convergence: RotationConvergence;
  recovery: RotationRecovery;
  reporter: RotationReporter;
  entraRetry: EntraRetryOptions;
  verifyAttempts: number;
  verifyDelayInMs: number;
  secretContentType: string;
}

const NEXT_STEP: Record<RotationStep, string> = {
  started: 'store-pending',
  'pending-stored': 'set-in-entra',
  'entra-set': 'verify-sign-in',
  verified: 'promote',
  promoted: 'report',
};

export class RotationProtocol {
  constructor(private readonly deps: RotationProtocolDeps) {}

  /** Steps 2–6 under the caller's lease; see RotationService.rotate for permissions and error codes. */
  async run(record: ServiceAccountRecord, trigger: RotationTrigger, lease: HeldRotationLease): Promise<RotationResult> {
    const tenantId = record.tenantId;
    const rotationId = randomUUID();
    const startedAt = this.deps.clock.now();
    const run = this.deps.reporter.startRun(rotationId, tenantId, trigger, record);
    await this.deps.reporter.started(run, record);
    let step: RotationStep = 'started';
    let pendingVersion: string | undefined;
    try {
      lease.renew();
      pendingVersion = await this.storePending(record, rotationId);
      step = 'pending-stored';

      lease.renew();
      const password = await this.readPending(record, pendingVersion);
      await setPasswordWithRetry(this.deps.directory, { tenantId, userId: record.objectId, password }, this.deps.sleep, this.deps.entraRetry);
      this.deps.journal.advance(rotationId, 'entra-set');
      step = 'entra-set';

      lease.renew();
      await this.verify(record, pendingVersion);
      this.deps.journal.advance(rotationId, 'verified');
      step = 'verified';

      lease.renew();
      const updated = await this.promote(tenantId, pendingVersion);
      this.deps.journal.advance(rotationId, 'promoted');
      step = 'promoted';
      return await this.reportSuccess(rotationId, updated, record.currentSecretVersion, pendingVersion, startedAt, false);
    } catch (error) {
      if (isRotationError(error) && error.code === 'ROTATION.LEASE_LOST') throw error;
      return this.afterFailure(error, { rotationId, record, step, pendingVersion, startedAt });
    }
  }

  /**
   * Step 2. The password is generated, written to the vault and forgotten here; step 3 reads it
   * back from the vault, so what Entra gets is exactly what the vault holds.
   */
  private async storePending(record: ServiceAccountRecord, rotationId: string): Promise<string> {
    let version: string;
    try {
      const props = await this.deps.vault.setSecret(record.secretName, this.deps.passwords.generate(), {
        contentType: this.deps.secretContentType,
        tags: pendingTags({
          tenantId: record.tenantId,
          rotationId,
          objectId: record.objectId,
          userPrincipalName: record.userPrincipalName,
          createdAt: this.deps.clock.now(),
        }),
      });
      version = props.version;
    } catch (error) {
      throw vaultFailure(error, 'writing the pending version');
    }
    this.deps.journal.advance(rotationId, 'pending-stored', { pendingVersion: version });
    const fresh = this.requireRecord(record.tenantId);
    this.deps.serviceAccounts.save({ ...fresh, pendingSecretVersion: version });
    return version;
  }

  private async readPending(record: ServiceAccountRecord, version: string): Promise<string> {
    try {
      return (await this.deps.vault.getSecret(record.secretName, version)).value;
    } catch (error) {
      throw vaultFailure(error, 'reading the pending version');
    }
  }

  /** Step 4, with a few tries: a wrong-password answer right after a reset can be replication lag. */
  private async verify(record: ServiceAccountRecord, version: string): Promise<void> {
    const account = { tenantId: record.tenantId, userPrincipalName: record.userPrincipalName, secretName: record.secretName };
    for (let attempt = 1; ; attempt += 1) {
      const result = await this.deps.probe.probe(account, version);
      if (result.kind === 'works') return;
      const retryable = result.kind === 'rejected' || result.code === 'ROTATION.ENTRA_UNAVAILABLE';
      if (!retryable || attempt >= this.deps.verifyAttempts) {
        const code: RotationErrorCode = result.kind === 'rejected' ? 'ROTATION.VERIFY_FAILED' : result.code;
        throw new RotationError(code, 'the pending version did not sign in', {
          details: { probe: result.kind, signInCode: result.kind === 'inconclusive' ? result.signInCode : result.code, attempts: attempt },
        });
      }
      await this.deps.sleep(this.deps.verifyDelayInMs);
    }
  }

  private async promote(tenantId: string, version: string): Promise<ServiceAccountRecord> {
    try {
      return await this.deps.convergence.promote(tenantId, version, this.deps.clock.now());
    } catch (error) {
      throw vaultFailure(error, 'promoting the new version');
    }
  }

  private async reportSuccess(
    rotationId: string,
    updated: ServiceAccountRecord,
    previousVersion: string,
    newVersion: string,
    startedAt: Date,
    settledByRecovery: boolean,
  ): Promise<RotationResult> {
    const now = this.deps.clock.now();
    const result: RotationResult = {
      rotationId,
      tenantId: updated.tenantId,
      newVersion,
      previousVersion,
      rotatedAt: updated.lastRotationAt ?? now.toISOString(),
      durationInMs: now.getTime() - startedAt.getTime(),
      ...(updated.nextRotationAt ? { nextRotationAt: updated.nextRotationAt } : {}),
    };
    const run = this.deps.journal.get(rotationId);
    if (run) await this.deps.reporter.succeeded(run, updated, result, settledByRecovery);
    return result;
  }

  /**
   * A step failed. Before step 2 completed nothing changed. After it, recovery proves which
   * version Entra holds: a 5xx on the PATCH may still have applied it, in which case the run
   * did succeed.
   */
  private async afterFailure(
    error: unknown,
    context: { rotationId: string; record: ServiceAccountRecord; step: RotationStep; pendingVersion: string | undefined; startedAt: Date },
  ): Promise<RotationResult> {
    const { rotationId, record, step, pendingVersion } = context;
    const failure = isRotationError(error) ? error : new RotationError('ROTATION.FAILED', 'unexpected error during rotation', { cause: error, correlationId: rotationId });
    const failedStep = NEXT_STEP[step];
    this.deps.logger.warn({ tenantId: record.tenantId, rotationId, code: failure.code, failedStep, errorName: error instanceof Error ? error.name : typeof error }, 'rotation step failed');
    const run = this.deps.journal.get(rotationId);
    if (!run) throw failure;
    const withId = (code: RotationErrorCode): RotationError =>
      new RotationError(code, `rotation failed at ${failedStep}`, { cause: failure, correlationId: rotationId, details: { ...failure.details, failedStep }, ...(failure.retryAfterInMs !== undefined ? { retryAfterInMs: failure.retryAfterInMs } : {}) });

    if (pendingVersion === undefined) {
      await this.deps.reporter.failed(run, record, failure.code, failedStep, { kind: 'unchanged', currentVersion: record.currentSecretVersion }, { notify: true });
      throw withId(failure.code);
    }

    if (step === 'pending-stored' && failure.code === 'ROTATION.ACCOUNT_MISSING') {
      const discarded = await this.discardForMissingAccount(record.tenantId, pendingVersion);
      if (discarded) {
        await this.deps.reporter.failed(run, discarded, failure.code, failedStep, { kind: 'unchanged', currentVersion: discarded.currentSecretVersion }, { notify: true });
        throw withId(failure.code);
      }
    }

    let settlement: Settlement;
    try {
      settlement = await this.deps.recovery.settle(this.requireRecord(record.tenantId), this.deps.clock.now());
    } catch (error) {
      // Recovery itself broke (not an outage, which it reports as deferred): the run must not stay "running" until a lease expires.
      const broken = isRotationError(error) ? error : new RotationError('ROTATION.FAILED', 'recovery after a failed step broke', { cause: error, correlationId: rotationId });
      const state = { kind: 'unresolved' as const, currentVersion: record.currentSecretVersion, pendingVersion };
      await this.deps.reporter.unresolved(run, record, failure.code, failedStep, state, { notify: true });
      this.deps.logger.error({ tenantId: record.tenantId, rotationId, code: broken.code, errorName: error instanceof Error ? error.name : typeof error }, 'rotation: recovery after a failed step broke');
      throw withId(failure.code);
    }
    const outcome = settlement.outcome;
    const settledRun = this.deps.journal.get(rotationId) ?? run;
    switch (outcome.kind) {
      case 'promoted':
        if (outcome.version === pendingVersion) {
          this.deps.logger.info({ tenantId: record.tenantId, rotationId, code: failure.code }, 'rotation step failed, but the new version is live and now current');
          return this.reportSuccess(rotationId, settlement.record, record.currentSecretVersion, pendingVersion, context.startedAt, false);
        }
        await this.deps.reporter.failed(settledRun, settlement.record, failure.code, failedStep, { kind: 'unchanged', currentVersion: settlement.record.currentSecretVersion }, { notify: true });
        throw withId(failure.code);
      case 'deferred':
        await this.deps.reporter.unresolved(settledRun, settlement.record, failure.code, failedStep, outcome.state, { notify: true });
        throw withId(failure.code);
      case 'locked-out':
        await this.deps.reporter.failed(settledRun, settlement.record, 'ROTATION.LOCKED_OUT', failedStep, outcome.state, { notify: false });
        throw withId('ROTATION.LOCKED_OUT');
      default:
        await this.deps.reporter.failed(settledRun, settlement.record, failure.code, failedStep, { kind: 'unchanged', currentVersion: settlement.record.currentSecretVersion }, { notify: true });
        throw withId(failure.code);
    }
  }

  /**
   * Graph answered 404 for the account itself when the password was to be set: Entra holds no
   * password for it at all, so the pending version cannot be live and no sign-in can settle
   * anything. The pending version is discarded now and the run fails at once with
   * ROTATION.ACCOUNT_MISSING (re-create the account), rather than waiting as unresolved for
   * sign-ins that can never succeed. Undefined when the vault could not be updated: then the
   * usual recovery decides later.
   */
  private async discardForMissingAccount(tenantId: string, pendingVersion: string): Promise<ServiceAccountRecord | undefined> {
    try {
      return await this.deps.convergence.keepCurrent(tenantId, [pendingVersion]);
    } catch (error) {
      this.deps.logger.warn({ tenantId, code: errorCode(error) }, 'rotation: could not discard the pending version of a missing account');
      return undefined;
    }
  }

  private requireRecord(tenantId: string): ServiceAccountRecord {
    const record = this.deps.serviceAccounts.get(tenantId);
    if (!record) throw new RotationError('ROTATION.NO_SERVICE_ACCOUNT', 'no service account record', { details: { tenantId } });
    return record;
  }
}

function vaultFailure(error: unknown, what: string): unknown {
  if (!(error instanceof VaultError)) return error;
  const code: RotationErrorCode =
    error.code === 'VAULT.UNAVAILABLE' || error.code === 'VAULT.THROTTLED'
      ? 'ROTATION.VAULT_UNAVAILABLE'
      : error.code === 'VAULT.FORBIDDEN'
        ? 'ROTATION.VAULT_FORBIDDEN'
        : 'ROTATION.FAILED';
  return new RotationError(code, `Key Vault failed while ${what}`, { cause: error, details: { vaultCode: error.code, status: error.details.status } });
}

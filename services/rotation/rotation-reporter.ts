/**
 * Step 6 and its failure twins: the journal row (which is the rotation history), the audit
 * record, the tenant's rotation condition and the event that becomes a proactive notice. Only
 * ids, codes, times and version ids leave this file; never a password.
 *
 * The journal and the condition are written first and their errors propagate (they are the
 * crash-recovery state). Audit and notices are written next; their errors are logged, because a
 * rotation that already changed Entra must still report success to its caller.
 */
import { SYSTEM_PERSON } from '../access/actor';
import type { Clock } from '../ports/clock.port';
import type { ServiceAccountRecord } from '../ports/service-account.repository.port';
import type { RotationAuditEntry, RotationAuditSink, RotationEventSink, RotationLogger } from './rotation-collaborators.port';
import { errorCode } from './rotation-convergence';
import type { Settlement } from './rotation-recovery';
import type { RotationConditionStore, RotationJournal } from './rotation-store.port';
import type { AccountCredentialState, RotationResult, RotationRun, RotationTrigger } from './rotation.types';

export interface ReporterDeps {
  journal: RotationJournal;
  conditions: RotationConditionStore;
  audit?: RotationAuditSink;
  events?: RotationEventSink;
  clock: Clock;
  logger: RotationLogger;
  /** How long the scheduler waits before retrying an unsettled tenant by itself. */
  deferredRetryInMs: number;
  newRotationId: () => string;
}

type LockedOutState = Extract<AccountCredentialState, { kind: 'locked-out' }>;

const MAX_DEFERRAL_IN_MS = 60 * 60_000;

export class RotationReporter {
  constructor(private readonly deps: ReporterDeps) {}

  async started(run: RotationRun, record: ServiceAccountRecord): Promise<void> {
    this.deps.logger.info({ tenantId: run.tenantId, rotationId: run.rotationId, trigger: run.trigger.kind }, 'rotation started');
    await this.audit(run.trigger, record, 'rotation.started', 'ok', run.rotationId, { trigger: run.trigger.kind, slot: run.trigger.slot });
  }

  async succeeded(run: RotationRun, record: ServiceAccountRecord, result: RotationResult, settledByRecovery: boolean): Promise<void> {
    this.deps.journal.finish(run.rotationId, {
      status: 'succeeded',
      finishedAt: result.rotatedAt,
      durationInMs: result.durationInMs,
      settledByRecovery,
    });
    this.healthy(run.tenantId);
    this.deps.logger.info({ tenantId: run.tenantId, rotationId: run.rotationId, newVersion: result.newVersion, settledByRecovery }, 'rotation succeeded');
    await this.audit(run.trigger, record, settledByRecovery ? 'rotation.recovered' : 'rotation.succeeded', 'ok', run.rotationId, {
      newVersion: result.newVersion,
      previousVersion: result.previousVersion,
      durationInMs: result.durationInMs,
      trigger: run.trigger.kind,
    });
    await this.emit('rotationSucceeded', () =>
      this.deps.events?.rotationSucceeded({ tenantId: run.tenantId, accountUpn: record.userPrincipalName, trigger: run.trigger, result, settledByRecovery }),
    );
  }

  /** A run that ended without changing which password Entra holds (or with the account locked out). */
  async failed(
    run: RotationRun,
    record: ServiceAccountRecord,
    code: string,
    failedStep: string,
    state: AccountCredentialState,
    options: { notify: boolean; settledByRecovery?: boolean; keepCondition?: boolean },
  ): Promise<void> {
    const finishedAt = this.deps.clock.now();
    this.deps.journal.finish(run.rotationId, {
      status: 'failed',
      errorCode: code,
      finishedAt: finishedAt.toISOString(),
      durationInMs: finishedAt.getTime() - Date.parse(run.startedAt),
      settledByRecovery: options.settledByRecovery ?? false,
    });
    if (options.keepCondition) {
      // A refused run changed nothing; the condition that refused it stays as it is.
    } else if (state.kind === 'locked-out') {
      await this.lockedOut(record, state, run.rotationId);
    } else {
      this.healthy(run.tenantId);
    }
    this.deps.logger.warn({ tenantId: run.tenantId, rotationId: run.rotationId, code, failedStep, state: state.kind }, 'rotation failed');
    await this.audit(run.trigger, record, options.settledByRecovery ? 'rotation.discarded' : 'rotation.failed', 'failed', run.rotationId, {
      code,
      failedStep,
      state: state.kind,
      pendingVersion: run.pendingVersion,
      currentVersion: state.currentVersion,
    }, code);
    if (options.notify && state.kind !== 'locked-out') await this.notifyFailed(run, record, code, failedStep, state);
  }

  /** A run that stopped with its pending version possibly live in Entra; recovery finishes it later. */
  async unresolved(run: RotationRun, record: ServiceAccountRecord, code: string, failedStep: string, state: AccountCredentialState, options: { notify: boolean }): Promise<void> {
    this.deps.journal.finish(run.rotationId, { status: 'unresolved', errorCode: code });
    this.deferred(run.tenantId, code, state);
    this.deps.logger.warn({ tenantId: run.tenantId, rotationId: run.rotationId, code, failedStep }, 'rotation unresolved; recovery will settle it');
    await this.audit(run.trigger, record, 'rotation.unresolved', 'failed', run.rotationId, { code, failedStep, pendingVersion: run.pendingVersion, currentVersion: state.currentVersion }, code);
    if (options.notify) await this.notifyFailed(run, record, code, failedStep, state);
  }

  /** Persists the locked-out condition and raises the alert (deduplicated per day by the outbox). */
  async lockedOut(record: ServiceAccountRecord, state: LockedOutState, rotationId?: string): Promise<void> {
    const previous = this.deps.conditions.get(record.tenantId);
    const since = previous?.kind === 'locked-out' ? previous.since : this.deps.clock.now().toISOString();
    this.deps.conditions.set({ tenantId: record.tenantId, kind: 'locked-out', code: 'ROTATION.LOCKED_OUT', since, state });
    this.deps.logger.error({ tenantId: record.tenantId, rotationId, rejectedVersions: state.rejectedVersions }, 'rotation: no vault version signs in');
    await this.audit({ kind: 'recovery' }, record, 'rotation.lockedOut', 'failed', rotationId ?? 'none', { rejectedVersions: state.rejectedVersions.join(',') }, 'ROTATION.LOCKED_OUT');
    await this.emit('lockedOut', () =>
      this.deps.events?.lockedOut({
        tenantId: record.tenantId,
        accountUpn: record.userPrincipalName,
        secretName: record.secretName,
        state,
        detectedAt: since,
        ...(rotationId ? { rotationId } : {}),
      }),
    );
  }

  /** A rotation that could not start (an earlier one is unsettled, or the tenant is locked out): recorded in the history too. */
  async refused(tenantId: string, trigger: RotationTrigger, record: ServiceAccountRecord, code: string, state: AccountCredentialState): Promise<string> {
    const rotationId = this.deps.newRotationId();
    const run = this.startRun(rotationId, tenantId, trigger, record);
    // A locked-out tenant already got its alert from recovery; anything else gets a failure notice with Retry.
    await this.failed(run, record, code, 'started', state, { notify: state.kind !== 'locked-out', keepCondition: true });
    return rotationId;
  }

  startRun(rotationId: string, tenantId: string, trigger: RotationTrigger, record: ServiceAccountRecord): RotationRun {
    const startedAt = this.deps.clock.now().toISOString();
    this.deps.journal.start({ rotationId, tenantId, trigger, startedAt, previousVersion: record.currentSecretVersion });
    const run = this.deps.journal.get(rotationId);
    if (!run) throw new Error(`journal lost rotation ${rotationId}`);
    return run;
  }

  /** Books what recovery did about an earlier run (or about stray versions when no run was open). */
  async recovered(settlement: Settlement): Promise<void> {
    const { outcome, openRun, record } = settlement;
    const tenantId = record.tenantId;
    switch (outcome.kind) {
      case 'clean':
        this.healthy(tenantId);
        return;
      case 'normalized':
        this.healthy(tenantId);
        await this.audit({ kind: 'recovery' }, record, 'rotation.normalized', 'ok', 'none', { currentVersion: outcome.currentVersion });
        return;
      case 'promoted': {
        if (!openRun) {
          this.healthy(tenantId);
          await this.audit({ kind: 'recovery' }, record, 'rotation.recovered', 'ok', 'none', { newVersion: outcome.version, previousVersion: outcome.previousVersion });
          return;
        }
        const now = this.deps.clock.now();
        const result: RotationResult = {
          rotationId: openRun.rotationId,
          tenantId,
          newVersion: outcome.version,
          previousVersion: outcome.previousVersion,
          rotatedAt: record.lastRotationAt ?? now.toISOString(),
          durationInMs: now.getTime() - Date.parse(openRun.startedAt),
          ...(record.nextRotationAt ? { nextRotationAt: record.nextRotationAt } : {}),
        };
        await this.succeeded(openRun, record, result, true);
        return;
      }
      case 'discarded': {
        if (!openRun) {
          this.healthy(tenantId);
          await this.audit({ kind: 'recovery' }, record, 'rotation.discarded', 'ok', 'none', { discardedVersions: outcome.versions.join(',') });
          return;
        }
        const code = openRun.errorCode ?? 'ROTATION.INTERRUPTED';
        // A run that died (status running) never told anyone; one that stopped as unresolved already sent its failure notice.
        await this.failed(openRun, record, code, openRun.step, { kind: 'unchanged', currentVersion: outcome.currentVersion }, { notify: openRun.status === 'running', settledByRecovery: true });
        return;
      }
      case 'deferred': {
        if (!openRun) {
          this.deferred(tenantId, outcome.code, outcome.state);
          this.deps.logger.warn({ tenantId, code: outcome.code }, 'rotation recovery deferred');
          return;
        }
        await this.unresolved(openRun, record, openRun.errorCode ?? outcome.code, openRun.step, outcome.state, { notify: openRun.status === 'running' });
        return;
      }
      case 'locked-out': {
        if (openRun) {
          await this.failed(openRun, record, 'ROTATION.LOCKED_OUT', openRun.step, outcome.state, { notify: false, settledByRecovery: true });
          return;
        }
        await this.lockedOut(record, outcome.state);
        return;
      }
    }
  }

  private healthy(tenantId: string): void {
    const condition = this.deps.conditions.get(tenantId);
    if (condition && condition.kind === 'healthy') return;
    this.deps.conditions.set({ tenantId, kind: 'healthy', since: this.deps.clock.now().toISOString() });
  }

  /** Backs off as long as the tenant has been unsettled so far (at least `deferredRetryInMs`, at most an hour): a long outage costs few sign-ins. */
  private deferred(tenantId: string, code: string, state: AccountCredentialState): void {
    const now = this.deps.clock.now();
    const previous = this.deps.conditions.get(tenantId);
    const since = previous?.kind === 'deferred' ? previous.since : now.toISOString();
    const delay = Math.min(MAX_DEFERRAL_IN_MS, Math.max(this.deps.deferredRetryInMs, now.getTime() - Date.parse(since)));
    this.deps.conditions.set({ tenantId, kind: 'deferred', code, since, nextRecoveryAt: new Date(now.getTime() + delay).toISOString(), state });
  }

  private async notifyFailed(run: RotationRun, record: ServiceAccountRecord, code: string, failedStep: string, state: AccountCredentialState): Promise<void> {
    await this.emit('rotationFailed', () =>
      this.deps.events?.rotationFailed({
        tenantId: run.tenantId,
        accountUpn: record.userPrincipalName,
        rotationId: run.rotationId,
        trigger: run.trigger,
        code,
        failedStep,
        state,
        at: this.deps.clock.now().toISOString(),
      }),
    );
  }

  private async audit(
    trigger: RotationTrigger,
    record: ServiceAccountRecord,
    action: string,
    result: 'ok' | 'failed',
    correlationId: string,
    details: Record<string, string | number | boolean | undefined>,
    code?: string,
  ): Promise<void> {
    if (!this.deps.audit) return;
    const entry: RotationAuditEntry = {
      tenantId: record.tenantId,
      actor: trigger.actor ?? SYSTEM_PERSON,
      action,
      target: { type: 'serviceAccount', id: record.objectId, name: record.userPrincipalName },
      principal: { kind: 'botApp' },
      result,
      correlationId,
      details,
      ...(code ? { code } : {}),
    };
    try {
      await this.deps.audit.append(entry);
    } catch (error) {
      this.deps.logger.error({ tenantId: record.tenantId, rotationId: correlationId, action, code: errorCode(error) }, 'rotation: audit append failed');
    }
  }

  private async emit(kind: string, send: () => Promise<void> | undefined): Promise<void> {
    try {
      await send();
    } catch (error) {
      this.deps.logger.error({ kind, code: errorCode(error) }, 'rotation: queueing the notice failed');
    }
  }
}

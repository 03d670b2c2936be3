/**
 * Recovery: decides, from the vault's versions, the store and the journal, which password
 * Entra holds now, and converges on it. Runs on start, before every rotation, after a failed
 * step, and whenever the scheduler sees an unsettled tenant. The caller holds the tenant lease.
 *
 * The decision rests on one fact: Entra holds exactly one password. So
 * - a pending version that signs in is the live one: promote it (the run got past step 3);
 * - otherwise, if the current version signs in, no pending version can be live: discard them
 *   all. We discard rather than retry from step 3, because a discarded run leaves nothing
 *   half-done, is reported with a Retry button, and the next rotation starts from a clean,
 *   proven state; resuming would replay a password change nobody is watching;
 * - if neither signs in (and the answers were conclusive "wrong password"), the tenant is
 *   locked out: report it, with the guided recovery (a fresh password through the bot's own
 *   identity, `RotationService.forceReset`);
 * - anything inconclusive (vault or Entra unreachable, MFA / conditional access blocking the
 *   sign-in) defers: nothing is changed, and both versions stay candidates for the broker.
 */
import type { SecretVault, SecretVersionProperties } from '../ports/secret-vault.port';
import type { ServiceAccountRecord, ServiceAccountRepository } from '../ports/service-account.repository.port';
import { VaultError } from '../ports/secret-vault.port';
import type { RotationConvergence } from './rotation-convergence';
import type { CredentialProbe, ProbeResult } from './rotation-credential-probe';
import type { RotationConditionStore, RotationJournal } from './rotation-store.port';
import type { AccountCredentialState, RecoveryOutcome, RotationRun } from './rotation.types';
import { ROTATION_ID_TAG, versionState } from './rotation-vault-tags';

export interface RecoveryDeps {
  vault: SecretVault;
  serviceAccounts: ServiceAccountRepository;
  journal: RotationJournal;
  conditions: RotationConditionStore;
  probe: CredentialProbe;
  convergence: RotationConvergence;
}

export interface SettleOptions {
  /** Prove the current version with a sign-in even when nothing looks unsettled (start-up check; detects a reset made outside the bot). */
  verifyCurrent?: boolean;
}

export interface Settlement {
  outcome: RecoveryOutcome;
  /** The journal's open run when recovery started (the run being settled, if any). */
  openRun?: RotationRun;
  record: ServiceAccountRecord;
}

export class RotationRecovery {
  constructor(private readonly deps: RecoveryDeps) {}

  /**
   * Inspects and settles one tenant. Changes the vault and the store only on conclusive sign-in
   * evidence. Never throws for vault or Entra outages (returns `deferred`); unknown errors propagate.
   */
  async settle(record: ServiceAccountRecord, at: Date, options: SettleOptions = {}): Promise<Settlement> {
    const openRun = this.deps.journal.findOpen(record.tenantId);
    const base = { record, ...(openRun ? { openRun } : {}) };
    try {
      return await this.decide(record, openRun, at, options.verifyCurrent === true);
    } catch (error) {
      // The vault failed while listing or re-tagging: nothing is lost (every step is repeatable), so settle later.
      if (!(error instanceof VaultError)) throw error;
      const code = error.code === 'VAULT.FORBIDDEN' ? 'ROTATION.VAULT_FORBIDDEN' : 'ROTATION.VAULT_UNAVAILABLE';
      const fresh = this.deps.serviceAccounts.get(record.tenantId) ?? record;
      return { ...base, record: fresh, outcome: deferred(code, unresolvedState(fresh, openRun), openRun) };
    }
  }

  private async decide(record: ServiceAccountRecord, openRun: RotationRun | undefined, at: Date, verifyCurrent: boolean): Promise<Settlement> {
    const base = { record, ...(openRun ? { openRun } : {}) };
    const versions: SecretVersionProperties[] = await this.deps.vault.listVersions(record.secretName);

    // Crash after the store moved to the new version but before the journal said so: the run did succeed.
    if (openRun?.pendingVersion !== undefined && openRun.pendingVersion === record.currentSecretVersion) {
      const updated = await this.deps.convergence.promote(record.tenantId, record.currentSecretVersion, at);
      return { ...base, record: updated, outcome: { kind: 'promoted', version: updated.currentSecretVersion, previousVersion: openRun.previousVersion ?? '', rotationId: openRun.rotationId } };
    }

    const pending = pendingCandidates(record, versions, openRun);
    const condition = this.deps.conditions.get(record.tenantId);
    const suspicious = verifyCurrent || (condition !== undefined && condition.kind !== 'healthy');
    if (pending.length === 0 && !suspicious) {
      // Nothing written by a run can be live in Entra (an open run without a candidate stopped before step 3), so no sign-in is needed.
      const consistent = tagsConsistent(record, versions);
      if (consistent && !openRun) return { ...base, outcome: { kind: 'clean' } };
      const updated = consistent ? record : await this.deps.convergence.keepCurrent(record.tenantId, []);
      const outcome: RecoveryOutcome = openRun
        ? { kind: 'discarded', versions: [], currentVersion: updated.currentSecretVersion, rotationId: openRun.rotationId }
        : { kind: 'normalized', currentVersion: updated.currentSecretVersion };
      return { ...base, record: updated, outcome };
    }

    const account = { tenantId: record.tenantId, userPrincipalName: record.userPrincipalName, secretName: record.secretName };
    const pendingResults: Array<{ version: string; result: ProbeResult }> = [];
    for (const version of pending) {
      const result = await this.deps.probe.probe(account, version);
      if (result.kind === 'works') {
        const updated = await this.deps.convergence.promote(record.tenantId, version, at);
        return { ...base, record: updated, outcome: withRun({ kind: 'promoted', version, previousVersion: record.currentSecretVersion }, openRun) };
      }
      pendingResults.push({ version, result });
    }

    const current = await this.deps.probe.probe(account, record.currentSecretVersion);
    if (current.kind === 'works') {
      if (pending.length === 0 && !openRun) {
        if (tagsConsistent(record, versions)) return { ...base, outcome: { kind: 'clean' } };
        const updated = await this.deps.convergence.keepCurrent(record.tenantId, []);
        return { ...base, record: updated, outcome: { kind: 'normalized', currentVersion: updated.currentSecretVersion } };
      }
      const updated = await this.deps.convergence.keepCurrent(record.tenantId, pending);
      return { ...base, record: updated, outcome: withRun({ kind: 'discarded', versions: pending, currentVersion: updated.currentSecretVersion }, openRun) };
    }

    const inconclusive = [current, ...pendingResults.map((entry) => entry.result)].find(
      (result): result is Extract<ProbeResult, { kind: 'inconclusive' }> => result.kind === 'inconclusive',
    );
    if (inconclusive) return { ...base, outcome: deferred(inconclusive.code, unresolvedState(record, openRun, pending[0]), openRun) };

    const state: Extract<AccountCredentialState, { kind: 'locked-out' }> = {
      kind: 'locked-out',
      currentVersion: record.currentSecretVersion,
      rejectedVersions: [record.currentSecretVersion, ...pending],
    };
    return { ...base, outcome: withRun({ kind: 'locked-out', state }, openRun) };
  }
}

/**
 * Versions that may be live in Entra besides the current one, newest first: the store's and
 * the journal's pending pointers, and enabled vault versions tagged pending or current (a crash
 * inside step 5). Disabled, discarded and previous versions are never candidates: they were
 * proven not to be live before they were retired.
 */
export function pendingCandidates(record: ServiceAccountRecord, versions: readonly SecretVersionProperties[], openRun?: RotationRun): string[] {
  const pointers = new Set([record.pendingSecretVersion, openRun?.pendingVersion].filter((value): value is string => value !== undefined));
  return versions
    .filter((version) => version.version !== record.currentSecretVersion && version.enabled)
    .filter((version) => {
      const state = versionState(version);
      if (state === 'discarded' || state === 'previous') return false;
      if (pointers.has(version.version)) return true;
      if (openRun && version.tags[ROTATION_ID_TAG] === openRun.rotationId) return true;
      return state === 'pending' || state === 'current';
    })
    .map((version) => version.version);
}

/** Exactly one enabled version tagged current, it is the store's, and no retired version is still enabled. */
export function tagsConsistent(record: ServiceAccountRecord, versions: readonly SecretVersionProperties[]): boolean {
  const current = versions.filter((version) => version.enabled && versionState(version) === 'current');
  if (current.length !== 1 || current[0]?.version !== record.currentSecretVersion) return false;
  return !versions.some((version) => version.enabled && (versionState(version) === 'previous' || versionState(version) === 'discarded' || versionState(version) === 'pending'));
}

function unresolvedState(record: ServiceAccountRecord, openRun?: RotationRun, pending?: string): AccountCredentialState {
  const pendingVersion = pending ?? record.pendingSecretVersion ?? openRun?.pendingVersion;
  return pendingVersion
    ? { kind: 'unresolved', currentVersion: record.currentSecretVersion, pendingVersion }
    : { kind: 'unchanged', currentVersion: record.currentSecretVersion };
}

function deferred(code: string, state: AccountCredentialState, openRun?: RotationRun): RecoveryOutcome {
  return withRun({ kind: 'deferred', code, state }, openRun);
}

function withRun<T extends RecoveryOutcome>(outcome: T, openRun?: RotationRun): T {
  return openRun ? { ...outcome, rotationId: openRun.rotationId } : outcome;
}

/**
 * "Create service account" (issue 5 §2): one method that a dialog step, the settings card's
 * button, "Retry service account creation" and the mode switch all call. Retry is the same
 * call: it resumes the tenant's open operation from the provisioning journal.
 */
import { randomUUID } from 'node:crypto';
import { toPerson, type Actor } from '../access/actor';
import { assertActorInTenant } from './tenant-guard';
import type { Clock } from '../ports/clock.port';
import type { Directory } from '../ports/directory.port';
import type { SecretVault } from '../ports/secret-vault.port';
import type { ServiceAccountRecord, ServiceAccountRepository } from '../ports/service-account.repository.port';
import type { TokenIssuer } from '../ports/token-issuer.port';
import { AccountOwnership } from './account-ownership';
import { CreateServiceAccountSteps, createStateSchema, initialCreateState, type CreateState } from './create-service-account.steps';
import { JournalRun } from './journal-run';
import { callGraph } from './outbound-call';
import { PasswordGenerator } from './password-generator';
import { CREATE_STEPS, ProgressReporter, ignoreProgress, type ProgressDetail, type ProgressListener } from './provisioning-progress';
import { JournalConflictError, type ProvisioningJournal, type ProvisioningOperation } from './provisioning-journal.port';
import {
  noAudit,
  realSleep,
  silentLogger,
  type AreaLogger,
  type ServiceAccountAuditSink,
  type Sleep,
} from './service-account.collaborators.port';
import { secretNameFor, type ServiceAccountConfig } from './service-account.config';
import { GRAPH_CALLS, toServiceAccountError } from './service-account.error-mapping';
import { ServiceAccountError, withCorrelationId } from './service-account.errors';
import { ServiceAccountSecrets } from './service-account-secrets';
import { summarizeServiceAccount, type ServiceAccountSummary } from './service-account.types';
import { SignInReadinessService, type SignInReadiness } from './sign-in-readiness.service';
import type { TenantOperationLock } from './tenant-operation-lock';

export interface ServiceAccountProvisioningDeps {
  directory: Directory;
  vault: SecretVault;
  tokens: TokenIssuer;
  accounts: ServiceAccountRepository;
  journal: ProvisioningJournal;
  clock: Clock;
  config: ServiceAccountConfig;
  /** Shared with disable, mode switch and rotation: one change per tenant at a time. */
  locks: TenantOperationLock;
  audit?: ServiceAccountAuditSink;
  logger?: AreaLogger;
  sleep?: Sleep;
  passwords?: PasswordGenerator;
  newId?: () => string;
}

export interface CreateServiceAccountResult {
  /** `already-exists`: nothing was changed; the existing account's sign-in was re-checked. */
  outcome: 'created' | 'already-exists';
  operationId?: string;
  account: ServiceAccountSummary;
  /** `ready`, or why the account cannot sign in yet and what an admin must change. */
  readiness: SignInReadiness;
  /** True when an account the bot had made earlier was found and adopted instead of created. */
  adoptedExistingAccount: boolean;
  correlationId: string;
}

/** An unfinished creation, for the settings card ("interrupted at …, Retry"). */
export interface PendingProvisioning {
  operationId: string;
  checkpoint: string;
  lastErrorCode?: string;
  startedAt: string;
  startedBy: ProvisioningOperation['startedBy'];
}

const [CREATE_ACCOUNT, ASSIGN_ROLE, STORE_SECRET, VERIFY_SIGN_IN] = CREATE_STEPS;

export class ServiceAccountProvisioningService {
  readonly readiness: SignInReadinessService;
  private readonly secrets: ServiceAccountSecrets;
  private readonly ownership: AccountOwnership;
  private readonly passwords: PasswordGenerator;
  private readonly audit: ServiceAccountAuditSink;
  private readonly logger: AreaLogger;
  private readonly newId: () => string;

  constructor(private readonly deps: ServiceAccountProvisioningDeps) {
    const sleep = deps.sleep ?? realSleep;
    this.logger = deps.logger ?? silentLogger;
    this.audit = deps.audit ?? noAudit;
    this.newId = deps.newId ?? randomUUID;
    this.passwords = deps.passwords ?? new PasswordGenerator({ length: deps.config.passwordLength });
    this.secrets = new ServiceAccountSecrets(deps.vault, deps.config.secretContentType);
    this.ownership = new AccountOwnership(this.secrets, deps.tokens, {
      attempts: deps.config.signInVerifyAttempts,
      delayInMs: deps.config.signInVerifyDelayInMs,
      sleep,
    });
    this.readiness = new SignInReadinessService({
      directory: deps.directory,
      tokens: deps.tokens,
      secrets: this.secrets,
      accounts: deps.accounts,
      clock: deps.clock,
      config: deps.config,
      sleep,
      logger: this.logger,
    });
  }

  /**
   * Creates the tenant's management service account, or finishes an interrupted creation, or
   * (when it already exists) re-checks its sign-in. Reports each step to `onProgress`.
   *
   * Needs Graph application permissions Domain.Read.All, User.Read.All, User.ReadWrite.All,
   * RoleManagement.Read.Directory, RoleManagement.ReadWrite.Directory, Policy.Read.All (for the
   * readiness check), and Key Vault Secrets Officer on the vault.
   *
   * An MFA or conditional-access block is not an error: the result's `readiness` names the
   * policies and what to change.
   *
   * @throws ServiceAccountError with code SERVICE_ACCOUNT.PERMISSION_DENIED (names `missingPermission`),
   *   SERVICE_ACCOUNT.THROTTLED (`retryAfterInMs`), SERVICE_ACCOUNT.UPN_TAKEN, SERVICE_ACCOUNT.VAULT_UNAVAILABLE,
   *   SERVICE_ACCOUNT.VAULT_FORBIDDEN, SERVICE_ACCOUNT.DIRECTORY_UNAVAILABLE, SERVICE_ACCOUNT.SIGNIN_FAILED,
   *   SERVICE_ACCOUNT.SIGNIN_UNAVAILABLE, SERVICE_ACCOUNT.OPERATION_IN_PROGRESS, SERVICE_ACCOUNT.DISABLE_UNFINISHED,
   *   SERVICE_ACCOUNT.FAILED. Every retryable one is resumed by calling `create` again.
   */
  async create(tenantId: string, actor: Actor, onProgress: ProgressListener = ignoreProgress): Promise<CreateServiceAccountResult> {
    return this.createAs(tenantId, actor, onProgress, false);
  }

  /**
   * On start: finishes every creation the previous process was cut off in (status `running`),
   * as the admin who started it, with no click. A creation that *failed* was reported with a
   * Retry button and waits for it (rerunning a refused permission at every start would only
   * repeat the refusal); one that belongs to an approved mode switch, or that a disable took
   * over, is left to that operation. A run that fails here stays open for Retry, as any other.
   * Same permissions as `create`; never throws for one tenant's failure (it is logged and audited).
   */
  async resumeInterrupted(): Promise<CreateServiceAccountResult[]> {
    const results: CreateServiceAccountResult[] = [];
    const interrupted = this.deps.journal.listOpen().filter((op) => op.kind === 'serviceAccount.create' && op.status === 'running');
    for (const operation of interrupted) {
      const { tenantId } = operation;
      // Someone in this process already runs it (an admin's Retry), or another operation owns it.
      if (this.deps.locks.isBusy(tenantId) || this.deps.journal.findOpen(tenantId, 'mode.switch') || this.deps.journal.findOpen(tenantId, 'serviceAccount.disable')) continue;
      this.logger.info({ tenantId, operationId: operation.operationId, checkpoint: operation.checkpoint }, 'resuming a service account creation interrupted by a restart');
      try {
        results.push(await this.createAs(tenantId, { ...operation.startedBy, tenantId }, ignoreProgress, true));
      } catch (error) {
        // `create` logged and audited the failure, and left the operation open for Retry.
        this.logger.warn({ tenantId, operationId: operation.operationId, code: error instanceof ServiceAccountError ? error.code : undefined }, 'interrupted service account creation did not finish');
      }
    }
    return results;
  }

  private async createAs(tenantId: string, actor: Actor, onProgress: ProgressListener, resumedAfterRestart: boolean): Promise<CreateServiceAccountResult> {
    assertActorInTenant(tenantId, actor);
    const correlationId = this.newId();
    try {
      return await this.deps.locks.run(tenantId, 'serviceAccount.create', () => this.createLocked(tenantId, actor, onProgress, correlationId, resumedAfterRestart));
    } catch (error) {
      const mapped = withCorrelationId(toServiceAccountError(error, undefined, 'create'), correlationId);
      this.logger.warn({ tenantId, code: mapped.code, correlationId, ...mapped.details }, 'service account creation stopped');
      await this.audit.append({
        tenantId,
        actor: toPerson(actor),
        action: 'serviceAccount.create',
        principal: { kind: 'botApp' },
        result: 'failed',
        code: mapped.code,
        correlationId,
      });
      throw mapped;
    }
  }

  /** @see SignInReadinessService.check */
  checkReadiness(tenantId: string): Promise<SignInReadiness> {
    return this.readiness.check(tenantId);
  }

  /** The tenant's unfinished creation, if one is waiting for a retry. */
  pendingOperation(tenantId: string): PendingProvisioning | undefined {
    const open = this.deps.journal.findOpen(tenantId, 'serviceAccount.create');
    if (!open) return undefined;
    const pending: PendingProvisioning = { operationId: open.operationId, checkpoint: open.checkpoint, startedAt: open.startedAt, startedBy: open.startedBy };
    if (open.lastErrorCode) pending.lastErrorCode = open.lastErrorCode;
    return pending;
  }

  private async createLocked(
    tenantId: string,
    actor: Actor,
    onProgress: ProgressListener,
    correlationId: string,
    resumedAfterRestart: boolean,
  ): Promise<CreateServiceAccountResult> {
    const progress = new ProgressReporter(CREATE_STEPS, onProgress, this.logger);
    await progress.announce();
    if (this.deps.journal.findOpen(tenantId, 'serviceAccount.disable')) {
      throw new ServiceAccountError('SERVICE_ACCOUNT.DISABLE_UNFINISHED', 'an interrupted disable is open', {
        nextStep: 'Retry "Disable advanced management" first; then create the account again.',
      });
    }
    let operation = this.deps.journal.findOpen(tenantId, 'serviceAccount.create');
    if (!operation) {
      const existing = await this.liveAccount(tenantId);
      if (existing) return this.recheckExisting(existing, progress, correlationId);
      operation = this.startOperation(tenantId, actor);
    }
    return this.runOperation(operation, actor, progress, correlationId, resumedAfterRestart);
  }

  /** The recorded account, if it still exists in Entra. A record whose user is gone is recreated over. */
  private async liveAccount(tenantId: string): Promise<ServiceAccountRecord | undefined> {
    const record = this.deps.accounts.get(tenantId);
    if (!record) return undefined;
    const user = await callGraph(GRAPH_CALLS.getUser, 'create', () => this.deps.directory.getUser(tenantId, record.objectId));
    if (user) return record;
    this.logger.warn({ tenantId, objectId: record.objectId }, 'recorded service account no longer exists in Entra; creating a new one');
    return undefined;
  }

  private startOperation(tenantId: string, actor: Actor): ProvisioningOperation {
    const at = this.deps.clock.now().toISOString();
    try {
      return this.deps.journal.start({
        operationId: this.newId(),
        tenantId,
        kind: 'serviceAccount.create',
        state: initialCreateState(this.deps.config, secretNameFor(this.deps.config, tenantId), at),
        startedBy: toPerson(actor),
        at,
      });
    } catch (error) {
      if (error instanceof JournalConflictError) {
        throw new ServiceAccountError('SERVICE_ACCOUNT.OPERATION_IN_PROGRESS', 'another process opened the operation');
      }
      throw error;
    }
  }

  private async runOperation(
    operation: ProvisioningOperation,
    actor: Actor,
    progress: ProgressReporter,
    correlationId: string,
    resumedAfterRestart: boolean,
  ): Promise<CreateServiceAccountResult> {
    const tenantId = operation.tenantId;
    const run = new JournalRun<CreateState>(this.deps.journal, this.deps.clock, operation.operationId, createStateSchema.parse(operation.state), this.logger);
    const steps = new CreateServiceAccountSteps(
      {
        directory: this.deps.directory,
        secrets: this.secrets,
        ownership: this.ownership,
        accounts: this.deps.accounts,
        passwords: this.passwords,
        config: this.deps.config,
        audit: this.audit,
        logger: this.logger,
      },
      run,
      { tenantId, actor, startedBy: operation.startedBy, correlationId },
    );
    this.logger.info({ tenantId, operationId: run.operationId, checkpoint: operation.checkpoint, correlationId }, 'service account creation running');
    try {
      await progress.run(CREATE_ACCOUNT, () => steps.createAccount(), describeFailure);
      await progress.run(ASSIGN_ROLE, () => steps.assignRoles(), describeFailure);
      const record = await progress.run(STORE_SECRET, () => steps.storeSecret(), describeFailure);
      const readiness = await this.verify(record, progress);
      run.close('completed');
      await this.audit.append({
        tenantId,
        actor: toPerson(actor),
        action: 'serviceAccount.create',
        target: { type: 'user', id: record.objectId, name: record.userPrincipalName },
        principal: { kind: 'botApp' },
        result: 'ok',
        correlationId,
        details: {
          operationId: run.operationId,
          readiness: readiness.status,
          adopted: run.state.adoptedExistingAccount,
          ...(resumedAfterRestart ? { resumedAfterRestart: true } : {}),
        },
      });
      return {
        outcome: 'created',
        operationId: run.operationId,
        account: summarizeServiceAccount(record),
        readiness,
        adoptedExistingAccount: run.state.adoptedExistingAccount,
        correlationId,
      };
    } catch (error) {
      const mapped = toServiceAccountError(error, undefined, 'create');
      // A refused UPN cannot progress: close it, so the retry after a rename starts afresh.
      if (mapped.code === 'SERVICE_ACCOUNT.UPN_TAKEN') run.close('cancelled');
      else run.fail(mapped.code);
      throw mapped;
    }
  }

  private async recheckExisting(record: ServiceAccountRecord, progress: ProgressReporter, correlationId: string): Promise<CreateServiceAccountResult> {
    const kept: ProgressDetail = { code: 'SERVICE_ACCOUNT.ALREADY_EXISTS', message: 'Already in place; nothing changed.' };
    for (const step of [CREATE_ACCOUNT, ASSIGN_ROLE, STORE_SECRET]) await progress.report(step, 'done', kept);
    const readiness = await this.verify(record, progress);
    return { outcome: 'already-exists', account: summarizeServiceAccount(record), readiness, adoptedExistingAccount: false, correlationId };
  }

  /**
   * Step 4: sign in with the password read back from the vault. A policy block completes the
   * creation (the account and its password are right; an admin must change Entra), a refused
   * password leaves the operation open so Retry checks again.
   */
  private async verify(record: ServiceAccountRecord, progress: ProgressReporter): Promise<SignInReadiness> {
    await progress.report(VERIFY_SIGN_IN, 'running');
    let readiness: SignInReadiness;
    try {
      readiness = await this.readiness.assess({
        tenantId: record.tenantId,
        objectId: record.objectId,
        userPrincipalName: record.userPrincipalName,
        secretName: record.secretName,
        secretVersion: record.currentSecretVersion,
      });
    } catch (error) {
      await progress.report(VERIFY_SIGN_IN, 'failed', describeFailure(error));
      throw error;
    }
    if (readiness.status === 'ready') {
      await progress.report(VERIFY_SIGN_IN, 'done');
      return readiness;
    }
    if (readiness.status === 'sign-in-failed') {
      const error = new ServiceAccountError('SERVICE_ACCOUNT.SIGNIN_FAILED', `verify sign-in: ${readiness.signInCode ?? 'unknown'}`, {
        nextStep: readiness.requiredChanges.join(' '),
        details: { signInCode: readiness.signInCode },
      });
      await progress.report(VERIFY_SIGN_IN, 'failed', describeFailure(error));
      throw error;
    }
    const names = readiness.blockingPolicies.map((p) => `"${p.displayName}"`).join(', ');
    await progress.report(VERIFY_SIGN_IN, 'failed', {
      code: readiness.signInCode ?? 'SIGNIN.FAILED',
      message:
        readiness.status === 'mfa-required'
          ? `The account was created, but Entra requires MFA for it${names ? ` (${names})` : ''}.`
          : `The account was created, but conditional access blocks its sign-in${names ? ` (${names})` : ''}.`,
    });
    return readiness;
  }
}

function describeFailure(error: unknown): ProgressDetail {
  const mapped = toServiceAccountError(error, undefined, 'create');
  return { code: mapped.code, message: mapped.userMessage };
}

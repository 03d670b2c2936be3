/**
 * "Disable advanced management" (issue 5 §5): turn the session off, remove the account's
 * directory roles, delete the account, soft-delete its secret. Called after the confirmation
 * card and the 'advanced.disable' approval; a retry is the same call and resumes the journal.
 *
 * Order, and why:
 *  1. the session goes first, so no operator action runs on an account being taken apart;
 *  2. roles before the account: an app may delete a privileged user only if it holds a
 *     privileged role itself, and an interrupted run should leave a powerless account rather
 *     than a Global Administrator nobody manages;
 *  3. the secret last: while the account exists the vault still holds its password, so an
 *     interrupted run never leaves an account that nobody can sign in as or clean up.
 * Every step tolerates "already gone", so rerunning after a crash, or disabling twice, converges.
 *
 * Permissions: RoleManagement.Read.Directory, RoleManagement.ReadWrite.Directory, User.ReadWrite.All
 * (Graph application permissions); Key Vault Secrets Officer (delete).
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { toPerson, type Actor } from '../access/actor';
import { assertActorInTenant } from './tenant-guard';
import type { Clock } from '../ports/clock.port';
import type { Directory, DirectoryRoleAssignment } from '../ports/directory.port';
import type { SecretVault } from '../ports/secret-vault.port';
import type { ServiceAccountRepository } from '../ports/service-account.repository.port';
import type { TenantSettingsRepository } from '../ports/tenant-settings.repository.port';
import { createStateSchema } from './create-service-account.steps';
import { JournalRun } from './journal-run';
import { callGraph, callVault } from './outbound-call';
import { DISABLE_STEPS, ProgressReporter, ignoreProgress, type ProgressDetail, type ProgressListener } from './provisioning-progress';
import { JournalConflictError, type ProvisioningJournal, type ProvisioningOperation } from './provisioning-journal.port';
import {
  noAudit,
  silentLogger,
  type AreaLogger,
  type ServiceAccountAuditEntry,
  type ServiceAccountAuditSink,
  type SessionTerminator,
} from './service-account.collaborators.port';
import { secretNameFor, type ServiceAccountConfig } from './service-account.config';
import { GRAPH_CALLS, toServiceAccountError } from './service-account.error-mapping';
import { ServiceAccountError, withCorrelationId } from './service-account.errors';
import { MANAGED_BY_TAG_VALUE } from './service-account-secrets';
import type { TenantOperationLock } from './tenant-operation-lock';

const disableStateSchema = z.object({
  objectId: z.string().optional(),
  userPrincipalName: z.string().optional(),
  secretName: z.string(),
  /** Role assignment ids the bot knows it created (for the audit); every role of the account is removed. */
  knownRoleAssignmentIds: z.array(z.string()),
  sessionEnded: z.boolean(),
  removedRoleAssignmentIds: z.array(z.string()),
  rolesRemoved: z.boolean(),
  accountDeleted: z.boolean(),
  secretDeleted: z.boolean(),
  /** An unfinished creation closed by this disable, so it can never resume onto a deleted account. */
  cancelledCreateOperationId: z.string().optional(),
});

type DisableState = z.infer<typeof disableStateSchema>;

export interface AdvancedManagementDisableDeps {
  directory: Directory;
  vault: SecretVault;
  accounts: ServiceAccountRepository;
  settings: TenantSettingsRepository;
  journal: ProvisioningJournal;
  sessions: SessionTerminator;
  clock: Clock;
  config: ServiceAccountConfig;
  locks: TenantOperationLock;
  audit?: ServiceAccountAuditSink;
  logger?: AreaLogger;
  newId?: () => string;
}

export interface DisableAdvancedManagementResult {
  /** `nothing-to-remove`: no account was known; the session and secret were still made sure to be off/gone. */
  outcome: 'disabled' | 'nothing-to-remove';
  operationId: string;
  removedAccount?: { objectId: string; userPrincipalName?: string };
  removedRoleAssignments: number;
  secretName: string;
  /** The tenant's mode after the change ('none' when it was 'advanced'). */
  mode: string;
  correlationId: string;
}

const [END_SESSION, REMOVE_ROLE, DELETE_ACCOUNT, DELETE_SECRET] = DISABLE_STEPS;

export class AdvancedManagementDisableService {
  private readonly audit: ServiceAccountAuditSink;
  private readonly logger: AreaLogger;
  private readonly newId: () => string;

  constructor(private readonly deps: AdvancedManagementDisableDeps) {
    this.audit = deps.audit ?? noAudit;
    this.logger = deps.logger ?? silentLogger;
    this.newId = deps.newId ?? randomUUID;
  }

  /**
   * Removes the management service account and everything the bot made for it, reporting each
   * step. Idempotent; a retry resumes an interrupted run.
   * @throws ServiceAccountError SERVICE_ACCOUNT.PERMISSION_DENIED (names the permission), SERVICE_ACCOUNT.THROTTLED,
   *   SERVICE_ACCOUNT.VAULT_UNAVAILABLE / VAULT_FORBIDDEN, SERVICE_ACCOUNT.DIRECTORY_UNAVAILABLE,
   *   SERVICE_ACCOUNT.OPERATION_IN_PROGRESS, SERVICE_ACCOUNT.FAILED (e.g. the session could not be turned off).
   */
  async disableAdvancedManagement(tenantId: string, actor: Actor, onProgress: ProgressListener = ignoreProgress): Promise<DisableAdvancedManagementResult> {
    assertActorInTenant(tenantId, actor);
    const correlationId = this.newId();
    try {
      return await this.deps.locks.run(tenantId, 'advanced.disable', () => this.disableLocked(tenantId, actor, onProgress, correlationId));
    } catch (error) {
      const mapped = withCorrelationId(toServiceAccountError(error, undefined, 'disable'), correlationId);
      this.logger.warn({ tenantId, code: mapped.code, correlationId }, 'disable advanced management stopped');
      await this.audit.append({ tenantId, actor: toPerson(actor), action: 'advanced.disable', principal: { kind: 'botApp' }, result: 'failed', code: mapped.code, correlationId });
      throw mapped;
    }
  }

  /**
   * On start: finishes every disable the previous process was cut off in (status `running`), as
   * the admin who started it. One that belongs to an approved switch is resumed by the switch
   * (with its progress card); one that *failed* waits for its Retry. Same permissions as
   * `disableAdvancedManagement`; never throws for one tenant's failure (it is logged and audited).
   */
  async resumeInterrupted(): Promise<DisableAdvancedManagementResult[]> {
    const results: DisableAdvancedManagementResult[] = [];
    const interrupted = this.deps.journal.listOpen().filter((op) => op.kind === 'serviceAccount.disable' && op.status === 'running');
    for (const operation of interrupted) {
      const { tenantId } = operation;
      if (this.deps.locks.isBusy(tenantId) || this.deps.journal.findOpen(tenantId, 'mode.switch')) continue;
      this.logger.info({ tenantId, operationId: operation.operationId, checkpoint: operation.checkpoint }, 'resuming a disable interrupted by a restart');
      try {
        results.push(await this.disableAdvancedManagement(tenantId, { ...operation.startedBy, tenantId }));
      } catch (error) {
        this.logger.warn({ tenantId, operationId: operation.operationId, code: error instanceof ServiceAccountError ? error.code : undefined }, 'interrupted disable did not finish');
      }
    }
    return results;
  }

  /** True when a disable was interrupted and waits for a retry. */
  hasPendingDisable(tenantId: string): boolean {
    return this.deps.journal.findOpen(tenantId, 'serviceAccount.disable') !== undefined;
  }

  private async disableLocked(tenantId: string, actor: Actor, onProgress: ProgressListener, correlationId: string): Promise<DisableAdvancedManagementResult> {
    const progress = new ProgressReporter(DISABLE_STEPS, onProgress, this.logger);
    await progress.announce();
    const operation = this.deps.journal.findOpen(tenantId, 'serviceAccount.disable') ?? (await this.startOperation(tenantId, actor));
    const run = new JournalRun<DisableState>(this.deps.journal, this.deps.clock, operation.operationId, disableStateSchema.parse(operation.state), this.logger);
    this.closeCancelledCreate(run.state);
    const context = { tenantId, actor, correlationId };
    try {
      await progress.run(END_SESSION, () => this.endSession(run, context), describeFailure);
      await progress.run(REMOVE_ROLE, () => this.removeRoles(run, context), describeFailure);
      await progress.run(DELETE_ACCOUNT, () => this.deleteAccount(run, context), describeFailure);
      await progress.run(DELETE_SECRET, () => this.deleteSecret(run, context), describeFailure);
    } catch (error) {
      const mapped = toServiceAccountError(error, undefined, 'disable');
      run.fail(mapped.code);
      throw mapped;
    }
    // Local bookkeeping last: until here the record is what a retry or the settings card relies on.
    this.deps.accounts.delete(tenantId);
    const settings = this.deps.settings.get(tenantId);
    const mode = settings.mode === 'advanced' ? this.deps.settings.update(tenantId, { mode: 'none' }, actor.userId).mode : settings.mode;
    run.close('completed');
    const removedAccount = run.state.objectId ? { objectId: run.state.objectId, ...(run.state.userPrincipalName ? { userPrincipalName: run.state.userPrincipalName } : {}) } : undefined;
    await this.record(context, 'advanced.disable', { type: 'tenant', id: tenantId }, { operationId: run.operationId, mode });
    return {
      outcome: removedAccount ? 'disabled' : 'nothing-to-remove',
      operationId: run.operationId,
      ...(removedAccount ? { removedAccount } : {}),
      removedRoleAssignments: run.state.removedRoleAssignmentIds.length,
      secretName: run.state.secretName,
      mode,
      correlationId,
    };
  }

  /**
   * Works out what to remove from the record, an unfinished creation's journal, or (when both
   * are gone) the vault tags that name the account, and closes any unfinished creation first.
   */
  private async startOperation(tenantId: string, actor: Actor): Promise<ProvisioningOperation> {
    const record = this.deps.accounts.get(tenantId);
    const openCreate = this.deps.journal.findOpen(tenantId, 'serviceAccount.create');
    const created = openCreate ? createStateSchema.safeParse(openCreate.state) : undefined;
    const state: DisableState = {
      secretName: record?.secretName ?? (created?.success ? created.data.secretName : secretNameFor(this.deps.config, tenantId)),
      knownRoleAssignmentIds: record?.roleAssignmentIds ?? (created?.success ? Object.values(created.data.roleAssignmentIds) : []),
      sessionEnded: false,
      removedRoleAssignmentIds: [],
      rolesRemoved: false,
      accountDeleted: false,
      secretDeleted: false,
    };
    const objectId = record?.objectId ?? (created?.success ? created.data.objectId : undefined) ?? (await this.objectIdFromVault(tenantId, state.secretName));
    if (objectId) state.objectId = objectId;
    const upn = record?.userPrincipalName ?? (created?.success ? created.data.upn : undefined);
    if (upn) state.userPrincipalName = upn;
    if (openCreate) state.cancelledCreateOperationId = openCreate.operationId;
    const at = this.deps.clock.now().toISOString();
    try {
      return this.deps.journal.start({ operationId: this.newId(), tenantId, kind: 'serviceAccount.disable', state, startedBy: toPerson(actor), at });
    } catch (error) {
      if (error instanceof JournalConflictError) throw new ServiceAccountError('SERVICE_ACCOUNT.OPERATION_IN_PROGRESS', 'another process opened the disable');
      throw error;
    }
  }

  /**
   * Closes the unfinished creation this disable took over. Done on every run (not only right
   * after start), so a crash between opening the disable and closing the creation is repaired.
   */
  private closeCancelledCreate(state: DisableState): void {
    const id = state.cancelledCreateOperationId;
    const open = id ? this.deps.journal.get(id) : undefined;
    if (open && (open.status === 'running' || open.status === 'failed')) {
      this.deps.journal.close(open.operationId, 'cancelled', open.state, this.deps.clock.now().toISOString());
    }
  }

  private async objectIdFromVault(tenantId: string, secretName: string): Promise<string | undefined> {
    const versions = await callVault('disable', () => this.deps.vault.listVersions(secretName));
    return versions.find((v) => v.tags['tenantId'] === tenantId && v.tags['managedBy'] === MANAGED_BY_TAG_VALUE && v.tags['objectId'])?.tags['objectId'];
  }

  private async endSession(run: JournalRun<DisableState>, context: RunContext): Promise<void> {
    if (run.state.sessionEnded) return;
    run.intent('session.ending');
    await this.deps.sessions.endSession(context.tenantId, { reason: 'advanced-management-disabled', actor: toPerson(context.actor), correlationId: context.correlationId });
    run.done('session.ended', { sessionEnded: true });
  }

  /** Removes every directory role of the account, not only the ones the bot assigned: the account is going away. */
  private async removeRoles(run: JournalRun<DisableState>, context: RunContext): Promise<void> {
    const objectId = run.state.objectId;
    if (run.state.rolesRemoved || !objectId) return;
    const assignments = await this.assignmentsOf(context.tenantId, objectId);
    for (const assignment of assignments) {
      run.intent(`role.removing:${assignment.id}`);
      await callGraph(GRAPH_CALLS.deleteRoleAssignment, 'disable', () => this.deps.directory.deleteRoleAssignment(context.tenantId, assignment.id));
      run.done(`role.removed:${assignment.id}`, { removedRoleAssignmentIds: [...run.state.removedRoleAssignmentIds, assignment.id] });
      await this.record(context, 'serviceAccount.roleRemoved', { type: 'roleAssignment', id: assignment.id, name: assignment.roleDefinitionId });
    }
    run.done('roles.removed', { rolesRemoved: true });
  }

  private async assignmentsOf(tenantId: string, objectId: string): Promise<DirectoryRoleAssignment[]> {
    try {
      return await callGraph(GRAPH_CALLS.listRoleAssignments, 'disable', () => this.deps.directory.listRoleAssignments(tenantId, objectId));
    } catch (error) {
      // A principal that no longer exists has no roles; anything else is a real failure.
      if (error instanceof ServiceAccountError && error.details['directoryCode'] === 'DIRECTORY.NOT_FOUND') return [];
      throw error;
    }
  }

  private async deleteAccount(run: JournalRun<DisableState>, context: RunContext): Promise<void> {
    const objectId = run.state.objectId;
    if (run.state.accountDeleted || !objectId) return;
    run.intent('account.deleting');
    await callGraph(GRAPH_CALLS.deleteUser, 'disable', () => this.deps.directory.deleteUser(context.tenantId, objectId));
    run.done('account.deleted', { accountDeleted: true });
    await this.record(context, 'serviceAccount.userDeleted', { type: 'user', id: objectId, ...(run.state.userPrincipalName ? { name: run.state.userPrincipalName } : {}) });
  }

  private async deleteSecret(run: JournalRun<DisableState>, context: RunContext): Promise<void> {
    if (run.state.secretDeleted) return;
    run.intent('secret.deleting');
    await callVault('disable', () => this.deps.vault.deleteSecret(run.state.secretName));
    run.done('secret.deleted', { secretDeleted: true });
    await this.record(context, 'serviceAccount.secretDeleted', { type: 'secret', id: run.state.secretName });
  }

  private async record(context: RunContext, action: string, target: ServiceAccountAuditEntry['target'], details?: ServiceAccountAuditEntry['details']): Promise<void> {
    const entry: ServiceAccountAuditEntry = {
      tenantId: context.tenantId,
      actor: toPerson(context.actor),
      action,
      target,
      principal: { kind: 'botApp' },
      result: 'ok',
      correlationId: context.correlationId,
    };
    if (details) entry.details = details;
    await this.audit.append(entry);
  }
}

interface RunContext {
  tenantId: string;
  actor: Actor;
  correlationId: string;
}

function describeFailure(error: unknown): ProgressDetail {
  const mapped = toServiceAccountError(error, undefined, 'disable');
  return { code: mapped.code, message: mapped.userMessage };
}

/**
 * The side-effecting steps of "create service account", each journalled before and after it
 * calls out, each safe to run again.
 *
 * Ordering, and why the password is staged in Key Vault *before* the account exists:
 * the password may be persisted nowhere but the vault, so any password Entra holds must
 * already be in the vault when Entra receives it. Creating the user first would open a window
 * (crash after POST /users, before the vault write) in which the account's only password is
 * lost with the process. Recovering from that needs a password reset on the account, and once
 * the role step has run that is a reset of a Global Administrator, which the bot's app may not
 * be allowed to do. Staging first (`state=pending`, tagged with the operation id so a rerun
 * finds it instead of writing a second version) closes the window: after a crash at any point
 * the vault holds the password the account has, or the account does not exist yet. The
 * version becomes `state=current` in "store secret", once the account and its roles exist;
 * the rerun of a crashed "store secret" only repeats idempotent tag updates.
 *
 * Permissions: Domain.Read.All, User.Read.All, User.ReadWrite.All, RoleManagement.Read.Directory,
 * RoleManagement.ReadWrite.Directory (Graph application permissions); Key Vault Secrets Officer.
 */
import { z } from 'zod';
import { toPerson, type Actor, type Person } from '../access/actor';
import { DirectoryError, type Directory, type DirectoryUser } from '../ports/directory.port';
import type { ServiceAccountRecord, ServiceAccountRepository } from '../ports/service-account.repository.port';
import type { AccountOwnership } from './account-ownership';
import type { JournalRun } from './journal-run';
import { callGraph, callVault } from './outbound-call';
import type { PasswordGenerator } from './password-generator';
import type { AreaLogger, ServiceAccountAuditEntry, ServiceAccountAuditSink } from './service-account.collaborators.port';
import type { ServiceAccountConfig } from './service-account.config';
import { GRAPH_CALLS, toServiceAccountError } from './service-account.error-mapping';
import { ServiceAccountError } from './service-account.errors';
import type { ServiceAccountSecrets } from './service-account-secrets';

export const createStateSchema = z.object({
  upn: z.string().optional(),
  displayName: z.string(),
  mailNickname: z.string(),
  usageLocation: z.string(),
  roleDefinitionIds: z.array(z.string()).min(1),
  secretName: z.string(),
  createdAt: z.string(),
  /** The vault version whose value the account holds (or will hold once created / reset). */
  secretVersion: z.string().optional(),
  objectId: z.string().optional(),
  /** Journalled before POST /users: a CONFLICT on the rerun may be our own account. */
  createUserAttempted: z.boolean(),
  adoptedExistingAccount: z.boolean(),
  /** Entra holds the value of `secretVersion`. False for an adopted account with an unknown password. */
  passwordApplied: z.boolean(),
  secretLinked: z.boolean(),
  /** roleDefinitionId → roleAssignment id. */
  roleAssignmentIds: z.record(z.string(), z.string()),
  secretStored: z.boolean(),
});

export type CreateState = z.infer<typeof createStateSchema>;

export function initialCreateState(config: ServiceAccountConfig, secretName: string, createdAt: string): CreateState {
  return {
    displayName: config.displayName,
    mailNickname: config.upnLocalPart.replace(/[^A-Za-z0-9._-]/g, ''),
    usageLocation: config.usageLocation,
    roleDefinitionIds: [...config.roleDefinitionIds],
    secretName,
    createdAt,
    createUserAttempted: false,
    adoptedExistingAccount: false,
    passwordApplied: false,
    secretLinked: false,
    roleAssignmentIds: {},
    secretStored: false,
  };
}

export interface CreateStepsDeps {
  directory: Directory;
  secrets: ServiceAccountSecrets;
  ownership: AccountOwnership;
  accounts: ServiceAccountRepository;
  passwords: PasswordGenerator;
  config: ServiceAccountConfig;
  audit: ServiceAccountAuditSink;
  logger: AreaLogger;
}

export interface CreateRunContext {
  tenantId: string;
  actor: Actor;
  startedBy: Person;
  correlationId: string;
}

export class CreateServiceAccountSteps {
  constructor(
    private readonly deps: CreateStepsDeps,
    private readonly run: JournalRun<CreateState>,
    private readonly context: CreateRunContext,
  ) {}

  private get state(): CreateState {
    return this.run.state;
  }

  /** Step 1 (with the password staged in the vault first): the account exists and holds the staged password. */
  async createAccount(): Promise<void> {
    const upn = await this.resolveUpn();
    if (!this.state.objectId) {
      const existing = await this.getUser(upn);
      if (existing) await this.adoptOrRefuse(existing);
    }
    if (!this.state.secretVersion) await this.stageSecret();
    if (!this.state.objectId) await this.postUser(upn);
    if (!this.state.passwordApplied) await this.applyStagedPassword();
    if (!this.state.secretLinked) {
      // Tag the version with the object id now, not only at "store secret": should the bot's
      // database be lost, this tag is what proves the account is ours on the next run.
      await callVault('create', () => this.deps.secrets.tag(this.state.secretName, this.version(), { objectId: this.objectId(), userPrincipalName: upn }));
      this.run.done('secret.linked', { secretLinked: true });
    }
  }

  /** Step 2: every configured role is assigned at tenant scope, exactly once. */
  async assignRoles(): Promise<void> {
    for (const roleDefinitionId of this.state.roleDefinitionIds) {
      if (this.state.roleAssignmentIds[roleDefinitionId]) continue;
      this.run.intent(`role.assigning:${roleDefinitionId}`);
      const assignmentId = (await this.findAssignment(roleDefinitionId)) ?? (await this.postAssignment(roleDefinitionId));
      this.run.done(`role.assigned:${roleDefinitionId}`, {
        roleAssignmentIds: { ...this.state.roleAssignmentIds, [roleDefinitionId]: assignmentId },
      });
    }
  }

  /** Step 3: the staged version becomes the one current version, and the bot records the account. */
  async storeSecret(): Promise<ServiceAccountRecord> {
    if (!this.state.secretStored) {
      this.run.intent('secret.storing');
      await callVault('create', () =>
        this.deps.secrets.promote(this.state.secretName, this.version(), {
          tenantId: this.context.tenantId,
          objectId: this.objectId(),
          userPrincipalName: this.upn(),
          createdAt: this.state.createdAt,
        }),
      );
      this.deps.accounts.save(this.toRecord());
      this.run.done('secret.stored', { secretStored: true });
      await this.audit('serviceAccount.secretStored', { type: 'secret', id: this.state.secretName, name: this.version() });
    }
    return this.deps.accounts.get(this.context.tenantId) ?? this.toRecord();
  }

  upn(): string {
    if (!this.state.upn) throw new Error('UPN not resolved yet');
    return this.state.upn;
  }

  objectId(): string {
    if (!this.state.objectId) throw new Error('Account not created yet');
    return this.state.objectId;
  }

  version(): string {
    if (!this.state.secretVersion) throw new Error('Secret not staged yet');
    return this.state.secretVersion;
  }

  private async resolveUpn(): Promise<string> {
    if (!this.state.upn) {
      const domain = await callGraph(GRAPH_CALLS.getDefaultDomain, 'create', () => this.deps.directory.getDefaultDomain(this.context.tenantId));
      this.run.done('upn.resolved', { upn: `${this.deps.config.upnLocalPart}@${domain}` });
    }
    return this.upn();
  }

  private getUser(idOrUpn: string): Promise<DirectoryUser | undefined> {
    return callGraph(GRAPH_CALLS.getUser, 'create', () => this.deps.directory.getUser(this.context.tenantId, idOrUpn));
  }

  private async stageSecret(): Promise<void> {
    this.run.intent('secret.staging');
    const { secretName } = this.state;
    const found = await callVault('create', () => this.deps.secrets.findPendingOf(secretName, this.context.tenantId, this.run.operationId));
    let version = found?.version;
    if (!version) {
      const password = this.deps.passwords.generate();
      const written = await callVault('create', () =>
        this.deps.secrets.writePending(secretName, password, {
          tenantId: this.context.tenantId,
          operationId: this.run.operationId,
          createdAt: this.state.createdAt,
        }),
      );
      version = written.version;
    }
    this.run.done('secret.staged', { secretVersion: version });
    await this.audit('serviceAccount.secretStaged', { type: 'secret', id: secretName, name: version });
  }

  private async postUser(upn: string): Promise<void> {
    this.run.intent('account.creating', { createUserAttempted: true });
    // Read back rather than reuse the generated string: the account gets exactly what the vault holds.
    const password = await callVault('create', () => this.deps.secrets.readValue(this.state.secretName, this.version()));
    let user: DirectoryUser;
    try {
      user = await this.deps.directory.createUser(this.context.tenantId, {
        userPrincipalName: upn,
        displayName: this.state.displayName,
        mailNickname: this.state.mailNickname,
        accountEnabled: true,
        usageLocation: this.state.usageLocation,
        password,
        forceChangePasswordNextSignIn: false,
      });
    } catch (error) {
      if (!(error instanceof DirectoryError && error.code === 'DIRECTORY.CONFLICT')) {
        throw toServiceAccountError(error, GRAPH_CALLS.createUser, 'create');
      }
      // Our own earlier POST that crashed before the journal write, or a racing stranger.
      const existing = await this.getUser(upn);
      if (!existing) throw error;
      await this.adoptOrRefuse(existing);
      return;
    }
    this.run.done('account.created', { objectId: user.id, passwordApplied: true });
    await this.audit('serviceAccount.userCreated', { type: 'user', id: user.id, name: upn });
  }

  private async adoptOrRefuse(user: DirectoryUser): Promise<void> {
    const question = {
      tenantId: this.context.tenantId,
      user,
      secretName: this.state.secretName,
      createUserAttempted: this.state.createUserAttempted,
      ...(this.state.objectId ? { journalObjectId: this.state.objectId } : {}),
      ...(this.state.secretVersion ? { stagedVersion: this.state.secretVersion } : {}),
    };
    const verdict = await this.deps.ownership.judge(question);
    if (!verdict.owned) {
      if (this.state.secretVersion) await callVault('create', () => this.deps.secrets.abandon(this.state.secretName, this.version()));
      throw this.upnTaken(user.userPrincipalName);
    }
    const patch: Partial<CreateState> = { objectId: user.id, adoptedExistingAccount: verdict.evidence !== 'password-proof' };
    if (verdict.workingVersion) {
      if (this.state.secretVersion && this.state.secretVersion !== verdict.workingVersion) {
        await callVault('create', () => this.deps.secrets.abandon(this.state.secretName, this.version()));
      }
      Object.assign(patch, { secretVersion: verdict.workingVersion, passwordApplied: true });
    } else {
      // Ours, but no vault version signs in: the next step sets the staged password on it.
      patch.passwordApplied = false;
    }
    this.run.done('account.adopted', patch);
    this.deps.logger.info({ tenantId: this.context.tenantId, objectId: user.id, evidence: verdict.evidence }, 'existing management account adopted');
    await this.audit('serviceAccount.adopted', { type: 'user', id: user.id, name: user.userPrincipalName }, { evidence: verdict.evidence });
  }

  private async applyStagedPassword(): Promise<void> {
    this.run.intent('password.setting');
    const password = await callVault('create', () => this.deps.secrets.readValue(this.state.secretName, this.version()));
    await callGraph(GRAPH_CALLS.setPassword, 'create', () => this.deps.directory.setPassword(this.context.tenantId, this.objectId(), password));
    this.run.done('password.set', { passwordApplied: true });
    await this.audit('serviceAccount.passwordSet', { type: 'user', id: this.objectId(), name: this.upn() });
  }

  private async findAssignment(roleDefinitionId: string): Promise<string | undefined> {
    const assignments = await callGraph(GRAPH_CALLS.listRoleAssignments, 'create', () =>
      this.deps.directory.listRoleAssignments(this.context.tenantId, this.objectId()),
    );
    return assignments.find((a) => a.roleDefinitionId === roleDefinitionId && a.directoryScopeId === '/')?.id;
  }

  private async postAssignment(roleDefinitionId: string): Promise<string> {
    try {
      const created = await this.deps.directory.createRoleAssignment(this.context.tenantId, this.objectId(), roleDefinitionId);
      await this.audit('serviceAccount.roleAssigned', { type: 'roleAssignment', id: created.id, name: roleDefinitionId });
      return created.id;
    } catch (error) {
      if (error instanceof DirectoryError && error.code === 'DIRECTORY.CONFLICT') {
        const existing = await this.findAssignment(roleDefinitionId);
        if (existing) return existing;
      }
      throw toServiceAccountError(error, GRAPH_CALLS.createRoleAssignment, 'create');
    }
  }

  private upnTaken(upn: string): ServiceAccountError {
    return new ServiceAccountError('SERVICE_ACCOUNT.UPN_TAKEN', 'UPN belongs to an account the bot cannot prove it created', {
      userMessage:
        `An account named ${upn} already exists, and the bot cannot prove it created it: no record of the bot names it and ` +
        "no password in the bot's Key Vault signs in as it. The bot will not take over an account it did not create, " +
        'because it would give that account an administrator role.',
      nextStep: `Rename or delete ${upn} in Microsoft Entra admin center, or configure a different user name for the management account, then try again.`,
      details: { userPrincipalName: upn },
    });
  }

  private toRecord(): ServiceAccountRecord {
    return {
      tenantId: this.context.tenantId,
      objectId: this.objectId(),
      userPrincipalName: this.upn(),
      displayName: this.state.displayName,
      roleAssignmentIds: this.state.roleDefinitionIds.map((id) => this.state.roleAssignmentIds[id]).filter((id): id is string => Boolean(id)),
      roleDefinitionIds: [...this.state.roleDefinitionIds],
      secretName: this.state.secretName,
      currentSecretVersion: this.version(),
      createdAt: this.state.createdAt,
      createdBy: this.context.startedBy.userId,
    };
  }

  private async audit(action: string, target: ServiceAccountAuditEntry['target'], details?: ServiceAccountAuditEntry['details']): Promise<void> {
    const entry: ServiceAccountAuditEntry = {
      tenantId: this.context.tenantId,
      actor: toPerson(this.context.actor),
      action,
      target,
      principal: { kind: 'botApp' },
      result: 'ok',
      correlationId: this.context.correlationId,
    };
    if (details) entry.details = details;
    await this.deps.audit.append(entry);
  }
}

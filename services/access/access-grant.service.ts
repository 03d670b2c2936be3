/**
 * Granting and revoking operators and auditors: tenant admins only, checked here (not by the
 * caller) so the `grant operator` dialog, its confirmation verb and any future API behave the same.
 * Every change is audited with the admin who made it.
 */
import { randomUUID } from 'node:crypto';
import type { AuditTarget, AuditWriter, JsonObject } from '../ports/audit-log.port';
import type { AccessGrantRepository } from '../ports/access-grant.repository.port';
import type { Clock } from '../ports/clock.port';
import type { Directory, DirectoryUser } from '../ports/directory.port';
import { AccessError } from './access-errors';
import { toPerson, type Actor } from './actor';
import type { AuthorizationService } from './authorization.service';
import type { CapabilityId } from './capabilities';
import { findDirectoryUser } from './directory-reader';
import { describeScopeRule, type AuditorGrant, type OperatorGrant, type ScopeRule } from './operator-grant';
import { operatorGrantRequestSchema, type OperatorGrantRequest } from './operator-grant.schema';

export interface GrantOptions {
  correlationId?: string;
}

export class AccessGrantService {
  constructor(
    private readonly authorization: AuthorizationService,
    private readonly grants: AccessGrantRepository,
    private readonly directory: Directory,
    private readonly audit: AuditWriter,
    private readonly clock: Clock,
  ) {}

  /**
   * Creates or replaces the operator's grant. The operator and any users listed in the scope are
   * resolved through the directory, so the grant stores real object ids and names.
   * @throws AccessDeniedError ACCESS.TENANT_ADMIN_REQUIRED (or ACCESS.DIRECTORY_UNAVAILABLE) when the actor may not grant.
   * @throws AccessError ACCESS.INVALID_GRANT for a malformed request, ACCESS.USER_NOT_FOUND for an unknown operator or scoped user,
   *   ACCESS.DIRECTORY_UNAVAILABLE when users cannot be resolved.
   */
  async grantOperator(actor: Actor, request: OperatorGrantRequest, options: GrantOptions = {}): Promise<OperatorGrant> {
    const correlationId = options.correlationId ?? randomUUID();
    await this.authorization.require(actor, 'operator.grant', undefined, { correlationId });
    const parsed = operatorGrantRequestSchema.safeParse(request);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      await this.auditFailure(actor, 'operator.grant', 'ACCESS.INVALID_GRANT', correlationId);
      throw new AccessError('ACCESS.INVALID_GRANT', `The grant is not valid: ${issue?.path.join('.') || 'request'} ${issue?.message ?? ''}`.trim());
    }
    const operator = await this.resolveUser(actor, parsed.data.operator, 'operator.grant', correlationId);
    const scope = await this.resolveScope(actor, parsed.data.scope, correlationId);
    const existing = await this.grants.getOperatorGrant(actor.tenantId, operator.id);
    const now = this.clock.now().toISOString();
    const grant: OperatorGrant = {
      tenantId: actor.tenantId,
      operator: { userId: operator.id, upn: operator.userPrincipalName, displayName: operator.displayName },
      scope,
      allowedActions: parsed.data.actions,
      includePrivileged: parsed.data.includePrivileged,
      grantedBy: toPerson(actor),
      grantedAt: existing?.grantedAt ?? now,
      updatedAt: now,
    };
    await this.grants.saveOperatorGrant(grant);
    await this.auditOk(actor, 'operator.grant', subjectOf(grant.operator), correlationId, {
      scope: scope.map(describeScopeRule),
      actions: [...grant.allowedActions],
      includePrivileged: grant.includePrivileged,
      replacedExisting: existing !== undefined,
    });
    return grant;
  }

  /**
   * Removes the operator's grant. Returns false when there was none (still audited).
   * @throws AccessDeniedError when the actor is not a tenant admin.
   * @throws AccessError ACCESS.DIRECTORY_UNAVAILABLE when a UPN cannot be resolved.
   */
  async revokeOperator(actor: Actor, operator: string, options: GrantOptions = {}): Promise<boolean> {
    const correlationId = options.correlationId ?? randomUUID();
    await this.authorization.require(actor, 'operator.revoke', undefined, { correlationId });
    const existingId = await this.idOfGranted(actor.tenantId, operator, (id) => this.grants.getOperatorGrant(actor.tenantId, id));
    const existing = existingId ? await this.grants.getOperatorGrant(actor.tenantId, existingId) : undefined;
    const removed = existing ? await this.grants.deleteOperatorGrant(actor.tenantId, existing.operator.userId) : false;
    await this.auditOk(actor, 'operator.revoke', existing ? subjectOf(existing.operator) : undefined, correlationId, { existed: removed, requested: operator });
    return removed;
  }

  /** @throws AccessDeniedError when the actor is not a tenant admin. */
  async listOperators(actor: Actor, options: GrantOptions = {}): Promise<OperatorGrant[]> {
    await this.authorization.require(actor, 'operator.list', undefined, options);
    return this.grants.listOperatorGrants(actor.tenantId);
  }

  /**
   * Grants read access to the audit.
   * @throws AccessDeniedError when the actor is not a tenant admin.
   * @throws AccessError ACCESS.USER_NOT_FOUND, ACCESS.DIRECTORY_UNAVAILABLE.
   */
  async grantAuditor(actor: Actor, auditor: string, options: GrantOptions = {}): Promise<AuditorGrant> {
    const correlationId = options.correlationId ?? randomUUID();
    await this.authorization.require(actor, 'auditor.grant', undefined, { correlationId });
    const user = await this.resolveUser(actor, auditor, 'auditor.grant', correlationId);
    const existing = await this.grants.getAuditorGrant(actor.tenantId, user.id);
    const grant: AuditorGrant = existing ?? {
      tenantId: actor.tenantId,
      auditor: { userId: user.id, upn: user.userPrincipalName, displayName: user.displayName },
      grantedBy: toPerson(actor),
      grantedAt: this.clock.now().toISOString(),
    };
    if (!existing) await this.grants.saveAuditorGrant(grant);
    await this.auditOk(actor, 'auditor.grant', subjectOf(grant.auditor), correlationId, { alreadyAuditor: existing !== undefined });
    return grant;
  }

  /** @throws AccessDeniedError when the actor is not a tenant admin. */
  async revokeAuditor(actor: Actor, auditor: string, options: GrantOptions = {}): Promise<boolean> {
    const correlationId = options.correlationId ?? randomUUID();
    await this.authorization.require(actor, 'auditor.revoke', undefined, { correlationId });
    const existingId = await this.idOfGranted(actor.tenantId, auditor, (id) => this.grants.getAuditorGrant(actor.tenantId, id));
    const existing = existingId ? await this.grants.getAuditorGrant(actor.tenantId, existingId) : undefined;
    const removed = existing ? await this.grants.deleteAuditorGrant(actor.tenantId, existing.auditor.userId) : false;
    await this.auditOk(actor, 'auditor.revoke', existing ? subjectOf(existing.auditor) : undefined, correlationId, { existed: removed, requested: auditor });
    return removed;
  }

  /** @throws AccessDeniedError when the actor is not a tenant admin. */
  async listAuditors(actor: Actor, options: GrantOptions = {}): Promise<AuditorGrant[]> {
    await this.authorization.require(actor, 'auditor.list', undefined, options);
    return this.grants.listAuditorGrants(actor.tenantId);
  }

  private async resolveUser(actor: Actor, idOrUpn: string, action: CapabilityId, correlationId: string): Promise<DirectoryUser> {
    const user = await findDirectoryUser(this.directory, actor.tenantId, idOrUpn.trim());
    if (!user) {
      await this.auditFailure(actor, action, 'ACCESS.USER_NOT_FOUND', correlationId);
      throw new AccessError('ACCESS.USER_NOT_FOUND', `No user "${idOrUpn}" was found in your directory.`);
    }
    return user;
  }

  /** Explicit user lists may be typed as UPNs; store object ids, which is what targets resolve to. */
  private async resolveScope(actor: Actor, scope: readonly ScopeRule[], correlationId: string): Promise<ScopeRule[]> {
    const resolved: ScopeRule[] = [];
    for (const rule of scope) {
      if (rule.kind !== 'users') {
        resolved.push(rule);
        continue;
      }
      const ids: string[] = [];
      for (const entry of rule.userIds) ids.push((await this.resolveUser(actor, entry, 'operator.grant', correlationId)).id);
      resolved.push({ kind: 'users', userIds: [...new Set(ids)] });
    }
    return resolved;
  }

  /**
   * Finds the stored grant by object id first, then by resolving a UPN: a user deleted from the
   * directory must still be revocable by id.
   */
  private async idOfGranted(tenantId: string, idOrUpn: string, lookup: (id: string) => Promise<unknown>): Promise<string | undefined> {
    const trimmed = idOrUpn.trim();
    if (await lookup(trimmed)) return trimmed;
    const user = await findDirectoryUser(this.directory, tenantId, trimmed);
    return user && (await lookup(user.id)) ? user.id : undefined;
  }

  private async auditOk(actor: Actor, action: string, subject: AuditTarget | undefined, correlationId: string, details: JsonObject): Promise<void> {
    await this.audit.append({
      tenantId: actor.tenantId,
      actor: toPerson(actor),
      action,
      ...(subject ? { target: subject } : {}),
      result: { outcome: 'ok' },
      correlationId,
      details,
    });
  }

  private async auditFailure(actor: Actor, action: string, code: string, correlationId: string): Promise<void> {
    await this.audit.append({ tenantId: actor.tenantId, actor: toPerson(actor), action, result: { outcome: 'failed', code }, correlationId });
  }
}

function subjectOf(person: { userId: string; upn: string; displayName: string }): AuditTarget {
  return { type: 'user', id: person.userId, upn: person.upn, displayName: person.displayName };
}

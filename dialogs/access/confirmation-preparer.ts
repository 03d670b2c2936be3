/**
 * The step before a change: authorize, resolve what was typed through the directory, hold the
 * exact change server-side (PendingConfirmationStore) and render the confirmation card that
 * lists it. Nothing is changed here; the card's Confirm verb does that after re-checking.
 */
import { ANY_VIEWER, denialCard, expectedErrorCard } from '../shared/card-for-error';
import { renderGrantConfirmationCard, renderGrantResultCard, Verbs, type AdaptiveCardJson, type CardFact } from '../../cards';
import { describePerson, type Actor } from '../../services/access/actor';
import type { AccessGrantService } from '../../services/access/access-grant.service';
import type { AuthorizationService } from '../../services/access/authorization.service';
import type { CapabilityId } from '../../services/access/capabilities';
import { findDirectoryUser } from '../../services/access/directory-reader';
import { describeScopeRule, type ScopeRule } from '../../services/access/operator-grant';
import { operatorGrantRequestSchema } from '../../services/access/operator-grant.schema';
import type { JsonObject } from '../../services/ports/audit-log.port';
import type { Directory, DirectoryUser } from '../../services/ports/directory.port';
import { actionTitle, parseActions, parseScope } from './grant-text-parser';
import type { ConfirmationKind, PendingConfirmation, PendingConfirmations } from '../../services/access/pending-confirmation.port';

export interface ConfirmationPreparerDependencies {
  authorization: AuthorizationService;
  grants: AccessGrantService;
  directory: Directory;
  confirmations: PendingConfirmations;
}

export interface OperatorGrantInput {
  operator: string;
  scope: string;
  actions: string;
}

const VERB_OF: Record<ConfirmationKind, string> = {
  'operator.grant': Verbs.grantOperatorConfirm,
  'operator.revoke': Verbs.revokeOperatorConfirm,
  'auditor.grant': Verbs.grantAuditorConfirm,
  'auditor.revoke': Verbs.revokeAuditorConfirm,
};

/** The button data: the pending id plus echoes the verb compares with what the server holds. */
export function confirmationButtonData(record: PendingConfirmation, choice: 'confirm' | 'cancel'): Record<string, string> {
  return { pendingId: record.id, choice, tenantId: record.tenantId, requesterId: record.requesterId, subjectId: record.subjectId };
}

function personOf(user: DirectoryUser): string {
  return describePerson({ userId: user.id, upn: user.userPrincipalName, displayName: user.displayName });
}

class PreparationStopped {
  constructor(readonly card: AdaptiveCardJson) {}
}

export class ConfirmationPreparer {
  constructor(private readonly dependencies: ConfirmationPreparerDependencies) {}

  /** `grant operator <user> scope <…> actions <…>` → the confirmation card (or why not). */
  async prepareOperatorGrant(actor: Actor, input: OperatorGrantInput, correlationId: string): Promise<AdaptiveCardJson> {
    return this.run(actor, 'operator.grant', correlationId, async () => {
      const scope = parseScope(input.scope);
      if (!scope.ok) throw this.stop('That scope is not valid', scope.message, correlationId);
      const actions = parseActions(input.actions);
      if (!actions.ok) throw this.stop('Those actions are not valid', actions.message, correlationId);
      const operator = await this.resolve(actor, input.operator, correlationId);
      const { rules, lines } = await this.resolveScope(actor, scope.value.rules, correlationId);
      const parsed = operatorGrantRequestSchema.safeParse({ operator: operator.id, scope: rules, actions: actions.value, includePrivileged: scope.value.includePrivileged });
      if (!parsed.success) throw this.stop('That grant is not valid', parsed.error.issues[0]?.message ?? 'The grant is not valid.', correlationId);
      const facts: CardFact[] = [
        { label: 'Operator', value: personOf(operator) },
        { label: 'Scope', value: lines.join('; ') },
        { label: 'Actions', value: parsed.data.actions.map(actionTitle).join(', ') },
        { label: 'Admins in scope', value: parsed.data.includePrivileged ? 'Yes, explicitly included' : 'No (users with admin roles are never reached)' },
      ];
      const payload: JsonObject = {
        operatorId: operator.id,
        scope: parsed.data.scope as unknown as JsonObject[],
        actions: parsed.data.actions,
        includePrivileged: parsed.data.includePrivileged,
      };
      const record = await this.dependencies.confirmations.create({ tenantId: actor.tenantId, kind: 'operator.grant', requesterId: actor.userId, subjectId: operator.id, payload, facts });
      const warnings = parsed.data.includePrivileged ? ['This scope also reaches users who hold directory roles (admins), because you said "including admins".'] : [];
      return this.confirmationCard(record, 'Grant operator access?', `${personOf(operator)} will be able to run these actions on these users. An existing grant of theirs is replaced.`, 'Grant', false, warnings);
    });
  }

  /** `revoke operator <user>` → confirmation, or "not an operator". */
  async prepareOperatorRevoke(actor: Actor, user: string, correlationId: string): Promise<AdaptiveCardJson> {
    return this.run(actor, 'operator.revoke', correlationId, async () => {
      const grants = await this.dependencies.grants.listOperators(actor, { correlationId });
      const person = grants.map((g) => g.operator).find((candidate) => matches(candidate, user)) ?? (await this.findGrantOf(actor, user, grants.map((g) => g.operator)));
      const existing = person ? grants.find((candidate) => candidate.operator.userId === person.userId) : undefined;
      if (!existing) throw this.unchanged(`${user} is not an operator`, 'There is no operator grant to revoke.', correlationId);
      const facts: CardFact[] = [
        { label: 'Operator', value: describePerson(existing.operator) },
        { label: 'Scope', value: existing.scope.map(describeScopeRule).join('; ') },
        { label: 'Actions', value: existing.allowedActions.map(actionTitle).join(', ') },
      ];
      const record = await this.dependencies.confirmations.create({
        tenantId: actor.tenantId,
        kind: 'operator.revoke',
        requesterId: actor.userId,
        subjectId: existing.operator.userId,
        payload: { operatorId: existing.operator.userId },
        facts,
      });
      return this.confirmationCard(record, 'Revoke operator access?', `${describePerson(existing.operator)} will no longer be able to run management actions.`, 'Revoke', true);
    });
  }

  /** `grant auditor <user>` → confirmation. */
  async prepareAuditorGrant(actor: Actor, user: string, correlationId: string): Promise<AdaptiveCardJson> {
    return this.run(actor, 'auditor.grant', correlationId, async () => {
      const auditor = await this.resolve(actor, user, correlationId);
      const record = await this.dependencies.confirmations.create({
        tenantId: actor.tenantId,
        kind: 'auditor.grant',
        requesterId: actor.userId,
        subjectId: auditor.id,
        payload: { auditorId: auditor.id },
        facts: [{ label: 'Auditor', value: personOf(auditor) }, { label: 'May', value: 'read, export and verify the audit log' }],
      });
      return this.confirmationCard(record, 'Grant auditor access?', `${personOf(auditor)} will be able to read, export and verify the audit log. Auditors cannot change anything.`, 'Grant', false);
    });
  }

  /** `revoke auditor <user>` → confirmation, or "not an auditor". */
  async prepareAuditorRevoke(actor: Actor, user: string, correlationId: string): Promise<AdaptiveCardJson> {
    return this.run(actor, 'auditor.revoke', correlationId, async () => {
      const auditors = await this.dependencies.grants.listAuditors(actor, { correlationId });
      const people = auditors.map((a) => a.auditor);
      const found = people.find((candidate) => matches(candidate, user)) ?? (await this.findGrantOf(actor, user, people));
      if (!found) throw this.unchanged(`${user} is not an auditor`, 'There is no auditor grant to revoke.', correlationId);
      const record = await this.dependencies.confirmations.create({
        tenantId: actor.tenantId,
        kind: 'auditor.revoke',
        requesterId: actor.userId,
        subjectId: found.userId,
        payload: { auditorId: found.userId },
        facts: [{ label: 'Auditor', value: describePerson(found) }],
      });
      return this.confirmationCard(record, 'Revoke auditor access?', `${describePerson(found)} will no longer be able to read the audit log.`, 'Revoke', true);
    });
  }

  private async run(actor: Actor, capability: CapabilityId, correlationId: string, prepare: () => Promise<AdaptiveCardJson>): Promise<AdaptiveCardJson> {
    const decision = await this.dependencies.authorization.authorize(actor, capability, undefined, { correlationId });
    if (!decision.allowed) return denialCard(decision.message, decision.whoCanHelp, correlationId);
    try {
      // An admin at the limit of open confirmations is told so before the directory is asked anything.
      await this.dependencies.confirmations.requireRoom(actor.tenantId, actor.userId);
      return await prepare();
    } catch (error) {
      if (error instanceof PreparationStopped) return error.card;
      const card = expectedErrorCard(error, ANY_VIEWER, correlationId);
      if (card) return card;
      throw error;
    }
  }

  private confirmationCard(record: PendingConfirmation, title: string, intro: string, confirmTitle: string, destructive: boolean, warnings: string[] = []): AdaptiveCardJson {
    return renderGrantConfirmationCard({
      title,
      intro,
      facts: record.facts,
      warnings,
      verb: VERB_OF[record.kind],
      confirmTitle,
      destructive,
      expiresAt: record.expiresAt,
      confirmData: confirmationButtonData(record, 'confirm'),
      cancelData: confirmationButtonData(record, 'cancel'),
    });
  }

  private async resolve(actor: Actor, idOrUpn: string, correlationId: string): Promise<DirectoryUser> {
    const user = await findDirectoryUser(this.dependencies.directory, actor.tenantId, idOrUpn.trim());
    if (!user) throw this.stop('User not found', `I couldn't find "${idOrUpn.trim()}" in your directory.`, correlationId, 'Check the user principal name (for example alex@contoso.com) and try again.');
    return user;
  }

  /** Users typed in a `users` rule become object ids; the card shows their names. */
  private async resolveScope(actor: Actor, rules: readonly ScopeRule[], correlationId: string): Promise<{ rules: ScopeRule[]; lines: string[] }> {
    const resolved: ScopeRule[] = [];
    const lines: string[] = [];
    for (const rule of rules) {
      if (rule.kind !== 'users') {
        resolved.push(rule);
        lines.push(rule.kind === 'allUsersExceptAdmins' ? 'all users who hold no admin role' : describeScopeRule(rule));
        continue;
      }
      const users: DirectoryUser[] = [];
      for (const entry of rule.userIds) users.push(await this.resolve(actor, entry, correlationId));
      const unique = [...new Map(users.map((user) => [user.id, user])).values()];
      resolved.push({ kind: 'users', userIds: unique.map((user) => user.id) });
      lines.push(`users ${unique.map(personOf).join(', ')}`);
    }
    return { rules: resolved, lines };
  }

  /** A revoke may name a UPN; the grant is stored by object id. */
  private async findGrantOf<T extends { userId: string; upn?: string; displayName?: string }>(actor: Actor, typed: string, people: readonly T[]): Promise<T | undefined> {
    if (people.length === 0) return undefined;
    const user = await findDirectoryUser(this.dependencies.directory, actor.tenantId, typed.trim());
    return user ? people.find((person) => person.userId === user.id) : undefined;
  }

  private stop(title: string, message: string, correlationId: string, nextStep?: string): PreparationStopped {
    return new PreparationStopped(renderGrantResultCard({ outcome: 'failed', title, message, nextStep, correlationId }));
  }

  private unchanged(title: string, message: string, correlationId: string): PreparationStopped {
    return new PreparationStopped(renderGrantResultCard({ outcome: 'unchanged', title, message, correlationId }));
  }
}

function matches(person: { userId: string; upn?: string }, typed: string): boolean {
  const value = typed.trim().toLowerCase();
  return person.userId.toLowerCase() === value || person.upn?.toLowerCase() === value;
}

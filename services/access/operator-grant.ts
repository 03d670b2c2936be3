/**
 * Role data granted inside the bot, per tenant: operator grants (scope + allowed actions) and
 * auditor grants. Tenant admins are not stored here: they come from Entra (or bootstrap config).
 */
import type { ManagementActionId } from './actions';
import type { Person } from './actor';

/**
 * One way of reaching users. A grant's scope is the union of its rules.
 * Object ids are resolved against the directory at decision time, never copied from cards.
 */
export type ScopeRule =
  /** Members of an Entra group, including members of nested groups. */
  | { readonly kind: 'group'; readonly groupId: string; readonly displayName?: string }
  /** Users whose `department` equals this value (trimmed, case-insensitive, as Entra does not normalise it). */
  | { readonly kind: 'department'; readonly value: string }
  /** Direct user members of an administrative unit. */
  | { readonly kind: 'administrativeUnit'; readonly unitId: string; readonly displayName?: string }
  /** An explicit list of users by object id. */
  | { readonly kind: 'users'; readonly userIds: readonly string[] }
  /** Every user who holds no privileged directory role; never reaches admins, even with includePrivileged. */
  | { readonly kind: 'allUsersExceptAdmins' };

export type ScopeRuleKind = ScopeRule['kind'];

export interface OperatorGrant {
  readonly tenantId: string;
  /** Resolved from the directory when granted, so names in cards and audit are real ones. */
  readonly operator: Required<Pick<Person, 'userId' | 'upn' | 'displayName'>>;
  readonly scope: readonly ScopeRule[];
  readonly allowedActions: readonly ManagementActionId[];
  /** Explicit opt-in to reach users holding privileged directory roles. Default false. */
  readonly includePrivileged: boolean;
  readonly grantedBy: Person;
  /** UTC ISO-8601. */
  readonly grantedAt: string;
  readonly updatedAt: string;
}

export interface AuditorGrant {
  readonly tenantId: string;
  readonly auditor: Required<Pick<Person, 'userId' | 'upn' | 'displayName'>>;
  readonly grantedBy: Person;
  readonly grantedAt: string;
}

/** A tenant admin the bot has confirmed through Entra, remembered so "who can help" has names. */
export interface KnownTenantAdmin {
  readonly tenantId: string;
  readonly person: Person;
  readonly lastConfirmedAt: string;
}

/** One line per rule, for cards and audit details ("group Helpdesk scope", "department Sales"). */
export function describeScopeRule(rule: ScopeRule): string {
  switch (rule.kind) {
    case 'group':
      return `members of group ${rule.displayName ?? rule.groupId}`;
    case 'department':
      return `department "${rule.value}"`;
    case 'administrativeUnit':
      return `members of administrative unit ${rule.displayName ?? rule.unitId}`;
    case 'users':
      return `${rule.userIds.length} listed user(s)`;
    case 'allUsersExceptAdmins':
      return 'all users except admins';
  }
}

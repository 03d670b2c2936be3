/**
 * Pure scope evaluation: does a grant reach a resolved target? No I/O here, so the rules can be
 * tested exhaustively; the authorization service does the directory reads first.
 */
import type { DirectoryGroupRef, DirectoryUser } from '../ports/directory.port';
import type { OperatorGrant, ScopeRule } from './operator-grant';

export interface ResolvedTarget {
  readonly user: DirectoryUser;
  /** Transitive groups, administrative units and directory roles of the target. */
  readonly memberships: readonly DirectoryGroupRef[];
  /** Whether the target holds a privileged directory role under the configured policy. */
  readonly privileged: boolean;
  /**
   * The operator themselves or a break-glass account: privileged without a role. It does not
   * change which rule matches ("all users except admins" is about roles), only the final
   * `includePrivileged` check.
   */
  readonly protectedAccount?: boolean;
}

export type ScopeVerdict =
  | { readonly inScope: true; readonly matchedRule: ScopeRule }
  | { readonly inScope: false; readonly reason: 'ACCESS.NOT_IN_SCOPE' | 'ACCESS.PRIVILEGED_TARGET' };

function normaliseDepartment(value: string): string {
  return value.trim().toLocaleLowerCase('en-US');
}

export function ruleMatches(rule: ScopeRule, target: ResolvedTarget): boolean {
  switch (rule.kind) {
    case 'group':
      return target.memberships.some((m) => m.kind === 'group' && m.id === rule.groupId);
    case 'administrativeUnit':
      return target.memberships.some((m) => m.kind === 'administrativeUnit' && m.id === rule.unitId);
    case 'department':
      return target.user.department !== undefined && normaliseDepartment(target.user.department) === normaliseDepartment(rule.value);
    case 'users':
      return rule.userIds.includes(target.user.id);
    case 'allUsersExceptAdmins':
      return !target.privileged;
  }
}

/**
 * Scope is checked before privilege so an operator learns nothing about the roles of users
 * outside their scope. An in-scope privileged target is refused unless the grant opts in,
 * whichever rule matched — even an explicit user list does not bypass it.
 */
export function evaluateScope(grant: Pick<OperatorGrant, 'scope' | 'includePrivileged'>, target: ResolvedTarget): ScopeVerdict {
  const matchedRule = grant.scope.find((rule) => ruleMatches(rule, target));
  if (!matchedRule) {
    // "All users except admins" did not match only because the target is an admin: say so.
    const excludedAsAdmin = target.privileged && grant.scope.some((rule) => rule.kind === 'allUsersExceptAdmins');
    return { inScope: false, reason: excludedAsAdmin ? 'ACCESS.PRIVILEGED_TARGET' : 'ACCESS.NOT_IN_SCOPE' };
  }
  if ((target.privileged || target.protectedAccount === true) && !grant.includePrivileged) return { inScope: false, reason: 'ACCESS.PRIVILEGED_TARGET' };
  return { inScope: true, matchedRule };
}

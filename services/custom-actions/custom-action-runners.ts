/**
 * Who may run a custom action, in the words of services/access: a tenant admin, or an operator
 * (optionally only one whose grant allows a given management action, or one of listed operators).
 * This answers "may this person run this action at all"; the target's scope is checked by the
 * authorization service when it runs, exactly as for built-in actions.
 */
import type { OperatorGrant } from '../access/operator-grant';
import type { CustomActionDefinition } from './custom-action.schema';

/** How the caller holds their rights (AuthorizationService's `via`). */
export type CustomActionCaller = { via: 'tenantAdmin' } | { via: 'operator'; grant: Pick<OperatorGrant, 'operator' | 'allowedActions'> };

export function mayRunCustomAction(definition: Pick<CustomActionDefinition, 'whoMayRun'>, caller: CustomActionCaller): boolean {
  const who = definition.whoMayRun;
  if (caller.via === 'tenantAdmin') return who.roles.includes('tenantAdmin');
  if (!who.roles.includes('operator')) return false;
  if (who.grantIncludes && !who.grantIncludes.some((action) => caller.grant.allowedActions.includes(action))) return false;
  if (who.operators) {
    const names = new Set([caller.grant.operator.userId, caller.grant.operator.upn].map((value) => value.toLowerCase()));
    if (!who.operators.some((entry) => names.has(entry.toLowerCase()))) return false;
  }
  return true;
}

/** "tenant admins and operators whose grant allows Update profile fields", for cards. */
export function describeWhoMayRun(definition: Pick<CustomActionDefinition, 'whoMayRun'>): string {
  const who = definition.whoMayRun;
  const parts: string[] = [];
  if (who.roles.includes('tenantAdmin')) parts.push('tenant admins');
  if (who.roles.includes('operator')) {
    const narrowing = [
      who.grantIncludes ? `whose grant allows ${who.grantIncludes.join(' or ')}` : '',
      who.operators ? `listed here (${who.operators.join(', ')})` : '',
    ].filter(Boolean);
    parts.push(narrowing.length > 0 ? `operators ${narrowing.join(' and ')}` : 'operators');
  }
  return parts.join(' and ');
}

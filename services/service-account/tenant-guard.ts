import { AccessDeniedError } from '../access/access-errors';
import type { Actor } from '../access/actor';

/**
 * The actor comes from the activity (from.aadObjectId + the activity's tenant id); a use case
 * asked to act on another tenant's account is refused outright, so no record crosses tenants.
 * @throws AccessDeniedError ACCESS.INVALID_ACTOR
 */
export function assertActorInTenant(tenantId: string, actor: Actor): void {
  if (actor.tenantId !== tenantId) throw new AccessDeniedError('ACCESS.INVALID_ACTOR', 'actor belongs to another tenant', []);
}

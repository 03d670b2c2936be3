/**
 * A small tenant with one person per role and one target per scope kind, so tests read as
 * "Olga (operator) blocks Sam (sales)".
 */
import type { Actor } from '../../../../services/access/actor';
import { GLOBAL_ADMINISTRATOR_ROLE_ID, PRIVILEGED_ROLE_ADMINISTRATOR_ROLE_ID } from '../../../../services/access/directory-roles';
import type { InMemoryDirectory } from '../../../support/fakes/in-memory-directory';

export const TENANT_A = '11111111-aaaa-4aaa-8aaa-000000000001';
export const TENANT_B = '22222222-bbbb-4bbb-8bbb-000000000002';

export const USER_ADMINISTRATOR_ROLE_ID = 'fe930be7-5e62-47db-91af-98c3a49a38b1';
export const CUSTOM_ROLE_ID = 'c0ffee00-0000-4000-8000-00000000c0de';

export const people = {
  ada: { userId: 'u-ada', upn: 'ada@contoso.com', displayName: 'Ada Admin' },
  pria: { userId: 'u-pria', upn: 'pria@contoso.com', displayName: 'Pria Roleadmin' },
  olga: { userId: 'u-olga', upn: 'olga@contoso.com', displayName: 'Olga Operator' },
  otto: { userId: 'u-otto', upn: 'otto@contoso.com', displayName: 'Otto Outsider-Operator' },
  aud: { userId: 'u-aud', upn: 'aud@contoso.com', displayName: 'Aud Auditor' },
  uma: { userId: 'u-uma', upn: 'uma@contoso.com', displayName: 'Uma Unknown' },
} as const;

/** Targets, one per way of being reached. */
export const targets = {
  sam: { id: 't-sam', userPrincipalName: 'sam@contoso.com', displayName: 'Sam Sales', department: 'Sales' },
  nina: { id: 't-nina', userPrincipalName: 'nina@contoso.com', displayName: 'Nina Nested', department: 'Support' },
  aurora: { id: 't-aurora', userPrincipalName: 'aurora@contoso.com', displayName: 'Aurora North', department: 'Operations' },
  eli: { id: 't-eli', userPrincipalName: 'eli@contoso.com', displayName: 'Eli Explicit' },
  pete: { id: 't-pete', userPrincipalName: 'pete@contoso.com', displayName: 'Pete Privileged', department: 'Sales' },
  gus: { id: 't-gus', userPrincipalName: 'gus@contoso.com', displayName: 'Gus Groupadmin', department: 'Sales' },
  cora: { id: 't-cora', userPrincipalName: 'cora@contoso.com', displayName: 'Cora Customrole', department: 'Sales' },
  olive: { id: 't-olive', userPrincipalName: 'olive@contoso.com', displayName: 'Olive Outside', department: 'Finance' },
} as const;

export const GROUP_HELPDESK_SCOPE = 'g-helpdesk-scope';
export const GROUP_NESTED = 'g-nested-team';
export const GROUP_ROLE_HOLDERS = 'g-role-holders';
export const AU_NORTH = 'au-north';

export function actor(tenantId: string, person: { userId: string; upn: string; displayName: string }): Actor {
  return { tenantId, ...person };
}

/**
 * Ada: Global Administrator. Pria: Privileged Role Administrator through a role-assignable group.
 * Sam: direct member of the helpdesk-scope group. Nina: member through a nested group.
 * Aurora: in the North administrative unit. Pete: Sales + helpdesk group + User Administrator.
 * Gus: Sales + Global Administrator through a group. Cora: Sales + a custom role scoped to an AU.
 */
export function seedContoso(directory: InMemoryDirectory, tenantId: string): void {
  for (const person of Object.values(people)) directory.addUser(tenantId, { id: person.userId, userPrincipalName: person.upn, displayName: person.displayName });
  for (const target of Object.values(targets)) directory.addUser(tenantId, { ...target });

  directory.assignRole(tenantId, people.ada.userId, GLOBAL_ADMINISTRATOR_ROLE_ID);
  directory.addGroup(tenantId, GROUP_ROLE_HOLDERS, 'Role holders');
  directory.addToGroup(tenantId, GROUP_ROLE_HOLDERS, people.pria.userId);
  directory.assignRole(tenantId, GROUP_ROLE_HOLDERS, PRIVILEGED_ROLE_ADMINISTRATOR_ROLE_ID);

  directory.addGroup(tenantId, GROUP_HELPDESK_SCOPE, 'Helpdesk scope');
  directory.addGroup(tenantId, GROUP_NESTED, 'Nested team');
  directory.addToGroup(tenantId, GROUP_HELPDESK_SCOPE, targets.sam.id);
  directory.addToGroup(tenantId, GROUP_HELPDESK_SCOPE, GROUP_NESTED);
  directory.addToGroup(tenantId, GROUP_NESTED, targets.nina.id);
  directory.addToGroup(tenantId, GROUP_HELPDESK_SCOPE, targets.pete.id);

  directory.addAdministrativeUnit(tenantId, AU_NORTH, 'North');
  directory.addToAdministrativeUnit(tenantId, AU_NORTH, targets.aurora.id);

  directory.assignRole(tenantId, targets.pete.id, USER_ADMINISTRATOR_ROLE_ID);
  directory.addGroup(tenantId, 'g-admins', 'Admins (role-assignable)');
  directory.addToGroup(tenantId, 'g-admins', targets.gus.id);
  directory.assignRole(tenantId, 'g-admins', GLOBAL_ADMINISTRATOR_ROLE_ID);
  directory.assignRole(tenantId, targets.cora.id, CUSTOM_ROLE_ID, `/administrativeUnits/${AU_NORTH}`);
}

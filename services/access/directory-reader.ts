/**
 * The directory reads the access area needs, with every failure turned into one fail-closed
 * code. A directory we cannot read never makes anyone an admin or puts anyone in scope.
 */
import type { Directory, DirectoryGroupRef, DirectoryUser } from '../ports/directory.port';
import { DirectoryError } from '../ports/directory.port';
import { AccessError } from './access-errors';
import { heldDirectoryRoles, type HeldDirectoryRoles } from './directory-roles';

export function directoryUnavailable(error: unknown): AccessError {
  const directoryCode = error instanceof DirectoryError ? error.code : 'UNEXPECTED';
  return new AccessError('ACCESS.DIRECTORY_UNAVAILABLE', 'The directory could not be read, so access cannot be confirmed right now.', {
    directoryCode,
  });
}

/**
 * GET /users/{id|upn}. Undefined when the user does not exist.
 * @throws AccessError ACCESS.DIRECTORY_UNAVAILABLE on any other failure.
 */
export async function findDirectoryUser(directory: Directory, tenantId: string, idOrUpn: string): Promise<DirectoryUser | undefined> {
  try {
    return await directory.getUser(tenantId, idOrUpn);
  } catch (error) {
    if (error instanceof DirectoryError && error.code === 'DIRECTORY.NOT_FOUND') return undefined;
    throw directoryUnavailable(error);
  }
}

export interface UserDirectoryRoles {
  memberships: DirectoryGroupRef[];
  held: HeldDirectoryRoles;
}

/**
 * Transitive memberships and role assignments of one user, read together. Both must succeed:
 * deciding "not privileged" from half the data would let a scope reach an admin.
 * @throws AccessError ACCESS.DIRECTORY_UNAVAILABLE when either read fails.
 */
export async function readUserDirectoryRoles(directory: Directory, tenantId: string, userId: string): Promise<UserDirectoryRoles> {
  try {
    const [memberships, assignments] = await Promise.all([
      directory.listTransitiveMemberships(tenantId, userId),
      directory.listRoleAssignments(tenantId, userId),
    ]);
    return { memberships, held: heldDirectoryRoles(assignments, memberships) };
  } catch (error) {
    throw directoryUnavailable(error);
  }
}

import { DirectoryError, type Directory } from '../../services/ports/directory.port';

function unavailable(): never {
  throw new DirectoryError('DIRECTORY.UNAVAILABLE', 'no directory adapter is configured for this app');
}

/**
 * The Directory used until the Graph adapter is wired in (and whenever none is configured):
 * every call fails as unavailable, so access checks fail closed. Tenant admins then come from
 * the bootstrap list only, users cannot be resolved, and nothing is granted by accident.
 */
export class UnconfiguredDirectory implements Directory {
  getUser = async (): Promise<never> => unavailable();
  findUsers = async (): Promise<never> => unavailable();
  listTransitiveMemberships = async (): Promise<never> => unavailable();
  listRoleAssignments = async (): Promise<never> => unavailable();
  listTenantAdminIds = async (): Promise<never> => unavailable();
  getDefaultDomain = async (): Promise<never> => unavailable();
  createUser = async (): Promise<never> => unavailable();
  updateUser = async (): Promise<never> => unavailable();
  setPassword = async (): Promise<never> => unavailable();
  deleteUser = async (): Promise<never> => unavailable();
  createRoleAssignment = async (): Promise<never> => unavailable();
  deleteRoleAssignment = async (): Promise<never> => unavailable();
  revokeSignInSessions = async (): Promise<never> => unavailable();
  evaluateConditionalAccess = async (): Promise<never> => unavailable();
}

/**
 * The directory reads of workflows, as the bot's own app (User.Read.All, GroupMember.Read.All):
 * the target of a manual run, a target's manager (notice `to: manager`), and the users of a
 * scheduled run's query. The real implementation composes Directory.getUser, UserAdministration.getManager
 * and BulkTargetDirectory (services/ports/), mapping DirectoryUser to WorkflowUser. Lists are
 * read to the end or not at all (a scheduled run never covers half a department). Errors:
 * DirectoryError (services/ports/directory.port.ts).
 */
import type { WorkflowUser } from './workflow-run.types';

export interface WorkflowDirectory {
  /** GET /users/{id or UPN}. Undefined when there is no such user. */
  findUser(tenantId: string, idOrUpn: string): Promise<WorkflowUser | undefined>;
  /** GET /users/{id}/manager. Undefined when the user has no manager. */
  getManager(tenantId: string, userId: string): Promise<WorkflowUser | undefined>;
  /** GET /users?$filter=department eq '{department}' (every page). */
  listUsersInDepartment(tenantId: string, department: string): Promise<WorkflowUser[]>;
  /** GET /groups?$filter=displayName eq '{name}'. */
  findGroupsByName(tenantId: string, name: string): Promise<Array<{ id: string; displayName: string }>>;
  /** GET /groups/{id}/transitiveMembers/microsoft.graph.user (every page). */
  listGroupUsers(tenantId: string, groupId: string): Promise<WorkflowUser[]>;
}

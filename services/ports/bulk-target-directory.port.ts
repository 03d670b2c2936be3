/**
 * The directory reads a bulk action needs to turn "department Sales" or "group Leavers" into
 * users, as the bot's own app. Implemented by services/adapters/graph/graph-bulk-target-directory.ts.
 * Lists are read to the end (every @odata.nextLink) or not at all: a bulk never acts on half a
 * department. Errors: DirectoryError (directory.port.ts).
 */
import type { DirectoryUser } from './directory.port';

export interface DirectoryGroupMatch {
  id: string;
  displayName: string;
}

export interface BulkTargetDirectory {
  /** GET /users?$filter=department eq '{department}' (every page). User.Read.All. */
  listUsersInDepartment(tenantId: string, department: string): Promise<DirectoryUser[]>;
  /** GET /groups?$filter=displayName eq '{name}'. GroupMember.Read.All or Group.Read.All. */
  findGroupsByName(tenantId: string, name: string): Promise<DirectoryGroupMatch[]>;
  /** GET /groups/{id}/transitiveMembers/microsoft.graph.user (every page): users only, nested groups included. GroupMember.Read.All. */
  listGroupUsers(tenantId: string, groupId: string): Promise<DirectoryUser[]>;
}

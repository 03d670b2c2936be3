/** BulkTargetDirectory on @microsoft/microsoft-graph-client, as the bot's own app. */
import type { Client } from '@microsoft/microsoft-graph-client';
import { DirectoryError, type DirectoryUser } from '../../ports/directory.port';
import type { BulkTargetDirectory, DirectoryGroupMatch } from '../../ports/bulk-target-directory.port';
import { createGraphClient, type GraphFetch, type GraphRetryOptions } from './graph-client-factory';
import { toDirectoryError } from './graph-error-mapping';
import { GRAPH_V1_BASE_URL } from './graph-directory';

/** 999 per page: a 10,000-user department is 11 pages. */
const MAX_PAGES = 60;
const USER_SELECT = 'id,userPrincipalName,displayName,department,jobTitle,mail,accountEnabled,usageLocation';
const USER_READ = ['User.Read.All', 'Directory.Read.All'];
const GROUP_READ = ['GroupMember.Read.All', 'Group.Read.All', 'Directory.Read.All'];

export interface GraphBulkTargetDirectoryOptions {
  baseUrl?: string;
  getAccessToken: (tenantId: string) => Promise<string>;
  fetch?: GraphFetch;
  retry?: GraphRetryOptions;
}

interface UserDto {
  id: string;
  userPrincipalName: string;
  displayName?: string | null;
  department?: string | null;
  jobTitle?: string | null;
  mail?: string | null;
  accountEnabled?: boolean | null;
  usageLocation?: string | null;
}

const enc = encodeURIComponent;
const literal = (value: string): string => `'${value.replace(/'/g, "''")}'`;

export class GraphBulkTargetDirectory implements BulkTargetDirectory {
  private readonly clients = new Map<string, Client>();

  constructor(private readonly options: GraphBulkTargetDirectoryOptions) {}

  async listUsersInDepartment(tenantId: string, department: string): Promise<DirectoryUser[]> {
    const path = `/users?$filter=${enc(`department eq ${literal(department)}`)}&$select=${USER_SELECT}&$top=999`;
    return (await this.listAll<UserDto>(tenantId, path, 'list users of a department', USER_READ)).map(toUser);
  }

  async findGroupsByName(tenantId: string, name: string): Promise<DirectoryGroupMatch[]> {
    const path = `/groups?$filter=${enc(`displayName eq ${literal(name)}`)}&$select=id,displayName`;
    const groups = await this.listAll<{ id: string; displayName?: string | null }>(tenantId, path, 'find groups by name', GROUP_READ);
    return groups.map((g) => ({ id: g.id, displayName: g.displayName ?? name }));
  }

  async listGroupUsers(tenantId: string, groupId: string): Promise<DirectoryUser[]> {
    const path = `/groups/${enc(groupId)}/transitiveMembers/microsoft.graph.user?$select=${USER_SELECT}&$top=999`;
    return (await this.listAll<UserDto>(tenantId, path, 'list the users of a group', GROUP_READ)).map(toUser);
  }

  private async listAll<T>(tenantId: string, path: string, operation: string, permissions: readonly string[]): Promise<T[]> {
    try {
      const client = this.client(tenantId);
      const items: T[] = [];
      let next: string | undefined = path;
      for (let page = 0; next && page < MAX_PAGES; page += 1) {
        const response = (await client.api(next).get()) as { value: T[]; '@odata.nextLink'?: string };
        items.push(...response.value);
        next = response['@odata.nextLink'];
      }
      if (next) throw new DirectoryError('DIRECTORY.UNAVAILABLE', `The list at ${path.split('?')[0]} has more than ${MAX_PAGES} pages; it was not read to the end.`);
      return items;
    } catch (error) {
      throw toDirectoryError(error, operation, permissions);
    }
  }

  private client(tenantId: string): Client {
    let client = this.clients.get(tenantId);
    if (!client) {
      client = createGraphClient(tenantId, {
        baseUrl: this.options.baseUrl ?? GRAPH_V1_BASE_URL,
        getAccessToken: this.options.getAccessToken,
        fetch: this.options.fetch ?? ((url, init) => fetch(url, init as RequestInit)),
        retry: this.options.retry,
      });
      this.clients.set(tenantId, client);
    }
    return client;
  }
}

function toUser(dto: UserDto): DirectoryUser {
  return {
    id: dto.id,
    userPrincipalName: dto.userPrincipalName,
    displayName: dto.displayName ?? dto.userPrincipalName,
    ...(dto.department ? { department: dto.department } : {}),
    ...(dto.jobTitle ? { jobTitle: dto.jobTitle } : {}),
    ...(dto.mail ? { mail: dto.mail } : {}),
    accountEnabled: dto.accountEnabled !== false,
    ...(dto.usageLocation ? { usageLocation: dto.usageLocation } : {}),
  };
}

/**
 * UserAdministration on Microsoft Graph v1.0 through @microsoft/microsoft-graph-client: profile
 * fields, the manager reference and licences. Like GraphDirectory, one class serves the bot's app
 * identity or a management session's account, depending on the token function it is given.
 */
import type { Client } from '@microsoft/microsoft-graph-client';
import type { AutomaticReplies, AutomaticRepliesChange, CreatedTemporaryAccessPass, CustomGraphRequest, GroupSummary, LicenceChange, LicenceSku, ProfileField, TemporaryAccessPassRequest, UserAdministration, UserProfile, UserRef } from '../../ports/user-administration.port';
import { addGroupMember, findGroups, getGroup, isDirectGroupMember, listDirectGroups, removeGroupMember } from './graph-group-membership';
import { createTemporaryAccessPass, getAutomaticReplies, setAutomaticReplies } from './graph-user-access';
import { GraphClientPool, type GraphFetch, type GraphRetryOptions } from './graph-client-factory';
import { isGraphStatus, toDirectoryError } from './graph-error-mapping';
import { DirectoryError } from '../../ports/directory.port';

/** Application permissions each operation needs (least privileged first), for 403 messages. */
export const USER_ADMINISTRATION_PERMISSIONS = {
  getUserProfile: ['User.Read.All', 'User.ReadWrite.All', 'Directory.Read.All'],
  getManager: ['User.Read.All', 'User.ReadWrite.All', 'Directory.Read.All'],
  updateUserProfile: ['User.ReadWrite.All', 'Directory.ReadWrite.All'],
  setManager: ['User.ReadWrite.All', 'Directory.ReadWrite.All'],
  listSubscribedSkus: ['LicenseAssignment.Read.All', 'Organization.Read.All', 'Directory.Read.All'],
  assignLicense: ['LicenseAssignment.ReadWrite.All', 'User.ReadWrite.All', 'Directory.ReadWrite.All'],
  findGroups: ['GroupMember.Read.All', 'Group.Read.All', 'Directory.Read.All'],
  getGroup: ['GroupMember.Read.All', 'Group.Read.All', 'Directory.Read.All'],
  isDirectGroupMember: ['GroupMember.Read.All', 'Group.Read.All', 'Directory.Read.All'],
  addGroupMember: ['GroupMember.ReadWrite.All', 'Group.ReadWrite.All', 'Directory.ReadWrite.All'],
  removeGroupMember: ['GroupMember.ReadWrite.All', 'Group.ReadWrite.All', 'Directory.ReadWrite.All'],
  listDirectGroups: ['GroupMember.Read.All', 'Group.Read.All', 'Directory.Read.All'],
  createTemporaryAccessPass: ['UserAuthenticationMethod.ReadWrite.All'],
  getAutomaticReplies: ['MailboxSettings.Read', 'MailboxSettings.ReadWrite'],
  setAutomaticReplies: ['MailboxSettings.ReadWrite'],
  // The allow-list entry names the exact permission; these are the ones its entries use.
  sendCustomRequest: ['User.ReadWrite.All', 'GroupMember.ReadWrite.All', 'Group.ReadWrite.All', 'MailboxSettings.ReadWrite', 'Directory.ReadWrite.All'],
} as const satisfies Record<keyof UserAdministration, readonly string[]>;

const PROFILE_SELECT = 'id,userPrincipalName,displayName,department,jobTitle,officeLocation,mobilePhone,usageLocation,assignedLicenses';

export interface GraphUserAdministrationOptions {
  baseUrl?: string;
  getAccessToken: (tenantId: string) => Promise<string>;
  fetch?: GraphFetch;
  retry?: GraphRetryOptions;
}

interface GraphProfileDto {
  id: string;
  userPrincipalName: string;
  displayName: string;
  department?: string | null;
  jobTitle?: string | null;
  officeLocation?: string | null;
  mobilePhone?: string | null;
  usageLocation?: string | null;
  assignedLicenses?: Array<{ skuId: string }> | null;
}

interface GraphSkuDto {
  skuId: string;
  skuPartNumber: string;
  consumedUnits?: number | null;
  prepaidUnits?: { enabled?: number | null } | null;
}

const enc = encodeURIComponent;
const optional = (value: string | null | undefined): string | undefined => (value === null || value === undefined || value === '' ? undefined : value);

export class GraphUserAdministration implements UserAdministration {
  private readonly pool: GraphClientPool;

  constructor(options: GraphUserAdministrationOptions) {
    this.pool = new GraphClientPool(options);
  }

  async getUserProfile(tenantId: string, userId: string): Promise<UserProfile | undefined> {
    try {
      const dto = (await this.client(tenantId).api(`/users/${enc(userId)}?$select=${PROFILE_SELECT}`).get()) as GraphProfileDto;
      return {
        id: dto.id,
        userPrincipalName: dto.userPrincipalName,
        displayName: dto.displayName,
        department: optional(dto.department),
        jobTitle: optional(dto.jobTitle),
        officeLocation: optional(dto.officeLocation),
        mobilePhone: optional(dto.mobilePhone),
        usageLocation: optional(dto.usageLocation),
        assignedSkuIds: (dto.assignedLicenses ?? []).map((licence) => licence.skuId.toLowerCase()),
      };
    } catch (error) {
      if (isGraphStatus(error, 404)) return undefined;
      throw toDirectoryError(error, 'read user profile', USER_ADMINISTRATION_PERMISSIONS.getUserProfile);
    }
  }

  async getManager(tenantId: string, userId: string): Promise<UserRef | undefined> {
    try {
      const dto = (await this.client(tenantId).api(`/users/${enc(userId)}/manager?$select=id,userPrincipalName,displayName`).get()) as Partial<UserRef> & { id: string };
      return { id: dto.id, userPrincipalName: dto.userPrincipalName ?? '', displayName: dto.displayName ?? '' };
    } catch (error) {
      // Graph answers 404 (Request_ResourceNotFound) for a user without a manager.
      if (isGraphStatus(error, 404)) return undefined;
      throw toDirectoryError(error, 'read manager', USER_ADMINISTRATION_PERMISSIONS.getManager);
    }
  }

  async sendCustomRequest(tenantId: string, request: CustomGraphRequest): Promise<unknown> {
    if (!/^\/(users|groups)\/[^/?#]+(\/[^?#]*)?$/.test(request.path)) throw new DirectoryError('DIRECTORY.BAD_REQUEST', 'A custom action may only call /users/{id}/… or /groups/{id}/….');
    return this.call(tenantId, 'sendCustomRequest', 'run a custom action', (client) => {
      const api = client.api(request.path);
      switch (request.method) {
        case 'GET':
          return api.get();
        case 'POST':
          return api.post(request.body ?? {});
        case 'PATCH':
          return api.patch(request.body ?? {});
        case 'DELETE':
          return api.delete();
      }
    });
  }

  async updateUserProfile(tenantId: string, userId: string, patch: Partial<Record<ProfileField, string | null>>): Promise<void> {
    await this.call(tenantId, 'updateUserProfile', 'update user profile', (client) => client.api(`/users/${enc(userId)}`).patch(patch));
  }

  async setManager(tenantId: string, userId: string, managerId: string): Promise<void> {
    const reference = { '@odata.id': `${this.pool.baseUrl}/users/${enc(managerId)}` };
    await this.call(tenantId, 'setManager', 'set manager', (client) => client.api(`/users/${enc(userId)}/manager/$ref`).put(reference));
  }

  async listSubscribedSkus(tenantId: string): Promise<LicenceSku[]> {
    return this.call(tenantId, 'listSubscribedSkus', 'list subscribed SKUs', async (client) => {
      const response = (await client.api('/subscribedSkus?$select=skuId,skuPartNumber,consumedUnits,prepaidUnits').get()) as { value: GraphSkuDto[] };
      return response.value.map((sku) => ({
        skuId: sku.skuId.toLowerCase(),
        skuPartNumber: sku.skuPartNumber,
        enabledUnits: sku.prepaidUnits?.enabled ?? 0,
        consumedUnits: sku.consumedUnits ?? 0,
      }));
    });
  }

  async assignLicense(tenantId: string, userId: string, change: LicenceChange): Promise<void> {
    const body = { addLicenses: change.addSkuIds.map((skuId) => ({ skuId, disabledPlans: [] })), removeLicenses: change.removeSkuIds };
    await this.call(tenantId, 'assignLicense', 'assign licence', (client) => client.api(`/users/${enc(userId)}/assignLicense`).post(body));
  }

  private client(tenantId: string): Client {
    return this.pool.client(tenantId);
  }

  findGroups(tenantId: string, displayNameStart: string, options: { top?: number } = {}): Promise<GroupSummary[]> {
    return this.call(tenantId, 'findGroups', 'search groups', (client) => findGroups(client, displayNameStart, options.top ?? 10));
  }

  async getGroup(tenantId: string, groupId: string): Promise<GroupSummary | undefined> {
    try {
      return await getGroup(this.client(tenantId), groupId);
    } catch (error) {
      if (isGraphStatus(error, 404)) return undefined;
      throw toDirectoryError(error, 'read group', USER_ADMINISTRATION_PERMISSIONS.getGroup);
    }
  }

  isDirectGroupMember(tenantId: string, groupId: string, userId: string): Promise<boolean> {
    return this.call(tenantId, 'isDirectGroupMember', 'list group memberships', (client) => isDirectGroupMember(client, groupId, userId));
  }

  addGroupMember(tenantId: string, groupId: string, userId: string): Promise<void> {
    return this.call(tenantId, 'addGroupMember', 'add group member', (client) => addGroupMember(client, groupId, userId));
  }

  removeGroupMember(tenantId: string, groupId: string, userId: string): Promise<void> {
    return this.call(tenantId, 'removeGroupMember', 'remove group member', (client) => removeGroupMember(client, groupId, userId));
  }

  listDirectGroups(tenantId: string, userId: string): Promise<GroupSummary[]> {
    return this.call(tenantId, 'listDirectGroups', 'list group memberships', (client) => listDirectGroups(client, userId));
  }

  createTemporaryAccessPass(tenantId: string, userId: string, request: TemporaryAccessPassRequest): Promise<CreatedTemporaryAccessPass> {
    return this.call(tenantId, 'createTemporaryAccessPass', 'create Temporary Access Pass', (client) => createTemporaryAccessPass(client, userId, request));
  }

  async getAutomaticReplies(tenantId: string, userId: string): Promise<AutomaticReplies | undefined> {
    try {
      return await getAutomaticReplies(this.client(tenantId), userId);
    } catch (error) {
      // No mailbox (no Exchange licence): Graph answers 404 MailboxNotEnabledForRESTAPI.
      if (isGraphStatus(error, 404)) return undefined;
      throw toDirectoryError(error, 'read mailbox settings', USER_ADMINISTRATION_PERMISSIONS.getAutomaticReplies);
    }
  }

  setAutomaticReplies(tenantId: string, userId: string, change: AutomaticRepliesChange): Promise<void> {
    return this.call(tenantId, 'setAutomaticReplies', 'update automatic replies', (client) => setAutomaticReplies(client, userId, change));
  }

  private async call<T>(tenantId: string, operation: keyof typeof USER_ADMINISTRATION_PERMISSIONS, description: string, send: (client: Client) => Promise<T>): Promise<T> {
    try {
      return await send(this.client(tenantId));
    } catch (error) {
      throw toDirectoryError(error, description, USER_ADMINISTRATION_PERMISSIONS[operation]);
    }
  }
}

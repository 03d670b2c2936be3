/**
 * Group look-ups and membership writes on Microsoft Graph v1.0, used by GraphUserAdministration:
 *  - groups are found by the start of their display name (a default query, no ConsistencyLevel);
 *  - a member is added with POST /groups/{id}/members/$ref { "@odata.id": …/directoryObjects/{id} }
 *    and removed with DELETE /groups/{id}/members/{id}/$ref;
 *  - both are idempotent for the caller: Graph's 400 "added object references already exist" and
 *    the 404 of a removal that finds no membership mean the membership is already as wanted.
 * Errors other than those are thrown as the SDK's GraphError, for the caller to map.
 */
import type { Client } from '@microsoft/microsoft-graph-client';
import type { GroupSummary } from '../../ports/user-administration.port';
import { GRAPH_V1_BASE_URL } from './graph-directory';
import { isGraphStatus } from './graph-error-mapping';

const GROUP_SELECT = 'id,displayName,description,isAssignableToRole,groupTypes,mailEnabled,securityEnabled';
const ALREADY_MEMBER = /added object references already exist/i;
const enc = encodeURIComponent;
/** OData string literal: single quotes doubled. */
const literal = (value: string): string => `'${value.replace(/'/g, "''")}'`;

interface GraphGroupDto {
  id: string;
  displayName?: string | null;
  description?: string | null;
  isAssignableToRole?: boolean | null;
  groupTypes?: string[] | null;
  mailEnabled?: boolean | null;
}

function toGroup(dto: GraphGroupDto): GroupSummary {
  const types = dto.groupTypes ?? [];
  return {
    id: dto.id,
    displayName: dto.displayName ?? '',
    ...(dto.description ? { description: dto.description } : {}),
    isAssignableToRole: dto.isAssignableToRole === true,
    dynamic: types.includes('DynamicMembership'),
    exchangeManaged: dto.mailEnabled === true && !types.includes('Unified'),
  };
}

export async function findGroups(client: Client, displayNameStart: string, top: number): Promise<GroupSummary[]> {
  const filter = `startswith(displayName,${literal(displayNameStart)})`;
  const response = (await client.api(`/groups?$filter=${enc(filter)}&$select=${GROUP_SELECT}&$top=${Math.min(Math.max(top, 1), 999)}`).get()) as { value: GraphGroupDto[] };
  return response.value.map(toGroup);
}

export async function getGroup(client: Client, groupId: string): Promise<GroupSummary> {
  return toGroup((await client.api(`/groups/${enc(groupId)}?$select=${GROUP_SELECT}`).get()) as GraphGroupDto);
}

export async function isDirectGroupMember(client: Client, groupId: string, userId: string): Promise<boolean> {
  let next: string | undefined = `/users/${enc(userId)}/memberOf/microsoft.graph.group?$select=id&$top=999`;
  for (let page = 0; next && page < 50; page += 1) {
    const response = (await client.api(next).get()) as { value: Array<{ id: string }>; '@odata.nextLink'?: string };
    if (response.value.some((group) => group.id.toLowerCase() === groupId.toLowerCase())) return true;
    next = response['@odata.nextLink'];
  }
  return false;
}

/** The user's direct groups, with what the leaver action needs to judge each one. */
export async function listDirectGroups(client: Client, userId: string): Promise<GroupSummary[]> {
  const groups: GroupSummary[] = [];
  let next: string | undefined = `/users/${enc(userId)}/memberOf/microsoft.graph.group?$select=${GROUP_SELECT}&$top=999`;
  for (let page = 0; next && page < 50; page += 1) {
    const response = (await client.api(next).get()) as { value: GraphGroupDto[]; '@odata.nextLink'?: string };
    groups.push(...response.value.map(toGroup));
    next = response['@odata.nextLink'];
  }
  return groups;
}

export async function addGroupMember(client: Client, groupId: string, userId: string): Promise<void> {
  try {
    await client.api(`/groups/${enc(groupId)}/members/$ref`).post({ '@odata.id': `${GRAPH_V1_BASE_URL}/directoryObjects/${userId}` });
  } catch (error) {
    if (isGraphStatus(error, 400) && ALREADY_MEMBER.test((error as { message?: string }).message ?? '')) return;
    throw error;
  }
}

export async function removeGroupMember(client: Client, groupId: string, userId: string): Promise<void> {
  try {
    await client.api(`/groups/${enc(groupId)}/members/${enc(userId)}/$ref`).delete();
  } catch (error) {
    if (isGraphStatus(error, 404)) return;
    throw error;
  }
}

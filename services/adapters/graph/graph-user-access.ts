/**
 * Temporary Access Pass and automatic replies on Microsoft Graph v1.0, used by
 * GraphUserAdministration:
 *  - POST /users/{id}/authentication/temporaryAccessPassMethods { lifetimeInMinutes, isUsableOnce }
 *    answers the pass once, in `temporaryAccessPass`; Graph never returns it again. The response
 *    is mapped here and the DTO dropped, so the pass exists only in the returned object;
 *  - GET and PATCH /users/{id}/mailboxSettings, of which only automaticRepliesSetting is read or sent.
 * Errors are thrown as the SDK's GraphError, for the caller to map; a request body is never put
 * in an error (it may hold the pass).
 */
import type { Client } from '@microsoft/microsoft-graph-client';
import type { AutomaticReplies, AutomaticRepliesChange, CreatedTemporaryAccessPass, TemporaryAccessPassRequest } from '../../ports/user-administration.port';

const enc = encodeURIComponent;

interface GraphTemporaryAccessPassDto {
  id: string;
  temporaryAccessPass?: string | null;
  startDateTime?: string | null;
  createdDateTime?: string | null;
  lifetimeInMinutes?: number | null;
  isUsableOnce?: boolean | null;
}

interface GraphAutomaticRepliesDto {
  status?: string | null;
  internalReplyMessage?: string | null;
  externalReplyMessage?: string | null;
  externalAudience?: string | null;
}

export async function createTemporaryAccessPass(client: Client, userId: string, request: TemporaryAccessPassRequest): Promise<CreatedTemporaryAccessPass> {
  const dto = (await client
    .api(`/users/${enc(userId)}/authentication/temporaryAccessPassMethods`)
    .post({ lifetimeInMinutes: request.lifetimeInMinutes, isUsableOnce: request.isUsableOnce })) as GraphTemporaryAccessPassDto;
  if (!dto.temporaryAccessPass) throw new Error('Microsoft Graph created a Temporary Access Pass but did not return it.');
  return {
    id: dto.id,
    pass: dto.temporaryAccessPass,
    startDateTime: dto.startDateTime ?? dto.createdDateTime ?? new Date().toISOString(),
    lifetimeInMinutes: dto.lifetimeInMinutes ?? request.lifetimeInMinutes,
    isUsableOnce: dto.isUsableOnce ?? request.isUsableOnce,
  };
}

const STATUSES = ['disabled', 'alwaysEnabled', 'scheduled'] as const;
const AUDIENCES = ['none', 'contactsOnly', 'all'] as const;

function oneOf<T extends string>(allowed: readonly T[], value: string | null | undefined, fallback: T): T {
  return (allowed as readonly string[]).includes(value ?? '') ? (value as T) : fallback;
}

export async function getAutomaticReplies(client: Client, userId: string): Promise<AutomaticReplies> {
  const dto = (await client.api(`/users/${enc(userId)}/mailboxSettings`).get()) as { automaticRepliesSetting?: GraphAutomaticRepliesDto | null };
  const setting = dto.automaticRepliesSetting ?? {};
  return {
    status: oneOf(STATUSES, setting.status, 'disabled'),
    internalReplyMessage: setting.internalReplyMessage ?? '',
    externalReplyMessage: setting.externalReplyMessage ?? '',
    externalAudience: oneOf(AUDIENCES, setting.externalAudience, 'all'),
  };
}

export async function setAutomaticReplies(client: Client, userId: string, change: AutomaticRepliesChange): Promise<void> {
  // Only what changes is sent: turning replies off keeps the messages for next time, as Outlook does.
  const setting: Record<string, string> = { status: change.status };
  for (const name of ['internalReplyMessage', 'externalReplyMessage', 'externalAudience'] as const) {
    const value = change[name];
    if (value !== undefined) setting[name] = value;
  }
  await client.api(`/users/${enc(userId)}/mailboxSettings`).patch({ automaticRepliesSetting: setting });
}

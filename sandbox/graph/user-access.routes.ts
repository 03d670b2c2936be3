/**
 * A user's Temporary Access Passes and mailbox settings:
 *  - POST /users/{id}/authentication/temporaryAccessPassMethods answers the pass once, in
 *    `temporaryAccessPass` (201); the sandbox keeps only its hash. GET lists them without it,
 *    as Graph does. Entra's rules: the lifetime within the tenant's policy (10–43200 minutes),
 *    one usable pass per user, and a pass for an admin only from a privileged authentication role.
 *  - GET and PATCH /users/{id}/mailboxSettings (automaticRepliesSetting only; the other settings
 *    are answered with Exchange's defaults). A user without `mail` has no mailbox: 404
 *    MailboxNotEnabledForRESTAPI, as Exchange Online answers for an unlicensed user.
 *
 * Simplification: real Exchange Online lets a delegated caller read or change another user's
 * mailbox settings only with FullAccess to that mailbox (Add-MailboxPermission). The sandbox has
 * no mailbox permissions; it asks a delegated caller for a directory role that can update the user.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { hashSecret } from '../directory/model';
import { DEFAULT_AUTOMATIC_REPLIES, isUsablePass, TEMPORARY_ACCESS_PASS_POLICY, type SandboxAutomaticRepliesSetting, type SandboxTemporaryAccessPass } from '../directory/user-access-model';
import { GraphErrors, GraphHttpError } from './errors';
import type { GraphCall, GraphResult, GraphRoute, RouteBody } from './graph-types';
import { metadataUrl } from './odata-query';
import { checkSensitiveAction, checkUserActionOnTarget } from './permissions';
import { isObject, objectBody, rejectUnknownProperties } from './request-body';
import { requireUser } from './users.routes';

const TAP_TYPE = 'microsoft.graph.temporaryAccessPassAuthenticationMethod';
const TAP_BODY: RouteBody = { kind: 'entity', type: TAP_TYPE, properties: ['startDateTime', 'lifetimeInMinutes', 'isUsableOnce'] };
const MAILBOX_BODY: RouteBody = {
  kind: 'entity',
  type: 'microsoft.graph.mailboxSettings',
  properties: ['automaticRepliesSetting/status', 'automaticRepliesSetting/externalAudience', 'automaticRepliesSetting/internalReplyMessage', 'automaticRepliesSetting/externalReplyMessage'],
};
/** Readable, unambiguous characters, letters, digits and a few symbols: 64 of them, so a byte masked to 6 bits picks one without bias. */
const PASS_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789!#%+?@=$';

function newPass(length: number): string {
  const bytes = randomBytes(length);
  return Array.from(bytes, (byte) => PASS_ALPHABET[byte & 63]).join('');
}

function passesOf(call: GraphCall): SandboxTemporaryAccessPass[] {
  call.state.temporaryAccessPasses ??= [];
  return call.state.temporaryAccessPasses;
}

function serializePass(pass: SandboxTemporaryAccessPass, now: Date): Record<string, unknown> {
  const usable = isUsablePass(pass, now);
  const notYet = Date.parse(pass.startDateTime) > now.getTime();
  return {
    id: pass.id,
    isUsable: usable && !notYet,
    methodUsabilityReason: pass.used ? 'OneTimeUsed' : !usable ? 'Expired' : notYet ? 'NotYetValid' : 'EnabledByPolicy',
    createdDateTime: pass.createdDateTime,
    startDateTime: pass.startDateTime,
    lifetimeInMinutes: pass.lifetimeInMinutes,
    isUsableOnce: pass.isUsableOnce,
  };
}

function createPass(call: GraphCall): GraphResult {
  const body = objectBody(call);
  rejectUnknownProperties(body, TAP_BODY, TAP_TYPE);
  const user = requireUser(call.state, call.params['user-id'] as string);
  const denied = checkUserActionOnTarget(call, 'microsoft.directory/users/authenticationMethods/create', user.id) ?? checkSensitiveAction(call, user.id);
  if (denied) throw denied;
  const policy = TEMPORARY_ACCESS_PASS_POLICY;
  const lifetime = body.lifetimeInMinutes ?? policy.defaultLifetimeInMinutes;
  if (typeof lifetime !== 'number' || !Number.isInteger(lifetime)) throw GraphErrors.invalidValue('lifetimeInMinutes', 'temporaryAccessPassAuthenticationMethod');
  if (lifetime < policy.minimumLifetimeInMinutes || lifetime > policy.maximumLifetimeInMinutes) {
    throw GraphErrors.plainBadRequest(`The lifetime of a Temporary Access Pass must be between ${policy.minimumLifetimeInMinutes} and ${policy.maximumLifetimeInMinutes} minutes under the tenant's policy.`);
  }
  if ('isUsableOnce' in body && typeof body.isUsableOnce !== 'boolean') throw GraphErrors.invalidValue('isUsableOnce', 'temporaryAccessPassAuthenticationMethod');
  const start = typeof body.startDateTime === 'string' && !Number.isNaN(Date.parse(body.startDateTime)) ? new Date(body.startDateTime).toISOString() : call.now.toISOString();
  const passes = passesOf(call);
  if (passes.some((existing) => existing.userId === user.id && isUsablePass(existing, call.now))) {
    throw GraphErrors.plainBadRequest('A user can only have one Temporary Access Pass. Delete the existing Temporary Access Pass before creating a new one.');
  }
  const pass = newPass(policy.defaultLength);
  const stored: SandboxTemporaryAccessPass = {
    id: randomUUID(),
    userId: user.id,
    passHash: hashSecret(pass),
    createdDateTime: call.now.toISOString(),
    startDateTime: start,
    lifetimeInMinutes: lifetime,
    isUsableOnce: body.isUsableOnce === true,
  };
  passes.push(stored);
  // The only time the pass leaves the sandbox: this response.
  return {
    status: 201,
    body: { '@odata.context': metadataUrl(call, `users('${user.id}')/authentication/temporaryAccessPassMethods/$entity`), ...serializePass(stored, call.now), temporaryAccessPass: pass },
    mutated: true,
  };
}

function listPasses(call: GraphCall): GraphResult {
  const user = requireUser(call.state, call.params['user-id'] as string);
  const value = (call.state.temporaryAccessPasses ?? []).filter((pass) => pass.userId === user.id).map((pass) => serializePass(pass, call.now));
  return { status: 200, body: { '@odata.context': metadataUrl(call, `users('${user.id}')/authentication/temporaryAccessPassMethods`), value } };
}

function mailboxOwner(call: GraphCall) {
  const user = requireUser(call.state, call.params['user-id'] as string);
  if (!user.mail) throw new GraphHttpError(404, 'MailboxNotEnabledForRESTAPI', 'The mailbox is either inactive, soft-deleted, or is hosted on-premise.');
  const self = call.caller.kind === 'user' && call.caller.oid.toLowerCase() === user.id.toLowerCase();
  if (!self) {
    const denied = checkUserActionOnTarget(call, 'microsoft.directory/users/basic/update', user.id);
    if (denied) throw new GraphHttpError(403, 'ErrorAccessDenied', 'Access is denied. Check credentials and try again.');
  }
  return user;
}

function mailboxSettingsBody(call: GraphCall, setting: SandboxAutomaticRepliesSetting): Record<string, unknown> {
  return {
    '@odata.context': metadataUrl(call, `users('${call.params['user-id']}')/mailboxSettings`),
    archiveFolder: null,
    timeZone: 'UTC',
    delegateMeetingMessageDeliveryOptions: 'sendToDelegateOutlookAndInformationToPrincipal',
    dateFormat: 'M/d/yyyy',
    timeFormat: 'h:mm tt',
    userPurpose: 'user',
    automaticRepliesSetting: {
      ...setting,
      scheduledStartDateTime: { dateTime: call.now.toISOString().replace('Z', '0000'), timeZone: 'UTC' },
      scheduledEndDateTime: { dateTime: new Date(call.now.getTime() + 86_400_000).toISOString().replace('Z', '0000'), timeZone: 'UTC' },
    },
  };
}

const STATUSES = ['disabled', 'alwaysEnabled', 'scheduled'] as const;
const AUDIENCES = ['none', 'contactsOnly', 'all'] as const;

function getMailboxSettings(call: GraphCall): GraphResult {
  const user = mailboxOwner(call);
  return { status: 200, body: mailboxSettingsBody(call, user.automaticRepliesSetting ?? DEFAULT_AUTOMATIC_REPLIES) };
}

function updateMailboxSettings(call: GraphCall): GraphResult {
  const body = objectBody(call);
  rejectUnknownProperties(body, MAILBOX_BODY, 'microsoft.graph.mailboxSettings');
  const user = mailboxOwner(call);
  const current = { ...(user.automaticRepliesSetting ?? DEFAULT_AUTOMATIC_REPLIES) };
  const patch = body.automaticRepliesSetting;
  if (patch !== undefined) {
    if (!isObject(patch)) throw GraphErrors.plainBadRequest("Invalid value for 'automaticRepliesSetting'.");
    for (const name of Object.keys(patch)) {
      if (!['status', 'externalAudience', 'internalReplyMessage', 'externalReplyMessage', 'scheduledStartDateTime', 'scheduledEndDateTime'].includes(name)) throw GraphErrors.unknownProperty(name, 'microsoft.graph.automaticRepliesSetting');
    }
    if ('status' in patch && !(STATUSES as readonly unknown[]).includes(patch.status)) throw GraphErrors.plainBadRequest(`Requested value '${String(patch.status)}' was not found.`);
    if ('externalAudience' in patch && !(AUDIENCES as readonly unknown[]).includes(patch.externalAudience)) throw GraphErrors.plainBadRequest(`Requested value '${String(patch.externalAudience)}' was not found.`);
    for (const message of ['internalReplyMessage', 'externalReplyMessage'] as const) {
      if (message in patch && typeof patch[message] !== 'string') throw GraphErrors.plainBadRequest(`Invalid value for '${message}'.`);
    }
    Object.assign(current, {
      ...(typeof patch.status === 'string' ? { status: patch.status } : {}),
      ...(typeof patch.externalAudience === 'string' ? { externalAudience: patch.externalAudience } : {}),
      ...(typeof patch.internalReplyMessage === 'string' ? { internalReplyMessage: patch.internalReplyMessage } : {}),
      ...(typeof patch.externalReplyMessage === 'string' ? { externalReplyMessage: patch.externalReplyMessage } : {}),
    });
  }
  user.automaticRepliesSetting = current;
  return { status: 200, body: mailboxSettingsBody(call, current), mutated: true };
}

const AUTHENTICATION_METHODS = {
  read: { application: ['UserAuthenticationMethod.Read.All', 'UserAuthenticationMethod.ReadWrite.All'], delegated: ['UserAuthenticationMethod.Read.All', 'UserAuthenticationMethod.ReadWrite.All'] },
  write: { application: ['UserAuthenticationMethod.ReadWrite.All'], delegated: ['UserAuthenticationMethod.ReadWrite.All'] },
};
const MAILBOX_SETTINGS = {
  read: { application: ['MailboxSettings.Read', 'MailboxSettings.ReadWrite'], delegated: ['MailboxSettings.Read', 'MailboxSettings.ReadWrite'] },
  write: { application: ['MailboxSettings.ReadWrite'], delegated: ['MailboxSettings.ReadWrite'] },
};

export const userAccessRoutes: GraphRoute[] = [
  { method: 'POST', path: '/users/{user-id}/authentication/temporaryAccessPassMethods', body: TAP_BODY, permissions: AUTHENTICATION_METHODS.write, handle: createPass },
  { method: 'GET', path: '/users/{user-id}/authentication/temporaryAccessPassMethods', permissions: AUTHENTICATION_METHODS.read, handle: listPasses },
  { method: 'GET', path: '/users/{user-id}/mailboxSettings', permissions: MAILBOX_SETTINGS.read, handle: getMailboxSettings },
  { method: 'PATCH', path: '/users/{user-id}/mailboxSettings', body: MAILBOX_BODY, permissions: MAILBOX_SETTINGS.write, handle: updateMailboxSettings },
];

/**
 * Teams apps in a user's personal scope: POST and GET /users/{id}/teamwork/installedApps, as
 * Microsoft Graph v1.0 serves them. The bot installs itself for a tenant admin it never met, so it
 * can open a 1:1 chat and send an approval card.
 *
 * What Graph does and the sandbox copies:
 *  - the body binds a catalog app: `{"teamsApp@odata.bind": ".../appCatalogs/teamsApps/{id}"}`;
 *  - 201 Created with no body; 409 Conflict when the app is already installed for the user;
 *    404 for an unknown user or an app that is not in the catalog;
 *  - application permissions from Graph's table; the "Self" ones only let an app install itself.
 */
import { BOT_APP } from '../directory/seed/contoso-ids';
import type { DirectoryState, SandboxTeamsAppInstallation } from '../directory/model';
import { GraphErrors, GraphHttpError } from './errors';
import type { GraphCall, GraphResult, GraphRoute, RouteBody } from './graph-types';
import { metadataUrl } from './odata-query';
import { objectBody } from './request-body';
import { requireUser } from './users.routes';

/** A Teams app in the sandbox tenant's app catalog. */
export interface SandboxCatalogApp {
  /** The catalog id (appCatalogs/teamsApps/{id}); what an install binds. */
  id: string;
  /** The manifest id. */
  externalId: string;
  displayName: string;
  /** The Entra app id of the app's bot: an app holding only "Self" permissions may install this one. */
  botAppId: string;
}

/** The bot's Teams app as the sandbox tenant's admin uploaded it (TEAMS_APP_ID in sandbox mode). */
export const SANDBOX_BOT_TEAMS_APP: SandboxCatalogApp = {
  id: 'c8f1b7a2-3d4e-4f5a-9b6c-7d8e9f0a1b2c',
  externalId: BOT_APP.appId,
  displayName: 'Management Session Bot',
  botAppId: BOT_APP.appId,
};

export const TEAMS_APP_CATALOG: readonly SandboxCatalogApp[] = [SANDBOX_BOT_TEAMS_APP];

const SELF_ONLY_PERMISSIONS = ['TeamsAppInstallation.ReadWriteSelfForUser.All', 'TeamsAppInstallation.ReadWriteAndConsentSelfForUser.All'];
const ANY_APP_PERMISSIONS = [
  'TeamsAppInstallation.ReadWriteForUser.All',
  'TeamsAppInstallation.ReadWriteAndConsentForUser.All',
  'TeamsAppInstallation.ManageSelectedForUser.All',
  'TeamsAppInstallation.ReadWriteSelectedForUser.All',
];

/** The body contract: `teamsApp` is the navigation property the @odata.bind annotation sets. */
const INSTALL_BODY: RouteBody = { kind: 'entity', type: 'microsoft.graph.userScopeTeamsAppInstallation', properties: ['teamsApp'] };
const BIND = 'teamsApp@odata.bind';
/** Absolute or relative reference to a catalog app; Graph takes the id from its last segment. */
const BINDING = /(?:^|\/)appCatalogs\/teamsApps(?:\/|\(')([^/()']+)(?:'\))?$/i;

const conflict = (): GraphHttpError => new GraphHttpError(409, 'Conflict', 'App is already installed for the user.');
const appNotFound = (id: string): GraphHttpError => new GraphHttpError(404, 'NotFound', `The Teams app '${id}' was not found in the app catalog.`);

function installationsOf(state: DirectoryState): SandboxTeamsAppInstallation[] {
  state.teamsAppInstallations ??= [];
  return state.teamsAppInstallations;
}

/** Graph's installation ids are opaque base64 strings derived from the scope and the app. */
function installationId(userId: string, teamsAppId: string): string {
  return Buffer.from(`${userId}##${teamsAppId}`, 'utf8').toString('base64');
}

function catalogAppOf(body: Record<string, unknown>): SandboxCatalogApp {
  for (const key of Object.keys(body)) {
    if (key === BIND || key === '@odata.type') continue;
    throw key.endsWith('@odata.bind') || key === 'teamsApp' || key === 'consentedPermissionSet'
      ? GraphErrors.plainBadRequest(`Property '${key}' is not supported when installing an app for a user.`)
      : GraphErrors.unknownProperty(key, 'microsoft.graph.userScopeTeamsAppInstallation');
  }
  const binding = body[BIND];
  if (typeof binding !== 'string') throw GraphErrors.plainBadRequest(`Required property '${BIND}' is missing.`);
  const id = BINDING.exec(binding.trim())?.[1];
  if (!id) throw GraphErrors.plainBadRequest(`Invalid value for '${BIND}': expected a reference to appCatalogs/teamsApps/{id}.`);
  const app = TEAMS_APP_CATALOG.find((candidate) => candidate.id.toLowerCase() === decodeURIComponent(id).toLowerCase());
  if (!app) throw appNotFound(id);
  return app;
}

function installForUser(call: GraphCall): GraphResult {
  const body = objectBody(call);
  const user = requireUser(call.state, call.params['user-id'] as string);
  const app = catalogAppOf(body);
  // An app with only the "Self" permissions may install itself and nothing else.
  const granted = new Set(call.caller.roles.map((role) => role.toLowerCase()));
  const anyApp = ANY_APP_PERMISSIONS.some((p) => granted.has(p.toLowerCase()));
  if (!anyApp && app.botAppId.toLowerCase() !== call.caller.appid.toLowerCase()) throw GraphErrors.insufficientPrivileges();

  const installations = installationsOf(call.state);
  if (installations.some((i) => i.userId === user.id && i.teamsAppId === app.id)) throw conflict();
  installations.push({ id: installationId(user.id, app.id), userId: user.id, teamsAppId: app.id, installedByAppId: call.caller.appid, installedDateTime: call.now.toISOString() });
  return { status: 201, mutated: true };
}

function listForUser(call: GraphCall): GraphResult {
  const user = requireUser(call.state, call.params['user-id'] as string);
  const value = (call.state.teamsAppInstallations ?? []).filter((i) => i.userId === user.id).map((i) => ({ id: i.id, consentedPermissionSet: null }));
  return { status: 200, body: { '@odata.context': metadataUrl(call, `users('${user.id}')/teamwork/installedApps`), value } };
}

const PERMISSIONS = {
  application: [...SELF_ONLY_PERMISSIONS, ...ANY_APP_PERMISSIONS],
  delegated: [
    'TeamsAppInstallation.ReadWriteSelfForUser',
    'TeamsAppInstallation.ReadWriteForUser',
    'TeamsAppInstallation.ReadWriteAndConsentSelfForUser',
    'TeamsAppInstallation.ReadWriteAndConsentForUser',
  ],
};

export const teamworkRoutes: GraphRoute[] = [
  { method: 'POST', path: '/users/{user-id}/teamwork/installedApps', body: INSTALL_BODY, permissions: PERMISSIONS, handle: installForUser },
  {
    method: 'GET',
    path: '/users/{user-id}/teamwork/installedApps',
    permissions: {
      application: ['TeamsAppInstallation.ReadSelfForUser.All', 'TeamsAppInstallation.ReadForUser.All', ...PERMISSIONS.application],
      delegated: ['TeamsAppInstallation.ReadSelfForUser', 'TeamsAppInstallation.ReadForUser', ...PERMISSIONS.delegated],
    },
    handle: listForUser,
  },
];

/**
 * The sandbox's Key Vault secrets subset, served at the sandbox root (the vault URL is the
 * sandbox URL):
 *   GET    /secrets                          list secrets
 *   PUT    /secrets/{name}                   set (a new version each time)
 *   DELETE /secrets/{name}                   soft delete
 *   GET    /secrets/{name}/versions          list versions
 *   GET    /secrets/{name}/{version?}        get latest or one version
 *   PATCH  /secrets/{name}/{version?}        update properties
 *   GET    /deletedsecrets[/{name}]          list / get deleted
 *   DELETE /deletedsecrets/{name}            purge
 *   POST   /deletedsecrets/{name}/recover    recover
 * Every call needs `api-version` and a bearer token for https://vault.azure.net.
 */
import type { SandboxContext, SandboxHandler, SandboxRequest, SandboxResponse } from '../core/types';
import { KeyVaultErrors } from './keyvault-errors';
import * as ops from './secret-operations';
import { authorizeVaultRequest } from './vault-authorization';
import type { VaultValueCipher } from './vault-value-cipher';

const SECRET_NAME = /^[0-9a-zA-Z-]{1,127}$/;

interface Route {
  method: string;
  pattern: RegExp;
  /** RBAC data action, used in the 403 message. */
  action: string;
  mutates: boolean;
  run: (op: ops.OperationContext, req: SandboxRequest, params: string[]) => SandboxResponse;
}

const ROUTES: Route[] = [
  { method: 'GET', pattern: /^\/secrets\/?$/, action: 'readMetadata/action', mutates: false, run: (op, req) => ops.listSecrets(op, req) },
  { method: 'GET', pattern: /^\/deletedsecrets\/?$/, action: 'readMetadata/action', mutates: false, run: (op, req) => ops.listDeletedSecrets(op, req) },
  { method: 'POST', pattern: /^\/deletedsecrets\/([^/]+)\/recover$/, action: 'recover/action', mutates: true, run: (op, _req, [name]) => ops.recoverDeletedSecret(op, name) },
  { method: 'GET', pattern: /^\/deletedsecrets\/([^/]+)$/, action: 'readMetadata/action', mutates: false, run: (op, _req, [name]) => ops.getDeletedSecret(op, name) },
  { method: 'DELETE', pattern: /^\/deletedsecrets\/([^/]+)$/, action: 'purge/action', mutates: true, run: (op, _req, [name]) => ops.purgeDeletedSecret(op, name) },
  { method: 'GET', pattern: /^\/secrets\/([^/]+)\/versions$/, action: 'readMetadata/action', mutates: false, run: (op, req, [name]) => ops.listVersions(op, req, name) },
  { method: 'PUT', pattern: /^\/secrets\/([^/]+)$/, action: 'setSecret/action', mutates: true, run: (op, req, [name]) => ops.setSecret(op, name, req.body) },
  { method: 'DELETE', pattern: /^\/secrets\/([^/]+)$/, action: 'delete', mutates: true, run: (op, _req, [name]) => ops.deleteSecret(op, name) },
  { method: 'GET', pattern: /^\/secrets\/([^/]+)(?:\/([^/]*))?$/, action: 'getSecret/action', mutates: false, run: (op, _req, [name, version]) => ops.getSecret(op, name, version ?? '') },
  { method: 'PATCH', pattern: /^\/secrets\/([^/]+)(?:\/([^/]*))?$/, action: 'update/action', mutates: true, run: (op, req, [name, version]) => ops.updateSecret(op, name, version ?? '', req.body) },
];

export function createKeyVaultHandler(ctx: SandboxContext, cipher: VaultValueCipher): SandboxHandler {
  return async (req) => {
    if (!/^\/(secrets|deletedsecrets)(\/|$)/.test(req.path)) return undefined;
    const resourceBase = `/subscriptions/00000000-0000-0000-0000-000000000000/resourcegroups/sandbox/providers/microsoft.keyvault/vaults/${ctx.state().vault.name}`;
    const matched = matchRoute(req);
    // Authentication comes before everything else: the SDK's first request is a bodiless probe.
    const auth = authorizeVaultRequest(ctx, req, `Microsoft.KeyVault/vaults/secrets/${matched?.route.action ?? 'readMetadata/action'}`, `${resourceBase}${req.path}`);
    if ('response' in auth) return auth.response;
    if (!matched) return KeyVaultErrors.badParameter(`The request URI '${req.path}' or method '${req.method}' is not supported.`);
    const apiVersion = req.query.get('api-version');
    // 7.0–7.6 and the date-named versions that followed (the SDK's latest is 2025-07-01).
    if (!apiVersion || !/^(7\.\d+|\d{4}-\d{2}-\d{2})(-preview(\.\d+)?)?$/.test(apiVersion)) return KeyVaultErrors.badParameter('The request URI contains an invalid API version or none.');
    const [name] = matched.params;
    if (name !== undefined && !SECRET_NAME.test(name)) return KeyVaultErrors.badParameter(`The request URI contains an invalid name: ${name}`);

    const vault = ctx.state().vault;
    const nowInSeconds = Math.floor(ctx.clock.now().getTime() / 1000);
    const expired = ops.purgeExpiredDeletions(vault, nowInSeconds);
    const op: ops.OperationContext = { vault, cipher, bundles: { baseUrl: ctx.baseUrl, recoverableDays: vault.recoverableDays }, nowInSeconds, apiVersion };
    const response = matched.route.run(op, req, matched.params);
    if (expired || (matched.route.mutates && response.status < 300)) await ctx.persist();
    return response;
  };
}

function matchRoute(req: SandboxRequest): { route: Route; params: string[] } | undefined {
  for (const route of ROUTES) {
    if (route.method !== req.method) continue;
    const match = route.pattern.exec(req.path);
    if (!match) continue;
    try {
      return { route, params: match.slice(1).map((p) => (p === undefined ? p : decodeURIComponent(p))) as string[] };
    } catch {
      // Malformed percent-encoding: the name check below rejects it as an invalid name.
      return { route, params: match.slice(1) as string[] };
    }
  }
  return undefined;
}

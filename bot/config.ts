import { existsSync } from 'node:fs';
import { isIP } from 'node:net';
import { z } from 'zod';
import { AppError } from '../services/errors';
import type { LogLevel } from '../services/logger';
import { SecretValue } from './secret-value';

/**
 * The only module that reads `process.env`. Every variable is documented in `.env.example`.
 * Secrets are wrapped in `SecretValue` so that printing the config never prints them.
 */

export type AppMode = 'sandbox' | 'azure';
export type BotAppType = 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';

export interface AppConfig {
  /** sandbox: no bot app id, no inbound auth, loopback only. azure: Bot Framework JWTs + tenant allow-list. */
  readonly mode: AppMode;
  readonly server: { readonly host: string; readonly port: number };
  readonly bot: {
    readonly appId?: string;
    /** Handed to the Bot Framework auth config only. */
    readonly appPassword?: SecretValue;
    readonly appTenantId?: string;
    readonly appType: BotAppType;
    /**
     * The bot's Teams app in the tenant's app catalog (not the manifest id): installed for a tenant
     * admin the bot never met, so an approval card can open a 1:1 chat. Unset: no chat is opened.
     */
    readonly teamsAppId?: string;
  };
  readonly tenants: {
    /** Lower-cased. Empty in sandbox mode means "allow all". */
    readonly allowedTenantIds: readonly string[];
    /** Entra object ids treated as tenant admins before any role is granted (lower-cased). */
    readonly bootstrapTenantAdminIds: readonly string[];
  };
  readonly storage: { readonly databasePath: string };
  readonly log: { readonly level: LogLevel };
  readonly sandbox: {
    readonly url?: string;
    readonly tenantId?: string;
    /** PEM of the sandbox's locally generated CA; trusted by the bot's own SDK clients only. */
    readonly caCertPath?: string;
    /**
     * When set, `POST /api/messages` accepts only requests carrying it (bot/server.ts). `npm start`
     * generates one per start and hands it to its Playground; unset, any local process may post.
     */
    readonly endpointSecret?: SecretValue;
  };
  /**
   * The bot's own identity for Graph, Entra and Key Vault (bot/adapters.ts). In sandbox mode the
   * client id and secret are the sandbox's bot app registration from the seed.
   */
  readonly azure: {
    readonly tenantId?: string;
    readonly clientId?: string;
    readonly clientSecret?: SecretValue;
    readonly clientCertificatePath?: string;
    /** Use the (user-assigned when clientId is set) managed identity instead of a secret or certificate. */
    readonly useManagedIdentity: boolean;
    /** Public-client app for the password grant (Default mode, service-account sign-in); defaults to clientId. */
    readonly passwordGrantClientId?: string;
    /** Sovereign clouds only; the public cloud's login endpoint by default. */
    readonly authorityHost?: string;
    readonly keyVaultUrl?: string;
    /** Microsoft Graph v1.0 root; https://graph.microsoft.com/v1.0 by default. */
    readonly graphBaseUrl?: string;
  };
  /** How the bot's management service account is made (issue 5); names and ids only. */
  readonly managementAccount: {
    readonly upnPrefix: string;
    /** Directory role template ids assigned to it (Global Administrator by default). */
    readonly roleIds: readonly string[];
    readonly usageLocation: string;
  };
  /**
   * Conditional access (issue 15): the addresses Entra sees the bot's sign-ins come from, and the
   * widest range `configure allowed IPs` accepts. Sandbox mode signs in over loopback.
   */
  readonly conditionalAccess: { readonly egressIps: readonly string[]; readonly widestIpv4Prefix: number; readonly widestIpv6Prefix: number };
  /** How an audit export reaches the auditor (file consent in personal chats, or a signed download link). */
  /** Management actions: how long a secret shown once (a temporary password) stays on its card. */
  readonly actions: { readonly shownOnceRedactAfterInMinutes: number };
  readonly auditExport: {
    /** HMAC key of download links. Unset: a random key per process, so links end at a restart (and say so). */
    readonly linkKey?: SecretValue;
    /** How long a consent card or a download link stays valid. */
    readonly linkTtlInMinutes: number;
    /** Offer the export as a file (Teams file consent) in personal chats. Default: on in azure mode, off in sandbox mode (the Playground shows no consent card). */
    readonly fileConsent: boolean;
    /** This bot's public https root for download links (azure mode); sandbox mode uses the address it listens on. */
    readonly publicBaseUrl?: string;
  };
}

/** Entra built-in role template id of Global Administrator (the service account's default role). */
const GLOBAL_ADMINISTRATOR_ROLE_ID = '62e90394-69f5-4237-9190-012177145e10';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '::1']);
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const APP_TYPES: Record<string, BotAppType> = {
  multitenant: 'MultiTenant',
  singletenant: 'SingleTenant',
  userassignedmsi: 'UserAssignedMSI',
};

/** `.env` files often carry `NAME=`; treat blank as unset so defaults apply. */
const blankToUndefined = (value: unknown): unknown => {
  if (typeof value !== 'string') return value;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
};
const optionalText = z.preprocess(blankToUndefined, z.string().optional());
const textWithDefault = (fallback: string) => z.preprocess(blankToUndefined, z.string().default(fallback));
const guid = (what: string) => optionalText.refine((value) => value === undefined || GUID.test(value), `must be a GUID (${what})`);
const guidList = (what: string) =>
  optionalText
    .transform((value) => (value ?? '').split(',').map((item) => item.trim().toLowerCase()).filter(Boolean))
    .refine((items) => items.every((item) => GUID.test(item)), `must be a comma-separated list of GUIDs (${what})`);
/** 32 random bytes are 43 base64url characters; anything shorter could be guessed or is a placeholder. */
const MIN_ENDPOINT_SECRET_LENGTH = 32;
const httpsUrl = optionalText.refine((value) => value === undefined || /^https:\/\/[^\s/]+/i.test(value), 'must be an https:// URL');

const EnvSchema = z.object({
  PORT: textWithDefault('3978')
    .refine((value) => /^\d+$/.test(value) && Number(value) <= 65535, 'must be an integer from 0 to 65535')
    .transform(Number),
  HOST: optionalText,
  MicrosoftAppId: guid('the Azure Bot registration app id'),
  MicrosoftAppPassword: optionalText,
  MicrosoftAppTenantId: guid('the tenant of the Azure Bot registration'),
  MicrosoftAppType: optionalText.refine(
    (value) => value === undefined || value.toLowerCase() in APP_TYPES,
    'must be MultiTenant, SingleTenant or UserAssignedMSI',
  ),
  TEAMS_APP_ID: guid("the bot's Teams app id in the tenant app catalog"),
  ALLOWED_TENANT_IDS: guidList('tenant ids'),
  DATABASE_PATH: textWithDefault('./data/bot.db'),
  LOG_LEVEL: textWithDefault('info')
    .transform((value) => value.toLowerCase())
    .refine((value): value is LogLevel => (LOG_LEVELS as readonly string[]).includes(value), `must be one of ${LOG_LEVELS.join(', ')}`),
  BOOTSTRAP_TENANT_ADMIN_IDS: guidList('user object ids'),
  SANDBOX_URL: httpsUrl,
  SANDBOX_TENANT_ID: guid('the sandbox tenant id'),
  SANDBOX_CA_CERT_PATH: optionalText,
  SANDBOX_ENDPOINT_SECRET: optionalText.refine(
    (value) => value === undefined || value.length >= MIN_ENDPOINT_SECRET_LENGTH,
    `must be at least ${MIN_ENDPOINT_SECRET_LENGTH} characters (e.g. 32 random bytes in base64url)`,
  ),
  AZURE_TENANT_ID: guid('the tenant of the bot identity'),
  AZURE_CLIENT_ID: guid('the client id of the bot identity'),
  AZURE_CLIENT_SECRET: optionalText,
  AZURE_CLIENT_CERTIFICATE_PATH: optionalText,
  AZURE_USE_MANAGED_IDENTITY: textWithDefault('false')
    .transform((value) => value.toLowerCase())
    .refine((value) => value === 'true' || value === 'false', 'must be true or false')
    .transform((value) => value === 'true'),
  AZURE_PASSWORD_GRANT_CLIENT_ID: guid('the public-client app used for the password grant'),
  AZURE_AUTHORITY_HOST: httpsUrl,
  KEY_VAULT_URL: httpsUrl,
  GRAPH_BASE_URL: httpsUrl,
  MANAGEMENT_ACCOUNT_UPN_PREFIX: textWithDefault('mgmt-bot.admin').refine(
    (value) => /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(value),
    'must be a UPN local part: letters, digits, ".", "_" or "-"',
  ),
  MANAGEMENT_ACCOUNT_ROLE_IDS: guidList('directory role template ids').transform((ids) => (ids.length > 0 ? ids : [GLOBAL_ADMINISTRATOR_ROLE_ID])),
  MANAGEMENT_ACCOUNT_USAGE_LOCATION: textWithDefault('US').refine((value) => /^[A-Z]{2}$/.test(value), 'must be a two-letter country code, e.g. US'),
  BOT_EGRESS_IPS: optionalText
    .transform((value) => (value ?? '').split(',').map((item) => item.trim()).filter(Boolean))
    .refine((items) => items.every((item) => isIP(item) !== 0), 'must be a comma-separated list of IP addresses (the public addresses Entra sees the bot sign in from)'),
  ALLOWED_IPS_WIDEST_IPV4_PREFIX: textWithDefault('24')
    .refine((value) => /^\d+$/.test(value) && Number(value) >= 8 && Number(value) <= 32, 'must be a prefix length from 8 to 32')
    .transform(Number),
  ALLOWED_IPS_WIDEST_IPV6_PREFIX: textWithDefault('48')
    .refine((value) => /^\d+$/.test(value) && Number(value) >= 16 && Number(value) <= 128, 'must be a prefix length from 16 to 128')
    .transform(Number),
  AUDIT_EXPORT_LINK_KEY: optionalText.refine(
    (value) => value === undefined || value.length >= MIN_ENDPOINT_SECRET_LENGTH,
    `must be at least ${MIN_ENDPOINT_SECRET_LENGTH} characters (e.g. 32 random bytes in base64url)`,
  ),
  AUDIT_EXPORT_LINK_TTL_MINUTES: textWithDefault('10')
    .refine((value) => /^\d+$/.test(value) && Number(value) >= 1 && Number(value) <= 60, 'must be a whole number of minutes from 1 to 60')
    .transform(Number),
  SHOWN_ONCE_REDACT_AFTER_MINUTES: textWithDefault('10')
    .refine((value) => /^\d+$/.test(value) && Number(value) >= 1 && Number(value) <= 60, 'must be a whole number of minutes from 1 to 60')
    .transform(Number),
  AUDIT_EXPORT_FILE_CONSENT: optionalText
    .transform((value) => value?.toLowerCase())
    .refine((value) => value === undefined || ['on', 'off', 'true', 'false'].includes(value), 'must be on or off'),
  BOT_PUBLIC_URL: httpsUrl,
});

type Env = z.infer<typeof EnvSchema>;

function appTypeOf(env: Env): BotAppType {
  if (env.MicrosoftAppType) return APP_TYPES[env.MicrosoftAppType.toLowerCase()] as BotAppType;
  return env.MicrosoftAppTenantId ? 'SingleTenant' : 'MultiTenant';
}

/** Rules that span variables; each issue names the variable to fix. */
function crossFieldIssues(env: Env): Array<{ variable: string; message: string }> {
  const issues: Array<{ variable: string; message: string }> = [];
  const appType = appTypeOf(env);
  const credentialKinds = [env.AZURE_CLIENT_SECRET, env.AZURE_CLIENT_CERTIFICATE_PATH, env.AZURE_USE_MANAGED_IDENTITY || undefined].filter(Boolean);
  if (credentialKinds.length > 1) {
    issues.push({ variable: 'AZURE_CLIENT_SECRET', message: 'conflicts: set only one of AZURE_CLIENT_SECRET, AZURE_CLIENT_CERTIFICATE_PATH and AZURE_USE_MANAGED_IDENTITY=true' });
  }
  if (!env.MicrosoftAppId) {
    // Half-configured azure settings must not silently fall back to an unauthenticated bot.
    if (env.MicrosoftAppPassword) issues.push({ variable: 'MicrosoftAppId', message: 'is required when MicrosoftAppPassword is set' });
    if (env.MicrosoftAppTenantId) issues.push({ variable: 'MicrosoftAppId', message: 'is required when MicrosoftAppTenantId is set' });
    if (env.HOST && !LOOPBACK_HOSTS.has(env.HOST)) {
      issues.push({ variable: 'HOST', message: 'must be a loopback address (127.0.0.1, ::1, localhost) in sandbox mode, because sandbox mode has no inbound authentication' });
    }
    return issues;
  }
  // The sandbox is never used when real Azure settings are given (DESIGN §3): refuse the mix.
  for (const variable of ['SANDBOX_URL', 'SANDBOX_CA_CERT_PATH', 'SANDBOX_ENDPOINT_SECRET'] as const) {
    if (env[variable]) issues.push({ variable, message: 'must be empty in azure mode (MicrosoftAppId is set); the sandbox is for local runs only' });
  }
  if (env.ALLOWED_TENANT_IDS.length === 0) {
    issues.push({ variable: 'ALLOWED_TENANT_IDS', message: 'must list at least one tenant id when MicrosoftAppId is set (azure mode)' });
  }
  if (appType !== 'MultiTenant' && !env.MicrosoftAppTenantId) {
    issues.push({ variable: 'MicrosoftAppTenantId', message: `is required when MicrosoftAppType is ${appType}` });
  }
  if (appType === 'UserAssignedMSI' && env.MicrosoftAppPassword) {
    issues.push({ variable: 'MicrosoftAppPassword', message: 'must not be set when MicrosoftAppType is UserAssignedMSI' });
  }
  if (appType !== 'UserAssignedMSI' && !env.MicrosoftAppPassword) {
    issues.push({ variable: 'MicrosoftAppPassword', message: `is required when MicrosoftAppId is set and MicrosoftAppType is ${appType}` });
  }
  return issues;
}

function fail(issues: Array<{ variable: string; message: string }>): never {
  // Values are never echoed: some of these variables are secrets.
  const lines = issues.map((issue) => `  - ${issue.variable} ${issue.message}`);
  throw new AppError('CONFIG.INVALID', `Invalid configuration (see .env.example):\n${lines.join('\n')}`, {
    details: { variables: issues.map((issue) => issue.variable).join(',') },
  });
}

const secret = (value: string | undefined): SecretValue | undefined => (value === undefined ? undefined : new SecretValue(value));

/** Parses and validates the environment once, at start-up. Throws `AppError('CONFIG.INVALID')` naming each bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    fail(parsed.error.issues.map((issue) => ({ variable: String(issue.path[0] ?? 'environment'), message: issue.message })));
  }
  const values = parsed.data;
  const issues = crossFieldIssues(values);
  if (issues.length > 0) fail(issues);

  const mode: AppMode = values.MicrosoftAppId ? 'azure' : 'sandbox';
  return {
    mode,
    server: { host: values.HOST ?? (mode === 'azure' ? '0.0.0.0' : '127.0.0.1'), port: values.PORT },
    bot: {
      appId: values.MicrosoftAppId,
      appPassword: secret(values.MicrosoftAppPassword),
      appTenantId: values.MicrosoftAppTenantId,
      appType: appTypeOf(values),
      teamsAppId: values.TEAMS_APP_ID?.toLowerCase(),
    },
    tenants: { allowedTenantIds: values.ALLOWED_TENANT_IDS, bootstrapTenantAdminIds: values.BOOTSTRAP_TENANT_ADMIN_IDS },
    storage: { databasePath: values.DATABASE_PATH },
    log: { level: values.LOG_LEVEL },
    sandbox: {
      url: values.SANDBOX_URL,
      tenantId: values.SANDBOX_TENANT_ID?.toLowerCase(),
      caCertPath: values.SANDBOX_CA_CERT_PATH,
      endpointSecret: secret(values.SANDBOX_ENDPOINT_SECRET),
    },
    azure: {
      tenantId: values.AZURE_TENANT_ID,
      clientId: values.AZURE_CLIENT_ID,
      clientSecret: secret(values.AZURE_CLIENT_SECRET),
      clientCertificatePath: values.AZURE_CLIENT_CERTIFICATE_PATH,
      useManagedIdentity: values.AZURE_USE_MANAGED_IDENTITY,
      passwordGrantClientId: values.AZURE_PASSWORD_GRANT_CLIENT_ID,
      authorityHost: values.AZURE_AUTHORITY_HOST,
      keyVaultUrl: values.KEY_VAULT_URL,
      graphBaseUrl: values.GRAPH_BASE_URL,
    },
    managementAccount: {
      upnPrefix: values.MANAGEMENT_ACCOUNT_UPN_PREFIX,
      roleIds: values.MANAGEMENT_ACCOUNT_ROLE_IDS,
      usageLocation: values.MANAGEMENT_ACCOUNT_USAGE_LOCATION,
    },
    actions: { shownOnceRedactAfterInMinutes: values.SHOWN_ONCE_REDACT_AFTER_MINUTES },
    conditionalAccess: {
      egressIps: values.BOT_EGRESS_IPS.length > 0 ? values.BOT_EGRESS_IPS : mode === 'sandbox' ? ['127.0.0.1'] : [],
      widestIpv4Prefix: values.ALLOWED_IPS_WIDEST_IPV4_PREFIX,
      widestIpv6Prefix: values.ALLOWED_IPS_WIDEST_IPV6_PREFIX,
    },
    auditExport: {
      linkKey: secret(values.AUDIT_EXPORT_LINK_KEY),
      linkTtlInMinutes: values.AUDIT_EXPORT_LINK_TTL_MINUTES,
      fileConsent: values.AUDIT_EXPORT_FILE_CONSENT === undefined ? mode === 'azure' : ['on', 'true'].includes(values.AUDIT_EXPORT_FILE_CONSENT),
      publicBaseUrl: values.BOT_PUBLIC_URL?.replace(/\/+$/, ''),
    },
  };
}

/** Loads `./.env` into the environment if present; variables already set win (Node's semantics). */
export function loadEnvFileIfPresent(path = '.env'): void {
  if (existsSync(path)) process.loadEnvFile(path);
}

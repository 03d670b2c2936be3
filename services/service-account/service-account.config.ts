import { z } from 'zod';
import { DEFAULT_PASSWORD_LENGTH, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from './password-generator';

/** Entra built-in role template id of Global Administrator. */
export const GLOBAL_ADMINISTRATOR_ROLE_ID = '62e90394-69f5-4237-9190-012177145e10';

/** Names for the role ids an admin is most likely to configure, for cards and audit text. */
export const WELL_KNOWN_ROLE_NAMES: Readonly<Record<string, string>> = {
  [GLOBAL_ADMINISTRATOR_ROLE_ID]: 'Global Administrator',
  'fe930be7-5e62-47db-91af-98c3a49a38b1': 'User Administrator',
  '7be44c8a-adaf-4e2a-84d6-ab2649e08a13': 'Privileged Authentication Administrator',
  'e8611ab8-c189-46e8-94e1-60213ab1f814': 'Privileged Role Administrator',
  'c4e39bd9-1100-46d3-8c65-fb160da0071f': 'Authentication Administrator',
  '29232cdf-9323-42fd-ade2-1d097af3e4de': 'Exchange Administrator',
  'fdd7a751-b60b-444a-984c-02652fe8fa1c': 'Groups Administrator',
  '729827e3-9c14-49f7-bb1b-9608f156bbb8': 'Helpdesk Administrator',
  '194ae4cb-b126-40b2-bd5b-6091b380977d': 'Security Administrator',
};

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * How the bot's management service account is made. Held in config (bot/config.ts maps env
 * into it); no secret values here, only names and ids.
 */
export const serviceAccountConfigSchema = z.object({
  /** Local part of the UPN; the tenant's default verified domain is appended. */
  upnLocalPart: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'a UPN local part: letters, digits, ".", "_" or "-"')
    .refine((value) => !value.endsWith('.') && !value.includes('..'), 'no trailing or doubled dot'),
  /** Marks the account as the bot's in the Entra admin center, so nobody "tidies it up" by mistake. */
  displayName: z.string().min(1).max(256),
  /** ISO 3166-1 alpha-2; Graph requires it before licenses can be assigned. */
  usageLocation: z.string().regex(/^[A-Z]{2}$/),
  /** Directory role definition ids assigned at tenant scope ('/'). Default Global Administrator. */
  roleDefinitionIds: z.array(z.string().regex(GUID)).min(1),
  passwordLength: z.number().int().min(MIN_PASSWORD_LENGTH).max(MAX_PASSWORD_LENGTH),
  /** Key Vault secret name = prefix + tenant id (Key Vault allows 1–127 of [0-9a-zA-Z-]). */
  secretNamePrefix: z.string().regex(/^[0-9a-zA-Z-]{1,80}$/),
  secretContentType: z.string().min(1).max(255),
  /**
   * A new account may not sign in for some seconds while Entra replicates it. The verify
   * step retries WRONG_PASSWORD / USER_NOT_FOUND this many times, this far apart.
   */
  signInVerifyAttempts: z.number().int().min(1).max(10),
  signInVerifyDelayInMs: z.number().int().min(0).max(60_000),
});

export type ServiceAccountConfig = z.infer<typeof serviceAccountConfigSchema>;

export const DEFAULT_SERVICE_ACCOUNT_CONFIG: ServiceAccountConfig = {
  upnLocalPart: 'mgmt-bot.admin',
  displayName: 'Management Session Bot – management account (managed by the bot, do not edit)',
  usageLocation: 'US',
  roleDefinitionIds: [GLOBAL_ADMINISTRATOR_ROLE_ID],
  passwordLength: DEFAULT_PASSWORD_LENGTH,
  secretNamePrefix: 'mgmt-sa-',
  secretContentType: 'application/vnd.mgmt-bot.service-account-password',
  signInVerifyAttempts: 4,
  signInVerifyDelayInMs: 3_000,
};

/** Fills defaults and validates; throws a ZodError naming the bad field (config fails fast). */
export function resolveServiceAccountConfig(overrides: Partial<ServiceAccountConfig> = {}): ServiceAccountConfig {
  return serviceAccountConfigSchema.parse({ ...DEFAULT_SERVICE_ACCOUNT_CONFIG, ...overrides });
}

/** The per-tenant Key Vault secret name, e.g. `mgmt-sa-<tenant id>`. */
export function secretNameFor(config: ServiceAccountConfig, tenantId: string): string {
  const name = `${config.secretNamePrefix}${tenantId}`;
  if (!/^[0-9a-zA-Z-]{1,127}$/.test(name)) throw new Error(`Invalid Key Vault secret name for tenant ${tenantId}`);
  return name;
}

export function roleName(roleDefinitionId: string): string {
  return WELL_KNOWN_ROLE_NAMES[roleDefinitionId] ?? roleDefinitionId;
}

/**
 * Fixed identities of the seeded `contoso.test` tenant. Tests, the Agents Playground config and
 * the start script import these instead of copying GUIDs around. Passwords and the client secret
 * are sandbox-only test data: they exist in this file and in `contoso.json`, nowhere else, and
 * the sandbox stores only their hashes.
 */

export const CONTOSO_TENANT_ID = '4adce8ba-2c36-4b8c-a107-b99d651df207';
export const CONTOSO_DOMAIN = 'contoso.test';

export interface SeedAccount {
  id: string;
  userPrincipalName: string;
  displayName: string;
  /** Sandbox-only test password. */
  password: string;
}

/** Default password of every seeded user not listed with its own below. */
export const CONTOSO_DEFAULT_PASSWORD = 'Contoso-User-Sandbox-2025!';

/** The Agents Playground's current user: a Global Administrator who may sign in by password grant from loopback. */
export const GLOBAL_ADMIN: SeedAccount = {
  id: '5bc920d8-f970-41ad-b2a9-54e20eb59706',
  userPrincipalName: 'admin@contoso.test',
  displayName: 'Alex Wilber',
  password: 'Contoso-Admin-Sandbox-2025!',
};

/** A second Global Administrator, the other half of four-eyes approvals. */
export const SECOND_GLOBAL_ADMIN: SeedAccount = {
  id: 'ecc916be-b973-4847-90d4-612da399561c',
  userPrincipalName: 'megan.bowen@contoso.test',
  displayName: 'Megan Bowen',
  password: 'Contoso-Megan-Sandbox-2025!',
};

/** Privileged Role Administrator (a tenant admin for the bot, not a Global Admin). */
export const PRIVILEGED_ROLE_ADMIN: SeedAccount = {
  id: '3994f710-c227-4622-894f-89f4f9369d94',
  userPrincipalName: 'nestor.wilke@contoso.test',
  displayName: 'Nestor Wilke',
  password: CONTOSO_DEFAULT_PASSWORD,
};

/** User Administrator (an admin role, but not a tenant admin for the bot). */
export const USER_ADMIN: SeedAccount = {
  id: '140f869e-921b-4e32-a566-5822666230ea',
  userPrincipalName: 'lee.gu@contoso.test',
  displayName: 'Lee Gu',
  password: CONTOSO_DEFAULT_PASSWORD,
};

/** Emergency-access Global Administrator, excluded from every conditional-access policy. */
export const BREAK_GLASS_ADMIN: SeedAccount = {
  id: 'dd9b3815-9a47-4601-ae37-36a5413c7c13',
  userPrincipalName: 'breakglass@contoso.test',
  displayName: 'Emergency Access (break glass)',
  password: 'Contoso-BreakGlass-Sandbox-2025!',
};

/** The Playground's five other users: help-desk operators, holding no directory role. */
export const HELP_DESK_USERS: readonly SeedAccount[] = [
  { id: 'd06d5bf3-d5a7-4ce4-ac1c-9d6a1e6bedc1', userPrincipalName: 'adele.vance@contoso.test', displayName: 'Adele Vance', password: CONTOSO_DEFAULT_PASSWORD },
  { id: 'e3992743-5dcb-4d78-a380-37cebdc965cb', userPrincipalName: 'isaiah.langer@contoso.test', displayName: 'Isaiah Langer', password: CONTOSO_DEFAULT_PASSWORD },
  { id: '28b53d97-a0a6-4ae1-b7f6-30bfa12f31d8', userPrincipalName: 'lynne.robbins@contoso.test', displayName: 'Lynne Robbins', password: CONTOSO_DEFAULT_PASSWORD },
  { id: '7fd4d0d7-9305-4542-9061-f0f6a7d012ba', userPrincipalName: 'diego.siciliani@contoso.test', displayName: 'Diego Siciliani', password: CONTOSO_DEFAULT_PASSWORD },
  { id: 'c7b63c1c-48cd-4086-ae74-bba4d19f2602', userPrincipalName: 'pradeep.gupta@contoso.test', displayName: 'Pradeep Gupta', password: CONTOSO_DEFAULT_PASSWORD },
];

/** Global Administrator with per-user MFA enforced: a password grant answers AADSTS50076. */
export const MFA_REQUIRED_ADMIN: SeedAccount = {
  id: '63a22047-4916-4437-95ad-1a7b57611099',
  userPrincipalName: 'mfa.admin@contoso.test',
  displayName: 'Joni Sherman (MFA enforced)',
  password: 'Contoso-Mfa-Sandbox-2025!',
};

/**
 * Global Administrator in the "Restricted Admins" group, which the policy
 * CA_BLOCK_RESTRICTED_ADMINS blocks everywhere except "Contoso HQ" (203.0.113.0/24):
 * a password grant from loopback answers AADSTS53003.
 */
export const CA_BLOCKED_ADMIN: SeedAccount = {
  id: '0871f2e4-1d37-4ac0-802f-539a023f1ef1',
  userPrincipalName: 'blocked.admin@contoso.test',
  displayName: 'Grady Archie (restricted)',
  password: 'Contoso-Blocked-Sandbox-2025!',
};

/** Global Administrator whose account is disabled: a password grant answers AADSTS50057. */
export const DISABLED_ADMIN: SeedAccount = {
  id: 'cb4c339d-e345-4d2d-b35f-e4bfc2d43043',
  userPrincipalName: 'disabled.admin@contoso.test',
  displayName: 'Johanna Lorenz (disabled)',
  password: 'Contoso-Disabled-Sandbox-2025!',
};

/** The bot's own app registration in the sandbox tenant. */
export const BOT_APP = {
  appId: '676c966f-5a5b-48eb-9167-d751fddd4a0d',
  objectId: '665030f3-2c5c-4bb5-92ac-90dd41cbb09f',
  servicePrincipalId: 'd2212d66-7771-4508-8201-f76464603170',
  displayName: 'Management Session Bot (sandbox)',
  /** Sandbox-only test client secret. */
  clientSecret: 'msb-sandbox-secret~Q7m2V9xK4pL8wR3t',
  /** Graph application permissions consented in the seed. */
  roles: [
    'User.ReadWrite.All',
    'Group.Read.All',
    'GroupMember.Read.All',
    'RoleManagement.ReadWrite.Directory',
    'Policy.Read.All',
    'Policy.ReadWrite.ConditionalAccess',
    'Directory.Read.All',
    'Organization.Read.All',
    'Domain.Read.All',
    'MailboxSettings.Read',
  ] as readonly string[],
  /** Delegated permissions consented for all users: what a password-grant token's `scp` carries. */
  delegatedScopes: [
    'User.Read',
    'User.ReadWrite.All',
    'Group.Read.All',
    'GroupMember.Read.All',
    'RoleManagement.ReadWrite.Directory',
    'Policy.Read.All',
    'Policy.ReadWrite.ConditionalAccess',
    'Directory.Read.All',
    'Directory.AccessAsUser.All',
    'Organization.Read.All',
    'Domain.Read.All',
    'UserAuthenticationMethod.ReadWrite.All',
    'MailboxSettings.ReadWrite',
  ] as readonly string[],
} as const;

/** A second app with read-only permissions, for negative permission tests. */
export const READ_ONLY_APP = {
  appId: 'f3e30e0b-ef69-428a-b3fc-85d7d5e19bef',
  objectId: '57472552-4a61-4d96-a2e2-c922c6e94afa',
  servicePrincipalId: '49faadc5-b584-4538-a011-7e8d4294e99e',
  displayName: 'Contoso Directory Reader (sandbox)',
  clientSecret: 'reader-sandbox-secret~M4n8B2v6C1x5',
  roles: ['User.Read.All'] as readonly string[],
} as const;

export const GROUPS = {
  allStaff: '30f39035-b792-4985-8e8e-390f03210061',
  itSupport: '452485c0-0e21-48b5-8cb7-695ca308c618',
  restrictedAdmins: '17323bc4-526c-429f-8623-c76152b58a45',
  conditionalAccessExclusions: 'b8b530d9-c660-47cc-9b09-4e3026da628b',
  itAdmins: '8a65711f-32ff-4311-b131-b31a57ff634d',
  sales: '9013b6dc-4e58-4be9-ba45-eb01da4af427',
  salesEmea: 'e20dfcdb-ea8b-4e0b-9396-8ff9a08af80f',
  finance: '94be32db-9593-44bb-9df5-af8a5fb68f22',
  engineering: '45dc211f-dca6-4fff-a56d-a0eb36f3b4f6',
  engineeringPlatform: '87c5017c-da33-4a94-915a-443f264133d7',
  hr: '4d8c49a7-f3cd-446b-99f7-f30350aaf034',
  marketing: 'b1f1d9e2-d5a6-4578-8044-29993835eb4b',
  operations: '495b80d4-de91-4bb3-8f23-8c342058bcb1',
  legal: 'cd1b82da-3157-40fc-a136-ea23455fa032',
} as const;

export const ADMINISTRATIVE_UNITS = {
  sales: '752b5a14-54d2-4d84-9be6-0165454ab794',
  finance: '9b2a094b-535d-4f40-b47d-7d8f8eeb7a5b',
} as const;

export const NAMED_LOCATIONS = {
  /** Trusted: 127.0.0.0/8 and ::1, where the bot and the tests sign in from. */
  sandboxHost: '007ac8f7-7e62-472f-ac7a-d6d1084c55ad',
  /** Trusted: 203.0.113.0/24 (TEST-NET-3), the office. */
  contosoHq: '13df2039-8541-4cb9-9896-ad6d7cd6e28d',
} as const;

export const CA_POLICIES = {
  /** Enabled: MFA for admin roles outside trusted locations (loopback is trusted). */
  requireMfaForAdmins: '0b19213a-afec-4954-bb82-e3323eacb1d8',
  /** Enabled: blocks "Restricted Admins" everywhere except Contoso HQ. */
  blockRestrictedAdmins: '8ed16925-24dc-4f61-9b95-fc8b0bf5bb12',
  /** Report-only: MFA for all users. */
  reportOnlyMfaForAllUsers: 'f31b0e8f-b312-47e9-94f9-4e0a5f017cfc',
} as const;

/** Built-in directory role template ids the bot and the seed use. */
export const ROLE_TEMPLATES = {
  globalAdministrator: '62e90394-69f5-4237-9190-012177145e10',
  privilegedRoleAdministrator: 'e8611ab8-c189-46e8-94e1-60213ab1f814',
  privilegedAuthenticationAdministrator: '7be44c8a-adaf-4e2a-84d6-ab2649e08a13',
  userAdministrator: 'fe930be7-5e62-47db-91af-98c3a49a38b1',
  helpdeskAdministrator: '729827e3-9c14-49f7-bb1b-9608f156bbb8',
  authenticationAdministrator: 'c4e39bd9-1100-46d3-8c65-fb160da0071f',
  passwordAdministrator: '966707d0-3269-4727-9be2-8c3a10f19b9d',
  groupsAdministrator: 'fdd7a751-b60b-444a-984c-02652fe8fa1c',
  licenseAdministrator: '4d6ac14f-3453-41d0-bef9-a3e0c569773a',
  conditionalAccessAdministrator: 'b1be1c3e-b65d-4f19-8427-f6fa0d97feb9',
  securityAdministrator: '194ae4cb-b126-40b2-bd5b-6091b380977d',
  securityReader: '5d6b6bb7-de71-4623-b4af-96380a352509',
  globalReader: 'f2ef992c-3afb-46b9-b7cf-a126ee74c451',
  directoryReaders: '88d8e3e3-8f55-4a1e-953a-9b9898b8876b',
  exchangeAdministrator: '29232cdf-9323-42fd-ade2-1d097af3e4de',
  sharePointAdministrator: 'f28a1f50-f6e7-4571-818b-6a12f2af6b6c',
  teamsAdministrator: '69091246-20e8-4a56-aa4d-066075b2a7a8',
  applicationAdministrator: '9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3',
  cloudApplicationAdministrator: '158c047a-c907-4556-b7ef-446551a6b5f7',
  billingAdministrator: 'b0f54661-2d74-4c50-afa3-1ec803f12efe',
} as const;

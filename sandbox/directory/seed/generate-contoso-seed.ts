/**
 * Writes contoso.json, the sandbox tenant's seed. The JSON is the source of truth the sandbox
 * loads; this script only exists so the 60 ordinary users, their licences and memberships are
 * generated consistently instead of typed by hand. Ids of ordinary objects are derived from
 * their names (SHA-1, UUID v5 layout) so re-running the script changes nothing.
 *
 *   npx tsx sandbox/directory/seed/generate-contoso-seed.ts
 */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ConditionalAccessPolicy, IpNamedLocation, SandboxGroup, SandboxRoleAssignment, SandboxRoleDefinition, SubscribedSku } from '../model';
import type { SeedApplication, SeedDocument, SeedUser } from '../seed';
import { roleAssignmentId } from '../role-assignment-id';
import {
  ADMINISTRATIVE_UNITS,
  BOT_APP,
  BREAK_GLASS_ADMIN,
  CA_BLOCKED_ADMIN,
  CA_POLICIES,
  CONTOSO_DEFAULT_PASSWORD,
  CONTOSO_DOMAIN,
  CONTOSO_TENANT_ID,
  DISABLED_ADMIN,
  GLOBAL_ADMIN,
  GROUPS,
  HELP_DESK_USERS,
  MFA_REQUIRED_ADMIN,
  NAMED_LOCATIONS,
  PRIVILEGED_ROLE_ADMIN,
  READ_ONLY_APP,
  ROLE_TEMPLATES,
  SECOND_GLOBAL_ADMIN,
  USER_ADMIN,
  type SeedAccount,
} from './contoso-ids';

const CREATED = '2024-03-04T09:00:00Z';
const PASSWORD_SET = '2025-01-06T08:00:00Z';

function derivedId(name: string): string {
  const h = createHash('sha1').update(`contoso.test/${name}`).digest();
  h[6] = ((h[6] as number) & 0x0f) | 0x50;
  h[8] = ((h[8] as number) & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}

// ---------------------------------------------------------------- licences
const SKU = {
  o365E3: '6fd2c87f-b296-42f0-b197-1e91e994b900',
  m365E5: '06ebc4ee-1bb5-47dd-8120-11324bc54e06',
  emsE3: 'efccb6f7-5641-4e0e-bd10-b4976e1bf68e',
  entraP2: '84a661c4-e949-4bd2-a560-ed7766fcaf2b',
  powerBiFree: 'a403ebcc-fae0-4ca2-8c8c-7a907fd6c235',
} as const;

const PLAN = {
  exchange: { servicePlanId: 'efb87545-963c-4e0d-99df-69c6916d9eb0', servicePlanName: 'EXCHANGE_S_ENTERPRISE' },
  sharePoint: { servicePlanId: '5dbe027f-2339-4123-9542-606e4d348a72', servicePlanName: 'SHAREPOINTENTERPRISE' },
  teams: { servicePlanId: '57ff2da0-773e-42df-b2af-ffb7a2317929', servicePlanName: 'TEAMS1' },
  officeApps: { servicePlanId: '43de0ff5-c92c-492b-9116-175376d08c38', servicePlanName: 'OFFICESUBSCRIPTION' },
  entraP1: { servicePlanId: '41781fb2-bc02-4b7c-bd55-b576c07bb09d', servicePlanName: 'AAD_PREMIUM' },
  entraP2: { servicePlanId: 'eec0eb4f-6444-4f95-aba0-50c24d67f998', servicePlanName: 'AAD_PREMIUM_P2' },
  mfa: { servicePlanId: '8a256a2b-b617-496d-b51b-e76466e88db0', servicePlanName: 'MFA_PREMIUM' },
  intune: { servicePlanId: 'c1ec4a95-1f05-45b3-a911-aa3fa01094f5', servicePlanName: 'INTUNE_A' },
  powerBi: { servicePlanId: '2049e525-b859-401b-b2a0-e0a31c4b1fe4', servicePlanName: 'BI_AZURE_P0' },
} as const;

type PlanKey = keyof typeof PLAN;

function sku(skuId: string, skuPartNumber: string, units: number, plans: PlanKey[]): SubscribedSku {
  return {
    id: `${CONTOSO_TENANT_ID}_${skuId}`,
    accountId: CONTOSO_TENANT_ID,
    accountName: 'Contoso',
    appliesTo: 'User',
    capabilityStatus: 'Enabled',
    consumedUnits: 0,
    skuId,
    skuPartNumber,
    subscriptionIds: [derivedId(`subscription/${skuPartNumber}`)],
    prepaidUnits: { enabled: units, suspended: 0, warning: 0, lockedOut: 0 },
    servicePlans: plans.map((p) => ({ ...PLAN[p], provisioningStatus: 'Success', appliesTo: 'User' })),
  };
}

const skus: SubscribedSku[] = [
  sku(SKU.o365E3, 'ENTERPRISEPACK', 100, ['exchange', 'sharePoint', 'teams', 'officeApps']),
  sku(SKU.m365E5, 'SPE_E5', 25, ['exchange', 'sharePoint', 'teams', 'officeApps', 'entraP1', 'entraP2', 'mfa', 'intune']),
  sku(SKU.emsE3, 'EMS', 100, ['entraP1', 'mfa', 'intune']),
  sku(SKU.entraP2, 'AAD_PREMIUM_P2', 10, ['entraP1', 'entraP2', 'mfa']),
  sku(SKU.powerBiFree, 'POWER_BI_STANDARD', 1000000, ['powerBi']),
];

// ---------------------------------------------------------------- users
interface UserSpec {
  account: SeedAccount;
  givenName: string;
  surname: string;
  department: string;
  jobTitle: string;
  officeLocation: string;
  usageLocation: string;
  accountEnabled?: boolean;
  requiresMfa?: boolean;
  licenses: string[];
}

function user(spec: UserSpec): SeedUser {
  const alias = spec.account.userPrincipalName.split('@')[0] as string;
  return {
    id: spec.account.id,
    userPrincipalName: spec.account.userPrincipalName,
    displayName: spec.account.displayName,
    givenName: spec.givenName,
    surname: spec.surname,
    mail: spec.account.userPrincipalName,
    mailNickname: alias,
    department: spec.department,
    jobTitle: spec.jobTitle,
    officeLocation: spec.officeLocation,
    mobilePhone: null,
    businessPhones: [],
    preferredLanguage: 'en-US',
    accountEnabled: spec.accountEnabled ?? true,
    usageLocation: spec.usageLocation,
    userType: 'Member',
    createdDateTime: CREATED,
    signInSessionsValidFromDateTime: PASSWORD_SET,
    lastPasswordChangeDateTime: PASSWORD_SET,
    assignedLicenses: spec.licenses.map((skuId) => ({ skuId, disabledPlans: [] })),
    passwordPolicies: null,
    password: spec.account.password,
    requiresMfa: spec.requiresMfa ?? false,
    passwordChangedAt: PASSWORD_SET,
    forceChangePasswordNextSignIn: false,
  };
}

const it = { department: 'IT', officeLocation: 'Redmond', usageLocation: 'US' };
const specialUsers: SeedUser[] = [
  user({ account: GLOBAL_ADMIN, givenName: 'Alex', surname: 'Wilber', jobTitle: 'IT Director', ...it, licenses: [SKU.m365E5] }),
  user({ account: SECOND_GLOBAL_ADMIN, givenName: 'Megan', surname: 'Bowen', jobTitle: 'IT Manager', ...it, licenses: [SKU.m365E5] }),
  user({ account: PRIVILEGED_ROLE_ADMIN, givenName: 'Nestor', surname: 'Wilke', jobTitle: 'Identity Architect', ...it, licenses: [SKU.m365E5] }),
  user({ account: USER_ADMIN, givenName: 'Lee', surname: 'Gu', jobTitle: 'Identity Administrator', ...it, licenses: [SKU.o365E3, SKU.emsE3] }),
  user({ account: BREAK_GLASS_ADMIN, givenName: 'Emergency', surname: 'Access', jobTitle: 'Emergency access account', ...it, licenses: [] }),
  user({ account: MFA_REQUIRED_ADMIN, givenName: 'Joni', surname: 'Sherman', jobTitle: 'Cloud Administrator', ...it, requiresMfa: true, licenses: [SKU.m365E5] }),
  user({ account: CA_BLOCKED_ADMIN, givenName: 'Grady', surname: 'Archie', jobTitle: 'Contract Administrator', ...it, licenses: [SKU.o365E3] }),
  user({ account: DISABLED_ADMIN, givenName: 'Johanna', surname: 'Lorenz', jobTitle: 'Former IT Administrator', ...it, accountEnabled: false, licenses: [] }),
  ...HELP_DESK_USERS.map((account) => {
    const [givenName = '', surname = ''] = account.displayName.split(' ');
    return user({ account, givenName, surname, jobTitle: 'Help Desk Technician', department: 'IT Support', officeLocation: 'Redmond', usageLocation: 'US', licenses: [SKU.o365E3] });
  }),
];

/** Ordinary staff: [givenName, surname, jobTitle, office, usageLocation, team] per department. */
const STAFF: Record<string, Array<[string, string, string, string, string, string?]>> = {
  Sales: [
    ['Patti', 'Fernandez', 'Sales Director', 'New York', 'US'],
    ['Allan', 'Deyoung', 'Account Executive', 'New York', 'US'],
    ['Christie', 'Cline', 'Account Executive', 'Chicago', 'US'],
    ['Debra', 'Berger', 'Sales Representative', 'Chicago', 'US'],
    ['Enrico', 'Cattaneo', 'Account Manager', 'Milan', 'IT', 'emea'],
    ['Henrietta', 'Mueller', 'Account Manager', 'Berlin', 'DE', 'emea'],
    ['Irvin', 'Sayers', 'Sales Representative', 'London', 'GB', 'emea'],
    ['Jordan', 'Miller', 'Sales Representative', 'Seattle', 'US'],
    ['Karina', 'Duval', 'Sales Engineer', 'Paris', 'FR', 'emea'],
    ['Luis', 'Ortega', 'Sales Operations Analyst', 'Seattle', 'US'],
    ['Miriam', 'Graham', 'Regional Sales Manager', 'London', 'GB', 'emea'],
    ['Noah', 'Fischer', 'Inside Sales', 'Seattle', 'US'],
  ],
  Finance: [
    ['Alice', 'Ng', 'Chief Financial Officer', 'Seattle', 'US'],
    ['Ben', 'Walters', 'Controller', 'Seattle', 'US'],
    ['Carla', 'Reyes', 'Accountant', 'Seattle', 'US'],
    ['David', 'So', 'Accounts Payable Specialist', 'Seattle', 'US'],
    ['Elena', 'Petrova', 'Financial Analyst', 'London', 'GB'],
    ['Farah', 'Haddad', 'Payroll Specialist', 'Seattle', 'US'],
    ['Gustavo', 'Lima', 'Treasury Analyst', 'New York', 'US'],
    ['Hana', 'Sato', 'Tax Manager', 'New York', 'US'],
    ['Ian', 'McAllister', 'Auditor', 'London', 'GB'],
  ],
  Engineering: [
    ['Jamal', 'Carter', 'VP Engineering', 'Redmond', 'US'],
    ['Kira', 'Novak', 'Principal Engineer', 'Redmond', 'US', 'platform'],
    ['Liam', 'O\'Brien', 'Software Engineer', 'Redmond', 'US', 'platform'],
    ['Maya', 'Patel', 'Software Engineer', 'Redmond', 'US', 'platform'],
    ['Nikolai', 'Ivanov', 'Site Reliability Engineer', 'Berlin', 'DE', 'platform'],
    ['Olivia', 'Chen', 'Software Engineer', 'Redmond', 'US'],
    ['Pablo', 'Garcia', 'QA Engineer', 'Redmond', 'US'],
    ['Quinn', 'Taylor', 'Engineering Manager', 'Redmond', 'US'],
    ['Rosa', 'Martinez', 'Data Engineer', 'Redmond', 'US'],
    ['Samir', 'Khan', 'Security Engineer', 'Redmond', 'US'],
    ['Tanya', 'Kowalski', 'Software Engineer', 'Berlin', 'DE'],
    ['Umar', 'Farouk', 'DevOps Engineer', 'Redmond', 'US', 'platform'],
  ],
  HR: [
    ['Valerie', 'Dubois', 'HR Director', 'Seattle', 'US'],
    ['Walter', 'Brooks', 'HR Business Partner', 'Seattle', 'US'],
    ['Xena', 'Papadopoulos', 'Recruiter', 'Seattle', 'US'],
    ['Yusuf', 'Demir', 'Recruiter', 'London', 'GB'],
    ['Zoe', 'Lambert', 'Benefits Specialist', 'Seattle', 'US'],
    ['Aaron', 'Whitfield', 'Learning & Development Manager', 'Seattle', 'US'],
    ['Bianca', 'Rossi', 'HR Coordinator', 'Milan', 'IT'],
  ],
  Marketing: [
    ['Cameron', 'White', 'Marketing Director', 'New York', 'US'],
    ['Dana', 'Whitaker', 'Brand Manager', 'New York', 'US'],
    ['Ethan', 'Cole', 'Content Strategist', 'New York', 'US'],
    ['Fiona', 'Gallagher', 'Product Marketing Manager', 'London', 'GB'],
    ['George', 'Lindqvist', 'Digital Marketing Specialist', 'Seattle', 'US'],
    ['Hiro', 'Tanaka', 'Designer', 'Seattle', 'US'],
    ['Isabel', 'Moreno', 'Events Manager', 'Paris', 'FR'],
    ['Jack', 'Turner', 'Social Media Manager', 'New York', 'US'],
    ['Kenji', 'Watanabe', 'Marketing Analyst', 'Seattle', 'US'],
  ],
  Operations: [
    ['Laura', 'Schmidt', 'COO', 'Seattle', 'US'],
    ['Marcus', 'Bell', 'Facilities Manager', 'Seattle', 'US'],
    ['Nora', 'Quinn', 'Procurement Specialist', 'Seattle', 'US'],
    ['Oscar', 'Nilsson', 'Logistics Coordinator', 'Berlin', 'DE'],
    ['Priya', 'Raman', 'Operations Analyst', 'Seattle', 'US'],
    ['Rafael', 'Souza', 'Supply Chain Manager', 'New York', 'US'],
  ],
  Legal: [
    ['Sofia', 'Andersson', 'General Counsel', 'Seattle', 'US'],
    ['Thomas', 'Wright', 'Corporate Counsel', 'Seattle', 'US'],
    ['Ursula', 'Klein', 'Compliance Officer', 'Berlin', 'DE'],
    ['Victor', 'Hugo', 'Paralegal', 'Paris', 'FR'],
    ['Wendy', 'Park', 'Contracts Manager', 'New York', 'US'],
  ],
};

/** Leavers: ordinary accounts already blocked from sign-in. */
const DISABLED_STAFF = new Set(['luis.ortega', 'farah.haddad']);

function alias(givenName: string, surname: string): string {
  return `${givenName}.${surname}`.toLowerCase().replace(/[^a-z.]/g, '');
}

const staffUsers: Array<SeedUser & { team?: string }> = [];
for (const [department, rows] of Object.entries(STAFF)) {
  for (const [givenName, surname, jobTitle, officeLocation, usageLocation, team] of rows) {
    const a = alias(givenName, surname);
    const account: SeedAccount = {
      id: derivedId(`user/${a}`),
      userPrincipalName: `${a}@${CONTOSO_DOMAIN}`,
      displayName: `${givenName} ${surname}`,
      password: CONTOSO_DEFAULT_PASSWORD,
    };
    const licenses = department === 'Engineering' ? [SKU.m365E5] : [SKU.o365E3, SKU.emsE3];
    const seeded = user({ account, givenName, surname, department, jobTitle, officeLocation, usageLocation, accountEnabled: !DISABLED_STAFF.has(a), licenses });
    staffUsers.push(team ? { ...seeded, team } : seeded);
  }
}

const users: SeedUser[] = [...specialUsers, ...staffUsers.map(({ team: _team, ...u }) => u)];
for (const s of skus) s.consumedUnits = users.filter((u) => u.assignedLicenses.some((l) => l.skuId === s.skuId)).length;

// ---------------------------------------------------------------- groups
function group(id: string, displayName: string, description: string, members: string[], extra: Partial<SandboxGroup> = {}): SandboxGroup {
  const mailNickname = displayName.replace(/[^A-Za-z0-9]/g, '');
  return {
    id,
    displayName,
    description,
    mailNickname,
    mail: null,
    mailEnabled: false,
    securityEnabled: true,
    groupTypes: [],
    visibility: null,
    isAssignableToRole: false,
    createdDateTime: CREATED,
    members,
    owners: [GLOBAL_ADMIN.id],
    ...extra,
  };
}

const staffIn = (department: string, team?: string): string[] =>
  staffUsers.filter((u) => u.department === department && (team === undefined || u.team === team)).map((u) => u.id);
const staffInExcept = (department: string, team: string): string[] => staffUsers.filter((u) => u.department === department && u.team !== team).map((u) => u.id);

const groups: SandboxGroup[] = [
  // Nested: "Sales" holds the EMEA team as a group; "Engineering" holds "Engineering - Platform".
  group(GROUPS.salesEmea, 'Sales - EMEA', 'Sales team for Europe, Middle East and Africa', staffIn('Sales', 'emea')),
  group(GROUPS.sales, 'Sales', 'All of Sales', [...staffInExcept('Sales', 'emea'), GROUPS.salesEmea]),
  group(GROUPS.finance, 'Finance', 'Finance department', staffIn('Finance')),
  group(GROUPS.engineeringPlatform, 'Engineering - Platform', 'Platform engineering team', staffIn('Engineering', 'platform')),
  group(GROUPS.engineering, 'Engineering', 'All of Engineering', [...staffInExcept('Engineering', 'platform'), GROUPS.engineeringPlatform]),
  group(GROUPS.hr, 'Human Resources', 'HR department', staffIn('HR')),
  group(GROUPS.marketing, 'Marketing', 'Marketing department (Microsoft 365 group)', staffIn('Marketing'), {
    mail: `marketing@${CONTOSO_DOMAIN}`,
    mailEnabled: true,
    groupTypes: ['Unified'],
    visibility: 'Private',
  }),
  group(GROUPS.operations, 'Operations', 'Operations department', staffIn('Operations')),
  group(GROUPS.legal, 'Legal', 'Legal department', staffIn('Legal')),
  group(GROUPS.itSupport, 'IT Support', 'Help-desk technicians (the bot\'s operators)', HELP_DESK_USERS.map((u) => u.id)),
  group(GROUPS.itAdmins, 'IT Admins', 'Directory administrators', [GLOBAL_ADMIN.id, SECOND_GLOBAL_ADMIN.id, PRIVILEGED_ROLE_ADMIN.id, USER_ADMIN.id, MFA_REQUIRED_ADMIN.id, CA_BLOCKED_ADMIN.id]),
  group(GROUPS.restrictedAdmins, 'Restricted Admins', 'Admins who may sign in only from Contoso HQ (conditional access)', [CA_BLOCKED_ADMIN.id]),
  group(GROUPS.conditionalAccessExclusions, 'Conditional Access Exclusions', 'Emergency-access accounts excluded from every conditional-access policy', [BREAK_GLASS_ADMIN.id]),
  group(GROUPS.allStaff, 'All Staff', 'Everyone at Contoso, through the department groups', [
    GROUPS.sales, GROUPS.finance, GROUPS.engineering, GROUPS.hr, GROUPS.marketing, GROUPS.operations, GROUPS.legal, GROUPS.itSupport, GROUPS.itAdmins,
  ]),
];

const administrativeUnits = [
  { id: ADMINISTRATIVE_UNITS.sales, displayName: 'Sales Department', description: 'Users of the Sales department', visibility: null, members: staffIn('Sales') },
  { id: ADMINISTRATIVE_UNITS.finance, displayName: 'Finance Department', description: 'Users of the Finance department', visibility: null, members: staffIn('Finance') },
];

// ---------------------------------------------------------------- roles
const all = (resource: string): string => `microsoft.directory/${resource}/allProperties/allTasks`;
const read = (resource: string): string => `microsoft.directory/${resource}/standard/read`;
const userHelpdesk = ['microsoft.directory/users/password/update', 'microsoft.directory/users/invalidateAllRefreshTokens', read('users')];

function role(displayName: string, templateId: string, description: string, actions: string[], isPrivileged: boolean): SandboxRoleDefinition {
  return {
    id: templateId,
    templateId,
    displayName,
    description,
    isBuiltIn: true,
    isEnabled: true,
    resourceScopes: ['/'],
    version: '1',
    rolePermissions: [{ allowedResourceActions: actions, condition: null }],
    isPrivileged,
  };
}

const R = ROLE_TEMPLATES;
const roleDefinitions: SandboxRoleDefinition[] = [
  role('Global Administrator', R.globalAdministrator, 'Can manage all aspects of Microsoft Entra ID and Microsoft services that use Microsoft Entra identities.', [
    all('users'), all('groups'), all('administrativeUnits'), all('roleAssignments'), all('roleDefinitions'), all('conditionalAccessPolicies'), all('namedLocations'),
    all('organization'), all('domains'), all('subscribedSkus'), all('applications'), all('servicePrincipals'),
  ], true),
  role('Privileged Role Administrator', R.privilegedRoleAdministrator, 'Can manage role assignments in Microsoft Entra ID, and all aspects of Privileged Identity Management.', [
    all('roleAssignments'), all('roleDefinitions'), 'microsoft.directory/administrativeUnits/allProperties/read', read('users'),
  ], true),
  role('Privileged Authentication Administrator', R.privilegedAuthenticationAdministrator, 'Can access to view, set and reset authentication method information for any user (admin or non-admin).', [
    'microsoft.directory/users/password/update', 'microsoft.directory/users/invalidateAllRefreshTokens', 'microsoft.directory/users/disable', 'microsoft.directory/users/enable',
    'microsoft.directory/users/delete', 'microsoft.directory/users/basic/update', read('users'),
  ], true),
  role('User Administrator', R.userAdministrator, 'Can manage all aspects of users and groups, including resetting passwords for limited admins.', [
    'microsoft.directory/users/create', 'microsoft.directory/users/delete', 'microsoft.directory/users/disable', 'microsoft.directory/users/enable', 'microsoft.directory/users/basic/update',
    'microsoft.directory/users/assignLicense', 'microsoft.directory/users/password/update', 'microsoft.directory/users/invalidateAllRefreshTokens', 'microsoft.directory/users/userPrincipalName/update',
    all('groups'), read('users'),
  ], true),
  role('Helpdesk Administrator', R.helpdeskAdministrator, 'Can reset passwords for non-administrators and Helpdesk Administrators.', userHelpdesk, true),
  role('Password Administrator', R.passwordAdministrator, 'Can reset passwords for non-administrators and Password Administrators.', ['microsoft.directory/users/password/update', read('users')], true),
  role('Authentication Administrator', R.authenticationAdministrator, 'Can access to view, set and reset authentication method information for any non-admin user.', userHelpdesk, true),
  role('Conditional Access Administrator', R.conditionalAccessAdministrator, 'Can manage Conditional Access capabilities.', [all('conditionalAccessPolicies'), all('namedLocations')], true),
  role('Security Administrator', R.securityAdministrator, 'Can read security information and reports, and manage configuration in Microsoft Entra ID and Office 365.', [
    all('conditionalAccessPolicies'), all('namedLocations'), read('users'),
  ], true),
  role('Security Reader', R.securityReader, 'Can read security information and reports in Microsoft Entra ID and Office 365.', [
    'microsoft.directory/conditionalAccessPolicies/allProperties/read', 'microsoft.directory/namedLocations/allProperties/read',
  ], true),
  role('Global Reader', R.globalReader, 'Can read everything that a Global Administrator can, but not update anything.', [
    'microsoft.directory/users/allProperties/read', 'microsoft.directory/groups/allProperties/read', 'microsoft.directory/roleAssignments/allProperties/read',
    'microsoft.directory/conditionalAccessPolicies/allProperties/read', 'microsoft.directory/namedLocations/allProperties/read', 'microsoft.directory/organization/allProperties/read',
  ], true),
  role('Groups Administrator', R.groupsAdministrator, 'Members of this role can create/manage groups, create/manage groups settings like naming and expiration policies, and view groups activity and audit reports.', [all('groups')], false),
  role('License Administrator', R.licenseAdministrator, 'Can manage product licenses on users and groups.', ['microsoft.directory/users/assignLicense', read('users')], false),
  role('Directory Readers', R.directoryReaders, 'Can read basic directory information. Commonly used to grant directory read access to applications and guests.', [read('users'), read('groups')], false),
  role('Exchange Administrator', R.exchangeAdministrator, 'Can manage all aspects of the Exchange product.', [all('groups')], false),
  role('SharePoint Administrator', R.sharePointAdministrator, 'Can manage all aspects of the SharePoint service.', [all('groups')], false),
  role('Teams Administrator', R.teamsAdministrator, 'Can manage the Microsoft Teams service.', [all('groups')], false),
  role('Application Administrator', R.applicationAdministrator, 'Can create and manage all aspects of app registrations and enterprise apps.', [all('applications'), all('servicePrincipals')], true),
  role('Cloud Application Administrator', R.cloudApplicationAdministrator, 'Can create and manage all aspects of app registrations and enterprise apps except App Proxy.', [all('applications'), all('servicePrincipals')], true),
  role('Billing Administrator', R.billingAdministrator, 'Can perform common billing related tasks like updating payment information.', [all('subscribedSkus'), 'microsoft.directory/organization/basic/update'], false),
];

function assign(principalId: string, roleTemplateId: string): SandboxRoleAssignment {
  return { id: roleAssignmentId(roleTemplateId, principalId), principalId, roleDefinitionId: roleTemplateId, directoryScopeId: '/', appScopeId: null, condition: null };
}

const roleAssignments: SandboxRoleAssignment[] = [
  ...[GLOBAL_ADMIN, SECOND_GLOBAL_ADMIN, BREAK_GLASS_ADMIN, MFA_REQUIRED_ADMIN, CA_BLOCKED_ADMIN, DISABLED_ADMIN].map((a) => assign(a.id, R.globalAdministrator)),
  assign(PRIVILEGED_ROLE_ADMIN.id, R.privilegedRoleAdministrator),
  assign(USER_ADMIN.id, R.userAdministrator),
  // The bot's service principal resets the service account's password (a Global Admin) in
  // app-only mode; Entra requires Privileged Authentication Administrator for that.
  assign(BOT_APP.servicePrincipalId, R.privilegedAuthenticationAdministrator),
];

// ---------------------------------------------------------------- conditional access
const namedLocations: IpNamedLocation[] = [
  {
    '@odata.type': '#microsoft.graph.ipNamedLocation',
    id: NAMED_LOCATIONS.sandboxHost,
    displayName: 'Sandbox host (loopback)',
    createdDateTime: CREATED,
    modifiedDateTime: CREATED,
    isTrusted: true,
    ipRanges: [
      { '@odata.type': '#microsoft.graph.iPv4CidrRange', cidrAddress: '127.0.0.0/8' },
      { '@odata.type': '#microsoft.graph.iPv6CidrRange', cidrAddress: '::1/128' },
    ],
  },
  {
    '@odata.type': '#microsoft.graph.ipNamedLocation',
    id: NAMED_LOCATIONS.contosoHq,
    displayName: 'Contoso HQ',
    createdDateTime: CREATED,
    modifiedDateTime: CREATED,
    isTrusted: true,
    ipRanges: [{ '@odata.type': '#microsoft.graph.iPv4CidrRange', cidrAddress: '203.0.113.0/24' }],
  },
];

const ADMIN_ROLES = [
  R.globalAdministrator, R.privilegedRoleAdministrator, R.privilegedAuthenticationAdministrator, R.userAdministrator, R.helpdeskAdministrator,
  R.authenticationAdministrator, R.passwordAdministrator, R.conditionalAccessAdministrator, R.securityAdministrator, R.applicationAdministrator,
  R.cloudApplicationAdministrator, R.exchangeAdministrator, R.sharePointAdministrator, R.billingAdministrator,
];

function caUsers(over: Partial<NonNullable<ConditionalAccessPolicy['conditions']['users']>>): NonNullable<ConditionalAccessPolicy['conditions']['users']> {
  return {
    includeUsers: [], excludeUsers: [], includeGroups: [], excludeGroups: [GROUPS.conditionalAccessExclusions], includeRoles: [], excludeRoles: [],
    includeGuestsOrExternalUsers: null, excludeGuestsOrExternalUsers: null, ...over,
  };
}

function caPolicy(id: string, displayName: string, state: ConditionalAccessPolicy['state'], users: ReturnType<typeof caUsers>, builtInControls: string[], locations: ConditionalAccessPolicy['conditions']['locations'] = null): ConditionalAccessPolicy {
  return {
    id, displayName, description: null, state, createdDateTime: CREATED, modifiedDateTime: CREATED, templateId: null,
    conditions: {
      users,
      applications: { includeApplications: ['All'], excludeApplications: [], includeUserActions: [], includeAuthenticationContextClassReferences: [] },
      clientAppTypes: ['all'], locations, platforms: null, signInRiskLevels: [], userRiskLevels: [], servicePrincipalRiskLevels: [], clientApplications: null, devices: null,
    },
    grantControls: { operator: 'OR', builtInControls, customAuthenticationFactors: [], termsOfUse: [] },
    sessionControls: null,
  };
}

const conditionalAccessPolicies: ConditionalAccessPolicy[] = [
  // Trusted locations are excluded so admins (and the bot's service account) can use the
  // password grant from the sandbox host; anywhere else an admin needs MFA.
  caPolicy(CA_POLICIES.requireMfaForAdmins, 'Require MFA for administrators', 'enabled', caUsers({ includeRoles: ADMIN_ROLES }), ['mfa'], {
    includeLocations: ['All'], excludeLocations: ['AllTrusted'],
  }),
  caPolicy(CA_POLICIES.blockRestrictedAdmins, 'Block restricted admins outside Contoso HQ', 'enabled', caUsers({ includeGroups: [GROUPS.restrictedAdmins] }), ['block'], {
    includeLocations: ['All'], excludeLocations: [NAMED_LOCATIONS.contosoHq],
  }),
  caPolicy(CA_POLICIES.reportOnlyMfaForAllUsers, 'Require MFA for all users (report-only)', 'enabledForReportingButNotEnforced', caUsers({ includeUsers: ['All'] }), ['mfa']),
];

// ---------------------------------------------------------------- apps, organization, domains
// Far in the future on purpose: a sandbox secret that expires would turn every test red on that day.
const SECRET_END = '2099-12-31T23:59:59Z';
const applications: SeedApplication[] = [
  {
    // "Allow public client flows": Default mode's password grant through @azure/identity's
    // UsernamePasswordCredential is a public-client request (no secret).
    appId: BOT_APP.appId, id: BOT_APP.objectId, servicePrincipalId: BOT_APP.servicePrincipalId, displayName: BOT_APP.displayName, isFallbackPublicClient: true,
    passwordCredentials: [{ keyId: derivedId('secret/bot'), displayName: 'sandbox', hint: BOT_APP.clientSecret.slice(0, 3), secret: BOT_APP.clientSecret, startDateTime: PASSWORD_SET, endDateTime: SECRET_END }],
    roles: [...BOT_APP.roles], delegatedScopes: [...BOT_APP.delegatedScopes], keyVaultSecretsOfficer: true,
  },
  {
    appId: READ_ONLY_APP.appId, id: READ_ONLY_APP.objectId, servicePrincipalId: READ_ONLY_APP.servicePrincipalId, displayName: READ_ONLY_APP.displayName, isFallbackPublicClient: false,
    passwordCredentials: [{ keyId: derivedId('secret/reader'), displayName: 'sandbox', hint: READ_ONLY_APP.clientSecret.slice(0, 3), secret: READ_ONLY_APP.clientSecret, startDateTime: PASSWORD_SET, endDateTime: SECRET_END }],
    roles: [...READ_ONLY_APP.roles], delegatedScopes: ['User.Read', 'User.ReadBasic.All'], keyVaultSecretsOfficer: false,
  },
];

const INITIAL_DOMAIN = 'contosotest.onmicrosoft.com';
const seed: SeedDocument = {
  $comment: 'Sandbox tenant seed. Generated by generate-contoso-seed.ts. Passwords and client secrets here are sandbox-only test data; the running sandbox stores only their hashes.',
  tenantId: CONTOSO_TENANT_ID,
  organization: {
    id: CONTOSO_TENANT_ID,
    displayName: 'Contoso',
    tenantType: 'AAD',
    countryLetterCode: 'US',
    preferredLanguage: 'en',
    createdDateTime: '2024-03-01T12:00:00Z',
    city: 'Redmond', country: 'United States', street: '1 Contoso Way', postalCode: '98052', state: 'WA',
    businessPhones: ['+1 425 555 0100'],
    technicalNotificationMails: [GLOBAL_ADMIN.userPrincipalName],
    verifiedDomains: [
      { capabilities: 'Email, OfficeCommunicationsOnline', isDefault: true, isInitial: false, name: CONTOSO_DOMAIN, type: 'Managed' },
      { capabilities: 'Email, OfficeCommunicationsOnline', isDefault: false, isInitial: true, name: INITIAL_DOMAIN, type: 'Managed' },
    ],
    assignedPlans: skus.flatMap((s) => s.servicePlans.map((p) => ({ assignedDateTime: CREATED, capabilityStatus: 'Enabled', service: p.servicePlanName, servicePlanId: p.servicePlanId }))),
  },
  domains: [
    { id: CONTOSO_DOMAIN, authenticationType: 'Managed', isAdminManaged: true, isDefault: true, isInitial: false, isRoot: true, isVerified: true, supportedServices: ['Email', 'OfficeCommunicationsOnline'], passwordValidityPeriodInDays: 2147483647, passwordNotificationWindowInDays: 14 },
    { id: INITIAL_DOMAIN, authenticationType: 'Managed', isAdminManaged: true, isDefault: false, isInitial: true, isRoot: true, isVerified: true, supportedServices: ['Email', 'OfficeCommunicationsOnline'], passwordValidityPeriodInDays: 2147483647, passwordNotificationWindowInDays: 14 },
  ],
  users,
  groups,
  administrativeUnits,
  roleDefinitions,
  roleAssignments,
  conditionalAccessPolicies,
  namedLocations,
  subscribedSkus: skus,
  applications,
};

const out = path.join(__dirname, 'contoso.json');
writeFileSync(out, `${JSON.stringify(seed, null, 2)}\n`);
process.stdout.write(`wrote ${out}: ${users.length} users, ${groups.length} groups, ${roleAssignments.length} role assignments\n`);

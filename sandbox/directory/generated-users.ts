/**
 * Extra, plain users for load tests and the benchmark ("bulk on 1,000 users"): members of one
 * department, enabled, holding no role and no licence, named `<prefix>-0001@<default domain>`.
 * Their password hash is unusable (nobody signs in as them), so generating thousands stays cheap.
 */
import { randomUUID } from 'node:crypto';
import type { DirectoryState, SandboxUser } from './model';

export interface GeneratedUsersOptions {
  /** Department of every generated user. Default "Bulk". */
  department?: string;
  /** UPN local-part prefix. Default "bulk-user". */
  prefix?: string;
  /** A group (by id) every generated user joins directly. */
  groupId?: string;
  now?: Date;
}

/** Adds `count` users to the live state (call persist() afterwards) and returns them. */
export function addGeneratedUsers(state: DirectoryState, count: number, options: GeneratedUsersOptions = {}): SandboxUser[] {
  const domain = state.domains.find((d) => d.isDefault)?.id ?? state.domains[0]?.id ?? 'contoso.test';
  const department = options.department ?? 'Bulk';
  const prefix = options.prefix ?? 'bulk-user';
  const stamp = (options.now ?? new Date()).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const taken = new Set(state.users.map((u) => u.userPrincipalName.toLowerCase()));
  const group = options.groupId ? state.groups.find((g) => g.id === options.groupId) : undefined;
  const users: SandboxUser[] = [];
  for (let n = 1; users.length < count; n += 1) {
    const nickname = `${prefix}-${String(n).padStart(4, '0')}`;
    const upn = `${nickname}@${domain}`;
    if (taken.has(upn.toLowerCase())) continue;
    const user: SandboxUser = {
      id: randomUUID(),
      userPrincipalName: upn,
      displayName: `${department} User ${String(n).padStart(4, '0')}`,
      givenName: `${department}`,
      surname: `User ${n}`,
      mail: upn,
      mailNickname: nickname,
      department,
      jobTitle: 'Staff',
      businessPhones: [],
      accountEnabled: true,
      usageLocation: 'US',
      userType: 'Member',
      createdDateTime: stamp,
      signInSessionsValidFromDateTime: stamp,
      lastPasswordChangeDateTime: stamp,
      assignedLicenses: [],
      passwordHash: 'unusable',
      requiresMfa: false,
      passwordChangedAt: stamp,
      forceChangePasswordNextSignIn: false,
    };
    users.push(user);
    group?.members.push(user.id);
  }
  state.users.push(...users);
  return users;
}

/**
 * What `configure allowed IPs` set up in a tenant, so it can be shown, enforced after approval
 * and undone by `remove allowed IPs`: ids of what the bot created, and the policies it changed.
 * Names and ids only; nothing secret.
 */
import type { Person } from '../access/actor';

export interface AllowedIpsExclusion {
  policyId: string;
  displayName: string;
}

export interface AllowedIpsRecord {
  tenantId: string;
  namedLocationId?: string;
  namedLocationName: string;
  /** Canonical CIDR ranges. */
  ranges: string[];
  policyId?: string;
  policyName: string;
  /** 'enabledForReportingButNotEnforced' until a second tenant admin approves, then 'enabled'. */
  policyState: string;
  accountObjectId: string;
  accountUpn?: string;
  /** Policies the management account was excluded from, after an explicit confirmation naming each. */
  excludedFrom: AllowedIpsExclusion[];
  approvalRequestId?: string;
  configuredBy: Person;
  configuredAt: string;
  enabledBy?: Person;
  enabledAt?: string;
}

export interface AllowedIpsRepository {
  get(tenantId: string): AllowedIpsRecord | undefined;
  save(record: AllowedIpsRecord): void;
  delete(tenantId: string): void;
}

/**
 * Which management accounts passed a policy check before their first turn-on in a mode, so the
 * check runs once per mode and account rather than before every turn-on.
 */
export interface PolicyCheckMarks {
  passed(tenantId: string, key: string): boolean;
  markPassed(tenantId: string, key: string, at: string): void;
}

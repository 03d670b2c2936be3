/**
 * `check policies` (issue 15): which conditional-access policies apply to the management
 * account's password sign-in from the bot's egress IPs, why, and what each requires. What If
 * answers when the tenant permits it; otherwise the bot evaluates the policies itself (the
 * adapter decides, and the result says which).
 *
 * The management account is the service account (Advanced mode, or whenever one exists and no
 * mode is chosen) or, in Default mode, the Global Admin asking (their own credentials back the
 * session). The same method serves the command, the card buttons, the turn-on pre-check and the
 * check after a service account is created; only tenant admins may run it, checked here.
 */
import { randomUUID } from 'node:crypto';
import { toPerson, type Actor, type Person } from '../access/actor';
import type { CapabilityId } from '../access/capabilities';
import { BUILT_IN_ROLE_NAMES } from '../access/privileged-target.service';
import type { AuditWriter } from '../ports/audit-log.port';
import type { Clock } from '../ports/clock.port';
import type { ConditionalAccess, ConditionalAccessPolicySummary, ConditionalAccessReport, PolicyEffect, PolicyFinding } from '../ports/conditional-access.port';
import { DirectoryError } from '../ports/directory.port';
import type { ServiceAccountRepository } from '../ports/service-account.repository.port';
import type { ManagementMode, TenantSettingsRepository } from '../ports/tenant-settings.repository.port';
import { ConditionalAccessError } from './conditional-access-errors';
import type { AllowedIpsRecord, AllowedIpsRepository, PolicyCheckMarks } from './allowed-ips.repository.port';

export interface PolicyCheckAuthorizer {
  /** @throws AccessDeniedError when the actor may not use the capability. */
  require(actor: Actor, capability: CapabilityId, target?: undefined, options?: { correlationId?: string }): Promise<unknown>;
}

export interface ManagementAccountRef {
  objectId: string;
  userPrincipalName?: string;
  displayName?: string;
  kind: 'serviceAccount' | 'signedInAdmin';
}

export type PolicyCheckVerdict = 'clear' | 'blocked' | 'mfaRequired' | 'otherControls';

export interface CheckedPolicy {
  id: string;
  displayName: string;
  state: string;
  effect: PolicyEffect;
  grantControls: string[];
  /** On (enabled) and applying: it takes effect on the management account's sign-in. */
  enforced: boolean;
  /** Egress IPs from which it applies. */
  fromIps: string[];
  /** What makes it apply, in words ("it includes directory roles such as Global Administrator"). */
  why: string[];
}

export interface SkippedPolicy {
  id: string;
  displayName: string;
  state: string;
  /** whatIfAnalysisReasons members (from the first egress IP). */
  analysisReasons: string[];
}

export interface PolicyCheckResult {
  tenantId: string;
  account: ManagementAccountRef;
  egressIps: string[];
  source: 'whatIf' | 'localEvaluation';
  checkedAt: string;
  verdict: PolicyCheckVerdict;
  /** Policies that apply, those that stop the sign-in first (block, then MFA, then other controls), report-only last. */
  applying: CheckedPolicy[];
  notApplying: SkippedPolicy[];
  /** What `configure allowed IPs` set up, if anything. */
  allowedIps?: AllowedIpsRecord;
}

export interface PolicyCheckDeps {
  conditionalAccess: ConditionalAccess;
  authorization: PolicyCheckAuthorizer;
  accounts: Pick<ServiceAccountRepository, 'get'>;
  settings: Pick<TenantSettingsRepository, 'get'>;
  allowedIps: Pick<AllowedIpsRepository, 'get'>;
  marks: PolicyCheckMarks;
  /** The addresses Entra sees the bot's sign-ins come from (BOT_EGRESS_IPS; loopback in sandbox mode). */
  egressIps: readonly string[];
  audit: AuditWriter;
  clock: Clock;
}

const EFFECT_ORDER: Record<PolicyEffect, number> = { block: 0, mfa: 1, otherControls: 2, none: 3 };


export class PolicyCheckService {
  constructor(private readonly deps: PolicyCheckDeps) {}

  /** The management account this tenant's sessions sign in as, for `check policies` by this admin. */
  managementAccount(actor: Actor, mode?: ManagementMode): ManagementAccountRef {
    const chosen = mode ?? this.deps.settings.get(actor.tenantId).mode;
    const account = this.deps.accounts.get(actor.tenantId);
    if (chosen === 'default') return { objectId: actor.userId, ...(actor.upn ? { userPrincipalName: actor.upn } : {}), ...(actor.displayName ? { displayName: actor.displayName } : {}), kind: 'signedInAdmin' };
    if (account) return { objectId: account.objectId, userPrincipalName: account.userPrincipalName, displayName: account.displayName, kind: 'serviceAccount' };
    if (chosen === 'advanced') throw new ConditionalAccessError('CONDITIONAL_ACCESS.NO_MANAGEMENT_ACCOUNT', 'advanced mode without a service account');
    return { objectId: actor.userId, ...(actor.upn ? { userPrincipalName: actor.upn } : {}), ...(actor.displayName ? { displayName: actor.displayName } : {}), kind: 'signedInAdmin' };
  }

  /** `check policies` by a tenant admin: authorized, evaluated, audited. */
  async check(actor: Actor, options: { correlationId?: string; account?: ManagementAccountRef; reason?: string } = {}): Promise<PolicyCheckResult> {
    const correlationId = options.correlationId ?? randomUUID();
    await this.deps.authorization.require(actor, 'conditionalAccess.check', undefined, { correlationId });
    const account = options.account ?? this.managementAccount(actor);
    return this.evaluate(actor.tenantId, account, toPerson(actor), correlationId, options.reason ?? 'command');
  }

  /**
   * The same check run by the bot itself (before a first turn-on, after a service account is
   * created, after a sign-in was refused): the caller has already decided it may happen.
   */
  async checkFor(tenantId: string, account: ManagementAccountRef, by: Person, options: { correlationId?: string; reason: string }): Promise<PolicyCheckResult> {
    return this.evaluate(tenantId, account, by, options.correlationId ?? randomUUID(), options.reason);
  }

  /**
   * Before the first turn-on in a mode (for each management account): the policies checked once.
   * Undefined when the check passed now or before, or could not run (the sign-in then gives the
   * real answer); the result when a policy that is on would stop the sign-in, so the admin sees
   * it, and what to do, instead of a failed sign-in. Not marked until it passes.
   */
  async beforeFirstTurnOn(actor: Actor, options: { correlationId?: string } = {}): Promise<PolicyCheckResult | undefined> {
    const mode = this.deps.settings.get(actor.tenantId).mode;
    if (mode === 'none') return undefined;
    let account: ManagementAccountRef;
    try {
      account = this.managementAccount(actor, mode);
    } catch {
      return undefined; // No account yet: the turn-on says so itself.
    }
    const key = `${mode}:${account.objectId.toLowerCase()}`;
    if (this.deps.marks.passed(actor.tenantId, key)) return undefined;
    let result: PolicyCheckResult;
    try {
      result = await this.evaluate(actor.tenantId, account, toPerson(actor), options.correlationId ?? randomUUID(), 'before the first turn-on');
    } catch {
      return undefined;
    }
    if (result.verdict === 'clear') {
      this.deps.marks.markPassed(actor.tenantId, key, result.checkedAt);
      return undefined;
    }
    return result;
  }

  private async evaluate(tenantId: string, account: ManagementAccountRef, by: Person, correlationId: string, reason: string): Promise<PolicyCheckResult> {
    const ips = this.deps.egressIps.length > 0 ? [...this.deps.egressIps] : [undefined];
    let reports: ConditionalAccessReport[];
    let policies: ConditionalAccessPolicySummary[];
    try {
      [policies, reports] = await Promise.all([
        this.deps.conditionalAccess.listPolicies(tenantId),
        Promise.all(ips.map((ip) => this.deps.conditionalAccess.evaluate(tenantId, account.objectId, ip ? { ipAddress: ip } : {}))),
      ]);
    } catch (error) {
      const refused = conditionalAccessRefusal(error);
      await this.audit(tenantId, by, account, correlationId, { outcome: 'failed', code: refused instanceof ConditionalAccessError ? refused.code : 'BOT.INTERNAL' }, { reason });
      throw refused;
    }
    const summaries = new Map(policies.map((policy) => [policy.id, policy]));
    const applying = new Map<string, CheckedPolicy>();
    const skipped = new Map<string, SkippedPolicy>();
    reports.forEach((report, index) => {
      const ip = ips[index];
      for (const finding of report.policies) {
        if (!finding.applies) {
          if (!skipped.has(finding.id)) skipped.set(finding.id, { id: finding.id, displayName: finding.displayName, state: finding.state, analysisReasons: finding.analysisReasons });
          continue;
        }
        const seen = applying.get(finding.id);
        if (seen) {
          if (ip) seen.fromIps.push(ip);
          continue;
        }
        applying.set(finding.id, checked(finding, ip, summaries.get(finding.id), account));
      }
    });
    for (const id of applying.keys()) skipped.delete(id);
    const list = [...applying.values()].sort((a, b) => Number(b.enforced) - Number(a.enforced) || EFFECT_ORDER[a.effect] - EFFECT_ORDER[b.effect]);
    const enforced = list.filter((policy) => policy.enforced);
    const verdict: PolicyCheckVerdict = enforced.some((p) => p.effect === 'block')
      ? 'blocked'
      : enforced.some((p) => p.effect === 'mfa')
        ? 'mfaRequired'
        : enforced.some((p) => p.effect === 'otherControls')
          ? 'otherControls'
          : 'clear';
    const result: PolicyCheckResult = {
      tenantId,
      account,
      egressIps: ips.filter((ip): ip is string => ip !== undefined),
      source: reports[0]?.source ?? 'localEvaluation',
      checkedAt: this.deps.clock.now().toISOString(),
      verdict,
      applying: list,
      notApplying: [...skipped.values()],
    };
    const allowed = this.deps.allowedIps.get(tenantId);
    if (allowed) result.allowedIps = allowed;
    await this.audit(tenantId, by, account, correlationId, { outcome: 'ok' }, {
      reason,
      verdict,
      source: result.source,
      stopping: enforced.filter((p) => p.effect !== 'none').map((p) => p.id),
      applying: list.length,
    });
    return result;
  }

  private async audit(tenantId: string, by: Person, account: ManagementAccountRef, correlationId: string, result: { outcome: 'ok' | 'failed'; code?: string }, details: Record<string, string | number | string[]>): Promise<void> {
    await this.deps.audit.append({
      tenantId,
      actor: toPerson(by),
      action: 'conditionalAccess.check',
      target: { type: 'user', id: account.objectId, ...(account.userPrincipalName ? { upn: account.userPrincipalName } : {}) },
      result,
      correlationId,
      details,
    });
  }
}

function checked(finding: PolicyFinding, ip: string | undefined, summary: ConditionalAccessPolicySummary | undefined, account: ManagementAccountRef): CheckedPolicy {
  return {
    id: finding.id,
    displayName: finding.displayName,
    state: finding.state,
    effect: finding.effect,
    grantControls: finding.grantControls,
    enforced: finding.state === 'enabled',
    fromIps: ip ? [ip] : [],
    why: summary ? whyItApplies(summary, account) : [],
  };
}

/** What in the policy's conditions takes in the management account and the sign-in, in words. */
export function whyItApplies(policy: ConditionalAccessPolicySummary, account: ManagementAccountRef): string[] {
  const users = policy.users;
  const has = (list: string[], value: string): boolean => list.some((item) => item.toLowerCase() === value.toLowerCase());
  const why: string[] = [];
  if (has(users.includeUsers, account.objectId)) why.push('It names the management account.');
  else if (has(users.includeUsers, 'All')) why.push('It applies to all users.');
  if (users.includeRoles.length > 0) {
    const names = users.includeRoles.map((id) => BUILT_IN_ROLE_NAMES[id.toLowerCase()]).filter((name): name is string => !!name);
    const shown = names.slice(0, 2).join(', ');
    why.push(names.length > 0 ? `It applies to admins in roles such as ${shown}${users.includeRoles.length > 2 ? ` (${users.includeRoles.length} roles)` : ''}.` : `It applies to ${users.includeRoles.length} directory roles.`);
  }
  if (users.includeGroups.length > 0) why.push(`It applies to members of ${users.includeGroups.length === 1 ? 'a group' : `${users.includeGroups.length} groups`} the account belongs to, or may.`);
  const include = policy.includeLocations;
  const exclude = policy.excludeLocations;
  if (include.length === 0 || has(include, 'All')) {
    why.push(exclude.length > 0 ? `It applies from every location except ${has(exclude, 'AllTrusted') ? 'trusted locations' : `${exclude.length} named location${exclude.length === 1 ? '' : 's'}`}, and the bot's address is not among them.` : 'It applies from every location.');
  } else {
    why.push("It applies from named locations that include the bot's address.");
  }
  return why;
}

/** A missing permission names itself; anything else from Graph is "unavailable". Access refusals pass through. */
export function conditionalAccessRefusal(error: unknown): Error {
  if (error instanceof ConditionalAccessError) return error;
  if (error instanceof DirectoryError) {
    if (error.code === 'DIRECTORY.PERMISSION_DENIED') {
      const permissions = 'requiredPermissions' in error && Array.isArray((error as { requiredPermissions?: unknown }).requiredPermissions) ? ((error as { requiredPermissions: string[] }).requiredPermissions) : [];
      return new ConditionalAccessError('CONDITIONAL_ACCESS.PERMISSION_MISSING', error.message, { details: { permissions }, cause: error });
    }
    return new ConditionalAccessError('CONDITIONAL_ACCESS.UNAVAILABLE', error.message, { cause: error });
  }
  return error instanceof Error ? error : new Error(String(error));
}

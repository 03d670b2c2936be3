/**
 * MFA and conditional-access readiness of the management account (issue 5 §6).
 *
 * The account signs in non-interactively (resource-owner password grant), so it can never
 * answer an MFA prompt. If Entra demands MFA or a conditional-access policy blocks the
 * sign-in, the bot names the blocking policies (Graph What If, falling back to the bot's own
 * evaluation inside the Directory adapter) and says exactly what an admin must change.
 */
import type { Clock } from '../ports/clock.port';
import type { ConditionalAccessVerdict, Directory } from '../ports/directory.port';
import type { ServiceAccountRepository } from '../ports/service-account.repository.port';
import { SignInError, type SignInErrorCode, type TokenIssuer } from '../ports/token-issuer.port';
import type { AreaLogger, Sleep } from './service-account.collaborators.port';
import type { ServiceAccountConfig } from './service-account.config';
import { GRAPH_CALLS, fromSignInOutage, toServiceAccountError } from './service-account.error-mapping';
import { ServiceAccountError } from './service-account.errors';
import type { ServiceAccountSecrets } from './service-account-secrets';

export type ReadinessStatus = 'ready' | 'mfa-required' | 'blocked-by-conditional-access' | 'sign-in-failed';

export interface BlockingPolicy {
  id: string;
  displayName: string;
  state: string;
  reason: string;
}

export interface SignInReadiness {
  status: ReadinessStatus;
  userPrincipalName: string;
  /** The Entra answer when the sign-in did not succeed. */
  signInCode?: SignInErrorCode;
  blockingPolicies: BlockingPolicy[];
  /** Where the policy names came from; absent when no evaluation ran or it failed. */
  evaluationSource?: ConditionalAccessVerdict['source'];
  /** Set when the policy evaluation itself failed (e.g. SERVICE_ACCOUNT.PERMISSION_DENIED for Policy.Read.All). */
  evaluationErrorCode?: string;
  /** What an admin must change in Entra, in plain sentences for the card. Empty when ready. */
  requiredChanges: string[];
  checkedAt: string;
}

/** The account and the vault version whose password to try. */
export interface ReadinessTarget {
  tenantId: string;
  objectId: string;
  userPrincipalName: string;
  secretName: string;
  secretVersion: string;
}

/** Sign-in answers that mean "the password was right, a policy stopped it". */
const POLICY_BLOCKS: ReadonlySet<SignInErrorCode> = new Set(['SIGNIN.MFA_REQUIRED', 'SIGNIN.BLOCKED_BY_CONDITIONAL_ACCESS']);
/** Answers a freshly created or re-passworded account gives while Entra replicates it. */
const REPLICATION_LAG: ReadonlySet<SignInErrorCode> = new Set(['SIGNIN.WRONG_PASSWORD', 'SIGNIN.USER_NOT_FOUND']);
/** Answers that say something about the account (not an outage). */
const ACCOUNT_ANSWERS: ReadonlySet<SignInErrorCode> = new Set([...POLICY_BLOCKS, ...REPLICATION_LAG, 'SIGNIN.ACCOUNT_DISABLED']);

export interface SignInReadinessDeps {
  directory: Directory;
  tokens: TokenIssuer;
  secrets: ServiceAccountSecrets;
  accounts: ServiceAccountRepository;
  clock: Clock;
  config: Pick<ServiceAccountConfig, 'signInVerifyAttempts' | 'signInVerifyDelayInMs'>;
  sleep: Sleep;
  logger: AreaLogger;
}

export class SignInReadinessService {
  constructor(private readonly deps: SignInReadinessDeps) {}

  /**
   * Checks the tenant's recorded management account with its current vault version.
   * Needs Key Vault get (Secrets Officer/User), the token endpoint, and Policy.Read.All when blocked.
   * @throws ServiceAccountError SERVICE_ACCOUNT.NOT_FOUND (no account), SERVICE_ACCOUNT.VAULT_UNAVAILABLE /
   *   VAULT_FORBIDDEN (fail closed), SERVICE_ACCOUNT.SIGNIN_UNAVAILABLE (Entra unreachable).
   */
  async check(tenantId: string): Promise<SignInReadiness> {
    const record = this.deps.accounts.get(tenantId);
    if (!record) throw new ServiceAccountError('SERVICE_ACCOUNT.NOT_FOUND', `No service account for tenant ${tenantId}`);
    return this.assess({
      tenantId,
      objectId: record.objectId,
      userPrincipalName: record.userPrincipalName,
      secretName: record.secretName,
      secretVersion: record.currentSecretVersion,
    });
  }

  /**
   * Signs in with the password read back from the vault (retrying while Entra replicates a new
   * account), and on an MFA or conditional-access answer evaluates the policies.
   * The token is dropped at once: this proves the credential, it does not open a session.
   */
  async assess(target: ReadinessTarget): Promise<SignInReadiness> {
    const code = await this.trySignIn(target);
    const checkedAt = this.deps.clock.now().toISOString();
    const base = { userPrincipalName: target.userPrincipalName, blockingPolicies: [], requiredChanges: [], checkedAt };
    if (code === undefined) return { ...base, status: 'ready' };
    if (!POLICY_BLOCKS.has(code)) {
      return { ...base, status: 'sign-in-failed', signInCode: code, requiredChanges: failureAdvice(code, target.userPrincipalName) };
    }
    const status: ReadinessStatus = code === 'SIGNIN.MFA_REQUIRED' ? 'mfa-required' : 'blocked-by-conditional-access';
    const readiness: SignInReadiness = { ...base, status, signInCode: code };
    try {
      const verdict = await this.deps.directory.evaluateConditionalAccess(target.tenantId, target.objectId);
      readiness.blockingPolicies = verdict.blockingPolicies.map((p) => ({ id: p.id, displayName: p.displayName, state: p.state, reason: p.reason }));
      readiness.evaluationSource = verdict.source;
    } catch (error) {
      // The sign-in answer alone is enough to tell the admin what to change; a missing
      // Policy.Read.All must not hide it, so the evaluation error is reported, not thrown.
      const mapped = toServiceAccountError(error, GRAPH_CALLS.evaluateConditionalAccess, 'readiness');
      readiness.evaluationErrorCode = mapped.code;
      this.deps.logger.warn({ tenantId: target.tenantId, code: mapped.code }, 'conditional access evaluation failed');
    }
    readiness.requiredChanges = policyAdvice(status, target.userPrincipalName, readiness.blockingPolicies);
    return readiness;
  }

  /** undefined when the sign-in worked; otherwise Entra's answer about the account. */
  private async trySignIn(target: ReadinessTarget): Promise<SignInErrorCode | undefined> {
    const attempts = this.deps.config.signInVerifyAttempts;
    let last: SignInErrorCode | undefined;
    for (let attempt = 1; attempt <= attempts; attempt += 1) {
      last = await this.signInOnce(target);
      if (last === undefined || !REPLICATION_LAG.has(last)) return last;
      if (attempt < attempts) {
        this.deps.logger.debug({ tenantId: target.tenantId, code: last, attempt }, 'sign-in not accepted yet; waiting for replication');
        await this.deps.sleep(this.deps.config.signInVerifyDelayInMs);
      }
    }
    return last;
  }

  private async signInOnce(target: ReadinessTarget): Promise<SignInErrorCode | undefined> {
    const password = await this.deps.secrets.readValue(target.secretName, target.secretVersion);
    try {
      await this.deps.tokens.getUserTokenWithPassword(target.tenantId, target.userPrincipalName, password);
      return undefined;
    } catch (error) {
      if (error instanceof SignInError && ACCOUNT_ANSWERS.has(error.code)) return error.code;
      if (error instanceof SignInError) throw fromSignInOutage(error);
      throw error;
    }
  }
}

function quoteNames(policies: readonly BlockingPolicy[]): string {
  return policies.map((p) => `"${p.displayName}"`).join(', ');
}

function policyAdvice(status: ReadinessStatus, upn: string, policies: readonly BlockingPolicy[]): string[] {
  const named = policies.length > 0 ? ` (${quoteNames(policies)})` : '';
  if (status === 'mfa-required') {
    return [
      `${upn} signs in without a person present, so it cannot complete MFA. In Microsoft Entra admin center, turn MFA off for this account:`,
      `exclude it from the conditional-access policy that requires MFA${named} (Protection > Conditional Access > the policy > Users > Exclude),`,
      'make sure per-user MFA is disabled for it (Users > Per-user MFA), and that security defaults are off (they require MFA for admins and cannot exclude an account).',
      'Alternatively, add a trusted named location with the bot\'s outbound IP addresses and require MFA for this account only outside it.',
    ];
  }
  return [
    `A conditional-access policy blocks ${upn}${named}.`,
    'In Microsoft Entra admin center > Protection > Conditional Access, exclude this account from that policy,',
    "or create a trusted named location with the bot's outbound IP addresses (allowed IPs) and exclude that location from the policy.",
  ];
}

function failureAdvice(code: SignInErrorCode, upn: string): string[] {
  switch (code) {
    case 'SIGNIN.ACCOUNT_DISABLED':
      return [`${upn} is disabled in Entra. Enable it (Users > the account > Account status), then retry.`];
    case 'SIGNIN.USER_NOT_FOUND':
      return [`Entra does not know ${upn} yet. New accounts can take a minute to appear; retry shortly. If it persists, check the account was not deleted.`];
    default:
      return [`Entra refused the password the bot holds for ${upn}. Retry; if it persists, rotate the password from settings so the bot sets a fresh one.`];
  }
}

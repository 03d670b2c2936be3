/**
 * Deciding whether an existing account with the management account's UPN is the bot's own.
 *
 * The bot adopts an account only on evidence it could not have been handed by someone else:
 *  1. the journal already names its object id (we created it and recorded that);
 *  2. a version of the tenant's Key Vault secret is tagged with its object id (we created it
 *     in an earlier run whose local state is gone); or
 *  3. this operation attempted `POST /users` for this UPN (journalled before the call) and the
 *     password staged in the vault for this operation signs in as it — only the creator can
 *     know that password, so a crash between the POST and the journal write is recognised.
 *     MFA-required and conditional-access answers count: Entra gives them only after the
 *     password was accepted.
 * Anything else is someone else's account; taking it over would hand a stranger's account a
 * Global Administrator role, so the bot refuses with SERVICE_ACCOUNT.UPN_TAKEN.
 */
import type { DirectoryUser } from '../ports/directory.port';
import { SignInError, type SignInErrorCode, type TokenIssuer } from '../ports/token-issuer.port';
import type { Sleep } from './service-account.collaborators.port';
import { fromSignInOutage } from './service-account.error-mapping';
import type { ServiceAccountSecrets } from './service-account-secrets';

export type OwnershipEvidence = 'journal' | 'vault-tag' | 'password-proof';

export type OwnershipVerdict =
  | {
      owned: true;
      evidence: OwnershipEvidence;
      /** A vault version proven to sign in as the account, when one was found. */
      workingVersion?: string;
    }
  | { owned: false };

export interface OwnershipQuestion {
  tenantId: string;
  user: DirectoryUser;
  secretName: string;
  /** Object id the journal recorded for this operation, if any. */
  journalObjectId?: string;
  /** True when this operation journalled a POST /users for the UPN before it stopped. */
  createUserAttempted: boolean;
  /** The version staged for this operation, if any. */
  stagedVersion?: string;
}

export type PasswordProof = 'proven' | 'disproven' | 'inconclusive';

const ACCEPTED_PASSWORD: ReadonlySet<SignInErrorCode> = new Set(['SIGNIN.MFA_REQUIRED', 'SIGNIN.BLOCKED_BY_CONDITIONAL_ACCESS']);

export class AccountOwnership {
  constructor(
    private readonly secrets: ServiceAccountSecrets,
    private readonly tokens: TokenIssuer,
    private readonly retry: { attempts: number; delayInMs: number; sleep: Sleep },
  ) {}

  /** @throws ServiceAccountError SERVICE_ACCOUNT.SIGNIN_UNAVAILABLE when Entra cannot answer (never guesses). */
  async judge(question: OwnershipQuestion): Promise<OwnershipVerdict> {
    const { user } = question;
    if (question.journalObjectId === user.id) return { owned: true, evidence: 'journal' };

    const tagged = await this.secrets.findForAccount(question.secretName, question.tenantId, user.id);
    if (tagged.length > 0) {
      for (const version of tagged) {
        if ((await this.prove(question.tenantId, user.userPrincipalName, question.secretName, version.version)) === 'proven') {
          return { owned: true, evidence: 'vault-tag', workingVersion: version.version };
        }
      }
      return { owned: true, evidence: 'vault-tag' };
    }

    if (question.createUserAttempted && question.stagedVersion) {
      const proof = await this.proveWithPatience(question.tenantId, user.userPrincipalName, question.secretName, question.stagedVersion);
      if (proof === 'proven') return { owned: true, evidence: 'password-proof', workingVersion: question.stagedVersion };
    }
    return { owned: false };
  }

  /** Signs in with one vault version and drops the token. */
  async prove(tenantId: string, upn: string, secretName: string, version: string): Promise<PasswordProof> {
    const password = await this.secrets.readValue(secretName, version);
    try {
      await this.tokens.getUserTokenWithPassword(tenantId, upn, password);
      return 'proven';
    } catch (error) {
      if (!(error instanceof SignInError)) throw error;
      if (ACCEPTED_PASSWORD.has(error.code)) return 'proven';
      if (error.code === 'SIGNIN.WRONG_PASSWORD') return 'disproven';
      if (error.code === 'SIGNIN.USER_NOT_FOUND' || error.code === 'SIGNIN.ACCOUNT_DISABLED') return 'inconclusive';
      throw fromSignInOutage(error);
    }
  }

  /** A just-created account may refuse its password for a while; give it the verify budget. */
  private async proveWithPatience(tenantId: string, upn: string, secretName: string, version: string): Promise<PasswordProof> {
    let proof: PasswordProof = 'inconclusive';
    for (let attempt = 1; attempt <= this.retry.attempts; attempt += 1) {
      proof = await this.prove(tenantId, upn, secretName, version);
      if (proof === 'proven') return proof;
      if (attempt < this.retry.attempts) await this.retry.sleep(this.retry.delayInMs);
    }
    return proof;
  }
}

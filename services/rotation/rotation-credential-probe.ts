/**
 * Answers "does this vault version sign in as the service account?" with a real sign-in, the
 * only proof that counts. The password is read from the vault into a local variable, handed to
 * the token issuer and dropped; the token is discarded (the broker gets its own).
 */
import { SignInError, type TokenIssuer } from '../ports/token-issuer.port';
import { VaultError, type SecretVault } from '../ports/secret-vault.port';
import type { RotationErrorCode } from './rotation-errors';

export interface ProbedAccount {
  tenantId: string;
  userPrincipalName: string;
  secretName: string;
}

/**
 * works: signed in.
 * rejected: Entra said the password is wrong (AADSTS50126), or the version does not exist.
 * inconclusive: could not tell (vault or Entra unreachable, sign-in blocked by MFA / conditional
 *   access, account disabled or missing): recovery must not act on it.
 */
export type ProbeResult =
  | { kind: 'works' }
  | { kind: 'rejected'; code: string }
  | { kind: 'inconclusive'; code: RotationErrorCode; signInCode?: string };

export class CredentialProbe {
  constructor(
    private readonly vault: SecretVault,
    private readonly tokens: TokenIssuer,
  ) {}

  /** Key Vault secrets/get (Secrets User or Officer) + a resource-owner password sign-in. Unknown errors propagate. */
  async probe(account: ProbedAccount, version: string): Promise<ProbeResult> {
    let password: string;
    try {
      password = (await this.vault.getSecret(account.secretName, version)).value;
    } catch (error) {
      return mapVaultError(error);
    }
    try {
      await this.tokens.getUserTokenWithPassword(account.tenantId, account.userPrincipalName, password);
      return { kind: 'works' };
    } catch (error) {
      return mapSignInError(error);
    }
  }
}

function mapVaultError(error: unknown): ProbeResult {
  if (!(error instanceof VaultError)) throw error;
  switch (error.code) {
    case 'VAULT.NOT_FOUND':
      return { kind: 'rejected', code: error.code };
    case 'VAULT.FORBIDDEN':
      return { kind: 'inconclusive', code: 'ROTATION.VAULT_FORBIDDEN' };
    default:
      return { kind: 'inconclusive', code: 'ROTATION.VAULT_UNAVAILABLE' };
  }
}

function mapSignInError(error: unknown): ProbeResult {
  if (!(error instanceof SignInError)) throw error;
  switch (error.code) {
    case 'SIGNIN.WRONG_PASSWORD':
      return { kind: 'rejected', code: error.code };
    case 'SIGNIN.UNAVAILABLE':
      return { kind: 'inconclusive', code: 'ROTATION.ENTRA_UNAVAILABLE', signInCode: error.code };
    case 'SIGNIN.USER_NOT_FOUND':
      return { kind: 'inconclusive', code: 'ROTATION.ACCOUNT_MISSING', signInCode: error.code };
    default:
      return { kind: 'inconclusive', code: 'ROTATION.VERIFY_FAILED', signInCode: error.code };
  }
}

/**
 * The sandbox's authentication methods and mailbox settings: a user's Temporary Access Passes
 * (Graph temporaryAccessPassAuthenticationMethod) and the automatic replies of their mailbox
 * (Graph mailboxSettings.automaticRepliesSetting). Like every secret the sandbox holds, a pass
 * is kept only as a salted hash: the state file never holds a usable one.
 */

export interface SandboxTemporaryAccessPass {
  id: string;
  userId: string;
  /** Sandbox only: `sha256$salt$hex` of the pass (model.ts hashSecret). */
  passHash: string;
  createdDateTime: string;
  startDateTime: string;
  lifetimeInMinutes: number;
  isUsableOnce: boolean;
  /** Sandbox only: a one-time pass that was used to sign in. */
  used?: boolean;
}

/** The tenant's Temporary Access Pass policy (authenticationMethodsPolicy), as Entra's defaults allow it to be set. */
export const TEMPORARY_ACCESS_PASS_POLICY = {
  minimumLifetimeInMinutes: 10,
  maximumLifetimeInMinutes: 43_200,
  defaultLifetimeInMinutes: 60,
  defaultLength: 8,
} as const;

export interface SandboxAutomaticRepliesSetting {
  status: 'disabled' | 'alwaysEnabled' | 'scheduled';
  externalAudience: 'none' | 'contactsOnly' | 'all';
  internalReplyMessage: string;
  externalReplyMessage: string;
}

export const DEFAULT_AUTOMATIC_REPLIES: SandboxAutomaticRepliesSetting = { status: 'disabled', externalAudience: 'all', internalReplyMessage: '', externalReplyMessage: '' };

/** Whether a pass still works at `now`: within its lifetime and, if one-time, unused. */
export function isUsablePass(pass: SandboxTemporaryAccessPass, now: Date): boolean {
  const start = Date.parse(pass.startDateTime);
  return !pass.used && now.getTime() < start + pass.lifetimeInMinutes * 60_000;
}

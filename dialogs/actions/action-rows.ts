/**
 * The chat side of each management action: its phrases and its confirmation verb. Adding an
 * action to the bot is one row here (its service module is one file in services/actions); the
 * prepare → confirm → execute → result path is the same for every row.
 */
import { Verbs } from '../../cards';
import type { ManagementActionId } from '../../services/access/actions';

export interface ActionChatRow {
  actionId: ManagementActionId;
  /** `${actionId}.confirm`, the verb the capability catalogue derives for the action. */
  verb: string;
  usage: string;
  description: string;
  /** `{user}` captures the target; a phrase without it asks who. */
  patterns: readonly string[];
  confirmTitle: string;
}

const signIn = ['sign-in', 'sign in', 'signin', 'sign-ins'];

export const ACTION_CHAT_ROWS: readonly ActionChatRow[] = [
  {
    actionId: 'user.blockSignIn',
    verb: Verbs.blockSignInConfirm,
    usage: 'block sign-in for <user>',
    description: 'Blocks a user from signing in (operators: users in your scope).',
    patterns: [...signIn.flatMap((s) => [`block ${s} for {user}`, `block ${s} {user}`, `block ${s}`])],
    confirmTitle: 'Block sign-in',
  },
  {
    actionId: 'user.unblockSignIn',
    verb: Verbs.unblockSignInConfirm,
    usage: 'unblock sign-in for <user>',
    description: 'Lets a blocked user sign in again (operators: users in your scope).',
    patterns: [...signIn.flatMap((s) => [`unblock ${s} for {user}`, `unblock ${s} {user}`, `unblock ${s}`])],
    confirmTitle: 'Unblock sign-in',
  },
  {
    actionId: 'user.revokeSessions',
    verb: Verbs.revokeSessionsConfirm,
    usage: 'revoke sessions for <user>',
    description: "Signs a user out everywhere by revoking their sessions (operators: users in your scope).",
    patterns: ['revoke [sign-in] sessions for {user}', 'revoke [all] sessions for {user}', 'sign out {user} everywhere', 'revoke [sign-in] sessions'],
    confirmTitle: 'Revoke sessions',
  },
];

/**
 * The chat side of each management action: its phrases and its confirmation verb. Adding an
 * action to the bot is one row here (its service module is one file in services/actions); the
 * prepare → confirm → execute → result path is the same for every row.
 */
import { Verbs } from '../../cards';
import type { RunnableActionId } from '../../services/access/actions';
import { AUTOMATIC_REPLIES_ROWS, LEAVER_ROWS, TEMPORARY_ACCESS_PASS_ROWS } from './password-access-and-leaver-rows';

export interface ActionChatRow {
  actionId: RunnableActionId;
  /** `${actionId}.confirm`, the verb the capability catalogue derives for the action. */
  verb: string;
  usage: string;
  description: string;
  /** `{user}` captures the target; a phrase without it asks who. */
  patterns: readonly string[];
  confirmTitle: string;
  /** Command arguments or card data, besides `user`, handed to the action as input (e.g. the group). */
  inputs?: readonly string[];
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
  {
    actionId: 'user.resetPassword',
    verb: Verbs.resetPasswordConfirm,
    usage: 'reset password for <user>',
    description: 'Sets a temporary password, shown once to you only; the user must change it at next sign-in (operators: users in your scope).',
    patterns: ['reset [the] password for {user}', 'reset [the] password of {user}', "reset {user}'s password", 'reset password {user}', 'reset [the] password'],
    confirmTitle: 'Reset password',
  },
  ...TEMPORARY_ACCESS_PASS_ROWS,
  {
    actionId: 'user.addToGroup',
    verb: Verbs.addToGroupConfirm,
    usage: 'add <user> to group <group>',
    description: 'Adds a user to a group, picked by name (operators: users in your scope; not role-assignable groups).',
    patterns: ['add {user} to [the] group {group}', 'add {user} to [the] {group} group', 'add {user} to group', 'add to group'],
    confirmTitle: 'Add to group',
    inputs: ['group', 'groupId'],
  },
  {
    actionId: 'user.removeFromGroup',
    verb: Verbs.removeFromGroupConfirm,
    usage: 'remove <user> from group <group>',
    description: 'Removes a user from a group, picked by name (operators: users in your scope; not role-assignable groups).',
    patterns: ['remove {user} from [the] group {group}', 'remove {user} from [the] {group} group', 'remove {user} from group', 'remove from group'],
    confirmTitle: 'Remove from group',
    inputs: ['group', 'groupId'],
  },
  ...AUTOMATIC_REPLIES_ROWS,
  {
    actionId: 'user.updateProfile',
    verb: Verbs.updateProfileConfirm,
    usage: 'set <field> for <user> to <value>',
    description: 'Changes one profile field: department, job title, office, mobile phone, usage location or manager (operators: users in your scope).',
    patterns: ['set [the] {field} for {user} to {value}', 'set [the] {field} of {user} to {value}', 'change [the] {field} for {user} to {value}', 'change [the] {field} of {user} to {value}'],
    confirmTitle: 'Update profile',
    inputs: ['field', 'value'],
  },
  {
    actionId: 'user.assignLicense',
    verb: Verbs.assignLicenseConfirm,
    usage: 'assign licence <licence> to <user>',
    description: 'Gives a user a licence your tenant holds, showing the free seats first (operators: users in your scope).',
    patterns: ['assign [a] licence {sku} to {user}', 'assign [a] license {sku} to {user}'],
    confirmTitle: 'Assign licence',
    inputs: ['sku'],
  },
  {
    actionId: 'user.removeLicense',
    verb: Verbs.removeLicenseConfirm,
    usage: 'remove licence <licence> from <user>',
    description: "Takes a licence away from a user and frees its seat (operators: users in your scope).",
    patterns: ['remove [the] licence {sku} from {user}', 'remove [the] license {sku} from {user}'],
    confirmTitle: 'Remove licence',
    inputs: ['sku'],
  },
  ...LEAVER_ROWS,
];

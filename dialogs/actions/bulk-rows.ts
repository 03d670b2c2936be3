/**
 * The chat side of bulk actions: `<action> for users a@x, b@x`, `<action> for department <name>`,
 * `<action> for group <name>`, for every action whose module declares a batchable write. Adding
 * an action to bulk is its `batch` declaration plus a row here.
 */
import type { ManagementActionId } from '../../services/access/actions';
import type { BulkSelector } from '../../services/actions/bulk/bulk-job.types';

export interface BulkChatRow {
  actionId: ManagementActionId;
  /** The phrases that name the action, before "for …". */
  phrases: readonly string[];
  usage: string;
  description: string;
  confirmTitle: string;
}

const signIn = ['sign-in', 'sign in', 'signin'];

export const BULK_CHAT_ROWS: readonly BulkChatRow[] = [
  {
    actionId: 'user.blockSignIn',
    phrases: signIn.map((s) => `block ${s}`),
    usage: 'block sign-in for users|department|group <…>',
    description: 'Blocks sign-in for many users at once: a list, a department or a group. Users outside your scope and privileged users are listed and skipped.',
    confirmTitle: 'Block sign-in',
  },
  {
    actionId: 'user.unblockSignIn',
    phrases: signIn.map((s) => `unblock ${s}`),
    usage: 'unblock sign-in for users|department|group <…>',
    description: 'Lets many blocked users sign in again: a list, a department or a group.',
    confirmTitle: 'Unblock sign-in',
  },
  {
    actionId: 'user.revokeSessions',
    phrases: ['revoke sessions', 'revoke sign-in sessions', 'revoke all sessions'],
    usage: 'revoke sessions for users|department|group <…>',
    description: 'Signs many users out everywhere: a list, a department or a group.',
    confirmTitle: 'Revoke sessions',
  },
];

/** The command patterns of a row: the selector kind and its value are captured. */
export function bulkPatterns(row: BulkChatRow): string[] {
  return row.phrases.flatMap((phrase) => [`${phrase} for users {users}`, `${phrase} for department {department}`, `${phrase} for [the] group {group}`]);
}

/** Command arguments (or a card's data) → a selector. Undefined when none is given. */
export function selectorOf(data: Readonly<Record<string, unknown>>): BulkSelector | undefined {
  const text = (key: string): string | undefined => (typeof data[key] === 'string' && (data[key] as string).trim() ? (data[key] as string).trim() : undefined);
  const users = text('users');
  if (users) return { kind: 'users', users: users.split(/[\s,;]+/).map((u) => u.trim()).filter((u, index) => u && !(index === 0 && HEADER_WORDS.has(u.toLowerCase()))) };
  const department = text('department');
  if (department) return { kind: 'department', name: stripQuotes(department) };
  const group = text('group');
  if (group) return { kind: 'group', name: stripQuotes(group) };
  return undefined;
}

/** The first word of a list pasted from a spreadsheet column, when it is the column's header. */
const HEADER_WORDS = new Set(['userprincipalname', 'upn', 'user', 'users', 'email', 'mail', 'sign-in', 'signinname']);

/** How many of users, department and group the data names (a form may fill several). */
export function selectorCount(data: Readonly<Record<string, unknown>>): number {
  return ['users', 'department', 'group'].filter((key) => typeof data[key] === 'string' && (data[key] as string).trim().length > 0).length;
}

function stripQuotes(value: string): string {
  return value.replace(/^["'“”]+|["'“”]+$/g, '').trim();
}

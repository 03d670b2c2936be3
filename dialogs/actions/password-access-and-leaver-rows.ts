/**
 * The chat side of the Temporary Access Pass, automatic replies and leaver actions: their phrases
 * and confirmation verbs, spread into ACTION_CHAT_ROWS (action-rows.ts). The automatic-replies
 * rows sit before `set <field> for <user> to <value>`, which would otherwise read "automatic
 * replies" as a profile field.
 */
import { Verbs } from '../../cards';
import type { ActionChatRow } from './action-rows';

const tap = ['temporary access pass', 'tap'];

export const TEMPORARY_ACCESS_PASS_ROWS: readonly ActionChatRow[] = [
  {
    actionId: 'user.createTemporaryAccessPass',
    verb: Verbs.createTemporaryAccessPassConfirm,
    usage: 'temporary access pass for <user>',
    description: 'Creates a one-time Temporary Access Pass (1 hour, or add "for 8 hours"), shown once to you only (operators: users in your scope). Also: tap for <user>.',
    patterns: [
      ...tap.flatMap((words) => [`[create] [a] ${words} for {user} valid for {lifetime}`, `[create] [a] ${words} for {user} for {lifetime}`, `[create] [a] ${words} for {user}`]),
      ...tap.map((words) => `[create] [a] ${words}`),
    ],
    confirmTitle: 'Create pass',
    inputs: ['lifetime'],
  },
];

const replies = ['automatic replies', 'auto replies', 'auto-replies', 'out of office', 'out-of-office'];

export const AUTOMATIC_REPLIES_ROWS: readonly ActionChatRow[] = [
  {
    actionId: 'user.setAutomaticReplies',
    verb: Verbs.setAutomaticRepliesConfirm,
    usage: 'set automatic replies for <user> to <message>',
    description: "Turns on a user's out-of-office reply with your message, inside and outside your organisation (operators: users in your scope).",
    patterns: replies.flatMap((words) => [`set [the] ${words} for {user} to {message}`, `turn on ${words} for {user} with {message}`, `set [the] ${words} for {user}`]),
    confirmTitle: 'Turn on replies',
    inputs: ['message'],
  },
  {
    actionId: 'user.turnOffAutomaticReplies',
    verb: Verbs.turnOffAutomaticRepliesConfirm,
    usage: 'turn off automatic replies for <user>',
    description: "Turns a user's out-of-office reply off (operators: users in your scope).",
    patterns: replies.flatMap((words) => [`turn off [the] ${words} for {user}`, `disable [the] ${words} for {user}`, `turn off [the] ${words}`]),
    confirmTitle: 'Turn off replies',
  },
];

export const LEAVER_ROWS: readonly ActionChatRow[] = [
  {
    actionId: 'user.removeFromAllGroups',
    verb: Verbs.removeFromAllGroupsConfirm,
    usage: 'remove <user> from all groups',
    description: 'Removes a leaver from every group, listing them first; dynamic, role-assignable and mail-enabled groups are left alone (operators: users in your scope).',
    patterns: ['remove {user} from all [their] [of] [the] groups', 'remove from all groups'],
    confirmTitle: 'Remove from groups',
  },
  {
    actionId: 'user.removeAllLicenses',
    verb: Verbs.removeAllLicensesConfirm,
    usage: 'remove all licences from <user>',
    description: 'Takes every licence away from a leaver, listing them first (operators: users in your scope).',
    patterns: ['remove all [the] licences from {user}', 'remove all [the] licenses from {user}', 'remove all [the] licences', 'remove all [the] licenses'],
    confirmTitle: 'Remove licences',
  },
];

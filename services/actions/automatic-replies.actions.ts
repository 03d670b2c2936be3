/**
 * Out of office, as the session's account, through PATCH /users/{id}/mailboxSettings:
 *  - `set automatic replies for <user> to <message>`: automaticRepliesSetting { status:
 *    'alwaysEnabled', internalReplyMessage, externalReplyMessage, externalAudience: 'all' }, the
 *    same message inside and outside the organisation;
 *  - `turn off automatic replies for <user>`: { status: 'disabled' } only, so the messages stay for
 *    next time (as Outlook does).
 * When prepared, the current setting is read as the bot's app (GET /users/{id}/mailboxSettings,
 * MailboxSettings.Read), so the confirmation card shows before → after; a user without a mailbox
 * is refused there. The message is plain text: Graph takes HTML, so it is escaped on the way.
 */
import { z } from 'zod';
import { DirectoryError } from '../ports/directory.port';
import type { AutomaticReplies } from '../ports/user-administration.port';
import { catalogEntry, describeTarget, type ActionDefinition, type ActionParameterContext, type ActionParameters } from './action-definition';
import { ActionError } from './action-errors';

/** Long enough for a real out-of-office note; Exchange allows far more, but this goes on a card. */
export const MAX_MESSAGE_LENGTH = 1_000;

export const setAutomaticRepliesParameters = z.object({
  message: z.string().min(1).max(MAX_MESSAGE_LENGTH),
  /** The setting when prepared, in words ("Off", "On: …"). */
  before: z.string(),
});

export const turnOffAutomaticRepliesParameters = z.object({ before: z.string(), wasOn: z.enum(['yes', 'no']) });

const EXAMPLE = 'set automatic replies for adele@contoso.com to I am away until Monday.';

/** Plain text as the HTML Graph expects, line breaks kept. */
export function messageHtml(text: string): string {
  const escaped = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  return escaped.replace(/\r?\n/g, '<br>');
}

/** The HTML Graph returns, as short plain text for the card. */
function plain(html: string): string {
  const text = html
    .replace(/<br\s*\/?>/gi, ' ')
    .replace(/<[^>]*>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
  return text.length > 120 ? `${text.slice(0, 117)}…` : text;
}

export function repliesInWords(replies: AutomaticReplies): string {
  if (replies.status === 'disabled') return 'Off';
  const when = replies.status === 'scheduled' ? 'Scheduled' : 'On';
  const message = plain(replies.internalReplyMessage || replies.externalReplyMessage);
  return message ? `${when}: "${message}"` : when;
}

async function currentReplies(context: ActionParameterContext): Promise<AutomaticReplies> {
  let replies: AutomaticReplies | undefined;
  try {
    replies = await context.appUsers.getAutomaticReplies(context.tenantId, context.target.userId);
  } catch (error) {
    if (error instanceof DirectoryError) {
      throw new ActionError('ACTION.DIRECTORY_UNAVAILABLE', "I couldn't read the user's mailbox settings right now. Nothing was done; try again in a few minutes.");
    }
    throw error;
  }
  if (!replies) {
    throw new ActionError('ACTION.NOT_POSSIBLE', `${context.target.upn} has no mailbox (no Exchange Online licence), so there are no automatic replies to set.`);
  }
  return replies;
}

function mailboxFailure(error: unknown): string | undefined {
  if (!(error instanceof DirectoryError)) return undefined;
  if (error.code === 'DIRECTORY.NOT_FOUND') return 'Exchange Online refused: the user has no mailbox any more (no Exchange Online licence).';
  if (error.code === 'DIRECTORY.PERMISSION_DENIED') {
    return "Exchange Online refused: the management account may not change this mailbox's settings. It needs the MailboxSettings.ReadWrite permission and, in a real tenant, full access to the mailbox.";
  }
  return undefined;
}

export const setAutomaticRepliesAction: ActionDefinition = {
  ...catalogEntry('user.setAutomaticReplies'),
  category: 'Leavers',
  description: 'Turns on an out-of-office reply for a user, the same message inside and outside your organisation.',
  risk: 'low',
  approvalByDefault: false,
  graphCalls: ['GET /users/{id}/mailboxSettings', 'PATCH /users/{id}/mailboxSettings (automaticRepliesSetting: alwaysEnabled, externalAudience: all)'],
  parameters: setAutomaticRepliesParameters,
  resolveParameters: async (context, input) => {
    const message = (input['message'] ?? '').trim().replace(/^["'](.*)["']$/s, '$1').trim();
    const nextStep = `Nothing was changed. Run the command again, for example: ${EXAMPLE}`;
    if (!message) throw new ActionError('ACTION.INVALID_PARAMETERS', 'Say what the automatic reply should say.', {}, nextStep);
    if (message.length > MAX_MESSAGE_LENGTH) throw new ActionError('ACTION.INVALID_PARAMETERS', `The message is ${message.length} characters; keep it to ${MAX_MESSAGE_LENGTH}.`, {}, nextStep);
    return { message, before: repliesInWords(await currentReplies(context)) };
  },
  describe: (target, parameters) => {
    const { message, before } = setAutomaticRepliesParameters.parse(parameters);
    return {
      summary: `Turn on automatic replies for ${describeTarget(target)}`,
      facts: [
        { label: 'Automatic replies', value: `${before} → On, inside and outside your organisation` },
        { label: 'New message', value: message },
      ],
      consequences: ['Everyone who emails them gets this reply until it is turned off.'],
      destructive: false,
    };
  },
  run: async (_directory, target, parameters, session) => {
    const { message } = setAutomaticRepliesParameters.parse(parameters);
    const html = messageHtml(message);
    await session.users.setAutomaticReplies(target.tenantId, target.userId, { status: 'alwaysEnabled', internalReplyMessage: html, externalReplyMessage: html, externalAudience: 'all' });
    return { summary: `Automatic replies are on for ${target.upn}.` };
  },
  explainFailure: mailboxFailure,
};

export const turnOffAutomaticRepliesAction: ActionDefinition = {
  ...catalogEntry('user.turnOffAutomaticReplies'),
  category: 'Leavers',
  description: "Turns a user's out-of-office reply off; the message is kept for next time.",
  risk: 'low',
  approvalByDefault: false,
  graphCalls: ['GET /users/{id}/mailboxSettings', 'PATCH /users/{id}/mailboxSettings (automaticRepliesSetting: disabled)'],
  parameters: turnOffAutomaticRepliesParameters,
  resolveParameters: async (context) => {
    const replies = await currentReplies(context);
    return { before: repliesInWords(replies), wasOn: replies.status === 'disabled' ? 'no' : 'yes' };
  },
  describe: (target, parameters: ActionParameters) => {
    const { before, wasOn } = turnOffAutomaticRepliesParameters.parse(parameters);
    return {
      summary: `Turn off automatic replies for ${describeTarget(target)}`,
      facts: [{ label: 'Automatic replies', value: `${before} → Off` }],
      consequences: [wasOn === 'yes' ? 'People who email them no longer get an automatic reply. The message is kept for next time.' : 'They are already off; confirming changes nothing.'],
      destructive: false,
    };
  },
  run: async (_directory, target, _parameters, session) => {
    await session.users.setAutomaticReplies(target.tenantId, target.userId, { status: 'disabled' });
    return { summary: `Automatic replies are off for ${target.upn}.` };
  },
  explainFailure: mailboxFailure,
};

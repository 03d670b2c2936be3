/**
 * `turn on management` (also "enable management", "management on") and the Turn on button.
 *
 * Advanced mode: the service signs the service account in from Key Vault; the answer is the
 * "Management ON" card. Default mode: the service asks for credentials (SESSION.CREDENTIALS_REQUIRED)
 * and the answer is the sign-in form; its submit comes back to the same verb with `step=signIn`.
 *
 * The password in that submit is read once, removed from the activity before anything else can
 * see it (dialog state, logs, error handlers), handed to the service for one sign-in and
 * dropped. The invoke answer replaces the form with a card that holds no input.
 */
import { expectedErrorCard } from '../../dialogs/shared/card-for-error';
import type { TurnContext } from 'botbuilder';
import { renderCredentialsRequestCard, renderWorkInProgressCard, Verbs, type AdaptiveCardJson } from '../../cards';
import type { Actor } from '../../services/access/actor';
import type { DefaultModeCredentials } from '../../services/sessions/session-activator';
import { SessionError } from '../../services/sessions/session-errors';
import type { TurnOnResult } from '../../services/sessions/management-session.service';
import type { CommandDefinition } from '../commands';
import { sendCard } from '../commands/reply';
import type { VerbDefinition } from '../invoke-router';
import { answerWithinBudget } from './invoke-budget';
import type { SessionContext } from './session-context';
import { statusCardFor } from './session-status';

const MAX_INPUT_LENGTH = 256;

export function createTurnOnCommand(session: SessionContext): CommandDefinition {
  return {
    id: 'session.turnOn',
    usage: 'turn on management',
    description: 'Turns the management session on, so management actions can run.',
    patterns: [
      'turn on [the] management [session]',
      'turn [the] management [session] on',
      'enable [the] management [session]',
      'management [session] on',
      'start [the] management session',
    ],
    handle: async (context) => {
      const actor = await session.actorOf(context.turn);
      await sendCard(context.turn, await turnOnCard(session, actor, undefined, context.correlationId));
    },
  };
}

export function createTurnOnVerb(session: SessionContext): VerbDefinition {
  return {
    verb: Verbs.sessionTurnOn,
    handle: async (context) => {
      // First thing: take the password out of the activity, before any other code runs on it.
      const credentials = context.data['step'] === 'signIn' ? takeCredentials(context.turn) : undefined;
      const actor = await session.actorOf(context.turn);
      if (context.data['step'] !== 'signIn') return { card: await turnOnCard(session, actor, undefined, context.correlationId) };
      if (!credentials) return { card: renderCredentialsRequestCard({ username: actor.upn, problem: 'Enter both the user name and the password.' }) };
      const progress = renderWorkInProgressCard({ title: 'Signing in…', message: `Signing in as ${credentials.username} to turn the management session on.` });
      const card = await answerWithinBudget(
        context.turn,
        turnOnCard(session, actor, credentials, context.correlationId),
        progress,
        { correlationId: context.correlationId, logger: context.logger, summary: 'Management session' },
        session.budget(),
      );
      return { card };
    },
  };
}

/**
 * Reads the sign-in form's inputs and deletes the password from the activity, so nothing that
 * looks at the activity later (the turn error handler, a transcript, state) can find it.
 */
function takeCredentials(turn: TurnContext): DefaultModeCredentials | undefined {
  const data = (turn.activity.value as { action?: { data?: Record<string, unknown> } } | undefined)?.action?.data;
  if (!data) return undefined;
  const username = typeof data['username'] === 'string' ? data['username'].trim() : '';
  const password = typeof data['password'] === 'string' ? data['password'] : '';
  delete data['password'];
  if (!username || !password || username.length > MAX_INPUT_LENGTH || password.length > MAX_INPUT_LENGTH) return undefined;
  return { username, password };
}

/** Turns the session on and answers with the ON card, the sign-in form, or what went wrong. Never holds the password longer than the call. */
export async function turnOnCard(session: SessionContext, actor: Actor, credentials: DefaultModeCredentials | undefined, correlationId: string): Promise<AdaptiveCardJson> {
  let result: TurnOnResult;
  try {
    result = await session.services.sessions.turnOn(actor, { ...(credentials ? { credentials } : {}), correlationId });
  } catch (error) {
    if (error instanceof SessionError && error.code === 'SESSION.CREDENTIALS_REQUIRED') return renderCredentialsRequestCard({ username: actor.upn });
    const card = expectedErrorCard(error, await session.viewerOf(actor), correlationId);
    if (card) return card;
    throw error;
  }
  return statusCardFor(session, actor, turnOnNote(result));
}

function turnOnNote(result: TurnOnResult): string | undefined {
  if (result.outcome === 'already-on') return 'The management session was already on.';
  if (result.outcome === 'joined') return 'Someone else was turning it on at the same moment; it is on now.';
  if (result.limitedByTokenLifetime) return 'Default mode: the session ends when the admin sign-in expires (about an hour), because no password is kept.';
  return undefined;
}

import { ActivityTypes, type TurnContext } from 'botbuilder';
import { ANY_VIEWER, cardForError } from '../dialogs/shared/card-for-error';
import { isAppError } from '../services/errors';
import type { Logger } from '../services/logger';
import { cardResponse } from './invoke-router';
import { correlationIdOf } from './turn-scope';

const APOLOGY = 'Sorry, something went wrong on my side.';

/** Log fields for an error: code, name, message and stack; never the activity or request payload. */
function describe(error: unknown): Record<string, unknown> {
  if (isAppError(error)) return { code: error.code, err: error, details: error.details };
  if (error instanceof Error) return { code: 'BOT.INTERNAL', err: error };
  return { code: 'BOT.INTERNAL', err: { message: String(error) } };
}

/**
 * `adapter.onTurnError`: logs the failure with the turn's correlation id and tells the user
 * a short apology plus that id, so support can find the log lines. It never throws: a failure to
 * apologise is logged and swallowed, so the HTTP request still completes.
 */
export function createTurnErrorHandler(logger: Logger): (context: TurnContext, error: Error) => Promise<void> {
  return async (context, error) => {
    const correlationId = correlationIdOf(context);
    const { activity } = context;
    logger.error(
      { ...describe(error), correlationId, activityType: activity.type, activityId: activity.id, channelId: activity.channelId },
      'turn failed',
    );
    const userText = isAppError(error) ? error.userMessage : APOLOGY;
    try {
      if (activity.type === ActivityTypes.Invoke) {
        // An invoke must be answered in its HTTP response; a card keeps the clicked card readable.
        const card = cardForError(error, ANY_VIEWER, correlationId);
        await context.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status: 200, body: cardResponse(card) } });
      } else if (activity.type === ActivityTypes.Message) {
        await context.sendActivity(`${userText} If it keeps happening, give your administrator this reference: ${correlationId}`);
      }
    } catch (sendError) {
      logger.error({ err: sendError, correlationId }, 'could not tell the user about a failed turn');
    }
  };
}

/**
 * Cards that show a secret once, at the bot edge: the "I've copied it" verb (answered with the
 * redacted card, which replaces the clicked one in place) and the publisher the redaction timer
 * uses to replace a due card through the stored conversation reference. Nothing here decides;
 * ShownOnceCardsService does.
 */
import { Verbs } from '../../cards';
import { redactedShownOnceCard } from '../../dialogs/actions/shown-once-views';
import { shownOnceWording } from '../../dialogs/actions/shown-once-wording';
import type { ShownOnceCard } from '../../services/actions/shown-once-card.repository.port';
import type { ShownOnceCardPublisher, ShownOnceCardsService } from '../../services/actions/shown-once-cards.service';
import type { Notifier } from '../../services/ports/notifier.port';
import type { CommandDefinition } from '../commands';
import type { VerbDefinition } from '../invoke-router';

const ID = /^[0-9a-f-]{8,64}$/i;

export function createShownOnceFeature(deps: { cards: Pick<ShownOnceCardsService, 'redactByOwner'> }): { commands: CommandDefinition[]; verbs: VerbDefinition[] } {
  return {
    commands: [],
    verbs: [
      {
        verb: Verbs.shownOnceRedact,
        handle: async (context) => {
          const id = typeof context.data['shownOnceCardId'] === 'string' ? context.data['shownOnceCardId'] : '';
          if (!ID.test(id)) return { message: 'This card is not valid any more.' };
          return { card: redactedShownOnceCard(deps.cards.redactByOwner(context.actor, id), 'copied') };
        },
      },
    ],
  };
}

/** Replaces a due card with its redacted form, in the conversation it was shown in (the operator's personal chat). */
export class NotifierShownOnceCardPublisher implements ShownOnceCardPublisher {
  constructor(private readonly notifier: Pick<Notifier, 'update'>) {}

  async redact(card: ShownOnceCard): Promise<void> {
    await this.notifier.update(
      { target: { tenantId: card.tenantId, kind: 'conversation', id: card.conversationId }, conversationId: card.conversationId, activityId: card.activityId },
      { card: redactedShownOnceCard(card, 'timer'), summary: `${card.title}: the ${shownOnceWording(card.title).secretLabel.toLowerCase()} was hidden` },
    );
  }
}

/**
 * The NoticeRenderer the notice outbox needs (issue 7): turns the services' notice view models
 * into Adaptive Cards. Pure, so the outbox can render a stored notice again on every retry.
 * A notice holds times, version ids, codes and words, never a password; so does the card.
 */
import { renderRotationNoticeCard, Verbs, type NoticeButtonView, type NoticeTone, type RotationNoticeCardView, type Verb } from '../../cards';
import type { Notice, NoticeAction, NoticeSeverity } from '../../services/notifications/notice.types';
import type { NoticeRenderer } from '../../services/notifications/notice-outbox';
import type { OutboundCard } from '../../services/ports/notifier.port';

/** The services name buttons by verb; each must be a verb of the bot's table, or the card would offer a dead button. */
const VERBS: Record<NoticeAction['verb'], Verb> = {
  'rotation.retry': Verbs.rotationRetry,
  'rotation.forceReset': Verbs.rotationForceReset,
  'rotation.history': Verbs.rotationHistory,
};

const TONES: Record<NoticeSeverity, NoticeTone> = { info: 'info', warning: 'warning', critical: 'critical' };

export const rotationNoticeRenderer: NoticeRenderer = {
  render(notice: Notice): OutboundCard {
    return { card: renderRotationNoticeCard(viewOf(notice)), summary: notice.summary };
  },
};

export function viewOf(notice: Notice): RotationNoticeCardView {
  const base: RotationNoticeCardView = {
    tone: notice.kind === 'rotation.succeeded' ? 'good' : TONES[notice.severity],
    title: notice.title,
    headline: notice.summary,
    // The composer repeats the summary as the first paragraph; the headline already shows it.
    paragraphs: notice.paragraphs.filter((paragraph) => paragraph !== notice.summary),
    facts: notice.facts.map((fact) => ({ label: fact.title, value: fact.value })),
    buttons: notice.actions.map(buttonOf),
    ...(notice.correlationId ? { reference: notice.correlationId } : {}),
  };
  if (notice.kind !== 'rotation.lockedOut') return base;
  // The guided recovery reads as numbered steps, not as loose paragraphs.
  const steps = notice.details.recoverySteps;
  return {
    ...base,
    paragraphs: base.paragraphs.filter((paragraph) => !steps.includes(paragraph)),
    steps,
    stepsHeading: 'How to recover',
  };
}

function buttonOf(action: NoticeAction): NoticeButtonView {
  const data: Record<string, string> = {};
  if (action.data.rotationId) data.rotationId = action.data.rotationId;
  return { title: action.title, verb: VERBS[action.verb], ...(action.style ? { style: action.style } : {}), data };
}

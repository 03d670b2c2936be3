import type { CardFact } from './grant-confirmation.card';
import template from './templates/notice-rotation.json';
import { compileTemplate, plainText, type AdaptiveCardJson } from './render-template';
import type { Verb } from './verbs';

const renderTemplate = compileTemplate(template);

/**
 * How loud a notice is. Success is good news, a heads-up is information, an overdue or a
 * recoverable failure is a warning, and a lock-out (or a failure that left the account
 * unresolved) needs an admin now.
 */
export type NoticeTone = 'good' | 'info' | 'warning' | 'critical';

export interface NoticeButtonView {
  title: string;
  verb: Verb;
  style?: 'positive' | 'destructive';
  /** Echoes only (a rotation id); the handler never reads identity, role or tenant from them. */
  data: Readonly<Record<string, string>>;
}

/**
 * A proactive rotation notice (issue 7): success, failure, overdue, heads-up or lock-out. The
 * bot's NoticeRenderer maps the services' notice view models onto this; it never holds a
 * password, only times, version ids, codes and words.
 */
export interface RotationNoticeCardView {
  tone: NoticeTone;
  title: string;
  /** The one-line summary, also the notification preview. */
  headline: string;
  paragraphs: readonly string[];
  /** Numbered steps (the guided recovery of a lock-out). */
  steps?: readonly string[];
  stepsHeading?: string;
  facts: readonly CardFact[];
  buttons: readonly NoticeButtonView[];
  /** The rotation id, which ties the notice to the audit and the history. */
  reference?: string;
}

const LOOK: Record<NoticeTone, { style: string; color: string }> = {
  // Green on the green container is hard to read; the container already says "good".
  good: { style: 'good', color: 'Default' },
  info: { style: 'accent', color: 'Accent' },
  warning: { style: 'warning', color: 'Default' },
  critical: { style: 'attention', color: 'Attention' },
};

export function renderRotationNoticeCard(view: RotationNoticeCardView): AdaptiveCardJson {
  const look = LOOK[view.tone];
  return renderTemplate({
    ...look,
    title: plainText(view.title, 120),
    headline: plainText(view.headline, 400),
    paragraphs: view.paragraphs.map((paragraph) => plainText(paragraph, 700)),
    stepsHeading: plainText(view.stepsHeading ?? 'What to do', 80),
    // Numbered by hand, in bold: "2. …" alone in a TextBlock is a markdown list that some hosts renumber to 1.
    steps: (view.steps ?? []).map((step, index) => ({ text: `**${index + 1}.** ${plainText(step, 700)}` })),
    facts: view.facts.map((fact) => ({ label: plainText(fact.label, 40), value: plainText(fact.value, 300) })),
    buttons: view.buttons.map((button) => ({
      title: plainText(button.title, 40),
      verb: button.verb,
      style: button.style ?? 'default',
      data: { ...button.data },
    })),
    reference: view.reference ?? '',
  });
}

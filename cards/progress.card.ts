import type { CardFact } from './grant-confirmation.card';
import template from './templates/progress.json';
import { compileTemplate, plainText, type AdaptiveCardJson } from './render-template';

const renderTemplate = compileTemplate(template);

export type ProgressStepState = 'pending' | 'running' | 'done' | 'failed';

/**
 * - running: work continues after the ack; the card is updated in place as steps finish.
 * - succeeded: every step done.
 * - attention: done, but an admin must change something (e.g. MFA blocks the account's sign-in).
 * - failed: stopped; `nextStep` says why and the buttons offer Retry where it helps.
 */
export type ProgressOutcome = 'running' | 'succeeded' | 'attention' | 'failed';

export interface ProgressStepView {
  label: string;
  state: ProgressStepState;
  /** User-safe sentence from the service (an error's userMessage or "already there; kept"). */
  detail?: string;
}

export interface ProgressButtonView {
  title: string;
  verb: string;
  /** Which operation a button refers to; never identity, role or scope. */
  data?: Readonly<Record<string, string | boolean>>;
  style?: 'default' | 'positive' | 'destructive';
}

/**
 * One long-running change of the management account (create, mode switch, disable) as a card
 * that is sent once and then replaced in place. Holds ids, names and codes only, never a secret.
 */
export interface ProgressCardView {
  title: string;
  outcome: ProgressOutcome;
  summary: string;
  steps: readonly ProgressStepView[];
  facts?: readonly CardFact[];
  /** Warning lines: what blocks the account, which policies, what to change in Entra. */
  attention?: readonly string[];
  nextStep?: string;
  buttons?: readonly ProgressButtonView[];
  correlationId?: string;
}

const LOOK: Record<ProgressOutcome, { style: string; color: string }> = {
  running: { style: 'emphasis', color: 'Accent' },
  // Green or yellow title text is hard to read; the container's style carries the tone.
  succeeded: { style: 'good', color: 'Default' },
  attention: { style: 'warning', color: 'Default' },
  failed: { style: 'attention', color: 'Attention' },
};

/** Plain characters rather than images: they render the same in Teams, the Playground and the tab. */
const MARKS: Record<ProgressStepState, { mark: string; color: string; suffix: string }> = {
  pending: { mark: '○', color: 'Default', suffix: '' },
  running: { mark: '▶', color: 'Accent', suffix: '' },
  done: { mark: '✓', color: 'Good', suffix: ' done' },
  failed: { mark: '✗', color: 'Attention', suffix: ' failed' },
};

/** Teams allows six actions on a card; a progress card never needs more than three. */
const MAX_BUTTONS = 3;

export function renderProgressCard(view: ProgressCardView): AdaptiveCardJson {
  const look = LOOK[view.outcome];
  return renderTemplate({
    style: look.style,
    color: look.color,
    title: plainText(view.title, 120),
    summary: plainText(view.summary, 500),
    steps: view.steps.map((step) => {
      const mark = MARKS[step.state];
      return {
        mark: mark.mark,
        markColor: mark.color,
        label: plainText(`${step.label}${mark.suffix}`, 120),
        detail: step.detail ? plainText(step.detail, 400) : '',
      };
    }),
    facts: (view.facts ?? []).map((fact) => ({ label: plainText(fact.label, 40), value: plainText(fact.value, 300) })),
    attention: (view.attention ?? []).slice(0, 12).map((line) => plainText(line, 500)),
    nextStep: view.nextStep ? plainText(view.nextStep, 500) : '',
    correlationId: view.correlationId ?? '',
    buttons: (view.buttons ?? []).slice(0, MAX_BUTTONS).map((button) => ({
      title: plainText(button.title, 60),
      verb: button.verb,
      style: button.style ?? 'default',
      data: { ...(button.data ?? {}) },
    })),
  });
}

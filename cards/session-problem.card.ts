import template from './templates/session-problem.json';
import type { CardFact } from './grant-confirmation.card';
import { compileTemplate, plainText, type AdaptiveCardJson } from './render-template';

const renderTemplate = compileTemplate(template);

/** A button on a problem card; its verb is re-authorized when clicked, its data is never trusted. */
export interface CardButton {
  title: string;
  verb: string;
  style?: 'default' | 'positive' | 'destructive';
  data?: Readonly<Record<string, string>>;
}

/**
 * Why something about the management session or an action did not happen, and what to do next:
 * sign-in failures (MFA, conditional access naming the policy, wrong password, disabled account),
 * the vault being unavailable, a missing service account, a session that is off, a target that
 * cannot be found. Built from a stable error code by bot/sessions; never from upstream text.
 */
export interface SessionProblemView {
  title: string;
  message: string;
  nextStep?: string;
  /** Conditional-access policies named by the What If check. */
  policies?: readonly string[];
  facts?: readonly CardFact[];
  buttons?: readonly CardButton[];
  /** `attention` for failures, `warning` for "not yet" states such as a session that is off. */
  tone?: 'attention' | 'warning';
  correlationId?: string;
}

export function renderSessionProblemCard(view: SessionProblemView): AdaptiveCardJson {
  const tone = view.tone ?? 'attention';
  return renderTemplate({
    title: plainText(view.title, 120),
    headerStyle: tone,
    // Yellow title text is hard to read; the warning container carries the tone.
    headerColor: tone === 'attention' ? 'Attention' : 'Default',
    message: plainText(view.message, 600),
    policies: (view.policies ?? []).slice(0, 10).map((policy) => plainText(policy, 120)),
    facts: (view.facts ?? []).map((fact) => ({ label: plainText(fact.label, 40), value: plainText(fact.value, 300) })),
    hasNextStep: Boolean(view.nextStep),
    nextStep: view.nextStep ? plainText(view.nextStep, 600) : '',
    hasCorrelationId: Boolean(view.correlationId),
    correlationId: view.correlationId ?? '',
    buttons: (view.buttons ?? []).slice(0, 5).map((button) => ({
      title: plainText(button.title, 40),
      verb: button.verb,
      style: button.style ?? 'default',
      data: { ...button.data },
    })),
  });
}

import type { CardFact } from './grant-confirmation.card';
import template from './templates/mode-request.json';
import { humanizeInstants, modeWords } from './card-words';
import { compileTemplate, plainText, type AdaptiveCardJson } from './render-template';
import { Verbs } from './verbs';

const renderTemplate = compileTemplate(template);

/**
 * What the requester of a mode change (or of disabling advanced management) sees right after
 * asking: the request went to the other tenant admins, and what happens once they decide.
 */
export interface ModeRequestView {
  title: string;
  message: string;
  facts: readonly CardFact[];
  nextStep?: string;
  /** Approval request id, so support can find it. */
  reference?: string;
  tone?: 'sent' | 'refused';
  /** Set only when the viewer is the requester: shows a Cancel button (the verb re-checks who asks). */
  cancelRequestId?: string;
}

export function renderModeRequestCard(view: ModeRequestView): AdaptiveCardJson {
  return renderTemplate({
    style: view.tone === 'refused' ? 'attention' : 'emphasis',
    title: plainText(view.title, 120),
    message: plainText(view.message, 500),
    facts: view.facts.map((fact) => ({ label: plainText(fact.label, 40), value: plainText(modeWords(humanizeInstants(fact.value)), 300) })),
    nextStep: view.nextStep ? plainText(view.nextStep, 400) : '',
    reference: view.reference ?? '',
    cancelRequestId: view.cancelRequestId ?? '',
    verbs: { settings: Verbs.settingsOpen, cancel: Verbs.approvalCancel },
  });
}

import template from './templates/automation-notice.json';
import type { CardFact } from './grant-confirmation.card';
import { humanizeInstants } from './card-words';
import { compileTemplate, plainText, type AdaptiveCardJson } from './render-template';

const renderTemplate = compileTemplate(template);

/** Lines listed on the card, at most (a card must stay under ~28 KB). */
const MAX_LINES = 50;

/**
 * A notice from a workflow step or a playbook run: to the admin channel, the requester or a
 * manager. Plain words only; it never holds a secret (the engines cannot put one in it).
 */
export interface AutomationNoticeView {
  title: string;
  /** "From the workflow Offboarding, started by Alex Wilber". */
  source: string;
  text: string;
  facts: readonly CardFact[];
  linesHeading?: string;
  /** One line per user, e.g. "Patti Fernandez (patti@contoso.com): 2 licences". */
  lines?: readonly string[];
  /** How many more lines there are than shown. */
  moreLines?: number;
  footer?: string;
  tone?: 'info' | 'attention' | 'good';
  /** The button at the end, e.g. Workflow runs or Playbooks. */
  nextStep: { title: string; verb: string };
}

export function renderAutomationNoticeCard(view: AutomationNoticeView): AdaptiveCardJson {
  const lines = (view.lines ?? []).slice(0, MAX_LINES).map((line) => plainText(line, 200));
  const more = (view.moreLines ?? 0) + Math.max(0, (view.lines ?? []).length - MAX_LINES);
  if (more > 0) lines.push(`and ${more.toLocaleString('en-US')} more`);
  return renderTemplate({
    style: view.tone === 'attention' ? 'attention' : view.tone === 'good' ? 'good' : 'emphasis',
    title: plainText(view.title, 200),
    source: plainText(view.source, 200),
    text: plainText(humanizeInstants(view.text), 1000),
    facts: view.facts.map((fact) => ({ label: plainText(fact.label, 40), value: plainText(humanizeInstants(fact.value), 300) })),
    hasLines: lines.length > 0,
    linesHeading: plainText(view.linesHeading ?? 'Users', 80),
    lines,
    hasFooter: Boolean(view.footer),
    footer: view.footer ? plainText(view.footer, 300) : '',
    nextStep: { title: plainText(view.nextStep.title, 40), verb: view.nextStep.verb },
  });
}

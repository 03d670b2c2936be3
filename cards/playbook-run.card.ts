import template from './templates/playbook-run.json';
import type { CardFact } from './grant-confirmation.card';
import { humanizeInstants } from './card-words';
import { compileTemplate, plainText, type AdaptiveCardJson } from './render-template';

const renderTemplate = compileTemplate(template);

/** Users listed per policy, at most (a card must stay under ~28 KB; the full list is in the audit). */
const MAX_LINES = 25;

export interface PlaybookRunPolicyCardView {
  name: string;
  /** "3 found; nothing was changed (alert only)", "Remove all their licences: 3 done, 0 failed". */
  result: string;
  /** One line per user: "Patti Fernandez (patti@contoso.com): 2 licences". */
  lines: readonly string[];
  /** Users found beyond the lines. */
  more: number;
}

export interface PlaybookRunCardButton {
  title: string;
  verb: string;
  data: Readonly<Record<string, string>>;
}

/**
 * A playbook run: "started" right after `run playbook`, then (updated in place) its report, each
 * policy with what it found and what was done. The findings also go to the admin channel.
 */
export interface PlaybookRunCardView {
  title: string;
  text: string;
  tone: 'running' | 'good' | 'attention';
  facts: readonly CardFact[];
  policies: readonly PlaybookRunPolicyCardView[];
  buttons: readonly PlaybookRunCardButton[];
}

export function renderPlaybookRunCard(view: PlaybookRunCardView): AdaptiveCardJson {
  return renderTemplate({
    headerStyle: view.tone === 'attention' ? 'attention' : view.tone === 'good' ? 'good' : 'emphasis',
    titleColor: view.tone === 'attention' ? 'Attention' : 'Default',
    title: plainText(view.title, 200),
    text: plainText(humanizeInstants(view.text), 600),
    facts: view.facts.map((fact) => ({ label: plainText(fact.label, 40), value: plainText(humanizeInstants(fact.value), 300) })),
    policies: view.policies.map((policy) => {
      const lines = policy.lines.slice(0, MAX_LINES).map((line) => plainText(line, 200));
      const more = policy.more + Math.max(0, policy.lines.length - MAX_LINES);
      return {
        name: plainText(policy.name, 100),
        result: plainText(humanizeInstants(policy.result), 400),
        lines,
        more: more > 0 ? `and ${more.toLocaleString('en-US')} more (every one is in the audit)` : '',
      };
    }),
    buttons: view.buttons.map((button) => ({ title: plainText(button.title, 40), verb: button.verb, style: 'default', data: { ...button.data } })),
  });
}

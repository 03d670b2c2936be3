import template from './templates/playbooks.json';
import type { CardFact } from './grant-confirmation.card';
import { humanizeInstants } from './card-words';
import { compileTemplate, plainText, type AdaptiveCardJson } from './render-template';
import { Verbs } from './verbs';

const renderTemplate = compileTemplate(template);

/** One policy of a playbook on the `playbooks` card, in words, with its mode choice. */
export interface PlaybookPolicyCardView {
  id: string;
  name: string;
  description: string;
  /** The mode now, in words: "Alert only: a card lists what it finds". */
  modeWords: string;
  /** "Remediation: remove all their licences" (absent: the policy can only alert). */
  remediation?: string;
  /** Who set the mode, and when (absent: the default). */
  setBy?: string;
  setAt?: string;
  mode: string;
  /** The modes a tenant admin may choose, in words; one entry means the policy can only alert. */
  modes: ReadonlyArray<{ value: string; title: string }>;
}

export interface PlaybookCardButton {
  title: string;
  verb: string;
  style?: 'default' | 'positive' | 'destructive';
  data: Readonly<Record<string, string>>;
}

export interface PlaybookCardView {
  id: string;
  name: string;
  description: string;
  /** Schedule and last run, in words. */
  facts: readonly CardFact[];
  policies: readonly PlaybookPolicyCardView[];
  /** Run now, and the last run's report. */
  buttons: readonly PlaybookCardButton[];
}

/**
 * `playbooks` (tenant admins): each playbook with its policies, the mode each runs in, its
 * schedule and last run, Run now, and per policy a mode choice. The buttons name the playbook and
 * policy; the service authorizes and audits each change.
 */
export interface PlaybooksView {
  playbooks: readonly PlaybookCardView[];
  /** What the last click did. */
  message?: { text: string; tone: 'good' | 'attention' };
}

export function renderPlaybooksCard(view: PlaybooksView): AdaptiveCardJson {
  return renderTemplate({
    intro: 'A playbook checks the directory with its policies. Each policy alerts (a card lists what it finds), asks a tenant admin to attest before it remediates, or remediates at once.',
    message: view.message ? plainText(humanizeInstants(view.message.text), 600) : '',
    messageStyle: view.message?.tone === 'attention' ? 'attention' : 'good',
    modeVerb: Verbs.playbookPolicyMode,
    listVerb: Verbs.playbooksList,
    playbooks: view.playbooks.map((playbook) => ({
      name: plainText(playbook.name, 80),
      description: plainText(playbook.description, 300),
      facts: playbook.facts.map((fact) => ({ label: plainText(fact.label, 40), value: plainText(humanizeInstants(fact.value), 300) })),
      policies: playbook.policies.map((policy) => ({
        id: policy.id,
        playbookId: playbook.id,
        inputId: `mode.${playbook.id}.${policy.id}`,
        name: plainText(policy.name, 100),
        description: plainText(policy.description, 300),
        modeLine: `Mode: ${plainText(policy.modeWords, 200)}${policy.setBy ? ` (set by ${plainText(policy.setBy, 120)}${policy.setAt ? ` on ${humanizeInstants(policy.setAt)}` : ''})` : ''}`,
        remediationLine: policy.remediation ? `Remediation: ${plainText(policy.remediation, 200)}` : 'It can only alert: it has no safe remediation.',
        mode: policy.mode,
        modes: policy.modes.map((mode) => ({ value: mode.value, title: plainText(mode.title, 100) })),
      })),
      buttons: playbook.buttons.map((button) => ({ title: plainText(button.title, 40), verb: button.verb, style: button.style ?? 'default', data: { ...button.data } })),
    })),
  });
}

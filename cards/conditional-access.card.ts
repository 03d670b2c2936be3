/**
 * The conditional-access cards (issue 15): the `check policies` result, and the three cards of
 * `configure allowed IPs` / `remove allowed IPs` (the form, the confirmation that names each
 * policy the account would be excluded from, and the removal's confirmation). Words in, JSON out;
 * dialogs/conditional-access/conditional-access-views.ts turns service results into these views.
 */
import checkTemplate from './templates/policy-check.json';
import formTemplate from './templates/allowed-ips-form.json';
import confirmTemplate from './templates/allowed-ips-confirm.json';
import removeTemplate from './templates/allowed-ips-remove.json';
import type { CardFact } from './grant-confirmation.card';
import type { CardButton } from './session-problem.card';
import { humanizeInstants } from './card-words';
import { compileTemplate, plainText, type AdaptiveCardJson } from './render-template';
import { Verbs } from './verbs';

const renderCheck = compileTemplate(checkTemplate);
const renderForm = compileTemplate(formTemplate);
const renderConfirm = compileTemplate(confirmTemplate);
const renderRemove = compileTemplate(removeTemplate);

/** Policies shown on one card; a tenant with more sees the count. */
const MAX_POLICIES = 12;

const facts = (list: readonly CardFact[]) => list.map((fact) => ({ label: plainText(fact.label, 40), value: plainText(humanizeInstants(fact.value), 400) }));
const buttons = (list: readonly CardButton[]) => list.map((button) => ({ title: plainText(button.title, 40), verb: button.verb, style: button.style ?? 'default', data: { ...(button.data ?? {}) } }));

export interface PolicyCheckPolicyView {
  name: string;
  /** Stops the sign-in now (attention), would once switched on (warning), or asks nothing (default). */
  tone: 'stops' | 'reportOnly' | 'none';
  facts: readonly CardFact[];
  why: string;
}

export interface PolicyCheckView {
  /** A banner above the result: what was just changed ("Allowed IPs configured …"), or what did not happen. */
  notice?: string;
  noticeTone?: 'good' | 'warning';
  title: string;
  tone: 'good' | 'attention' | 'default';
  summary: string;
  facts: readonly CardFact[];
  policies: readonly PolicyCheckPolicyView[];
  /** "Not applying: …" in one sentence, or empty. */
  notApplying: string;
  nextStep: string;
  buttons: readonly CardButton[];
}

const CONTAINER_STYLE: Record<PolicyCheckPolicyView['tone'], string> = { stops: 'attention', reportOnly: 'warning', none: 'default' };

export function renderPolicyCheckCard(view: PolicyCheckView): AdaptiveCardJson {
  const shown = view.policies.slice(0, MAX_POLICIES);
  const more = view.policies.length - shown.length;
  return renderCheck({
    notice: view.notice ? plainText(view.notice, 400) : '',
    noticeStyle: view.noticeTone ?? 'good',
    title: plainText(view.title, 200),
    titleColor: view.tone === 'attention' ? 'Attention' : 'Default',
    summary: plainText(view.summary, 500),
    facts: facts(view.facts),
    policies: shown.map((policy) => ({ name: plainText(policy.name, 200), style: CONTAINER_STYLE[policy.tone], facts: facts(policy.facts), why: plainText(policy.why, 600) })),
    notApplying: plainText(`${view.notApplying}${more > 0 ? ` ${more} more policies apply; see them in the Microsoft Entra admin center.` : ''}`.trim(), 1200),
    nextStep: plainText(view.nextStep, 400),
    buttons: buttons(view.buttons),
  });
}

export interface AllowedIpsFormView {
  intro: string;
  ranges: string;
  hint: string;
  problems: readonly string[];
}

export function renderAllowedIpsFormCard(view: AllowedIpsFormView): AdaptiveCardJson {
  return renderForm({
    intro: plainText(view.intro, 600),
    ranges: plainText(view.ranges, 1000),
    hint: plainText(view.hint, 400),
    problemTitle: view.problems.length === 1 ? 'One entry needs fixing; nothing was changed:' : `${view.problems.length} entries need fixing; nothing was changed:`,
    problems: view.problems.slice(0, 20).map((line) => ({ line: plainText(line, 200) })),
    verb: Verbs.configureAllowedIps,
    checkVerb: Verbs.checkPolicies,
  });
}

export interface AllowedIpsConfirmView {
  title: string;
  facts: readonly CardFact[];
  warnings: readonly string[];
  exclusionIntro: string;
  /** One toggle per policy that stops the account now, each naming the policy. */
  exclusions: ReadonlyArray<{ policyId: string; title: string }>;
  note: string;
  /** The ranges as checked: Configure and Change send them back (the server checks them again). */
  ranges: string;
}

export function renderAllowedIpsConfirmCard(view: AllowedIpsConfirmView): AdaptiveCardJson {
  return renderConfirm({
    title: plainText(view.title, 200),
    facts: facts(view.facts),
    warnings: view.warnings.map((line) => ({ line: plainText(line, 300) })),
    exclusionIntro: plainText(view.exclusionIntro, 400),
    exclusions: view.exclusions.map((exclusion) => ({ inputId: `exclude_${exclusion.policyId}`, policyId: exclusion.policyId, title: plainText(exclusion.title, 300) })),
    note: plainText(view.note, 500),
    applyData: { step: 'apply', ranges: view.ranges },
    changeData: { step: 'form', ranges: view.ranges },
    verb: Verbs.configureAllowedIps,
    checkVerb: Verbs.checkPolicies,
  });
}

export interface AllowedIpsRemoveView {
  facts: readonly CardFact[];
  note: string;
}

export function renderAllowedIpsRemoveCard(view: AllowedIpsRemoveView): AdaptiveCardJson {
  return renderRemove({ facts: facts(view.facts), note: plainText(view.note, 400), verb: Verbs.removeAllowedIps, checkVerb: Verbs.checkPolicies });
}

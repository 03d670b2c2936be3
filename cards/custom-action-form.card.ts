import template from './templates/custom-action-form.json';
import { backToListButton } from './custom-action-buttons';
import { requestLines } from './custom-action-request-lines';
import { compileTemplate, plainText, type AdaptiveCardJson } from './render-template';
import { Verbs } from './verbs';

const renderTemplate = compileTemplate(template);

/** What the input suggests before anything is typed: a complete, valid definition. */
export const CUSTOM_ACTION_EXAMPLE = [
  'name: set-cost-center',
  'title: Set cost center',
  'target: user',
  'method: PATCH',
  'path: /users/{id}',
  'body:',
  '  employeeOrgData:',
  '    costCenter: "{{costCenter}}"',
  'parameters:',
  '  - name: costCenter',
  '    type: string',
  '    description: The cost center code, for example CC-1042',
  'whoMayRun:',
  '  roles: [tenantAdmin, operator]',
  'risk: low',
].join('\n');

/**
 * The definition form: one text box for a JSON or YAML definition, Check (validates only, and
 * shows the request it makes for a sample target) and Save as draft. After a Check or a refused
 * Save the same card comes back with the text as it was and every problem with its line.
 */
export interface CustomActionFormView {
  /** Editing an existing action: the version and revision the text came from (a stale one is refused on save). */
  editing?: { name: string; title: string; version: number; revision: number; state: string };
  /** The text in the box: what was pasted, or the current definition. */
  text: string;
  /** Why it can't be saved, one sentence each (with its line for pasted text). */
  problems?: readonly string[];
  /** The headline over the problems, e.g. "Not saved: 2 problems." */
  problemsTitle?: string;
  /** Not blocking, one sentence each. */
  warnings?: readonly string[];
  /** After a Check that found nothing wrong: the request for a sample target, and which sample. */
  check?: { request: string; sample: string };
}

export function renderCustomActionFormCard(view: CustomActionFormView): AdaptiveCardJson {
  const editing = view.editing;
  const problems = (view.problems ?? []).slice(0, 30).map((problem) => plainText(problem, 400));
  const identity = editing ? { name: editing.name, version: editing.version, revision: editing.revision } : {};
  return renderTemplate({
    title: editing ? `Edit: ${plainText(editing.title, 80)}` : 'New custom action',
    intro: editing
      ? `${plainText(editing.state, 200)} Change the definition below and save it: the saved text becomes a draft that needs a second tenant admin's approval again.`
      : 'Paste the definition as YAML or JSON. It always acts on one user or one group (its target), with a request from the allowed list. Check shows any problem with its line, and the exact request for a sample target. Nothing runs until a second tenant admin approves it and it is published.',
    fields: 'Fields: name, title, description, target (user or group), method, path, body, parameters, whoMayRun, risk (low, medium or high).',
    text: view.text,
    placeholder: CUSTOM_ACTION_EXAMPLE,
    hasProblems: problems.length > 0,
    problemsTitle: plainText(view.problemsTitle ?? (problems.length === 1 ? '1 problem:' : `${problems.length} problems:`), 200),
    problems,
    warnings: (view.warnings ?? []).slice(0, 10).map((warning) => plainText(warning, 400)),
    hasCheck: Boolean(view.check) && problems.length === 0,
    checkSample: view.check ? `Looks good. ${plainText(view.check.sample, 300)}` : '',
    requestLines: view.check ? requestLines(view.check.request) : [],
    actions: [
      { title: 'Check', verb: Verbs.customActionDefine, style: 'default', data: { step: 'check', ...identity } },
      { title: 'Save as draft', verb: Verbs.customActionDefine, style: 'positive', data: { step: 'save', ...identity } },
      backToListButton(),
    ],
  });
}

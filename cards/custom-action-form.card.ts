import { CUSTOM_ACTION_LOOK } from './custom-action-buttons';
import { renderDefinitionForm, type DefinitionFormView, type DefinitionFormWords } from './definition-cards';
import type { AdaptiveCardJson } from './render-template';

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
export interface CustomActionFormView extends DefinitionFormView {
  /** After a Check that found nothing wrong: the request for a sample target, and which sample. */
  check?: { request: string; sample: string };
}

const WORDS: DefinitionFormWords = {
  newTitle: 'New custom action',
  newIntro:
    'Paste the definition as YAML or JSON. It always acts on one user or one group (its target), with a request from the allowed list. Check shows any problem with its line, and the exact request for a sample target. Nothing runs until a second tenant admin approves it and it is published.',
  editIntro: "Change the definition below and save it: the saved text becomes a draft that needs a second tenant admin's approval again.",
  fields: 'Fields: name, title, description, target (user or group), method, path, body, parameters, whoMayRun, risk (low, medium or high).',
  placeholder: CUSTOM_ACTION_EXAMPLE,
};

export function renderCustomActionFormCard(view: CustomActionFormView): AdaptiveCardJson {
  const check = view.check ? { sentence: view.check.sample, text: view.check.request, monospace: true } : undefined;
  return renderDefinitionForm(CUSTOM_ACTION_LOOK, WORDS, view, check);
}

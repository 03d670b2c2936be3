import template from './templates/custom-action-preview.json';
import { backToListButton, expandButtons, type CustomActionButton, type CustomActionRefView } from './custom-action-buttons';
import type { CardFact } from './grant-confirmation.card';
import { requestLines } from './custom-action-request-lines';
import { compileTemplate, plainText, type AdaptiveCardJson } from './render-template';
import { Verbs } from './verbs';

const renderTemplate = compileTemplate(template);

/** One parameter's sample value on the preview, editable. */
export interface CustomActionSampleInputView {
  name: string;
  /** "costCenter (text, required): The cost center code". */
  label: string;
  value: string;
}

/**
 * The preview of a stored custom action: what it is (version, state, who wrote it, who may run
 * it), the sample target and parameter values (editable, "Preview again"), and the exact request
 * it makes for them, or why those values can't be used. Also where a second admin reviews a
 * submitted version before approving it.
 */
export interface CustomActionPreviewView {
  name: string;
  title: string;
  /** "Version 2 · Waiting for a second admin's approval". */
  versionLine: string;
  description?: string;
  facts: readonly CardFact[];
  target: { label: string; value: string };
  parameters: readonly CustomActionSampleInputView[];
  /** The request for the samples (method, URL, JSON body), or the problem with the samples. */
  request?: string;
  problem?: string;
  ref: CustomActionRefView;
  /** The viewer's next steps for this version. */
  buttons: readonly CustomActionButton[];
}

export const PREVIEW_TARGET_INPUT = 'sampleTarget';
export const PREVIEW_PARAMETER_PREFIX = 'sample_';

export function renderCustomActionPreviewCard(view: CustomActionPreviewView): AdaptiveCardJson {
  const steps = view.buttons.filter((button) => button !== 'preview');
  return renderTemplate({
    title: `Preview: ${plainText(view.title, 80)}`,
    versionLine: plainText(view.versionLine, 200),
    description: view.description ? plainText(view.description, 500) : '',
    facts: view.facts.map((fact) => ({ label: plainText(fact.label, 40), value: plainText(fact.value, 300) })),
    targetInput: PREVIEW_TARGET_INPUT,
    targetLabel: plainText(view.target.label, 120),
    targetValue: view.target.value,
    parameters: view.parameters.map((parameter) => ({ id: `${PREVIEW_PARAMETER_PREFIX}${parameter.name}`, label: plainText(parameter.label, 200), value: parameter.value })),
    hasRequest: Boolean(view.request) && !view.problem,
    requestLines: view.request ? requestLines(view.request) : [],
    problem: view.problem ? plainText(view.problem, 600) : '',
    mayReject: steps.includes('reject'),
    stepButtons: expandButtons(view.name, view.ref, steps),
    actions: [
      { title: 'Preview again', verb: Verbs.customActionPreview, style: 'default', data: { name: view.name } },
      backToListButton(),
    ],
  });
}

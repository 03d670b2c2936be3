/**
 * What a run will do, before it starts (the preview card): every step with its parameters
 * filled exactly as the run will fill them, and whether it will run — yes, no (not chosen, or a
 * condition on the inputs is already false) or depends (on an earlier step's result).
 */
import type { Actor } from '../access/actor';
import { conditionReferences, evaluateCondition, parseCondition } from './workflow-condition';
import type { WorkflowRun, WorkflowUser } from './workflow-run.types';
import { actionTitle, AUDIENCE_WORDS, stepTitle } from './workflow-step-words';
import { fillTemplate } from './workflow-template';
import { fillParameters, lookupIn } from './workflow-values';
import type { NoticeAudience, WorkflowDefinition, WorkflowStepKind } from './workflow.schema';

/** What a run will do, before it starts: the preview card. */
export interface WorkflowPreview {
  workflow: { name: string; title: string; description: string };
  target: WorkflowUser;
  steps: Array<{
    id: string;
    title: string;
    kind: WorkflowStepKind;
    /** yes; no (not chosen, or its condition is already false); depends (on an earlier step's result). */
    willRun: 'yes' | 'no' | 'depends';
    why?: string;
    actionId?: string;
    actionTitle?: string;
    parameters?: Record<string, string>;
    compensation?: string;
    approvers?: string;
    question?: string;
    options?: string[];
    to?: NoticeAudience;
    text?: string;
  }>;
}

export function previewOf(definition: WorkflowDefinition, target: WorkflowUser, requester: Actor, values: WorkflowRun['inputs'], bindings: WorkflowRun['bindings'], optIn: readonly string[]): WorkflowPreview {
  const lookup = lookupIn({ workflowTitle: definition.title, target, requester, inputs: values, bindings });
  // Texts that name an earlier step's result ("Block sign-in: {{steps.block.status}}") can't know it yet: say so, rather than leave a gap.
  const shown = (name: string) => (name.startsWith('steps.') ? '(its result)' : lookup(name));
  const steps = definition.steps.map((step): WorkflowPreview['steps'][number] => {
    const base = { id: step.id, title: stepTitle(step, shown), kind: step.kind };
    let willRun: 'yes' | 'no' | 'depends' = 'yes';
    let why: string | undefined;
    if (step.kind === 'action' && step.optional && !optIn.includes(step.id)) {
      willRun = 'no';
      why = 'Optional: not chosen.';
    } else if (step.when) {
      const parsed = parseCondition(step.when);
      if (parsed.ok && conditionReferences(parsed.condition).some((reference) => reference.name.startsWith('steps.'))) {
        willRun = 'depends';
        why = `Only if ${step.when}.`;
      } else if (parsed.ok && !evaluateCondition(parsed.condition, lookup)) {
        willRun = 'no';
        why = `Its condition (${step.when}) isn't met.`;
      }
    }
    if (willRun === 'yes' && step.needs) {
      willRun = 'depends';
      why = `Only if ${step.needs.join(', ')} succeed${step.needs.length === 1 ? 's' : ''}.`;
    }
    const decided = { ...base, willRun, ...(why ? { why } : {}) };
    switch (step.kind) {
      case 'action':
        return {
          ...decided,
          actionId: step.action,
          actionTitle: actionTitle(step.action),
          parameters: fillParameters(step.parameters, shown),
          ...(step.compensate ? { compensation: `If a later step fails: ${actionTitle(step.compensate.action)}.` } : {}),
        };
      case 'approval':
        return { ...decided, approvers: Array.isArray(step.approvers) ? step.approvers.join(', ') : 'a tenant admin', text: fillTemplate(step.message, shown) };
      case 'choice':
        return { ...decided, question: fillTemplate(step.question, shown), options: step.options };
      case 'notice':
        return { ...decided, to: step.to, text: fillTemplate(step.text, shown), why: why ?? `To ${AUDIENCE_WORDS[step.to]}.` };
    }
  });
  return { workflow: { name: definition.name, title: definition.title, description: definition.description }, target, steps };
}

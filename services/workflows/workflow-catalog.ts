/**
 * The workflows a tenant can run: the built-in templates (workflow-templates.ts) and the
 * tenant's own published definitions. A tenant's definition cannot take a template's name
 * (`reservedNames` in validation), so a name always means one workflow.
 */
import type { WorkflowDefinitionRepository, WorkflowDefinitionState } from './workflow-definition.repository.port';
import { BUILT_IN_WORKFLOWS } from './workflow-templates';
import { actionTitle } from './workflow-step-words';
import type { WorkflowDefinition, WorkflowStep } from './workflow.schema';

/** A step's title for an outline, before any run: templates ({{…}}) are not filled, so a templated title falls back to the kind. */
function outlineTitle(step: WorkflowStep): string {
  if (step.title && !step.title.includes('{{')) return step.title;
  switch (step.kind) {
    case 'action':
      return actionTitle(step.action);
    case 'approval':
      return 'Approval';
    case 'choice':
      return step.question.includes('{{') ? 'A question' : step.question;
    case 'notice':
      return step.to === 'adminChannel' ? 'Notice to the admin channel' : step.to === 'manager' ? "Notice to the user's manager" : 'Notice to you';
  }
}

export interface WorkflowSummary {
  name: string;
  title: string;
  description: string;
  builtIn: boolean;
  /** Built-in templates are always published. */
  state: WorkflowDefinitionState;
  /** Ids and titles of the optional (opt-in) steps, for the start card's check boxes. */
  optionalSteps: Array<{ id: string; title?: string }>;
  inputs: WorkflowDefinition['inputs'];
  /** The run's user comes from the inputs (`target:`), so the start form asks no user. */
  derivesTarget: boolean;
  /** The steps' titles in order (a templated title: the step in words), for the card's one-line outline. */
  stepTitles: string[];
}

export class WorkflowCatalog {
  constructor(private readonly stored?: Pick<WorkflowDefinitionRepository, 'get' | 'list'>) {}

  /** The runnable workflow of that name: a template, or the tenant's published definition. */
  get(tenantId: string, name: string): WorkflowDefinition | undefined {
    const key = name.trim().toLowerCase();
    const builtIn = BUILT_IN_WORKFLOWS.get(key);
    if (builtIn) return builtIn;
    const record = this.stored?.get(tenantId, key);
    return record?.state === 'published' ? record.definition : undefined;
  }

  list(tenantId: string): WorkflowSummary[] {
    const summary = (definition: WorkflowDefinition, builtIn: boolean, state: WorkflowDefinitionState): WorkflowSummary => ({
      name: definition.name,
      title: definition.title,
      description: definition.description,
      builtIn,
      state,
      optionalSteps: definition.steps.filter((step) => step.kind === 'action' && step.optional).map((step) => ({ id: step.id, ...(step.title ? { title: step.title } : {}) })),
      inputs: definition.inputs,
      derivesTarget: definition.target !== undefined,
      stepTitles: definition.steps.map((step) => outlineTitle(step)),
    });
    return [
      ...[...BUILT_IN_WORKFLOWS.values()].map((definition) => summary(definition, true, 'published')),
      ...(this.stored?.list(tenantId) ?? []).map((record) => summary(record.definition, false, record.state)),
    ];
  }

  /** The templates' names, which tenant definitions may not take. */
  static reservedNames(): ReadonlySet<string> {
    return new Set(BUILT_IN_WORKFLOWS.keys());
  }
}

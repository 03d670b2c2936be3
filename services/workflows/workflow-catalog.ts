/**
 * The workflows a tenant can run: the built-in templates (workflow-templates.ts) and the
 * tenant's own definitions, each in its live version (published, or disabled) as the review
 * lifecycle left it (WorkflowDefinitionService); drafts and versions waiting for approval are
 * never listed or run. A tenant's definition cannot take a template's name (`reservedNames` in
 * validation), so a name always means one workflow.
 */
import type { LiveWorkflowDefinitions } from './workflow-definition.repository.port';
import { BUILT_IN_WORKFLOWS } from './workflow-templates';
import { actionTitle } from './workflow-step-words';
import type { WorkflowDefinition, WorkflowStep } from './workflow.schema';

/** A step's title for an outline, before any run: templates ({{…}}) are not filled, so a templated title falls back to the kind. */
export function outlineTitle(step: WorkflowStep): string {
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
  /** Built-in templates are always published; a tenant's workflow runs only while published. */
  state: 'published' | 'disabled';
  /** Ids and titles of the optional (opt-in) steps, for the start card's check boxes. */
  optionalSteps: Array<{ id: string; title?: string }>;
  inputs: WorkflowDefinition['inputs'];
  /** The run's user comes from the inputs (`target:`), so the start form asks no user. */
  derivesTarget: boolean;
  /** The steps' titles in order (a templated title: the step in words), for the card's one-line outline. */
  stepTitles: string[];
}

export class WorkflowCatalog {
  constructor(private readonly stored?: LiveWorkflowDefinitions) {}

  /** The runnable workflow of that name: a template, or the tenant's published version. */
  get(tenantId: string, name: string): WorkflowDefinition | undefined {
    const key = name.trim().toLowerCase();
    const builtIn = BUILT_IN_WORKFLOWS.get(key);
    if (builtIn) return builtIn;
    const live = this.stored?.liveVersion(tenantId, key);
    return live?.state === 'published' ? live.definition : undefined;
  }

  list(tenantId: string): WorkflowSummary[] {
    const summary = (definition: WorkflowDefinition, builtIn: boolean, state: WorkflowSummary['state']): WorkflowSummary => ({
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
      ...(this.stored?.liveVersions(tenantId) ?? []).map((live) => summary(live.definition, false, live.state === 'published' ? 'published' : 'disabled')),
    ];
  }

  /** The templates' names, which tenant definitions may not take. */
  static reservedNames(): ReadonlySet<string> {
    return new Set(BUILT_IN_WORKFLOWS.keys());
  }
}

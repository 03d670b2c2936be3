/**
 * The workflows tenant admins define, in chat (issue 14), with the custom actions' lifecycle:
 * `workflow definitions` lists them with their state and next steps; `new workflow` and Edit
 * open the definition form (Check validates and outlines the steps, Save as draft stores);
 * Submit, Approve, Reject, Publish, Disable and Enable move a version along; Review shows a
 * version's every step in words (what a second admin approves), History every change. The steps
 * every reviewed definition shares are DefinitionLifecycleDialog's; this flow adds the workflows'
 * Check and Review. Running a published workflow is RunWorkflowDialog's (`workflows`).
 */
import type { TurnContext } from 'botbuilder';
import { renderWorkflowDefinitionFormCard, renderWorkflowDefinitionHistoryCard, renderWorkflowDefinitionReviewCard, renderWorkflowDefinitionsCard } from '../../cards';
import { workflowDefinitionError } from '../../services/workflows/workflow-definition-errors';
import type { WorkflowDefinitionService } from '../../services/workflows/workflow-definition.service';
import { describeIssue } from '../../services/workflows/workflow-parser';
import type { WorkflowDefinition } from '../../services/workflows/workflow.schema';
import type { CardAnswer } from '../card-step.dialog';
import { flowTurnOf } from '../flow-turn';
import { DefinitionLifecycleDialog, definitionOf, editingOf, type Data, type DefinitionDialogDependencies } from '../shared/definition-lifecycle.dialog';
import { buttonsFor, versionLine } from '../shared/definition-views';
import { checkOutline, reviewFacts, reviewSteps, workflowDefinitionText } from './workflow-definition-views';

export const WORKFLOW_DEFINITIONS_DIALOG = 'workflowDefinitions';

/** The steps the form's button (workflow.define) may name; anything else opens an empty form. */
export const WORKFLOW_FORM_STEPS = ['form', 'edit', 'check', 'save'] as const;

export interface WorkflowDefinitionsDialogDependencies extends Omit<DefinitionDialogDependencies<WorkflowDefinition>, 'definitions'> {
  definitions: DefinitionDialogDependencies<WorkflowDefinition>['definitions'] & Pick<WorkflowDefinitionService, 'validate'>;
}

export class WorkflowDefinitionsDialog extends DefinitionLifecycleDialog<WorkflowDefinition> {
  protected readonly steps = this.stepsOf({ ...this.lifecycleSteps(), check: this.checkStep, review: this.reviewStep });

  constructor(private readonly deps: WorkflowDefinitionsDialogDependencies) {
    super(
      WORKFLOW_DEFINITIONS_DIALOG,
      {
        noun: 'workflow',
        error: workflowDefinitionError,
        title: (definition) => definition.title,
        text: workflowDefinitionText,
        published: (version) =>
          `"${version.definition.title}" version ${version.version} is published: tenant admins and operators can run it now on users they may act on ("run workflow ${version.name} for <user>", or "workflows").`,
        renderList: renderWorkflowDefinitionsCard,
        renderForm: renderWorkflowDefinitionFormCard,
        renderHistory: renderWorkflowDefinitionHistoryCard,
      },
      deps,
    );
  }

  /** Check: validates only, as Save would. Problems come back with their lines; a valid workflow shows its steps in words. */
  private async checkStep(turn: TurnContext, data: Data): Promise<CardAnswer> {
    const { actor } = flowTurnOf(turn);
    const text = definitionOf(data);
    const validation = await this.deps.definitions.validate(actor.tenantId, text);
    const warnings = validation.warnings.map(describeIssue);
    const editing = editingOf(data, validation.definition?.title);
    if (!validation.ok || !validation.definition) {
      const problems = validation.errors.map(describeIssue);
      return { card: renderWorkflowDefinitionFormCard({ ...editing, text, problems, problemsTitle: `Not ready yet: ${problems.length === 1 ? '1 problem' : `${problems.length} problems`}.`, warnings }) };
    }
    return { card: renderWorkflowDefinitionFormCard({ ...editing, text, warnings, check: checkOutline(validation.definition) }) };
  }

  /** The version being worked on (else the live one): every step in words, and the viewer's next steps. */
  private async reviewStep(turn: TurnContext, data: Data): Promise<CardAnswer> {
    const { actor } = flowTurnOf(turn);
    const summary = await this.summaryOf(actor, data);
    const version = this.workingOrNotFound(summary);
    const viewer = await this.viewerOf(actor, [summary]);
    return {
      card: renderWorkflowDefinitionReviewCard({
        name: summary.name,
        title: summary.title,
        versionLine: versionLine(version, summary),
        ...(version.definition.description ? { description: version.definition.description } : {}),
        facts: reviewFacts(version),
        steps: reviewSteps(version.definition),
        ref: { version: version.version, revision: version.revision },
        buttons: buttonsFor(summary, viewer).filter((button) => button !== 'preview'),
      }),
    };
  }
}

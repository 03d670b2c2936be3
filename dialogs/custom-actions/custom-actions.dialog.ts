/**
 * The lifecycle of custom actions in chat, for tenant admins (issue 14): `custom actions` lists
 * them with their state and next steps; `new custom action` and Edit open the definition form
 * (Check validates and previews, Save as draft stores); Submit, Approve, Reject, Publish, Disable
 * and Enable move a version along; Preview shows the exact request for a sample target, History
 * every change. The steps every reviewed definition shares are DefinitionLifecycleDialog's; this
 * flow adds the custom actions' Check and Preview. Each click is one step: the service authorizes
 * the clicker again and decides; the card's data only names the action and the version and
 * revision it showed.
 */
import type { TurnContext } from 'botbuilder';
import { renderCustomActionFormCard, renderCustomActionHistoryCard, renderCustomActionPreviewCard, renderCustomActionsCard, PREVIEW_PARAMETER_PREFIX, PREVIEW_TARGET_INPUT } from '../../cards';
import { CustomActionError, customActionError } from '../../services/custom-actions/custom-action-errors';
import { describeIssue } from '../../services/custom-actions/custom-action-parser';
import type { CustomActionService } from '../../services/custom-actions/custom-action.service';
import type { CustomActionDefinition } from '../../services/custom-actions/custom-action.schema';
import type { CardAnswer } from '../card-step.dialog';
import { flowTurnOf } from '../flow-turn';
import { DefinitionLifecycleDialog, definitionOf, editingOf, type Data, type DefinitionDialogDependencies } from '../shared/definition-lifecycle.dialog';
import { buttonsFor, definitionText, previewFacts, sampleInputs, sampleSentence, sampleTarget, sampleValues, versionLine } from './custom-action-views';

export const CUSTOM_ACTIONS_DIALOG = 'customActions';

/** The steps the form's button (customAction.define) may name; anything else opens an empty form. */
export const FORM_STEPS = ['form', 'edit', 'check', 'save'] as const;

export interface CustomActionsDialogDependencies extends Omit<DefinitionDialogDependencies<CustomActionDefinition>, 'definitions'> {
  customActions: DefinitionDialogDependencies<CustomActionDefinition>['definitions'] & Pick<CustomActionService, 'validate' | 'preview'>;
}

export class CustomActionsDialog extends DefinitionLifecycleDialog<CustomActionDefinition> {
  protected readonly steps = this.stepsOf({ ...this.lifecycleSteps(), check: this.checkStep, preview: this.previewStep });

  constructor(private readonly deps: CustomActionsDialogDependencies) {
    super(
      CUSTOM_ACTIONS_DIALOG,
      {
        noun: 'custom action',
        error: customActionError,
        title: (definition) => definition.title,
        text: definitionText,
        published: (version) => `"${version.definition.title}" version ${version.version} is published: the people it names may run it now, on targets in their scope.`,
        renderList: renderCustomActionsCard,
        renderForm: renderCustomActionFormCard,
        renderHistory: renderCustomActionHistoryCard,
      },
      { definitions: deps.customActions, ...(deps.selfApprove ? { selfApprove: deps.selfApprove } : {}) },
    );
  }

  /** Check: validates only. Problems come back with their lines; a valid definition shows the request it makes for a sample target. */
  private async checkStep(turn: TurnContext, data: Data): Promise<CardAnswer> {
    const { actor } = flowTurnOf(turn);
    const text = definitionOf(data);
    const validation = this.deps.customActions.validate(text);
    const warnings = validation.warnings.map(describeIssue);
    const editing = editingOf(data, validation.definition?.title);
    if (!validation.ok || !validation.definition) {
      const problems = validation.errors.map(describeIssue);
      return { card: renderCustomActionFormCard({ ...editing, text, problems, problemsTitle: `Not ready yet: ${problems.length === 1 ? '1 problem' : `${problems.length} problems`}.`, warnings }) };
    }
    const definition = validation.definition;
    const target = sampleTarget(definition, actor);
    const values = sampleValues(definition, actor);
    try {
      const preview = this.deps.customActions.preview(definition, target, values);
      return { card: renderCustomActionFormCard({ ...editing, text, warnings, check: { request: preview.text, sample: sampleSentence(definition, target, values) } }) };
    } catch (error) {
      if (!(error instanceof CustomActionError)) throw error;
      return { card: renderCustomActionFormCard({ ...editing, text, warnings: [...warnings, `The definition is valid, but its preview with sample values failed: ${error.userMessage}`] }) };
    }
  }

  /** The exact request of the version being worked on (else the live one) for a sample target and values the viewer may change. */
  private async previewStep(turn: TurnContext, data: Data): Promise<CardAnswer> {
    const { actor } = flowTurnOf(turn);
    const summary = await this.summaryOf(actor, data);
    const version = this.workingOrNotFound(summary);
    const definition = version.definition;
    const typedTarget = typeof data[PREVIEW_TARGET_INPUT] === 'string' ? data[PREVIEW_TARGET_INPUT] : undefined;
    const target = sampleTarget(definition, actor, typedTarget);
    const values = sampleValues(definition, actor, typedParameters(data));
    let request: string | undefined;
    let problem: string | undefined;
    try {
      request = this.deps.customActions.preview(definition, target, values).text;
    } catch (error) {
      if (!(error instanceof CustomActionError)) throw error;
      problem = `These sample values can't be used: ${error.userMessage}`;
    }
    const viewer = await this.viewerOf(actor, [summary]);
    return {
      card: renderCustomActionPreviewCard({
        name: summary.name,
        title: summary.title,
        versionLine: versionLine(version, summary),
        ...(definition.description ? { description: definition.description } : {}),
        facts: previewFacts(version),
        target: { label: definition.target === 'user' ? 'Sample user (sign-in name or object id)' : 'Sample group (its object id)', value: target.id },
        parameters: sampleInputs(definition, values),
        ...(request ? { request } : {}),
        ...(problem ? { problem } : {}),
        ref: { version: version.version, revision: version.revision },
        buttons: buttonsFor(summary, viewer).filter((button) => button !== 'preview'),
      }),
    };
  }
}

function typedParameters(data: Data): Record<string, string> {
  return Object.fromEntries(
    Object.entries(data)
      .filter((entry): entry is [string, string] => entry[0].startsWith(PREVIEW_PARAMETER_PREFIX) && typeof entry[1] === 'string')
      .map(([key, value]) => [key.slice(PREVIEW_PARAMETER_PREFIX.length), value.trim()]),
  );
}

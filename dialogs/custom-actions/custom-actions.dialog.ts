/**
 * The lifecycle of custom actions in chat, for tenant admins (issue 14): `custom actions` lists
 * them with their state and next steps; `new custom action` and Edit open the definition form
 * (Check validates and previews, Save as draft stores); Submit, Approve, Reject, Publish, Disable
 * and Enable move a version along; Preview shows the exact request for a sample target, History
 * every change. Each click is one step: the service authorizes the clicker again and decides; the
 * card's data only names the action and the version and revision it showed.
 */
import type { TurnContext } from 'botbuilder';
import { renderCustomActionFormCard, renderCustomActionHistoryCard, renderCustomActionPreviewCard, renderCustomActionsCard, PREVIEW_PARAMETER_PREFIX, PREVIEW_TARGET_INPUT, type AdaptiveCardJson, type CustomActionFormView } from '../../cards';
import type { Actor } from '../../services/access/actor';
import { CustomActionError } from '../../services/custom-actions/custom-action-errors';
import { describeIssue } from '../../services/custom-actions/custom-action-parser';
import type { CustomActionService, StepResult, VersionRef } from '../../services/custom-actions/custom-action.service';
import { CUSTOM_ACTION_NAME } from '../../services/custom-actions/custom-action.schema';
import type { CustomActionSummary } from '../../services/custom-actions/custom-action.types';
import { CardStepDialog, type CardAnswer } from '../card-step.dialog';
import { flowTurnOf } from '../flow-turn';
import {
  buttonsFor,
  definitionText,
  historyEntriesView,
  previewFacts,
  rowView,
  sampleInputs,
  sampleSentence,
  sampleTarget,
  sampleValues,
  versionLine,
  workingVersion,
  type CustomActionViewer,
} from './custom-action-views';

export const CUSTOM_ACTIONS_DIALOG = 'customActions';

/** The steps the form's button (customAction.define) may name; anything else opens an empty form. */
export const FORM_STEPS = ['form', 'edit', 'check', 'save'] as const;

/** The most actions one list card holds (Teams' card size limit). */
const MAX_ROWS = 15;
const HISTORY_LIMIT = 50;

export interface CustomActionsDialogDependencies {
  customActions: Pick<CustomActionService, 'list' | 'get' | 'history' | 'validate' | 'preview' | 'createDraft' | 'editDraft' | 'submit' | 'approve' | 'reject' | 'publish' | 'disable' | 'enable'>;
  /** Whether the tenant's approval policy is self-approve (then Approve is offered to an author too; the service checks there is one admin). */
  selfApprove?: (tenantId: string) => Promise<boolean>;
}

type Data = Readonly<Record<string, unknown>>;

export class CustomActionsDialog extends CardStepDialog {
  protected readonly steps = this.stepsOf({
    list: this.listStep,
    form: this.formStep,
    edit: this.editStep,
    check: this.checkStep,
    save: this.saveStep,
    submit: this.submitStep,
    approve: this.approveStep,
    reject: this.rejectStep,
    publish: this.publishStep,
    disable: this.disableStep,
    enable: this.enableStep,
    preview: this.previewStep,
    history: this.historyStep,
  });

  constructor(private readonly deps: CustomActionsDialogDependencies) {
    super(CUSTOM_ACTIONS_DIALOG);
  }

  /** Every custom action of the tenant: its state in words, who changed it last and when, and the viewer's next steps. */
  private async listStep(turn: TurnContext): Promise<CardAnswer> {
    return { card: await this.listCard(flowTurnOf(turn).actor) };
  }

  /** An empty definition form. */
  private async formStep(): Promise<CardAnswer> {
    return { card: renderCustomActionFormCard({ text: '' }) };
  }

  /** The form with the current definition (the open version, else the live one), remembering which version and revision it showed. */
  private async editStep(turn: TurnContext, data: Data): Promise<CardAnswer> {
    const { actor } = flowTurnOf(turn);
    const summary = await this.summaryOf(actor, data);
    const version = workingVersion(summary);
    if (!version) throw notFound(summary.name);
    const state = summary.open
      ? `Version ${version.version} is ${summary.open.state === 'draft' ? 'a draft' : 'waiting for approval or approved; saving a change puts it back to draft'}.`
      : `Version ${version.version} is ${version.state === 'published' ? 'published' : 'disabled'}. Saving starts version ${version.version + 1} as a draft; version ${version.version} stays as it is until the new one is published.`;
    return { card: renderCustomActionFormCard({ editing: { name: summary.name, title: summary.title, version: version.version, revision: version.revision, state }, text: definitionText(version.definition) }) };
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

  /** Save as draft: a new action, or (from Edit) a new definition for the version the form showed. */
  private async saveStep(turn: TurnContext, data: Data): Promise<CardAnswer> {
    const { actor, correlationId } = flowTurnOf(turn);
    const text = definitionOf(data);
    const name = nameOf(data);
    const editing = editingOf(data, name);
    try {
      // An edit form without the version it showed is refused by the service as a conflict, and audited.
      const saved = name
        ? await this.deps.customActions.editDraft(actor, name, text, { correlationId, expected: refOf(data) ?? { version: 0, revision: 0 } })
        : await this.deps.customActions.createDraft(actor, text, { correlationId });
      const { version } = saved;
      const title = `"${version.definition.title}"`;
      const words =
        saved.changes.length === 0
          ? `Nothing changed: the text is the same as version ${version.version} of ${title}.`
          : `Saved ${title} as a draft (version ${version.version}). Next: Submit it, and a second tenant admin approves it.`;
      const warnings = saved.warnings.length > 0 ? ` Worth a look: ${saved.warnings.join(' ')}` : '';
      return { card: await this.listCard(actor, { text: words + warnings, tone: 'good' }) };
    } catch (error) {
      // Problems with the text come back on the form, with the text as it was pasted.
      if (error instanceof CustomActionError && (error.code === 'CUSTOM_ACTION.INVALID_DEFINITION' || error.code === 'CUSTOM_ACTION.ALREADY_EXISTS')) {
        const problems = error.details.problems ?? [error.userMessage];
        const headline = error.code === 'CUSTOM_ACTION.ALREADY_EXISTS' ? 'Not saved.' : `Not saved: ${problems.length === 1 ? '1 problem' : `${problems.length} problems`}.`;
        return { card: renderCustomActionFormCard({ ...editing, text, problems, problemsTitle: headline, warnings: error.details.warnings ?? [] }) };
      }
      throw error;
    }
  }

  private async submitStep(turn: TurnContext, data: Data): Promise<CardAnswer> {
    const { actor, correlationId } = flowTurnOf(turn);
    const result = await this.deps.customActions.submit(actor, requiredName(data), { correlationId, expected: refOf(data) });
    return this.stepAnswer(actor, result, `Version ${result.version.version} of "${result.version.definition.title}" is waiting for a second tenant admin's approval. They approve it on this list.`, 'It was already waiting for approval.');
  }

  /** Approve names the version and revision the approver saw: an approval never covers content they did not see. */
  private async approveStep(turn: TurnContext, data: Data): Promise<CardAnswer> {
    const { actor, correlationId } = flowTurnOf(turn);
    // A card without a version (forged or from elsewhere) is refused by the service as a conflict, and audited.
    const expected = refOf(data) ?? { version: 0, revision: 0 };
    const result = await this.deps.customActions.approve(actor, requiredName(data), { correlationId, expected });
    const self = result.version.selfApproved ? ' You approved your own version under the self-approve policy of a single-admin organization; the history says so.' : '';
    return this.stepAnswer(actor, result, `You approved version ${result.version.version} of "${result.version.definition.title}". A tenant admin can publish it now.${self}`, 'You had already approved it.');
  }

  /** Reject by another admin (with the preview's reason, if given), or Withdraw by its submitter: back to draft. */
  private async rejectStep(turn: TurnContext, data: Data): Promise<CardAnswer> {
    const { actor, correlationId } = flowTurnOf(turn);
    const reason = typeof data['reason'] === 'string' ? data['reason'].trim().slice(0, 500) : '';
    const result = await this.deps.customActions.reject(actor, requiredName(data), { correlationId, ...(reason ? { reason } : {}) });
    return this.stepAnswer(actor, result, `Version ${result.version.version} of "${result.version.definition.title}" is a draft again. Edit it, then submit it again.`, 'It was already a draft.');
  }

  private async publishStep(turn: TurnContext, data: Data): Promise<CardAnswer> {
    const { actor, correlationId } = flowTurnOf(turn);
    const result = await this.deps.customActions.publish(actor, requiredName(data), { correlationId });
    return this.stepAnswer(actor, result, `"${result.version.definition.title}" version ${result.version.version} is published: the people it names may run it now, on targets in their scope.`, 'It was already published.');
  }

  private async disableStep(turn: TurnContext, data: Data): Promise<CardAnswer> {
    const { actor, correlationId } = flowTurnOf(turn);
    const result = await this.deps.customActions.disable(actor, requiredName(data), { correlationId });
    return this.stepAnswer(actor, result, `"${result.version.definition.title}" is disabled: nobody can run it until a tenant admin enables it again.`, 'It was already disabled.');
  }

  private async enableStep(turn: TurnContext, data: Data): Promise<CardAnswer> {
    const { actor, correlationId } = flowTurnOf(turn);
    const result = await this.deps.customActions.enable(actor, requiredName(data), { correlationId });
    return this.stepAnswer(actor, result, `"${result.version.definition.title}" version ${result.version.version} is enabled again and can be run.`, 'It was already enabled.');
  }

  /** The exact request of the version being worked on (else the live one) for a sample target and values the viewer may change. */
  private async previewStep(turn: TurnContext, data: Data): Promise<CardAnswer> {
    const { actor } = flowTurnOf(turn);
    const summary = await this.summaryOf(actor, data);
    const version = workingVersion(summary);
    if (!version) throw notFound(summary.name);
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

  /** Every change, newest first: who, when, what. */
  private async historyStep(turn: TurnContext, data: Data): Promise<CardAnswer> {
    const { actor } = flowTurnOf(turn);
    const summary = await this.summaryOf(actor, data);
    const entries = await this.deps.customActions.history(actor.tenantId, summary.name, { limit: HISTORY_LIMIT });
    return { card: renderCustomActionHistoryCard({ name: summary.name, title: summary.title, entries: historyEntriesView(entries), olderNotShown: entries.length >= HISTORY_LIMIT }) };
  }

  /** After a step: the list as it is now, with what the step did (or that it had already been done). */
  private async stepAnswer(actor: Actor, result: StepResult, done: string, already: string): Promise<CardAnswer> {
    return { card: await this.listCard(actor, { text: result.changed ? done : `${already} Nothing was changed.`, tone: 'good' }) };
  }

  private async listCard(actor: Actor, message?: { text: string; tone: 'good' | 'attention' }): Promise<AdaptiveCardJson> {
    const summaries = await this.deps.customActions.list(actor.tenantId);
    const shown = summaries.slice(0, MAX_ROWS);
    const [viewer, lastChanges] = await Promise.all([
      this.viewerOf(actor, shown),
      Promise.all(shown.map(async (summary) => (await this.deps.customActions.history(actor.tenantId, summary.name, { limit: 1 })).at(-1))),
    ]);
    return renderCustomActionsCard({
      rows: shown.map((summary, index) => {
        const last = lastChanges[index];
        return rowView(summary, last ? { who: last.actor, at: last.at } : undefined, viewer);
      }),
      ...(message ? { message } : {}),
      notShown: summaries.length - shown.length,
    });
  }

  /** The approval policy is read only when a version waits for approval (whether Approve is offered to its author). */
  private async viewerOf(actor: Actor, summaries: readonly CustomActionSummary[]): Promise<CustomActionViewer> {
    const anySubmitted = summaries.some((summary) => summary.open?.state === 'submitted');
    const selfApprove = anySubmitted && this.deps.selfApprove ? await this.deps.selfApprove(actor.tenantId).catch(() => false) : false;
    return { userId: actor.userId, selfApprove };
  }

  private async summaryOf(actor: Actor, data: Data): Promise<CustomActionSummary> {
    const name = requiredName(data);
    const summary = await this.deps.customActions.get(actor.tenantId, name);
    if (!summary) throw notFound(name);
    return summary;
  }
}

function definitionOf(data: Data): string {
  return typeof data['definition'] === 'string' ? data['definition'] : '';
}

/** The action's name from the card, when it is one (a slug); never trusted beyond naming it. */
function nameOf(data: Data): string | undefined {
  const name = typeof data['name'] === 'string' ? data['name'].trim() : '';
  return name.length <= 64 && CUSTOM_ACTION_NAME.test(name) ? name : undefined;
}

function requiredName(data: Data): string {
  const name = nameOf(data);
  if (!name) throw new CustomActionError('CUSTOM_ACTION.NOT_FOUND', 'This card does not say which custom action it is about any more.');
  return name;
}

function wholeNumber(value: unknown): number | undefined {
  const number = typeof value === 'number' ? value : typeof value === 'string' && /^\d{1,9}$/.test(value.trim()) ? Number(value) : Number.NaN;
  return Number.isInteger(number) && number >= 0 ? number : undefined;
}

/** The version and revision the card showed. */
function refOf(data: Data): VersionRef | undefined {
  const version = wholeNumber(data['version']);
  const revision = wholeNumber(data['revision']);
  return version !== undefined && revision !== undefined ? { version, revision } : undefined;
}

/** The form's identity on a re-render: which version an edit started from, so Save still names it. */
function editingOf(data: Data, title: string | undefined): Pick<CustomActionFormView, 'editing'> {
  const name = nameOf(data);
  const ref = refOf(data);
  if (!name || !ref) return {};
  return { editing: { name, title: title ?? name, version: ref.version, revision: ref.revision, state: `Editing version ${ref.version}.` } };
}

function typedParameters(data: Data): Record<string, string> {
  return Object.fromEntries(
    Object.entries(data)
      .filter((entry): entry is [string, string] => entry[0].startsWith(PREVIEW_PARAMETER_PREFIX) && typeof entry[1] === 'string')
      .map(([key, value]) => [key.slice(PREVIEW_PARAMETER_PREFIX.length), value.trim()]),
  );
}

function notFound(name: string): CustomActionError {
  return new CustomActionError('CUSTOM_ACTION.NOT_FOUND', `There is no custom action named "${name}".`, { details: { name } });
}

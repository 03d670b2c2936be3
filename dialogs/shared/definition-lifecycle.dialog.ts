/**
 * The lifecycle of a reviewed definition in chat, for tenant admins (custom actions, workflows;
 * issue 14): the list with each definition's state and next steps; the definition form (`new …`
 * and Edit) whose Save stores a draft; Submit, Approve, Reject (or Withdraw), Publish, Disable and
 * Enable; History. Each click is one step: the service authorizes the clicker again and decides;
 * the card's data only names the definition and the version and revision it showed.
 *
 * A kind's dialog extends this one with what only it has: its cards, its Check (what the
 * definition does, before it is saved) and its preview or review.
 */
import type { TurnContext } from 'botbuilder';
import type { AdaptiveCardJson, DefinitionFormView, DefinitionHistoryView, DefinitionListView } from '../../cards';
import type { Actor } from '../../services/access/actor';
import { CUSTOM_ACTION_NAME } from '../../services/custom-actions/custom-action.schema';
import { DefinitionError, type DefinitionErrorFactory } from '../../services/definitions/definition-errors';
import type { DefinitionLifecycle, StepResult, VersionRef } from '../../services/definitions/definition-lifecycle';
import type { DefinitionSummary, DefinitionVersion } from '../../services/definitions/definition-lifecycle.types';
import { CardStepDialog, type CardAnswer, type CardStep } from '../card-step.dialog';
import { flowTurnOf } from '../flow-turn';
import { historyEntriesView, rowView, workingVersion, type DefinitionViewer } from './definition-views';

/** The most definitions one list card holds (Teams' card size limit). */
const MAX_ROWS = 15;
const HISTORY_LIMIT = 50;

export type Data = Readonly<Record<string, unknown>>;

/** The lifecycle's steps and reads the dialog uses. */
export type DefinitionSteps<TDefinition> = Pick<
  DefinitionLifecycle<TDefinition>,
  'list' | 'get' | 'history' | 'createDraft' | 'editDraft' | 'submit' | 'approve' | 'reject' | 'publish' | 'disable' | 'enable'
>;

export interface DefinitionDialogKind<TDefinition> {
  /** "custom action", "workflow". */
  noun: string;
  error: DefinitionErrorFactory;
  title(definition: TDefinition): string;
  /** The definition as the form shows it for an edit (YAML that reads back as the same definition). */
  text(definition: TDefinition): string;
  /** What Publish says it did. */
  published(version: DefinitionVersion<TDefinition>): string;
  renderList(view: DefinitionListView): AdaptiveCardJson;
  renderForm(view: DefinitionFormView): AdaptiveCardJson;
  renderHistory(view: DefinitionHistoryView): AdaptiveCardJson;
}

export interface DefinitionDialogDependencies<TDefinition> {
  definitions: DefinitionSteps<TDefinition>;
  /** Whether the tenant's approval policy is self-approve (then Approve is offered to an author too; the service checks there is one admin). */
  selfApprove?: (tenantId: string) => Promise<boolean>;
}

export abstract class DefinitionLifecycleDialog<TDefinition> extends CardStepDialog {
  constructor(
    id: string,
    protected readonly kind: DefinitionDialogKind<TDefinition>,
    private readonly lifecycle: DefinitionDialogDependencies<TDefinition>,
  ) {
    super(id);
  }

  /**
   * The steps every kind has, in the order a user meets them (the list first: a typed command
   * starts there). A kind adds its own: `this.stepsOf({ ...this.lifecycleSteps(), check: …, preview: … })`.
   */
  protected lifecycleSteps(): Record<string, CardStep> {
    return {
      list: this.listStep,
      form: this.formStep,
      edit: this.editStep,
      save: this.saveStep,
      submit: this.submitStep,
      approve: this.approveStep,
      reject: this.rejectStep,
      publish: this.publishStep,
      disable: this.disableStep,
      enable: this.enableStep,
      history: this.historyStep,
    };
  }

  /** Every definition of the tenant: its state in words, who changed it last and when, and the viewer's next steps. */
  protected async listStep(turn: TurnContext): Promise<CardAnswer> {
    return { card: await this.listCard(flowTurnOf(turn).actor) };
  }

  /** An empty definition form. */
  protected async formStep(): Promise<CardAnswer> {
    return { card: this.kind.renderForm({ text: '' }) };
  }

  /** The form with the current definition (the open version, else the live one), remembering which version and revision it showed. */
  protected async editStep(turn: TurnContext, data: Data): Promise<CardAnswer> {
    const { actor } = flowTurnOf(turn);
    const summary = await this.summaryOf(actor, data);
    const version = this.workingOrNotFound(summary);
    const state = summary.open
      ? `Version ${version.version} is ${summary.open.state === 'draft' ? 'a draft' : 'waiting for approval or approved; saving a change puts it back to draft'}.`
      : `Version ${version.version} is ${version.state === 'published' ? 'published' : 'disabled'}. Saving starts version ${version.version + 1} as a draft; version ${version.version} stays as it is until the new one is published.`;
    return { card: this.kind.renderForm({ editing: { name: summary.name, title: summary.title, version: version.version, revision: version.revision, state }, text: this.kind.text(version.definition) }) };
  }

  /** Save as draft: a new definition, or (from Edit) a new text for the version the form showed. */
  protected async saveStep(turn: TurnContext, data: Data): Promise<CardAnswer> {
    const { actor, correlationId } = flowTurnOf(turn);
    const text = definitionOf(data);
    const name = nameOf(data);
    const editing = editingOf(data, name);
    try {
      // An edit form without the version it showed is refused by the service as a conflict, and audited.
      const saved = name
        ? await this.lifecycle.definitions.editDraft(actor, name, text, { correlationId, expected: refOf(data) ?? { version: 0, revision: 0 } })
        : await this.lifecycle.definitions.createDraft(actor, text, { correlationId });
      const { version } = saved;
      const title = `"${this.kind.title(version.definition)}"`;
      const words =
        saved.changes.length === 0
          ? `Nothing changed: the text is the same as version ${version.version} of ${title}.`
          : `Saved ${title} as a draft (version ${version.version}). Next: Submit it, and a second tenant admin approves it.`;
      const warnings = saved.warnings.length > 0 ? ` Worth a look: ${saved.warnings.join(' ')}` : '';
      return { card: await this.listCard(actor, { text: words + warnings, tone: 'good' }) };
    } catch (error) {
      // Problems with the text come back on the form, with the text as it was pasted.
      const code = error instanceof DefinitionError ? String(error.code) : '';
      if (error instanceof DefinitionError && (code.endsWith('.INVALID_DEFINITION') || code.endsWith('.ALREADY_EXISTS'))) {
        const problems = error.details.problems ?? [error.userMessage];
        const headline = code.endsWith('.ALREADY_EXISTS') ? 'Not saved.' : `Not saved: ${problems.length === 1 ? '1 problem' : `${problems.length} problems`}.`;
        return { card: this.kind.renderForm({ ...editing, text, problems, problemsTitle: headline, warnings: error.details.warnings ?? [] }) };
      }
      throw error;
    }
  }

  protected async submitStep(turn: TurnContext, data: Data): Promise<CardAnswer> {
    const { actor, correlationId } = flowTurnOf(turn);
    const result = await this.lifecycle.definitions.submit(actor, this.requiredName(data), { correlationId, expected: refOf(data) });
    return this.stepAnswer(actor, result, `Version ${result.version.version} of "${this.titleOf(result)}" is waiting for a second tenant admin's approval. They approve it on this list.`, 'It was already waiting for approval.');
  }

  /** Approve names the version and revision the approver saw: an approval never covers content they did not see. */
  protected async approveStep(turn: TurnContext, data: Data): Promise<CardAnswer> {
    const { actor, correlationId } = flowTurnOf(turn);
    // A card without a version (forged or from elsewhere) is refused by the service as a conflict, and audited.
    const expected = refOf(data) ?? { version: 0, revision: 0 };
    const result = await this.lifecycle.definitions.approve(actor, this.requiredName(data), { correlationId, expected });
    const self = result.version.selfApproved ? ' You approved your own version under the self-approve policy of a single-admin organization; the history says so.' : '';
    return this.stepAnswer(actor, result, `You approved version ${result.version.version} of "${this.titleOf(result)}". A tenant admin can publish it now.${self}`, 'You had already approved it.');
  }

  /** Reject by another admin (with the review's reason, if given), or Withdraw by its submitter: back to draft. */
  protected async rejectStep(turn: TurnContext, data: Data): Promise<CardAnswer> {
    const { actor, correlationId } = flowTurnOf(turn);
    const reason = typeof data['reason'] === 'string' ? data['reason'].trim().slice(0, 500) : '';
    const result = await this.lifecycle.definitions.reject(actor, this.requiredName(data), { correlationId, ...(reason ? { reason } : {}) });
    return this.stepAnswer(actor, result, `Version ${result.version.version} of "${this.titleOf(result)}" is a draft again. Edit it, then submit it again.`, 'It was already a draft.');
  }

  protected async publishStep(turn: TurnContext, data: Data): Promise<CardAnswer> {
    const { actor, correlationId } = flowTurnOf(turn);
    const result = await this.lifecycle.definitions.publish(actor, this.requiredName(data), { correlationId });
    return this.stepAnswer(actor, result, this.kind.published(result.version), 'It was already published.');
  }

  protected async disableStep(turn: TurnContext, data: Data): Promise<CardAnswer> {
    const { actor, correlationId } = flowTurnOf(turn);
    const result = await this.lifecycle.definitions.disable(actor, this.requiredName(data), { correlationId });
    return this.stepAnswer(actor, result, `"${this.titleOf(result)}" is disabled: nobody can run it until a tenant admin enables it again.`, 'It was already disabled.');
  }

  protected async enableStep(turn: TurnContext, data: Data): Promise<CardAnswer> {
    const { actor, correlationId } = flowTurnOf(turn);
    const result = await this.lifecycle.definitions.enable(actor, this.requiredName(data), { correlationId });
    return this.stepAnswer(actor, result, `"${this.titleOf(result)}" version ${result.version.version} is enabled again and can be run.`, 'It was already enabled.');
  }

  /** Every change, newest first: who, when, what. */
  protected async historyStep(turn: TurnContext, data: Data): Promise<CardAnswer> {
    const { actor } = flowTurnOf(turn);
    const summary = await this.summaryOf(actor, data);
    const entries = await this.lifecycle.definitions.history(actor.tenantId, summary.name, { limit: HISTORY_LIMIT });
    return { card: this.kind.renderHistory({ name: summary.name, title: summary.title, entries: historyEntriesView(entries), olderNotShown: entries.length >= HISTORY_LIMIT }) };
  }

  /** After a step: the list as it is now, with what the step did (or that it had already been done). */
  private async stepAnswer(actor: Actor, result: StepResult<TDefinition>, done: string, already: string): Promise<CardAnswer> {
    return { card: await this.listCard(actor, { text: result.changed ? done : `${already} Nothing was changed.`, tone: 'good' }) };
  }

  private async listCard(actor: Actor, message?: { text: string; tone: 'good' | 'attention' }): Promise<AdaptiveCardJson> {
    const summaries = await this.lifecycle.definitions.list(actor.tenantId);
    const shown = summaries.slice(0, MAX_ROWS);
    const [viewer, lastChanges] = await Promise.all([
      this.viewerOf(actor, shown),
      Promise.all(shown.map(async (summary) => (await this.lifecycle.definitions.history(actor.tenantId, summary.name, { limit: 1 })).at(-1))),
    ]);
    return this.kind.renderList({
      rows: shown.map((summary, index) => {
        const last = lastChanges[index];
        return rowView(summary, last ? { who: last.actor, at: last.at } : undefined, viewer);
      }),
      ...(message ? { message } : {}),
      notShown: summaries.length - shown.length,
    });
  }

  /** The approval policy is read only when a version waits for approval (whether Approve is offered to its author). */
  protected async viewerOf(actor: Actor, summaries: readonly DefinitionSummary<TDefinition>[]): Promise<DefinitionViewer> {
    const anySubmitted = summaries.some((summary) => summary.open?.state === 'submitted');
    const selfApprove = anySubmitted && this.lifecycle.selfApprove ? await this.lifecycle.selfApprove(actor.tenantId).catch(() => false) : false;
    return { userId: actor.userId, selfApprove };
  }

  protected async summaryOf(actor: Actor, data: Data): Promise<DefinitionSummary<TDefinition>> {
    const name = this.requiredName(data);
    const summary = await this.lifecycle.definitions.get(actor.tenantId, name);
    if (!summary) throw this.notFound(name);
    return summary;
  }

  /** The version the buttons act on: the open one, else the live one. */
  protected workingOrNotFound(summary: DefinitionSummary<TDefinition>): DefinitionVersion<TDefinition> {
    const version = workingVersion(summary);
    if (!version) throw this.notFound(summary.name);
    return version;
  }

  private requiredName(data: Data): string {
    const name = nameOf(data);
    if (!name) throw this.kind.error('NOT_FOUND', `This card does not say which ${this.kind.noun} it is about any more.`);
    return name;
  }

  private notFound(name: string): Error {
    return this.kind.error('NOT_FOUND', `There is no ${this.kind.noun} named "${name}".`, { details: { name } });
  }

  private titleOf(result: StepResult<TDefinition>): string {
    return this.kind.title(result.version.definition);
  }
}

export function definitionOf(data: Data): string {
  return typeof data['definition'] === 'string' ? data['definition'] : '';
}

/** The definition's name from the card, when it is one (a slug, as custom actions and workflows spell it); never trusted beyond naming it. */
export function nameOf(data: Data): string | undefined {
  const name = typeof data['name'] === 'string' ? data['name'].trim() : '';
  return name.length <= 64 && CUSTOM_ACTION_NAME.test(name) ? name : undefined;
}

function wholeNumber(value: unknown): number | undefined {
  const number = typeof value === 'number' ? value : typeof value === 'string' && /^\d{1,9}$/.test(value.trim()) ? Number(value) : Number.NaN;
  return Number.isInteger(number) && number >= 0 ? number : undefined;
}

/** The version and revision the card showed. */
export function refOf(data: Data): VersionRef | undefined {
  const version = wholeNumber(data['version']);
  const revision = wholeNumber(data['revision']);
  return version !== undefined && revision !== undefined ? { version, revision } : undefined;
}

/** The form's identity on a re-render: which version an edit started from, so Save still names it. */
export function editingOf(data: Data, title: string | undefined): Pick<DefinitionFormView, 'editing'> {
  const name = nameOf(data);
  const ref = refOf(data);
  if (!name || !ref) return {};
  return { editing: { name, title: title ?? name, version: ref.version, revision: ref.revision, state: `Editing version ${ref.version}.` } };
}

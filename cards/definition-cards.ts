/**
 * The cards every reviewed definition shares (custom actions, workflows), as pure render
 * functions over designer-editable templates: the list (each definition's state in words, who
 * changed it last and when, and the viewer's next steps), the definition form (a text box for
 * YAML or JSON, Check and Save as draft, the problems with their lines) and the history. Each
 * kind's `*.card.ts` gives them its heading, words and verbs (DefinitionCardLook).
 */
import formTemplate from './templates/definition-form.json';
import historyTemplate from './templates/definition-history.json';
import listTemplate from './templates/definition-list.json';
import { cardDateTime } from './card-words';
import { requestLines } from './custom-action-request-lines';
import { definitionListButton, expandDefinitionButtons, type DefinitionButton, type DefinitionCardLook, type DefinitionRefView } from './definition-buttons';
import { compileTemplate, plainText, type AdaptiveCardJson } from './render-template';

const renderList = compileTemplate(listTemplate);
const renderForm = compileTemplate(formTemplate);
const renderHistory = compileTemplate(historyTemplate);

/** One definition on its kind's list card, already in words. */
export interface DefinitionRowView {
  /** The stable id (slug), e.g. set-cost-center: shown under the title, and the buttons' data. */
  name: string;
  title: string;
  /** "Published, version 2", "Waiting for a second admin's approval", "Draft", "Disabled, version 1". */
  state: string;
  /** A second line, e.g. "Version 3 is a draft." */
  detail?: string;
  /** Who changed it last, by name. */
  changedBy: string;
  /** UTC ISO-8601; shown in the viewer's time zone. */
  changedAt: string;
  /** The version and revision the buttons act on (the open version, else the live one). */
  ref?: DefinitionRefView;
  /** In the order shown; the viewer's next steps first. */
  buttons: readonly DefinitionButton[];
}

/** A kind's list, for tenant admins: every definition of the tenant, its state and the next steps. */
export interface DefinitionListView {
  rows: readonly DefinitionRowView[];
  /** What the last click did, or why it did nothing. */
  message?: { text: string; tone: 'good' | 'attention' };
  /** More definitions than the card holds: how many are left out. */
  notShown?: number;
}

export interface DefinitionListWords {
  /** "Custom actions". */
  heading: string;
  /** The sentence under the heading, for `count` definitions (0: what the kind is). */
  summary(count: number): string;
  /** "New custom action". */
  newTitle: string;
}

export function renderDefinitionList(look: DefinitionCardLook, words: DefinitionListWords, view: DefinitionListView): AdaptiveCardJson {
  return renderList({
    heading: words.heading,
    summary: words.summary(view.rows.length + (view.notShown ?? 0)),
    message: view.message ? plainText(view.message.text, 600) : '',
    messageStyle: view.message?.tone === 'attention' ? 'attention' : 'good',
    rows: view.rows.map((row) => ({
      title: plainText(row.title, 80),
      name: plainText(row.name, 64),
      state: plainText(row.state, 120),
      detail: row.detail ? plainText(row.detail, 300) : '',
      changed: `Last changed by ${plainText(row.changedBy, 160)} on ${cardDateTime(row.changedAt)}`,
      buttons: expandDefinitionButtons(look, row.name, row.ref, row.buttons),
    })),
    notShown: view.notShown && view.notShown > 0 ? `${view.notShown} more ${view.notShown === 1 ? 'is' : 'are'} not shown here.` : '',
    actions: [
      { title: words.newTitle, verb: look.verbs.define, style: 'positive', data: { step: 'form' } },
      { ...definitionListButton(look, 'Refresh'), data: { refresh: true } },
    ],
  });
}

/**
 * The definition form: one text box for a JSON or YAML definition, Check (validates only, and
 * shows what the definition does) and Save as draft. After a Check or a refused Save the same
 * card comes back with the text as it was and every problem with its line.
 */
export interface DefinitionFormView {
  /** Editing an existing definition: the version and revision the text came from (a stale one is refused on save). */
  editing?: { name: string; title: string; version: number; revision: number; state: string };
  /** The text in the box: what was pasted, or the current definition. */
  text: string;
  /** Why it can't be saved, one sentence each (with its line for pasted text). */
  problems?: readonly string[];
  /** The headline over the problems, e.g. "Not saved: 2 problems." */
  problemsTitle?: string;
  /** Not blocking, one sentence each. */
  warnings?: readonly string[];
}

export interface DefinitionFormWords {
  /** "New custom action". */
  newTitle: string;
  /** What a new definition is, and how it gets to run. */
  newIntro: string;
  /** After the state of the version being edited: what saving does. */
  editIntro: string;
  /** "Fields: name, title, …". */
  fields: string;
  /** A complete, valid definition, shown before anything is typed. */
  placeholder: string;
}

/** After a Check that found nothing wrong: a sentence and what the definition does, line by line. */
export interface DefinitionCheckView {
  sentence: string;
  text: string;
  monospace: boolean;
}

export function renderDefinitionForm(look: DefinitionCardLook, words: DefinitionFormWords, view: DefinitionFormView, check?: DefinitionCheckView): AdaptiveCardJson {
  const editing = view.editing;
  const problems = (view.problems ?? []).slice(0, 30).map((problem) => plainText(problem, 400));
  const identity = editing ? { name: editing.name, version: editing.version, revision: editing.revision } : {};
  return renderForm({
    title: editing ? `Edit: ${plainText(editing.title, 80)}` : words.newTitle,
    intro: editing ? `${plainText(editing.state, 200)} ${words.editIntro}` : words.newIntro,
    fields: words.fields,
    text: view.text,
    placeholder: words.placeholder,
    hasProblems: problems.length > 0,
    problemsTitle: plainText(view.problemsTitle ?? (problems.length === 1 ? '1 problem:' : `${problems.length} problems:`), 200),
    problems,
    warnings: (view.warnings ?? []).slice(0, 10).map((warning) => plainText(warning, 400)),
    hasCheck: Boolean(check) && problems.length === 0,
    checkSample: check ? `Looks good. ${plainText(check.sentence, 300)}` : '',
    checkLines: check ? requestLines(check.text) : [],
    checkFont: check?.monospace === false ? 'Default' : 'Monospace',
    actions: [
      { title: 'Check', verb: look.verbs.define, style: 'default', data: { step: 'check', ...identity } },
      { title: 'Save as draft', verb: look.verbs.define, style: 'positive', data: { step: 'save', ...identity } },
      definitionListButton(look),
    ],
  });
}

/** One change of a definition, already in words. */
export interface DefinitionHistoryEntryView {
  /** UTC ISO-8601; shown in the viewer's time zone. */
  at: string;
  /** The person, by name. */
  who: string;
  /** "Created version 1 as a draft", "Approved version 2". */
  what: string;
  /** What the definition change was, one line each. */
  changes: readonly string[];
  /** A reason or a flag (rejection reason, "self-approved …"). */
  note?: string;
}

/** Every change of one definition, newest first: who, when, what. */
export interface DefinitionHistoryView {
  name: string;
  title: string;
  entries: readonly DefinitionHistoryEntryView[];
  /** Older changes than these exist (they are in the audit). */
  olderNotShown?: boolean;
}

/** `noun`: "custom action", "workflow". */
export function renderDefinitionHistory(look: DefinitionCardLook, noun: string, view: DefinitionHistoryView): AdaptiveCardJson {
  const count = view.entries.length;
  return renderHistory({
    title: `History: ${plainText(view.title, 80)}`,
    summary: count === 0 ? `No changes are recorded for this ${noun}.` : `${count === 1 ? '1 change' : `${count} changes`}, newest first.${view.olderNotShown ? ' Older ones are in the audit.' : ''}`,
    entries: view.entries.map((entry) => ({
      headline: `${plainText(entry.what, 200)}`,
      byline: `By ${plainText(entry.who, 160)} on ${cardDateTime(entry.at)}`,
      changes: entry.changes.slice(0, 30).map((change) => plainText(change, 300)),
      note: entry.note ? plainText(entry.note, 500) : '',
    })),
    actions: [...expandDefinitionButtons(look, view.name, undefined, ['preview']), definitionListButton(look)],
  });
}

import formTemplate from './templates/workflow-schedule-form.json';
import confirmTemplate from './templates/workflow-schedule-confirm.json';
import listTemplate from './templates/workflow-schedules.json';
import type { CardFact } from './grant-confirmation.card';
import { humanizeInstants } from './card-words';
import { compileTemplate, plainText, type AdaptiveCardJson } from './render-template';
import { Verbs } from './verbs';

const renderList = compileTemplate(listTemplate);
const renderForm = compileTemplate(formTemplate);
const renderConfirm = compileTemplate(confirmTemplate);

/** The most schedules one list card shows (a tenant holds at most 20). */
const MAX_ROWS = 20;

/** One schedule on the `workflow schedules` card, already in words. */
export interface WorkflowScheduleRowView {
  /** The Remove button's data: the server reads the schedule again (and checks who may remove it). */
  scheduleId: string;
  /** "Offboarding for the group Leavers". */
  title: string;
  facts: readonly CardFact[];
}

export interface WorkflowSchedulesView {
  rows: readonly WorkflowScheduleRowView[];
}

export function renderWorkflowSchedulesCard(view: WorkflowSchedulesView): AdaptiveCardJson {
  const rows = view.rows.slice(0, MAX_ROWS);
  return renderList({
    intro:
      rows.length === 0
        ? 'No workflow runs on a schedule yet. Use New schedule to run one for every user of a department or group, daily, weekly or monthly.'
        : `${rows.length === 1 ? 'One workflow runs' : `${rows.length} workflows run`} on a schedule, for every user of a department or group.`,
    listVerb: Verbs.workflowSchedules,
    defineVerb: Verbs.workflowScheduleDefine,
    removeVerb: Verbs.workflowScheduleRemove,
    rows: rows.map((row) => ({
      scheduleId: row.scheduleId,
      title: plainText(row.title, 200),
      facts: row.facts.map((fact) => ({ label: plainText(fact.label, 40), value: plainText(humanizeInstants(fact.value), 300) })),
    })),
  });
}

/** The schedule form: what the admin typed comes back filled in, with the problem when Check refused it. */
export interface WorkflowScheduleFormView {
  workflows: ReadonlyArray<{ name: string; title: string }>;
  workflow?: string;
  queryKind?: 'department' | 'group';
  queryName?: string;
  when?: string;
  /** "Europe/Amsterdam": the zone the time is read in. */
  timeZone: string;
  problem?: string;
}

export function renderWorkflowScheduleFormCard(view: WorkflowScheduleFormView): AdaptiveCardJson {
  return renderForm({
    workflows: view.workflows.map((workflow) => ({ name: workflow.name, title: plainText(workflow.title, 80) })),
    workflow: view.workflow ?? view.workflows[0]?.name ?? '',
    queryKind: view.queryKind ?? 'group',
    queryName: plainText(view.queryName ?? '', 120),
    when: plainText(view.when ?? '', 80),
    timeZone: plainText(view.timeZone, 60),
    problem: view.problem ? plainText(view.problem, 400) : '',
    defineVerb: Verbs.workflowScheduleDefine,
    listVerb: Verbs.workflowSchedules,
  });
}

/** The confirmation before a schedule is stored: what, for whom, when, the next run, whose authority. */
export interface WorkflowScheduleConfirmView {
  /** "Run Offboarding weekly for the group Leavers?". */
  title: string;
  facts: readonly CardFact[];
  /** What Schedule and Change send back: the form's values (the server checks them all again), and a one-time id. */
  values: { workflow: string; queryKind: 'department' | 'group'; queryName: string; when: string; scheduleId: string };
}

export function renderWorkflowScheduleConfirmCard(view: WorkflowScheduleConfirmView): AdaptiveCardJson {
  const values = { workflow: view.values.workflow, queryKind: view.values.queryKind, queryName: view.values.queryName, when: view.values.when };
  return renderConfirm({
    title: plainText(view.title, 200),
    facts: view.facts.map((fact) => ({ label: plainText(fact.label, 40), value: plainText(humanizeInstants(fact.value), 300) })),
    note: 'Each run is authorized again, user by user, when it starts: users outside your scope then are skipped and named on the card you get after each run.',
    createData: { step: 'create', ...values, scheduleId: view.values.scheduleId },
    changeData: { step: 'form', ...values },
    defineVerb: Verbs.workflowScheduleDefine,
    listVerb: Verbs.workflowSchedules,
  });
}

import template from './templates/workflow-runs.json';
import { cardDateTime } from './card-words';
import { compileTemplate, plainText, type AdaptiveCardJson } from './render-template';
import { Verbs } from './verbs';

const renderTemplate = compileTemplate(template);

const MAX_ROWS = 20;

/** One run on the `workflow runs` card, already in words. */
export interface WorkflowRunRowView {
  /** The Open button's data: the server reads the run again (and checks who may see it). */
  runId: string;
  /** "Offboarding: Patti Fernandez (patti@contoso.com)". */
  title: string;
  /** "Running", "Waiting for approval", "Done: every step succeeded", "Failed at Remove licences". */
  state: string;
  tone: 'good' | 'attention' | 'quiet';
  startedBy: string;
  /** UTC ISO-8601; shown in the viewer's time zone. */
  startedAt: string;
  finishedAt?: string;
}

/** `workflow runs`: recent runs, newest first (a tenant admin sees the tenant's, others their own), each with Open. */
export interface WorkflowRunsView {
  rows: readonly WorkflowRunRowView[];
  /** Only the caller's own runs are listed (an operator). */
  ownOnly: boolean;
}

const STATE_COLOR: Record<WorkflowRunRowView['tone'], string> = { good: 'Good', attention: 'Attention', quiet: 'Default' };

export function renderWorkflowRunsCard(view: WorkflowRunsView): AdaptiveCardJson {
  const rows = view.rows.slice(0, MAX_ROWS);
  const whose = view.ownOnly ? 'the runs you started' : "your organization's runs";
  return renderTemplate({
    intro: rows.length === 0 ? `No workflow runs yet. Type "workflows" to start one.` : `The ${rows.length === 1 ? 'latest of' : `${rows.length} latest of`} ${whose}, newest first.`,
    openVerb: Verbs.workflowRuns,
    rows: rows.map((row) => ({
      runId: row.runId,
      title: plainText(row.title, 200),
      state: plainText(row.state, 200),
      stateColor: STATE_COLOR[row.tone],
      started: `Started by ${plainText(row.startedBy, 160)} on ${cardDateTime(row.startedAt)}`,
      finished: row.finishedAt ? `Finished on ${cardDateTime(row.finishedAt)}` : '',
    })),
  });
}

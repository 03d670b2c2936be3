/**
 * Workflows as cards: the runnable ones (`workflows`), a run's preview (or the form when values
 * are missing), a run as it goes, and recent runs. Pure: the services' views in, card JSON out.
 */
import {
  renderWorkflowPreviewCard,
  renderWorkflowRunCard,
  renderWorkflowRunsCard,
  renderWorkflowsCard,
  Verbs,
  type AdaptiveCardJson,
  type CardFact,
  type WorkflowInputView,
  type WorkflowPreviewButton,
  type WorkflowPreviewStepView,
  type WorkflowRunButton,
  type WorkflowRunStepCardView,
  renderBulkProgressCard,
} from '../../cards';
import { describePerson } from '../../services/access/actor';
import type { WorkflowSummary } from '../../services/workflows/workflow-catalog';
import type { WorkflowPreview } from '../../services/workflows/workflow-preview';
import type { WorkflowBatchPreview } from '../../services/workflows/workflow-run.service';
import { FINAL_RUN_STATES, type WorkflowRunView, type WorkflowStepView } from '../../services/workflows/workflow-run.types';
import { AUDIENCE_WORDS } from '../../services/workflows/workflow-step-words';
import { givenInputs, type WorkflowRequest } from './workflow-card-data';

/** The compromised-account template: `remediate compromised <user>` confirms its steps without a form. */
export const COMPROMISED_ACCOUNT_WORKFLOW = 'compromised-account';

/** "usageLocation" → "Usage location". */
function words(key: string): string {
  const spaced = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/[_-]+/g, ' ').toLowerCase();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

function inputViews(summary: WorkflowSummary | undefined, given: Readonly<Record<string, string>>): WorkflowInputView[] {
  return (summary?.inputs ?? []).map((input) => {
    const optional = !input.required || input.default !== undefined;
    const label = `${input.description ? input.description : words(input.name)}${optional ? ' (optional)' : ''}`;
    const value = given[input.name];
    const fallback = input.default !== undefined ? String(input.default) : undefined;
    if (input.type === 'boolean') return { name: input.name, label, kind: 'toggle', value: value ?? fallback ?? 'false' };
    if (input.type === 'enum') return { name: input.name, label, kind: 'choice', choices: input.values ?? [], ...(value ?? fallback ? { value: value ?? fallback } : {}) };
    const long = (fallback?.length ?? 0) > 60 || /message|reply|text|note/i.test(input.name);
    const placeholder = fallback !== undefined ? `Default: ${fallback}` : input.type === 'user' ? 'Sign-in name, for example megan@contoso.com' : input.type === 'number' ? 'A number' : '';
    return { name: input.name, label, kind: 'text', ...(value ? { value } : {}), ...(placeholder ? { placeholder } : {}), ...(long ? { multiline: true } : {}) };
  });
}

/** `workflows`: each runnable workflow with its Start form; for tenant admins (`mayDefine`), the way to define their own. */
export function workflowsCard(summaries: readonly WorkflowSummary[], options: { mayDefine?: boolean } = {}): AdaptiveCardJson {
  return renderWorkflowsCard({
    ...(options.mayDefine ? { mayDefine: true } : {}),
    workflows: summaries
      .filter((summary) => summary.state === 'published')
      .map((summary) => ({
        name: summary.name,
        title: summary.title,
        description: summary.description,
        stepsLine: `${summary.builtIn ? 'Built-in template' : "Your organization's workflow"} · ${summary.stepTitles.length} ${summary.stepTitles.length === 1 ? 'step' : 'steps'}: ${summary.stepTitles.join(', ')}`,
        needsUser: !summary.derivesTarget,
        inputs: inputViews(summary, {}),
        optionalSteps: summary.optionalSteps.map((step) => ({ id: step.id, title: step.title ?? words(step.id), chosen: false })),
      })),
  });
}

function statusOfPreview(step: WorkflowPreview['steps'][number], optional: boolean): string {
  if (step.willRun === 'yes') return 'Will run';
  if (step.willRun === 'depends') return step.why ?? 'Depends on earlier steps';
  if (optional) return 'Optional: not included (switch it on below to include it)';
  return `Will be skipped: ${step.why ?? 'its condition is not met'}`;
}

function linesOfPreview(step: WorkflowPreview['steps'][number]): string[] {
  switch (step.kind) {
    case 'action': {
      const parameters = Object.entries(step.parameters ?? {}).map(([key, value]) => `${words(key)}: ${value}`);
      return [...(parameters.length > 0 ? [parameters.join(' · ')] : []), ...(step.compensation ? [step.compensation] : [])];
    }
    case 'approval':
      return [`Asks ${step.approvers ?? 'a tenant admin'} to approve: ${step.text ?? ''}`];
    case 'choice':
      return [`Asks you: ${step.question ?? ''} (${(step.options ?? []).join(', ')})`];
    case 'notice':
      return [`To ${step.to ? AUDIENCE_WORDS[step.to] : 'someone'}: ${step.text ?? ''}`];
  }
}

export interface PreviewCardOptions {
  /** `remediate compromised <user>`: a confirmation of its steps, no form. */
  remediation?: boolean;
  message?: { text: string; tone: 'attention' | 'warning' };
}

/** What the run will do, with Start; the optional steps as toggles and the inputs as fields (Update preview shows the change). */
export function previewCard(preview: WorkflowPreview, request: WorkflowRequest, summary: WorkflowSummary | undefined, options: PreviewCardOptions = {}): AdaptiveCardJson {
  const optional = new Set((summary?.optionalSteps ?? []).map((step) => step.id));
  const who = `${preview.target.displayName} (${preview.target.upn})`;
  const steps: WorkflowPreviewStepView[] = preview.steps.map((step) => ({
    title: step.title,
    status: statusOfPreview(step, optional.has(step.id)),
    lines: linesOfPreview(step),
    ...(optional.has(step.id) ? { optIn: { id: step.id, chosen: request.optIn.includes(step.id) } } : {}),
  }));
  const inputs = options.remediation ? [] : inputViews(summary, request.inputs);
  const user = summary?.derivesTarget ? undefined : preview.target.upn;
  const previewed = { ...(user ? { user } : {}), inputs: givenInputs(request), optIn: [...request.optIn] };
  const buttons: WorkflowPreviewButton[] = [
    { title: options.remediation ? 'Start remediation' : 'Start', verb: Verbs.workflowStart, style: options.remediation ? 'destructive' : 'positive', data: { workflow: preview.workflow.name, ...(user ? { user } : {}), previewed } },
    ...(inputs.length > 0 || optional.size > 0 ? [{ title: 'Update preview', verb: Verbs.workflowPrepare, data: { workflow: preview.workflow.name, ...(user ? { user } : {}) } }] : []),
    { title: 'Cancel', verb: Verbs.workflowStart, data: { workflow: preview.workflow.name, decision: 'cancel' } },
  ];
  const running = steps.filter((step) => !step.status.startsWith('Optional') && !step.status.startsWith('Will be skipped')).length;
  return renderWorkflowPreviewCard({
    title: options.remediation ? `Treat ${who} as compromised?` : `Run ${preview.workflow.title} for ${who}?`,
    intro: options.remediation
      ? `These ${running} steps run one after another, each even if the one before it fails. The temporary password comes to you only, on a card in your personal chat. Nothing changes until you select Start remediation.`
      : `${preview.workflow.description ? `${preview.workflow.description} ` : ''}Every change it will make is listed below. Nothing changes until you select Start.`,
    ...(options.message ? { message: options.message } : {}),
    tone: options.remediation ? 'attention' : 'emphasis',
    facts: [{ label: 'User', value: who }, ...(preview.target.department ? [{ label: 'Department', value: preview.target.department }] : [])],
    steps,
    inputs,
    buttons,
  });
}

/** The form when values are missing or wrong (or the user was not given): the problems, the fields, and Preview. */
export function formCard(summary: WorkflowSummary, request: WorkflowRequest, problems: readonly string[], message: string): AdaptiveCardJson {
  const user = summary.derivesTarget ? undefined : request.user;
  return renderWorkflowPreviewCard({
    title: `Run ${summary.title}${user ? ` for ${user}` : ''}`,
    intro: `${summary.description ? `${summary.description} ` : ''}Fill in the values below, then select Preview. Nothing changes until you select Start on the preview.`,
    message: { text: message, tone: 'warning' },
    problems,
    facts: [],
    steps: [],
    inputs: inputViews(summary, request.inputs),
    ...(summary.derivesTarget ? {} : { askUser: { value: request.user ?? '' } }),
    buttons: [
      { title: 'Preview', verb: Verbs.workflowPrepare, style: 'positive', data: { workflow: summary.name } },
      { title: 'Cancel', verb: Verbs.workflowStart, data: { workflow: summary.name, decision: 'cancel' } },
    ],
  });
}

const STEP_STATUS: Record<WorkflowStepView['status'], { words: string; tone: WorkflowRunStepCardView['tone'] }> = {
  pending: { words: 'Not started', tone: 'quiet' },
  running: { words: 'In progress', tone: 'waiting' },
  'waiting-approval': { words: 'Waiting for approval', tone: 'waiting' },
  'waiting-choice': { words: 'Waiting for an answer', tone: 'waiting' },
  succeeded: { words: 'Done', tone: 'good' },
  failed: { words: 'Failed', tone: 'attention' },
  unknown: { words: 'Outcome unknown', tone: 'attention' },
  skipped: { words: 'Skipped', tone: 'quiet' },
};

const COMPENSATION_WORDS: Record<NonNullable<WorkflowStepView['compensation']>['status'], string> = {
  pending: 'It will be undone.',
  running: 'Being undone now.',
  succeeded: 'Undone.',
  failed: "Undoing it didn't work.",
  unknown: "It can't be told whether undoing it worked.",
};

function stepSummary(step: WorkflowStepView): string | undefined {
  const parts: string[] = [];
  if (step.summary) parts.push(step.summary);
  else if (step.status === 'waiting-approval') parts.push(`Waiting for a tenant admin to approve it${step.deadline ? `, until ${step.deadline}` : ''}. They have the approval card.`);
  else if (step.status === 'waiting-choice') parts.push('Answer below; the run goes on with your answer.');
  if (step.compensation) parts.push(step.compensation.summary ? `${COMPENSATION_WORDS[step.compensation.status]} ${step.compensation.summary}` : COMPENSATION_WORDS[step.compensation.status]);
  return parts.length > 0 ? parts.join(' ') : undefined;
}

const SETTLED: ReadonlySet<string> = new Set(['succeeded', 'failed', 'unknown', 'skipped']);

function runTitle(view: WorkflowRunView): string {
  const what = `${view.workflowTitle} for ${view.target.displayName}`;
  switch (view.state) {
    case 'succeeded':
      return `Done: ${what}`;
    case 'completed-with-failures':
      return `Finished with problems: ${what}`;
    case 'failed':
      return `Failed: ${what}`;
    case 'stopped':
      return `Stopped: ${what}`;
    default: {
      const settled = view.steps.filter((step) => SETTLED.has(step.status)).length;
      return `${what}: ${settled} of ${view.steps.length} steps finished`;
    }
  }
}

function stateText(view: WorkflowRunView): string {
  const titleOf = (id: string | undefined) => view.steps.find((step) => step.id === id)?.title ?? 'a step';
  switch (view.state) {
    case 'running':
      return 'Running. This card changes as each step finishes.';
    case 'waiting-approval':
      return 'Waiting for approval. The run goes on as soon as a tenant admin decides.';
    case 'waiting-choice':
      return `Waiting for ${view.requester.displayName ?? 'the person who started it'} to answer the question below.`;
    case 'compensating':
      return 'A step failed, so the earlier steps that say how are being undone.';
    case 'succeeded':
      return 'Every step it ran succeeded.';
    case 'completed-with-failures': {
      const problems = view.steps.filter((step) => step.status === 'failed' || step.status === 'unknown').map((step) => step.title);
      return problems.length > 0 ? `It went to the end, but these steps did not succeed: ${problems.join(', ')}.` : 'It went to the end, but a step was skipped because one it needs did not succeed.';
    }
    case 'failed':
      return `It stopped at "${titleOf(view.failedStepId)}"; the steps after it did not run.${view.canRetry ? ' You can retry from that step.' : ''}`;
    case 'stopped':
      return `Stopped by ${view.stoppedBy ? describePerson(view.stoppedBy) : 'someone'}. Steps already done were not undone.`;
  }
}

/** A run as it goes, and its summary when it ends, with the next steps. */
export function runCard(view: WorkflowRunView): AdaptiveCardJson {
  const final = FINAL_RUN_STATES.includes(view.state);
  const facts: CardFact[] = [
    { label: 'User', value: `${view.target.displayName} (${view.target.upn})` },
    { label: 'Started by', value: describePerson(view.requester) },
    { label: 'Started', value: view.createdAt },
    ...(view.finishedAt ? [{ label: 'Finished', value: view.finishedAt }] : []),
  ];
  const steps: WorkflowRunStepCardView[] = view.steps.map((step) => {
    const status = STEP_STATUS[step.status];
    const summary = stepSummary(step);
    return {
      title: step.title,
      status: status.words,
      tone: status.tone,
      ...(summary ? { summary } : {}),
      ...(step.status === 'waiting-choice' && step.question ? { question: step.question } : {}),
      ...(step.status === 'waiting-choice' ? { options: (step.options ?? []).map((option) => ({ title: option, data: { runId: view.id, stepId: step.id, option } })) } : {}),
    };
  });
  const buttons: WorkflowRunButton[] = [
    ...(view.canRetry ? [{ title: 'Retry from the failed step', verb: Verbs.workflowRetry, style: 'positive' as const, data: { runId: view.id } }] : []),
    ...(view.canStop ? [{ title: 'Stop', verb: Verbs.workflowStop, style: 'destructive' as const, data: { runId: view.id } }] : []),
    ...(final ? [] : [{ title: 'Refresh', verb: Verbs.workflowRuns, data: { runId: view.id } }]),
    { title: 'Workflow runs', verb: Verbs.workflowRuns, data: {} },
  ];
  const secret = view.steps.find((step) => step.shownOnceLabel);
  const tone = view.state === 'succeeded' ? 'good' : view.state === 'failed' || view.state === 'completed-with-failures' ? 'attention' : view.state.startsWith('waiting') ? 'waiting' : 'running';
  return renderWorkflowRunCard({
    title: runTitle(view),
    stateText: stateText(view),
    tone,
    facts,
    steps,
    ...(secret?.shownOnceLabel ? { footer: `The ${secret.shownOnceLabel.toLowerCase()} went only to ${view.requester.displayName ?? 'the person who started the run'}, on a card of its own in their personal chat; it is not kept anywhere.` } : {}),
    buttons,
  });
}

const RUN_STATE_WORDS: Record<WorkflowRunView['state'], string> = {
  running: 'Running',
  'waiting-approval': 'Waiting for approval',
  'waiting-choice': 'Waiting for an answer',
  compensating: 'Undoing earlier steps after a failure',
  succeeded: 'Done: every step succeeded',
  'completed-with-failures': 'Finished with problems',
  failed: 'Failed',
  stopped: 'Stopped',
};

/** `workflow runs`: the latest runs with their state, user, who started them and when, each with Open. */
export function runsCard(views: readonly WorkflowRunView[], ownOnly: boolean): AdaptiveCardJson {
  return renderWorkflowRunsCard({
    ownOnly,
    rows: views.map((view) => {
      const failedAt = view.state === 'failed' ? view.steps.find((step) => step.id === view.failedStepId)?.title : undefined;
      return {
        runId: view.id,
        title: `${view.workflowTitle}: ${view.target.displayName} (${view.target.upn})`,
        state: failedAt ? `Failed at "${failedAt}"` : RUN_STATE_WORDS[view.state],
        tone: view.state === 'succeeded' ? 'good' : view.state === 'failed' || view.state === 'completed-with-failures' ? 'attention' : 'quiet',
        startedBy: describePerson(view.requester),
        startedAt: view.createdAt,
        ...(view.finishedAt ? { finishedAt: view.finishedAt } : {}),
      };
    }),
  });
}

/** Who a batch is for, in words: "the group Leavers", "the department Sales". */
export function batchWords(query: { department: string } | { group: string }): string {
  return 'department' in query ? `the department ${query.department}` : `the group ${query.group}`;
}

/** One line per run of a batch: "Patti Fernandez (patti@contoso.com): Failed at "Remove licences"". */
function batchLine(view: WorkflowRunView): string {
  const failedAt = view.state === 'failed' ? view.steps.find((step) => step.id === view.failedStepId)?.title : undefined;
  return `${view.target.displayName} (${view.target.upn}): ${failedAt ? `Failed at "${failedAt}"` : RUN_STATE_WORDS[view.state]}`;
}

/**
 * A run for every user of a department or group, on one card: how many runs finished, how many
 * succeeded or need a look, a line per user, and who was left out; updated in place as runs move,
 * ending on Workflow runs.
 */
export function batchProgressCard(workflowTitle: string, who: string, views: readonly WorkflowRunView[], leftOut: readonly string[]): AdaptiveCardJson {
  const ended = views.filter((view) => FINAL_RUN_STATES.includes(view.state));
  const succeeded = ended.filter((view) => view.state === 'succeeded').length;
  const problems = ended.length - succeeded;
  const waiting = views.filter((view) => view.state === 'waiting-approval' || view.state === 'waiting-choice').length;
  const done = ended.length === views.length;
  const running = views.length - ended.length - waiting;
  const counts = [`${succeeded} succeeded`, ...(problems > 0 ? [`${problems} need a look`] : []), ...(waiting > 0 ? [`${waiting} waiting`] : []), ...(running > 0 ? [`${running} running`] : [])];
  const ordered = [...views].sort((a, b) => Number(FINAL_RUN_STATES.includes(a.state)) - Number(FINAL_RUN_STATES.includes(b.state)) || a.target.displayName.localeCompare(b.target.displayName));
  return renderBulkProgressCard({
    outcome: done ? (problems > 0 ? 'attention' : 'done') : 'running',
    title: done ? `Done: ${workflowTitle} for ${who}` : `${workflowTitle} for ${who}: ${ended.length} of ${views.length} runs finished`,
    summary: counts.join(', ') + '.',
    facts: [
      { label: 'Runs', value: String(views.length) },
      ...(leftOut.length > 0 ? [{ label: 'Left out', value: `${leftOut.length} (listed below)` }] : []),
    ],
    linesHeading: 'Users',
    lines: [...ordered.map(batchLine), ...leftOut.map((line) => `Left out: ${line}`)],
    ...(done ? { footer: 'Open Workflow runs to see each run step by step, or to retry one from its failed step.' } : {}),
    ...(done ? { next: { title: 'Workflow runs', verb: Verbs.workflowRuns } } : {}),
  });
}

/** Users named on a batch preview, at most (the card must stay small); the rest are counted. */
const MAX_BATCH_NAMES = 12;

/** The preview of a run for every user of a department or group: how many, who is left out and why, the steps, then Start. */
export function batchPreviewCard(batch: WorkflowBatchPreview, request: WorkflowRequest, query: { department: string } | { group: string }, summary: WorkflowSummary | undefined, message?: { text: string; tone: 'attention' | 'warning' }): AdaptiveCardJson {
  const optional = new Set((summary?.optionalSteps ?? []).map((step) => step.id));
  const who = batchWords(query);
  const names = batch.users.slice(0, MAX_BATCH_NAMES).map((user) => user.displayName);
  const more = batch.users.length - names.length;
  const previewed = { inputs: givenInputs(request), optIn: [...request.optIn] };
  const count = `${batch.users.length} ${batch.users.length === 1 ? 'user' : 'users'}`;
  return renderWorkflowPreviewCard({
    title: `Run ${batch.preview.workflow.title} for ${count} of ${who}?`,
    intro: `Each user gets a run of their own, with the steps below (shown for ${batch.preview.target.displayName}). Nothing changes until you select Start; one card then follows every run.`,
    ...(message ? { message } : {}),
    facts: [
      { label: 'Users', value: `${names.join(', ')}${more > 0 ? ` and ${more} more` : ''}` },
      ...(batch.refused.length > 0 ? [{ label: 'Left out', value: batch.refused.slice(0, 5).map((refusal) => `${refusal.upn}: ${refusal.message}`).join(' ') + (batch.refused.length > 5 ? ` And ${batch.refused.length - 5} more.` : '') }] : []),
    ],
    steps: batch.preview.steps.map((step) => ({
      title: step.title,
      status: statusOfPreview(step, optional.has(step.id)),
      lines: linesOfPreview(step),
      ...(optional.has(step.id) ? { optIn: { id: step.id, chosen: request.optIn.includes(step.id) } } : {}),
    })),
    inputs: inputViews(summary, request.inputs),
    buttons: [
      { title: 'Start', verb: Verbs.workflowStart, style: 'positive', data: { workflow: batch.preview.workflow.name, batch: query, previewed } },
      ...(optional.size > 0 || (summary?.inputs.length ?? 0) > 0 ? [{ title: 'Update preview', verb: Verbs.workflowPrepare, data: { workflow: batch.preview.workflow.name, batch: query } }] : []),
      { title: 'Cancel', verb: Verbs.workflowStart, data: { workflow: batch.preview.workflow.name, decision: 'cancel' } },
    ],
  });
}

/**
 * A run as cards show it (the run's progress card, `workflow runs`), and the facts its templates
 * and conditions read. Pure: no store, no clock.
 */
import { toPerson } from '../access/actor';
import { FINAL_RUN_STATES, type WorkflowRun, type WorkflowRunStep, type WorkflowRunView, type WorkflowStepView } from './workflow-run.types';
import { stepTitle } from './workflow-step-words';
import { fillTemplate } from './workflow-template';
import { lookupIn, type RunFacts } from './workflow-values';
import type { WorkflowStep } from './workflow.schema';

/** A run and its steps as cards show them. */
export function runView(run: WorkflowRun, steps: readonly WorkflowRunStep[]): WorkflowRunView {
  const lookup = lookupIn(factsOf(run, steps));
  const stepViews: WorkflowStepView[] = steps.map((step) => {
    const definition = definitionOf(run, step.stepId);
    return {
      id: step.stepId,
      title: definition ? stepTitle(definition, lookup) : step.stepId,
      kind: step.kind,
      status: step.status,
      ...(step.summary ? { summary: step.summary } : {}),
      ...(step.code ? { code: step.code } : {}),
      ...(step.answer ? { answer: step.answer } : {}),
      ...(step.decision ? { decision: step.decision } : {}),
      ...(step.decidedBy ? { decidedBy: step.decidedBy } : {}),
      ...(step.deadline ? { deadline: step.deadline } : {}),
      ...(step.approvalRequestId ? { approvalRequestId: step.approvalRequestId } : {}),
      ...(definition?.kind === 'choice' ? { question: fillTemplate(definition.question, lookup), options: definition.options } : {}),
      ...(step.shownOnceLabel ? { shownOnceLabel: step.shownOnceLabel } : {}),
      ...(step.compensation ? { compensation: { status: step.compensation.status, ...(step.compensation.summary ? { summary: step.compensation.summary } : {}) } } : {}),
    };
  });
  return {
    id: run.id,
    tenantId: run.tenantId,
    workflowName: run.workflowName,
    workflowTitle: run.workflowTitle,
    target: run.target,
    requester: toPerson(run.requester),
    state: run.state,
    trigger: run.trigger,
    ...(run.batchId ? { batchId: run.batchId } : {}),
    createdAt: run.createdAt,
    ...(run.finishedAt ? { finishedAt: run.finishedAt } : {}),
    ...(run.failedStepId ? { failedStepId: run.failedStepId } : {}),
    ...(run.stoppedBy ? { stoppedBy: run.stoppedBy } : {}),
    steps: stepViews,
    canRetry: run.state === 'failed' && !steps.some((step) => step.compensation),
    canStop: !FINAL_RUN_STATES.includes(run.state),
  };
}

export function definitionOf(run: WorkflowRun, stepId: string): WorkflowStep | undefined {
  return run.definition.steps.find((step) => step.id === stepId);
}

export function factsOf(run: WorkflowRun, steps: readonly WorkflowRunStep[]): RunFacts {
  return { workflowTitle: run.workflowTitle, target: run.target, requester: run.requester, inputs: run.inputs, bindings: run.bindings, steps };
}


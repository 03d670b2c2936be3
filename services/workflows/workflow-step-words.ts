/**
 * Titles and sentences for steps, shared by the runner (stored summaries), the preview and the
 * run views, so a card and the audit say the same thing.
 */
import { builtInActionTitle } from './workflow-action-inputs';
import { fillTemplate, type TemplateValue } from './workflow-template';
import type { WorkflowRunStep } from './workflow-run.types';
import { CUSTOM_ACTION_PREFIX, isCustomActionId, type NoticeAudience, type WorkflowStep } from './workflow.schema';

export const AUDIENCE_WORDS: Record<NoticeAudience, string> = {
  adminChannel: 'the admin channel',
  requester: 'you',
  manager: "the user's manager",
};

export function actionTitle(actionId: string): string {
  if (isCustomActionId(actionId)) return `Custom action ${actionId.slice(CUSTOM_ACTION_PREFIX.length)}`;
  return builtInActionTitle(actionId) ?? actionId;
}

/** The step's own title (filled), else the action's title, the question, or the kind in words. */
export function stepTitle(step: WorkflowStep, lookup: (name: string) => TemplateValue): string {
  if (step.title) return fillTemplate(step.title, lookup);
  switch (step.kind) {
    case 'action':
      return actionTitle(step.action);
    case 'approval':
      return 'Approval';
    case 'choice':
      return fillTemplate(step.question, lookup);
    case 'notice':
      return `Notice to ${AUDIENCE_WORDS[step.to]}`;
  }
}

/** "failed", "has an unknown outcome", "was skipped", for "because X failed". */
export function statusWords(step: Pick<WorkflowRunStep, 'status'>): string {
  switch (step.status) {
    case 'failed':
      return 'failed';
    case 'unknown':
      return 'has an unknown outcome';
    case 'skipped':
      return 'was skipped';
    case 'succeeded':
      return 'succeeded';
    default:
      return 'has not finished';
  }
}

/**
 * The workflow schedule cards in words (dialogs/workflows/workflow-schedules.dialog.ts): the list,
 * with when each runs next and what its last run did, and the confirmation before one is stored.
 */
import { cardDateTime, explainCode, renderWorkflowScheduleConfirmCard, renderWorkflowSchedulesCard, type AdaptiveCardJson } from '../../cards';
import { describePerson, type Person } from '../../services/access/actor';
import type { WorkflowScheduleQuery, WorkflowScheduleSlot } from '../../services/workflows/workflow-schedule.repository.port';
import type { WorkflowScheduleView } from '../../services/workflows/workflow-schedules';
import { batchWords } from './workflow-views';

function capitalized(words: string): string {
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function lastRunWords(slot: WorkflowScheduleSlot | undefined): string {
  if (!slot) return 'Not yet';
  const when = cardDateTime(slot.slot);
  if (slot.outcome === undefined) return `${when}: starting`;
  if (slot.outcome === 'started') return `${when}: ${slot.runs ?? 0} ${slot.runs === 1 ? 'run' : 'runs'} started${slot.refused ? `, ${slot.refused} ${slot.refused === 1 ? 'user' : 'users'} skipped` : ''}`;
  return `${when}: nothing started. ${explainCode(slot.outcome)}`;
}

/** `workflow schedules`. */
export function schedulesCard(schedules: readonly WorkflowScheduleView[]): AdaptiveCardJson {
  return renderWorkflowSchedulesCard({
    rows: schedules.map((schedule) => ({
      scheduleId: schedule.id,
      title: `${schedule.workflowTitle} for ${batchWords(schedule.query)}`,
      facts: [
        { label: 'When', value: `${capitalized(schedule.whenInWords)} (${schedule.timeZone})` },
        { label: 'Next run', value: schedule.nextRunAt ? cardDateTime(schedule.nextRunAt) : 'Never again' },
        { label: 'Last run', value: lastRunWords(schedule.lastSlot) },
        { label: 'Set by', value: `${describePerson(schedule.scheduledBy)}, ${cardDateTime(schedule.createdAt)}` },
      ],
    })),
  });
}

/** What Schedule will store: the workflow, for whom, when (in words and the zone), the first run, and whose authority. */
export function scheduleConfirmCard(checked: WorkflowScheduleView, actor: Person, when: string): AdaptiveCardJson {
  const query: WorkflowScheduleQuery = checked.query;
  return renderWorkflowScheduleConfirmCard({
    title: `Run ${checked.workflowTitle} ${checked.whenInWords} for ${batchWords(query)}?`,
    facts: [
      { label: 'Workflow', value: checked.workflowTitle },
      { label: 'For', value: `Every user of ${batchWords(query)}, each in a run of their own` },
      { label: 'When', value: `${capitalized(checked.whenInWords)} (${checked.timeZone})` },
      { label: 'First run', value: checked.nextRunAt ? cardDateTime(checked.nextRunAt) : 'Never' },
      { label: 'With the authority of', value: `You (${describePerson(actor)})` },
    ],
    values: { workflow: checked.workflowName, queryKind: 'department' in query ? 'department' : 'group', queryName: 'department' in query ? query.department : query.group, when, scheduleId: checked.id },
  });
}

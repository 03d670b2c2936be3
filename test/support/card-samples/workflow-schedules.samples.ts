/**
 * The workflow schedule cards (issue 14): the list, the form (empty, and back with a problem), the
 * confirmation, and the cards the schedule's owner gets after a slot (runs started with users
 * skipped; nothing started), the last through the reporter the bot uses.
 */
import { workflowScheduleReporter } from '../../../bot/workflows/workflow-schedule-reports';
import { renderWorkflowScheduleFormCard, renderWorkflowSchedulesCard, type AdaptiveCardJson } from '../../../cards';
import { scheduleConfirmCard, schedulesCard } from '../../../dialogs/workflows/workflow-schedule-views';
import type { WorkflowSchedule } from '../../../services/workflows/workflow-schedule.repository.port';
import type { WorkflowScheduleSlotReport } from '../../../services/workflows/workflow-schedules';
import type { WorkflowRunView } from '../../../services/workflows/workflow-run.types';
import type { CardCatalogEntry } from './index';

const tenantId = '7c1f6d0a-3b5e-4c2d-9a8f-1e2d3c4b5a69';
const megan = { tenantId, userId: '48d31887-5fad-4d73-a9f5-3c356e68a038', displayName: 'Megan Bowen', upn: 'megan@contoso.onmicrosoft.com' };
const workflows = [
  { name: 'offboarding', title: 'Offboarding' },
  { name: 'compromised-account', title: 'Compromised account' },
];

const schedule: WorkflowSchedule = {
  tenantId,
  id: '9b2f6a53-0f1c-4f0e-8f5d-2c7a1e4b6d10',
  workflowName: 'offboarding',
  workflowTitle: 'Offboarding',
  query: { group: 'Leavers' },
  cron: '0 6 * * 1',
  timeZone: 'Europe/Amsterdam',
  inputs: {},
  optIn: [],
  scheduledBy: megan,
  createdAt: '2026-11-30T09:12:00.000Z',
  armedAt: '2026-11-30T09:12:00.000Z',
};

/** The card the reporter sends, captured instead of sent. */
function reported(report: Omit<WorkflowScheduleSlotReport, 'schedule'>): AdaptiveCardJson {
  let card: AdaptiveCardJson | undefined;
  void workflowScheduleReporter({
    send: async (target, message) => {
      card = message.card as AdaptiveCardJson;
      return { target, conversationId: 'a:personal', activityId: '1' };
    },
  })({ schedule, ...report });
  if (!card) throw new Error('the reporter sent nothing');
  return card;
}

const runs = [{ id: 'r1' }, { id: 'r2' }, { id: 'r3' }] as unknown as WorkflowRunView[];

export const workflowScheduleCardSamples: CardCatalogEntry[] = [
  {
    name: 'workflow schedules: two schedules, as the dialog builds them',
    render: () =>
      schedulesCard([
        { ...schedule, whenInWords: 'weekly on Monday at 06:00', nextRunAt: '2026-12-07T05:00:00.000Z', lastSlot: { tenantId, scheduleId: schedule.id, slot: '2026-11-30T05:00:00.000Z', claimedAt: '2026-11-30T05:00:10.000Z', outcome: 'started', runs: 3, refused: 1 } },
        {
          ...schedule,
          id: '1c9d7e2a-6b3f-4a8e-9d1c-5e7f3a2b4c6d',
          workflowName: 'compromised-account',
          workflowTitle: 'Compromised account',
          query: { department: 'Quarantine' },
          cron: '0 7 * * *',
          whenInWords: 'daily at 07:00',
          nextRunAt: '2026-12-03T06:00:00.000Z',
          lastSlot: { tenantId, scheduleId: '1c9d7e2a-6b3f-4a8e-9d1c-5e7f3a2b4c6d', slot: '2026-12-02T06:00:00.000Z', claimedAt: '2026-12-02T06:00:05.000Z', outcome: 'WORKFLOW.QUERY_NOT_FOUND' },
        },
      ]),
  },
  { name: 'workflow schedules: none yet', render: () => renderWorkflowSchedulesCard({ rows: [] }) },
  { name: 'workflow schedule form: empty', render: () => renderWorkflowScheduleFormCard({ workflows, timeZone: 'Europe/Amsterdam' }) },
  {
    name: 'workflow schedule form: back with a problem',
    render: () =>
      renderWorkflowScheduleFormCard({
        workflows,
        workflow: 'offboarding',
        queryKind: 'group',
        queryName: 'Leavers',
        when: 'now and then',
        timeZone: 'Europe/Amsterdam',
        problem: `"now and then" isn't a schedule I can read. Say when as "daily at 06:00", "weekly on Monday at 06:00", "monthly on day 1 at 06:00" or a five-part cron pattern.`,
      }),
  },
  {
    name: 'workflow schedule: confirmation, as the dialog builds it',
    render: () => scheduleConfirmCard({ ...schedule, whenInWords: 'weekly on Monday at 06:00', nextRunAt: '2026-12-07T05:00:00.000Z' }, megan, 'weekly on Monday at 06:00'),
  },
  {
    name: 'workflow schedule report: runs started, one user skipped',
    render: () =>
      reported({
        slot: '2026-11-30T05:00:00.000Z',
        result: { batchId: 'b1', runs, refused: [{ upn: 'lynne@contoso.onmicrosoft.com', code: 'ACCESS.NOT_IN_SCOPE', message: "Lynne Robbins isn't in your scope." }] },
      }),
  },
  {
    name: "workflow schedule report: the group wasn't found",
    render: () => reported({ slot: '2026-11-30T05:00:00.000Z', error: { code: 'WORKFLOW.QUERY_NOT_FOUND', message: 'No group is called "Leavers".' } }),
  },
];

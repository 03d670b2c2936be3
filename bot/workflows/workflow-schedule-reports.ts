/**
 * What a scheduled slot did, told to the tenant admin who set the schedule: a card in their
 * personal chat naming the runs started and every user skipped with why, ending on Workflow runs
 * (or, when nothing started, on Workflow schedules).
 */
import { explainCode, renderAutomationNoticeCard, Verbs } from '../../cards';
import type { Notifier } from '../../services/ports/notifier.port';
import type { WorkflowScheduleSlotReport } from '../../services/workflows/workflow-schedules';
import { describeCronSchedule } from '../../services/scheduling/schedule-words';

export function workflowScheduleReporter(notifier: Pick<Notifier, 'send'>): (report: WorkflowScheduleSlotReport) => Promise<void> {
  return async (report) => {
    const { schedule } = report;
    const who = 'department' in schedule.query ? `the department ${schedule.query.department}` : `the group ${schedule.query.group}`;
    const source = `From the schedule you set: ${schedule.workflowTitle} for ${who}, ${describeCronSchedule(schedule.cron)} (${schedule.timeZone})`;
    const card = report.result
      ? renderAutomationNoticeCard({
          title: `${schedule.workflowTitle} started for ${report.result.runs.length} ${report.result.runs.length === 1 ? 'user' : 'users'} of ${who}`,
          source,
          text:
            report.result.refused.length === 0
              ? 'Each user has a run of their own; Workflow runs shows how each goes.'
              : `Each user has a run of their own; ${report.result.refused.length} ${report.result.refused.length === 1 ? 'user was' : 'users were'} skipped, as listed below.`,
          facts: [
            { label: 'Scheduled for', value: report.slot },
            { label: 'Runs started', value: String(report.result.runs.length) },
            { label: 'Users skipped', value: String(report.result.refused.length) },
          ],
          linesHeading: 'Skipped',
          lines: report.result.refused.map((refusal) => `${refusal.upn}: ${refusal.message}`),
          tone: report.result.refused.length > 0 ? 'attention' : 'good',
          nextStep: { title: 'Workflow runs', verb: Verbs.workflowRuns },
        })
      : renderAutomationNoticeCard({
          title: `${schedule.workflowTitle} didn't start for ${who}`,
          source,
          text: `${report.error?.message ?? 'It failed.'} Nothing was changed. ${explainCode(report.error?.code ?? 'WORKFLOW.SCHEDULE_FAILED')}`,
          facts: [{ label: 'Scheduled for', value: report.slot }],
          tone: 'attention',
          nextStep: { title: 'Workflow schedules', verb: Verbs.workflowSchedules },
        });
    await notifier.send({ tenantId: schedule.tenantId, kind: 'user', id: schedule.scheduledBy.userId }, { card, summary: `${schedule.workflowTitle}: scheduled run` });
  };
}

/**
 * Workflow schedules in chat, for tenant admins (issue 14): `workflow schedules` lists them with
 * when each runs next and what the last run did; New schedule (or `schedule workflow`) opens the
 * form; Check shows what will run, for whom, when, and with whose authority; Schedule stores it
 * (once per confirmation card); Remove stops it. Each click is one step: WorkflowScheduleService
 * checks the clicker is a tenant admin and checks the values again; the card's data only carries
 * what the admin typed.
 */
import type { TurnContext } from 'botbuilder';
import { renderWorkflowScheduleFormCard, type WorkflowScheduleFormView } from '../../cards';
import { WorkflowError } from '../../services/workflows/workflow-errors';
import type { WorkflowRunService } from '../../services/workflows/workflow-run.service';
import type { WorkflowScheduleInput, WorkflowScheduleService, WorkflowScheduleView } from '../../services/workflows/workflow-schedules';
import { CardStepDialog, type CardAnswer } from '../card-step.dialog';
import { flowTurnOf } from '../flow-turn';
import { scheduleConfirmCard, schedulesCard } from './workflow-schedule-views';

export const WORKFLOW_SCHEDULES_DIALOG = 'workflowSchedules';

/** The steps the define verb (workflow.schedule.define) may name; anything else opens the form. */
export const SCHEDULE_FORM_STEPS = ['form', 'check', 'create'] as const;

const SCHEDULE_ID = /^[0-9a-f-]{36}$/i;

export interface WorkflowSchedulesDialogDependencies {
  schedules: Pick<WorkflowScheduleService, 'list' | 'check' | 'create' | 'remove'>;
  workflows: Pick<WorkflowRunService, 'listWorkflows'>;
  /** The tenant's time zone, in which schedules are read. */
  timeZoneOf(tenantId: string): string;
}

type Data = Readonly<Record<string, unknown>>;

export class WorkflowSchedulesDialog extends CardStepDialog {
  protected readonly steps = this.stepsOf({ list: this.listStep, form: this.formStep, check: this.checkStep, create: this.createStep, remove: this.removeStep });

  constructor(private readonly deps: WorkflowSchedulesDialogDependencies) {
    super(WORKFLOW_SCHEDULES_DIALOG);
  }

  private async listStep(turn: TurnContext): Promise<CardAnswer> {
    return { card: schedulesCard(await this.deps.schedules.list(flowTurnOf(turn).actor)) };
  }

  /** The form, empty from the list, or filled with what the admin typed (Change on the confirmation). */
  private async formStep(turn: TurnContext, data: Data): Promise<CardAnswer> {
    await this.deps.schedules.list(flowTurnOf(turn).actor); // Tenant admins only, before anything is shown.
    return { card: this.form(turn, data) };
  }

  /** Checks the values; a problem comes back on the form, with nothing stored. */
  private async checkStep(turn: TurnContext, data: Data): Promise<CardAnswer> {
    const { actor } = flowTurnOf(turn);
    let checked: WorkflowScheduleView;
    try {
      checked = await this.deps.schedules.check(actor, inputOf(data));
    } catch (error) {
      if (error instanceof WorkflowError && error.code !== 'WORKFLOW.NOT_ALLOWED') return { card: this.form(turn, data, `${error.userMessage} ${error.nextStep ?? ''}`.trim()) };
      throw error;
    }
    return { card: scheduleConfirmCard(checked, actor, text(data['when'], 80)) };
  }

  /** Schedule: stored once per confirmation card (its one-time id), then the list. */
  private async createStep(turn: TurnContext, data: Data): Promise<CardAnswer> {
    const { actor, correlationId } = flowTurnOf(turn);
    const scheduleId = text(data['scheduleId'], 36);
    if (!SCHEDULE_ID.test(scheduleId)) return { card: this.form(turn, data, 'That confirmation is no longer valid. Check the schedule again.') };
    try {
      await this.deps.schedules.create(actor, { ...inputOf(data), id: scheduleId }, { correlationId });
    } catch (error) {
      if (error instanceof WorkflowError && error.code !== 'WORKFLOW.NOT_ALLOWED') return { card: this.form(turn, data, `${error.userMessage} ${error.nextStep ?? ''}`.trim()) };
      throw error;
    }
    return this.listStep(turn);
  }

  private async removeStep(turn: TurnContext, data: Data): Promise<CardAnswer> {
    const { actor, correlationId } = flowTurnOf(turn);
    const scheduleId = text(data['scheduleId'], 36);
    if (!SCHEDULE_ID.test(scheduleId)) throw new WorkflowError('WORKFLOW.SCHEDULE_NOT_FOUND');
    await this.deps.schedules.remove(actor, scheduleId, { correlationId });
    return this.listStep(turn);
  }

  private form(turn: TurnContext, data: Data, problem?: string): ReturnType<typeof renderWorkflowScheduleFormCard> {
    const { actor } = flowTurnOf(turn);
    const workflows = this.deps.workflows
      .listWorkflows(actor.tenantId)
      .filter((workflow) => workflow.state === 'published' && !workflow.derivesTarget)
      .map((workflow) => ({ name: workflow.name, title: workflow.title }));
    const view: WorkflowScheduleFormView = {
      workflows,
      timeZone: this.deps.timeZoneOf(actor.tenantId),
      ...(workflows.some((workflow) => workflow.name === data['workflow']) ? { workflow: String(data['workflow']) } : {}),
      queryKind: data['queryKind'] === 'department' ? 'department' : 'group',
      queryName: text(data['queryName'] ?? data['group'] ?? data['department'], 120),
      when: text(data['when'], 80),
      ...(problem ? { problem } : {}),
    };
    return renderWorkflowScheduleFormCard(view);
  }
}

function text(value: unknown, max: number): string {
  return typeof value === 'string' ? value.trim().slice(0, max) : '';
}

function inputOf(data: Data): WorkflowScheduleInput {
  const name = text(data['queryName'], 120);
  return {
    workflowName: text(data['workflow'], 64),
    query: data['queryKind'] === 'department' ? { department: name } : { group: name },
    when: text(data['when'], 80),
  };
}

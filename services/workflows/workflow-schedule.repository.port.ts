/**
 * Storage of workflow schedules (services/adapters/sqlite/workflow-schedule.sqlite.ts): a
 * workflow run on every user of a department or group, on a cron pattern in a time zone, with
 * the authority of the tenant admin who set it. Slots are claimed once (a unique key), so a
 * restart or a second tick never starts a slot's batch twice; a slot claimed but not completed
 * (the process died) is finished by the next tick with the same batch key, which makes one run
 * per user whatever happened before.
 */
import type { Actor } from '../access/actor';

export type WorkflowScheduleQuery = { department: string } | { group: string };

export interface WorkflowSchedule {
  tenantId: string;
  id: string;
  workflowName: string;
  /** The workflow's title when the schedule was set, for lists (the catalogue has the current one). */
  workflowTitle: string;
  query: WorkflowScheduleQuery;
  cron: string;
  timeZone: string;
  inputs: Readonly<Record<string, string>>;
  optIn: readonly string[];
  /** Whose authority each run has: authorized again, user by user, at every slot. */
  scheduledBy: Actor;
  createdAt: string;
  /** Slots before this instant are never run (setting a schedule does not "catch up" the past). */
  armedAt: string;
}

export interface WorkflowScheduleSlot {
  tenantId: string;
  scheduleId: string;
  slot: string;
  claimedAt: string;
  /** Unset while the slot's batch is being started (or the process died meanwhile). */
  outcome?: string;
  batchId?: string;
  runs?: number;
  refused?: number;
}

export interface WorkflowScheduleRepository {
  create(schedule: WorkflowSchedule): void;
  get(tenantId: string, id: string): WorkflowSchedule | undefined;
  list(tenantId: string): WorkflowSchedule[];
  listAll(): WorkflowSchedule[];
  /** False when there was none. Its slots stay, for the record. */
  delete(tenantId: string, id: string): boolean;
  /** True for the one caller that claimed the slot. */
  claimSlot(tenantId: string, scheduleId: string, slot: string, claimedAt: string): boolean;
  completeSlot(tenantId: string, scheduleId: string, slot: string, result: { outcome: string; batchId?: string; runs?: number; refused?: number }): void;
  /** The latest slot claimed, completed or not. */
  lastSlot(tenantId: string, scheduleId: string): WorkflowScheduleSlot | undefined;
  /** Slots claimed and never completed (a process died while starting them). */
  openSlots(): WorkflowScheduleSlot[];
}

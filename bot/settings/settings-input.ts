/**
 * The settings card's inputs, parsed from an invoke's untrusted data. Only shape and size are
 * checked here (a toggle is "true"/"false", a text is a bounded string); whether a schedule or a
 * time zone is valid is the SettingsService's rule, and it answers with a friendly error.
 */
import { z } from 'zod';
import type { ApprovalPolicy } from '../../services/ports/tenant-settings.repository.port';

/** Input.Toggle sends its valueOn/valueOff strings; a hand-built client may send a boolean. */
const toggle = z.union([z.boolean(), z.enum(['true', 'false']).transform((value) => value === 'true')]);
const text = (max: number) => z.string().trim().min(1).max(max);

export type ParsedInput<T> = { ok: true; value: T } | { ok: false; message: string };

export function parseAutoEnable(data: Readonly<Record<string, unknown>>): ParsedInput<boolean> {
  const parsed = toggle.safeParse(data['autoEnable']);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, message: 'Turn auto-enable on or off with the switch, then select Save auto-enable.' };
}

export interface ScheduleInput {
  rotationCron: string;
  rotationTimeZone: string;
}

export function parseSchedule(data: Readonly<Record<string, unknown>>): ParsedInput<ScheduleInput> {
  const cron = text(100).safeParse(data['rotationCron']);
  const zone = text(64).safeParse(data['rotationTimeZone']);
  if (!cron.success) return { ok: false, message: 'Enter a rotation schedule as five cron fields, for example 0 3 * * 1 (Mondays at 03:00).' };
  if (!zone.success) return { ok: false, message: 'Enter a time zone such as Europe/Amsterdam or UTC.' };
  // Teams' text inputs may wrap or double spaces; croner wants single spaces between fields.
  return { ok: true, value: { rotationCron: cron.data.replace(/\s+/g, ' '), rotationTimeZone: zone.data } };
}

/** Accepts the card's choice values and what an admin types ("self approve", "four eyes"). */
export function parseApprovalPolicy(raw: unknown): ParsedInput<ApprovalPolicy> {
  const normalized = typeof raw === 'string' ? raw.trim().toLowerCase().replace(/[\s_]+/g, '-') : '';
  if (normalized === 'four-eyes' || normalized === 'self-approve') return { ok: true, value: normalized };
  return { ok: false, message: 'Choose an approval policy: four-eyes (another tenant admin approves) or self-approve (for a tenant with a single admin).' };
}

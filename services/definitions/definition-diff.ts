/**
 * What changed between two versions of a definition, as short lines for the history and the
 * audit (custom actions: custom-action-diff.ts, workflows: workflow-diff.ts): a JSON value
 * compared field by field (`body › department: set to "{{department}}"`), values shown short.
 */
import { canonicalJson } from '../audit/audit-hash';
import type { JsonValue } from '../ports/audit-log.port';

const MAX_LINES = 30;
const MAX_VALUE_LENGTH = 80;

/** The lines that say how `after` differs from `before`, under the field path `at` (joined with ›). */
export function diffJson(before: JsonValue, after: JsonValue, at: string[], lines: string[]): void {
  const isObject = (v: JsonValue): v is { [key: string]: JsonValue } => v !== null && typeof v === 'object' && !Array.isArray(v);
  if (isObject(before) && isObject(after)) {
    for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
      const [b, a] = [before[key], after[key]];
      const where = [...at, key];
      if (b === undefined && a !== undefined) lines.push(`${where.join(' › ')}: set to ${shown(a)}`);
      else if (a === undefined && b !== undefined) lines.push(`${where.join(' › ')}: removed`);
      else if (a !== undefined && b !== undefined) diffJson(b, a, where, lines);
    }
    return;
  }
  if (canonicalJson(before) !== canonicalJson(after)) lines.push(`${at.join(' › ')}: ${shown(before)} → ${shown(after)}`);
}

/** A value in a history line: quoted text, compact JSON, "(none)" for nothing; long ones cut. */
export function shown(value: JsonValue | undefined): string {
  if (value === undefined || value === '') return '(none)';
  return truncate(typeof value === 'string' ? JSON.stringify(value) : canonicalJson(value));
}

export function truncate(text: string): string {
  return text.length > MAX_VALUE_LENGTH ? `${text.slice(0, MAX_VALUE_LENGTH - 1)}…` : text;
}

/** Never more than MAX_LINES lines: the last one says how many more there were. */
export function capLines(lines: string[]): string[] {
  return lines.length > MAX_LINES ? [...lines.slice(0, MAX_LINES - 1), `… and ${lines.length - MAX_LINES + 1} more changes`] : lines;
}

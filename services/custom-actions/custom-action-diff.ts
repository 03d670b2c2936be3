/**
 * What changed between two versions of a definition, in short lines for the history and the
 * audit: `path: /users/{id} → /users/{id}/mailboxSettings`, `body › department: set to "{{department}}"`,
 * `parameter "department" added (string, required)`. At most 30 lines (capLines).
 */
import { canonicalJson } from '../audit/audit-hash';
import { capLines, diffJson, shown, truncate } from '../definitions/definition-diff';
import type { CustomActionDefinition, CustomActionParameter } from './custom-action.schema';

/** The changes from `before` to `after`; for a new definition, a one-line summary of it. */
export function describeChanges(before: CustomActionDefinition | undefined, after: CustomActionDefinition): string[] {
  if (!before) return [`new: ${after.method} ${after.path} on a ${after.target} (${after.parameters.length} parameter${after.parameters.length === 1 ? '' : 's'}, risk ${after.risk})`];
  const lines: string[] = [];
  for (const field of ['title', 'description', 'target', 'method', 'path', 'risk'] as const) {
    if (before[field] !== after[field]) lines.push(`${field}: ${shown(before[field])} → ${shown(after[field])}`);
  }
  diffJson(before.body ?? {}, after.body ?? {}, ['body'], lines);
  diffParameters(before.parameters, after.parameters, lines);
  const who = (d: CustomActionDefinition): Record<string, string> => ({
    roles: d.whoMayRun.roles.join(', '),
    grantIncludes: (d.whoMayRun.grantIncludes ?? []).join(', ') || '(any)',
    operators: (d.whoMayRun.operators ?? []).join(', ') || '(any)',
  });
  const [whoBefore, whoAfter] = [who(before), who(after)];
  for (const key of Object.keys(whoAfter)) {
    if (whoBefore[key] !== whoAfter[key]) lines.push(`whoMayRun › ${key}: ${whoBefore[key]} → ${whoAfter[key]}`);
  }
  return capLines(lines);
}

function diffParameters(before: readonly CustomActionParameter[], after: readonly CustomActionParameter[], lines: string[]): void {
  const old = new Map(before.map((p) => [p.name, p]));
  const now = new Map(after.map((p) => [p.name, p]));
  for (const [name, parameter] of now) {
    const previous = old.get(name);
    if (!previous) lines.push(`parameter "${name}" added (${describeParameter(parameter)})`);
    else if (canonicalJson(previous) !== canonicalJson(parameter)) lines.push(`parameter "${name}": ${describeParameter(previous)} → ${describeParameter(parameter)}`);
  }
  for (const name of old.keys()) if (!now.has(name)) lines.push(`parameter "${name}" removed`);
}

function describeParameter(parameter: CustomActionParameter): string {
  const parts: string[] = [parameter.type === 'enum' ? `enum of ${(parameter.values ?? []).join('|')}` : parameter.type, parameter.required ? 'required' : 'optional'];
  if (parameter.default !== undefined) parts.push(`default ${shown(parameter.default)}`);
  if (parameter.description) parts.push(`"${truncate(parameter.description)}"`);
  return parts.join(', ');
}

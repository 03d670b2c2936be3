/**
 * What changed between two versions of a workflow definition, in short lines for the history
 * and the audit: `title: "Leaver" → "Leaver (Sales)"`, `step "autoReply" added (action
 * user.setAutomaticReplies)`, `steps › block › when: set to "sendReply"`, `inputs › lastName ›
 * type: "string" → "enum"`, `steps order: block, keep, tell → keep, block, tell`.
 */
import { capLines, diffJson } from '../definitions/definition-diff';
import type { JsonObject } from '../ports/audit-log.port';
import type { WorkflowDefinition, WorkflowStep } from './workflow.schema';

/** The changes from `before` to `after`; for a new definition, a one-line summary of it. */
export function describeWorkflowChanges(before: WorkflowDefinition | undefined, after: WorkflowDefinition): string[] {
  if (!before) {
    const inputs = after.inputs.length === 0 ? 'no inputs' : `${after.inputs.length} input${after.inputs.length === 1 ? '' : 's'}`;
    return [`new: ${after.steps.length} step${after.steps.length === 1 ? '' : 's'} (${after.steps.map(stepWords).join(', ')}), ${inputs}`];
  }
  const lines: string[] = [];
  const top = (definition: WorkflowDefinition): JsonObject => json({ title: definition.title, description: definition.description, target: definition.target, bindings: definition.bindings });
  diffJson(top(before), top(after), [], lines);
  diffJson(keyed(before.inputs, (input) => input.name), keyed(after.inputs, (input) => input.name), ['inputs'], lines);

  const old = new Map(before.steps.map((step) => [step.id, step]));
  const now = new Map(after.steps.map((step) => [step.id, step]));
  for (const step of after.steps) {
    const previous = old.get(step.id);
    if (!previous) lines.push(`step "${step.id}" added (${stepWords(step)})`);
    else diffJson(json(previous), json(step), ['steps', step.id], lines);
  }
  for (const step of before.steps) if (!now.has(step.id)) lines.push(`step "${step.id}" removed`);
  const kept = (steps: readonly WorkflowStep[], other: ReadonlyMap<string, WorkflowStep>) => steps.filter((step) => other.has(step.id)).map((step) => step.id);
  const [order, newOrder] = [kept(before.steps, now), kept(after.steps, old)];
  if (order.join(',') !== newOrder.join(',')) lines.push(`steps order: ${order.join(', ')} → ${newOrder.join(', ')}`);
  return capLines(lines);
}

/** "action user.blockSignIn", "a choice". */
function stepWords(step: WorkflowStep): string {
  return step.kind === 'action' ? `action ${step.action}` : `${step.kind === 'approval' ? 'an' : 'a'} ${step.kind}`;
}

function keyed<T>(items: readonly T[], key: (item: T) => string): JsonObject {
  return Object.fromEntries(items.map((item) => [key(item), json(item)]));
}

/** A parsed definition as JSON (undefined fields left out), for the field-by-field comparison. */
function json(value: unknown): JsonObject {
  return JSON.parse(JSON.stringify(value)) as JsonObject;
}

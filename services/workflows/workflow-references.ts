/**
 * What a name in a template (`{{lastName}}`) or a condition (`steps.keepMailbox.answer`) may refer
 * to at a given place in a definition, and in words why it may not. Validation uses it on save;
 * the runner fills the same names (workflow-values.ts), so a definition that validates never
 * meets an unknown name at run time.
 */
import type { WorkflowInput, WorkflowStep } from './workflow.schema';

/** Results a condition or template may read from an earlier step. */
export const STEP_RESULT_FIELDS = ['status', 'answer', 'decision'] as const;
/** A finished step's status, as conditions compare it. */
export const FINAL_STEP_STATUSES = ['succeeded', 'failed', 'unknown', 'skipped'] as const;
/** An approval step's decision. */
export const APPROVAL_DECISIONS = ['approved', 'rejected', 'expired', 'cancelled'] as const;
/** Facts of the run every step may use. */
export const CONTEXT_REFERENCES = ['target.upn', 'target.displayName', 'target.id', 'requester.upn', 'requester.displayName', 'workflow.title'] as const;
/** Names that inputs and bindings cannot take, because references start with them. */
export const RESERVED_ROOTS = ['target', 'requester', 'steps', 'workflow'] as const;

export interface ReferenceScope {
  inputs: ReadonlyMap<string, WorkflowInput>;
  bindings: ReadonlySet<string>;
  /** target.*, requester.* and workflow.title may be used (not in bindings: they are worked out first). */
  context: boolean;
  /** Steps whose results are known here (the earlier ones); undefined where no step result may be used. */
  earlierSteps?: ReadonlyMap<string, WorkflowStep>;
  /** Every step id, to tell "runs later" from "doesn't exist". */
  allStepIds: ReadonlySet<string>;
}

export type ReferenceCheck = { ok: true; values?: readonly string[] } | { ok: false; problem: string };

/** Whether `name` may be used here; `values` are the only values it can have, when they are known. */
export function checkReference(name: string, scope: ReferenceScope): ReferenceCheck {
  const parts = name.split('.');
  const root = parts[0]!;
  if (parts.length === 1) {
    const input = scope.inputs.get(name);
    if (input) return { ok: true, ...(input.type === 'enum' && input.values ? { values: input.values } : input.type === 'boolean' ? { values: ['true', 'false'] } : {}) };
    if (scope.bindings.has(name)) return { ok: true };
    const known = [...scope.inputs.keys(), ...scope.bindings];
    const suggestion = closest(name, known);
    return {
      ok: false,
      problem: `"${name}" isn't an input or a binding of this workflow${suggestion ? `. Did you mean ${suggestion}?` : '.'}${known.length > 0 ? ` The ones here are ${known.join(', ')}.` : ' It has none yet: declare it under inputs.'}`,
    };
  }
  if (root === 'target' || root === 'requester' || root === 'workflow') {
    if (!scope.context) return { ok: false, problem: `"${name}" can't be used here: bindings and the target are worked out from inputs (and earlier bindings) only.` };
    if ((CONTEXT_REFERENCES as readonly string[]).includes(name)) return { ok: true };
    const fields = CONTEXT_REFERENCES.filter((reference) => reference.startsWith(`${root}.`)).map((reference) => reference.slice(root.length + 1));
    return { ok: false, problem: `"${name}" isn't known: ${root} has ${fields.join(', ')}.` };
  }
  if (root === 'steps') return checkStepReference(name, parts, scope);
  return { ok: false, problem: `"${name}" isn't known. Use an input or binding name, target.upn, target.displayName, requester.displayName, or steps.<id>.status.` };
}

function checkStepReference(name: string, parts: string[], scope: ReferenceScope): ReferenceCheck {
  const [, stepId, field, ...rest] = parts;
  if (!stepId || !field || rest.length > 0) return { ok: false, problem: `"${name}" isn't a step result: write steps.<step id>.status (or .answer of a choice, .decision of an approval).` };
  if (!scope.earlierSteps) return { ok: false, problem: `"${name}" can't be used here: step results are known only to later steps.` };
  const step = scope.earlierSteps.get(stepId);
  if (!step) {
    if (scope.allStepIds.has(stepId)) return { ok: false, problem: `Step "${stepId}" runs after this one (or is this one), so its result isn't known yet.` };
    const suggestion = closest(stepId, [...scope.allStepIds]);
    return { ok: false, problem: `There is no step "${stepId}"${suggestion ? `. Did you mean ${suggestion}?` : '.'}` };
  }
  if (field === 'status') return { ok: true, values: FINAL_STEP_STATUSES };
  if (field === 'answer' && step.kind === 'choice') return { ok: true, values: step.options };
  if (field === 'decision' && step.kind === 'approval') return { ok: true, values: APPROVAL_DECISIONS };
  const fields = ['status', ...(step.kind === 'choice' ? ['answer'] : []), ...(step.kind === 'approval' ? ['decision'] : [])];
  return { ok: false, problem: `"${name}" isn't known: step "${stepId}" (${step.kind}) has ${fields.join(' and ')}.` };
}

/** The candidate nearest to `word` when it is a likely typo (a few edits away), for "Did you mean …?". */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (!best || distance < best.distance) best = { candidate, distance };
  }
  if (!best) return undefined;
  return best.distance <= Math.max(2, Math.floor(word.length / 4) + 1) ? best.candidate : undefined;
}

function editDistance(a: string, b: string): number {
  const previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    let diagonal = previous[0]!;
    previous[0] = i;
    for (let j = 1; j <= b.length; j += 1) {
      const above = previous[j]!;
      previous[j] = Math.min(above + 1, previous[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return previous[b.length]!;
}

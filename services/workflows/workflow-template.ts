/**
 * `{{name}}` placeholders in a workflow's texts and parameters: finding them (for validation) and
 * filling them (for the preview and the run, which build every value the same way). Unlike a
 * custom action's placeholders, a name may be dotted: `{{target.displayName}}`,
 * `{{steps.keepMailbox.answer}}`. There is no expression language in a placeholder: a name, or
 * nothing.
 */

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;
/** A reference: an input or binding name, or a dotted name (target.upn, steps.block.status). */
export const REFERENCE = /^[A-Za-z][A-Za-z0-9_]*(?:\.[A-Za-z][A-Za-z0-9_]*)*$/;

export interface TemplateScan {
  /** References used, in order of appearance (duplicates kept). */
  names: string[];
  /** Problems in plain words: a `{{` without `}}`, or a placeholder that is not a name. */
  problems: string[];
}

/** The placeholders in one string. */
export function scanTemplate(text: string): TemplateScan {
  const names: string[] = [];
  const problems: string[] = [];
  for (const match of text.matchAll(PLACEHOLDER)) {
    const name = match[1] ?? '';
    if (REFERENCE.test(name)) names.push(name);
    else problems.push(`"${match[0]}" isn't a reference: write {{name}} with an input's or a binding's name, or e.g. {{target.displayName}}.`);
  }
  const rest = text.replace(PLACEHOLDER, '');
  if (rest.includes('{{') || rest.includes('}}')) problems.push(`"${truncate(text)}" has a {{ without its }} (or the other way round).`);
  return { names, problems };
}

/** A value a template can be filled with; undefined renders as ''. */
export type TemplateValue = string | number | boolean | undefined;

/** Replaces every placeholder with its value's text. */
export function fillTemplate(text: string, lookup: (name: string) => TemplateValue): string {
  return text.replace(PLACEHOLDER, (_whole, name: string) => {
    const value = lookup(name.trim());
    return value === undefined ? '' : String(value);
  });
}

function truncate(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

/**
 * Pasted definitions (custom actions, workflows): JSON or YAML text read into plain data, with
 * errors in words and lines, and the line of any field path for the validators' messages.
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node as YamlNode } from 'yaml';

export type DefinitionFormat = 'json' | 'yaml' | 'form';

export interface DefinitionIssue {
  /** The field in words (see describeField), or '' for the text as a whole. */
  field: string;
  line?: number;
  column?: number;
  message: string;
}

/** A path into the definition: ['steps', 2, 'parameters', 'group']. */
export type FieldPath = Array<string | number>;

export type Locator = (path: FieldPath) => { line: number; column: number } | undefined;
export type ParsedText = { format: DefinitionFormat; data: unknown; locate: Locator } | { format: DefinitionFormat; errors: DefinitionIssue[] };

/**
 * Reads pasted definition text (JSON when it starts with `{` or `[`, YAML otherwise) into plain
 * data, with a locator for the line of a field path; or the problems, in words, with their lines.
 */
export function parseDefinitionText(text: string, limits: { maxLength: number; tooLong: string }): ParsedText {
  const format: DefinitionFormat = /^\s*[{[]/.test(text) ? 'json' : 'yaml';
  if (text.trim() === '') return { format, errors: [{ field: '', message: 'The definition is empty. Paste it as JSON or YAML.' }] };
  if (text.length > limits.maxLength) return { format, errors: [{ field: '', message: limits.tooLong }] };
  if (format === 'json') {
    try {
      JSON.parse(text);
    } catch (error) {
      return { format, errors: [jsonSyntaxIssue(text, (error as Error).message)] };
    }
  }
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, schema: 'core', resolveKnownTags: false });
  if (document.errors.length > 0) {
    const seen = new Set<number>();
    const errors = document.errors
      .map((error) => ({ field: '', ...position(lineCounter, error.pos[0]), message: yamlProblemWords(error.code, error.message, format, text, error.pos[0]) }))
      .filter((issue) => !seen.has(issue.line) && seen.add(issue.line));
    return { format, errors };
  }
  let data: unknown;
  try {
    data = document.toJS({ maxAliasCount: 0 });
  } catch {
    return { format, errors: [{ field: '', message: 'Anchors and aliases (& and *) are not supported in a definition: write each value out.' }] };
  }
  return { format, data, locate: (path) => locate(document, lineCounter, path) };
}

function position(lineCounter: LineCounter, offset: number): { line: number; column: number } {
  const { line, col } = lineCounter.linePos(offset);
  return { line, column: col };
}

function jsonSyntaxIssue(text: string, message: string): DefinitionIssue {
  const at = /at position (\d+)/.exec(message);
  const words = message.replace(/\s*in JSON at position \d+.*$/, '').replace(/^Unexpected end of JSON input$/, 'The JSON ends too early (a } or ] is missing)');
  if (!at) return { field: '', message: `${words}.` };
  const offset = Number(at[1]);
  if (offset >= text.trimEnd().length) return { field: '', message: 'The JSON ends too early (a } or ] is missing).' };
  const before = text.slice(0, offset).split('\n');
  return { field: '', line: before.length, column: (before[before.length - 1] ?? '').length + 1, message: `This isn't valid JSON: ${lowerFirst(words)} (on this line, or at the end of the one before).` };
}

function yamlProblemWords(code: string, message: string, format: DefinitionFormat, text: string, offset: number): string {
  const kind = format === 'json' ? 'JSON' : 'YAML';
  switch (code) {
    case 'DUPLICATE_KEY': {
      const key = /^["']?([^"':\n]+)/.exec(text.slice(offset))?.[1]?.trim();
      return key ? `The field "${key}" appears twice; keep one.` : 'A field appears twice; keep one.';
    }
    case 'MULTIPLE_DOCS':
      return 'Paste one definition at a time (without --- separators).';
    case 'TAB_AS_INDENT':
      return 'Indent with spaces, not tabs.';
    default:
      return `This isn't valid ${kind}: ${lowerFirst(message.replace(/;.*$/, ''))}. Check the indentation, and that each line is "field: value".`;
  }
}

/** The line of a field: its key when the path resolves; for a missing field, the object that lacks it. */
function locate(document: Document, lineCounter: LineCounter, path: FieldPath): { line: number; column: number } | undefined {
  let node: unknown = document.contents;
  let found: YamlNode | undefined;
  for (const [index, segment] of path.entries()) {
    if (isMap(node)) {
      const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === String(segment));
      if (!pair) {
        if (index > 0) found = node;
        break;
      }
      if (isScalar(pair.key)) found = pair.key;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment];
      if (!item) {
        found = node;
        break;
      }
      node = item;
      found = item as YamlNode;
    } else {
      break;
    }
  }
  const start = found?.range?.[0];
  return start === undefined ? undefined : position(lineCounter, start);
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

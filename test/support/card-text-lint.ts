/**
 * A linter for what a person reads on a card: every visible text (TextBlock and RichTextBlock
 * text, FactSet titles and values, action titles, input labels, placeholders and choices) is
 * checked for raw values that should have been words. Used by test/unit/card-words.test.ts.
 */
import { Verbs } from '../../cards/verbs';

export type CardTextRule = 'iso-timestamp' | 'bad-date-macro' | 'raw-value' | 'bare-error-code' | 'bare-guid-person' | 'low-contrast-title';

export interface CardTextFinding {
  rule: CardTextRule;
  /** Where in the card JSON, e.g. "body[2].facts[1].value". */
  path: string;
  text: string;
}

interface VisibleText {
  path: string;
  text: string;
  /** A fact value's title, so "Reference: X" and "Requested by: X" are judged in context. */
  label?: string;
  kind: 'text' | 'fact-title' | 'fact-value' | 'action' | 'input';
}

const INPUT_TEXT_KEYS = ['label', 'placeholder', 'title', 'errorMessage'] as const;

/** Every string a person can see on the card, with where it is. Action data and ids are not visible. */
export function visibleTexts(card: unknown): VisibleText[] {
  const found: VisibleText[] = [];
  const walk = (node: unknown, path: string): void => {
    if (Array.isArray(node)) {
      node.forEach((item, index) => walk(item, `${path}[${index}]`));
      return;
    }
    if (!node || typeof node !== 'object') return;
    const element = node as Record<string, unknown>;
    const type = typeof element['type'] === 'string' ? element['type'] : '';
    const push = (key: string, kind: VisibleText['kind'], label?: string) => {
      const value = element[key];
      if (typeof value === 'string' && value.trim() !== '') found.push({ path: `${path}.${key}`, text: value, kind, ...(label !== undefined ? { label } : {}) });
    };
    if (type === 'TextBlock') push('text', 'text');
    if (type === 'TextRun') push('text', 'text');
    if (type === 'RichTextBlock' && Array.isArray(element['inlines'])) {
      element['inlines'].forEach((inline, index) => {
        if (typeof inline === 'string') found.push({ path: `${path}.inlines[${index}]`, text: inline, kind: 'text' });
      });
    }
    if (type === 'FactSet' && Array.isArray(element['facts'])) {
      element['facts'].forEach((fact: { title?: unknown; value?: unknown }, index) => {
        const title = typeof fact.title === 'string' ? fact.title : '';
        if (title) found.push({ path: `${path}.facts[${index}].title`, text: title, kind: 'fact-title' });
        if (typeof fact.value === 'string') found.push({ path: `${path}.facts[${index}].value`, text: fact.value, kind: 'fact-value', label: title });
      });
    }
    if (type.startsWith('Action.')) push('title', 'action');
    if (type.startsWith('Input.')) {
      for (const key of INPUT_TEXT_KEYS) push(key, 'input');
      if (Array.isArray(element['choices'])) {
        element['choices'].forEach((choice: { title?: unknown }, index) => {
          if (typeof choice.title === 'string') found.push({ path: `${path}.choices[${index}].title`, text: choice.title, kind: 'input' });
        });
      }
    }
    for (const [key, value] of Object.entries(element)) {
      // Action data is sent back to the bot, never shown; facts and choices were read above.
      if (key === 'data' || key === 'facts' || key === 'choices' || key === 'inlines') continue;
      if (typeof value === 'object' && value !== null) walk(value, path ? `${path}.${key}` : key);
    }
    if (type === 'RichTextBlock' && Array.isArray(element['inlines'])) walk(element['inlines'], `${path}.inlines`);
  };
  walk(card, '');
  return found;
}

/** The Adaptive Card time functions: strict RFC 3339 without fractions, as Teams parses them. */
const DATE_MACRO = /\{\{(?:DATE|TIME)\(\s*\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:Z|[+-]\d{2}:\d{2})\s*(?:,\s*(?:SHORT|LONG|COMPACT)\s*)?\)\}\}/g;
const ANY_MACRO = /\{\{(?:DATE|TIME)\([^}]*\)\}\}/g;
const ISO_INSTANT = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
const ERROR_CODE = /(?<![\w.])[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*\.[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*(?![\w])/g;
const GUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/** Stored values that mean nothing to a reader when shown alone (a fact value, a "·"-separated part). */
const RAW_WORDS = new Set([
  'advanced',
  'default',
  'none',
  'pending',
  'approved',
  'rejected',
  'expired',
  'cancelled',
  'four-eyes',
  'self-approve',
  'ok',
  'denied',
  'failed',
  'succeeded',
  'running',
  'unresolved',
  'schedule',
  'manual',
  'recovery',
  'serviceAccount',
  'globalAdmin',
  'turned-off',
  'auto-enabled',
  'restart-resumed',
  'credentials-lost',
  'turn-on-failed',
  'true',
  'false',
]);

/** Raw values wrong anywhere in a text: session state codes, programming leftovers. */
const RAW_TOKENS = ['ENABLING', 'DISABLING', 'NOT_CONFIGURED', 'undefined', 'null', 'NaN', '[object Object]'];

/** Dotted ids of verbs, approval kinds and audit actions: words exist for each. */
const DOTTED_IDS = new Set<string>([
  ...Object.values(Verbs),
  'mode.change',
  'advanced.disable',
  'operator.grant',
  'operator.revoke',
  'auditor.grant',
  'auditor.revoke',
  'audit.view',
  'settings.update',
  'approvalPolicy.set',
  'notify.here',
  'mode.chosen',
  'serviceAccount.create',
  'session.autoEnable',
  'rotation.started',
  'rotation.succeeded',
  'rotation.failed',
  'rotation.lockedOut',
]);

/** A person's name is expected here. */
const PERSON_LABEL = /\b(by|who|requester|operator|auditor|user|actor|approvers?|person|owner)\b/i;
/** A GUID after these words is an id on purpose: "object id …", "Reference: …", "Tenant …". */
const ID_CONTEXT = /(object id|\bid|reference|tenant|request|correlation id|version)\s*:?\s*\(?$/i;
/** A GUID after these words stands for a person. */
const PERSON_CONTEXT = /(\bby|\bas|→|\bask|\bfor|\bfrom)\s*\(?$/i;

function normalize(text: string): string {
  return text
    .replace(/\\([\\`*_[\]<>~])/g, '$1')
    .replace(/\*\*/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

function wordCount(text: string): number {
  return (text.match(/[A-Za-z]{2,}/g) ?? []).length;
}

function parts(text: string): string[] {
  return text
    .split(/\s+·\s+|:\s+|\s+[–—-]\s+|[()]/)
    .map((part) => part.trim().replace(/[.,;]$/, ''))
    .filter(Boolean);
}

function lintText(item: VisibleText, cardHasSentence: boolean): CardTextFinding[] {
  const findings: CardTextFinding[] = [];
  const add = (rule: CardTextRule) => findings.push({ rule, path: item.path, text: item.text });
  const raw = normalize(item.text);
  const withoutMacros = raw.replace(DATE_MACRO, 'DATE');
  if (ANY_MACRO.test(withoutMacros)) add('bad-date-macro');
  ANY_MACRO.lastIndex = 0;
  const text = withoutMacros.replace(ANY_MACRO, 'DATE');

  if (ISO_INSTANT.test(text)) add('iso-timestamp');

  if (parts(text).some((part) => RAW_WORDS.has(part) || DOTTED_IDS.has(part)) || RAW_WORDS.has(text)) add('raw-value');
  else if (RAW_TOKENS.some((token) => new RegExp(`(^|[^\\w])${token.replace(/[[\]]/g, '\\$&')}($|[^\\w])`).test(text))) add('raw-value');
  else if ([...DOTTED_IDS].some((id) => new RegExp(`(^|[\\s(:])${id.replace(/\./g, '\\.')}($|[\\s),;:]|\\.(\\s|$))`).test(text))) add('raw-value');

  const codes = text.match(ERROR_CODE) ?? [];
  if (codes.length > 0) {
    const labelledByFact = item.kind === 'fact-value' && /reference|code/i.test(item.label ?? '');
    const labelledInText = codes.every((code) => new RegExp(`(reference|code)\\s*:?\\s*${code.replace(/\./g, '\\.')}`, 'i').test(text));
    const rest = codes.reduce((left, code) => left.split(code).join(' '), text).replace(/\b(reference|error code|code)\b/gi, ' ');
    const explained = labelledByFact ? cardHasSentence && wordCount(rest) === 0 : labelledInText && wordCount(rest) >= 3;
    if (!explained) add('bare-error-code');
  }

  for (const match of text.matchAll(GUID)) {
    const before = text.slice(0, match.index ?? 0);
    if (ID_CONTEXT.test(before)) continue;
    const personFact = item.kind === 'fact-value' && PERSON_LABEL.test(item.label ?? '') && before.trim() === '';
    const personText = PERSON_CONTEXT.test(before) || (item.kind === 'text' && before.trim() === '');
    if (personFact || personText) {
      add('bare-guid-person');
      break;
    }
  }
  return findings;
}

/** Green or yellow text on a light background is hard to read, most of all in titles. */
function lowContrastTitles(card: unknown): CardTextFinding[] {
  const findings: CardTextFinding[] = [];
  const walk = (node: unknown, path: string): void => {
    if (Array.isArray(node)) return node.forEach((item, index) => walk(item, `${path}[${index}]`));
    if (!node || typeof node !== 'object') return;
    const element = node as Record<string, unknown>;
    const color = element['color'];
    const text = typeof element['text'] === 'string' ? element['text'] : '';
    const prominent = element['style'] === 'heading' || element['weight'] === 'Bolder' || ['Medium', 'Large', 'ExtraLarge'].includes(String(element['size']));
    const hasWords = /[A-Za-z]/.test(text);
    if (element['type'] === 'TextBlock' && hasWords && (color === 'Warning' || (color === 'Good' && prominent))) {
      findings.push({ rule: 'low-contrast-title', path: `${path}.color`, text });
    }
    for (const [key, value] of Object.entries(element)) if (typeof value === 'object' && value !== null) walk(value, path ? `${path}.${key}` : key);
  };
  walk(card, '');
  return findings;
}

/** Everything on the card a person should not have to decode; empty when it reads as words. */
export function lintCardText(card: unknown): CardTextFinding[] {
  const texts = visibleTexts(card);
  const cardHasSentence = texts.some((item) => item.kind === 'text' && wordCount(normalize(item.text)) >= 5);
  return [...texts.flatMap((item) => lintText(item, cardHasSentence)), ...lowContrastTitles(card)];
}

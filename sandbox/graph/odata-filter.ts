/**
 * The `$filter` subset Graph's directory services accept: eq, ne, ge, le, in, startswith,
 * endswith, not, and/or, parentheses, null, and any() lambdas on collections
 * (`assignedLicenses/any(x:x/skuId eq 6fd2…)`, `groupTypes/any(c:c eq 'Unified')`).
 *
 * Each resource declares which operators each property supports and which of them are
 * "advanced queries" (ne, not, endswith) that need `ConsistencyLevel: eventual` plus `$count=true`,
 * as Graph does. Directory string comparisons are case-insensitive.
 */
import { GraphErrors, GraphHttpError } from './errors';

export type FilterOperator = 'eq' | 'ne' | 'ge' | 'le' | 'in' | 'startswith' | 'endswith' | 'not' | 'any';
type Literal = string | number | boolean | null;

export type FilterNode =
  | { kind: 'and' | 'or'; left: FilterNode; right: FilterNode }
  | { kind: 'not'; operand: FilterNode }
  | { kind: 'compare'; op: 'eq' | 'ne' | 'ge' | 'le' | 'gt' | 'lt'; path: string[]; value: Literal }
  | { kind: 'in'; path: string[]; values: Literal[] }
  | { kind: 'function'; name: 'startswith' | 'endswith'; path: string[]; value: string }
  | { kind: 'any'; collection: string; variable: string; predicate: FilterNode };

export interface FilterPropertySpec {
  operators: FilterOperator[];
}

export interface FilterSchema {
  /** e.g. 'User', as Graph names the resource in its error messages. */
  resource: string;
  properties: Record<string, FilterPropertySpec>;
}

/** Operators Graph only serves as advanced queries. */
const ADVANCED: Record<string, string> = { ne: 'NotEqualsMatch', not: 'NotMatch', endswith: 'EndsWithMatch' };

// ------------------------------------------------------------------ tokenizer
type Token = { type: 'punct'; value: '(' | ')' | ',' | ':' } | { type: 'string'; value: string } | { type: 'word'; value: string };

const GUID_TOKEN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i] as string;
    if (/\s/.test(ch)) {
      i += 1;
    } else if (ch === '(' || ch === ')' || ch === ',' || ch === ':') {
      tokens.push({ type: 'punct', value: ch });
      i += 1;
    } else if (ch === "'") {
      let value = '';
      i += 1;
      for (;;) {
        if (i >= text.length) throw syntaxError(text, i);
        if (text[i] === "'") {
          if (text[i + 1] === "'") {
            value += "'";
            i += 2;
            continue;
          }
          i += 1;
          break;
        }
        value += text[i];
        i += 1;
      }
      tokens.push({ type: 'string', value });
    } else {
      const guid = GUID_TOKEN.exec(text.slice(i));
      const word = guid ? guid[0] : /^[A-Za-z0-9_.+\-/$@]+/.exec(text.slice(i))?.[0];
      if (!word) throw syntaxError(text, i);
      tokens.push({ type: 'word', value: word });
      i += word.length;
    }
  }
  return tokens;
}

function syntaxError(text: string, position: number): GraphHttpError {
  return GraphErrors.plainBadRequest(`Invalid filter clause: Syntax error at position ${position} in '${text}'.`);
}

// ------------------------------------------------------------------ parser
class Parser {
  private index = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly text: string,
    private readonly variables: Set<string> = new Set(),
  ) {}

  parse(): FilterNode {
    const node = this.parseOr();
    if (this.index < this.tokens.length) throw this.error();
    return node;
  }

  private error(): GraphHttpError {
    return syntaxError(this.text, this.index);
  }

  private peek(): Token | undefined {
    return this.tokens[this.index];
  }

  private next(): Token {
    const token = this.tokens[this.index];
    if (!token) throw this.error();
    this.index += 1;
    return token;
  }

  private isWord(value: string): boolean {
    const t = this.peek();
    return t?.type === 'word' && t.value.toLowerCase() === value;
  }

  private expectPunct(value: string): void {
    const t = this.next();
    if (t.type !== 'punct' || t.value !== value) throw this.error();
  }

  private parseOr(): FilterNode {
    let left = this.parseAnd();
    while (this.isWord('or')) {
      this.index += 1;
      left = { kind: 'or', left, right: this.parseAnd() };
    }
    return left;
  }

  private parseAnd(): FilterNode {
    let left = this.parseNot();
    while (this.isWord('and')) {
      this.index += 1;
      left = { kind: 'and', left, right: this.parseNot() };
    }
    return left;
  }

  private parseNot(): FilterNode {
    if (this.isWord('not')) {
      this.index += 1;
      return { kind: 'not', operand: this.parseNot() };
    }
    return this.parsePrimary();
  }

  private parsePrimary(): FilterNode {
    const t = this.peek();
    if (t?.type === 'punct' && t.value === '(') {
      this.index += 1;
      const inner = this.parseOr();
      this.expectPunct(')');
      return inner;
    }
    if (t?.type === 'word' && ['startswith', 'endswith', 'contains'].includes(t.value.toLowerCase())) {
      const name = t.value.toLowerCase();
      this.index += 1;
      this.expectPunct('(');
      const path = this.parsePath();
      this.expectPunct(',');
      const value = this.parseLiteral();
      this.expectPunct(')');
      if (name === 'contains') throw GraphErrors.unsupportedQuery(`Unsupported Query.`);
      if (typeof value !== 'string') throw this.error();
      return { kind: 'function', name: name as 'startswith' | 'endswith', path, value };
    }
    const word = this.next();
    if (word.type !== 'word') throw this.error();
    // Lambda: collection/any(x: predicate)
    if (/\/any$/i.test(word.value)) {
      const collection = word.value.slice(0, -4);
      this.expectPunct('(');
      const variable = this.next();
      if (variable.type !== 'word') throw this.error();
      this.expectPunct(':');
      const inner = new Parser(this.tokens, this.text, new Set([...this.variables, variable.value]));
      inner.index = this.index;
      const predicate = inner.parseOr();
      this.index = inner.index;
      this.expectPunct(')');
      return { kind: 'any', collection, variable: variable.value, predicate };
    }
    const path = word.value.split('/');
    const op = this.next();
    if (op.type !== 'word') throw this.error();
    const operator = op.value.toLowerCase();
    if (operator === 'in') {
      this.expectPunct('(');
      const values: Literal[] = [this.parseLiteral()];
      while (this.peek()?.type === 'punct' && (this.peek() as { value: string }).value === ',') {
        this.index += 1;
        values.push(this.parseLiteral());
      }
      this.expectPunct(')');
      return { kind: 'in', path, values };
    }
    if (!['eq', 'ne', 'ge', 'le', 'gt', 'lt'].includes(operator)) throw this.error();
    return { kind: 'compare', op: operator as 'eq', path, value: this.parseLiteral() };
  }

  private parsePath(): string[] {
    const t = this.next();
    if (t.type !== 'word') throw this.error();
    return t.value.split('/');
  }

  private parseLiteral(): Literal {
    const t = this.next();
    if (t.type === 'string') return t.value;
    if (t.type !== 'word') throw this.error();
    const v = t.value.toLowerCase();
    if (v === 'true') return true;
    if (v === 'false') return false;
    if (v === 'null') return null;
    if (GUID_TOKEN.test(t.value) && t.value.length === 36) return t.value;
    if (/^-?\d+(\.\d+)?$/.test(t.value)) return Number(t.value);
    // DateTimeOffset literals are bare: createdDateTime ge 2024-01-01T00:00:00Z
    if (/^\d{4}-\d{2}-\d{2}T[\d:.]+(Z|[+-]\d{2}:\d{2})$/.test(t.value)) return t.value;
    throw this.error();
  }
}

export function parseFilter(text: string): FilterNode {
  return new Parser(tokenize(text), text).parse();
}

// ------------------------------------------------------------------ validation
/**
 * Rejects properties and operators the resource does not support, and advanced operators
 * outside an advanced query. Returns nothing; throws the Graph error to send.
 */
export function validateFilter(node: FilterNode, schema: FilterSchema, advanced: boolean): void {
  const check = (property: string, op: FilterOperator): void => {
    const spec = Object.entries(schema.properties).find(([name]) => name.toLowerCase() === property.toLowerCase())?.[1];
    if (!spec || !spec.operators.includes(op)) {
      throw GraphErrors.unsupportedQuery(`Unsupported or invalid query filter clause specified for property '${property}' of resource '${schema.resource}'.`);
    }
    if (ADVANCED[op] && !advanced) throw GraphErrors.unsupportedQuery(`Unsupported property filter clause operator '${ADVANCED[op]}'.`);
  };
  const walk = (n: FilterNode, variable?: string, collection?: string): void => {
    const propertyOf = (path: string[]): string => {
      if (variable && path[0] === variable) return path.length > 1 ? `${collection}/${path.slice(1).join('/')}` : (collection as string);
      return path.join('/');
    };
    switch (n.kind) {
      case 'and':
      case 'or':
        walk(n.left, variable, collection);
        walk(n.right, variable, collection);
        return;
      case 'not':
        if (!advanced) throw GraphErrors.unsupportedQuery(`Unsupported property filter clause operator '${ADVANCED.not}'.`);
        walk(n.operand, variable, collection);
        return;
      case 'compare':
        if (n.op === 'gt' || n.op === 'lt') throw GraphErrors.unsupportedQuery(`Unsupported Query.`);
        check(propertyOf(n.path), n.op);
        return;
      case 'in':
        check(propertyOf(n.path), 'in');
        return;
      case 'function':
        check(propertyOf(n.path), n.name);
        return;
      case 'any':
        check(n.collection, 'any');
        walk(n.predicate, n.variable, n.collection);
        return;
    }
  };
  walk(node);
}

// ------------------------------------------------------------------ evaluation
function normalize(value: unknown): unknown {
  return typeof value === 'string' ? value.toLowerCase() : value;
}

function readPath(target: unknown, path: string[]): unknown {
  let current: unknown = target;
  for (const segment of path) {
    if (current === null || current === undefined || typeof current !== 'object') return undefined;
    const record = current as Record<string, unknown>;
    const key = Object.keys(record).find((k) => k.toLowerCase() === segment.toLowerCase());
    current = key === undefined ? undefined : record[key];
  }
  return current;
}

function compare(actual: unknown, op: string, expected: Literal): boolean {
  if (expected === null) {
    const isNull = actual === null || actual === undefined;
    return op === 'eq' ? isNull : op === 'ne' ? !isNull : false;
  }
  const a = normalize(actual);
  const e = normalize(expected);
  switch (op) {
    case 'eq':
      return a === e;
    case 'ne':
      return a !== e;
    case 'ge':
      return a !== undefined && a !== null && (a as string | number) >= (e as string | number);
    case 'le':
      return a !== undefined && a !== null && (a as string | number) <= (e as string | number);
    default:
      return false;
  }
}

export function evaluateFilter(node: FilterNode, target: unknown, scope: Record<string, unknown> = {}): boolean {
  const resolve = (path: string[]): unknown => {
    const head = path[0] as string;
    if (head in scope) return path.length === 1 ? scope[head] : readPath(scope[head], path.slice(1));
    return readPath(target, path);
  };
  switch (node.kind) {
    case 'and':
      return evaluateFilter(node.left, target, scope) && evaluateFilter(node.right, target, scope);
    case 'or':
      return evaluateFilter(node.left, target, scope) || evaluateFilter(node.right, target, scope);
    case 'not':
      return !evaluateFilter(node.operand, target, scope);
    case 'compare':
      return compare(resolve(node.path), node.op, node.value);
    case 'in': {
      const actual = normalize(resolve(node.path));
      return node.values.some((v) => normalize(v) === actual);
    }
    case 'function': {
      const actual = resolve(node.path);
      if (typeof actual !== 'string') return false;
      const a = actual.toLowerCase();
      const v = node.value.toLowerCase();
      return node.name === 'startswith' ? a.startsWith(v) : a.endsWith(v);
    }
    case 'any': {
      const collection = resolve(node.collection.split('/'));
      if (!Array.isArray(collection)) return false;
      return collection.some((item) => evaluateFilter(node.predicate, target, { ...scope, [node.variable]: item }));
    }
  }
}

/** Parses, validates and returns a predicate, or undefined when there is no $filter. */
export function compileFilter(text: string | null, schema: FilterSchema, advanced: boolean): ((item: unknown) => boolean) | undefined {
  if (text === null || text.trim() === '') return undefined;
  const node = parseFilter(text);
  validateFilter(node, schema, advanced);
  return (item) => evaluateFilter(node, item);
}

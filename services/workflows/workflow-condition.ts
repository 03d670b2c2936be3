/**
 * The `when` language of workflow steps: small on purpose, parsed by hand, never evaluated as
 * code. A condition compares references with literals and combines the comparisons:
 *
 *   steps.keepMailbox.answer == 'no'
 *   steps.block.status == 'succeeded' and not (licence == 'none')
 *   sendReply || steps.approve.decision != 'rejected'
 *
 * - references: an input or binding name, `target.upn` / `target.displayName` / `target.id`,
 *   `requester.upn` / `requester.displayName`, and `steps.<id>.status | answer | decision` of an
 *   earlier step;
 * - literals: 'text' or "text", numbers, true, false;
 * - `==` and `!=` compare the two sides as text (3 == '3'); a bare reference is true when it is
 *   true, 'true' or 'yes' (a boolean input);
 * - `and` / `&&`, `or` / `||`, `not` / `!`, and parentheses; `and` binds tighter than `or`.
 */

export type ConditionOperand = { type: 'ref'; name: string } | { type: 'literal'; value: string | number | boolean };

export type Condition =
  | { type: 'compare'; op: '==' | '!='; left: ConditionOperand; right: ConditionOperand }
  | { type: 'truthy'; name: string }
  | { type: 'and' | 'or'; items: Condition[] }
  | { type: 'not'; item: Condition };

export type ParsedCondition = { ok: true; condition: Condition } | { ok: false; problem: string };

type Token =
  | { kind: 'ref'; text: string; at: number }
  | { kind: 'literal'; value: string | number | boolean; text: string; at: number }
  | { kind: 'op'; text: '==' | '!='; at: number }
  | { kind: 'and' | 'or' | 'not' | '(' | ')'; text: string; at: number };

const MAX_DEPTH = 20;
const REF = /^[A-Za-z][A-Za-z0-9_]*(?:\.[A-Za-z][A-Za-z0-9_]*)*/;
const NUMBER = /^-?\d+(?:\.\d+)?/;

class ConditionSyntaxError extends Error {}

/** Parses a condition, or says in words what is wrong with it. */
export function parseCondition(source: string): ParsedCondition {
  try {
    const tokens = tokenize(source);
    if (tokens.length === 0) return { ok: false, problem: 'The condition is empty.' };
    const parser = new Parser(tokens);
    const condition = parser.parseOr(0);
    parser.expectEnd();
    return { ok: true, condition };
  } catch (error) {
    if (error instanceof ConditionSyntaxError) return { ok: false, problem: error.message };
    throw error;
  }
}

/** Every reference a condition reads, each with the literals it is compared with. */
export function conditionReferences(condition: Condition): Array<{ name: string; comparedWith: Array<string | number | boolean> }> {
  const found: Array<{ name: string; comparedWith: Array<string | number | boolean> }> = [];
  const visit = (node: Condition): void => {
    switch (node.type) {
      case 'truthy':
        found.push({ name: node.name, comparedWith: [] });
        return;
      case 'compare': {
        const sides = [node.left, node.right];
        const literals = sides.filter((side): side is Extract<ConditionOperand, { type: 'literal' }> => side.type === 'literal').map((side) => side.value);
        for (const side of sides) if (side.type === 'ref') found.push({ name: side.name, comparedWith: literals });
        return;
      }
      case 'not':
        visit(node.item);
        return;
      default:
        node.items.forEach(visit);
    }
  };
  visit(condition);
  return found;
}

/** Evaluates a parsed condition against values looked up by reference (undefined reads as ''). */
export function evaluateCondition(condition: Condition, lookup: (name: string) => string | number | boolean | undefined): boolean {
  const operand = (side: ConditionOperand): string => {
    const value = side.type === 'ref' ? lookup(side.name) : side.value;
    return value === undefined ? '' : String(value);
  };
  switch (condition.type) {
    case 'compare':
      return condition.op === '==' ? operand(condition.left) === operand(condition.right) : operand(condition.left) !== operand(condition.right);
    case 'truthy': {
      const value = lookup(condition.name);
      return value === true || (typeof value === 'string' && ['true', 'yes'].includes(value.trim().toLowerCase()));
    }
    case 'not':
      return !evaluateCondition(condition.item, lookup);
    case 'and':
      return condition.items.every((item) => evaluateCondition(item, lookup));
    case 'or':
      return condition.items.some((item) => evaluateCondition(item, lookup));
  }
}

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let at = 0;
  while (at < source.length) {
    const rest = source.slice(at);
    const char = source[at]!;
    if (/\s/.test(char)) {
      at += 1;
      continue;
    }
    if (rest.startsWith('==') || rest.startsWith('!=')) {
      tokens.push({ kind: 'op', text: rest.slice(0, 2) as '==' | '!=', at });
      at += 2;
      continue;
    }
    if (rest.startsWith('&&') || rest.startsWith('||')) {
      tokens.push({ kind: rest.startsWith('&&') ? 'and' : 'or', text: rest.slice(0, 2), at });
      at += 2;
      continue;
    }
    if (char === '=') throw new ConditionSyntaxError(`Use == to compare (at "${excerpt(source, at)}"); a single = isn't allowed.`);
    if (char === '!') {
      tokens.push({ kind: 'not', text: '!', at });
      at += 1;
      continue;
    }
    if (char === '(' || char === ')') {
      tokens.push({ kind: char, text: char, at });
      at += 1;
      continue;
    }
    if (char === "'" || char === '"') {
      const end = source.indexOf(char, at + 1);
      if (end < 0) throw new ConditionSyntaxError(`The text starting at "${excerpt(source, at)}" has no closing ${char}.`);
      tokens.push({ kind: 'literal', value: source.slice(at + 1, end), text: source.slice(at, end + 1), at });
      at = end + 1;
      continue;
    }
    const number = NUMBER.exec(rest);
    if (number) {
      tokens.push({ kind: 'literal', value: Number(number[0]), text: number[0], at });
      at += number[0].length;
      continue;
    }
    const ref = REF.exec(rest);
    if (ref) {
      const word = ref[0];
      const lower = word.toLowerCase();
      if (lower === 'and' || lower === 'or' || lower === 'not') tokens.push({ kind: lower, text: word, at });
      else if (lower === 'true' || lower === 'false') tokens.push({ kind: 'literal', value: lower === 'true', text: word, at });
      else tokens.push({ kind: 'ref', text: word, at });
      at += word.length;
      continue;
    }
    throw new ConditionSyntaxError(`"${char}" isn't allowed in a condition (at "${excerpt(source, at)}"). Compare with == or !=, combine with and, or, not.`);
  }
  return tokens;
}

class Parser {
  private index = 0;

  constructor(private readonly tokens: Token[]) {}

  parseOr(depth: number): Condition {
    const items = [this.parseAnd(depth)];
    while (this.peek()?.kind === 'or') {
      this.index += 1;
      items.push(this.parseAnd(depth));
    }
    return items.length === 1 ? items[0]! : { type: 'or', items };
  }

  expectEnd(): void {
    const token = this.peek();
    if (!token) return;
    if (token.kind === ')') throw new ConditionSyntaxError('There is a ) without its (.');
    const previous = this.tokens[this.index - 1];
    if (token.kind === '(' && previous?.kind === 'ref') throw new ConditionSyntaxError(`A condition calls nothing ("${previous.text}(" isn't allowed): compare values with == or !=.`);
    throw new ConditionSyntaxError(`"${token.text}" follows a complete comparison: join comparisons with and / or.`);
  }

  private parseAnd(depth: number): Condition {
    const items = [this.parseNot(depth)];
    while (this.peek()?.kind === 'and') {
      this.index += 1;
      items.push(this.parseNot(depth));
    }
    return items.length === 1 ? items[0]! : { type: 'and', items };
  }

  private parseNot(depth: number): Condition {
    if (depth > MAX_DEPTH) throw new ConditionSyntaxError(`The condition nests more than ${MAX_DEPTH} deep; write it more simply.`);
    const token = this.peek();
    if (token?.kind === 'not') {
      this.index += 1;
      return { type: 'not', item: this.parseNot(depth + 1) };
    }
    if (token?.kind === '(') {
      this.index += 1;
      const inner = this.parseOr(depth + 1);
      if (this.peek()?.kind !== ')') throw new ConditionSyntaxError('A ( has no matching ).');
      this.index += 1;
      return inner;
    }
    return this.parseComparison();
  }

  private parseComparison(): Condition {
    const left = this.operand('The condition ends where a value was expected.');
    const op = this.peek();
    if (op?.kind !== 'op') {
      if (left.type === 'literal') throw new ConditionSyntaxError(`${quoteLiteral(left.value)} on its own is always the same: compare something with it, e.g. steps.keepMailbox.answer == ${quoteLiteral(left.value)}.`);
      return { type: 'truthy', name: left.name };
    }
    this.index += 1;
    const right = this.operand(`${op.text} needs a value on its right, e.g. == 'yes'.`);
    return { type: 'compare', op: op.text, left, right };
  }

  private operand(whenMissing: string): ConditionOperand {
    const token = this.peek();
    if (!token) throw new ConditionSyntaxError(whenMissing);
    if (token.kind === 'ref') {
      this.index += 1;
      return { type: 'ref', name: token.text };
    }
    if (token.kind === 'literal') {
      this.index += 1;
      return { type: 'literal', value: token.value };
    }
    throw new ConditionSyntaxError(`"${token.text}" is where a value was expected: a name such as steps.block.status, or a value such as 'yes'.`);
  }

  private peek(): Token | undefined {
    return this.tokens[this.index];
  }
}

function excerpt(source: string, at: number): string {
  const piece = source.slice(at, at + 20);
  return at + 20 < source.length ? `${piece}…` : piece;
}

function quoteLiteral(value: string | number | boolean): string {
  return typeof value === 'string' ? `'${value}'` : String(value);
}

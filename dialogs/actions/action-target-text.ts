/**
 * The target argument of an action command, as typed. The router's phrase table makes
 * `block sign-in for` match `block sign-in {user}` with the user "for", and a pasted usage line
 * (`block sign-in for <user>`) arrives as the same text once tags are stripped; neither may be
 * looked up as a person. This returns '' for every such non-target, so the flow asks "Which
 * user?" and changes nothing.
 */

/** Words that join a command to its target, never a target by themselves. */
const CONNECTIVES = new Set(['for', 'on', 'to', 'of', 'from', 'the', 'a', 'an', 'user', 'the user', 'for user', 'for the user', 'account', 'this user', 'someone']);
const LEADING_CONNECTIVE = /^(?:for|on|to|of)\s+/i;
const QUOTED = /^(["'`])(.*)\1$/s;
/** A target names someone: it has at least one letter or digit (in any script). */
const HAS_NAME_CHARACTER = /[\p{L}\p{N}]/u;

/** The user to look up, or '' when the text names nobody. Untrusted input: anything not a string is ''. */
export function parseActionTarget(raw: unknown): string {
  if (typeof raw !== 'string') return '';
  let text = raw.replace(/\s+/g, ' ').trim();
  const quoted = QUOTED.exec(text);
  if (quoted) text = (quoted[2] as string).trim();
  if (CONNECTIVES.has(text.toLowerCase())) return '';
  // "block sign-in for for adele" or "revoke sessions on adele": one stray connective before the name.
  const withoutConnective = text.replace(LEADING_CONNECTIVE, '');
  if (withoutConnective !== text && HAS_NAME_CHARACTER.test(withoutConnective)) text = withoutConnective;
  if (!HAS_NAME_CHARACTER.test(text)) return '';
  return text;
}

/**
 * The row's usage with a sample user: "unblock sign-in for adele@contoso.com". Other placeholders
 * are shown as ‹group›: card text is markdown, where "<group>" would be taken for a tag.
 */
export function exampleCommand(usage: string): string {
  return usage.replace('<user>', 'adele@contoso.com').replace(/<([^<>]+)>/g, '\u2039$1\u203a');
}

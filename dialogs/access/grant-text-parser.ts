/**
 * Turns what a tenant admin types after `scope` and `actions` into the access service's input.
 * Pure: no directory reads (users are resolved later), so every phrasing can be unit-tested.
 *
 *   scope department Sales
 *   scope department "Help Desk"; group 6f1c…-… ; au 0b3e…-…
 *   scope users alex@contoso.com, sam@contoso.com
 *   scope all users                      (everyone who holds no admin role)
 *   … including admins                   (explicitly reach users who hold directory roles)
 *   actions block sign-in, revoke sessions | actions all
 */
import { MANAGEMENT_ACTIONS, type ManagementActionId } from '../../services/access/actions';
import type { ScopeRule } from '../../services/access/operator-grant';

export type ParseResult<T> = { ok: true; value: T } | { ok: false; message: string };

export interface ParsedScope {
  /** `users` rules still hold what was typed (UPNs or ids); they are resolved before confirming. */
  rules: ScopeRule[];
  includePrivileged: boolean;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const INCLUDING_ADMINS = /(?:^|[\s,;]+)(?:including|include|incl\.?)\s+(?:admins|administrators|privileged(?: users)?)$/i;
const RULE_START = '(?:department|dept|group|au|administrative unit|admin unit|users?|all users)\\b';
const RULE_SEPARATOR = new RegExp(`\\s*;\\s*|\\s+(?:and|plus)\\s+(?=${RULE_START})`, 'i');
const MAX_USERS = 100;

export const SCOPE_EXAMPLES =
  'department Sales · department "Help Desk" · group <group object id> · au <administrative unit object id> · users alex@contoso.com, sam@contoso.com · all users';

function unquote(text: string): string {
  const trimmed = text.trim();
  const quoted = /^(["'])(.*)\1$/.exec(trimmed);
  return (quoted ? (quoted[2] as string) : trimmed).trim();
}

function parseRule(part: string): ParseResult<ScopeRule> {
  const text = part.trim();
  let match = /^(?:department|dept)\s+(.+)$/i.exec(text);
  if (match) {
    const value = unquote(match[1] as string);
    return value.length <= 64 ? { ok: true, value: { kind: 'department', value } } : { ok: false, message: 'A department name has at most 64 characters.' };
  }
  match = /^group\s+(.+)$/i.exec(text);
  if (match) {
    const id = unquote(match[1] as string);
    // The Directory port has no group search yet, so a name cannot be resolved safely.
    if (!GUID.test(id)) return { ok: false, message: `Name the group by its object id (Entra admin center → Groups → the group → Object ID), not "${id}".` };
    return { ok: true, value: { kind: 'group', groupId: id.toLowerCase() } };
  }
  match = /^(?:au|administrative unit|admin unit)\s+(.+)$/i.exec(text);
  if (match) {
    const id = unquote(match[1] as string);
    if (!GUID.test(id)) return { ok: false, message: `Name the administrative unit by its object id, not "${id}".` };
    return { ok: true, value: { kind: 'administrativeUnit', unitId: id.toLowerCase() } };
  }
  if (/^all users(?:\s+except\s+(?:admins|administrators))?$/i.test(text)) return { ok: true, value: { kind: 'allUsersExceptAdmins' } };
  match = /^users?\s+(.+)$/i.exec(text);
  if (match) {
    const users = [...new Set((match[1] as string).split(/[\s,]+/).map((user) => user.trim()).filter((user) => user !== '' && !/^(?:and|or)$/i.test(user)))];
    if (users.length > MAX_USERS) return { ok: false, message: `List at most ${MAX_USERS} users; use a group for more.` };
    return { ok: true, value: { kind: 'users', userIds: users } };
  }
  return { ok: false, message: `I didn't understand the scope "${text}". Try: ${SCOPE_EXAMPLES}.` };
}

export function parseScope(text: string): ParseResult<ParsedScope> {
  let remaining = text.trim().replace(/^scope\s+/i, '');
  const includePrivileged = INCLUDING_ADMINS.test(remaining);
  remaining = remaining.replace(INCLUDING_ADMINS, '').trim();
  if (!remaining) return { ok: false, message: `Say which users the operator may manage. Try: ${SCOPE_EXAMPLES}.` };
  const rules: ScopeRule[] = [];
  for (const part of remaining.split(RULE_SEPARATOR).filter((piece) => piece.trim() !== '')) {
    const rule = parseRule(part);
    if (!rule.ok) return rule;
    rules.push(rule.value);
  }
  return { ok: true, value: { rules, includePrivileged } };
}

function normalise(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** Every way an action may be typed: its title, its id with or without `user.`, its chat phrase. */
const ACTION_NAMES: ReadonlyMap<string, ManagementActionId> = new Map(
  MANAGEMENT_ACTIONS.flatMap((action) => [
    [normalise(action.title), action.id] as const,
    [normalise(action.id), action.id] as const,
    [normalise(action.id.replace(/^user\./, '')), action.id] as const,
    ...action.commands.map((command) => [normalise(command.replace(/\s+for$/i, '')), action.id] as const),
  ]),
);

export const ACTION_TITLES = MANAGEMENT_ACTIONS.map((action) => action.title).join(', ');

export function parseActions(text: string): ParseResult<ManagementActionId[]> {
  const cleaned = text.trim().replace(/^actions?\s+/i, '');
  if (/^(?:all|all actions|everything)$/i.test(cleaned)) return { ok: true, value: MANAGEMENT_ACTIONS.map((action) => action.id) };
  const parts = cleaned.split(/\s*,\s*|\s+and\s+|\s*;\s*/).filter((part) => part.trim() !== '');
  if (parts.length === 0) return { ok: false, message: `Say which actions the operator may run: ${ACTION_TITLES}, or "all".` };
  const ids: ManagementActionId[] = [];
  for (const part of parts) {
    const id = ACTION_NAMES.get(normalise(part));
    if (!id) return { ok: false, message: `I don't know the action "${part.trim()}". Choose from: ${ACTION_TITLES}, or "all".` };
    if (!ids.includes(id)) ids.push(id);
  }
  return { ok: true, value: ids };
}

export function actionTitle(id: string): string {
  return MANAGEMENT_ACTIONS.find((action) => action.id === id)?.title ?? id;
}

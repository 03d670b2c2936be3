/**
 * Raw values → words on cards: instants in the viewer's own time zone, management types, audit
 * actions and error codes. Cards call these so that no view model can put "2026-12-03T00:08:51Z",
 * "advanced" or "ACCESS.TENANT_ADMIN_REQUIRED" in front of a person by mistake
 * (test/unit/card-words.test.ts renders every card and fails on them).
 */
import { errorCatalog } from '../services/error-catalog';

/** An ISO-8601 instant with a time, as services store them ("2026-12-03T00:08:51.568Z"). */
const ISO_INSTANT = /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})\b/g;

/** An instant already inside `{{DATE(…)}}` or `{{TIME(…)}}` (a view that called cardDateTime itself): left as it is. */
const ALREADY_WRAPPED = /\{\{(?:DATE|TIME)\($/;

/**
 * `{{DATE(…, SHORT)}} {{TIME(…)}}`: Teams and the adaptivecards renderer show the instant in the
 * viewer's own time zone and locale ("Thu, Dec 3, 2026 1:08 AM"). The functions accept RFC 3339
 * without fractions of a second only. A value that is not an ISO instant is already display text
 * and is returned unchanged.
 */
export function cardDateTime(value: string): string {
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value)) return value;
  const at = new Date(value);
  if (Number.isNaN(at.getTime())) return value;
  const whole = at.toISOString().replace(/\.\d{3}Z$/, 'Z');
  return `{{DATE(${whole}, SHORT)}} {{TIME(${whole})}}`;
}

/** Every ISO instant inside a sentence ("Already approved by Adele at 2026-01-05T10:00:00.000Z.") as `cardDateTime`. */
export function humanizeInstants(text: string): string {
  return text.replace(ISO_INSTANT, (instant: string, offset: number) => (ALREADY_WRAPPED.test(text.slice(Math.max(0, offset - 7), offset)) ? instant : cardDateTime(instant)));
}

const MODE_WORDS: Readonly<Record<string, string>> = {
  none: 'Not chosen',
  default: 'Default (Global Admin sign-in)',
  advanced: 'Advanced (service account)',
};

/** A management type as stored ("advanced") in words; anything else is returned unchanged. */
export function modeWords(value: string): string {
  return MODE_WORDS[value] ?? value;
}

const CODE = /^[A-Z][A-Z_]*\.[A-Z][A-Z_]*$/;

/** The catalogue's sentence for a stable error code, when there is one. */
export function codeSentence(code: string): string | undefined {
  if (!CODE.test(code)) return undefined;
  return (errorCatalog as Readonly<Record<string, { userMessage: string }>>)[code]?.userMessage;
}

/**
 * A code as the words a person reads, keeping the code as a reference for support:
 * "Only a tenant admin can do that. (Reference: ACCESS.TENANT_ADMIN_REQUIRED)".
 */
export function explainCode(code: string): string {
  const sentence = codeSentence(code);
  return sentence ? `${sentence} (Reference: ${code})` : `Something went wrong (Reference: ${code}).`;
}

const ACTION_WORDS: Readonly<Record<string, string>> = {
  'operator.grant': 'Operator access granted',
  'operator.revoke': 'Operator access revoked',
  'operator.list': 'Operators listed',
  'auditor.grant': 'Auditor access granted',
  'auditor.revoke': 'Auditor access revoked',
  'audit.view': 'Audit viewed',
  'audit.verify': 'Audit chain verified',
  'audit.export': 'Audit exported',
  'approval.cancel': 'Request cancelled',
  'approval.effect': 'Approved change carried out',
  'approvalPolicy.set': 'Approval policy changed',
  'settings.update': 'Settings changed',
  'notify.here': 'Admin channel registered',
  'mode.chosen': 'Management type chosen',
  'mode.change': 'Management type change',
  'advanced.disable': 'Advanced management disabled',
  'serviceAccount.create': 'Management service account created',
  'session.turnOn': 'Management session turned on',
  'session.turnOff': 'Management session turned off',
  'session.autoEnable': 'Management session turned on automatically',
  'rotation.history': 'Rotation history viewed',
  'rotation.started': 'Password rotation started',
  'rotation.succeeded': 'Password rotated',
  'rotation.failed': 'Password rotation failed',
  'rotation.lockedOut': 'Management account locked out',
  'user.blockSignIn': 'Sign-in blocked',
  'user.unblockSignIn': 'Sign-in unblocked',
  'user.revokeSessions': 'Sessions revoked',
};

/**
 * An audit action id in words: a known one from the table, any other one spelled out
 * ("rotation.lockedOut" → "Rotation: locked out"), so a new action never shows as an id.
 */
export function actionWords(action: string): string {
  const known = ACTION_WORDS[action];
  if (known) return known;
  const [area = '', ...rest] = action.split('.').map((part) => part.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/[_-]+/g, ' ').toLowerCase());
  const areaWord = area.charAt(0).toUpperCase() + area.slice(1);
  return rest.length > 0 ? `${areaWord}: ${rest.join(' ')}` : areaWord;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A person as shown; a bare Entra object id (the directory did not know the name) says so. */
export function personWords(person: string): string {
  return GUID.test(person.trim()) ? `a user the directory did not name (object id ${person.trim()})` : person;
}

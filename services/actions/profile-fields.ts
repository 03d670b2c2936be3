/**
 * The profile fields "update profile" may change, as people type them ("job title", "office",
 * "mobile") and as Graph names them, with each field's rule. Values are checked here, before
 * anything is read or changed, so a bad value gets words and an example, never a Graph 400.
 */
import type { ProfileField } from '../ports/user-administration.port';

export type UpdatableField = ProfileField | 'manager';

export interface FieldRule {
  field: UpdatableField;
  /** How the card and messages name it: "Department", "Usage location". */
  label: string;
  /** Graph's maximum length for the property. */
  maxLength: number;
  example: string;
}

export const FIELD_RULES: Readonly<Record<UpdatableField, FieldRule>> = {
  department: { field: 'department', label: 'Department', maxLength: 64, example: 'Marketing' },
  jobTitle: { field: 'jobTitle', label: 'Job title', maxLength: 128, example: 'Account Manager' },
  officeLocation: { field: 'officeLocation', label: 'Office', maxLength: 128, example: 'Building 4, Room 210' },
  mobilePhone: { field: 'mobilePhone', label: 'Mobile phone', maxLength: 64, example: '+1 425 555 0100' },
  usageLocation: { field: 'usageLocation', label: 'Usage location', maxLength: 2, example: 'US' },
  manager: { field: 'manager', label: 'Manager', maxLength: 256, example: 'megan.bowen@contoso.com' },
};

/** Every way a field may be typed, normalised (lower case, letters only). */
const FIELD_WORDS: ReadonlyMap<string, UpdatableField> = new Map([
  ['department', 'department'],
  ['dept', 'department'],
  ['jobtitle', 'jobTitle'],
  ['title', 'jobTitle'],
  ['office', 'officeLocation'],
  ['officelocation', 'officeLocation'],
  ['mobilephone', 'mobilePhone'],
  ['mobile', 'mobilePhone'],
  ['mobilenumber', 'mobilePhone'],
  ['usagelocation', 'usageLocation'],
  ['manager', 'manager'],
]);

export const FIELD_NAMES_IN_WORDS = 'department, job title, office, mobile phone, usage location or manager';

export function fieldOf(typed: string): UpdatableField | undefined {
  return FIELD_WORDS.get(typed.toLowerCase().replace(/[^a-z]/g, ''));
}

/** Region codes that are not countries a licence can be used in. */
const NOT_COUNTRIES = new Set(['EU', 'EZ', 'UN', 'QO', 'ZZ']);
const regionNames = new Intl.DisplayNames(['en'], { type: 'region' });

/** "United States" for US; undefined when the text is not an ISO 3166-1 alpha-2 country code. */
export function countryName(code: string): string | undefined {
  const upper = code.toUpperCase();
  if (!/^[A-Z]{2}$/.test(upper) || NOT_COUNTRIES.has(upper)) return undefined;
  const name = regionNames.of(upper);
  return name && name !== upper && name !== 'Unknown Region' ? name : undefined;
}

/** A value with at least 3 digits and only the characters phone numbers are written with. */
const PHONE = /^\+?[0-9 ().-]+$/;

/** The value to store, or the sentence saying what is wrong with it. */
export function checkFieldValue(field: UpdatableField, raw: string): { ok: true; value: string } | { ok: false; problem: string } {
  const rule = FIELD_RULES[field];
  const value = raw.replace(/\s+/g, ' ').trim();
  if (value === '') return { ok: false, problem: `Say the new ${rule.label.toLowerCase()}.` };
  if (field === 'usageLocation') {
    const code = value.toUpperCase();
    return countryName(code)
      ? { ok: true, value: code }
      : { ok: false, problem: `"${value.slice(0, 40)}" is not a two-letter country code. Usage location takes a code such as US, GB or DE.` };
  }
  if (value.length > rule.maxLength) return { ok: false, problem: `${rule.label} can be at most ${rule.maxLength} characters; that one has ${value.length}.` };
  if (field === 'mobilePhone' && (!PHONE.test(value) || value.replace(/\D/g, '').length < 3)) {
    return { ok: false, problem: `"${value.slice(0, 40)}" doesn't look like a phone number. Use digits, spaces and an optional leading +.` };
  }
  return { ok: true, value };
}

/** How a value reads on a card: "US (United States)", or "not set". */
export function shownValue(field: UpdatableField, value: string | undefined): string {
  if (!value) return 'not set';
  if (field === 'usageLocation') {
    const name = countryName(value);
    return name ? `${value} (${name})` : value;
  }
  return value;
}

/**
 * Keeps secrets out of the audit and out of approval payloads. Two nets:
 * 1. by key: a value under a key that names a secret (password, clientSecret, accessToken, …)
 *    is replaced whole, whatever its type;
 * 2. by shape: substrings that look like credentials (JWTs, bearer headers, PEM private keys,
 *    Azure keys and SAS signatures, Entra client secrets, `password=…` pairs, and free-standing
 *    password-like strings) are masked inside any string.
 * It is a safety net, not a licence: callers must never hand secrets in to begin with.
 */
import type { JsonObject, JsonValue } from '../ports/audit-log.port';

export const REDACTED = '[redacted]';

const SECRET_KEY_MARKERS = [
  'password', 'passwd', 'passphrase', 'pwd', 'secret', 'token', 'credential', 'apikey', 'privatekey',
  'clientassertion', 'authorization', 'cookie', 'connectionstring', 'accountkey', 'sharedaccesskey',
];

/**
 * Metadata about a secret is useful in the audit ("secretName", "secretVersion", "tokenExpiresAt"),
 * so keys ending like this are not masked by name (their values still go through the shape net).
 */
const METADATA_KEY_SUFFIXES = ['name', 'id', 'version', 'versions', 'count', 'at', 'on', 'url', 'uri', 'length', 'policy', 'state', 'status', 'source', 'type', 'kind'];

const SECRET_SHAPES: readonly RegExp[] = [
  /eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g, // JWT
  /\bbearer\s+[A-Za-z0-9._~+/-]{12,}=*/gi,
  /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(-----END [A-Z ]*PRIVATE KEY-----|$)/g,
  /\b(AccountKey|SharedAccessKey|SharedAccessSignature|sig|client_secret|password|passwd|pwd|secret|token)\s*[=:]\s*[^\s;&,"']+/gi,
  /[A-Za-z0-9_~.-]{3}\dQ~[A-Za-z0-9_~.-]{31,34}/g, // Entra client secret format
];

/** Generated passwords: long, no spaces, every character class including a "real" symbol. */
function looksLikePassword(token: string): boolean {
  if (token.length < 12 || token.length > 256) return false;
  return /[a-z]/.test(token) && /[A-Z]/.test(token) && /\d/.test(token) && /[!#$%^&*()+=[\]{}<>?~|;,'"`\\]/.test(token);
}

export function isSecretKey(key: string): boolean {
  const normalised = key.toLowerCase().replace(/[^a-z0-9]/g, '');
  if (!SECRET_KEY_MARKERS.some((marker) => normalised.includes(marker))) return false;
  return !METADATA_KEY_SUFFIXES.some((suffix) => normalised.endsWith(suffix) && !SECRET_KEY_MARKERS.some((m) => normalised.endsWith(m)));
}

/** Masks credential-shaped substrings; returns the input unchanged when there are none. */
export function maskSecretsInText(text: string): string {
  let masked = text;
  for (const shape of SECRET_SHAPES) masked = masked.replace(shape, REDACTED);
  return masked
    .split(/(\s+)/)
    .map((part) => (looksLikePassword(part) ? REDACTED : part))
    .join('');
}

export interface ScrubResult<T> {
  value: T;
  /** JSON paths that were masked, e.g. ["details.password", "details.note"]. Empty when clean. */
  redactedPaths: string[];
}

function scrubValue(value: JsonValue, path: string, redacted: string[]): JsonValue {
  if (typeof value === 'string') {
    const masked = maskSecretsInText(value);
    if (masked !== value) redacted.push(path);
    return masked;
  }
  if (Array.isArray(value)) return value.map((item, index) => scrubValue(item, `${path}[${index}]`, redacted));
  if (value !== null && typeof value === 'object') {
    const out: JsonObject = {};
    for (const [key, item] of Object.entries(value)) {
      if (item === undefined) continue;
      const itemPath = `${path}.${key}`;
      if (isSecretKey(key) && item !== null && item !== '') {
        out[key] = REDACTED;
        redacted.push(itemPath);
      } else {
        out[key] = scrubValue(item, itemPath, redacted);
      }
    }
    return out;
  }
  return value;
}

/** Deep copy of `value` with secrets masked. Non-JSON input (functions, Dates…) is not expected here. */
export function scrubSecrets<T extends JsonValue>(value: T, rootPath = '$'): ScrubResult<T> {
  const redactedPaths: string[] = [];
  const scrubbed = scrubValue(value, rootPath, redactedPaths) as T;
  return { value: scrubbed, redactedPaths };
}

/** True when anything in `value` looks like a secret; used to refuse rather than mask. */
export function containsSecret(value: JsonValue): boolean {
  return scrubSecrets(value).redactedPaths.length > 0;
}

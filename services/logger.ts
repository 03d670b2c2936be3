import pino from 'pino';

export type Logger = pino.Logger;
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface CreateLoggerOptions {
  level: LogLevel;
  /** Where JSON lines go; stdout when omitted. Tests pass a memory stream. */
  destination?: pino.DestinationStream;
  /** Static fields on every line, e.g. `{ service: 'bot' }`. */
  base?: Record<string, string>;
}

export const REDACTED = '[Redacted]';

/**
 * Key names whose values are never logged, compared after lower-casing and dropping `-` / `_`,
 * at any depth. A suffix match catches `newPassword`, `refreshToken`, `clientSecret`,
 * `MicrosoftAppPassword`, `AZURE_CLIENT_SECRET` and the like without listing each one.
 */
const SECRET_KEY_SUFFIXES = ['password', 'passwd', 'secret', 'token', 'assertion', 'privatekey', 'apikey'];
const SECRET_KEYS = new Set(['authorization', 'proxyauthorization', 'cookie', 'setcookie', 'pwd', 'credential', 'credentials']);
/** Under these parents, `value` is the secret itself (Key Vault's SecretBundle, our SecretWithValue). */
const SECRET_PARENT_PATTERN = /secret|credential|password/;
const BEARER_PATTERN = /\b(Bearer|Basic)\s+[A-Za-z0-9\-._~+/]+=*/gi;

function normalizeKey(key: string): string {
  return key.toLowerCase().replace(/[-_]/g, '');
}

function isSecretKey(key: string, parentKeys: readonly string[]): boolean {
  const normalized = normalizeKey(key);
  const singular = normalized.replace(/s$/, '');
  if (SECRET_KEYS.has(normalized)) return true;
  if (SECRET_KEY_SUFFIXES.some((suffix) => normalized.endsWith(suffix) || singular.endsWith(suffix))) return true;
  return normalized === 'value' && parentKeys.some((parent) => SECRET_PARENT_PATTERN.test(normalizeKey(parent)));
}

/** Returns a deep copy with secret-bearing fields replaced and bearer credentials scrubbed from strings. */
export function redactSecrets(value: unknown, parentKeys: readonly string[] = []): unknown {
  if (typeof value === 'string') return value.replace(BEARER_PATTERN, `$1 ${REDACTED}`);
  if (Array.isArray(value)) return value.map((item) => redactSecrets(item, parentKeys));
  if (value === null || typeof value !== 'object') return value;
  const result: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
    result[key] = isSecretKey(key, parentKeys) ? REDACTED : redactSecrets(child, [...parentKeys, key]);
  }
  return result;
}

/**
 * Redaction runs on the final JSON line rather than through pino's `redact` paths, because
 * those match fixed depths only (`*.password` misses `err.config.headers.Authorization`), and
 * because serializers and child bindings are only complete at this point.
 */
function redactLine(line: string): string {
  try {
    return `${JSON.stringify(redactSecrets(JSON.parse(line)))}\n`;
  } catch {
    // Not JSON (should not happen with pino): drop it rather than risk writing a secret.
    return `${JSON.stringify({ level: 'error', msg: 'log line dropped: not JSON' })}\n`;
  }
}

/**
 * Creates the process logger. Use `logger.child({ area: 'bot' })` per area. Log ids and codes,
 * never payloads; redaction is the safety net, not the plan.
 */
export function createLogger(options: CreateLoggerOptions): Logger {
  const pinoOptions: pino.LoggerOptions = {
    level: options.level,
    base: options.base ?? null,
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    serializers: { err: pino.stdSerializers.err, error: pino.stdSerializers.err },
    hooks: { streamWrite: redactLine },
  };
  return options.destination ? pino(pinoOptions, options.destination) : pino(pinoOptions);
}

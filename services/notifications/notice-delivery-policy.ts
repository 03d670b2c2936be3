/**
 * When and how long to retry a proactive send (DESIGN.md §7, Teams rate limits): only 412,
 * 429, 502, 503 and 504 are retried within a round, Retry-After is honoured, and the backoff
 * is exponential with jitter so many notices do not retry in lockstep.
 */
import { NotifierError } from '../ports/notifier.port';

export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([412, 429, 502, 503, 504]);

export interface DeliveryFailure {
  retryable: boolean;
  /** NotifierError code, `HTTP.<status>`, or the error's name. Never the message (it may echo payloads). */
  code: string;
  status?: number;
  retryAfterInMs?: number;
}

export interface BackoffOptions {
  baseDelayInMs: number;
  maxDelayInMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseDelayInMs: 1_000, maxDelayInMs: 30_000 };

/** Classifies a Notifier error: NotifierError THROTTLED counts as 429; other errors by the HTTP status they expose. */
export function classifyDeliveryError(error: unknown): DeliveryFailure {
  const status = statusOf(error);
  const retryAfterInMs = retryAfterOf(error);
  const withExtras = (failure: DeliveryFailure): DeliveryFailure => ({
    ...failure,
    ...(failure.status === undefined && status !== undefined ? { status } : {}),
    ...(retryAfterInMs !== undefined ? { retryAfterInMs } : {}),
  });
  if (error instanceof NotifierError) {
    if (error.code === 'NOTIFY.THROTTLED') return withExtras({ retryable: true, code: error.code, status: status ?? 429 });
    return withExtras({ retryable: status !== undefined && RETRYABLE_STATUSES.has(status), code: error.code });
  }
  if (status !== undefined) return withExtras({ retryable: RETRYABLE_STATUSES.has(status), code: `HTTP.${status}` });
  return withExtras({ retryable: false, code: error instanceof Error ? error.name : 'UNKNOWN' });
}

/**
 * Delay before try `attempt + 1` (attempt counts from 1): "equal jitter" — half the
 * exponential step fixed, half random — capped, and never shorter than Retry-After.
 */
export function backoffDelayInMs(attempt: number, random: () => number, options: BackoffOptions = DEFAULT_BACKOFF, retryAfterInMs?: number): number {
  const step = Math.min(options.maxDelayInMs, options.baseDelayInMs * 2 ** (attempt - 1));
  const jittered = step / 2 + random() * (step / 2);
  return Math.max(Math.round(jittered), retryAfterInMs ?? 0);
}

/** Delay before the next round for a notice that stayed queued: 1 min, 2, 4, … capped at 1 h, with jitter. */
export function nextRoundDelayInMs(rounds: number, random: () => number, retryAfterInMs?: number): number {
  const step = Math.min(60 * 60_000, 60_000 * 2 ** Math.max(0, rounds - 1));
  return Math.max(Math.round(step / 2 + random() * (step / 2)), retryAfterInMs ?? 0);
}

function statusOf(error: unknown): number | undefined {
  if (!error || typeof error !== 'object') return undefined;
  const candidate = error as { statusCode?: unknown; status?: unknown; response?: { status?: unknown }; details?: { status?: unknown } };
  for (const value of [candidate.statusCode, candidate.status, candidate.response?.status, candidate.details?.status]) {
    if (typeof value === 'number' && Number.isInteger(value)) return value;
  }
  return undefined;
}

function retryAfterOf(error: unknown): number | undefined {
  if (!error || typeof error !== 'object') return undefined;
  const candidate = error as {
    retryAfterInMs?: unknown;
    details?: { retryAfterInMs?: unknown };
    headers?: unknown;
    response?: { headers?: unknown };
  };
  for (const value of [candidate.retryAfterInMs, candidate.details?.retryAfterInMs]) {
    if (typeof value === 'number' && value >= 0) return value;
  }
  for (const headers of [candidate.response?.headers, candidate.headers]) {
    const header = headerValue(headers, 'retry-after');
    if (header !== undefined) return parseRetryAfter(header);
  }
  return undefined;
}

function headerValue(headers: unknown, name: string): string | undefined {
  if (!headers || typeof headers !== 'object') return undefined;
  const withGet = headers as { get?: unknown };
  if (typeof withGet.get === 'function') {
    const value = (withGet.get as (key: string) => unknown).call(headers, name);
    return typeof value === 'string' ? value : undefined;
  }
  for (const [key, value] of Object.entries(headers as Record<string, unknown>)) {
    if (key.toLowerCase() === name) return typeof value === 'string' ? value : Array.isArray(value) ? String(value[0]) : undefined;
  }
  return undefined;
}

/** Retry-After is either delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string, now: number = Date.now()): number | undefined {
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1_000);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

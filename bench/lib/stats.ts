/**
 * Timing and reporting helpers for the benchmarks. Everything is sequential and bounded: a
 * benchmark states how many operations it runs and how long it may take, and stops there.
 */
import { performance } from 'node:perf_hooks';

export interface LatencySummary {
  count: number;
  /** Milliseconds, nearest-rank percentiles (no interpolation: every value was observed). */
  p50: number;
  p95: number;
  max: number;
  mean: number;
  /** Operations per second over the whole loop, including the loop's own overhead. */
  throughputPerSecond: number;
  totalMs: number;
}

/** One line of the printed table and of results.json. */
export interface MetricRow {
  metric: string;
  value: number;
  unit: string;
  /** Present when the metric has a target: the limit and whether the run met it. */
  target?: { text: string; met: boolean };
}

export interface BenchmarkResult {
  id: string;
  title: string;
  rows: MetricRow[];
  /** Numbers worth keeping that do not fit a row (counts, parameters). */
  details?: Record<string, number | string>;
}

export function percentile(sortedAscending: readonly number[], fraction: number): number {
  if (sortedAscending.length === 0) return Number.NaN;
  const rank = Math.ceil(fraction * sortedAscending.length);
  return sortedAscending[Math.min(sortedAscending.length, Math.max(1, rank)) - 1] as number;
}

export function summarize(durationsMs: readonly number[], totalMs: number): LatencySummary {
  const sorted = [...durationsMs].sort((a, b) => a - b);
  const sum = sorted.reduce((acc, value) => acc + value, 0);
  return {
    count: sorted.length,
    p50: percentile(sorted, 0.5),
    p95: percentile(sorted, 0.95),
    max: sorted[sorted.length - 1] ?? Number.NaN,
    mean: sorted.length > 0 ? sum / sorted.length : Number.NaN,
    throughputPerSecond: totalMs > 0 ? (sorted.length * 1000) / totalMs : Number.NaN,
    totalMs,
  };
}

export interface TimedLoopOptions {
  count: number;
  /** Untimed calls first, so JIT, TLS sessions and caches are warm for the measured ones. */
  warmup?: number;
  /** Stop early (and say so) instead of overrunning the run's time budget. */
  budgetMs: number;
}

/**
 * Runs `operation(i)` `count` times one after another and times each call. Sequential on
 * purpose: the numbers are per-request latency, not what a burst does to a 2-core machine.
 * @throws Error when the budget runs out first, naming how far it got, so a slow machine
 *   reports a clear failure instead of a silently smaller sample.
 */
export async function timedLoop(operation: (index: number) => Promise<unknown>, options: TimedLoopOptions): Promise<LatencySummary> {
  for (let i = 0; i < (options.warmup ?? 0); i += 1) await operation(-1 - i);
  const durations: number[] = [];
  const started = performance.now();
  for (let i = 0; i < options.count; i += 1) {
    const before = performance.now();
    await operation(i);
    durations.push(performance.now() - before);
    if (performance.now() - started > options.budgetMs) {
      throw new Error(`stopped after ${i + 1} of ${options.count} operations: the ${options.budgetMs} ms budget ran out`);
    }
  }
  return summarize(durations, performance.now() - started);
}

/** The usual rows of a latency benchmark; `p95Target` adds a target to the p95 row. */
export function latencyRows(label: string, summary: LatencySummary, p95Target?: { limitMs: number; why?: string }): MetricRow[] {
  const p95Row: MetricRow = { metric: `${label} p95`, value: round(summary.p95), unit: 'ms' };
  if (p95Target) p95Row.target = { text: `≤ ${p95Target.limitMs} ms`, met: summary.p95 <= p95Target.limitMs };
  return [
    { metric: `${label} p50`, value: round(summary.p50), unit: 'ms' },
    p95Row,
    { metric: `${label} max`, value: round(summary.max), unit: 'ms' },
    { metric: `${label} throughput`, value: round(summary.throughputPerSecond, 0), unit: '/s' },
  ];
}

export function round(value: number, digits = 2): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

export function elapsedSince(startedMs: number): number {
  return performance.now() - startedMs;
}

export { performance };

/**
 * Rejects when `work` takes longer than `limitMs`, so one hung request cannot stall the run.
 * The timer is cleared either way; the caller closes the server, which ends the request.
 */
export async function withTimeout<T>(work: Promise<T>, limitMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${limitMs} ms`)), limitMs);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

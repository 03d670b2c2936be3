/**
 * What reached the sandbox, for tests and the benchmark that must count calls: every top-level
 * HTTP request, and every `$batch` item the sandbox executed (not the ones a fault answered),
 * with the status each got. Kept in memory only, bounded, and never persisted: a restart of
 * the sandbox starts a new log, a restart of the bot does not.
 */
export interface TrafficEntry {
  /** 'http': one request on the wire; 'batchItem': one request inside a `$batch`. */
  kind: 'http' | 'batchItem';
  method: string;
  /** The path without the query, e.g. /v1.0/users/{id} or /v1.0/$batch. */
  path: string;
  status: number;
}

export interface TrafficLog {
  record(entry: TrafficEntry): void;
  entries(): readonly TrafficEntry[];
  clear(): void;
}

/** The newest `limit` entries are kept (default 200,000: far beyond a 1,000-user bulk). */
export function createTrafficLog(limit = 200_000): TrafficLog {
  let log: TrafficEntry[] = [];
  return {
    record(entry) {
      log.push(entry);
      if (log.length > limit) log = log.slice(log.length - limit);
    },
    entries: () => log,
    clear() {
      log = [];
    },
  };
}

/**
 * Bounded waiting. Every wait in the local stack and its tests has a deadline and says what it
 * was waiting for, so a hung start-up fails with a sentence instead of a jest timeout.
 */

export interface WaitOptions {
  /** Used in the timeout error: "Timed out after 30000 ms waiting for <what>". */
  what: string;
  timeoutMs: number;
  intervalMs?: number;
}

export class WaitTimeoutError extends Error {
  constructor(what: string, timeoutMs: number, lastError?: unknown) {
    const cause = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
    super(`Timed out after ${timeoutMs} ms waiting for ${what}${cause}`);
    this.name = 'WaitTimeoutError';
  }
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `check` until it returns a value other than undefined/false, or throws WaitTimeoutError. */
export async function waitFor<T>(check: () => Promise<T | undefined | false>, options: WaitOptions): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  const interval = options.intervalMs ?? 100;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) throw new WaitTimeoutError(options.what, options.timeoutMs, lastError);
    await delay(interval);
  }
}

/** Waits until GET `url` answers 2xx (and, if given, a body containing `expectBody`). */
export function waitForHttp(url: string, options: WaitOptions & { expectBody?: string }): Promise<true> {
  return waitFor(
    async () => {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      const body = await response.text();
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      return options.expectBody === undefined || body.includes(options.expectBody);
    },
    { intervalMs: 150, ...options },
  ) as Promise<true>;
}

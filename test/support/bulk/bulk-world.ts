/**
 * Helpers for bulk-action tests against the sandbox: what the sandbox saw (writes per user,
 * `$batch` requests), and driving a bulk through the bot as Teams would (the confirmation card's
 * message id goes into the confirm invoke's `replyToId`, so the progress updates that card).
 */
import type { TrafficEntry } from '../../../sandbox';
import type { ConnectorCall } from '../fake-connector';
import type { SandboxHarness } from '../sandbox-harness';

const USER_WRITE = /^\/v1\.0\/users\/([^/]+)(\/revokeSignInSessions)?$/i;

/** Writes the sandbox executed successfully, per user id (a throttled item did not execute). */
export function successfulWritesPerUser(entries: readonly TrafficEntry[]): Map<string, number> {
  const writes = new Map<string, number>();
  for (const entry of entries) {
    if (entry.kind !== 'batchItem' || entry.method === 'GET' || entry.status >= 300) continue;
    const match = USER_WRITE.exec(entry.path);
    if (!match) continue;
    const id = decodeURIComponent(match[1]!).toLowerCase();
    writes.set(id, (writes.get(id) ?? 0) + 1);
  }
  return writes;
}

export function batchRequests(entries: readonly TrafficEntry[]): number {
  return entries.filter((e) => e.kind === 'http' && e.method === 'POST' && e.path === '/v1.0/$batch').length;
}

/** Graph requests other than `$batch` (reads the bot made one by one). */
export function otherGraphRequests(entries: readonly TrafficEntry[]): TrafficEntry[] {
  return entries.filter((e) => e.kind === 'http' && e.path.startsWith('/v1.0/') && e.path !== '/v1.0/$batch');
}

export function throttledItems(entries: readonly TrafficEntry[]): number {
  return entries.filter((e) => e.kind === 'batchItem' && e.status === 429).length;
}

/** 10% of the per-user PATCHes (block / unblock sign-in) answer 429 with their own Retry-After. Reads are not throttled. */
export function throttleTenPercentOfWrites(sandbox: SandboxHarness, retryAfterInSeconds = 1): void {
  sandbox.sandbox.faults.configure({
    throttle: [{ match: { area: 'graph', method: 'PATCH', pathPattern: '^/v1\\.0/users/[^/]+$' }, probability: 0.1, retryAfterInSeconds }],
  });
}

/** The Teams message id the fake connector gave a sent activity. */
export function messageIdOf(calls: readonly ConnectorCall[], call: ConnectorCall): string {
  return `sent-${calls.indexOf(call) + 1}`;
}

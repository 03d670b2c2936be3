/**
 * One turn's authorization scope: the allowed decisions made while handling one activity, so
 * the door's check and the service's check of the same click evaluate once. It lives in an
 * AsyncLocalStorage, so it follows the turn's own async work and nothing else: another turn,
 * a scheduled job or a later click never sees it (a pending action confirmed in a later turn is
 * authorized afresh).
 */
import { AsyncLocalStorage } from 'node:async_hooks';

export interface RememberedDecision {
  decision: unknown;
  /** Date.now() when it was made. */
  at: number;
}

const scope = new AsyncLocalStorage<Map<string, RememberedDecision>>();

/** Runs one turn with a fresh scope. */
export function runInAuthorizationScope<T>(work: () => Promise<T>): Promise<T> {
  return scope.run(new Map(), work);
}

/** The current turn's decisions; undefined outside a turn (scheduler, tests calling services directly). */
export function currentTurnDecisions(): Map<string, RememberedDecision> | undefined {
  return scope.getStore();
}

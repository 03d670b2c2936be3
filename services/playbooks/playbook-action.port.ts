/**
 * How a playbook acts on a finding: one built-in action on one user. The wiring implements it
 * over the management-action path (session guard, authorization of `requester` with the target
 * in scope, the session's account, the action's own audit).
 *
 * Exactly once: `idempotencyKey` is the same for every attempt at one finding of one run
 * (`${runId}:${policyId}:${userId}`); a second call with a key already used must not act again
 * and should answer the first call's outcome. A playbook calls again only for a finding whose
 * first call was cut off by a crash, so the port is the guard for that case.
 */
import type { Actor } from '../access/actor';

export interface PlaybookActionRequest {
  tenantId: string;
  /** The tenant admin who ran the playbook, or on whose behalf its schedule runs. */
  requester: Actor;
  /** A built-in action id, e.g. 'user.removeAllLicenses'. */
  actionId: string;
  targetUserId: string;
  parameters: Readonly<Record<string, string>>;
  idempotencyKey: string;
}

export interface PlaybookActionResult {
  /** unknown: the call may or may not have changed the user (a timeout, a crash of the far side). */
  status: 'succeeded' | 'failed' | 'unknown';
  /** One sentence for the report card ("Removed 2 licences."); never a secret. */
  summary: string;
  /** Stable error code when not succeeded (e.g. SESSION.NOT_ACTIVE, ACCESS.NOT_IN_SCOPE). */
  code?: string;
}

export interface PlaybookActionPort {
  /** Never throws for a refusal or a Graph failure: those are results. A throw is recorded as unknown. */
  run(request: PlaybookActionRequest): Promise<PlaybookActionResult>;
}

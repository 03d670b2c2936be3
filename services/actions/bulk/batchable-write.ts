/**
 * What an action module declares to run in bulk over Graph JSON batching: the one request it
 * makes per user, and (when the effect can be read back) how to tell that it is in effect. The
 * bulk runner needs nothing else from the action; an action without `batch` cannot run in bulk.
 */
import type { GraphBatchRequest } from '../../ports/graph-batch.port';

export interface BatchableWrite {
  /** The write for one user, e.g. PATCH /users/{id} { accountEnabled: false }. Counted as one identity write. */
  request(userId: string): Omit<GraphBatchRequest, 'id'>;
  /**
   * How to read the effect back (GET /users/{id}?$select=…): used for an item whose write was
   * in flight when the process died or whose batch failed as a whole, so it is re-sent only if
   * the change is not in effect. Absent (revoke sessions: the effect cannot be read), such an
   * item is settled "outcome unknown" and never re-sent.
   */
  inEffect?: {
    select: string;
    check(user: Readonly<Record<string, unknown>>): boolean;
  };
}

/** PATCH /users/{id} { accountEnabled }: block and unblock sign-in. */
export function accountEnabledWrite(accountEnabled: boolean): BatchableWrite {
  return {
    request: (userId) => ({ method: 'PATCH', url: `/users/${encodeURIComponent(userId)}`, body: { accountEnabled } }),
    inEffect: { select: 'id,accountEnabled', check: (user) => user['accountEnabled'] === accountEnabled },
  };
}

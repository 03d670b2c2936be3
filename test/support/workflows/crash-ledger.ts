/**
 * The ledger the workflow crash child writes (test/support/workflows/workflow-crash-child.ts):
 * one JSON line per call, applied change, read-back, notice and kill point, appended
 * synchronously so what was written before a SIGKILL is on disk after it.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { Actor } from '../../../services/access/actor';
import type { WorkflowUser } from '../../../services/workflows/workflow-run.types';

export const CRASH_TENANT = '11111111-aaaa-4aaa-8aaa-000000000001';
export const CRASH_REQUESTER: Actor = { tenantId: CRASH_TENANT, userId: 'u-ada', upn: 'ada@contoso.com', displayName: 'Ada Admin' };
export const CRASH_TARGET: WorkflowUser = { userId: 't-sam', upn: 'sam@contoso.com', displayName: 'Sam Sales' };

export interface LedgerLine {
  type: 'call' | 'applied' | 'verify' | 'blocked' | 'notice';
  pid: number;
  key: string;
  actionId?: string;
  userId?: string;
}

export function readLedger(path: string): LedgerLine[] {
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as LedgerLine);
}

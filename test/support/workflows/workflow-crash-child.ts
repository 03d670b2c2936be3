/**
 * A process that runs workflows on a SQLite file, for the SIGKILL test
 * (test/unit/workflows/workflow-crash.test.ts). Its action port is a fake tenant that writes
 * every call, every applied change and every read-back to a ledger (JSON lines, appended
 * synchronously, so a line written before the kill is on disk after it); the ledger is also the
 * tenant's state, which the next process's `verify` reads.
 *
 * Environment:
 * - WF_DATABASE_PATH, WF_LEDGER_PATH (required);
 * - WF_MODE: `start` starts the compromised-account workflow on Sam and runs it; `resume` is the
 *   next process: resumeAll, wait for the runs, print `{"done":true}` and exit;
 * - WF_KILL_POINT (start only): `action:<actionId>` — the action is applied, then the call never
 *   returns; `audit:<stepId>` — the step's result is stored, then appending its audit record
 *   never returns. Either way a `{"type":"blocked"}` line is written and the parent kills us;
 * - WF_VERIFIABLE: comma-separated action ids whose effect `verify` can read back.
 * Prints `{"runId": …}` once the run is stored.
 */
import { appendFileSync } from 'node:fs';
import { SqliteAuditRecordRepository } from '../../../services/adapters/sqlite/audit-record.sqlite';
import { openDatabase } from '../../../services/adapters/sqlite/database';
import { SqliteWorkflowRunRepository } from '../../../services/adapters/sqlite/workflow-run.sqlite';
import { AuditLogService } from '../../../services/audit/audit-log.service';
import type { AuditEntry, AuditRecord, AuditWriter } from '../../../services/ports/audit-log.port';
import { systemClock } from '../../../services/ports/clock.port';
import type { WorkflowActionPort, WorkflowActionRequest, WorkflowActionResult } from '../../../services/workflows/workflow-action.port';
import type { WorkflowApprovalDesk } from '../../../services/workflows/workflow-approvals';
import { WorkflowCatalog } from '../../../services/workflows/workflow-catalog';
import type { WorkflowDirectory } from '../../../services/workflows/workflow-directory.port';
import type { WorkflowNoticePort } from '../../../services/workflows/workflow-notice.port';
import { WorkflowRunService } from '../../../services/workflows/workflow-run.service';
import { CRASH_REQUESTER, CRASH_TARGET, readLedger, type LedgerLine } from './crash-ledger';

const env = process.env;
const ledgerPath = env['WF_LEDGER_PATH'] ?? '';
const killPoint = env['WF_KILL_POINT'] ?? '';
const verifiable = new Set((env['WF_VERIFIABLE'] ?? '').split(',').filter(Boolean));
const never = () => new Promise<never>(() => setInterval(() => undefined, 60_000));

function write(line: Omit<LedgerLine, 'pid'>): void {
  appendFileSync(ledgerPath, `${JSON.stringify({ ...line, pid: process.pid })}\n`);
}

function ledger(): LedgerLine[] {
  return readLedger(ledgerPath);
}

const actions: WorkflowActionPort = {
  async run(request: WorkflowActionRequest): Promise<WorkflowActionResult> {
    write({ type: 'call', actionId: request.actionId, key: request.idempotencyKey, userId: request.target.userId });
    write({ type: 'applied', actionId: request.actionId, key: request.idempotencyKey, userId: request.target.userId });
    if (killPoint === `action:${request.actionId}`) {
      write({ type: 'blocked', key: request.idempotencyKey });
      return never();
    }
    return { status: 'succeeded', summary: `${request.actionId} done.`, ...(request.actionId === 'user.resetPassword' ? { shownOnce: { label: 'Temporary password' } } : {}) };
  },
  async verify(request: WorkflowActionRequest): Promise<WorkflowActionResult> {
    write({ type: 'verify', actionId: request.actionId, key: request.idempotencyKey });
    if (!verifiable.has(request.actionId)) return { status: 'unknown', summary: 'This change cannot be read back.' };
    const applied = ledger().some((line) => line.type === 'applied' && line.actionId === request.actionId && line.userId === request.target.userId);
    return applied ? { status: 'succeeded', summary: 'The change is in effect (checked after the restart).' } : { status: 'failed', code: 'ACTION.NOT_APPLIED', summary: 'The change did not take effect.' };
  },
};

const notices: WorkflowNoticePort = {
  async send(notice) {
    write({ type: 'notice', key: notice.idempotencyKey });
    return { status: 'sent' };
  },
};

const directory: WorkflowDirectory = {
  findUser: async (_tenantId, idOrUpn) => ([CRASH_TARGET.upn, CRASH_TARGET.userId].includes(idOrUpn.toLowerCase()) ? CRASH_TARGET : undefined),
  getManager: async () => undefined,
  listUsersInDepartment: async () => [],
  findGroupsByName: async () => [],
  listGroupUsers: async () => [],
};

/** The compromised-account workflow has no approval step: an approval request here is a bug. */
const noApprovals: WorkflowApprovalDesk = {
  create: async () => {
    throw new Error('no approvals in the crash test');
  },
  get: async () => undefined,
  listPending: async () => [],
  decide: async () => {
    throw new Error('no approvals in the crash test');
  },
  cancel: async () => undefined,
  expireDue: async () => [],
};

/** The audit log, with a kill point before a step's record is appended. */
function auditWithKillPoint(audit: AuditWriter): AuditWriter {
  return {
    async append(entry: AuditEntry): Promise<AuditRecord> {
      if (killPoint === `audit:${String(entry.details?.['stepId'] ?? '')}` && entry.action === 'workflow.step') {
        write({ type: 'blocked', key: `audit:${String(entry.details?.['stepId'])}` });
        return never();
      }
      return audit.append(entry);
    },
  };
}

async function main(): Promise<void> {
  const databasePath = env['WF_DATABASE_PATH'];
  if (!databasePath || !ledgerPath) throw new Error('WF_DATABASE_PATH and WF_LEDGER_PATH are required');
  const db = openDatabase(databasePath);
  const audit = new AuditLogService(new SqliteAuditRecordRepository(db), systemClock);
  const service = new WorkflowRunService({
    catalog: new WorkflowCatalog(),
    runs: new SqliteWorkflowRunRepository(db),
    actions,
    notices,
    directory,
    approvals: noApprovals,
    guard: { authorizeStart: async () => undefined, isTenantAdmin: async () => true },
    audit: auditWithKillPoint(audit),
    clock: systemClock,
  });
  if (env['WF_MODE'] === 'resume') {
    await service.resumeAll();
    await service.drain();
    db.close();
    process.stdout.write(`${JSON.stringify({ done: true })}\n`);
    return;
  }
  const run = await service.start(CRASH_REQUESTER, 'compromised-account', CRASH_TARGET.upn, {});
  process.stdout.write(`${JSON.stringify({ runId: run.id })}\n`);
  await service.drain();
  process.stdout.write(`${JSON.stringify({ done: true, unexpected: 'the kill point was never reached' })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`workflow crash child failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});

/**
 * Issue 14, "Workflow crash: a workflow killed (SIGKILL) between two steps resumes after restart
 * from the last finished step and repeats none (checked against the tenant's state and the audit)."
 *
 * The workflow runs in a child process (test/support/workflows/workflow-crash-child.ts) on a
 * SQLite file, with a fake tenant whose every call goes to a ledger on disk. The child is killed
 * with a real SIGKILL at a kill point (no close(), no shutdown hook); a second child on the same
 * file resumes. The ledger says what the tenant saw; the database says what the run recorded.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { SqliteAuditRecordRepository } from '../../../services/adapters/sqlite/audit-record.sqlite';
import { openDatabase } from '../../../services/adapters/sqlite/database';
import { AuditLogService } from '../../../services/audit/audit-log.service';
import { systemClock } from '../../../services/ports/clock.port';
import { CRASH_TENANT, readLedger, type LedgerLine } from '../../support/workflows/crash-ledger';

const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
const CHILD = path.join(REPO_ROOT, 'test', 'support', 'workflows', 'workflow-crash-child.ts');

interface Child {
  process: ChildProcess;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stdout: () => string;
  stderr: () => string;
}

function startChild(env: Record<string, string>, children: ChildProcess[]): Child {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD], { cwd: REPO_ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return { process: child, exited, stdout: () => stdout, stderr: () => stderr };
}

async function until(check: () => boolean, what: string, child: Child, timeoutInMs = 45_000): Promise<void> {
  const deadline = Date.now() + timeoutInMs;
  while (!check()) {
    if (child.process.exitCode !== null) throw new Error(`the child exited before ${what}; stderr: ${child.stderr().slice(-2000)}`);
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; stderr: ${child.stderr().slice(-2000)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function killHard(child: Child): Promise<NodeJS.Signals | null> {
  if (child.process.exitCode !== null || child.process.signalCode !== null) return child.process.signalCode;
  child.process.kill('SIGKILL');
  return (await child.exited).signal;
}

interface StepRow {
  step_id: string;
  status: string;
  reconciled: number;
  audited: number;
  claim_id: string | null;
}

function readState(databasePath: string): { run: { state: string; end_audited: number }; steps: StepRow[]; audit: Array<{ action: string; stepId?: string; status?: string; endedAs?: string; reconciled?: boolean }> } {
  const db = new Database(databasePath, { readonly: true, fileMustExist: true });
  try {
    const run = db.prepare('SELECT state, end_audited FROM workflow_runs').get() as { state: string; end_audited: number };
    const steps = db.prepare('SELECT step_id, status, reconciled, audited, claim_id FROM workflow_run_steps ORDER BY position').all() as StepRow[];
    const audit = (db.prepare('SELECT action, details_json FROM audit_records WHERE tenant_id = ? ORDER BY sequence').all(CRASH_TENANT) as Array<{ action: string; details_json: string }>).map((row) => ({
      action: row.action,
      ...(JSON.parse(row.details_json) as { stepId?: string; status?: string; endedAs?: string; reconciled?: boolean }),
    }));
    return { run, steps, audit };
  } finally {
    db.close();
  }
}

/** Whether the tenant's hash chain is intact after two processes wrote to it. */
async function auditChainIntact(databasePath: string): Promise<boolean> {
  const db = openDatabase(databasePath);
  try {
    return (await new AuditLogService(new SqliteAuditRecordRepository(db), systemClock).verify(CRASH_TENANT)).ok;
  } finally {
    db.close();
  }
}

function callsPerAction(lines: readonly LedgerLine[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const line of lines) if (line.type === 'call' && line.actionId) counts[line.actionId] = (counts[line.actionId] ?? 0) + 1;
  return counts;
}

describe('a workflow killed with SIGKILL between two steps', () => {
  let dir: string;
  let databasePath: string;
  let ledgerPath: string;
  const children: ChildProcess[] = [];

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'msb-workflow-crash-'));
    databasePath = path.join(dir, 'bot.sqlite');
    ledgerPath = path.join(dir, 'tenant-ledger.jsonl');
  });

  afterEach(async () => {
    for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  /** Runs the compromised-account workflow until the kill point, SIGKILLs it, then resumes it in a fresh process. */
  async function crashAndResume(killPoint: string, verifiable: string): Promise<{ atKill: ReturnType<typeof readState>; pids: { first: number; second: number } }> {
    const base = { WF_DATABASE_PATH: databasePath, WF_LEDGER_PATH: ledgerPath, WF_VERIFIABLE: verifiable };
    const first = startChild({ ...base, WF_MODE: 'start', WF_KILL_POINT: killPoint }, children);
    await until(() => readLedger(ledgerPath).some((line) => line.type === 'blocked'), `the kill point ${killPoint}`, first);
    expect(await killHard(first)).toBe('SIGKILL');
    const atKill = readState(databasePath);

    const second = startChild({ ...base, WF_MODE: 'resume' }, children);
    let timer: NodeJS.Timeout | undefined;
    const { code } = await Promise.race([
      second.exited,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`the resuming child did not finish; stderr: ${second.stderr().slice(-2000)}`)), 60_000);
      }),
    ]).finally(() => clearTimeout(timer));
    expect({ code, stderr: second.stderr() }).toEqual({ code: 0, stderr: '' });
    expect(second.stdout()).toContain('"done":true');
    return { atKill, pids: { first: first.process.pid!, second: second.process.pid! } };
  }

  it('when it is killed after an action took effect but before the run recorded it, then the restart reads the change back, goes on from there, and calls no action twice', async () => {
    const { atKill, pids } = await crashAndResume('action:user.revokeSessions', 'user.blockSignIn,user.revokeSessions');

    // At the kill: block sign-in finished, revoke sessions claimed (running), the rest untouched.
    expect(atKill.run.state).toBe('running');
    expect(atKill.steps.map((step) => [step.step_id, step.status])).toEqual([
      ['blockSignIn', 'succeeded'],
      ['revokeSessions', 'running'],
      ['resetPassword', 'pending'],
      ['tellAdmins', 'pending'],
    ]);
    expect(atKill.steps[1]!.claim_id).toEqual(expect.any(String));

    const after = readState(databasePath);
    expect(after.run).toEqual({ state: 'succeeded', end_audited: 1 });
    expect(after.steps.map((step) => [step.step_id, step.status, step.reconciled])).toEqual([
      ['blockSignIn', 'succeeded', 0],
      ['revokeSessions', 'succeeded', 1],
      ['resetPassword', 'succeeded', 0],
      ['tellAdmins', 'succeeded', 0],
    ]);

    // The tenant: every action once; only the interrupted one was read back, by the new process.
    const lines = readLedger(ledgerPath);
    expect(callsPerAction(lines)).toEqual({ 'user.blockSignIn': 1, 'user.revokeSessions': 1, 'user.resetPassword': 1 });
    expect(lines.filter((line) => line.type === 'verify').map((line) => [line.actionId, line.pid])).toEqual([['user.revokeSessions', pids.second]]);
    expect(lines.filter((line) => line.type === 'call').map((line) => [line.actionId, line.pid])).toEqual([
      ['user.blockSignIn', pids.first],
      ['user.revokeSessions', pids.first],
      ['user.resetPassword', pids.second],
    ]);
    expect(lines.filter((line) => line.type === 'notice')).toHaveLength(1);

    // The audit: one record per step, the start and the end once each.
    expect(after.audit.map((record) => [record.action, record.stepId ?? '', record.status ?? record.endedAs ?? ''])).toEqual([
      ['workflow.run.start', '', ''],
      ['workflow.step', 'blockSignIn', 'succeeded'],
      ['workflow.step', 'revokeSessions', 'succeeded'],
      ['workflow.step', 'resetPassword', 'succeeded'],
      ['workflow.step', 'tellAdmins', 'succeeded'],
      ['workflow.run.end', '', 'succeeded'],
    ]);
    expect(after.audit[2]).toMatchObject({ reconciled: true });
    expect(await auditChainIntact(databasePath)).toBe(true);
  }, 150_000);

  it('when the interrupted action cannot be read back, then the restart reports its outcome unknown and does not run it again', async () => {
    await crashAndResume('action:user.revokeSessions', 'user.blockSignIn');

    const after = readState(databasePath);
    // Compromised account tries every remediation (onFailure: continue), so the run goes on, and says it isn't a full success.
    expect(after.run.state).toBe('completed-with-failures');
    expect(after.steps.map((step) => [step.step_id, step.status])).toEqual([
      ['blockSignIn', 'succeeded'],
      ['revokeSessions', 'unknown'],
      ['resetPassword', 'succeeded'],
      ['tellAdmins', 'succeeded'],
    ]);
    expect(callsPerAction(readLedger(ledgerPath))).toEqual({ 'user.blockSignIn': 1, 'user.revokeSessions': 1, 'user.resetPassword': 1 });
    expect(after.audit.filter((record) => record.action === 'workflow.step').map((record) => [record.stepId, record.status])).toEqual([
      ['blockSignIn', 'succeeded'],
      ['revokeSessions', 'unknown'],
      ['resetPassword', 'succeeded'],
      ['tellAdmins', 'succeeded'],
    ]);
  }, 150_000);

  it('when it is killed after a step was stored but before its audit record, then the restart writes that record once and runs the next step', async () => {
    const { atKill } = await crashAndResume('audit:blockSignIn', 'user.blockSignIn');

    expect(atKill.steps.map((step) => [step.step_id, step.status, step.audited])).toEqual([
      ['blockSignIn', 'succeeded', 0],
      ['revokeSessions', 'pending', 1],
      ['resetPassword', 'pending', 1],
      ['tellAdmins', 'pending', 1],
    ]);
    const after = readState(databasePath);
    expect(after.run.state).toBe('succeeded');
    expect(callsPerAction(readLedger(ledgerPath))).toEqual({ 'user.blockSignIn': 1, 'user.revokeSessions': 1, 'user.resetPassword': 1 });
    expect(readLedger(ledgerPath).filter((line) => line.type === 'verify')).toEqual([]);
    expect(after.audit.filter((record) => record.action === 'workflow.step').map((record) => record.stepId)).toEqual(['blockSignIn', 'revokeSessions', 'resetPassword', 'tellAdmins']);
  }, 150_000);
});

/**
 * Playbook settings, schedules, slots and runs in SQLite (area 'playbooks'). A partial unique
 * index keeps at most one unfinished run per tenant and playbook, whatever the callers do; every
 * state change is a conditional UPDATE in one transaction with the follow-ups it owes.
 */
import type { Person } from '../../access/actor';
import type { DirectoryQuery, FindingFacts } from '../../ports/playbook-directory.port';
import type {
  NewPlaybookRun,
  PlaybookRepository,
  PolicyTransition,
  RemediationOutcome,
  RunFollowUp,
  RunOutboxItem,
} from '../../playbooks/playbook.repository.port';
import type {
  PlaybookFinding,
  PlaybookRun,
  PlaybookRunState,
  PlaybookSchedule,
  PolicyMode,
  PolicyRemediation,
  PolicyRun,
  PolicyRunState,
  PolicySetting,
  RemediationState,
} from '../../playbooks/playbook.types';
import { migrate, type SqliteDatabase } from './database';

const MIGRATIONS: readonly string[] = [
  `CREATE TABLE playbook_policy_settings (
     tenant_id TEXT NOT NULL,
     playbook_id TEXT NOT NULL,
     policy_id TEXT NOT NULL,
     mode TEXT NOT NULL CHECK (mode IN ('alert', 'attestation', 'action')),
     approver_json TEXT,
     attestation_expires_in_hours INTEGER,
     set_by_json TEXT NOT NULL,
     set_at TEXT NOT NULL,
     PRIMARY KEY (tenant_id, playbook_id, policy_id)
   );
   CREATE TABLE playbook_schedules (
     tenant_id TEXT NOT NULL,
     playbook_id TEXT NOT NULL,
     cron TEXT NOT NULL,
     time_zone TEXT NOT NULL,
     set_by_json TEXT NOT NULL,
     set_at TEXT NOT NULL,
     armed_at TEXT NOT NULL,
     PRIMARY KEY (tenant_id, playbook_id)
   );
   CREATE TABLE playbook_slots (
     tenant_id TEXT NOT NULL,
     playbook_id TEXT NOT NULL,
     slot_key TEXT NOT NULL,
     claimed_at TEXT NOT NULL,
     outcome TEXT,
     run_id TEXT,
     PRIMARY KEY (tenant_id, playbook_id, slot_key)
   );
   CREATE TABLE playbook_runs (
     id TEXT PRIMARY KEY,
     tenant_id TEXT NOT NULL,
     playbook_id TEXT NOT NULL,
     playbook_name TEXT NOT NULL,
     trigger_kind TEXT NOT NULL CHECK (trigger_kind IN ('manual', 'schedule')),
     slot_key TEXT,
     requested_by_json TEXT NOT NULL,
     correlation_id TEXT NOT NULL,
     started_at TEXT NOT NULL,
     finished_at TEXT,
     state TEXT NOT NULL CHECK (state IN ('running', 'awaiting-attestation', 'completed', 'failed'))
   );
   CREATE UNIQUE INDEX playbook_runs_one_unfinished ON playbook_runs (tenant_id, playbook_id) WHERE state IN ('running', 'awaiting-attestation');
   CREATE INDEX playbook_runs_by_playbook ON playbook_runs (tenant_id, playbook_id, started_at);
   CREATE TABLE playbook_policy_runs (
     run_id TEXT NOT NULL REFERENCES playbook_runs (id) ON DELETE CASCADE,
     policy_id TEXT NOT NULL,
     policy_name TEXT NOT NULL,
     position INTEGER NOT NULL,
     query_json TEXT NOT NULL,
     mode TEXT NOT NULL CHECK (mode IN ('alert', 'attestation', 'action')),
     remediation_json TEXT,
     approver_json TEXT,
     attestation_expires_in_ms INTEGER NOT NULL,
     state TEXT NOT NULL CHECK (state IN ('pending', 'requesting-approval', 'awaiting-approval', 'remediating', 'done', 'unavailable', 'not-attested', 'failed')),
     code TEXT,
     reason TEXT,
     approval_request_id TEXT,
     decided_by_json TEXT,
     finding_count INTEGER NOT NULL DEFAULT 0,
     PRIMARY KEY (run_id, policy_id)
   );
   CREATE TABLE playbook_findings (
     run_id TEXT NOT NULL,
     policy_id TEXT NOT NULL,
     user_id TEXT NOT NULL,
     upn TEXT NOT NULL,
     display_name TEXT NOT NULL,
     facts_json TEXT NOT NULL,
     position INTEGER NOT NULL,
     remediation TEXT NOT NULL CHECK (remediation IN ('none', 'pending', 'running', 'succeeded', 'failed', 'unknown', 'skipped')),
     code TEXT,
     summary TEXT,
     PRIMARY KEY (run_id, policy_id, user_id),
     FOREIGN KEY (run_id, policy_id) REFERENCES playbook_policy_runs (run_id, policy_id) ON DELETE CASCADE
   );
   CREATE INDEX playbook_findings_by_state ON playbook_findings (run_id, policy_id, remediation, position);
   CREATE TABLE playbook_run_outbox (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     run_id TEXT NOT NULL REFERENCES playbook_runs (id) ON DELETE CASCADE,
     follow_up_json TEXT NOT NULL
   );
   CREATE INDEX playbook_run_outbox_by_run ON playbook_run_outbox (run_id, id);`,
];

interface SettingRow {
  tenant_id: string;
  playbook_id: string;
  policy_id: string;
  mode: PolicyMode;
  approver_json: string | null;
  attestation_expires_in_hours: number | null;
  set_by_json: string;
  set_at: string;
}

interface ScheduleRow {
  tenant_id: string;
  playbook_id: string;
  cron: string;
  time_zone: string;
  set_by_json: string;
  set_at: string;
  armed_at: string;
}

interface RunRow {
  id: string;
  tenant_id: string;
  playbook_id: string;
  playbook_name: string;
  trigger_kind: 'manual' | 'schedule';
  slot_key: string | null;
  requested_by_json: string;
  correlation_id: string;
  started_at: string;
  finished_at: string | null;
  state: PlaybookRunState;
}

interface PolicyRunRow {
  run_id: string;
  policy_id: string;
  policy_name: string;
  position: number;
  query_json: string;
  mode: PolicyMode;
  remediation_json: string | null;
  approver_json: string | null;
  attestation_expires_in_ms: number;
  state: PolicyRunState;
  code: string | null;
  reason: string | null;
  approval_request_id: string | null;
  decided_by_json: string | null;
  finding_count: number;
}

interface FindingRow {
  run_id: string;
  policy_id: string;
  user_id: string;
  upn: string;
  display_name: string;
  facts_json: string;
  remediation: RemediationState;
  code: string | null;
  summary: string | null;
}

const UNFINISHED = `state IN ('running', 'awaiting-attestation')`;

export class SqlitePlaybookRepository implements PlaybookRepository {
  constructor(private readonly db: SqliteDatabase) {
    migrate(db, 'playbooks', MIGRATIONS);
  }

  // ---- settings and schedules ------------------------------------------------------------

  getPolicySetting(tenantId: string, playbookId: string, policyId: string): PolicySetting | undefined {
    const row = this.db.prepare('SELECT * FROM playbook_policy_settings WHERE tenant_id = ? AND playbook_id = ? AND policy_id = ?').get(tenantId, playbookId, policyId) as SettingRow | undefined;
    return row ? toSetting(row) : undefined;
  }

  listPolicySettings(tenantId: string, playbookId: string): PolicySetting[] {
    const rows = this.db.prepare('SELECT * FROM playbook_policy_settings WHERE tenant_id = ? AND playbook_id = ? ORDER BY policy_id').all(tenantId, playbookId) as SettingRow[];
    return rows.map(toSetting);
  }

  setPolicySetting(setting: PolicySetting): void {
    this.db
      .prepare(
        `INSERT INTO playbook_policy_settings (tenant_id, playbook_id, policy_id, mode, approver_json, attestation_expires_in_hours, set_by_json, set_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (tenant_id, playbook_id, policy_id) DO UPDATE SET mode = excluded.mode, approver_json = excluded.approver_json,
           attestation_expires_in_hours = excluded.attestation_expires_in_hours, set_by_json = excluded.set_by_json, set_at = excluded.set_at`,
      )
      .run(setting.tenantId, setting.playbookId, setting.policyId, setting.mode, json(setting.approver), setting.attestationExpiresInHours ?? null, JSON.stringify(setting.setBy), setting.setAt);
  }

  getSchedule(tenantId: string, playbookId: string): PlaybookSchedule | undefined {
    const row = this.db.prepare('SELECT * FROM playbook_schedules WHERE tenant_id = ? AND playbook_id = ?').get(tenantId, playbookId) as ScheduleRow | undefined;
    return row ? toSchedule(row) : undefined;
  }

  listSchedules(): PlaybookSchedule[] {
    return (this.db.prepare('SELECT * FROM playbook_schedules ORDER BY tenant_id, playbook_id').all() as ScheduleRow[]).map(toSchedule);
  }

  setSchedule(schedule: PlaybookSchedule): void {
    this.db
      .prepare(
        `INSERT INTO playbook_schedules (tenant_id, playbook_id, cron, time_zone, set_by_json, set_at, armed_at) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (tenant_id, playbook_id) DO UPDATE SET cron = excluded.cron, time_zone = excluded.time_zone, set_by_json = excluded.set_by_json,
           set_at = excluded.set_at, armed_at = excluded.armed_at`,
      )
      .run(schedule.tenantId, schedule.playbookId, schedule.cron, schedule.timeZone, JSON.stringify(schedule.setBy), schedule.setAt, schedule.armedAt);
  }

  deleteSchedule(tenantId: string, playbookId: string): boolean {
    return this.db.prepare('DELETE FROM playbook_schedules WHERE tenant_id = ? AND playbook_id = ?').run(tenantId, playbookId).changes === 1;
  }

  claimSlot(tenantId: string, playbookId: string, slotKey: string, claimedAt: string): boolean {
    return this.db.prepare('INSERT OR IGNORE INTO playbook_slots (tenant_id, playbook_id, slot_key, claimed_at) VALUES (?, ?, ?, ?)').run(tenantId, playbookId, slotKey, claimedAt).changes === 1;
  }

  completeSlot(tenantId: string, playbookId: string, slotKey: string, outcome: string, runId?: string): void {
    this.db.prepare('UPDATE playbook_slots SET outcome = ?, run_id = ? WHERE tenant_id = ? AND playbook_id = ? AND slot_key = ?').run(outcome, runId ?? null, tenantId, playbookId, slotKey);
  }

  lastSlot(tenantId: string, playbookId: string): string | undefined {
    const row = this.db.prepare('SELECT slot_key FROM playbook_slots WHERE tenant_id = ? AND playbook_id = ? ORDER BY slot_key DESC LIMIT 1').get(tenantId, playbookId) as { slot_key: string } | undefined;
    return row?.slot_key;
  }

  // ---- runs -------------------------------------------------------------------------------

  createRun(run: NewPlaybookRun, followUps: readonly RunFollowUp[]): { status: 'created' } | { status: 'busy'; activeRunId: string } {
    const insertRun = this.db.prepare(
      `INSERT INTO playbook_runs (id, tenant_id, playbook_id, playbook_name, trigger_kind, slot_key, requested_by_json, correlation_id, started_at, state)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'running')`,
    );
    const insertPolicy = this.db.prepare(
      `INSERT INTO playbook_policy_runs (run_id, policy_id, policy_name, position, query_json, mode, remediation_json, approver_json, attestation_expires_in_ms, state)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending')`,
    );
    return this.db.transaction((): { status: 'created' } | { status: 'busy'; activeRunId: string } => {
      const active = this.db.prepare(`SELECT id FROM playbook_runs WHERE tenant_id = ? AND playbook_id = ? AND ${UNFINISHED}`).get(run.tenantId, run.playbookId) as { id: string } | undefined;
      if (active) return { status: 'busy', activeRunId: active.id };
      insertRun.run(run.id, run.tenantId, run.playbookId, run.playbookName, run.trigger.kind, run.trigger.kind === 'schedule' ? run.trigger.slot : null, JSON.stringify(run.requestedBy), run.correlationId, run.startedAt);
      for (const policy of run.policies) {
        insertPolicy.run(run.id, policy.policyId, policy.policyName, policy.position, JSON.stringify(policy.query), policy.mode, json(policy.remediation), json(policy.approver), policy.attestationExpiresInMs);
      }
      this.enqueue(run.id, followUps);
      return { status: 'created' };
    })();
  }

  getRun(tenantId: string, runId: string): PlaybookRun | undefined {
    const row = this.db.prepare('SELECT * FROM playbook_runs WHERE id = ? AND tenant_id = ?').get(runId, tenantId) as RunRow | undefined;
    return row ? this.toRun(row) : undefined;
  }

  listRuns(tenantId: string, options: { playbookId?: string; limit: number }): PlaybookRun[] {
    const rows = options.playbookId
      ? (this.db.prepare('SELECT * FROM playbook_runs WHERE tenant_id = ? AND playbook_id = ? ORDER BY started_at DESC, rowid DESC LIMIT ?').all(tenantId, options.playbookId, options.limit) as RunRow[])
      : (this.db.prepare('SELECT * FROM playbook_runs WHERE tenant_id = ? ORDER BY started_at DESC, rowid DESC LIMIT ?').all(tenantId, options.limit) as RunRow[]);
    return rows.map((row) => this.toRun(row));
  }

  listRunsNeedingWork(): Array<{ tenantId: string; runId: string }> {
    const rows = this.db
      .prepare(
        `SELECT tenant_id, id FROM playbook_runs WHERE ${UNFINISHED}
         UNION SELECT r.tenant_id, r.id FROM playbook_runs r WHERE EXISTS (SELECT 1 FROM playbook_run_outbox o WHERE o.run_id = r.id)
         ORDER BY 1, 2`,
      )
      .all() as Array<{ tenant_id: string; id: string }>;
    return rows.map((row) => ({ tenantId: row.tenant_id, runId: row.id }));
  }

  transitionPolicy(runId: string, policyId: string, transition: PolicyTransition): boolean {
    const states = transition.from.map(() => '?').join(', ');
    return this.db.transaction((): boolean => {
      const sets = ['state = ?'];
      const values: unknown[] = [transition.to];
      const optional: Array<[string, unknown]> = [
        ['code', transition.code],
        ['reason', transition.reason],
        ['approval_request_id', transition.approvalRequestId],
        ['decided_by_json', transition.decidedBy ? JSON.stringify(transition.decidedBy) : undefined],
        ['finding_count', transition.findings?.items.length],
      ];
      for (const [column, value] of optional) {
        if (value === undefined) continue;
        sets.push(`${column} = ?`);
        values.push(value);
      }
      const changed = this.db.prepare(`UPDATE playbook_policy_runs SET ${sets.join(', ')} WHERE run_id = ? AND policy_id = ? AND state IN (${states})`).run(...values, runId, policyId, ...transition.from).changes;
      if (changed !== 1) return false;
      if (transition.findings) {
        const insert = this.db.prepare(`INSERT OR IGNORE INTO playbook_findings (run_id, policy_id, user_id, upn, display_name, facts_json, position, remediation) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
        transition.findings.items.forEach((item, position) =>
          insert.run(runId, policyId, item.userId, item.userPrincipalName, item.displayName, JSON.stringify(item.facts), position, transition.findings?.remediation ?? 'none'),
        );
      }
      if (transition.skipPendingWith) {
        this.db
          .prepare(`UPDATE playbook_findings SET remediation = 'skipped', code = ? WHERE run_id = ? AND policy_id = ? AND remediation = 'pending'`)
          .run(transition.skipPendingWith, runId, policyId);
      }
      this.enqueue(runId, transition.followUps ?? []);
      return true;
    })();
  }

  setRunState(runId: string, state: PlaybookRunState, at: string, followUps: readonly RunFollowUp[] = []): boolean {
    const finished = state === 'completed' || state === 'failed';
    return this.db.transaction((): boolean => {
      const changed = this.db.prepare(`UPDATE playbook_runs SET state = ?, finished_at = ? WHERE id = ? AND ${UNFINISHED}`).run(state, finished ? at : null, runId).changes;
      if (changed !== 1) return false;
      this.enqueue(runId, followUps);
      return true;
    })();
  }

  listFindings(runId: string, policyId: string, remediation?: readonly RemediationState[]): PlaybookFinding[] {
    const filter = remediation && remediation.length > 0 ? ` AND remediation IN (${remediation.map(() => '?').join(', ')})` : '';
    const rows = this.db.prepare(`SELECT * FROM playbook_findings WHERE run_id = ? AND policy_id = ?${filter} ORDER BY position`).all(runId, policyId, ...(remediation ?? [])) as FindingRow[];
    return rows.map(toFinding);
  }

  startRemediation(runId: string, policyId: string, userId: string): boolean {
    return this.db.prepare(`UPDATE playbook_findings SET remediation = 'running' WHERE run_id = ? AND policy_id = ? AND user_id = ? AND remediation = 'pending'`).run(runId, policyId, userId).changes === 1;
  }

  settleRemediation(runId: string, policyId: string, userId: string, outcome: RemediationOutcome, followUps: readonly RunFollowUp[]): void {
    this.db.transaction(() => {
      const changed = this.db
        .prepare(`UPDATE playbook_findings SET remediation = ?, code = ?, summary = ? WHERE run_id = ? AND policy_id = ? AND user_id = ? AND remediation IN ('pending', 'running')`)
        .run(outcome.state, outcome.code ?? null, outcome.summary, runId, policyId, userId).changes;
      if (changed === 1) this.enqueue(runId, followUps);
    })();
  }

  listOutbox(runId: string): RunOutboxItem[] {
    const rows = this.db.prepare('SELECT id, run_id, follow_up_json FROM playbook_run_outbox WHERE run_id = ? ORDER BY id').all(runId) as Array<{ id: number; run_id: string; follow_up_json: string }>;
    return rows.map((row) => ({ id: row.id, runId: row.run_id, followUp: JSON.parse(row.follow_up_json) as RunFollowUp }));
  }

  completeOutbox(id: number): void {
    this.db.prepare('DELETE FROM playbook_run_outbox WHERE id = ?').run(id);
  }

  private enqueue(runId: string, followUps: readonly RunFollowUp[]): void {
    const insert = this.db.prepare('INSERT INTO playbook_run_outbox (run_id, follow_up_json) VALUES (?, ?)');
    for (const followUp of followUps) insert.run(runId, JSON.stringify(followUp));
  }

  private toRun(row: RunRow): PlaybookRun {
    const policies = (this.db.prepare('SELECT * FROM playbook_policy_runs WHERE run_id = ? ORDER BY position').all(row.id) as PolicyRunRow[]).map(toPolicyRun);
    return {
      id: row.id,
      tenantId: row.tenant_id,
      playbookId: row.playbook_id,
      playbookName: row.playbook_name,
      trigger: row.trigger_kind === 'schedule' ? { kind: 'schedule', slot: row.slot_key ?? '' } : { kind: 'manual' },
      requestedBy: JSON.parse(row.requested_by_json) as Person,
      correlationId: row.correlation_id,
      startedAt: row.started_at,
      ...(row.finished_at ? { finishedAt: row.finished_at } : {}),
      state: row.state,
      policies,
    };
  }
}

function json(value: unknown): string | null {
  return value === undefined ? null : JSON.stringify(value);
}

function toSetting(row: SettingRow): PolicySetting {
  return {
    tenantId: row.tenant_id,
    playbookId: row.playbook_id,
    policyId: row.policy_id,
    mode: row.mode,
    ...(row.approver_json ? { approver: JSON.parse(row.approver_json) as Person } : {}),
    ...(row.attestation_expires_in_hours !== null ? { attestationExpiresInHours: row.attestation_expires_in_hours } : {}),
    setBy: JSON.parse(row.set_by_json) as Person,
    setAt: row.set_at,
  };
}

function toSchedule(row: ScheduleRow): PlaybookSchedule {
  return {
    tenantId: row.tenant_id,
    playbookId: row.playbook_id,
    cron: row.cron,
    timeZone: row.time_zone,
    setBy: JSON.parse(row.set_by_json) as Person,
    setAt: row.set_at,
    armedAt: row.armed_at,
  };
}

function toPolicyRun(row: PolicyRunRow): PolicyRun {
  return {
    runId: row.run_id,
    policyId: row.policy_id,
    policyName: row.policy_name,
    position: row.position,
    query: JSON.parse(row.query_json) as DirectoryQuery,
    mode: row.mode,
    ...(row.remediation_json ? { remediation: JSON.parse(row.remediation_json) as PolicyRemediation } : {}),
    ...(row.approver_json ? { approver: JSON.parse(row.approver_json) as Person } : {}),
    attestationExpiresInMs: row.attestation_expires_in_ms,
    state: row.state,
    ...(row.code ? { code: row.code } : {}),
    ...(row.reason ? { reason: row.reason } : {}),
    ...(row.approval_request_id ? { approvalRequestId: row.approval_request_id } : {}),
    ...(row.decided_by_json ? { decidedBy: JSON.parse(row.decided_by_json) as Person } : {}),
    findingCount: row.finding_count,
  };
}

function toFinding(row: FindingRow): PlaybookFinding {
  return {
    runId: row.run_id,
    policyId: row.policy_id,
    userId: row.user_id,
    userPrincipalName: row.upn,
    displayName: row.display_name,
    facts: JSON.parse(row.facts_json) as FindingFacts,
    remediation: row.remediation,
    ...(row.code ? { code: row.code } : {}),
    ...(row.summary ? { summary: row.summary } : {}),
  };
}

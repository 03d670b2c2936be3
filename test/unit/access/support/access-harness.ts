/**
 * Wires the access, approvals and audit services the way the composition root will, over a
 * real SQLite file and the in-memory directory. Two harnesses on the same file are two
 * "processes" (separate connections) sharing one directory and clock.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AccessGrantService } from '../../../../services/access/access-grant.service';
import { AuthorizationService } from '../../../../services/access/authorization.service';
import type { PrivilegedRolePolicy } from '../../../../services/access/directory-roles';
import { RoleService, type RoleServiceOptions } from '../../../../services/access/role.service';
import { SqliteAccessGrantRepository } from '../../../../services/adapters/sqlite/access-grant.sqlite';
import { SqliteApprovalRepository } from '../../../../services/adapters/sqlite/approval.sqlite';
import { SqliteAuditRecordRepository } from '../../../../services/adapters/sqlite/audit-record.sqlite';
import { openDatabase, type SqliteDatabase } from '../../../../services/adapters/sqlite/database';
import { ApprovalHandlerRegistry } from '../../../../services/approvals/approval-handler.registry';
import { ApprovalService, type ApprovalServiceOptions } from '../../../../services/approvals/approval.service';
import { AuditLogService } from '../../../../services/audit/audit-log.service';
import { ManualClock } from '../../../../services/ports/clock.port';
import { InMemoryDirectory } from '../../../support/fakes/in-memory-directory';

export interface HarnessOptions {
  dbPath: string;
  directory: InMemoryDirectory;
  clock: ManualClock;
  roleOptions?: RoleServiceOptions;
  approvalOptions?: ApprovalServiceOptions;
  privilegedRolePolicy?: PrivilegedRolePolicy;
  handlers?: ApprovalHandlerRegistry;
}

export interface AccessHarness {
  db: SqliteDatabase;
  directory: InMemoryDirectory;
  clock: ManualClock;
  audit: AuditLogService;
  roles: RoleService;
  authorization: AuthorizationService;
  grants: AccessGrantService;
  grantRepository: SqliteAccessGrantRepository;
  approvals: ApprovalService;
  handlers: ApprovalHandlerRegistry;
  close(): void;
}

export function buildHarness(options: HarnessOptions): AccessHarness {
  const db = openDatabase(options.dbPath);
  const audit = new AuditLogService(new SqliteAuditRecordRepository(db), options.clock);
  const grantRepository = new SqliteAccessGrantRepository(db);
  const roles = new RoleService(options.directory, grantRepository, options.clock, options.roleOptions);
  const authorization = new AuthorizationService(roles, options.directory, audit, { privilegedRolePolicy: options.privilegedRolePolicy });
  const grants = new AccessGrantService(authorization, grantRepository, options.directory, audit, options.clock);
  const handlers = options.handlers ?? new ApprovalHandlerRegistry();
  const approvals = new ApprovalService(new SqliteApprovalRepository(db), handlers, authorization, roles, audit, options.clock, options.approvalOptions);
  return {
    db,
    directory: options.directory,
    clock: options.clock,
    audit,
    roles,
    authorization,
    grants,
    grantRepository,
    approvals,
    handlers,
    close: () => db.close(),
  };
}

/** A fresh directory under the OS temp dir, removed by the returned cleanup. */
export function tempDatabase(): { dbPath: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'msb-access-'));
  return { dbPath: join(dir, 'bot.sqlite'), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

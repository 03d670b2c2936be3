/**
 * The rotation side of ForceResetDialog on in-memory ports: the real RotationRequestsService
 * (pre-flight, preview, the once-only claim) and the real RotationRuns, over a tenant that may
 * have a service account, a claim store that remembers every claimed key, a rotation service
 * that records each run it was asked for, and a notifier that records the follow-ups it posted.
 */
import type { Person } from '../../../../services/access/actor';
import type { AuditEntry, AuditRecord, AuditWriter } from '../../../../services/ports/audit-log.port';
import type { NotificationTarget, Notifier, OutboundCard, SentMessage } from '../../../../services/ports/notifier.port';
import type { ProcessedActivityStore } from '../../../../services/ports/processed-activity.port';
import type { ServiceAccountRecord } from '../../../../services/ports/service-account.repository.port';
import { DEFAULT_TENANT_SETTINGS, type TenantSettings } from '../../../../services/ports/tenant-settings.repository.port';
import { RotationRequestsService } from '../../../../services/rotation/rotation-requests.service';
import type { RotationService } from '../../../../services/rotation/rotation.service';
import type { RotationCondition, RotationResult, RotationTrigger } from '../../../../services/rotation/rotation.types';
import { BackgroundTasks } from '../../../../services/service-account/background-tasks';
import { createLogger } from '../../../../services/logger';
import { RotationRuns } from '../../../../dialogs/rotation/rotation-runs';
import { TEST_TENANT_ID } from '../../../support/dialog-test';
import { NOW } from './fake-sessions';

export const SECRET_NAME = 'mgmt-sa-tenant-contoso';
export const ACCOUNT_UPN = 'mgmt-bot.admin@contoso.test';

export interface RotationRun {
  kind: 'forceReset' | 'rotate';
  tenantId: string;
  by: string;
}

/** A claim store that says yes once per key, like the SQLite one. */
class MemoryClaims implements Pick<ProcessedActivityStore, 'tryClaim'> {
  readonly claimed = new Set<string>();

  async tryClaim(tenantId: string, key: string): Promise<boolean> {
    const id = `${tenantId}\u0000${key}`;
    if (this.claimed.has(id)) return false;
    this.claimed.add(id);
    return true;
  }
}

class MemoryAudit implements AuditWriter {
  readonly entries: AuditEntry[] = [];

  async append(entry: AuditEntry): Promise<AuditRecord> {
    this.entries.push(entry);
    return { ...entry, sequence: this.entries.length, recordedAt: NOW, details: entry.details ?? {}, previousHash: '', hash: `h${this.entries.length}` };
  }
}

/** Records each run it was asked for and answers with a rotated password (never a value). */
class RecordingRotation implements Pick<RotationService, 'rotate' | 'forceReset' | 'condition'> {
  readonly runs: RotationRun[] = [];
  condition_: RotationCondition | undefined;

  condition(): RotationCondition | undefined {
    return this.condition_;
  }

  async forceReset(tenantId: string, actor: Person): Promise<RotationResult> {
    this.runs.push({ kind: 'forceReset', tenantId, by: actor.userId });
    return this.result(tenantId);
  }

  async rotate(tenantId: string, trigger: RotationTrigger): Promise<RotationResult> {
    this.runs.push({ kind: 'rotate', tenantId, by: trigger.actor?.userId ?? 'system' });
    return this.result(tenantId);
  }

  private result(tenantId: string): RotationResult {
    return { rotationId: `rot-${this.runs.length}`, tenantId, newVersion: `v${this.runs.length + 1}`, previousVersion: `v${this.runs.length}`, rotatedAt: NOW, durationInMs: 1200 };
  }
}

class RecordingNotifier implements Pick<Notifier, 'send'> {
  readonly sent: Array<{ target: NotificationTarget; message: OutboundCard }> = [];

  async send(target: NotificationTarget, message: OutboundCard): Promise<SentMessage> {
    this.sent.push({ target, message });
    return { target, conversationId: target.id, activityId: `sent-${this.sent.length}` };
  }
}

export class RotationWorld {
  serviceAccount: ServiceAccountRecord | undefined = {
    tenantId: TEST_TENANT_ID,
    objectId: 'obj-mgmt-bot',
    userPrincipalName: ACCOUNT_UPN,
    displayName: 'Management Bot (service account)',
    roleAssignmentIds: ['ra-1'],
    roleDefinitionIds: ['62e90394-69f5-4237-9190-012177145e10'],
    secretName: SECRET_NAME,
    currentSecretVersion: 'v1',
    createdAt: NOW,
    createdBy: 'u-ada',
  };
  settings: TenantSettings = { ...DEFAULT_TENANT_SETTINGS, tenantId: TEST_TENANT_ID, rotationTimeZone: 'Europe/Amsterdam', updatedAt: NOW };
  readonly claims = new MemoryClaims();
  readonly audit = new MemoryAudit();
  readonly rotation = new RecordingRotation();
  readonly notifier = new RecordingNotifier();
  readonly tasks = new BackgroundTasks(createLogger({ level: 'silent' }));

  readonly requests = new RotationRequestsService({
    serviceAccounts: { get: (tenantId) => (tenantId === this.serviceAccount?.tenantId ? this.serviceAccount : undefined) },
    settings: { get: () => this.settings },
    rotation: this.rotation,
    history: { list: () => [] },
    claims: this.claims,
    audit: this.audit,
  });

  readonly runs = new RotationRuns({ rotation: this.rotation, requests: this.requests, notifier: this.notifier, tasks: this.tasks, logger: createLogger({ level: 'silent' }) });

  lockedOutSince(since: string): void {
    this.rotation.condition_ = { tenantId: TEST_TENANT_ID, kind: 'locked-out', code: 'ROTATION.LOCKED_OUT', since };
  }
}

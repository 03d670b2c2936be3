/**
 * What a rotation asked for by a person (in chat, or later from the tab) needs before and around
 * the run itself, so the bot edge reads no repository: the pre-flight (is there an account, where
 * do its notices go), the force-reset confirmation's facts, a once-only claim per button press,
 * and the audited history. The run itself is RotationService.rotate / forceReset.
 */
import { toPerson, type Actor } from '../access/actor';
import type { AuditWriter } from '../ports/audit-log.port';
import type { ProcessedActivityStore } from '../ports/processed-activity.port';
import type { ServiceAccountRepository } from '../ports/service-account.repository.port';
import type { TenantSettingsRepository } from '../ports/tenant-settings.repository.port';
import type { RotationHistory, RotationHistoryEntry } from './rotation-history';
import type { RotationService } from './rotation.service';

export interface RotationRequestsDependencies {
  serviceAccounts: Pick<ServiceAccountRepository, 'get'>;
  settings: Pick<TenantSettingsRepository, 'get'>;
  rotation: Pick<RotationService, 'condition'>;
  history: Pick<RotationHistory, 'list'>;
  claims: Pick<ProcessedActivityStore, 'tryClaim'>;
  audit: AuditWriter;
}

/** Where a person asked for the rotation. */
export interface RotationOriginConversation {
  id: string;
  /** 'personal' | 'groupChat' | 'channel', as Teams says. */
  type: string | undefined;
}

export interface RotationPreflight {
  accountUpn: string;
  /** The conversation asked in gets the result notices anyway (the admin's personal chat or the admin channel). */
  originGetsNotice: boolean;
  adminChannelRegistered: boolean;
}

export interface ForceResetPreview {
  accountUpn: string;
  secretName: string;
  /** ISO-8601 UTC: since when no password in Key Vault signs in; undefined when the bot saw no failure. */
  lockedOutSince?: string;
  timeZone: string;
}

export interface RotationHistoryView {
  entries: RotationHistoryEntry[];
  accountUpn?: string;
  timeZone: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class RotationRequestsService {
  constructor(private readonly deps: RotationRequestsDependencies) {}

  /**
   * Checked before a run starts, so the acknowledgement never promises a result that cannot come.
   * Undefined when the tenant has no management service account (nothing to rotate).
   */
  preflight(tenantId: string, origin: RotationOriginConversation): RotationPreflight | undefined {
    const account = this.deps.serviceAccounts.get(tenantId);
    if (!account) return undefined;
    const adminChannel = this.deps.settings.get(tenantId).adminChannelConversationId;
    return {
      accountUpn: account.userPrincipalName,
      originGetsNotice: origin.type === 'personal' || origin.id === adminChannel,
      adminChannelRegistered: adminChannel !== undefined,
    };
  }

  /** The confirmation before a fresh password is set. Undefined when there is no account. */
  forceResetPreview(tenantId: string): ForceResetPreview | undefined {
    const account = this.deps.serviceAccounts.get(tenantId);
    if (!account) return undefined;
    const condition = this.deps.rotation.condition(tenantId);
    return {
      accountUpn: account.userPrincipalName,
      secretName: account.secretName,
      ...(condition?.kind === 'locked-out' ? { lockedOutSince: condition.since } : {}),
      timeZone: this.deps.settings.get(tenantId).rotationTimeZone,
    };
  }

  /** The tenant's rotation time zone, for the follow-up cards of a run. */
  timeZoneOf(tenantId: string): string {
    return this.deps.settings.get(tenantId).rotationTimeZone;
  }

  /**
   * Claims a button press once. Teams redelivers an invoke that took long, and two admins can
   * press the same Retry: `key` (a rotation or confirmation id from the card, a UUID) or else the
   * activity id makes the second one a no-op. The key only deduplicates; it decides nothing else.
   */
  async claimOnce(tenantId: string, verb: string, key: unknown, activityId: string | undefined): Promise<boolean> {
    const id = typeof key === 'string' && UUID.test(key) ? key : activityId;
    if (!id) return true;
    return this.deps.claims.tryClaim(tenantId, `${verb}:${id}`);
  }

  /** Past rotations, newest first. Reading them is audited, like reading the audit. Callers authorize (rotation.history). */
  async history(actor: Actor, options: { limit: number; correlationId: string }): Promise<RotationHistoryView> {
    const timeZone = this.deps.settings.get(actor.tenantId).rotationTimeZone;
    const entries = this.deps.history.list(actor.tenantId, { limit: options.limit });
    await this.deps.audit.append({
      tenantId: actor.tenantId,
      actor: toPerson(actor),
      action: 'rotation.history',
      result: { outcome: 'ok' },
      correlationId: options.correlationId,
      details: { rows: entries.length },
    });
    const accountUpn = this.deps.serviceAccounts.get(actor.tenantId)?.userPrincipalName;
    return { entries, ...(accountUpn ? { accountUpn } : {}), timeZone };
  }
}

/**
 * Who gets rotation notices: every tenant admin in their personal chat with the bot, and the
 * admin channel registered with `notify here`. The Notifier finds the stored conversation
 * reference for each; an admin who never talked to the bot has none, and that row stays queued
 * (visible in `listQueued`) until they do.
 */
import type { NotificationTarget } from '../ports/notifier.port';
import type { TenantSettingsRepository } from '../ports/tenant-settings.repository.port';
import type { RotationLogger } from '../rotation/rotation-collaborators.port';
import { silentRotationLogger } from '../rotation/rotation-collaborators.port';

/** The tenant admins of a tenant (access control: Global / Privileged Role Administrators plus the bootstrap list). */
export interface TenantAdminRoster {
  listTenantAdminIds(tenantId: string): Promise<readonly string[]>;
}

export class NoticeTargetResolver {
  constructor(
    private readonly settings: Pick<TenantSettingsRepository, 'get'>,
    private readonly admins: TenantAdminRoster,
    private readonly logger: RotationLogger = silentRotationLogger,
  ) {}

  /** The admin channel first (one message reaches everyone), then each admin's personal chat. Never throws for a roster outage. */
  async resolve(tenantId: string): Promise<NotificationTarget[]> {
    const targets: NotificationTarget[] = [];
    const channel = this.settings.get(tenantId).adminChannelConversationId;
    if (channel) targets.push({ tenantId, kind: 'conversation', id: channel });
    try {
      const ids = await this.admins.listTenantAdminIds(tenantId);
      for (const id of new Set(ids)) targets.push({ tenantId, kind: 'user', id });
    } catch (error) {
      this.logger.warn({ tenantId, errorName: error instanceof Error ? error.name : 'UNKNOWN' }, 'notices: tenant admin roster unavailable');
    }
    return targets;
  }
}

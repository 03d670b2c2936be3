/**
 * `rotation history` (tenant admins and auditors) and the Rotation history button on notices:
 * past rotations with time, trigger, actor or schedule, result and duration, from the journal
 * the protocol writes. Reading it is audited, like reading the audit.
 */
import { renderRotationHistoryCard, Verbs, type AdaptiveCardJson, type RotationHistoryRowView } from '../../cards';
import type { Actor } from '../../services/access/actor';
import type { AuthorizationService } from '../../services/access/authorization.service';
import { formatDuration, formatInZone } from '../../services/notifications/notice-time-format';
import type { AuditWriter } from '../../services/ports/audit-log.port';
import type { ServiceAccountRepository } from '../../services/ports/service-account.repository.port';
import type { TenantSettingsRepository } from '../../services/ports/tenant-settings.repository.port';
import type { RotationHistory, RotationHistoryEntry } from '../../services/rotation/rotation-history';
import type { ActorResolver } from '../access/actor-resolver';
import { authorizeCommand } from '../access/access-turn';
import { recordCommand } from '../access/audit-trail';
import type { CommandDefinition } from '../commands';
import { sendCard } from '../commands/reply';
import type { VerbDefinition } from '../invoke-router';

export interface RotationHistoryDependencies {
  authorization: AuthorizationService;
  actors: ActorResolver;
  audit: AuditWriter;
  history: Pick<RotationHistory, 'list'>;
  serviceAccounts: Pick<ServiceAccountRepository, 'get'>;
  tenantSettings: Pick<TenantSettingsRepository, 'get'>;
}

/** A card is about 1 KB per ten rows; 15 stays far below Teams' 28 KB and fits a screen or two. */
const HISTORY_ROWS = 15;

export function createRotationHistoryCommand(dependencies: RotationHistoryDependencies): CommandDefinition {
  return {
    id: 'rotation.history',
    usage: 'rotation history',
    description: 'Lists past password rotations of the management account (tenant admins and auditors).',
    patterns: ['[show] [me] [the] [password] rotation history', '[show] [me] [the] [password] rotations', 'rotation log'],
    handle: async (context) => {
      const actor = await authorizeCommand(context, 'rotation.history', dependencies);
      if (!actor) return;
      await sendCard(context.turn, await historyCard(dependencies, actor, context.correlationId));
    },
  };
}

/** The button (and Refresh): the invoke authorizer already checked rotation.history for the activity's user. */
export function createRotationHistoryVerb(dependencies: RotationHistoryDependencies): VerbDefinition {
  return {
    verb: Verbs.rotationHistory,
    handle: async (context) => {
      const actor = await dependencies.actors.resolve(context.tenantId, context.userAadObjectId);
      return { card: await historyCard(dependencies, actor, context.correlationId) };
    },
  };
}

async function historyCard(dependencies: RotationHistoryDependencies, actor: Actor, correlationId: string): Promise<AdaptiveCardJson> {
  const timeZone = dependencies.tenantSettings.get(actor.tenantId).rotationTimeZone;
  const entries = dependencies.history.list(actor.tenantId, { limit: HISTORY_ROWS });
  await recordCommand(dependencies.audit, actor, 'rotation.history', correlationId, { rows: entries.length });
  const accountUpn = dependencies.serviceAccounts.get(actor.tenantId)?.userPrincipalName;
  return renderRotationHistoryCard({
    ...(accountUpn ? { accountUpn } : {}),
    timeZone,
    rows: entries.map((entry) => rowOf(entry, timeZone)),
    limit: HISTORY_ROWS,
  });
}

export function rowOf(entry: RotationHistoryEntry, timeZone: string): RotationHistoryRowView {
  return {
    startedAt: formatInZone(entry.startedAt, timeZone),
    trigger: entry.trigger,
    initiatedBy: entry.trigger === 'schedule' ? 'the weekly schedule' : entry.initiatedBy,
    result: entry.result,
    settledByRecovery: entry.settledByRecovery,
    ...(entry.durationInMs !== undefined ? { duration: formatDuration(entry.durationInMs) } : {}),
    ...(entry.newVersion ? { newVersion: entry.newVersion } : {}),
    ...(entry.newVersion && entry.previousVersion ? { previousVersion: entry.previousVersion } : {}),
    ...(entry.errorCode ? { errorCode: entry.errorCode } : {}),
  };
}

/**
 * `rotation history` (tenant admins and auditors) and the Rotation history button on notices:
 * past rotations with time, trigger, actor or schedule, result and duration, from the journal
 * the protocol writes. Reading it is audited, like reading the audit.
 */
import { renderRotationHistoryCard, Verbs, type AdaptiveCardJson, type RotationHistoryRowView } from '../../cards';
import type { Actor } from '../../services/access/actor';
import { formatDuration, formatInZone } from '../../services/notifications/notice-time-format';
import type { RotationHistoryEntry } from '../../services/rotation/rotation-history';
import type { RotationRequestsService } from '../../services/rotation/rotation-requests.service';
import type { CommandDefinition } from '../commands';
import { sendCard } from '../commands/reply';
import type { VerbDefinition } from '../invoke-router';

export interface RotationHistoryDependencies {
  requests: Pick<RotationRequestsService, 'history'>;
}

/** A card is about 1 KB per ten rows; 15 stays far below Teams' 28 KB and fits a screen or two. */
const HISTORY_ROWS = 15;

export function createRotationHistoryCommand(dependencies: RotationHistoryDependencies): CommandDefinition {
  return {
    id: 'rotation.history',
    capability: 'rotation.history',
    usage: 'rotation history',
    description: 'Lists past password rotations of the management account (tenant admins and auditors).',
    patterns: ['[show] [me] [the] [password] rotation history', '[show] [me] [the] [password] rotations', 'rotation log'],
    handle: async (context) => sendCard(context.turn, await historyCard(dependencies, context.actor, context.correlationId)),
  };
}

/**
 * The button (and Refresh): the invoke authorizer already checked rotation.history for the
 * activity's user. The history card's own Refresh replaces it; the button on a rotation notice
 * posts the history as a new card, so the notice it was clicked on stays readable.
 */
export function createRotationHistoryVerb(dependencies: RotationHistoryDependencies): VerbDefinition {
  return {
    verb: Verbs.rotationHistory,
    handle: async (context) => {
      const card = await historyCard(dependencies, context.actor, context.correlationId);
      if (context.data['refresh'] === true) return { card };
      await sendCard(context.turn, card);
      return { message: 'Password rotation history posted below; this notice stays as it was.' };
    },
  };
}

async function historyCard(dependencies: RotationHistoryDependencies, actor: Actor, correlationId: string): Promise<AdaptiveCardJson> {
  const { entries, accountUpn, timeZone } = await dependencies.requests.history(actor, { limit: HISTORY_ROWS, correlationId });
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
    initiatedBy: entry.trigger === 'schedule' ? 'the rotation schedule' : entry.initiatedBy,
    result: entry.result,
    settledByRecovery: entry.settledByRecovery,
    ...(entry.durationInMs !== undefined ? { duration: formatDuration(entry.durationInMs) } : {}),
    ...(entry.newVersion ? { newVersion: entry.newVersion } : {}),
    ...(entry.newVersion && entry.previousVersion ? { previousVersion: entry.previousVersion } : {}),
    ...(entry.errorCode ? { errorCode: entry.errorCode } : {}),
  };
}

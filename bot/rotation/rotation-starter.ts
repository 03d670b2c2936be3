/**
 * The one entry into a rotation from chat, shared by the `rotate password now` and `force reset`
 * commands and the Rotate now / Retry rotation / Set a fresh password buttons: check there is
 * an account, start the run in the background, and say where the result will be posted.
 */
import type { TurnContext } from 'botbuilder';
import { describePerson, type Actor } from '../../services/access/actor';
import type { ProcessedActivityStore } from '../../services/ports/processed-activity.port';
import type { ServiceAccountRepository } from '../../services/ports/service-account.repository.port';
import type { TenantSettingsRepository } from '../../services/ports/tenant-settings.repository.port';
import type { AdaptiveCardJson } from '../../cards';
import { noServiceAccountCard, resultPromise, workingCard, type RotationRunKind } from './rotation-replies';
import type { RotationOrigin, RotationRuns } from './rotation-runs';

export interface RotationStarterDependencies {
  runs: Pick<RotationRuns, 'start'>;
  serviceAccounts: Pick<ServiceAccountRepository, 'get'>;
  tenantSettings: Pick<TenantSettingsRepository, 'get'>;
  processedActivities: Pick<ProcessedActivityStore, 'tryClaim'>;
}

/** The card answers a command or replaces a confirmation; the text answers a button whose card must stay. */
export interface StartOutcome {
  started: boolean;
  card: AdaptiveCardJson;
  text: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class RotationStarter {
  constructor(private readonly deps: RotationStarterDependencies) {}

  /**
   * Starts a run for an already authorized actor. The service account is looked up first so the
   * acknowledgement never promises a result that cannot come.
   */
  begin(kind: RotationRunKind, actor: Actor, turn: TurnContext, correlationId: string): StartOutcome {
    const record = this.deps.serviceAccounts.get(actor.tenantId);
    if (!record) {
      return { started: false, card: noServiceAccountCard(correlationId), text: 'There is no management service account, so there is no password to rotate.' };
    }
    const origin = this.originOf(actor.tenantId, turn);
    const destinations = { originGetsNotice: origin.getsNotice, adminChannelRegistered: this.adminChannel(actor.tenantId) !== undefined };
    this.deps.runs.start({ kind, actor, origin, correlationId });
    return {
      started: true,
      card: workingCard(kind, record.userPrincipalName, describePerson(actor), destinations, correlationId),
      text: `${kind === 'forceReset' ? 'Setting a fresh password' : 'Rotating'}… ${resultPromise(destinations)}`,
    };
  }

  /**
   * Claims a button press once. Teams redelivers an invoke that took long, and two admins can
   * press the same Retry: `key` (a rotation or confirmation id from the card, a UUID) or the
   * activity id makes the second one a no-op. The key only deduplicates; it decides nothing else.
   */
  async claimOnce(tenantId: string, verb: string, turn: TurnContext, key: unknown): Promise<boolean> {
    const id = typeof key === 'string' && UUID.test(key) ? key : turn.activity.id;
    if (!id) return true;
    return this.deps.processedActivities.tryClaim(tenantId, `${verb}:${id}`);
  }

  private originOf(tenantId: string, turn: TurnContext): RotationOrigin {
    const conversation = turn.activity.conversation;
    const getsNotice = conversation.conversationType === 'personal' || conversation.id === this.adminChannel(tenantId);
    return { tenantId, conversationId: conversation.id, getsNotice };
  }

  private adminChannel(tenantId: string): string | undefined {
    return this.deps.tenantSettings.get(tenantId).adminChannelConversationId;
  }
}

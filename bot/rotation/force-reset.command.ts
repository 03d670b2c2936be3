/**
 * The guided recovery of a locked-out management account (issue 7): `force reset`, and the
 * lock-out notice's Set a fresh password button, show a confirmation; confirming runs
 * `RotationService.forceReset` in the background (a fresh password, pending in Key Vault first,
 * set through the bot's own identity, proven by a sign-in). Tenant admins only; nobody sees it.
 */
import { randomUUID } from 'node:crypto';
import { renderRotationForceResetCard, Verbs, type AdaptiveCardJson } from '../../cards';
import type { AuthorizationService } from '../../services/access/authorization.service';
import { formatInZone } from '../../services/notifications/notice-time-format';
import type { ServiceAccountRepository } from '../../services/ports/service-account.repository.port';
import type { TenantSettingsRepository } from '../../services/ports/tenant-settings.repository.port';
import type { RotationService } from '../../services/rotation/rotation.service';
import type { ActorResolver } from '../access/actor-resolver';
import { authorizeCommand } from '../access/access-turn';
import type { CommandDefinition } from '../commands';
import { sendCard } from '../commands/reply';
import type { VerbDefinition, VerbResult } from '../invoke-router';
import { alreadyStartedCard, cancelledCard, noServiceAccountCard } from './rotation-replies';
import type { RotationStarter } from './rotation-starter';

export interface ForceResetDependencies {
  authorization: AuthorizationService;
  actors: ActorResolver;
  starter: RotationStarter;
  rotation: Pick<RotationService, 'condition'>;
  serviceAccounts: Pick<ServiceAccountRepository, 'get'>;
  tenantSettings: Pick<TenantSettingsRepository, 'get'>;
}

export function createForceResetCommand(dependencies: ForceResetDependencies): CommandDefinition {
  return {
    id: 'password.forceReset',
    usage: 'force reset',
    description: 'Sets a fresh password for a management account that can no longer sign in, after a confirmation (tenant admins).',
    patterns: ['force reset', 'force [a] [password] reset', 'force reset [the] [management] [service] [account] password', 'set [a] fresh password'],
    handle: async (context) => {
      const actor = await authorizeCommand(context, 'password.forceReset', dependencies);
      if (!actor) return;
      await sendCard(context.turn, confirmationCard(dependencies, actor.tenantId, context.correlationId));
    },
  };
}

export function createForceResetVerbs(dependencies: ForceResetDependencies): VerbDefinition[] {
  return [
    {
      // From the lock-out notice: the confirmation is posted below it, so the guided recovery stays readable.
      verb: Verbs.rotationForceReset,
      handle: async (context): Promise<VerbResult> => {
        const card = confirmationCard(dependencies, context.tenantId, context.correlationId);
        await sendCard(context.turn, card);
        return { message: 'Confirm the fresh password in the card below.' };
      },
    },
    {
      verb: Verbs.rotationForceResetConfirm,
      handle: async (context): Promise<VerbResult> => {
        if (context.data.decision !== 'confirm') return { card: cancelledCard(context.correlationId) };
        // One fresh password per confirmation card, however often it is clicked or redelivered.
        if (!(await dependencies.starter.claimOnce(context.tenantId, Verbs.rotationForceResetConfirm, context.turn, context.data.confirmationId))) {
          return { card: alreadyStartedCard(context.correlationId) };
        }
        const actor = await dependencies.actors.resolve(context.tenantId, context.userAadObjectId);
        return { card: dependencies.starter.begin('forceReset', actor, context.turn, context.correlationId).card };
      },
    },
  ];
}

function confirmationCard(dependencies: ForceResetDependencies, tenantId: string, correlationId: string): AdaptiveCardJson {
  const record = dependencies.serviceAccounts.get(tenantId);
  if (!record) return noServiceAccountCard(correlationId);
  const condition = dependencies.rotation.condition(tenantId);
  const timeZone = dependencies.tenantSettings.get(tenantId).rotationTimeZone;
  const accountState =
    condition?.kind === 'locked-out'
      ? `No password in Key Vault signs in (since ${formatInZone(condition.since, timeZone)})`
      : 'The bot has not seen a failed sign-in; a fresh password works like a rotation';
  return renderRotationForceResetCard({ accountUpn: record.userPrincipalName, accountState, secretName: record.secretName, confirmationId: randomUUID() });
}

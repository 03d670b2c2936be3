/**
 * The password-rotation feature at the bot edge: `rotate password now` and `rotation history`
 * (one-shot commands here), `force reset` (a flow in dialogs/rotation), their card verbs, and
 * the NoticeRenderer the notice outbox uses. The rules live in services/rotation.
 */
import { Verbs } from '../../cards';
import type { CardFlows } from '../../dialogs/card-step.dialog';
import { FORCE_RESET_DIALOG } from '../../dialogs/rotation/force-reset.dialog';
import type { RotationRuns } from '../../dialogs/rotation/rotation-runs';
import type { RotationRequestsService } from '../../services/rotation/rotation-requests.service';
import type { CommandDefinition } from '../commands';
import { flowCommand, flowVerb } from '../flow-rows';
import type { VerbDefinition } from '../invoke-router';
import { createRotateNowCommand, createRotateNowVerbs } from './rotate-now.command';
import { createRotationHistoryCommand, createRotationHistoryVerb } from './rotation-history.command';

export { rotationNoticeRenderer } from './notice-card-renderer';

export interface RotationFeatureDependencies {
  flows: CardFlows;
  runs: Pick<RotationRuns, 'begin'>;
  requests: Pick<RotationRequestsService, 'claimOnce' | 'history'>;
}

export interface RotationFeature {
  commands: CommandDefinition[];
  verbs: VerbDefinition[];
}

export function createRotationFeature(deps: RotationFeatureDependencies): RotationFeature {
  const { flows } = deps;
  return {
    commands: [
      createRotateNowCommand(deps),
      flowCommand(flows, FORCE_RESET_DIALOG, {
        id: 'password.forceReset',
        capability: 'password.forceReset',
        usage: 'force reset',
        description: 'Sets a fresh password for a management account that can no longer sign in, after a confirmation (tenant admins).',
        patterns: ['force reset', 'force [a] [password] reset', 'force reset [the] [management] [service] [account] password', 'set [a] fresh password'],
      }),
      createRotationHistoryCommand(deps),
    ],
    verbs: [
      ...createRotateNowVerbs(deps),
      flowVerb(flows, FORCE_RESET_DIALOG, Verbs.rotationForceReset, 'fromNotice'),
      flowVerb(flows, FORCE_RESET_DIALOG, Verbs.rotationForceResetConfirm, 'confirm'),
      createRotationHistoryVerb(deps),
    ],
  };
}

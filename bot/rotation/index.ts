/**
 * The password-rotation feature at the bot edge (issue 7): `rotate password now`, `force reset`,
 * `rotation history`, their card verbs, and the NoticeRenderer the notice outbox uses. Built from
 * services the composition root constructed; the rules live in services/rotation.
 */
import type { AuthorizationService } from '../../services/access/authorization.service';
import type { ProcessedActivityStore } from '../../services/ports/processed-activity.port';
import type { Logger } from '../../services/logger';
import type { AuditWriter } from '../../services/ports/audit-log.port';
import type { Directory } from '../../services/ports/directory.port';
import type { Notifier } from '../../services/ports/notifier.port';
import type { ServiceAccountRepository } from '../../services/ports/service-account.repository.port';
import type { TenantSettingsRepository } from '../../services/ports/tenant-settings.repository.port';
import type { RotationHistory } from '../../services/rotation/rotation-history';
import type { RotationService } from '../../services/rotation/rotation.service';
import { ActorResolver } from '../access/actor-resolver';
import type { CommandDefinition } from '../commands';
import type { VerbDefinition } from '../invoke-router';
import { createForceResetCommand, createForceResetVerbs } from './force-reset.command';
import { createRotateNowCommand, createRotateNowVerbs } from './rotate-now.command';
import { createRotationHistoryCommand, createRotationHistoryVerb } from './rotation-history.command';
import { RotationRuns } from './rotation-runs';
import { RotationStarter } from './rotation-starter';

export { rotationNoticeRenderer } from './notice-card-renderer';
export { rotationVerbRows, ROTATION_VERBS } from './rotation-verb-rows';
export type { RotationRuns } from './rotation-runs';

export interface RotationFeatureDependencies {
  rotation: Pick<RotationService, 'rotate' | 'forceReset' | 'condition'>;
  history: Pick<RotationHistory, 'list'>;
  serviceAccounts: Pick<ServiceAccountRepository, 'get'>;
  tenantSettings: Pick<TenantSettingsRepository, 'get'>;
  authorization: AuthorizationService;
  /** For the names of the actor in the audit and on cards; identity is the activity's object id. */
  directory: Directory;
  audit: AuditWriter;
  /** Follow-ups in a conversation no notice reaches; notices themselves go through the outbox. */
  notifier: Pick<Notifier, 'send'>;
  /** Claims button presses once (redelivered invokes, two admins pressing Retry). */
  processedActivities: Pick<ProcessedActivityStore, 'tryClaim'>;
  logger: Logger;
}

export interface RotationFeature {
  commands: CommandDefinition[];
  verbs: VerbDefinition[];
  /** Rotations running after their turn was answered; `drain()` on shutdown and in tests. */
  runs: RotationRuns;
}

export function createRotationFeature(dependencies: RotationFeatureDependencies): RotationFeature {
  const { authorization, serviceAccounts, tenantSettings } = dependencies;
  const actors = new ActorResolver(dependencies.directory);
  const runs = new RotationRuns({
    rotation: dependencies.rotation,
    notifier: dependencies.notifier,
    tenantSettings,
    logger: dependencies.logger.child({ area: 'rotation-bot' }),
  });
  const starter = new RotationStarter({ runs, serviceAccounts, tenantSettings, processedActivities: dependencies.processedActivities });
  const rotateNow = { authorization, actors, starter };
  const forceReset = { ...rotateNow, rotation: dependencies.rotation, serviceAccounts, tenantSettings };
  const history = { authorization, actors, audit: dependencies.audit, history: dependencies.history, serviceAccounts, tenantSettings };
  return {
    commands: [createRotateNowCommand(rotateNow), createForceResetCommand(forceReset), createRotationHistoryCommand(history)],
    verbs: [...createRotateNowVerbs(rotateNow), ...createForceResetVerbs(forceReset), createRotationHistoryVerb(history)],
    runs,
  };
}

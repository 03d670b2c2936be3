/**
 * Settings, the management service account and the mode switch at the bot edge (issue 5):
 * `settings`, `create service account`, `switch to advanced|default`, `disable advanced
 * management`, `approval policy`, their card verbs, and the ModeSwitchReporter the services call
 * back. Built from the services the composition root constructed; the rules live in
 * services/settings and services/service-account.
 */
import type { Logger } from '../../services/logger';
import type { Notifier } from '../../services/ports/notifier.port';
import type { ApprovalRequest } from '../../services/approvals/approval-request';
import type { ProvisioningJournal } from '../../services/service-account/provisioning-journal.port';
import { ActorResolver } from '../access/actor-resolver';
import { ApprovalCardPublisher } from '../access/approval-card-publisher';
import { ApprovalCardViews } from '../access/approval-card-views';
import type { CommandDefinition } from '../commands';
import type { VerbDefinition } from '../invoke-router';
import { createApprovalPolicyCommand, createSettingsCommand } from '../settings/settings.commands';
import { createSettingsVerbs } from '../settings/settings.handlers';
import type { CoalescingCardUpdaterOptions } from './coalescing-card-updater';
import { createServiceAccountCommand, createServiceAccountVerbs } from './create.handlers';
import { ServiceAccountCreationRunner } from './creation-runner';
import type { FeatureContext, FeatureServices } from './feature-context';
import { ModeRequester } from './mode-request';
import { BotModeSwitchReporter } from './mode-switch-reporter';
import { createModeCommands, createModeVerbs } from './mode.handlers';
import { openSwitchLookup } from './open-switch';

export { BotModeSwitchReporter } from './mode-switch-reporter';
export { serviceAccountVerbRows, SERVICE_ACCOUNT_VERBS } from './service-account-verb-rows';

export interface ModeSwitchReporterOptions {
  notifier: Notifier;
  /**
   * Reads an approval request. Late-bound on purpose: the reporter is handed to the services
   * (ModeSwitchService) before they exist, so this looks them up at call time.
   */
  getApproval: (tenantId: string, requestId: string) => Promise<ApprovalRequest | undefined>;
  logger: Logger;
  cardUpdates?: CoalescingCardUpdaterOptions;
}

/** The hook for AppServiceHooks.modeSwitchReporter; the same instance goes to createServiceAccountFeature. */
export function createModeSwitchReporter(options: ModeSwitchReporterOptions): BotModeSwitchReporter {
  return new BotModeSwitchReporter({
    notifier: options.notifier,
    approvals: { get: (tenantId, requestId) => options.getApproval(tenantId, requestId) },
    logger: options.logger.child({ area: 'mode-switch-bot' }),
    ...(options.cardUpdates ? { cardUpdates: options.cardUpdates } : {}),
  });
}

export interface ServiceAccountFeatureDependencies {
  services: FeatureServices;
  reporter: BotModeSwitchReporter;
  /** Read-only: whether an approved switch is open, so Retry resumes it (the provisioning journal). */
  journal: Pick<ProvisioningJournal, 'findOpen'>;
  /** The bot's app id (empty in sandbox mode), to update progress cards after the turn. */
  botAppId: string;
  logger: Logger;
  /** Progress card throttling; tests may shorten it. */
  cardUpdates?: CoalescingCardUpdaterOptions;
}

export interface ServiceAccountFeature {
  commands: CommandDefinition[];
  verbs: VerbDefinition[];
}

export function createServiceAccountFeature(dependencies: ServiceAccountFeatureDependencies): ServiceAccountFeature {
  const { services, reporter, logger } = dependencies;
  const botLogger = logger.child({ area: 'service-account-bot' });
  const cardUpdates = dependencies.cardUpdates;
  const feature: FeatureContext = {
    services,
    actors: new ActorResolver(services.directory, { now: () => services.clock.now().getTime() }),
    reporter,
    // Mode requests are opened by the service; their approval cards are delivered here, like the access feature does.
    publisher: new ApprovalCardPublisher({
      approvals: services.approvals,
      views: new ApprovalCardViews(services.approvals, services.roles),
      notifier: services.notifier,
      tenantSettings: services.settingsRepo,
      logger: logger.child({ area: 'approvals' }),
    }),
    creations: new ServiceAccountCreationRunner({
      provisioning: services.provisioning,
      tasks: services.backgroundTasks,
      logger: botLogger,
      ...(cardUpdates ? { cardUpdates } : {}),
    }),
    openSwitch: openSwitchLookup(dependencies.journal),
    botAppId: dependencies.botAppId,
    logger: botLogger,
  };
  const requester = new ModeRequester(feature);
  return {
    commands: [
      createSettingsCommand(feature),
      createApprovalPolicyCommand(feature),
      createServiceAccountCommand(feature),
      ...createModeCommands(feature, requester),
    ],
    verbs: [...createSettingsVerbs(feature), ...createServiceAccountVerbs(feature), ...createModeVerbs(feature, requester)],
  };
}

/**
 * The access-control feature at the bot edge (issue 4): its commands, card verbs, the invoke
 * authorizer, dialogs and the approvals' card delivery, built from services the composition
 * root constructed. Nothing here decides who may do what; the services do.
 */
import type { Storage, TurnContext } from 'botbuilder';
import { ConfirmationPreparer } from '../../dialogs/access/confirmation-preparer';
import { GrantOperatorDialog } from '../../dialogs/access/grant-operator.dialog';
import { PendingConfirmationStore } from '../../dialogs/access/pending-confirmation.store';
import { PickUserDialog } from '../../dialogs/access/pick-user.dialog';
import { DialogHost } from '../../dialogs/dialog-host';
import type { AccessGrantService } from '../../services/access/access-grant.service';
import type { AuthorizationService } from '../../services/access/authorization.service';
import type { RoleService } from '../../services/access/role.service';
import { tenantStorageKey } from '../../services/adapters/botbuilder/tenant-storage-key';
import type { ApprovalHandlerRegistry } from '../../services/approvals/approval-handler.registry';
import type { ApprovalService } from '../../services/approvals/approval.service';
import type { Logger } from '../../services/logger';
import type { AuditLog } from '../../services/ports/audit-log.port';
import type { Clock } from '../../services/ports/clock.port';
import type { Directory } from '../../services/ports/directory.port';
import type { Notifier } from '../../services/ports/notifier.port';
import type { TenantSettingsRepository } from '../../services/ports/tenant-settings.repository.port';
import type { CommandDefinition } from '../commands';
import type { InvokeAuthorizer, VerbDefinition } from '../invoke-router';
import { tenantIdOf } from '../turn-scope';
import { AccessInvokeAuthorizer } from './access-invoke-authorizer';
import { dialogIdentity } from './access-turn';
import { ActorResolver } from './actor-resolver';
import { ApprovalCardPublisher } from './approval-card-publisher';
import { ApprovalCardViews } from './approval-card-views';
import { ApprovalCardDelivery } from './approval-delivery';
import { ApprovalRequests } from './approval-requests';
import { ApprovalUpkeep } from './approval-upkeep';
import { ApprovalVerbs } from './approval.verbs';
import { createAuditCommand, createAuditVerbs, createExportAuditCommand, createVerifyAuditCommand } from './audit.commands';
import { ConfirmationVerbs } from './confirmation.verbs';
import { createGrantOperatorCommand, createUserChangeCommands } from './grant.commands';
import { createNotifyHereCommand } from './notify-here.command';
import { createOperatorsCommand, createOperatorsPageVerb } from './operators.command';

export { UnconfiguredDirectory } from './unconfigured-directory';
export type { ApprovalRequests } from './approval-requests';
export type { ApprovalUpkeep } from './approval-upkeep';

/** Services of the access area, constructed by the composition root. */
export interface AccessServices {
  directory: Directory;
  roles: RoleService;
  authorization: AuthorizationService;
  grants: AccessGrantService;
  approvals: ApprovalService;
  approvalHandlers: ApprovalHandlerRegistry;
  audit: AuditLog;
  tenantSettings: TenantSettingsRepository;
  clock: Clock;
}

export interface AccessFeatureDependencies extends AccessServices {
  notifier: Notifier;
  /** Bot state storage: dialog state and pending confirmations. */
  storage: Storage;
  logger: Logger;
  approvalTimerIntervalInMs?: number;
}

export interface AccessFeature {
  commands: CommandDefinition[];
  verbs: VerbDefinition[];
  invokeAuthorizer: InvokeAuthorizer;
  dialogs: DialogHost;
  approvalRequests: ApprovalRequests;
  upkeep: ApprovalUpkeep;
}

/** Dialog state per tenant, conversation and user (see DialogHost). */
function dialogStateKey(turn: TurnContext): string {
  const user = turn.activity.from?.aadObjectId ?? turn.activity.from?.id ?? 'anonymous';
  return tenantStorageKey(tenantIdOf(turn), turn.activity.channelId, 'dialogs', turn.activity.conversation.id, user);
}

export function createAccessFeature(dependencies: AccessFeatureDependencies): AccessFeature {
  const { authorization, grants, approvals, audit, directory, roles, tenantSettings, notifier, logger } = dependencies;
  const actors = new ActorResolver(directory, { now: () => dependencies.clock.now().getTime() });
  const confirmations = new PendingConfirmationStore(dependencies.storage, dependencies.clock);
  const preparer = new ConfirmationPreparer({ authorization, grants, directory, confirmations });
  const identity = dialogIdentity(actors);
  const dialogs = new DialogHost(dependencies.storage, dialogStateKey, [new GrantOperatorDialog(preparer, identity), new PickUserDialog(preparer, identity)]);

  const views = new ApprovalCardViews(approvals, roles);
  const approvalLogger = logger.child({ area: 'approvals' });
  const publisher = new ApprovalCardPublisher({ approvals, views, notifier, tenantSettings, logger: approvalLogger });
  const delivery = new ApprovalCardDelivery({ approvals, views, notifier, logger: approvalLogger });
  const upkeep = new ApprovalUpkeep(approvals, publisher, delivery, approvalLogger, { intervalInMs: dependencies.approvalTimerIntervalInMs });

  const common = { authorization, actors, audit };
  const commands: CommandDefinition[] = [
    createGrantOperatorCommand({ ...common, dialogs }),
    ...createUserChangeCommands({ ...common, dialogs }),
    createOperatorsCommand({ ...common, grants }),
    createExportAuditCommand(common),
    createVerifyAuditCommand(common),
    createAuditCommand(common),
    createNotifyHereCommand({ ...common, tenantSettings }),
  ];
  const verbs: VerbDefinition[] = [
    ...new ConfirmationVerbs({ confirmations, grants, audit, actors }).definitions(),
    createOperatorsPageVerb({ ...common, grants }),
    ...createAuditVerbs(common),
    ...new ApprovalVerbs({ approvals, views, actors, audit, kickDelivery: () => upkeep.kick() }).definitions(),
  ];
  return {
    commands,
    verbs,
    invokeAuthorizer: new AccessInvokeAuthorizer(authorization, actors),
    dialogs,
    approvalRequests: new ApprovalRequests(approvals, publisher),
    upkeep,
  };
}

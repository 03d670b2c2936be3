/**
 * The access-control feature at the bot edge: its command and verb rows. Granting and revoking
 * operators and auditors are dialogs (dialogs/access); the approval cards' delivery is built by
 * the composition root and shared with the flows that open requests. Nothing here decides who
 * may do what; the services do.
 */
import type { DialogHost } from '../../dialogs/dialog-host';
import type { AccessGrantService } from '../../services/access/access-grant.service';
import type { PendingConfirmations } from '../../services/access/pending-confirmation.port';
import type { ApprovalService } from '../../services/approvals/approval.service';
import type { AuditLog } from '../../services/ports/audit-log.port';
import type { SettingsService } from '../../services/settings/settings.service';
import type { CommandDefinition } from '../commands';
import type { VerbDefinition } from '../invoke-router';
import type { ApprovalCardViews } from './approval-card-views';
import type { ApprovalUpkeep } from './approval-upkeep';
import { ApprovalVerbs } from './approval.verbs';
import { createApprovalsCommand, createApprovalsListVerb } from './approvals.command';
import type { ApprovalsCards } from '../../dialogs/approvals/approvals-cards';
import type { AuditExportChat } from './audit-export';
import { createAuditCommand, createAuditVerbs, createExportAuditCommand, createVerifyAuditCommand } from './audit.commands';
import { createBulkResultsExportVerb } from './bulk-results-export.verb';
import { ConfirmationVerbs } from './confirmation.verbs';
import { createGrantOperatorCommand, createUserChangeCommands } from './grant.commands';
import { createNotifyHereCommand } from './notify-here.command';
import { createOperatorsCommand, createOperatorsPageVerb } from './operators.command';

export interface AccessFeatureDependencies {
  grants: AccessGrantService;
  approvals: ApprovalService;
  audit: AuditLog;
  settings: Pick<SettingsService, 'setAdminChannel'>;
  /** The grant-operator and pick-user dialogs (typed answers over several turns). */
  dialogs: DialogHost;
  confirmations: PendingConfirmations;
  approvalViews: ApprovalCardViews;
  approvalUpkeep: Pick<ApprovalUpkeep, 'kick'>;
  /** How audit exports reach the auditor (file consent or a signed link). */
  auditExports?: AuditExportChat;
  /** The `approvals` list (the command, its Refresh, and the answer to a click on it). */
  approvalLists: ApprovalsCards;
}

export interface AccessFeature {
  commands: CommandDefinition[];
  verbs: VerbDefinition[];
}

export function createAccessFeature(deps: AccessFeatureDependencies): AccessFeature {
  const { grants, approvals, audit, dialogs, confirmations } = deps;
  return {
    commands: [
      createGrantOperatorCommand({ dialogs }),
      ...createUserChangeCommands({ dialogs }),
      createOperatorsCommand({ grants, audit }),
      createExportAuditCommand({ audit, ...(deps.auditExports ? { exports: deps.auditExports } : {}) }),
      createVerifyAuditCommand({ audit }),
      createAuditCommand({ audit }),
      createNotifyHereCommand({ settings: deps.settings }),
      createApprovalsCommand({ cards: deps.approvalLists }),
    ],
    verbs: [
      ...new ConfirmationVerbs({ confirmations, grants, audit }).definitions(),
      createOperatorsPageVerb({ grants, audit }),
      ...createAuditVerbs({ audit, ...(deps.auditExports ? { exports: deps.auditExports } : {}) }),
      createBulkResultsExportVerb({ ...(deps.auditExports ? { exports: deps.auditExports } : {}) }),
      ...new ApprovalVerbs({ approvals, views: deps.approvalViews, audit, kickDelivery: () => deps.approvalUpkeep.kick(), lists: deps.approvalLists }).definitions(),
      createApprovalsListVerb({ cards: deps.approvalLists }),
    ],
  };
}

/**
 * The bot's real command table, built the way the composition root builds it. Only the rows are
 * read (usage, patterns, capability), so the features' dependencies are never called.
 */
import { createAccessFeature } from '../../../bot/access';
import { createCommandTable, type CommandDefinition } from '../../../bot/commands';
import { CommandRouter } from '../../../bot/command-router';
import { createRotationFeature } from '../../../bot/rotation';
import { createServiceAccountFeature } from '../../../bot/service-account';
import { createSessionsFeature } from '../../../bot/sessions';
import { createActionCatalogueFeature } from '../../../bot/actions/action-catalogue.feature';
import { createBulkActionFeature } from '../../../bot/actions/bulk-action.feature';
import { createCustomActionsFeature } from '../../../bot/custom-actions/custom-actions.feature';
import { createWorkflowDefinitionsFeature } from '../../../bot/workflows/workflow-definitions.feature';
import { createCustomActionRunFeature } from '../../../bot/actions/custom-action-run.feature';
import { createWorkflowsFeature } from '../../../bot/workflows/workflows.feature';
import { createWorkflowSchedulesFeature } from '../../../bot/workflows/workflow-schedules.feature';
import { createPlaybooksFeature } from '../../../bot/playbooks/playbooks.feature';
import { createConditionalAccessFeature } from '../../../bot/conditional-access/conditional-access.feature';

const unused = {} as never;

export function realCommandTable(): CommandDefinition[] {
  const sessionsFeature = createSessionsFeature(unused);
  return createCommandTable({
    statusCard: sessionsFeature.statusCard,
    features: [createBulkActionFeature(unused), sessionsFeature, createActionCatalogueFeature(unused), createWorkflowsFeature(unused), createWorkflowSchedulesFeature(unused), createPlaybooksFeature(unused), createCustomActionRunFeature(unused), createAccessFeature(unused), createServiceAccountFeature(unused), createRotationFeature(unused), createConditionalAccessFeature(unused), createCustomActionsFeature(unused), createWorkflowDefinitionsFeature(unused)],
  });
}

/** The rows help lists (hidden ones left out), in table order, as the bot's router gives them. */
export function realHelpRows(): readonly CommandDefinition[] {
  return new CommandRouter(realCommandTable()).list();
}

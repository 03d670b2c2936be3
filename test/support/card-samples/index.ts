/**
 * Every card the bot can send, with sample view models: test fixtures for the schema and
 * rendering tests (test/unit/cards.*.test.ts), kept out of the production cards/ module.
 */
import { renderErrorCard, renderHelpCard, renderSessionStatusCard, type AdaptiveCardJson } from '../../../cards';
import { accessCardSamples } from './access.samples';
import { actionApprovalsCardSamples } from './action-approvals.samples';
import { automationCardSamples } from './automation.samples';
import { actionCatalogueCardSamples } from './action-catalogue.samples';
import { approvalsCardSamples } from './approvals.samples';
import { bulkActionCardSamples } from './bulk-actions.samples';
import { bulkResultsExportCardSamples } from './bulk-results-export.samples';
import { catalogueProfileLicenceCardSamples } from './catalogue-profile-licence.samples';
import { customActionCardSamples } from './custom-actions.samples';
import { workflowDefinitionCardSamples } from './workflow-definitions.samples';
import { workflowScheduleCardSamples } from './workflow-schedules.samples';
import { conditionalAccessCardSamples } from './conditional-access.samples';
import { passwordAccessAndLeaverCardSamples } from './password-access-and-leaver.samples';
import { privilegedConfirmationCardSamples } from './privileged-confirmation.samples';
import { rotationCardSamples } from './rotation.samples';
import { serviceAccountCardSamples } from './service-account.samples';
import { sessionCardSamples } from './session.samples';
import { workflowCardSamples } from './workflows.samples';

export interface CardCatalogEntry {
  name: string;
  render: () => AdaptiveCardJson;
}

const sampleTenantId = '7c1f6d0a-3b5e-4c2d-9a8f-1e2d3c4b5a69';
const sampleCommands = [
  { usage: 'help', description: 'Shows what I can do.' },
  { usage: 'status', description: 'Shows whether the management session is on.' },
];

/**
 * Every card the bot can send, each with a representative (and a worst-case) view model, so the
 * schema test validates all of them. A new card adds rows here.
 */
export const cardCatalog: readonly CardCatalogEntry[] = [
  {
    name: 'session-status OFF, not configured',
    render: () => renderSessionStatusCard({ state: 'OFF', tenantId: sampleTenantId, modeLabel: 'Not configured' }),
  },
  {
    name: 'session-status ON, every field',
    render: () =>
      renderSessionStatusCard({
        state: 'ON',
        tenantId: sampleTenantId,
        modeLabel: 'Advanced',
        enabledBy: 'Adele Vance (adele@contoso.onmicrosoft.com)',
        enabledAt: '2025-01-06T09:30:00Z',
        principal: 'mgmt-bot.admin@contoso.onmicrosoft.com',
      }),
  },
  {
    name: 'session-status ERROR',
    render: () =>
      renderSessionStatusCard({ state: 'ERROR', tenantId: sampleTenantId, modeLabel: 'Default', errorReason: 'Sign-in blocked by conditional access' }),
  },
  { name: 'help', render: () => renderHelpCard({ commands: sampleCommands }) },
  {
    name: 'help after unrecognized input',
    render: () => renderHelpCard({ unrecognizedText: 'make me a [sandwich](https://example.com) **now**', commands: sampleCommands }),
  },
  {
    name: 'error with correlation id',
    render: () =>
      renderErrorCard({
        title: 'Something went wrong',
        message: 'Sorry, I could not finish that.',
        nextStep: 'Try again in a minute.',
        correlationId: '0f8fad5b-d9cb-469f-a165-70867728950e',
      }),
  },
  { name: 'error, minimal', render: () => renderErrorCard({ title: 'Not supported', message: "That button isn't supported." }) },
  ...accessCardSamples,
  ...sessionCardSamples,
  ...rotationCardSamples,
  ...serviceAccountCardSamples,
  ...approvalsCardSamples,
  ...privilegedConfirmationCardSamples,
  ...actionCatalogueCardSamples,
  ...bulkActionCardSamples,
  ...bulkResultsExportCardSamples,
  ...catalogueProfileLicenceCardSamples,
  ...passwordAccessAndLeaverCardSamples,
  ...actionApprovalsCardSamples,
  ...automationCardSamples,
  ...customActionCardSamples,
  ...workflowDefinitionCardSamples,
  ...workflowCardSamples,
  ...workflowScheduleCardSamples,
  ...conditionalAccessCardSamples,
];

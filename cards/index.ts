import { renderErrorCard } from './error.card';
import { renderHelpCard } from './help.card';
import type { AdaptiveCardJson } from './render-template';
import { renderSessionStatusCard } from './session-status.card';
import { accessCardSamples } from './access-samples.card';
import { sessionCardSamples } from './session-samples.card';
import { rotationCardSamples } from './rotation-samples.card';
import { serviceAccountCardSamples } from './service-account-samples.card';

export type { AdaptiveCardJson } from './render-template';
export { renderErrorCard, type ErrorView } from './error.card';
export { renderHelpCard, type HelpView } from './help.card';
export { renderSessionStatusCard, type SessionState, type SessionStatusView } from './session-status.card';
export { Verbs, allVerbs, type Verb } from './verbs';
export { renderActionConfirmationCard, type ActionConfirmationView } from './action-confirmation.card';
export { renderActionResultCard, type ActionResultOutcome, type ActionResultView } from './action-result.card';
export { renderCredentialsRequestCard, type CredentialsRequestView } from './credentials-request.card';
export { renderWorkInProgressCard, type WorkInProgressView } from './credentials-signing-in.card';
export { renderSessionDetailsCard, type SessionDetailsView } from './session-details.card';
export { renderSessionProblemCard, type CardButton, type SessionProblemView } from './session-problem.card';
export { renderAccessDeniedCard, type AccessDeniedView } from './access-denied.card';
export { renderApprovalCard, type ApprovalCardState, type ApprovalCardView } from './approval.card';
export { renderAuditExportCard, type AuditExportView } from './audit-export.card';
export { renderAuditRecordsCard, type AuditRecordRowView, type AuditRecordsView } from './audit-records.card';
export { renderAuditVerifyCard, type AuditVerifyView } from './audit-verify.card';
export { renderGrantConfirmationCard, type CardFact, type GrantConfirmationView } from './grant-confirmation.card';
export { renderGrantResultCard, type GrantOutcome, type GrantResultView } from './grant-result.card';
export { renderNotifyHereCard, type NotifyHereView } from './notify-here.card';
export { renderOperatorsCard, type OperatorRowView, type OperatorsView } from './operators.card';
export { renderRotationNoticeCard, type NoticeButtonView, type NoticeTone, type RotationNoticeCardView } from './notice-rotation.card';
export { renderRotationHistoryCard, type RotationHistoryResult, type RotationHistoryRowView, type RotationHistoryTrigger, type RotationHistoryView } from './rotation-history.card';
export { renderRotationStatusCard, type RotationStatusKind, type RotationStatusView } from './rotation-status.card';
export { renderRotationForceResetCard, type RotationForceResetView } from './rotation-force-reset.card';
export { renderSettingsCard, type SettingsCardView } from './settings.card';
export { renderProgressCard, type ProgressButtonView, type ProgressCardView, type ProgressOutcome, type ProgressStepState, type ProgressStepView } from './progress.card';
export { renderModeRequestCard, type ModeRequestView } from './mode-request.card';
export { renderDisableConfirmCard, type DisableConfirmView } from './mode-disable-confirm.card';

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
];

export type { AdaptiveCardJson } from './render-template';
export { actionWords, cardDateTime, codeSentence, explainCode, humanizeInstants, modeWords, personWords } from './card-words';
export { renderErrorCard, type ErrorView } from './error.card';
export { renderHelpCard, type HelpView } from './help.card';
export { renderSessionStatusCard, type SessionState, type SessionStatusView } from './session-status.card';
export { Verbs, allVerbs, type Verb } from './verbs';
export { renderActionConfirmationCard, type ActionConfirmationView } from './action-confirmation.card';
export { renderActionResultCard, type ActionResultOutcome, type ActionResultView } from './action-result.card';
export { renderAutomationNoticeCard, type AutomationNoticeView } from './automation-notice.card';
export { renderBulkStartCard, type BulkStartView } from './bulk-start.card';
export { renderActionApprovalsCard, type ActionApprovalRowView, type ActionApprovalsView } from './action-approvals.card';
export { renderActionCatalogueCard, type ActionCatalogueView, type CatalogueActionView, type CatalogueInputView } from './action-catalogue.card';
export { renderShownOnceSecretCard, type ShownOnceSecretView } from './shown-once-secret.card';
export { renderPrivilegedConfirmationCard, type PrivilegedConfirmationView } from './privileged-confirmation.card';
export { renderCredentialsRequestCard, type CredentialsRequestView } from './credentials-request.card';
export { renderWorkInProgressCard, type WorkInProgressView } from './credentials-signing-in.card';
export { renderSessionDetailsCard, type SessionDetailsView } from './session-details.card';
export { renderSessionProblemCard, type CardButton, type SessionProblemView } from './session-problem.card';
export { renderAccessDeniedCard, type AccessDeniedView } from './access-denied.card';
export { renderApprovalCard, type ApprovalCardState, type ApprovalCardView } from './approval.card';
export { renderApprovalsCard, type ApprovalsView, type PendingApprovalRowView } from './approvals.card';
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
export { renderBulkConfirmationCard, type BulkConfirmationView } from './bulk-confirmation.card';
export { renderBulkProgressCard, type BulkProgressOutcome, type BulkProgressView } from './bulk-progress.card';
export { renderBulkResultsExportCard, type BulkResultsExportDelivery, type BulkResultsExportView } from './bulk-results-export.card';
export { renderCustomActionsCard, type CustomActionButton, type CustomActionRefView, type CustomActionRowView, type CustomActionsView } from './custom-actions.card';
export { CUSTOM_ACTION_EXAMPLE, renderCustomActionFormCard, type CustomActionFormView } from './custom-action-form.card';
export { PREVIEW_PARAMETER_PREFIX, PREVIEW_TARGET_INPUT, renderCustomActionPreviewCard, type CustomActionPreviewView, type CustomActionSampleInputView } from './custom-action-preview.card';
export { renderCustomActionHistoryCard, type CustomActionHistoryEntryView, type CustomActionHistoryView } from './custom-action-history.card';
export type { DefinitionButton, DefinitionCardLook, DefinitionRefView } from './definition-buttons';
export { CUSTOM_ACTION_LOOK } from './custom-action-buttons';
export type { DefinitionFormView, DefinitionHistoryEntryView, DefinitionHistoryView, DefinitionListView, DefinitionRowView } from './definition-cards';
export {
  WORKFLOW_DEFINITION_LOOK,
  WORKFLOW_EXAMPLE,
  renderWorkflowDefinitionFormCard,
  renderWorkflowDefinitionHistoryCard,
  renderWorkflowDefinitionReviewCard,
  renderWorkflowDefinitionsCard,
  type WorkflowDefinitionFormView,
  type WorkflowDefinitionReviewView,
  type WorkflowReviewStepView,
} from './workflow-definitions.card';
export { renderWorkflowsCard, type WorkflowListItemView, type WorkflowsView } from './workflows.card';
export { WORKFLOW_FIELD, type WorkflowInputView, type WorkflowOptInView } from './workflow-inputs';
export { renderWorkflowPreviewCard, type WorkflowPreviewButton, type WorkflowPreviewStepView, type WorkflowPreviewView } from './workflow-preview.card';
export { renderWorkflowRunCard, type WorkflowRunButton, type WorkflowRunCardView, type WorkflowRunStepCardView } from './workflow-run.card';
export { renderWorkflowRunsCard, type WorkflowRunRowView, type WorkflowRunsView } from './workflow-runs.card';
export {
  renderWorkflowScheduleConfirmCard,
  renderWorkflowScheduleFormCard,
  renderWorkflowSchedulesCard,
  type WorkflowScheduleConfirmView,
  type WorkflowScheduleFormView,
  type WorkflowScheduleRowView,
  type WorkflowSchedulesView,
} from './workflow-schedules.card';
export { renderPlaybooksCard, type PlaybookCardButton, type PlaybookCardView, type PlaybookPolicyCardView, type PlaybooksView } from './playbooks.card';
export { renderPlaybookRunCard, type PlaybookRunCardButton, type PlaybookRunCardView, type PlaybookRunPolicyCardView } from './playbook-run.card';
export {
  renderAllowedIpsConfirmCard,
  renderAllowedIpsFormCard,
  renderAllowedIpsRemoveCard,
  renderPolicyCheckCard,
  type AllowedIpsConfirmView,
  type AllowedIpsFormView,
  type AllowedIpsRemoveView,
  type PolicyCheckPolicyView,
  type PolicyCheckView,
} from './conditional-access.card';

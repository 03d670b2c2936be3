/**
 * Every `Action.Execute` verb the bot's cards can send, in one place, so the invoke verb table
 * and the card templates cannot drift apart. Verbs are stable wire names: add, never rename.
 */
export const Verbs = {
  refreshSessionStatus: 'session.status.refresh',
  showHelp: 'help.show',
  // Access control (issue 4). Names follow the capability catalogue (services/access/capabilities.ts);
  // approval.refresh is not in it yet and is authorized as a read (bot/access/access-invoke-authorizer.ts).
  grantOperatorConfirm: 'operator.grant.confirm',
  revokeOperatorConfirm: 'operator.revoke.confirm',
  grantAuditorConfirm: 'auditor.grant.confirm',
  revokeAuditorConfirm: 'auditor.revoke.confirm',
  operatorsPage: 'operator.list.page',
  auditPage: 'audit.page',
  auditVerify: 'audit.verify',
  auditExport: 'audit.export',
  approvalApprove: 'approval.approve',
  approvalReject: 'approval.reject',
  approvalRefresh: 'approval.refresh',
  approvalCancel: 'approval.cancel',
  // The `approvals` list's Refresh and the closed approval card's next step (capability approval.list).
  approvalsList: 'approval.list',
  // Password rotation (issue 7): capabilities password.rotateNow, password.forceReset, rotation.history.
  rotationRotateNow: 'rotation.rotateNow',
  rotationRetry: 'rotation.retry',
  rotationForceReset: 'rotation.forceReset',
  rotationForceResetConfirm: 'rotation.forceReset.confirm',
  rotationHistory: 'rotation.history',
  // Settings, the management service account and the mode switch (issue 5), named as in the capability catalogue.
  settingsOpen: 'settings.open',
  settingsAutoEnableSet: 'settings.autoEnable.set',
  settingsRotationScheduleSet: 'settings.rotationSchedule.set',
  settingsApprovalPolicySet: 'settings.approvalPolicy.set',
  serviceAccountCreate: 'serviceAccount.create',
  serviceAccountRetry: 'serviceAccount.retry',
  modeChangeRequest: 'mode.change.request',
  advancedDisableConfirm: 'advanced.disable.confirm',
  // Management sessions and the first actions (issue 6), named as in the capability catalogue:
  // session.turnOn also carries the Default-mode sign-in (its inputs), status.details is session.details.
  sessionTurnOn: 'session.turnOn',
  sessionTurnOff: 'session.turnOff',
  sessionDetails: 'status.details',
  blockSignInConfirm: 'user.blockSignIn.confirm',
  unblockSignInConfirm: 'user.unblockSignIn.confirm',
  revokeSessionsConfirm: 'user.revokeSessions.confirm',
  // The action catalogue (issue 13): confirmations follow `${actionId}.confirm`; "I've copied it" hides a shown-once secret.
  resetPasswordConfirm: 'user.resetPassword.confirm',
  addToGroupConfirm: 'user.addToGroup.confirm',
  removeFromGroupConfirm: 'user.removeFromGroup.confirm',
  shownOnceRedact: 'shownOnce.redact',
  // Conditional access (issue 15): check policies, the allowed-IPs dialog (its steps name themselves) and its undo.
  checkPolicies: 'conditionalAccess.check',
  configureAllowedIps: 'conditionalAccess.configureAllowedIps',
  removeAllowedIps: 'conditionalAccess.removeAllowedIps',
  // The action catalogue (issue 13): profile fields and licences, and the catalogue's Start buttons (capability actions.list;
  // the action itself is authorized again, with its target, when it is prepared).
  updateProfileConfirm: 'user.updateProfile.confirm',
  assignLicenseConfirm: 'user.assignLicense.confirm',
  removeLicenseConfirm: 'user.removeLicense.confirm',
  actionsStart: 'actions.start',
  // Bulk actions (issue 13): Confirm starts the job once per click; Cancel stops it after the batches in flight.
  bulkConfirm: 'bulk.confirm',
  bulkCancel: 'bulk.cancel',
  // `bulk action`: the form for a pasted list (Review prepares it like the typed command).
  bulkForm: 'bulk.form',
  bulkPrepare: 'bulk.prepare',
  // The finished summary's "Download results (CSV)": the job's per-user results through the audit export's delivery.
  bulkExport: 'bulk.export',
  // Password & access, out-of-office and leavers (issue 13), `${actionId}.confirm` as above.
  createTemporaryAccessPassConfirm: 'user.createTemporaryAccessPass.confirm',
  setAutomaticRepliesConfirm: 'user.setAutomaticReplies.confirm',
  turnOffAutomaticRepliesConfirm: 'user.turnOffAutomaticReplies.confirm',
  removeFromAllGroupsConfirm: 'user.removeFromAllGroups.confirm',
  removeAllLicensesConfirm: 'user.removeAllLicenses.confirm',
  // Which operator runs need a tenant admin's approval (issue 13): tenant admins only.
  actionsApprovalSet: 'actions.approval.set',
  actionsBulkThresholdSet: 'actions.bulkThreshold.set',
  // Running a published custom action (issue 14): Confirm names the pending action; the service reads the definition again.
  customActionRunConfirm: 'customAction.run.confirm',
  // Workflows and playbooks (issue 14): the lists their notices end on.
  workflowRuns: 'workflow.runs',
  playbooksList: 'playbooks.list',
  // Running workflows (capability workflow.run): Preview (the `workflows` card's Start forms, Update preview),
  // Start (once per click: the invoke's id is the run's start key), a choice step's answer, Stop and Retry.
  // workflow.runs with a runId opens that run.
  workflowPrepare: 'workflow.prepare',
  workflowStart: 'workflow.start',
  workflowAnswer: 'workflow.answer',
  workflowStop: 'workflow.stop',
  workflowRetry: 'workflow.retry',
  // Workflow schedules (capability workflow.schedule, tenant admins): the list (workflow.schedules), the form and
  // its confirmation (workflow.schedule.define, whose data names the step: form, check or create), Remove.
  workflowSchedules: 'workflow.schedules',
  workflowScheduleDefine: 'workflow.schedule.define',
  workflowScheduleRemove: 'workflow.schedule.remove',
  // Playbooks (tenant admins): Run now (playbooks.run), a policy's mode (playbooks.configure), a run's report (playbooks.list).
  playbookRun: 'playbook.run',
  playbookPolicyMode: 'playbook.policy.mode',
  playbookReport: 'playbook.report',
  // "Open the action catalogue" on other cards (capability actions.list).
  actionsList: 'actions.list',
  // Custom actions (issue 14), tenant admins only: the list, the form (its Check and Save name their step),
  // the lifecycle steps, the preview and the history (customAction.define); approve and reject (customAction.approve).
  customActionsList: 'customAction.list',
  customActionDefine: 'customAction.define',
  customActionSubmit: 'customAction.submit',
  customActionPublish: 'customAction.publish',
  customActionDisable: 'customAction.disable',
  customActionEnable: 'customAction.enable',
  customActionPreview: 'customAction.preview',
  customActionHistory: 'customAction.history',
  customActionApprove: 'customAction.approve',
  customActionReject: 'customAction.reject',
  // Workflows tenant admins define (issue 14), the custom actions' lifecycle: the list, the form (its Check, Save and
  // Edit name their step), the lifecycle steps, the review and the history (workflow.define); approve and reject (workflow.approve).
  workflowDefinitionsList: 'workflowDefinition.list',
  workflowDefine: 'workflowDefinition.define',
  workflowDefinitionSubmit: 'workflowDefinition.submit',
  workflowDefinitionPublish: 'workflowDefinition.publish',
  workflowDefinitionDisable: 'workflowDefinition.disable',
  workflowDefinitionEnable: 'workflowDefinition.enable',
  workflowDefinitionReview: 'workflowDefinition.review',
  workflowDefinitionHistory: 'workflowDefinition.history',
  workflowDefinitionApprove: 'workflowDefinition.approve',
  workflowDefinitionReject: 'workflowDefinition.reject',
} as const;

export type Verb = (typeof Verbs)[keyof typeof Verbs];

export const allVerbs: readonly Verb[] = Object.values(Verbs);

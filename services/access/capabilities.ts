/**
 * The capability matrix: every chat command and card verb the bot has (or will have in the
 * issues already planned), and who may use it. Verb names come from cards/verbs.ts, the one
 * module the card templates and the verb tables use, so the three cannot drift apart. The bot's router and verb table map each
 * entry point to a capability id and call `AuthorizationService.authorize` with it; the
 * matrix test iterates `ENTRY_POINTS`, so a new command cannot ship without a row here.
 */
import { Verbs } from '../../cards/verbs';
import { MANAGEMENT_ACTIONS, type ManagementActionId } from './actions';

/**
 * - anyone: every user of an allowed tenant, including users with no role (help, status).
 * - tenantAdmin: Global Administrator / Privileged Role Administrator, or bootstrap admins.
 * - adminOrAuditor: read-only oversight of the audit trail.
 * - adminOrOperator: holding any operator grant is enough (e.g. turning a session on).
 * - targetAction: a management action on a user; a tenant admin may act on anyone, an operator
 *   only inside the grant's scope and allowed actions.
 */
export type CapabilityAudience = 'anyone' | 'tenantAdmin' | 'adminOrAuditor' | 'adminOrOperator' | 'targetAction';

export interface CapabilityDefinition {
  readonly id: string;
  readonly audience: CapabilityAudience;
  readonly summary: string;
  /** Canonical chat commands that reach this capability. */
  readonly commands: readonly string[];
  /** `Action.Execute` verbs that reach this capability. */
  readonly verbs: readonly string[];
  /** For targetAction capabilities: the catalog action an operator grant must allow. */
  readonly action?: ManagementActionId;
}

const BOT_CAPABILITIES = [
  { id: 'help', audience: 'anyone', summary: 'Show what I can do for you', commands: ['help'], verbs: [Verbs.showHelp] },
  // approval.refresh is the Universal Actions refresh of an approval card: a read of the request's
  // status. The Approve/Reject view inside it is still given only to eligible approvers.
  { id: 'status', audience: 'anyone', summary: 'Show the management session status', commands: ['status'], verbs: [Verbs.refreshSessionStatus, Verbs.approvalRefresh] },
  // "I've copied it" only hides a secret on a card; the service checks the clicker is the person it was shown to.
  { id: 'shownOnce.redact', audience: 'anyone', summary: 'Hide a secret shown once on a card', commands: [], verbs: [Verbs.shownOnceRedact] },
  // A bulk action's per-user results: the door lets the click through; the export service decides
  // (the job's preparer while they may run bulk actions, or audit.export) and audits its refusals.
  { id: 'bulk.export', audience: 'anyone', summary: "Download a bulk action's per-user results", commands: [], verbs: [Verbs.bulkExport] },

  { id: 'settings.view', audience: 'tenantAdmin', summary: 'Show management settings', commands: ['settings'], verbs: [Verbs.settingsOpen] },
  { id: 'settings.update', audience: 'tenantAdmin', summary: 'Change auto-enable, rotation schedule and time zone, and the break-glass accounts', commands: ['auto-enable', 'break-glass accounts'], verbs: [Verbs.settingsAutoEnableSet, Verbs.settingsRotationScheduleSet] },
  { id: 'approvalPolicy.set', audience: 'tenantAdmin', summary: 'Choose four-eyes or self-approve', commands: ['approval policy'], verbs: [Verbs.settingsApprovalPolicySet] },
  { id: 'mode.change', audience: 'tenantAdmin', summary: 'Request a change of management type', commands: ['change management type'], verbs: [Verbs.modeChangeRequest] },
  { id: 'serviceAccount.create', audience: 'tenantAdmin', summary: 'Create the management service account', commands: ['create service account'], verbs: [Verbs.serviceAccountCreate, Verbs.serviceAccountRetry] },
  { id: 'advanced.disable', audience: 'tenantAdmin', summary: 'Disable advanced management', commands: ['disable advanced management'], verbs: [Verbs.advancedDisableConfirm] },
  { id: 'password.rotateNow', audience: 'tenantAdmin', summary: 'Rotate the service account password now', commands: ['rotate password now'], verbs: [Verbs.rotationRotateNow, Verbs.rotationRetry] },
  // The guided recovery of a locked-out management account (issue 7): a fresh password set through the bot's identity.
  { id: 'password.forceReset', audience: 'tenantAdmin', summary: 'Set a fresh password for a locked-out management account', commands: ['force reset'], verbs: [Verbs.rotationForceReset, Verbs.rotationForceResetConfirm] },
  { id: 'conditionalAccess.check', audience: 'tenantAdmin', summary: 'Check which conditional access policies apply to the management account', commands: ['check policies'], verbs: [Verbs.checkPolicies] },
  { id: 'conditionalAccess.configureAllowedIps', audience: 'tenantAdmin', summary: 'Configure allowed IPs for the management account', commands: ['configure allowed ips'], verbs: [Verbs.configureAllowedIps] },
  { id: 'conditionalAccess.removeAllowedIps', audience: 'tenantAdmin', summary: 'Remove the allowed IPs the bot configured', commands: ['remove allowed ips'], verbs: [Verbs.removeAllowedIps] },
  { id: 'session.details', audience: 'tenantAdmin', summary: 'Show session counters and principal details', commands: [], verbs: [Verbs.sessionDetails] },
  { id: 'notify.here', audience: 'tenantAdmin', summary: 'Register this channel for admin notices', commands: ['notify here'], verbs: [] },
  { id: 'operator.grant', audience: 'tenantAdmin', summary: 'Grant an operator a scope and actions', commands: ['grant operator'], verbs: [Verbs.grantOperatorConfirm] },
  { id: 'operator.revoke', audience: 'tenantAdmin', summary: 'Revoke an operator', commands: ['revoke operator'], verbs: [Verbs.revokeOperatorConfirm] },
  { id: 'operator.list', audience: 'tenantAdmin', summary: 'List operator grants', commands: ['operators'], verbs: [Verbs.operatorsPage] },
  { id: 'auditor.grant', audience: 'tenantAdmin', summary: 'Grant a user read access to the audit', commands: ['grant auditor'], verbs: [Verbs.grantAuditorConfirm] },
  { id: 'auditor.revoke', audience: 'tenantAdmin', summary: 'Revoke an auditor', commands: ['revoke auditor'], verbs: [Verbs.revokeAuditorConfirm] },
  { id: 'auditor.list', audience: 'tenantAdmin', summary: 'List auditors', commands: ['auditors'], verbs: [] },
  { id: 'approval.list', audience: 'tenantAdmin', summary: 'List pending approval requests', commands: ['approvals'], verbs: [Verbs.approvalsList] },
  { id: 'approval.approve', audience: 'tenantAdmin', summary: 'Approve a request', commands: [], verbs: [Verbs.approvalApprove] },
  { id: 'approval.reject', audience: 'tenantAdmin', summary: 'Reject a request', commands: [], verbs: [Verbs.approvalReject] },
  // Custom actions (issue 14): only tenant admins define, approve and publish them (services/custom-actions/).
  // The form's Check and Save share customAction.define's verb (the card names the step): a stranger's
  // first denial of each entry point must fit the denial-audit window (maxPerKind, 10 per capability).
  {
    id: 'customAction.define',
    audience: 'tenantAdmin',
    summary: 'Define, edit, submit, publish, disable and enable custom actions; see their previews and history',
    commands: ['custom actions', 'new custom action'],
    verbs: [Verbs.customActionsList, Verbs.customActionDefine, Verbs.customActionSubmit, Verbs.customActionPublish, Verbs.customActionDisable, Verbs.customActionEnable, Verbs.customActionPreview, Verbs.customActionHistory],
  },
  { id: 'customAction.approve', audience: 'tenantAdmin', summary: "Approve or reject another admin's custom action", commands: [], verbs: [Verbs.customActionApprove, Verbs.customActionReject] },
  // Workflows tenant admins define (issue 14), with the custom actions' lifecycle (services/workflows/workflow-definition.service.ts);
  // running a published one is workflow.run. Ten entry points, as customAction.define (the denial-audit window's maxPerKind).
  {
    id: 'workflow.define',
    audience: 'tenantAdmin',
    summary: 'Define, edit, submit, publish, disable and enable workflows; review them and see their history',
    commands: ['workflow definitions', 'new workflow'],
    verbs: [Verbs.workflowDefinitionsList, Verbs.workflowDefine, Verbs.workflowDefinitionSubmit, Verbs.workflowDefinitionPublish, Verbs.workflowDefinitionDisable, Verbs.workflowDefinitionEnable, Verbs.workflowDefinitionReview, Verbs.workflowDefinitionHistory],
  },
  { id: 'workflow.approve', audience: 'tenantAdmin', summary: "Approve or reject another admin's workflow", commands: [], verbs: [Verbs.workflowDefinitionApprove, Verbs.workflowDefinitionReject] },

  // The approval service additionally checks that the actor is the requester.
  { id: 'approval.cancel', audience: 'adminOrOperator', summary: 'Cancel your own request', commands: [], verbs: [Verbs.approvalCancel] },
  // Which modes an operator may use is the session service's rule, not a capability.
  { id: 'session.turnOn', audience: 'adminOrOperator', summary: 'Turn the management session on', commands: ['turn on management', 'enable management', 'management on'], verbs: [Verbs.sessionTurnOn] },
  // The `actions` catalogue and its Start buttons; each action is authorized again, with its target, when prepared.
  { id: 'actions.list', audience: 'adminOrOperator', summary: 'List the management actions you may run', commands: ['actions'], verbs: [Verbs.actionsStart, Verbs.actionsList] },
  { id: 'customAction.run', audience: 'adminOrOperator', summary: 'Run a published custom action on a user (the action says who may; operators: users in their scope)', commands: ['run'], verbs: [Verbs.customActionRunConfirm] },
  // Workflows (issue 14): the door checks workflow.run; starting a run authorizes every action step on the target
  // (scope included) and each step is authorized again when it runs. Ten entry points, the denial-audit window's maxPerKind:
  // a new workflow button reuses one of these verbs (data names the step), as workflow.runs does to open a run.
  { id: 'workflow.run', audience: 'adminOrOperator', summary: 'Run workflows (onboarding, offboarding, compromised account) on users you may act on, and see their runs', commands: ['workflows', 'run workflow', 'remediate compromised', 'workflow runs'], verbs: [Verbs.workflowRuns, Verbs.workflowPrepare, Verbs.workflowStart, Verbs.workflowAnswer, Verbs.workflowStop, Verbs.workflowRetry] },
  { id: 'workflow.schedule', audience: 'tenantAdmin', summary: 'Run workflows on a schedule for every user of a department or group', commands: ['workflow schedules', 'schedule workflow'], verbs: [Verbs.workflowSchedules, Verbs.workflowScheduleDefine, Verbs.workflowScheduleRemove] },
  { id: 'playbooks.list', audience: 'tenantAdmin', summary: 'Show playbooks, their policies, modes, schedules and last runs', commands: ['playbooks'], verbs: [Verbs.playbooksList, Verbs.playbookReport] },
  { id: 'playbooks.run', audience: 'tenantAdmin', summary: 'Run a playbook now, and attest its remediations', commands: ['run playbook'], verbs: [Verbs.playbookRun] },
  { id: 'playbooks.configure', audience: 'tenantAdmin', summary: "Change a playbook policy's mode and a playbook's schedule", commands: [], verbs: [Verbs.playbookPolicyMode] },
  { id: 'actions.approvals', audience: 'tenantAdmin', summary: 'Choose which actions need approval when operators run them', commands: ['action approvals'], verbs: [Verbs.actionsApprovalSet, Verbs.actionsBulkThresholdSet] },
  // Bulk actions' Confirm and Cancel; the job's action is authorized again for the person when it starts.
  { id: 'actions.bulk', audience: 'adminOrOperator', summary: 'Run one management action on many users: a pasted list, a department or a group', commands: ['bulk action'], verbs: [Verbs.bulkConfirm, Verbs.bulkCancel, Verbs.bulkForm, Verbs.bulkPrepare] },
  { id: 'session.turnOff', audience: 'adminOrOperator', summary: 'Turn the management session off', commands: ['turn off management', 'disable management', 'management off'], verbs: [Verbs.sessionTurnOff] },

  { id: 'audit.view', audience: 'adminOrAuditor', summary: 'Show the latest audit records', commands: ['audit'], verbs: [Verbs.auditPage] },
  { id: 'audit.export', audience: 'adminOrAuditor', summary: 'Export the audit as CSV or JSON', commands: ['export audit'], verbs: [Verbs.auditExport] },
  { id: 'audit.verify', audience: 'adminOrAuditor', summary: 'Verify the audit hash chain', commands: ['verify audit'], verbs: [Verbs.auditVerify] },
  { id: 'rotation.history', audience: 'adminOrAuditor', summary: 'Show past password rotations', commands: ['rotation history'], verbs: [Verbs.rotationHistory] },
] as const satisfies readonly CapabilityDefinition[];

/** One capability per catalog action, so granting a new action needs no edit here. */
const ACTION_CAPABILITIES: readonly CapabilityDefinition[] = MANAGEMENT_ACTIONS.map((action) => ({
  id: action.id,
  audience: 'targetAction',
  summary: action.title,
  commands: action.commands,
  // The action's confirmation button; cards/verbs.ts names the ones the bot can run today.
  verbs: [`${action.id}.confirm`],
  action: action.id,
}));

export type CapabilityId = (typeof BOT_CAPABILITIES)[number]['id'] | ManagementActionId;

export const CAPABILITIES: readonly (CapabilityDefinition & { readonly id: CapabilityId })[] = [
  ...BOT_CAPABILITIES,
  ...(ACTION_CAPABILITIES as readonly (CapabilityDefinition & { readonly id: ManagementActionId })[]),
];

const BY_ID = new Map<string, CapabilityDefinition & { readonly id: CapabilityId }>(CAPABILITIES.map((c) => [c.id, c]));

export function findCapability(id: string): (CapabilityDefinition & { readonly id: CapabilityId }) | undefined {
  return BY_ID.get(id);
}

export interface CapabilityEntryPoint {
  readonly kind: 'command' | 'verb';
  readonly name: string;
  readonly capability: CapabilityId;
}

/** Every command and verb that exists, each mapped to the capability it needs. */
export const ENTRY_POINTS: readonly CapabilityEntryPoint[] = CAPABILITIES.flatMap((capability) => [
  ...capability.commands.map((name) => ({ kind: 'command' as const, name, capability: capability.id })),
  ...capability.verbs.map((name) => ({ kind: 'verb' as const, name, capability: capability.id })),
]);

/** The capability behind a card verb, for the bot's verb table. Unknown verbs return undefined (deny). */
export function capabilityForVerb(verb: string): CapabilityId | undefined {
  return ENTRY_POINTS.find((entry) => entry.kind === 'verb' && entry.name === verb)?.capability;
}

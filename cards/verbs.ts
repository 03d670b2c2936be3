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
} as const;

export type Verb = (typeof Verbs)[keyof typeof Verbs];

export const allVerbs: readonly Verb[] = Object.values(Verbs);

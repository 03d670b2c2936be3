/**
 * A request in words for people: what kind it is and what it would change. The approval service
 * stores kinds and payloads as ids and values ("mode.change", { targetMode: "advanced" }); cards
 * show sentences.
 */
import type { ApprovalRequest } from '../../services/approvals/approval-request';

const KIND_TITLES: Readonly<Record<string, string>> = {
  'mode.change': 'Change management type',
  'advanced.disable': 'Disable advanced management',
  'action.run': 'Run a management action',
  'bulk.run': 'Run a bulk management action',
  'workflow.step': 'Approve a workflow step',
  'playbook.remediation': 'Attest a playbook remediation',
  'conditionalAccess.enforce': 'Switch on the allowed-IPs policy',
};

const MODE_NAMES: Readonly<Record<string, string>> = { none: 'not chosen', default: 'Default', advanced: 'Advanced' };

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

export function approvalTitle(request: Pick<ApprovalRequest, 'kind'>): string {
  return KIND_TITLES[request.kind] ?? 'Approval request';
}

/** "Switch the management type from Default to Advanced." */
export function approvalWhat(request: Pick<ApprovalRequest, 'kind' | 'payload'>): string {
  const { payload } = request;
  if (request.kind === 'mode.change') {
    const to = text(payload['targetMode']);
    const from = text(payload['fromMode']);
    const toName = to ? (MODE_NAMES[to] ?? to) : 'another type';
    return from ? `Switch the management type from ${MODE_NAMES[from] ?? from} to ${toName}.` : `Switch the management type to ${toName}.`;
  }
  if (request.kind === 'advanced.disable') {
    const upn = text(payload['userPrincipalName']);
    return `Turn off advanced management and remove the management service account${upn ? ` ${upn}` : ''} and its password.`;
  }
  if (request.kind === 'action.run') return `${text(payload['change']) ?? text(payload['action']) ?? 'A management action'}.`;
  if (request.kind === 'bulk.run') return `${text(payload['action']) ?? 'A bulk action'} for ${text(payload['toChange']) ?? 'many users'} (${text(payload['users']) ?? 'a list'}).`;
  if (request.kind === 'workflow.step') {
    const workflow = text(payload['workflowTitle']) ?? text(payload['workflow']) ?? 'A workflow';
    const who = text(payload['targetName']) ?? text(payload['target']);
    const asks = text(payload['message']);
    return `${workflow}${who ? ` for ${who}` : ''} waits for this approval${asks ? `: ${asks}` : '.'}`;
  }
  if (request.kind === 'playbook.remediation') {
    const findings = typeof payload['findings'] === 'number' ? payload['findings'] : undefined;
    const users = findings === undefined ? 'the users it found' : `${findings.toLocaleString('en-US')} ${findings === 1 ? 'user' : 'users'}`;
    return `${text(payload['policyName']) ?? 'A playbook policy'} (${text(payload['playbookName']) ?? 'a playbook'}) would ${text(payload['remediation']) ?? 'remediate'} for ${users}.`;
  }
  if (request.kind === 'conditionalAccess.enforce') {
    const excluded = text(payload['excludedFrom']);
    return `Switch on "${text(payload['policyName']) ?? 'the bot\'s policy'}": MFA is required for ${text(payload['account']) ?? 'the management account'} everywhere except ${text(payload['ranges']) ?? 'the allowed IPs'} ("${text(payload['locationName']) ?? 'the allowed IPs'}").${excluded ? ` The account was excluded from ${excluded}.` : ''} It is report-only until approved.`;
  }
  return 'A change that needs a second tenant admin.';
}

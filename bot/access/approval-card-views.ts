import { renderApprovalCard, type AdaptiveCardJson, type CardFact } from '../../cards';
import { describePerson, type Actor, type Person } from '../../services/access/actor';
import type { ApprovalRequest } from '../../services/approvals/approval-request';
import type { ApprovalService } from '../../services/approvals/approval.service';
import type { JsonValue } from '../../services/ports/audit-log.port';

/** Words for the kinds later issues register; an unknown kind is shown as its id. */
const KIND_LABELS: Readonly<Record<string, string>> = {
  'mode.change': 'Change management type',
  'advanced.disable': 'Disable advanced management',
  'action.run': 'Run a management action',
  'bulk.run': 'Run a bulk management action',
  // Issue 14: a workflow's approval step, and a playbook's attestation before it remediates.
  'workflow.step': 'Approve a workflow step',
  'playbook.remediation': 'Attest a playbook remediation',
  // Issue 15: the allowed-IPs policy goes from report-only to on.
  'conditionalAccess.enforce': 'Switch on the allowed-IPs policy',
};

const MAX_DETAILS = 8;

export function approvalKindLabel(kind: string): string {
  return KIND_LABELS[kind] ?? kind;
}

/** "targetMode" → "Target mode". */
function labelOfKey(key: string): string {
  const spaced = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/[_-]+/g, ' ').toLowerCase();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

function valueText(value: JsonValue): string {
  if (value === null) return '—';
  if (Array.isArray(value) && value.every((item) => typeof item !== 'object' || item === null)) return value.map((item) => String(item)).join(', ');
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** The payload as card facts. Payloads hold no secrets (the service refuses them at creation). */
export function payloadFacts(request: ApprovalRequest): CardFact[] {
  const curated = KIND_FACTS[request.kind]?.(request.payload);
  if (curated) return curated.slice(0, MAX_DETAILS);
  // Ids (the pending action, the bulk job) are for the bot, not for people.
  return Object.entries(request.payload)
    .filter(([key]) => !/Id$/.test(key))
    .slice(0, MAX_DETAILS)
    .map(([key, value]) => ({ label: labelOfKey(key), value: valueText(value) }));
}

const text = (value: JsonValue | undefined): string | undefined => (typeof value === 'string' && value.trim() !== '' ? value : typeof value === 'number' ? String(value) : undefined);

const fact = (label: string, value: string | undefined): CardFact[] => (value ? [{ label, value }] : []);

/** What happens when nobody decides a workflow's approval step (its onTimeout), in words. */
function onTimeoutWords(onTimeout: string | undefined): string {
  if (!onTimeout || onTimeout === 'stop') return 'The run stops there';
  if (onTimeout === 'continue') return 'The run goes on without this step';
  return 'The run goes on at a later step';
}

/** Kinds whose payload holds ids and stored values: their facts, in words. */
const KIND_FACTS: Readonly<Record<string, (payload: ApprovalRequest['payload']) => CardFact[]>> = {
  'workflow.step': (payload) => [
    ...fact('Workflow', text(payload['workflowTitle']) ?? text(payload['workflow'])),
    ...fact('User', text(payload['targetName']) && text(payload['target']) ? `${text(payload['targetName'])} (${text(payload['target'])})` : text(payload['target'])),
    ...fact('Asks', text(payload['message'])),
    ...fact('Who decides', payload['approvers'] === 'tenantAdmins' ? 'Any tenant admin other than the requester' : text(payload['approvers'])),
    { label: 'If nobody decides', value: onTimeoutWords(text(payload['onTimeout'])) },
  ],
  'conditionalAccess.enforce': (payload) => [
    ...fact('Policy', text(payload['policyName'])),
    ...fact('Requires', text(payload['account']) ? `MFA for ${text(payload['account'])} everywhere except ${text(payload['ranges']) ?? 'the allowed IPs'}` : undefined),
    ...fact('Trusted location', text(payload['locationName']) && text(payload['ranges']) ? `"${text(payload['locationName'])}": ${text(payload['ranges'])}` : undefined),
    ...fact('Account excluded from', text(payload['excludedFrom'])),
    { label: 'Until approved', value: 'Report-only: it is evaluated, not enforced' },
  ],
  'playbook.remediation': (payload) => {
    const findings = typeof payload['findings'] === 'number' ? payload['findings'] : undefined;
    return [
      ...fact('Playbook', text(payload['playbookName'])),
      ...fact('Policy', text(payload['policyName'])),
      ...fact('Remediation', text(payload['remediation'])),
      ...fact('Users', findings === undefined ? undefined : `${findings.toLocaleString('en-US')} ${findings === 1 ? 'user' : 'users'} found`),
      ...fact('Who decides', text(payload['approverName']) ?? 'Any tenant admin'),
    ];
  },
};

export interface ApprovalCardOptions {
  mode: 'decide' | 'status';
  /** Refresh targets; only used while pending. */
  approverIds: readonly string[];
  message?: string;
  /** A cancelled card also offers "Open settings" (the requester's copy: where to ask again). */
  showSettings?: boolean;
}

/**
 * Renders an approval request for a given viewer. Who sees Approve/Reject is the
 * ApprovalService's answer for the actor of the activity (ApprovalService.mayDecide); the
 * decision itself is re-checked by ApprovalService.decide.
 */
export class ApprovalCardViews {
  constructor(private readonly approvals: Pick<ApprovalService, 'mayDecide' | 'eligibleApprovers'>) {}

  render(request: ApprovalRequest, options: ApprovalCardOptions): AdaptiveCardJson {
    return renderApprovalCard({
      requestId: request.id,
      tenantId: request.tenantId,
      requesterId: request.requester.userId,
      kindLabel: approvalKindLabel(request.kind),
      details: payloadFacts(request),
      requester: describePerson(request.requester),
      createdAt: request.createdAt,
      expiresAt: request.expiresAt,
      state: request.state,
      ...(request.decidedBy ? { decidedBy: describePerson(request.decidedBy) } : {}),
      ...(request.decidedAt ? { decidedAt: request.decidedAt } : {}),
      selfApproved: request.selfApproved,
      mode: options.mode,
      approverIds: request.state === 'pending' ? options.approverIds : [],
      ...(options.message ? { message: options.message } : {}),
      ...(options.showSettings ? { showSettings: true } : {}),
    });
  }

  /**
   * The requester's own "approval requested" card once the request closed without approval
   * (after an approval the feature's progress card takes it over). Only the requester can
   * cancel, so a cancelled one says "you".
   */
  requesterCopy(request: ApprovalRequest): AdaptiveCardJson {
    const message =
      request.state === 'cancelled'
        ? 'You cancelled this request. Nothing was changed.'
        : request.state === 'rejected'
          ? 'Your request was rejected. Nothing was changed.'
          : request.state === 'expired'
            ? 'Your request expired without a decision. Ask again if you still need it.'
            : undefined;
    return this.render(request, { mode: 'status', approverIds: [], showSettings: true, ...(message ? { message } : {}) });
  }

  /** The view the activity's actor should see now (Universal Actions refresh, and after a click). */
  async forActor(request: ApprovalRequest, actor: Actor, message?: string): Promise<AdaptiveCardJson> {
    if (request.state !== 'pending') return this.render(request, { mode: 'status', approverIds: [], ...(message ? { message } : {}) });
    const approverIds = await this.approverIds(request);
    const mode = (await this.approvals.mayDecide(request, actor)) ? 'decide' : 'status';
    return this.render(request, { mode, approverIds, ...(message ? { message } : {}) });
  }

  async approverIds(request: ApprovalRequest): Promise<string[]> {
    return (await this.approvers(request)).map((person) => person.userId);
  }

  /** Who may decide the request now, by id and name. */
  async approvers(request: ApprovalRequest): Promise<Person[]> {
    return this.approvals.eligibleApprovers(request.tenantId, request.id);
  }

  /** What the requester is told after a decision or expiry. */
  requesterNotice(request: ApprovalRequest): AdaptiveCardJson {
    const message =
      request.state === 'expired'
        ? 'Your request expired without a decision. Ask again if you still need it.'
        : request.state === 'approved'
          ? 'Your request was approved.'
          : request.state === 'rejected'
            ? 'Your request was rejected.'
            : 'Your request was closed.';
    return this.render(request, { mode: 'status', approverIds: [], message });
  }
}

export function approvalSummary(request: ApprovalRequest): string {
  const kind = approvalKindLabel(request.kind);
  return request.state === 'pending' ? `Approval needed: ${kind}` : `${kind}: ${request.state}`;
}

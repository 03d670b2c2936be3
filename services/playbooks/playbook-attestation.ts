/**
 * The approval kind 'playbook.remediation': a tenant admin (or the policy's named approver)
 * attests that a run may remediate what it found. Registered with the generic ApprovalService,
 * which decides exactly once, audits the decision and re-runs an effect a crash cut off; so both
 * effects here are compare-and-set transitions of the policy, safe to run twice, and both hand
 * the remediation itself to background work (an invoke is answered right after them).
 *
 * A named approver is the one person whose attestation counts. ApprovalService lets any tenant
 * admin decide; an approval by someone else closes the policy as not attested (audited, nothing
 * changed), rather than acting on an attestation the policy did not ask for.
 */
import type { CapabilityId } from '../access/capabilities';
import type { ApprovalKindHandler } from '../approvals/approval-handler.registry';
import type { ApprovalRequest } from '../approvals/approval-request';
import type { JsonObject } from '../ports/audit-log.port';
import type { Clock } from '../ports/clock.port';
import { notice, policyAudit } from './playbook-follow-ups';
import type { PlaybookRepository } from './playbook.repository.port';
import { PLAYBOOK_REMEDIATION_APPROVAL, type PlaybookRunner } from './playbook-runner';
import type { PlaybookOutcomeCode } from './playbook-errors';

export interface BackgroundStarter {
  start(name: string, work: () => Promise<unknown>): void;
}

export interface PlaybookAttestationDeps {
  repository: PlaybookRepository;
  runner: Pick<PlaybookRunner, 'advance'>;
  background: BackgroundStarter;
  clock: Clock;
  /** What the requester must hold to ask (ApprovalService checks it at creation): the run capability once it exists. */
  requestCapability: CapabilityId;
}

const CLOSED_CODES: Record<string, PlaybookOutcomeCode> = {
  rejected: 'PLAYBOOK.ATTESTATION_REJECTED',
  expired: 'PLAYBOOK.ATTESTATION_EXPIRED',
  cancelled: 'PLAYBOOK.ATTESTATION_CANCELLED',
};

const WAITING = ['requesting-approval', 'awaiting-approval'] as const;

export function playbookAttestationHandler(deps: PlaybookAttestationDeps): ApprovalKindHandler {
  const context = (request: ApprovalRequest) => {
    const runId = String(request.payload.runId);
    const policyId = String(request.payload.policyId);
    const run = deps.repository.getRun(request.tenantId, runId);
    const policy = run?.policies.find((candidate) => candidate.policyId === policyId);
    // A duplicate request (never expected) cannot steer a policy that waits on another one.
    if (!run || !policy || (policy.approvalRequestId && policy.approvalRequestId !== request.id)) return undefined;
    return { run, policy };
  };
  const resume = (tenantId: string, runId: string): void => deps.background.start(`playbook run ${runId}`, () => deps.runner.advance(tenantId, runId));

  return {
    kind: PLAYBOOK_REMEDIATION_APPROVAL,
    requestCapability: deps.requestCapability,
    validatePayload: (payload: JsonObject) => {
      if (typeof payload.runId !== 'string' || !/^[0-9a-f-]{8,64}$/i.test(payload.runId)) throw new Error('payload.runId must be an id');
      if (typeof payload.policyId !== 'string' || !/^[a-z0-9-]{1,64}$/.test(payload.policyId)) throw new Error('payload.policyId must be a policy id');
    },
    onApproved: async (request) => {
      const found = context(request);
      if (!found) return;
      const { run, policy } = found;
      const decidedBy = request.decidedBy;
      const namedApprover = typeof request.payload.approverUserId === 'string' ? request.payload.approverUserId : undefined;
      if (namedApprover && decidedBy?.userId.toLowerCase() !== namedApprover.toLowerCase()) {
        const code = 'PLAYBOOK.NOT_NAMED_APPROVER';
        deps.repository.transitionPolicy(run.id, policy.policyId, {
          from: WAITING,
          to: 'not-attested',
          code,
          approvalRequestId: request.id,
          ...(decidedBy ? { decidedBy } : {}),
          skipPendingWith: code,
          followUps: [
            policyAudit(run, policy, 'playbook.attestation', { outcome: 'denied', code }, { approvalRequestId: request.id, decidedBy: decidedBy?.userId ?? null, approver: namedApprover }),
            notice(run, policy, { kind: 'not-attested', code, ...(decidedBy ? { decidedBy } : {}) }, [], policy.findingCount),
          ],
        });
      } else {
        const moved = deps.repository.transitionPolicy(run.id, policy.policyId, {
          from: WAITING,
          to: 'remediating',
          approvalRequestId: request.id,
          ...(decidedBy ? { decidedBy } : {}),
          followUps: [policyAudit(run, policy, 'playbook.attestation', { outcome: 'ok' }, { approvalRequestId: request.id, decidedBy: decidedBy?.userId ?? null, selfApproved: request.selfApproved })],
        });
        if (moved) deps.repository.setRunState(run.id, 'running', deps.clock.now().toISOString());
      }
      resume(run.tenantId, run.id);
    },
    onClosed: async (request) => {
      const found = context(request);
      if (!found) return;
      const { run, policy } = found;
      const code = CLOSED_CODES[request.state] ?? 'PLAYBOOK.ATTESTATION_CANCELLED';
      const decidedBy = request.state === 'expired' ? undefined : request.decidedBy;
      deps.repository.transitionPolicy(run.id, policy.policyId, {
        from: WAITING,
        to: 'not-attested',
        code,
        approvalRequestId: request.id,
        ...(decidedBy ? { decidedBy } : {}),
        skipPendingWith: code,
        followUps: [
          policyAudit(run, policy, 'playbook.attestation', { outcome: 'denied', code }, { approvalRequestId: request.id, state: request.state, decidedBy: decidedBy?.userId ?? null }),
          notice(run, policy, { kind: 'not-attested', code, ...(decidedBy ? { decidedBy } : {}) }, [], policy.findingCount),
        ],
      });
      resume(run.tenantId, run.id);
    },
  };
}

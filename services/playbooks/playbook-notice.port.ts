/**
 * What a playbook tells people, as plain data; the wiring renders a card and posts it (the admin
 * channel for alerts and reports; the named approver, or every tenant admin, for attestations),
 * normally through the durable notice outbox.
 *
 * At least once: a notice is stored with the state change that owes it and published after, so a
 * crash in between publishes it again with the same `dedupeKey`. The port should drop a repeat.
 */
import type { Person } from '../access/actor';
import type { PolicyMode, RemediationCounts, RemediationState, RunTrigger } from './playbook.types';
import type { FindingFacts } from '../ports/playbook-directory.port';

/** One user on a notice. `remediation` and `summary` only on remediation reports. */
export interface NoticeFinding {
  userId: string;
  userPrincipalName: string;
  displayName: string;
  facts: FindingFacts;
  remediation?: RemediationState;
  summary?: string;
  code?: string;
}

interface NoticeBase {
  /** `${runId}:${policyId}:${kind}`. */
  dedupeKey: string;
  tenantId: string;
  runId: string;
  playbookId: string;
  playbookName: string;
  policyId: string;
  policyName: string;
  mode: PolicyMode;
  trigger: RunTrigger;
  requestedBy: Person;
  /** Every finding's count; `findings` holds at most the first 50 (a card's size limit). */
  total: number;
  findings: NoticeFinding[];
}

export type PlaybookNotice =
  /** Alert mode: the findings, nothing changed. */
  | (NoticeBase & { kind: 'findings' })
  /** Attestation mode: an approval (kind 'playbook.remediation') is open until `expiresAt`. */
  | (NoticeBase & { kind: 'attestation-requested'; approvalRequestId: string; expiresAt: string; approver?: Person; remediation: string })
  /** After remediating: what happened to each user. */
  | (NoticeBase & { kind: 'remediated'; counts: RemediationCounts; remediation: string })
  /** The attestation was rejected, expired, cancelled, or given by someone other than the named approver. */
  | (NoticeBase & { kind: 'not-attested'; code: string; decidedBy?: Person })
  /** The query (or the approval request) failed; `code` says why. */
  | (NoticeBase & { kind: 'failed'; code: string });

export type PlaybookNoticeKind = PlaybookNotice['kind'];

export const NOTICE_FINDINGS_LIMIT = 50;

export interface PlaybookNoticePort {
  /** Throws when the notice could not even be queued; the run publishes it again later. */
  publish(notice: PlaybookNotice): Promise<void>;
}

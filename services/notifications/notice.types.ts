/**
 * Proactive notices as plain view models. The bot layer renders them into Adaptive Cards
 * (cards/) and sends them through the Notifier; the outbox stores them as they are. A notice
 * holds times, version ids, codes and words; never a password, a token or upstream error text.
 */
import type { RotationTriggerKind } from '../rotation/rotation.types';

export type NoticeKind = 'rotation.succeeded' | 'rotation.failed' | 'rotation.overdue' | 'rotation.headsUp' | 'rotation.lockedOut';

export type NoticeSeverity = 'info' | 'warning' | 'critical';

export interface NoticeFact {
  title: string;
  value: string;
}

/**
 * A button on the notice. `verb` is mapped to an Action.Execute verb by the bot's verb table;
 * the handler re-checks that the caller is a tenant admin of the activity's tenant (the data
 * here never decides identity or scope).
 */
export interface NoticeAction {
  verb: 'rotation.retry' | 'rotation.forceReset' | 'rotation.history';
  title: string;
  style?: 'positive' | 'destructive';
  audience: 'tenantAdmins';
  data: { rotationId?: string };
}

interface NoticeBase {
  /** Stable id of this notice (all its targets share it). */
  noticeId: string;
  tenantId: string;
  severity: NoticeSeverity;
  title: string;
  /** One-line plain text, used as the notification preview and the card's fallback text. */
  summary: string;
  /** Paragraphs of the card body, in order. */
  paragraphs: string[];
  facts: NoticeFact[];
  actions: NoticeAction[];
  /** ISO-8601 UTC. */
  createdAt: string;
  /** The rotation id, when the notice is about one run. */
  correlationId?: string;
}

export interface RotationSucceededNotice extends NoticeBase {
  kind: 'rotation.succeeded';
  details: {
    rotatedAt: string;
    newVersion: string;
    previousVersion: string;
    nextRotationAt?: string;
    timeZone: string;
    trigger: RotationTriggerKind;
    initiatedBy: string;
    durationInMs: number;
    settledByRecovery: boolean;
  };
}

export interface RotationFailedNotice extends NoticeBase {
  kind: 'rotation.failed';
  details: {
    code: string;
    failedStep: string;
    accountState: 'unchanged' | 'unresolved' | 'locked-out';
    currentVersion: string;
    pendingVersion?: string;
    trigger: RotationTriggerKind;
    at: string;
    timeZone: string;
  };
}

export interface RotationOverdueNotice extends NoticeBase {
  kind: 'rotation.overdue';
  details: { lastSuccessfulRotationAt: string; overdueByInMs: number; timeZone: string };
}

export interface RotationHeadsUpNotice extends NoticeBase {
  kind: 'rotation.headsUp';
  details: { scheduledAt: string; timeZone: string };
}

export interface RotationLockedOutNotice extends NoticeBase {
  kind: 'rotation.lockedOut';
  details: {
    secretName: string;
    currentVersion: string;
    rejectedVersions: string[];
    detectedAt: string;
    timeZone: string;
    /** The guided recovery, step by step, for the card. */
    recoverySteps: string[];
  };
}

export type Notice = RotationSucceededNotice | RotationFailedNotice | RotationOverdueNotice | RotationHeadsUpNotice | RotationLockedOutNotice;

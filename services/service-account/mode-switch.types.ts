/**
 * Types shared by the mode switch service, its approval handlers and the bot layer that
 * reports its progress and final message.
 */
import type { ManagementMode } from '../ports/tenant-settings.repository.port';
import type { ProgressListener, ProgressStep } from './provisioning-progress';
import type { SignInReadiness } from './sign-in-readiness.service';

export type ModeApprovalKind = 'mode.change' | 'advanced.disable';
export type TargetMode = 'default' | 'advanced';

/** An approved change that has not finished (failed, or interrupted by a crash), for Retry buttons. */
export interface OpenSwitch {
  approvalId: string;
  kind: ModeApprovalKind;
  targetMode: 'none' | 'default' | 'advanced';
}

export const MODE_SWITCH_MESSAGES = {
  advancedCreated:
    'The management type was switched and the management account was created; turn the management session on to use it.',
  advancedExisting:
    'The management type was switched to Advanced, using the existing management account; turn the management session on to use it.',
  defaultKept:
    'The management type was switched to Default. The management account was kept, so switching back is instant (use "Disable advanced management" to remove it); turn the management session on to use the new type.',
  /** Switched to Default when there was no management account to keep. */
  defaultNoAccount:
    'The management type was switched to Default; turn the management session on to use the new type.',
  disabled:
    'Advanced management was disabled: the management session was turned off, and the management account and its secret were removed. Choose a management type in settings to manage this tenant again.',
  unchanged: 'Nothing changed: the tenant already used that management type.',
  /** Appended when the switch ended a session that was running with the previous type. */
  sessionEnded: 'The management session that was running with the previous type was turned off, so no action runs as its account any more.',
} as const;

/** Where an approved change stands once a run of it has ended. */
export interface ModeSwitchOutcome {
  tenantId: string;
  approvalId: string;
  kind: ModeApprovalKind;
  status: 'switched' | 'failed';
  /** The tenant's mode after this run. */
  mode: ManagementMode;
  /** The final message for the card: what happened and what to do next. */
  message: string;
  /** On failure: the stable code, and whether "Retry" will resume it. */
  code?: string;
  retryable?: boolean;
  nextStep?: string;
  missingPermission?: string;
  /** For a switch to Advanced: whether the account can sign in, or what to change in Entra. */
  readiness?: SignInReadiness;
  correlationId: string;
}

/**
 * How the bot layer shows an approved change that runs after the approval card was answered:
 * an in-place progress card, then the final message to the requester and approver.
 */
export interface ModeSwitchReporter {
  progressFor(context: { tenantId: string; approvalId: string; kind: ModeApprovalKind; steps: readonly ProgressStep[] }): ProgressListener;
  finished(outcome: ModeSwitchOutcome): Promise<void>;
}

export const silentModeSwitchReporter: ModeSwitchReporter = {
  progressFor: () => () => undefined,
  finished: async () => undefined,
};

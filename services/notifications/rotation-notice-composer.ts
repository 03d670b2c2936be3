/**
 * Turns rotation events into notice view models: pure, no I/O besides the clock and id source.
 * The words follow issue 7: success says when, which version and when the next one is; failure
 * says what failed, what state the account is in, and offers Retry rotation to tenant admins.
 */
import { randomUUID } from 'node:crypto';
import { describePerson } from '../access/actor';
import type { Clock } from '../ports/clock.port';
import type { LockedOutEvent, RotationFailedEvent, RotationSucceededEvent } from '../rotation/rotation-collaborators.port';
import { rotationErrorCatalog, type RotationErrorCode } from '../rotation/rotation-errors';
import type { AccountCredentialState, RotationTrigger } from '../rotation/rotation.types';
import type {
  NoticeAction,
  RotationFailedNotice,
  RotationHeadsUpNotice,
  RotationLockedOutNotice,
  RotationOverdueNotice,
  RotationSucceededNotice,
} from './notice.types';
import { scheduleStarter } from '../scheduling/schedule-words';
import { formatDuration, formatInZone, shortVersion } from './notice-time-format';

export interface OverdueEvent {
  tenantId: string;
  accountUpn: string;
  lastSuccessfulRotationAt: string;
  /** How late the rotation is past the overdue threshold's start (now - last success). */
  sinceLastRotationInMs: number;
}

export interface HeadsUpEvent {
  tenantId: string;
  accountUpn: string;
  scheduledAt: string;
}

const STEP_WORDS: Record<string, string> = {
  started: 'starting the rotation',
  'store-pending': 'writing the new password to Key Vault',
  'set-in-entra': 'setting the new password in Entra ID',
  'verify-sign-in': 'the test sign-in with the new password',
  promote: 'marking the new password as current',
  report: 'recording the rotation',
};

const RETRY: NoticeAction['verb'] = 'rotation.retry';

export class RotationNoticeComposer {
  constructor(
    private readonly clock: Clock,
    private readonly newId: () => string = randomUUID,
  ) {}

  /** `rotationCron`: the tenant's schedule, so a scheduled run names its real interval. */
  succeeded(event: RotationSucceededEvent, timeZone: string, rotationCron?: string): RotationSucceededNotice {
    const { result } = event;
    const at = formatInZone(result.rotatedAt, timeZone);
    const next = result.nextRotationAt ? formatInZone(result.nextRotationAt, timeZone) : 'not scheduled';
    const summary = `Password rotated at ${at}, version ${shortVersion(result.newVersion)}, next rotation ${next}.`;
    const paragraphs = [
      summary,
      `The management account ${event.accountUpn} now signs in with the new password from Key Vault. Nobody saw it.`,
    ];
    if (event.settledByRecovery) paragraphs.push('This rotation was interrupted and the bot finished it after proving the new password works.');
    return {
      kind: 'rotation.succeeded',
      noticeId: this.newId(),
      tenantId: event.tenantId,
      severity: 'info',
      title: 'Management account password rotated',
      summary,
      paragraphs,
      facts: [
        { title: 'Account', value: event.accountUpn },
        { title: 'Rotated at', value: at },
        { title: 'Version', value: result.newVersion },
        { title: 'Replaced version', value: result.previousVersion },
        { title: 'Next rotation', value: next },
        { title: 'Started by', value: initiatedBy(event.trigger, rotationCron) },
        { title: 'Duration', value: formatDuration(result.durationInMs) },
      ],
      actions: [{ verb: 'rotation.history', title: 'Rotation history', audience: 'tenantAdmins', data: {} }],
      createdAt: this.clock.now().toISOString(),
      correlationId: result.rotationId,
      details: {
        rotatedAt: result.rotatedAt,
        newVersion: result.newVersion,
        previousVersion: result.previousVersion,
        ...(result.nextRotationAt ? { nextRotationAt: result.nextRotationAt } : {}),
        timeZone,
        trigger: event.trigger.kind,
        initiatedBy: initiatedBy(event.trigger, rotationCron),
        durationInMs: result.durationInMs,
        settledByRecovery: event.settledByRecovery,
      },
    };
  }

  failed(event: RotationFailedEvent, timeZone: string, rotationCron?: string): RotationFailedNotice {
    const what = STEP_WORDS[event.failedStep] ?? event.failedStep;
    const reason = knownCode(event.code) ? rotationErrorCatalog[event.code] : rotationErrorCatalog['ROTATION.FAILED'];
    const stateWords = describeState(event.state);
    const summary = `Password rotation failed while ${what}. ${stateWords.short}`;
    const pendingVersion = event.state.kind === 'unresolved' ? event.state.pendingVersion : undefined;
    return {
      kind: 'rotation.failed',
      noticeId: this.newId(),
      tenantId: event.tenantId,
      severity: event.state.kind === 'unchanged' ? 'warning' : 'critical',
      title: 'Password rotation failed',
      summary,
      paragraphs: [`What failed: ${what}. ${reason.userMessage}`, `Account state: ${stateWords.long}`, `Next step: ${reason.nextStep}`],
      facts: [
        { title: 'Account', value: event.accountUpn },
        { title: 'Failed at', value: formatInZone(event.at, timeZone) },
        { title: 'Error code', value: event.code },
        { title: 'Current version', value: event.state.currentVersion },
        ...(pendingVersion ? [{ title: 'Pending version', value: pendingVersion }] : []),
        { title: 'Started by', value: initiatedBy(event.trigger, rotationCron) },
        { title: 'Correlation id', value: event.rotationId },
      ],
      actions: [{ verb: RETRY, title: 'Retry rotation', style: 'positive', audience: 'tenantAdmins', data: { rotationId: event.rotationId } }],
      createdAt: this.clock.now().toISOString(),
      correlationId: event.rotationId,
      details: {
        code: event.code,
        failedStep: event.failedStep,
        accountState: event.state.kind,
        currentVersion: event.state.currentVersion,
        ...(pendingVersion ? { pendingVersion } : {}),
        trigger: event.trigger.kind,
        at: event.at,
        timeZone,
      },
    };
  }

  overdue(event: OverdueEvent, timeZone: string): RotationOverdueNotice {
    const last = formatInZone(event.lastSuccessfulRotationAt, timeZone);
    const days = Math.floor(event.sinceLastRotationInMs / 86_400_000);
    const summary = `The management account's password is overdue for rotation: the last successful rotation was ${days} days ago (${last}).`;
    return {
      kind: 'rotation.overdue',
      noticeId: this.newId(),
      tenantId: event.tenantId,
      severity: 'warning',
      title: 'Password rotation overdue',
      summary,
      paragraphs: [summary, 'Weekly rotation keeps the management account safe. Check the rotation history for failures, then retry.'],
      facts: [
        { title: 'Account', value: event.accountUpn },
        { title: 'Last successful rotation', value: last },
      ],
      actions: [
        { verb: RETRY, title: 'Retry rotation', style: 'positive', audience: 'tenantAdmins', data: {} },
        { verb: 'rotation.history', title: 'Rotation history', audience: 'tenantAdmins', data: {} },
      ],
      createdAt: this.clock.now().toISOString(),
      details: { lastSuccessfulRotationAt: event.lastSuccessfulRotationAt, overdueByInMs: event.sinceLastRotationInMs, timeZone },
    };
  }

  headsUp(event: HeadsUpEvent, timeZone: string): RotationHeadsUpNotice {
    const at = formatInZone(event.scheduledAt, timeZone);
    const summary = `The management account's password will be rotated at ${at}.`;
    return {
      kind: 'rotation.headsUp',
      noticeId: this.newId(),
      tenantId: event.tenantId,
      severity: 'info',
      title: 'Password rotation in 24 hours',
      summary,
      paragraphs: [summary, 'Nothing to do: running management sessions keep working through the rotation.'],
      facts: [
        { title: 'Account', value: event.accountUpn },
        { title: 'Scheduled for', value: at },
      ],
      actions: [],
      createdAt: this.clock.now().toISOString(),
      details: { scheduledAt: event.scheduledAt, timeZone },
    };
  }

  lockedOut(event: LockedOutEvent, timeZone: string): RotationLockedOutNotice {
    const detected = formatInZone(event.detectedAt, timeZone);
    const summary = `Neither password in Key Vault signs in as ${event.accountUpn} any more. Management sessions cannot start until a fresh password is set.`;
    const recoverySteps = [
      'Press "Set a fresh password". The bot generates a new password, stores it in Key Vault as pending, sets it on the account through its own app identity, proves it with a sign-in and only then marks it current.',
      'Nobody sees the password, and no one needs to sign in to the Entra admin center.',
      'If it fails again, check that the bot still has User.ReadWrite.All and a role that may reset the account\'s password, and that the account exists and is enabled.',
    ];
    return {
      kind: 'rotation.lockedOut',
      noticeId: this.newId(),
      tenantId: event.tenantId,
      severity: 'critical',
      title: 'Management account cannot sign in',
      summary,
      paragraphs: [summary, 'Someone may have reset the password outside the bot, or a rotation went wrong. Here is how to recover:', ...recoverySteps],
      facts: [
        { title: 'Account', value: event.accountUpn },
        { title: 'Key Vault secret', value: event.secretName },
        { title: 'Current version', value: `${event.state.currentVersion} (does not sign in)` },
        { title: 'Rejected versions', value: event.state.rejectedVersions.join(', ') },
        { title: 'Detected at', value: detected },
      ],
      actions: [
        { verb: 'rotation.forceReset', title: 'Set a fresh password', style: 'destructive', audience: 'tenantAdmins', data: event.rotationId ? { rotationId: event.rotationId } : {} },
      ],
      createdAt: this.clock.now().toISOString(),
      ...(event.rotationId ? { correlationId: event.rotationId } : {}),
      details: {
        secretName: event.secretName,
        currentVersion: event.state.currentVersion,
        rejectedVersions: event.state.rejectedVersions,
        detectedAt: event.detectedAt,
        timeZone,
        recoverySteps,
      },
    };
  }
}

function initiatedBy(trigger: RotationTrigger, rotationCron?: string): string {
  if (trigger.actor) return describePerson(trigger.actor);
  if (trigger.kind === 'schedule') return scheduleStarter(rotationCron);
  return 'the bot (recovery)';
}

function knownCode(code: string): code is RotationErrorCode {
  return code in rotationErrorCatalog;
}

function describeState(state: AccountCredentialState): { short: string; long: string } {
  switch (state.kind) {
    case 'unchanged':
      return {
        short: 'The account still signs in with its current password.',
        long: `unchanged. The management account still signs in with its current password (version ${shortVersion(state.currentVersion)}); nothing changed in Entra ID.`,
      };
    case 'unresolved':
      return {
        short: 'The account signs in with the current or the new password; the bot settles which by itself.',
        long: `Entra ID holds either the current password (version ${shortVersion(state.currentVersion)}) or the new one (version ${shortVersion(state.pendingVersion)}). Both stay in Key Vault, the bot signs in with whichever works, and it settles this by itself as soon as Entra and Key Vault answer.`,
      };
    case 'locked-out':
      return {
        short: 'No password in Key Vault signs in any more.',
        long: `locked out. None of the versions in Key Vault (${state.rejectedVersions.map(shortVersion).join(', ')}) signs in; a tenant admin must set a fresh password through the bot.`,
      };
  }
}

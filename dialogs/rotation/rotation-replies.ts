/**
 * What the bot says directly about a rotation (as opposed to the notices the outbox delivers):
 * the acknowledgement, refusals before anything starts, and follow-ups in a conversation no
 * notice reaches. Words come from the rotation error catalogue; nothing here holds a secret.
 */
import { renderRotationStatusCard, type AdaptiveCardJson, type CardFact } from '../../cards';
import { formatInZone, shortVersion } from '../../services/notifications/notice-time-format';
import { ANY_VIEWER, cardForError } from '../shared/card-for-error';
import { isRotationError, RotationError, rotationErrorCatalog } from '../../services/rotation/rotation-errors';
import type { RotationResult } from '../../services/rotation/rotation.types';

export type RotationRunKind = 'rotate' | 'forceReset';

/** Where the result will be posted, in the words of the acknowledgement. */
export interface ResultDestinations {
  /** The conversation the admin asked in is the admin channel or their personal chat (both get notices). */
  originGetsNotice: boolean;
  adminChannelRegistered: boolean;
}

const WORKING_TITLES: Record<RotationRunKind, string> = {
  rotate: 'Rotating the management account password…',
  forceReset: 'Setting a fresh password for the management account…',
};

export function workingCard(kind: RotationRunKind, accountUpn: string, startedBy: string, destinations: ResultDestinations, correlationId: string): AdaptiveCardJson {
  return renderRotationStatusCard({
    kind: 'working',
    title: WORKING_TITLES[kind],
    message: `${resultPromise(destinations)} Nobody will see the password.`,
    facts: [
      { label: 'Account', value: accountUpn },
      { label: 'Started by', value: startedBy },
    ],
    ...(destinations.adminChannelRegistered ? {} : { nextStep: 'No admin channel is registered yet: type "notify here" in the admins\' channel so every admin hears about rotations.' }),
    reference: correlationId,
  });
}

/** "Rotating…" with a promise the bot keeps: the result goes here and to the admin channel. */
export function resultPromise(destinations: ResultDestinations): string {
  const channel = destinations.adminChannelRegistered ? ' and to the admin channel' : '';
  return `I'll post the result here${channel}.`;
}

/** A run the service refused or that failed without a notice reaching this conversation; any other failure reads as ROTATION.FAILED. */
export function failureCard(error: unknown, correlationId: string): AdaptiveCardJson {
  return cardForError(isRotationError(error) ? error : new RotationError('ROTATION.FAILED'), ANY_VIEWER, correlationId);
}

/** The follow-up in a conversation that gets no notice (a group chat that is not the admin channel). */
export function doneCard(kind: RotationRunKind, result: RotationResult, timeZone: string): AdaptiveCardJson {
  const facts: CardFact[] = [
    { label: 'Rotated at', value: formatInZone(result.rotatedAt, timeZone) },
    { label: 'Version', value: shortVersion(result.newVersion) },
    { label: 'Next rotation', value: result.nextRotationAt ? formatInZone(result.nextRotationAt, timeZone) : 'not scheduled' },
  ];
  return renderRotationStatusCard({
    kind: 'done',
    title: kind === 'forceReset' ? 'The management account has a fresh password' : 'Management account password rotated',
    message: 'The new password is in Key Vault and proven to sign in. Nobody saw it.',
    facts,
    reference: result.rotationId,
  });
}

export function noServiceAccountCard(correlationId: string): AdaptiveCardJson {
  const entry = rotationErrorCatalog['ROTATION.NO_SERVICE_ACCOUNT'];
  return renderRotationStatusCard({ kind: 'refused', title: 'There is no password to rotate', message: entry.userMessage, nextStep: entry.nextStep, reference: correlationId });
}

export function alreadyStartedCard(correlationId: string): AdaptiveCardJson {
  return renderRotationStatusCard({
    kind: 'refused',
    title: 'That was already started',
    message: 'This button was already used, so I did not start a second run. The result is posted to the tenant admins and the admin channel.',
    nextStep: 'Type "rotation history" to see how it went, or "rotate password now" to start another run.',
    reference: correlationId,
  });
}

export function cancelledCard(correlationId: string): AdaptiveCardJson {
  return renderRotationStatusCard({
    kind: 'cancelled',
    title: 'Nothing was changed',
    message: 'The management account keeps the passwords it has.',
    nextStep: 'Type "force reset" when you want to set a fresh password.',
    reference: correlationId,
  });
}

/**
 * Session records → the status and details cards' view models. Pure: what to show, worded for
 * the person reading it; the decisions (state, expiry, who may do what) were the services'.
 */
import type { CardFact, SessionStatusView } from '../../cards';
import { describePerson } from '../../services/access/actor';
import type { ManagementMode } from '../../services/ports/tenant-settings.repository.port';
import type { SessionDetails, SessionStatus } from '../../services/sessions/management-session.service';
import type { ManagementSession, SessionNotice } from '../../services/sessions/session.types';

const MODE_LABELS: Record<ManagementMode, string> = {
  none: 'Not configured',
  default: 'Default (Global Admin sign-in)',
  advanced: 'Advanced (service account)',
};

/** "2026-01-05 09:30 UTC": unambiguous in chat, whatever the reader's time zone. */
export function formatUtc(iso: string | undefined): string | undefined {
  if (!iso) return undefined;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return undefined;
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

const CHANGE_REASONS: Partial<Record<NonNullable<ManagementSession['lastChangeReason']>, string>> = {
  'turned-off': 'Turned off',
  ended: 'Ended by a settings change',
  expired: 'Reached its time limit',
  'credentials-lost': 'Credentials lost (bot restart or expired sign-in)',
  'restart-settled': 'Settled after a bot restart',
  'restart-resumed': 'Resumed after a bot restart',
  'turn-on-failed': 'Turning on failed',
};

function lastChangeOf(session: ManagementSession): string | undefined {
  if (session.state !== 'OFF' || !session.lastChangeReason) return undefined;
  const reason = CHANGE_REASONS[session.lastChangeReason];
  if (!reason) return undefined;
  const who = session.changedBy && session.changedBy.userId !== 'system' ? ` by ${describePerson(session.changedBy)}` : '';
  return `${reason}${who}, ${formatUtc(session.changedAt) ?? session.changedAt}`;
}

/** The seed's first run, in its words: the two ways to turn management on. */
const FIRST_RUN_NOTE =
  'No management type is chosen yet. Use management service account (recommended): the bot creates an account whose password only Key Vault holds. ' +
  'Or use Global Admin credentials: a Global Admin signs in for each session, and that account must have MFA off.';
const NO_MODE_NOTE = 'No management type is chosen yet. A tenant admin chooses one here or in settings.';

export interface StatusViewOptions {
  /** The viewer may turn the session on or off (tenant admin or operator). */
  mayOperate: boolean;
  /** The viewer is a tenant admin: offer Details (broker counters). */
  isTenantAdmin: boolean;
  note?: string;
}

export function statusView(status: SessionStatus, options: StatusViewOptions): SessionStatusView {
  const { session } = status;
  const on = session.state === 'ON';
  const inTransition = session.state === 'ENABLING' || session.state === 'DISABLING';
  const mode = inTransition || on ? (session.mode ?? status.configuredMode) : status.configuredMode;
  const view: SessionStatusView = {
    state: session.state,
    tenantId: session.tenantId,
    modeLabel: MODE_LABELS[mode],
    autoEnable: status.autoEnable ? 'On' : 'Off',
    offer: {
      turnOff: options.mayOperate && (on || session.state === 'ERROR'),
      turnOn: options.mayOperate && (session.state === 'OFF' || session.state === 'ERROR') && status.configuredMode !== 'none',
      details: options.isTenantAdmin,
      chooseMode: options.isTenantAdmin && status.configuredMode === 'none' && (session.state === 'OFF' || session.state === 'ERROR'),
    },
  };
  if (view.offer?.chooseMode) view.note = FIRST_RUN_NOTE;
  else if (status.configuredMode === 'none' && session.state === 'OFF') view.note = NO_MODE_NOTE;
  if (on || inTransition) {
    if (session.principal) view.principal = session.principal.userPrincipalName;
    if (session.enabledBy) view.enabledBy = `${describePerson(session.enabledBy)}${session.autoEnabled ? ', automatically (auto-enable)' : ''}`;
    const since = formatUtc(session.enabledAt);
    if (since) view.enabledAt = since;
    const expiry = formatUtc(session.expiresAt);
    if (expiry) view.expiresAt = expiry;
  }
  const lastChange = lastChangeOf(session);
  if (lastChange) view.lastChange = lastChange;
  if (session.state === 'ERROR' && session.lastError) view.errorReason = session.lastError.message;
  if (options.note) view.note = options.note;
  return view;
}

const STATE_WORDS: Record<ManagementSession['state'], string> = { OFF: 'Off', ENABLING: 'Turning on', ON: 'On', DISABLING: 'Turning off', ERROR: 'Failed' };

/** The details card's facts: everything on the record, ids included, never a credential. */
export function detailsFacts(details: SessionStatus): CardFact[] {
  const { session } = details;
  const facts: Array<[string, string | undefined]> = [
    ['State', STATE_WORDS[session.state] ?? session.state],
    ['Configured mode', MODE_LABELS[details.configuredMode]],
    ['Session mode', session.mode ? MODE_LABELS[session.mode] : undefined],
    ['Account', session.principal?.userPrincipalName],
    ['Account object id', session.principal?.objectId],
    ['Account kind', session.principal ? (session.principal.kind === 'serviceAccount' ? 'Management service account' : 'Signed-in Global Admin') : undefined],
    ['Enabled by', session.enabledBy ? describePerson(session.enabledBy) : undefined],
    ['Enabled at', formatUtc(session.enabledAt)],
    ['Expires', formatUtc(session.expiresAt)],
    ['Time-to-live', `${details.sessionTtlInMinutes} minutes`],
    ['Auto-enable', details.autoEnable ? 'On' : 'Off'],
    ['Last change', session.lastChangeReason ? `${CHANGE_REASONS[session.lastChangeReason] ?? session.lastChangeReason}, ${formatUtc(session.changedAt) ?? ''}` : undefined],
    ['Last error', session.lastError ? `${session.lastError.message} (Reference: ${session.lastError.code})` : undefined],
  ];
  return facts.flatMap(([label, value]) => (value ? [{ label, value }] : []));
}

export function counterFacts(details: SessionDetails): CardFact[] {
  const { counters } = details;
  return [
    { label: 'Token requests', value: String(counters.tokenAcquisitions) },
    { label: 'Key Vault reads', value: String(counters.vaultReads) },
    { label: 'Tokens from cache', value: String(counters.cacheHits) },
    { label: 'Authentication failures', value: String(counters.authenticationFailures) },
  ];
}

const ADVANCED_DISABLED_NOTE =
  'Advanced management was disabled, so your management session was turned off. No management type is chosen now; a tenant admin chooses one to turn management on again.';

const NOTICE_NOTES: Record<SessionNotice['kind'], string> = {
  expired: 'Your management session reached its time limit and was turned off.',
  'credentials-lost': 'Your management session was turned off: the bot restarted, and a Default-mode sign-in is kept in memory only.',
  'resumed-on': 'The bot restarted and your management session is on again.',
  'resume-failed': 'The bot restarted and could not turn your management session back on.',
  'turned-off': 'Your management session was turned off.',
};

/** A proactive notice to the person who enabled the session: the status card with a note. */
export function noticeView(notice: SessionNotice, configuredMode: ManagementMode, autoEnable: boolean): SessionStatusView {
  // Disabling advanced management ends the session first and clears the mode right after: the
  // notice must already say what the tenant is left with (no mode, nothing to turn on).
  const disabled = notice.code === 'SESSION.ENDED_ADVANCED_DISABLED';
  const view = statusView(
    { session: notice.session, configuredMode: disabled ? 'none' : configuredMode, autoEnable, sessionTtlInMinutes: 0 },
    { mayOperate: true, isTenantAdmin: false, note: disabled ? ADVANCED_DISABLED_NOTE : NOTICE_NOTES[notice.kind] },
  );
  if (notice.kind === 'resume-failed' && notice.session.lastError) view.errorReason = notice.session.lastError.message;
  return view;
}

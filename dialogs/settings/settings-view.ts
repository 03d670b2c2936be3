/**
 * SettingsOverview (the service's answer) → the settings card's view. Which buttons appear
 * follows the service's `actions`; the words are decided here. Pure.
 */
import { explainCode, Verbs, type CardFact, type ProgressButtonView, type SettingsCardView } from '../../cards';
import type { SettingsAction, SettingsOverview } from '../../services/settings/settings.service';
import { formatInstant } from '../shared/time-format';

const MODE_FACTS: Record<SettingsOverview['mode'], CardFact[]> = {
  none: [
    { label: 'Mode', value: 'Not chosen' },
    { label: 'Means', value: 'Nobody can turn a management session on until a tenant admin chooses a management type.' },
  ],
  default: [
    { label: 'Mode', value: 'Default' },
    { label: 'Means', value: 'A Global Admin signs in with their own credentials (MFA off) to turn each session on.' },
  ],
  advanced: [
    { label: 'Mode', value: 'Advanced (recommended)' },
    { label: 'Means', value: 'Sessions run as the management service account; nobody needs admin credentials.' },
  ],
};

const MODE_NAMES = { default: 'Default', advanced: 'Advanced' } as const;

const PENDING_WORDS: Readonly<Record<string, string>> = {
  'SERVICE_ACCOUNT.PERMISSION_DENIED': "the bot's app lacks a permission",
  'SERVICE_ACCOUNT.THROTTLED': 'Microsoft Graph throttled the bot',
  'SERVICE_ACCOUNT.VAULT_UNAVAILABLE': 'Key Vault was unavailable',
  'SERVICE_ACCOUNT.VAULT_FORBIDDEN': 'the bot has no access to Key Vault',
  'SERVICE_ACCOUNT.DIRECTORY_UNAVAILABLE': 'Microsoft Entra ID could not be reached',
  'SERVICE_ACCOUNT.SIGNIN_FAILED': 'the first sign-in did not work yet',
};

export interface SettingsViewOptions {
  message?: SettingsCardView['message'];
  correlationId?: string;
  /** Display names for the user ids the overview holds (who created the account, who changed settings). */
  names?: Readonly<Record<string, string>>;
}

export function settingsCardView(overview: SettingsOverview, options: SettingsViewOptions = {}): SettingsCardView {
  const view: SettingsCardView = {
    tenantId: overview.tenantId,
    modeFacts: [
      ...MODE_FACTS[overview.mode],
      { label: 'Session length', value: sessionLength(overview.sessionTtlInMinutes) },
      ...(overview.autoEnable && overview.mode !== 'advanced' ? [{ label: 'Auto-enable', value: 'On, but it applies to Advanced mode only: until then, each session is turned on by hand.' }] : []),
      { label: 'Break-glass accounts', value: breakGlassWords(overview.breakGlassAccountIds, options.names ?? {}) },
    ],
    accountFacts: accountFacts(overview, options.names ?? {}),
    buttons: buttonsFor(overview),
    autoEnable: overview.autoEnable,
    rotationCron: overview.rotation.cron,
    rotationTimeZone: overview.rotation.timeZone,
    rotationSummary: rotationSummary(overview),
    approvalPolicy: overview.approvalPolicy,
    updated: updatedLine(overview, options.names ?? {}, options.message?.tone === 'good'),
  };
  const pending = pendingText(overview);
  if (pending) view.pending = pending;
  if (options.message) view.message = options.message;
  if (options.correlationId) view.correlationId = options.correlationId;
  return view;
}

/**
 * A never-saved tenant reports the epoch as its change time (the repository's defaults). The
 * approval policy and the mode are kept elsewhere, so a saved policy or a chosen mode (or the
 * save this card confirms) means something did change even then.
 */
function updatedLine(overview: SettingsOverview, names: Readonly<Record<string, string>>, justSaved: boolean): string {
  if (!overview.updatedBy && Date.parse(overview.updatedAt) <= 0) {
    const untouched = !justSaved && overview.mode === 'none' && overview.approvalPolicy === 'four-eyes' && !overview.serviceAccount;
    return untouched ? 'These are the defaults; nothing was changed yet.' : 'Auto-enable, the rotation schedule and the session length still have their default values.';
  }
  const by = overview.updatedBy ? ` by ${names[overview.updatedBy] ?? overview.updatedBy}` : '';
  return `Last changed ${formatInstant(overview.updatedAt)}${by}.`;
}

function accountFacts(overview: SettingsOverview, names: Readonly<Record<string, string>>): CardFact[] {
  const account = overview.serviceAccount;
  if (!account) return [];
  return [
    { label: 'Account', value: account.userPrincipalName },
    { label: 'Created', value: `${formatInstant(account.createdAt)} by ${names[account.createdBy] ?? account.createdBy}` },
    { label: account.roles.length > 1 ? 'Roles' : 'Role', value: account.roles.map((role) => role.name).join(', ') },
    { label: 'Secret name', value: account.secretName },
    { label: 'Secret version', value: account.currentSecretVersion },
    { label: 'Last rotation', value: account.lastRotationAt ? formatInstant(account.lastRotationAt) : 'Not rotated yet' },
    { label: 'Next rotation', value: nextRotation(overview) ?? 'Not scheduled' },
  ];
}

function nextRotation(overview: SettingsOverview): string | undefined {
  const next = overview.rotation.nextRunAt ?? overview.serviceAccount?.nextRotationAt;
  return next ? formatInstant(next, overview.rotation.timeZone) : undefined;
}

function rotationSummary(overview: SettingsOverview): string {
  if (!overview.serviceAccount) return 'The password is rotated on this schedule once a management service account exists.';
  const next = nextRotation(overview);
  return next ? `Next rotation: ${next}.` : 'This schedule never runs; check the pattern and the time zone.';
}

function sessionLength(minutes: number): string {
  return minutes % 60 === 0 ? `${minutes / 60} h` : `${minutes} min`;
}

function pendingText(overview: SettingsOverview): string | undefined {
  const pending = overview.pending;
  if (!pending) return undefined;
  if (pending.kind === 'disable') return 'Disabling advanced management did not finish. Select "Retry disabling advanced management" to finish it.';
  const code = pending.lastErrorCode;
  const why = code ? (PENDING_WORDS[code] ? ` because ${PENDING_WORDS[code]}` : `: ${explainCode(code)}`) : '';
  return `Creating the management service account (started ${formatInstant(pending.startedAt)}) stopped${why}. Select "Retry service account creation" to finish it where it stopped.`;
}

/** Buttons in a stable order: make or finish the account, switch, rotate, and the destructive one last. */
function buttonsFor(overview: SettingsOverview): ProgressButtonView[] {
  const allowed = new Set<SettingsAction>(overview.actions);
  const buttons: ProgressButtonView[] = [];
  if (allowed.has('serviceAccount.create')) buttons.push({ title: 'Create service account', verb: Verbs.serviceAccountCreate, style: 'positive' });
  if (allowed.has('serviceAccount.retry')) buttons.push({ title: 'Retry service account creation', verb: Verbs.serviceAccountRetry, style: 'positive' });
  if (allowed.has('mode.change.request')) {
    // Advanced first: it is the recommended type.
    const modes = [...overview.switchableTo].sort((a, b) => (a === 'advanced' ? -1 : b === 'advanced' ? 1 : 0));
    for (const mode of modes) buttons.push({ title: `Switch to ${MODE_NAMES[mode]}`, verb: Verbs.modeChangeRequest, data: { targetMode: mode } });
  }
  if (allowed.has('rotation.rotateNow')) buttons.push({ title: 'Rotate password now', verb: Verbs.rotationRotateNow });
  if (allowed.has('advanced.disable.confirm')) {
    buttons.push(
      overview.pending?.kind === 'disable'
        ? { title: 'Retry disabling advanced management', verb: Verbs.advancedDisableConfirm, data: { retry: true }, style: 'destructive' }
        : { title: 'Disable advanced management', verb: Verbs.advancedDisableConfirm, style: 'destructive' },
    );
  }
  return buttons;
}

/** The break-glass list by name, or how to make one. */
function breakGlassWords(ids: readonly string[], names: Readonly<Record<string, string>>): string {
  if (ids.length === 0) return 'None listed. Type "break-glass accounts <user>, <user>" to list your emergency-access accounts.';
  return ids.map((id) => names[id] ?? `an account the directory did not name (object id ${id})`).join('; ');
}

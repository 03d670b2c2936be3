/**
 * Errors with stable codes → cards with words, a next step and the buttons that fit the viewer.
 * The message and guidance come from the service error (written for users, never upstream text
 * that could echo a password); this module only picks the title and the buttons.
 */
import { Verbs, type AdaptiveCardJson, type CardButton, type SessionProblemView } from '../../cards';
import { renderDenial } from '../../dialogs/access/access-failures';
import { renderSessionProblemCard } from '../../cards';
import { AccessDeniedError } from '../../services/access/access-errors';
import { ActionError, type ActionErrorCode } from '../../services/actions/action-errors';
import { SessionError, type SessionErrorCode } from '../../services/sessions/session-errors';
import { SettingsError } from '../../services/settings/settings.errors';

/** Who is looking: buttons only tenant admins could use are not offered to others. */
export interface Viewer {
  isTenantAdmin: boolean;
}

const TRY_AGAIN: CardButton = { title: 'Try again', verb: Verbs.sessionTurnOn, style: 'positive' };
const TURN_ON: CardButton = { title: 'Turn on management session', verb: Verbs.sessionTurnOn, style: 'positive' };
const OPEN_SETTINGS: CardButton = { title: 'Open settings', verb: Verbs.settingsOpen };
const CREATE_SERVICE_ACCOUNT: CardButton = { title: 'Create service account', verb: Verbs.serviceAccountCreate, style: 'positive' };
const CONFIGURE_ALLOWED_IPS: CardButton = { title: 'Configure allowed IPs', verb: 'conditionalAccess.configureAllowedIps' };
const ROTATE_NOW: CardButton = { title: 'Rotate password now', verb: Verbs.rotationRotateNow };

interface SessionProblemShape {
  title: string;
  tone?: 'attention' | 'warning';
  buttons(viewer: Viewer, error: SessionError): CardButton[];
}

const adminOnly = (viewer: Viewer, ...buttons: CardButton[]): CardButton[] => (viewer.isTenantAdmin ? buttons : []);

const SESSION_PROBLEMS: Partial<Record<SessionErrorCode, SessionProblemShape>> = {
  'SESSION.MFA_REQUIRED': { title: 'This account requires MFA', buttons: (v) => [TRY_AGAIN, ...adminOnly(v, OPEN_SETTINGS)] },
  'SESSION.BLOCKED_BY_CONDITIONAL_ACCESS': { title: 'Blocked by conditional access', buttons: (v) => [TRY_AGAIN, ...adminOnly(v, CONFIGURE_ALLOWED_IPS)] },
  'SESSION.WRONG_PASSWORD': { title: 'Wrong user name or password', buttons: () => [TRY_AGAIN] },
  'SESSION.ACCOUNT_DISABLED': { title: 'The account is disabled', buttons: (v) => [TRY_AGAIN, ...adminOnly(v, OPEN_SETTINGS)] },
  'SESSION.USER_NOT_FOUND': { title: 'Account not found', buttons: () => [TRY_AGAIN] },
  'SESSION.NOT_GLOBAL_ADMIN': { title: 'Not a Global Administrator', buttons: () => [TRY_AGAIN] },
  'SESSION.VAULT_UNAVAILABLE': { title: 'Key Vault is unavailable', buttons: () => [TRY_AGAIN] },
  'SESSION.SECRET_NOT_FOUND': { title: 'The service account password is missing', buttons: (v) => adminOnly(v, OPEN_SETTINGS) },
  'SESSION.SERVICE_ACCOUNT_CREDENTIAL_INVALID': { title: "The service account's password no longer works", buttons: (v) => adminOnly(v, ROTATE_NOW) },
  'SESSION.SIGN_IN_UNAVAILABLE': { title: 'Microsoft Entra ID is unavailable', buttons: () => [TRY_AGAIN] },
  'SESSION.BOT_MISCONFIGURED': { title: "The bot's own credentials were refused", buttons: () => [] },
  'SESSION.SIGN_IN_FAILED': { title: 'Sign-in failed', buttons: () => [TRY_AGAIN] },
  'SESSION.NO_SERVICE_ACCOUNT': {
    title: 'No management service account yet',
    tone: 'warning',
    buttons: (v, e) => (e.details.actorIsTenantAdmin ?? v.isTenantAdmin ? [CREATE_SERVICE_ACCOUNT, OPEN_SETTINGS] : []),
  },
  'SESSION.MODE_NOT_CONFIGURED': { title: 'No management mode chosen yet', tone: 'warning', buttons: (v) => adminOnly(v, OPEN_SETTINGS) },
  'SESSION.DEFAULT_MODE_ADMIN_ONLY': { title: 'Only a Global Administrator can turn this on', tone: 'warning', buttons: () => [] },
  'SESSION.FORBIDDEN': { title: "You can't do that", buttons: () => [] },
  'SESSION.NOT_ACTIVE': { title: 'Management session is off', tone: 'warning', buttons: () => [TURN_ON] },
  'SESSION.DEFAULT_TOKEN_EXPIRED': { title: 'The Default-mode sign-in has expired', tone: 'warning', buttons: () => [TURN_ON] },
  'SESSION.BUSY': { title: 'The management session is changing right now', tone: 'warning', buttons: () => [TRY_AGAIN] },
};

export function sessionProblemView(error: SessionError, viewer: Viewer, correlationId: string): SessionProblemView {
  const shape = SESSION_PROBLEMS[error.code] ?? { title: 'The management session could not be changed', buttons: () => [] };
  const facts = [
    ...(error.details.aadsts ? [{ label: 'Sign-in error', value: `AADSTS${error.details.aadsts.replace(/^AADSTS/i, '')}` }] : []),
    ...(error.details.signInCorrelationId ? [{ label: 'Entra correlation id', value: error.details.signInCorrelationId }] : []),
    ...(error.details.attemptBy ? [{ label: 'Attempt started by', value: error.details.attemptBy.displayName ?? error.details.attemptBy.upn ?? error.details.attemptBy.userId }] : []),
  ];
  return {
    title: shape.title,
    tone: shape.tone ?? 'attention',
    message: error.message,
    nextStep: error.guidance,
    policies: error.details.blockingPolicies ?? [],
    facts,
    buttons: shape.buttons(viewer, error),
    correlationId,
  };
}

const ACTION_TITLES: Record<ActionErrorCode, string> = {
  'ACTION.UNKNOWN': "I don't know that action",
  'ACTION.TARGET_REQUIRED': 'Which user?',
  'ACTION.TARGET_NOT_FOUND': 'User not found',
  'ACTION.TARGET_AMBIGUOUS': 'More than one user matches',
  'ACTION.DIRECTORY_UNAVAILABLE': 'The directory is unavailable',
  'ACTION.DENIED': "You can't do that",
  'ACTION.NOT_FOUND': 'This action is no longer available',
  'ACTION.NOT_PREPARER': 'Only the person who asked can confirm',
  'ACTION.EXPIRED': 'This confirmation has expired',
};

const ACTION_NEXT_STEPS: Partial<Record<ActionErrorCode, string>> = {
  'ACTION.TARGET_REQUIRED': 'Name the user, for example: block sign-in for adele@contoso.com',
  'ACTION.TARGET_NOT_FOUND': 'Check the user principal name (for example adele@contoso.com) and run the command again.',
  'ACTION.TARGET_AMBIGUOUS': 'Run the command again with the exact user principal name of one of them.',
  'ACTION.DIRECTORY_UNAVAILABLE': 'Nothing was changed. Try again in a few minutes.',
  'ACTION.EXPIRED': 'Run the command again.',
  'ACTION.NOT_FOUND': 'Run the command again.',
};

export function actionProblemView(error: ActionError, correlationId: string): SessionProblemView {
  return {
    title: ACTION_TITLES[error.code],
    tone: error.code === 'ACTION.TARGET_REQUIRED' || error.code === 'ACTION.TARGET_AMBIGUOUS' ? 'warning' : 'attention',
    message: error.message,
    ...(ACTION_NEXT_STEPS[error.code] ? { nextStep: ACTION_NEXT_STEPS[error.code] } : {}),
    facts: (error.details.candidates ?? []).slice(0, 10).map((candidate) => ({ label: candidate.displayName, value: candidate.upn })),
    correlationId,
  };
}

/**
 * The card for an expected failure of a session command or action, or undefined for anything
 * else (the turn error handler answers those with a correlation id, never a stack).
 */
export function cardForSessionFailure(error: unknown, viewer: Viewer, correlationId: string): AdaptiveCardJson | undefined {
  if (error instanceof SessionError) return renderSessionProblemCard(sessionProblemView(error, viewer, correlationId));
  if (error instanceof ActionError) {
    if (error.code === 'ACTION.DENIED') return renderDenial({ message: error.message, whoCanHelp: error.details.whoCanHelp ?? [] }, error.details.correlationId ?? correlationId);
    return renderSessionProblemCard(actionProblemView(error, correlationId));
  }
  if (error instanceof AccessDeniedError) return renderDenial({ message: error.userMessage, whoCanHelp: error.whoCanHelp }, correlationId);
  if (error instanceof SettingsError) {
    return renderSessionProblemCard({ title: 'That setting was not changed', message: error.userMessage, correlationId });
  }
  return undefined;
}

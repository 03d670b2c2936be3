/**
 * The one place an error becomes a card: every dialog, card verb, command and the turn error
 * handler call `cardForError`. The words come from the error (its `userMessage` and `nextStep`,
 * rows of services/error-catalog.ts, written for users and never echoing upstream text that
 * could hold a password); this module picks the card, the title and the buttons that fit the
 * viewer. A user sees a correlation id, never a stack.
 */
import {
  renderAccessDeniedCard,
  renderErrorCard,
  renderGrantResultCard,
  renderModeRequestCard,
  renderRotationStatusCard,
  renderSessionProblemCard,
  Verbs,
  type AdaptiveCardJson,
  type CardButton,
  type SessionProblemView,
} from '../../cards';
import { AccessDeniedError, AccessError } from '../../services/access/access-errors';
import { ActionError, type ActionErrorCode } from '../../services/actions/action-errors';
import { ApprovalError } from '../../services/approvals/approval-errors';
import { AuditError } from '../../services/audit/audit-errors';
import { ConditionalAccessError } from '../../services/conditional-access/conditional-access-errors';
import { CustomActionError, type CustomActionErrorCode } from '../../services/custom-actions/custom-action-errors';
import type { DefinitionError } from '../../services/definitions/definition-errors';
import { WorkflowDefinitionError, type WorkflowDefinitionErrorCode } from '../../services/workflows/workflow-definition-errors';
import { AppError, errorCatalog, isAppError } from '../../services/errors';
import { RotationError } from '../../services/rotation/rotation-errors';
import { ServiceAccountError } from '../../services/service-account/service-account.errors';
import { SessionError, type SessionErrorCode } from '../../services/sessions/session-errors';
import { SettingsError } from '../../services/settings/settings.errors';
import { WORKFLOW_ERROR_WORDS, WorkflowError, type WorkflowErrorCode } from '../../services/workflows/workflow-errors';
import { PlaybookError, type PlaybookErrorCode } from '../../services/playbooks/playbook-errors';

/** Who is looking: buttons only tenant admins could use are not offered to others. */
export interface ErrorViewer {
  isTenantAdmin: boolean;
}

/** A viewer offered no admin-only buttons: for refusals whose cards have none (access, approvals, audit). */
export const ANY_VIEWER: ErrorViewer = { isTenantAdmin: false };

/** The sentence a user may see: an AppError's `userMessage`, never the developer message with its code. */
export function userTextOf(error: unknown): string {
  return isAppError(error) ? error.userMessage : APOLOGY;
}

export interface ErrorCardOptions {
  /** The title of a refusal in a flow that names what did not happen ("Nothing was requested"). */
  title?: string;
}

/** What the turn error handler says when it knows nothing better: an apology, never a stack. */
const APOLOGY = 'Sorry, something went wrong on my side.';

/**
 * The error families that are expected refusals of a flow, answered in place with their card.
 * Anything else (an adapter's DirectoryError, a bug) goes to the turn error handler, which logs
 * it with the correlation id and answers with `cardForError` too.
 */
const EXPECTED: ReadonlyArray<abstract new (...args: never[]) => AppError<string, object>> = [
  SessionError,
  ActionError,
  AccessError,
  ApprovalError,
  AuditError,
  SettingsError,
  RotationError,
  ServiceAccountError,
  CustomActionError,
  WorkflowDefinitionError,
  WorkflowError,
  PlaybookError,
  ConditionalAccessError,
];

export function isExpectedError(error: unknown): error is AppError<string, object> {
  return EXPECTED.some((family) => error instanceof family);
}

/** The card for an expected refusal, or undefined for anything else (rethrow it to the turn error handler). */
export function expectedErrorCard(error: unknown, viewer: ErrorViewer, correlationId: string, options: ErrorCardOptions = {}): AdaptiveCardJson | undefined {
  return isExpectedError(error) ? cardForError(error, viewer, correlationId, options) : undefined;
}

/** The card for any error: the family's own card for an expected one, an apology with the reference otherwise. */
export function cardForError(error: unknown, viewer: ErrorViewer, correlationId: string, options: ErrorCardOptions = {}): AdaptiveCardJson {
  if (error instanceof SessionError) return renderSessionProblemCard(sessionProblemView(error, viewer, correlationId));
  if (error instanceof ActionError) {
    if (error.code === 'ACTION.DENIED') return denialCard(error.userMessage, error.details.whoCanHelp ?? [], error.details.correlationId ?? correlationId);
    return renderSessionProblemCard(actionProblemView(error, correlationId));
  }
  if (error instanceof AccessDeniedError) return denialCard(error.userMessage, error.whoCanHelp, correlationId);
  if (error instanceof AccessError || error instanceof ApprovalError) {
    return renderGrantResultCard({ outcome: 'failed', title: options.title ?? 'Nothing was changed', message: error.userMessage, nextStep: error.nextStep, correlationId });
  }
  if (error instanceof AuditError) {
    // The throw site's sentence may name internals of the query; the catalogue's words are for people.
    const words = errorCatalog[error.code === 'AUDIT.INVALID_QUERY' ? 'AUDIT.INVALID_QUERY' : 'AUDIT.EXPORT_INVALID'];
    return renderGrantResultCard({ outcome: 'failed', title: "That didn't work", message: words.userMessage, correlationId });
  }
  if (error instanceof SettingsError) return renderSessionProblemCard({ title: options.title ?? 'That setting was not changed', message: error.userMessage, correlationId });
  if (error instanceof RotationError) return rotationFailureCard(error, correlationId);
  if (error instanceof CustomActionError) return renderSessionProblemCard(definitionProblemView(error, CUSTOM_ACTION_TITLES, OPEN_CUSTOM_ACTIONS, viewer, correlationId));
  if (error instanceof WorkflowDefinitionError) return renderSessionProblemCard(definitionProblemView(error, WORKFLOW_DEFINITION_TITLES, OPEN_WORKFLOW_DEFINITIONS, viewer, correlationId));
  if (error instanceof WorkflowError) return renderSessionProblemCard(workflowProblemView(error, correlationId));
  if (error instanceof PlaybookError) return renderSessionProblemCard(playbookProblemView(error, viewer, correlationId));
  if (error instanceof ConditionalAccessError) {
    return renderSessionProblemCard({
      title: options.title ?? (error.code === 'CONDITIONAL_ACCESS.NO_MANAGEMENT_ACCOUNT' ? 'No management account yet' : error.code === 'CONDITIONAL_ACCESS.UNAVAILABLE' ? "Microsoft Entra ID didn't answer" : 'Nothing was changed'),
      message: error.userMessage,
      ...(error.nextStep ? { nextStep: error.nextStep } : {}),
      buttons: error.code === 'CONDITIONAL_ACCESS.NO_MANAGEMENT_ACCOUNT' ? adminOnly(viewer, CREATE_SERVICE_ACCOUNT, OPEN_SETTINGS) : adminOnly(viewer, CHECK_POLICIES),
      correlationId,
    });
  }
  if (error instanceof ServiceAccountError) {
    return renderModeRequestCard({
      title: options.title ?? 'Nothing was changed',
      message: error.userMessage,
      facts: [],
      tone: 'refused',
      ...(error.nextStep ? { nextStep: error.nextStep } : {}),
      reference: error.correlationId ?? correlationId,
    });
  }
  const nextStep = isAppError(error) ? error.nextStep : undefined;
  return renderErrorCard({ title: options.title ?? "That didn't work", message: isAppError(error) ? error.userMessage : APOLOGY, ...(nextStep ? { nextStep } : {}), correlationId });
}

/** The access card: why, and whom to ask. Also used for a denial decided before any error is thrown. */
export function denialCard(reason: string, whoCanHelp: readonly string[], correlationId: string): AdaptiveCardJson {
  return renderAccessDeniedCard({ reason, whoCanHelp, correlationId });
}

/** A rotation the service refused, or that failed without a notice reaching this conversation. */
function rotationFailureCard(error: RotationError, correlationId: string): AdaptiveCardJson {
  const benign = error.code === 'ROTATION.IN_PROGRESS' || error.code === 'ROTATION.NO_SERVICE_ACCOUNT' || error.code === 'ROTATION.RECOVERY_PENDING';
  return renderRotationStatusCard({
    kind: benign ? 'refused' : 'failed',
    title: benign ? 'The password was not rotated' : 'The password rotation failed',
    message: error.userMessage,
    nextStep: error.nextStep,
    reference: error.correlationId ?? correlationId,
  });
}

const TRY_AGAIN: CardButton = { title: 'Try again', verb: Verbs.sessionTurnOn, style: 'positive' };
const TURN_ON: CardButton = { title: 'Turn on management session', verb: Verbs.sessionTurnOn, style: 'positive' };
const OPEN_SETTINGS: CardButton = { title: 'Open settings', verb: Verbs.settingsOpen };
const CREATE_SERVICE_ACCOUNT: CardButton = { title: 'Create service account', verb: Verbs.serviceAccountCreate, style: 'positive' };
const USE_SERVICE_ACCOUNT: CardButton = { title: 'Use management service account', verb: Verbs.serviceAccountCreate, style: 'positive' };
const USE_GLOBAL_ADMIN: CardButton = { title: 'Use Global Admin credentials', verb: Verbs.modeChangeRequest, data: { targetMode: 'default' } };
const CONFIGURE_ALLOWED_IPS: CardButton = { title: 'Configure allowed IPs', verb: Verbs.configureAllowedIps, data: { opensNewCard: 'true' } };
const CHECK_POLICIES: CardButton = { title: 'Check policies', verb: Verbs.checkPolicies };
/** On a card that explains a failure: the answer comes as a new card, so the explanation stays. */
const CHECK_POLICIES_BELOW: CardButton = { ...CHECK_POLICIES, data: { opensNewCard: 'true' } };
const ROTATE_NOW: CardButton = { title: 'Rotate password now', verb: Verbs.rotationRotateNow };

interface SessionProblemShape {
  title: string;
  tone?: 'attention' | 'warning';
  buttons(viewer: ErrorViewer, error: SessionError): CardButton[];
}

const adminOnly = (viewer: ErrorViewer, ...buttons: CardButton[]): CardButton[] => (viewer.isTenantAdmin ? buttons : []);

const SESSION_PROBLEMS: Partial<Record<SessionErrorCode, SessionProblemShape>> = {
  'SESSION.MFA_REQUIRED': { title: 'This account requires MFA', buttons: (v) => [TRY_AGAIN, ...adminOnly(v, CONFIGURE_ALLOWED_IPS, CHECK_POLICIES_BELOW)] },
  'SESSION.BLOCKED_BY_CONDITIONAL_ACCESS': { title: 'Blocked by conditional access', buttons: (v) => [TRY_AGAIN, ...adminOnly(v, CONFIGURE_ALLOWED_IPS, CHECK_POLICIES_BELOW)] },
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
  'SESSION.MODE_NOT_CONFIGURED': { title: 'No management type chosen yet', tone: 'warning', buttons: (v) => adminOnly(v, USE_SERVICE_ACCOUNT, USE_GLOBAL_ADMIN) },
  'SESSION.DEFAULT_MODE_ADMIN_ONLY': { title: 'Only a Global Administrator can turn this on', tone: 'warning', buttons: () => [] },
  'SESSION.FORBIDDEN': { title: "You can't do that", buttons: () => [] },
  'SESSION.NOT_ACTIVE': { title: 'Management session is off', tone: 'warning', buttons: () => [TURN_ON] },
  'SESSION.DEFAULT_TOKEN_EXPIRED': { title: 'The Default-mode sign-in has expired', tone: 'warning', buttons: () => [TURN_ON] },
  'SESSION.BUSY': { title: 'The management session is changing right now', tone: 'warning', buttons: () => [TRY_AGAIN] },
};

/** Auto-enable is on but the tenant uses Default mode: say why it did not turn the session on. */
function autoEnableNote(error: SessionError): string {
  if (error.code !== 'SESSION.NOT_ACTIVE' || error.details.mode !== 'default' || error.details.autoEnable !== true) return '';
  return ' Auto-enable applies to Advanced mode only: in Default mode a Global Admin turns the session on with their own sign-in.';
}

export function sessionProblemView(error: SessionError, viewer: ErrorViewer, correlationId: string): SessionProblemView {
  const shape = SESSION_PROBLEMS[error.code] ?? { title: 'The management session could not be changed', buttons: () => [] };
  const facts = [
    ...(error.details.aadsts ? [{ label: 'Sign-in error', value: `AADSTS${error.details.aadsts.replace(/^AADSTS/i, '')}` }] : []),
    ...(error.details.signInCorrelationId ? [{ label: 'Entra correlation id', value: error.details.signInCorrelationId }] : []),
    ...(error.details.attemptBy ? [{ label: 'Attempt started by', value: error.details.attemptBy.displayName ?? error.details.attemptBy.upn ?? error.details.attemptBy.userId }] : []),
  ];
  return {
    title: shape.title,
    tone: shape.tone ?? 'attention',
    message: error.userMessage + autoEnableNote(error),
    nextStep: error.nextStep,
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
  'ACTION.INVALID_PARAMETERS': "That value can't be used",
  'ACTION.NOT_POSSIBLE': "That change can't be made",
  'ACTION.PRIVATE_CHAT_REQUIRED': 'Run this in your personal chat with me',
  'ACTION.GROUP_REQUIRED': 'Which group?',
  'ACTION.GROUP_NOT_FOUND': 'Group not found',
  'ACTION.GROUP_AMBIGUOUS': 'More than one group matches',
  'ACTION.GROUP_NOT_MANAGEABLE': "The bot can't change this group's members",
  'ACTION.BULK_TOO_LARGE': 'Too many users at once',
  'ACTION.BULK_EMPTY': 'Nobody to change',
  'ACTION.APPROVAL_REQUIRED': "Needs a tenant admin's approval",
  'ACTION.AWAITING_APPROVAL': 'Waiting for approval',
  'ACTION.APPROVAL_CLOSED': 'Not approved',
  'ACTION.BAD_SETTING': "That setting can't be used",
};

function actionProblemView(error: ActionError, correlationId: string): SessionProblemView {
  return {
    title: ACTION_TITLES[error.code],
    tone: ['ACTION.TARGET_REQUIRED', 'ACTION.TARGET_AMBIGUOUS', 'ACTION.GROUP_REQUIRED', 'ACTION.GROUP_AMBIGUOUS', 'ACTION.PRIVATE_CHAT_REQUIRED'].includes(error.code) ? 'warning' : 'attention',
    message: error.userMessage,
    ...(error.nextStep ? { nextStep: error.nextStep } : {}),
    facts: (error.details.candidates ?? []).slice(0, 10).map((candidate) => ({ label: candidate.displayName, value: candidate.upn })),
    correlationId,
  };
}

const CUSTOM_ACTION_TITLES: Record<CustomActionErrorCode, string> = {
  'CUSTOM_ACTION.INVALID_DEFINITION': 'The definition has problems',
  'CUSTOM_ACTION.INVALID_PARAMETERS': "Those values can't be used",
  'CUSTOM_ACTION.NOT_FOUND': 'Custom action not found',
  'CUSTOM_ACTION.ALREADY_EXISTS': 'That name is taken',
  'CUSTOM_ACTION.INVALID_STATE': "That step doesn't fit its state",
  'CUSTOM_ACTION.NOT_RUNNABLE': "This custom action can't be run",
  'CUSTOM_ACTION.SELF_APPROVAL_FORBIDDEN': 'Another tenant admin must approve this',
  'CUSTOM_ACTION.CONFLICT': 'It changed since you opened it',
};

const OPEN_CUSTOM_ACTIONS: CardButton = { title: 'Open custom actions', verb: Verbs.customActionsList };

const WORKFLOW_DEFINITION_TITLES: Record<WorkflowDefinitionErrorCode, string> = {
  'WORKFLOW_DEFINITION.INVALID_DEFINITION': 'The workflow definition has problems',
  'WORKFLOW_DEFINITION.NOT_FOUND': 'Workflow not found',
  'WORKFLOW_DEFINITION.ALREADY_EXISTS': 'That name is taken',
  'WORKFLOW_DEFINITION.INVALID_STATE': "That step doesn't fit its state",
  'WORKFLOW_DEFINITION.NOT_RUNNABLE': "This workflow can't be run",
  'WORKFLOW_DEFINITION.SELF_APPROVAL_FORBIDDEN': 'Another tenant admin must approve this',
  'WORKFLOW_DEFINITION.CONFLICT': 'It changed since you opened it',
};

const OPEN_WORKFLOW_DEFINITIONS: CardButton = { title: 'Open workflow definitions', verb: Verbs.workflowDefinitionsList };

/** Refusals that are about timing (not yet, or someone else was first), not about what was asked. */
const NOT_YET = ['CONFLICT', 'INVALID_STATE', 'SELF_APPROVAL_FORBIDDEN', 'NOT_RUNNABLE'];

/**
 * A reviewed definition (custom action, workflow) refused a step: the throw site's sentence (its
 * first line), every problem of a definition as a fact of its own, the next step, and for tenant
 * admins the list to go back to.
 */
function definitionProblemView<Code extends string>(error: DefinitionError<Code>, titles: Record<Code, string>, openList: CardButton, viewer: ErrorViewer, correlationId: string): SessionProblemView {
  const [firstLine = error.userMessage, ...rest] = error.userMessage.split('\n');
  const problems = error.details.problems ?? rest;
  // Problems joined into one sentence (parameter values) are listed below; the headline is the catalogue's.
  const headline = problems.length > 0 && rest.length === 0 ? ((errorCatalog as Readonly<Record<string, { userMessage: string }>>)[error.code]?.userMessage ?? firstLine) : firstLine;
  return {
    title: titles[error.code],
    tone: NOT_YET.some((kind) => error.code.endsWith(`.${kind}`)) ? 'warning' : 'attention',
    message: headline,
    ...(error.nextStep ? { nextStep: error.nextStep } : {}),
    facts: problems.slice(0, 10).map((problem, index) => ({ label: problems.length === 1 ? 'Problem' : `Problem ${index + 1}`, value: problem })),
    buttons: adminOnly(viewer, openList),
    correlationId: error.correlationId ?? correlationId,
  };
}

const WORKFLOW_TITLES: Record<WorkflowErrorCode, string> = {
  'WORKFLOW.INVALID_DEFINITION': 'The workflow definition has problems',
  'WORKFLOW.NOT_FOUND': 'Workflow not found',
  'WORKFLOW.RUN_NOT_FOUND': 'Workflow run not found',
  'WORKFLOW.INVALID_INPUTS': "Those values can't be used",
  'WORKFLOW.TARGET_NOT_FOUND': 'User not found',
  'WORKFLOW.TARGET_MISMATCH': "The user doesn't match the inputs",
  'WORKFLOW.INVALID_STATE': "That doesn't fit the run's state",
  'WORKFLOW.NOT_RETRYABLE': "This run can't be retried",
  'WORKFLOW.NOT_ALLOWED': 'Only the requester or a tenant admin can do that',
  'WORKFLOW.NOT_AN_APPROVER': 'Not one of the named approvers',
  'WORKFLOW.INVALID_ANSWER': "That isn't one of the options",
  'WORKFLOW.QUERY_NOT_FOUND': 'Department or group not found',
  'WORKFLOW.QUERY_AMBIGUOUS': 'More than one group matches',
  'WORKFLOW.DIRECTORY_UNAVAILABLE': 'The directory is unavailable',
  'WORKFLOW.INVALID_SCHEDULE': "I can't read that schedule",
  'WORKFLOW.SCHEDULE_NOT_FOUND': 'Workflow schedule not found',
};

const OPEN_WORKFLOW_RUNS: CardButton = { title: 'Workflow runs', verb: Verbs.workflowRuns };

/** A workflow refused a start or a step on a run: the throw site's sentence, each problem of the inputs as a fact, the next step. */
function workflowProblemView(error: WorkflowError, correlationId: string): SessionProblemView {
  const problems = error.details.problems ?? [];
  const notYet: readonly WorkflowErrorCode[] = ['WORKFLOW.INVALID_INPUTS', 'WORKFLOW.TARGET_MISMATCH', 'WORKFLOW.INVALID_STATE', 'WORKFLOW.INVALID_ANSWER', 'WORKFLOW.QUERY_AMBIGUOUS'];
  const aboutRuns: readonly WorkflowErrorCode[] = ['WORKFLOW.RUN_NOT_FOUND', 'WORKFLOW.INVALID_STATE', 'WORKFLOW.NOT_RETRYABLE'];
  return {
    title: WORKFLOW_TITLES[error.code],
    tone: notYet.includes(error.code) ? 'warning' : 'attention',
    // Problems joined into one sentence are listed below; the headline is the catalogue's.
    message: problems.length > 1 ? WORKFLOW_ERROR_WORDS[error.code].userMessage : error.userMessage,
    ...(error.nextStep ? { nextStep: error.nextStep } : {}),
    facts: problems.length > 1 ? problems.slice(0, 10).map((problem, index) => ({ label: `Problem ${index + 1}`, value: problem })) : [],
    buttons: aboutRuns.includes(error.code) ? [OPEN_WORKFLOW_RUNS] : [],
    correlationId: error.correlationId ?? correlationId,
  };
}

const PLAYBOOK_TITLES: Record<PlaybookErrorCode, string> = {
  'PLAYBOOK.NOT_FOUND': 'Playbook not found',
  'PLAYBOOK.POLICY_NOT_FOUND': 'Policy not found',
  'PLAYBOOK.MODE_NOT_AVAILABLE': 'This policy can only alert',
  'PLAYBOOK.INVALID_SETTING': "That setting can't be used",
  'PLAYBOOK.INVALID_SCHEDULE': "That schedule can't be used",
  'PLAYBOOK.RUN_IN_PROGRESS': 'The playbook is already running',
  'PLAYBOOK.RUN_NOT_FOUND': 'Playbook run not found',
};

const OPEN_PLAYBOOKS: CardButton = { title: 'Playbooks', verb: Verbs.playbooksList };

/** A playbook refused a run or a setting: the throw site's sentence and next step; tenant admins may go back to the list. */
function playbookProblemView(error: PlaybookError, viewer: ErrorViewer, correlationId: string): SessionProblemView {
  return {
    title: PLAYBOOK_TITLES[error.code],
    tone: error.code === 'PLAYBOOK.RUN_IN_PROGRESS' ? 'warning' : 'attention',
    message: error.userMessage,
    ...(error.nextStep ? { nextStep: error.nextStep } : {}),
    buttons: adminOnly(viewer, OPEN_PLAYBOOKS),
    correlationId: error.correlationId ?? correlationId,
  };
}

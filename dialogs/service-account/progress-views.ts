/**
 * Turns the service-account use cases' progress rows, results and errors into progress card
 * views: words and a next step for every code, never a stack trace or a secret. Pure.
 */
import { Verbs, type CardFact, type ProgressButtonView, type ProgressCardView, type ProgressStepView } from '../../cards';
import type { ManagementMode } from '../../services/ports/tenant-settings.repository.port';
import type { ProgressRow } from '../../services/service-account/provisioning-progress';
import type { CreateServiceAccountResult } from '../../services/service-account/service-account-provisioning.service';
import { isServiceAccountError } from '../../services/service-account/service-account.errors';
import type { ServiceAccountSummary } from '../../services/service-account/service-account.types';
import type { SignInReadiness } from '../../services/service-account/sign-in-readiness.service';

export const RETRY_CREATE_BUTTON: ProgressButtonView = { title: 'Retry service account creation', verb: Verbs.serviceAccountRetry, style: 'positive' };
export const OPEN_SETTINGS_BUTTON: ProgressButtonView = { title: 'Open settings', verb: Verbs.settingsOpen };
/** The seed's last step of the first run: the green button that turns the session on. */
export const TURN_ON_BUTTON: ProgressButtonView = { title: 'Turn on management session', verb: Verbs.sessionTurnOn, style: 'positive' };

export function stepViews(rows: readonly ProgressRow[]): ProgressStepView[] {
  return rows.map((row) => ({ label: row.label, state: row.state, ...(row.detail?.message ? { detail: row.detail.message } : {}) }));
}

export function creationRunningView(rows: readonly ProgressRow[]): ProgressCardView {
  return {
    title: 'Creating the management service account',
    outcome: 'running',
    summary: 'This takes up to a minute. This card updates as each step finishes; you can keep working meanwhile.',
    steps: stepViews(rows),
  };
}

export function accountFacts(account: ServiceAccountSummary): CardFact[] {
  return [
    { label: 'Account', value: account.userPrincipalName },
    { label: 'Role', value: account.roles.map((role) => role.name).join(', ') },
    { label: 'Secret', value: `${account.secretName} (version ${account.currentSecretVersion})` },
  ];
}

/** What blocks the account's sign-in and exactly what an admin must change in Entra. Empty when ready. */
export function readinessAttention(readiness: SignInReadiness): string[] {
  if (readiness.status === 'ready') return [];
  const headline =
    readiness.status === 'mfa-required'
      ? `Sign-in blocked: Entra requires MFA for ${readiness.userPrincipalName}, and the bot signs in without a person present.`
      : readiness.status === 'blocked-by-conditional-access'
        ? `Sign-in blocked: a conditional-access policy blocks ${readiness.userPrincipalName}.`
        : `Sign-in did not work yet for ${readiness.userPrincipalName}.`;
  const policies = readiness.blockingPolicies.map((policy) => `Blocking policy: "${policy.displayName}" (${policy.state}).`);
  return [headline, ...policies, ...readiness.requiredChanges];
}

function signInFact(readiness: SignInReadiness): CardFact {
  const words: Record<SignInReadiness['status'], string> = {
    ready: 'Works',
    'mfa-required': 'Blocked: MFA required',
    'blocked-by-conditional-access': 'Blocked by conditional access',
    'sign-in-failed': 'Not working yet',
  };
  return { label: 'Sign-in', value: words[readiness.status] };
}

/** `mode`: the tenant's management type now; in Advanced mode a ready account ends with "Turn on management session". */
export function creationResultView(rows: readonly ProgressRow[], result: CreateServiceAccountResult, mode?: ManagementMode): ProgressCardView {
  const canTurnOn = mode === 'advanced';
  const ready = result.readiness.status === 'ready';
  const existing = result.outcome === 'already-exists';
  const roles = result.account.roles.map((role) => role.name).join(', ');
  const summary = existing
    ? `${result.account.userPrincipalName} already exists, so nothing was changed; its sign-in was checked again.`
    : `${result.account.userPrincipalName} was created with ${roles}. Its password is in Key Vault; nobody has seen it.${result.adoptedExistingAccount ? ' An account the bot had made earlier was found and adopted.' : ''}`;
  return {
    title: existing ? 'Management service account already exists' : 'Management service account created',
    outcome: ready ? 'succeeded' : 'attention',
    summary,
    steps: stepViews(rows),
    facts: [...accountFacts(result.account), signInFact(result.readiness)],
    attention: readinessAttention(result.readiness),
    nextStep: ready
      ? canTurnOn
        ? 'The management type is Advanced (service account). Next: turn the management session on.'
        : 'Next: switch the management type to Advanced in settings, then turn the management session on.'
      : 'After changing Entra, select "Check sign-in again".',
    buttons: ready ? (canTurnOn ? [TURN_ON_BUTTON, OPEN_SETTINGS_BUTTON] : [OPEN_SETTINGS_BUTTON]) : [{ title: 'Check sign-in again', verb: Verbs.serviceAccountCreate, style: 'positive' }, OPEN_SETTINGS_BUTTON],
    correlationId: result.correlationId,
  };
}

export interface FailureWords {
  title: string;
  summary: string;
  facts: CardFact[];
  nextStep?: string;
  retryable: boolean;
  code: string;
  correlationId?: string;
}

/** The words for a failed service-account change; unknown errors say only that it failed. */
export function failureWords(error: unknown, title: string): FailureWords {
  if (!isServiceAccountError(error)) {
    return { title, summary: 'The change failed unexpectedly.', facts: [], nextStep: 'Try again; if it fails again, share the reference with your administrator.', retryable: true, code: 'SERVICE_ACCOUNT.FAILED' };
  }
  const facts: CardFact[] = [];
  if (error.missingPermission) facts.push({ label: 'Missing permission', value: error.missingPermission });
  if (error.retryAfterInMs !== undefined) facts.push({ label: 'Retry after', value: `${Math.ceil(error.retryAfterInMs / 1000)} seconds` });
  const words: FailureWords = { title, summary: error.userMessage, facts, retryable: error.retryable, code: error.code };
  if (error.nextStep) words.nextStep = error.nextStep;
  if (error.correlationId) words.correlationId = error.correlationId;
  return words;
}

export function creationFailedView(rows: readonly ProgressRow[], error: unknown): ProgressCardView {
  const words = failureWords(error, 'Service account not created');
  const busy = words.code === 'SERVICE_ACCOUNT.OPERATION_IN_PROGRESS';
  return {
    title: words.code === 'SERVICE_ACCOUNT.PERMISSION_DENIED' ? "The bot doesn't have permission to create a service account on your tenant" : words.title,
    outcome: 'failed',
    summary: words.summary,
    steps: stepViews(rows),
    facts: words.facts,
    ...(words.nextStep ? { nextStep: words.nextStep } : busy ? { nextStep: 'Open settings in a moment to see where it stands.' } : {}),
    // A busy tenant needs no retry button: the running change reports on its own card.
    buttons: words.retryable && !busy ? [RETRY_CREATE_BUTTON, OPEN_SETTINGS_BUTTON] : [OPEN_SETTINGS_BUTTON],
    ...(words.correlationId ? { correlationId: words.correlationId } : {}),
  };
}

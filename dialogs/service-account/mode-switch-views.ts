/**
 * Progress and final cards of an approved change of management type, or of disabling advanced
 * management. The final message comes from the service (MODE_SWITCH_MESSAGES): it says what
 * happened and what to do next. Pure.
 */
import { Verbs, type CardFact, type ProgressButtonView, type ProgressCardView } from '../../cards';
import { describePerson, type Person } from '../../services/access/actor';
import type { ModeApprovalKind, ModeSwitchOutcome } from '../../services/service-account/mode-switch.types';
import type { ProgressRow, ProgressStep } from '../../services/service-account/provisioning-progress';
import { OPEN_SETTINGS_BUTTON, RETRY_CREATE_BUTTON, TURN_ON_BUTTON, readinessAttention, stepViews } from './progress-views';

export interface SwitchDescription {
  kind: ModeApprovalKind;
  targetMode: 'none' | 'default' | 'advanced';
  requester?: Person;
  approver?: Person;
}

const MODE_NAMES = { none: 'none', default: 'Default', advanced: 'Advanced' } as const;

/** Which switch a step list belongs to, when only the steps are known (ModeSwitchService.stepsFor). */
export function describeSteps(kind: ModeApprovalKind, steps: readonly ProgressStep[]): SwitchDescription {
  if (kind === 'advanced.disable') return { kind, targetMode: 'none' };
  return { kind, targetMode: steps.some((step) => step.id === 'create-account') ? 'advanced' : 'default' };
}

function runningTitle(switchTo: SwitchDescription): string {
  return switchTo.kind === 'advanced.disable' ? 'Disabling advanced management' : `Switching the management type to ${MODE_NAMES[switchTo.targetMode]}`;
}

function peopleFacts(switchTo: SwitchDescription): CardFact[] {
  const facts: CardFact[] = [];
  if (switchTo.requester) facts.push({ label: 'Requested by', value: describePerson(switchTo.requester) });
  if (switchTo.approver) facts.push({ label: 'Approved by', value: describePerson(switchTo.approver) });
  return facts;
}

export function switchRunningView(switchTo: SwitchDescription, rows: readonly ProgressRow[]): ProgressCardView {
  return {
    title: runningTitle(switchTo),
    outcome: 'running',
    summary: 'Approved. The change is running; this card updates as each step finishes.',
    steps: stepViews(rows),
    facts: peopleFacts(switchTo),
  };
}

function retryButton(switchTo: SwitchDescription, outcome: ModeSwitchOutcome): ProgressButtonView {
  if (switchTo.kind === 'advanced.disable') return { title: 'Retry disabling advanced management', verb: Verbs.advancedDisableConfirm, data: { retry: true }, style: 'positive' };
  // The spec's words for a missing permission; the verb resumes the whole approved switch.
  if (outcome.code === 'SERVICE_ACCOUNT.PERMISSION_DENIED') return RETRY_CREATE_BUTTON;
  return { title: 'Retry the switch', verb: Verbs.modeChangeRequest, data: { retry: true }, style: 'positive' };
}

export function switchFinishedView(switchTo: SwitchDescription, rows: readonly ProgressRow[], outcome: ModeSwitchOutcome): ProgressCardView {
  const facts = peopleFacts(switchTo);
  if (outcome.status === 'switched') {
    const attention = outcome.readiness ? readinessAttention(outcome.readiness) : [];
    return {
      title: switchTo.kind === 'advanced.disable' ? 'Advanced management disabled' : `Management type switched to ${MODE_NAMES[outcome.mode]}`,
      outcome: attention.length > 0 ? 'attention' : 'succeeded',
      summary: outcome.message,
      steps: stepViews(rows),
      facts,
      attention,
      // The old type's session was ended by the switch: the next step is to turn it on again.
      buttons: switchTo.kind === 'advanced.disable' || attention.length > 0 ? [OPEN_SETTINGS_BUTTON] : [TURN_ON_BUTTON, OPEN_SETTINGS_BUTTON],
      correlationId: outcome.correlationId,
    };
  }
  if (outcome.missingPermission) facts.push({ label: 'Missing permission', value: outcome.missingPermission });
  return {
    title: switchTo.kind === 'advanced.disable' ? 'Advanced management was not disabled' : 'The management type was not switched',
    outcome: 'failed',
    summary: outcome.message,
    steps: stepViews(rows),
    facts,
    ...(outcome.nextStep ? { nextStep: outcome.nextStep } : {}),
    buttons: outcome.retryable ? [retryButton(switchTo, outcome), OPEN_SETTINGS_BUTTON] : [OPEN_SETTINGS_BUTTON],
    correlationId: outcome.correlationId,
  };
}

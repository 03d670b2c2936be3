/**
 * Retry of an approved switch that did not finish (failed, or was cut by a restart): the card
 * the admin clicked (or a new reply) becomes the switch's progress card, and the switch resumes
 * in the background where its journal stopped. No new approval is needed: this one was approved.
 */
import { renderProgressCard, type AdaptiveCardJson } from '../../cards';
import type { Actor } from '../../services/access/actor';
import { ModeSwitchService } from '../../services/service-account/mode-switch.service';
import type { ModeApprovalKind } from '../../services/service-account/mode-switch.types';
import type { AttachCard } from './creation-runner';
import type { FeatureContext } from './feature-context';
import { switchRunningView, type SwitchDescription } from './mode-switch-views';
import type { OpenSwitch } from './open-switch';
import { failureWords } from './progress-views';

const TASK = 'mode.switch.retry';

/** Undefined when no switch of `kind` is open for the tenant (the caller then does its own thing). */
export async function retryOpenSwitch(feature: FeatureContext, actor: Actor, kind: ModeApprovalKind, attach: AttachCard): Promise<AdaptiveCardJson | undefined> {
  const open = feature.openSwitch(actor.tenantId);
  if (!open || open.kind !== kind) return undefined;
  // A double click, or a Retry while the switch already runs: show where it stands.
  const current = feature.reporter.currentCard(actor.tenantId);
  if (current) return current;
  const describe: SwitchDescription = { kind: open.kind, targetMode: open.targetMode };
  const steps = ModeSwitchService.stepsFor(open.kind, open.targetMode);
  const first = renderProgressCard(switchRunningView(describe, steps.map((step) => ({ ...step, state: 'pending' }))));
  const target = await attach(first);
  const listener = feature.reporter.adoptCard(actor.tenantId, open.approvalId, describe, steps, target);
  feature.services.backgroundTasks.start(TASK, () => resume(feature, actor, open, listener));
  return first;
}

async function resume(feature: FeatureContext, actor: Actor, open: OpenSwitch, listener: Parameters<ModeSwitchService['retry']>[2]): Promise<void> {
  try {
    // The service reports the outcome to the reporter (finished), which ends this same card.
    const outcome = await feature.services.modeSwitch.retry(actor.tenantId, actor, listener);
    if (!outcome) await feature.reporter.abandon(actor.tenantId, nothingToRetry(open));
  } catch (error) {
    const words = failureWords(error, 'Retry refused');
    await feature.reporter.abandon(
      actor.tenantId,
      renderProgressCard({ title: words.title, outcome: 'failed', summary: words.summary, steps: [], ...(words.nextStep ? { nextStep: words.nextStep } : {}), ...(words.correlationId ? { correlationId: words.correlationId } : {}) }),
    );
  }
}

function nothingToRetry(open: OpenSwitch): AdaptiveCardJson {
  return renderProgressCard({
    title: open.kind === 'advanced.disable' ? 'Nothing left to disable' : 'Nothing left to switch',
    outcome: 'succeeded',
    summary: 'The approved change had already finished, so nothing was done again. Open settings to see where things stand.',
    steps: [],
  });
}

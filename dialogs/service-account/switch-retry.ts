/**
 * Retry of an approved switch that did not finish (failed, or was cut by a restart): the card
 * the admin clicked (or a new reply) becomes the switch's progress card, and the switch resumes
 * in the background where its journal stopped. No new approval is needed: this one was approved.
 */
import { renderProgressCard, type AdaptiveCardJson } from '../../cards';
import type { Actor } from '../../services/access/actor';
import type { BackgroundTasks } from '../../services/service-account/background-tasks';
import { ModeSwitchService } from '../../services/service-account/mode-switch.service';
import type { ModeApprovalKind, OpenSwitch } from '../../services/service-account/mode-switch.types';
import type { AttachCard } from './creation-runner';
import type { ModeSwitchProgressCards } from './mode-switch-progress';
import { switchRunningView, type SwitchDescription } from './mode-switch-views';
import { failureWords } from './progress-views';

const TASK = 'mode.switch.retry';

export interface SwitchRetryDependencies {
  modeSwitch: Pick<ModeSwitchService, 'openSwitch' | 'retry'>;
  progress: Pick<ModeSwitchProgressCards, 'currentCard' | 'adoptCard' | 'abandon'>;
  tasks: BackgroundTasks;
}

export class SwitchRetry {
  constructor(private readonly deps: SwitchRetryDependencies) {}

  /** The approved switch of `kind` that stopped, if any: what a Retry would resume. */
  openSwitch(tenantId: string, kind: ModeApprovalKind): OpenSwitch | undefined {
    const open = this.deps.modeSwitch.openSwitch(tenantId);
    return open?.kind === kind ? open : undefined;
  }

  /** Undefined when no switch of `kind` is open for the tenant (the caller then does its own thing). */
  async retry(actor: Actor, kind: ModeApprovalKind, attach: AttachCard): Promise<AdaptiveCardJson | undefined> {
    const open = this.openSwitch(actor.tenantId, kind);
    if (!open) return undefined;
    // A double click, or a Retry while the switch already runs: show where it stands.
    const current = this.deps.progress.currentCard(actor.tenantId);
    if (current) return current;
    const describe: SwitchDescription = { kind: open.kind, targetMode: open.targetMode };
    const steps = ModeSwitchService.stepsFor(open.kind, open.targetMode);
    const first = renderProgressCard(switchRunningView(describe, steps.map((step) => ({ ...step, state: 'pending' }))));
    const target = await attach(first);
    const listener = this.deps.progress.adoptCard(actor.tenantId, open.approvalId, describe, steps, target);
    this.deps.tasks.start(TASK, () => this.resume(actor, open, listener));
    return first;
  }

  private async resume(actor: Actor, open: OpenSwitch, listener: Parameters<ModeSwitchService['retry']>[2]): Promise<void> {
    try {
      // The service reports the outcome to the progress cards (finished), which end this same card.
      const outcome = await this.deps.modeSwitch.retry(actor.tenantId, actor, listener);
      if (!outcome) await this.deps.progress.abandon(actor.tenantId, nothingToRetry(open));
    } catch (error) {
      const words = failureWords(error, 'Retry refused');
      await this.deps.progress.abandon(
        actor.tenantId,
        renderProgressCard({ title: words.title, outcome: 'failed', summary: words.summary, steps: [], ...(words.nextStep ? { nextStep: words.nextStep } : {}), ...(words.correlationId ? { correlationId: words.correlationId } : {}) }),
      );
    }
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

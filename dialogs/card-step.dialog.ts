/**
 * The card-step pattern: one small, explicit shape for every flow that is driven by
 * `Action.Execute` clicks. A flow is a dialog whose steps are named private `…Step` methods,
 * listed in the order a user meets them, so the flow reads top to bottom in one file:
 *
 *   protected readonly steps = this.stepsOf({ ask: this.askStep, confirm: this.confirmStep });
 *
 * A text command starts at the first step; a card button names its step in its data (`step`).
 * Each click is one turn: the step runs, answers with a card (the invoke's answer, or a reply to a
 * message) and the dialog ends. Nothing is kept between clicks but the card itself and the
 * server-side records the services own, so a card clicked after a restart, a day later or by
 * another admin works the same way, and every click is authorized again at the door.
 *
 * Flows that wait for typed answers over several turns use ComponentDialog with prompts
 * (CancelAndHelpDialog) instead.
 */
import type { TurnContext } from 'botbuilder';
import { Dialog, DialogContext, DialogSet, type DialogTurnResult } from 'botbuilder-dialogs';
import type { AdaptiveCardJson } from '../cards';
import { flowTurnOf } from './flow-turn';
import { expectedErrorCard } from './shared/card-for-error';

/** What a step answers: a card (replacing the clicked one, or a reply), or a short message. */
export type CardAnswer = { card: AdaptiveCardJson } | { message: string };

export interface CardStepOptions {
  /** The step to run; by default the one the card's data names (`step`). A command, or an unknown name, starts at the first step. */
  step?: string;
  /** Command arguments, or the card's data merged with its inputs. Untrusted: parse it; never use it for identity, role or scope. */
  data?: Readonly<Record<string, unknown>>;
}

/** `undefined` when the step already put its card on screen itself (a live progress card). */
export type CardStep = (turn: TurnContext, data: Readonly<Record<string, unknown>>) => Promise<CardAnswer | undefined>;

export abstract class CardStepDialog extends Dialog<CardStepOptions> {
  protected abstract readonly steps: ReadonlyMap<string, CardStep>;

  /** The step table, in order, each method bound to this dialog. */
  protected stepsOf(steps: Record<string, CardStep>): ReadonlyMap<string, CardStep> {
    return new Map(Object.entries(steps).map(([name, step]) => [name, step.bind(this)]));
  }

  /** The step names, for tests and for cards that name a step. */
  stepNames(): string[] {
    return [...this.steps.keys()];
  }

  /** The step a card's data names. A flow whose older cards carry other markers maps them here. */
  protected stepOf(data: Readonly<Record<string, unknown>>): string | undefined {
    return typeof data['step'] === 'string' ? data['step'] : undefined;
  }

  override async beginDialog(dc: DialogContext, options?: CardStepOptions): Promise<DialogTurnResult<CardAnswer | undefined>> {
    const name = options?.step ?? this.stepOf(options?.data ?? {});
    const named = name !== undefined ? this.steps.get(name) : undefined;
    const step = named ?? this.steps.values().next().value;
    if (!step) throw new Error(`${this.id} has no steps.`);
    return dc.endDialog(await this.run(step, dc.context, options?.data ?? {}));
  }

  /** An expected refusal (no permission, session off, …) becomes its card; anything else goes to the turn error handler. */
  private async run(step: CardStep, turn: TurnContext, data: Readonly<Record<string, unknown>>): Promise<CardAnswer | undefined> {
    try {
      return await step(turn, data);
    } catch (error) {
      const flow = flowTurnOf(turn);
      const card = expectedErrorCard(error, await flow.viewer(), flow.correlationId);
      if (!card) throw error;
      return { card };
    }
  }
}

/**
 * Runs one step of a card-step dialog within the current turn. The dialog ends in the same turn,
 * so no dialog state is stored: a user's unfinished typed dialog is not touched.
 */
export class CardFlows {
  private readonly dialogs = new DialogSet();

  constructor(dialogs: readonly CardStepDialog[]) {
    for (const dialog of dialogs) this.dialogs.add(dialog);
  }

  async run(turn: TurnContext, dialogId: string, options: CardStepOptions = {}): Promise<CardAnswer | undefined> {
    const context = new DialogContext(this.dialogs, turn, { dialogStack: [] });
    const result = await context.beginDialog(dialogId, options);
    return result.result as CardAnswer | undefined;
  }
}

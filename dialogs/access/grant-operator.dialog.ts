import { CardFactory, MessageFactory } from 'botbuilder';
import { TextPrompt, WaterfallDialog, type DialogTurnResult, type PromptValidatorContext, type WaterfallStepContext } from 'botbuilder-dialogs';
import { CancelAndHelpDialog } from '../cancel-and-help.dialog';
import { flowTurnOf } from '../flow-turn';
import type { ConfirmationPreparer } from './confirmation-preparer';
import { ACTION_TITLES, parseActions, parseScope, SCOPE_EXAMPLES } from './grant-text-parser';

export const GRANT_OPERATOR_DIALOG = 'grantOperatorDialog';
const WATERFALL = 'grantOperatorWaterfall';
const USER_PROMPT = 'grantOperatorUserPrompt';
const SCOPE_PROMPT = 'grantOperatorScopePrompt';
const ACTIONS_PROMPT = 'grantOperatorActionsPrompt';

/** What the command line already said; the dialog asks only for what is missing. */
export interface GrantOperatorOptions {
  operator?: string;
  scope?: string;
  actions?: string;
}

interface Collected {
  operator: string;
  scope: string;
  actions: string;
}

/**
 * `grant operator <user> scope <…> actions <…>`: asks for whatever the command line left out,
 * then shows the confirmation card listing exactly what will be granted. Granting happens only
 * when the card's Confirm is clicked (operator.grant.confirm), never in this dialog.
 */
export class GrantOperatorDialog extends CancelAndHelpDialog<GrantOperatorOptions> {
  protected readonly helpText = `I'm collecting an operator grant: who (their UPN), which users they may manage (${SCOPE_EXAMPLES}), and which actions (${ACTION_TITLES}, or "all").`;

  constructor(private readonly preparer: Pick<ConfirmationPreparer, 'prepareOperatorGrant'>) {
    super(GRANT_OPERATOR_DIALOG);
    this.addDialog(new TextPrompt(USER_PROMPT, nonEmpty))
      .addDialog(new TextPrompt(SCOPE_PROMPT, validateWith((text) => parseScope(text))))
      .addDialog(new TextPrompt(ACTIONS_PROMPT, validateWith((text) => parseActions(text))))
      .addDialog(
        new WaterfallDialog<GrantOperatorOptions>(WATERFALL, [
          this.operatorStep.bind(this),
          this.scopeStep.bind(this),
          this.actionsStep.bind(this),
          this.confirmStep.bind(this),
        ]),
      );
    this.initialDialogId = WATERFALL;
  }

  private async operatorStep(step: WaterfallStepContext<GrantOperatorOptions>): Promise<DialogTurnResult> {
    const given = step.options.operator;
    if (given) return step.next(given);
    return step.prompt(USER_PROMPT, { prompt: 'Who should become an operator? Type their user principal name, e.g. alex@contoso.com.' });
  }

  private async scopeStep(step: WaterfallStepContext<GrantOperatorOptions>): Promise<DialogTurnResult> {
    collected(step).operator = String(step.result);
    const given = step.options.scope;
    if (given) return step.next(given);
    return step.prompt(SCOPE_PROMPT, {
      prompt: `Which users may they manage? For example: ${SCOPE_EXAMPLES}. Add "including admins" only if they must reach users who hold admin roles.`,
    });
  }

  private async actionsStep(step: WaterfallStepContext<GrantOperatorOptions>): Promise<DialogTurnResult> {
    collected(step).scope = String(step.result);
    const given = step.options.actions;
    if (given) return step.next(given);
    return step.prompt(ACTIONS_PROMPT, { prompt: `Which actions may they run? Choose from: ${ACTION_TITLES}, or "all".` });
  }

  private async confirmStep(step: WaterfallStepContext<GrantOperatorOptions>): Promise<DialogTurnResult> {
    const { actor, correlationId } = flowTurnOf(step.context);
    const card = await this.preparer.prepareOperatorGrant(
      actor,
      { operator: collected(step).operator ?? '', scope: collected(step).scope ?? '', actions: String(step.result) },
      correlationId,
    );
    await step.context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(card)));
    return step.endDialog();
  }
}

/** Answers so far, kept in the waterfall's persisted `values`. */
function collected(step: WaterfallStepContext<GrantOperatorOptions>): Partial<Collected> {
  return step.values as Partial<Collected>;
}

async function nonEmpty(prompt: PromptValidatorContext<string>): Promise<boolean> {
  return prompt.recognized.succeeded && (prompt.recognized.value ?? '').trim() !== '';
}

/** Re-prompts with the parser's own explanation, so the user learns what was wrong. */
function validateWith(parse: (text: string) => { ok: true } | { ok: false; message: string }): (prompt: PromptValidatorContext<string>) => Promise<boolean> {
  return async (prompt) => {
    if (!prompt.recognized.succeeded) return false;
    const result = parse(prompt.recognized.value ?? '');
    if (result.ok) return true;
    await prompt.context.sendActivity(`${result.message} Type **cancel** to stop.`);
    return false;
  };
}

import { CardFactory, MessageFactory } from 'botbuilder';
import { TextPrompt, WaterfallDialog, type DialogTurnResult, type PromptValidatorContext, type WaterfallStepContext } from 'botbuilder-dialogs';
import { CancelAndHelpDialog } from '../cancel-and-help.dialog';
import { flowTurnOf } from '../flow-turn';
import type { ConfirmationPreparer } from './confirmation-preparer';

export type UserChangeKind = 'operator.revoke' | 'auditor.grant' | 'auditor.revoke';

export const PICK_USER_DIALOG = 'pickUserDialog';
const WATERFALL = 'pickUserWaterfall';
const USER_PROMPT = 'pickUserPrompt';

export interface PickUserOptions {
  kind: UserChangeKind;
  user?: string;
}

const QUESTIONS: Record<UserChangeKind, string> = {
  'operator.revoke': 'Whose operator access should I revoke? Type their user principal name.',
  'auditor.grant': 'Who should become an auditor? Type their user principal name, e.g. sam@contoso.com.',
  'auditor.revoke': 'Whose auditor access should I revoke? Type their user principal name.',
};

/**
 * `revoke operator`, `grant auditor`, `revoke auditor`: asks for the user when the command did
 * not name one, then shows the confirmation card. One dialog, three kinds: they differ only in
 * the question and in which preparation runs.
 */
export class PickUserDialog extends CancelAndHelpDialog<PickUserOptions> {
  protected readonly helpText = "I need the user's principal name (for example alex@contoso.com) to prepare the change.";

  constructor(private readonly preparer: Pick<ConfirmationPreparer, 'prepareOperatorRevoke' | 'prepareAuditorGrant' | 'prepareAuditorRevoke'>) {
    super(PICK_USER_DIALOG);
    this.addDialog(new TextPrompt(USER_PROMPT, nonEmpty)).addDialog(new WaterfallDialog(WATERFALL, [this.userStep.bind(this), this.confirmStep.bind(this)]));
    this.initialDialogId = WATERFALL;
  }

  private async userStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const options = step.options as PickUserOptions;
    if (options.user) return step.next(options.user);
    return step.prompt(USER_PROMPT, { prompt: QUESTIONS[options.kind] });
  }

  private async confirmStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { kind } = step.options as PickUserOptions;
    const user = String(step.result).trim();
    const { actor, correlationId } = flowTurnOf(step.context);
    const card =
      kind === 'operator.revoke'
        ? await this.preparer.prepareOperatorRevoke(actor, user, correlationId)
        : kind === 'auditor.grant'
          ? await this.preparer.prepareAuditorGrant(actor, user, correlationId)
          : await this.preparer.prepareAuditorRevoke(actor, user, correlationId);
    await step.context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(card)));
    return step.endDialog();
  }
}

async function nonEmpty(prompt: PromptValidatorContext<string>): Promise<boolean> {
  return prompt.recognized.succeeded && (prompt.recognized.value ?? '').trim() !== '';
}

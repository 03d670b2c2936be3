import { ComponentDialog, DialogTurnStatus, type DialogContext, type DialogTurnResult } from 'botbuilder-dialogs';
import { cleanCommandText, coreCommandText } from './command-text';

const CANCEL_WORDS = new Set(['cancel', 'stop', 'quit', 'never mind', 'nevermind', 'abort']);
const HELP_WORDS = new Set(['help', '?']);

/**
 * Base for every multi-step dialog: "cancel" ends it (nothing has changed before a confirmation
 * card is confirmed), "help" explains the current question and keeps waiting for the answer.
 */
export abstract class CancelAndHelpDialog<O extends object = {}> extends ComponentDialog<O> {
  /** What this dialog is asking for, in a sentence or two. */
  protected abstract readonly helpText: string;

  protected override async onContinueDialog(innerDc: DialogContext): Promise<DialogTurnResult> {
    const interrupted = await this.interrupt(innerDc);
    return interrupted ?? super.onContinueDialog(innerDc);
  }

  private async interrupt(innerDc: DialogContext): Promise<DialogTurnResult | undefined> {
    const cleaned = cleanCommandText(innerDc.context.activity.text ?? '').toLowerCase();
    // "?" is all punctuation, which the core form drops; it still asks for help.
    const text = coreCommandText(cleaned) || cleaned;
    if (CANCEL_WORDS.has(text)) {
      await innerDc.context.sendActivity('Cancelled. Nothing was changed.');
      return innerDc.cancelAllDialogs();
    }
    if (HELP_WORDS.has(text)) {
      await innerDc.context.sendActivity(`${this.helpText} Type **cancel** to stop.`);
      return { status: DialogTurnStatus.waiting };
    }
    return undefined;
  }
}

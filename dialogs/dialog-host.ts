import { BotState, type Storage, type TurnContext } from 'botbuilder';
import { DialogSet, type Dialog, type DialogState } from 'botbuilder-dialogs';
import { cleanCommandText, coreCommandText } from './command-text';

/**
 * Runs the bot's dialogs. Dialog state is kept per conversation *and user* (under a tenant key
 * supplied by the bot edge), so in a channel one admin's answers never feed another admin's
 * dialog, and it is saved after every step, so a restart resumes where the user was.
 */
export class DialogHost {
  private readonly state: BotState;
  private readonly dialogs: DialogSet;

  constructor(storage: Storage, storageKeyOf: (turn: TurnContext) => string, dialogs: readonly Dialog[]) {
    this.state = new BotState(storage, async (turn) => storageKeyOf(turn));
    this.dialogs = new DialogSet(this.state.createProperty<DialogState>('dialogState'));
    for (const dialog of dialogs) this.dialogs.add(dialog);
  }

  /** Starts a dialog, replacing any unfinished one of this user in this conversation. */
  async begin(turn: TurnContext, dialogId: string, options?: object): Promise<void> {
    const context = await this.dialogs.createContext(turn);
    await context.cancelAllDialogs();
    await context.beginDialog(dialogId, options);
    await this.state.saveChanges(turn, false);
  }

  /**
   * Gives the message to the user's unfinished dialog, if any. A different command typed
   * instead of an answer ends the dialog and is run as a command (returns false); "help" and
   * plain answers stay with the dialog (returns true).
   */
  async continueActive(turn: TurnContext, routedCommandId: string | undefined): Promise<boolean> {
    const context = await this.dialogs.createContext(turn);
    if (!context.activeDialog) return false;
    if (routedCommandId !== undefined && routedCommandId !== 'help') {
      await context.cancelAllDialogs();
      await this.state.saveChanges(turn, false);
      return false;
    }
    // Prompts read the raw text; in a channel it carries the bot's <at> mention and markup.
    if (turn.activity.text) {
      const cleaned = cleanCommandText(turn.activity.text);
      // "?" is all punctuation: keep it, so the dialog can answer it with help.
      turn.activity.text = coreCommandText(cleaned) || cleaned;
    }
    await context.continueDialog();
    await this.state.saveChanges(turn, false);
    return true;
  }
}

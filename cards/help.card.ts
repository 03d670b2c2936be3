import template from './templates/help.json';
import { compileTemplate, plainText, usageText, type AdaptiveCardJson } from './render-template';

const renderTemplate = compileTemplate(template);

export interface HelpView {
  /** The text the bot could not route, shown as "I didn't understand …"; omit for plain help. */
  unrecognizedText?: string;
  commands: ReadonlyArray<{ usage: string; description: string }>;
}

export function renderHelpCard(view: HelpView): AdaptiveCardJson {
  return renderTemplate({
    unrecognizedText: view.unrecognizedText ? plainText(view.unrecognizedText, 80) : '',
    intro: 'Type one of these commands, or @mention me with it in a team or group chat:',
    commands: view.commands.map((command) => ({ usage: usageText(command.usage), description: command.description })),
  });
}

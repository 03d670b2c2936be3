import template from './templates/help.json';
import { compileTemplate, plainText, usageText, type AdaptiveCardJson } from './render-template';

const renderTemplate = compileTemplate(template);

/** Shown after an unrecognised command instead of the whole catalogue. */
export const HELP_HINT = 'Type **help** to see what you can do.';

export interface HelpView {
  /**
   * The text the bot could not route, shown as "I didn't understand …" with the suggestions and
   * a hint to type help; the command list is then left out. Omit for plain help.
   */
  unrecognizedText?: string;
  commands: ReadonlyArray<{ usage: string; description: string }>;
  /** "Did you mean …?" rows, best first; `sendText` makes a button that sends the command. */
  suggestions?: ReadonlyArray<{ usage: string; description: string; sendText?: string }>;
}

export function renderHelpCard(view: HelpView): AdaptiveCardJson {
  const unrecognized = view.unrecognizedText ? plainText(view.unrecognizedText, 80) : '';
  const suggestions = unrecognized ? (view.suggestions ?? []) : [];
  return renderTemplate({
    unrecognizedText: unrecognized,
    intro: 'Type one of these commands, or @mention me with it in a team or group chat:',
    hint: HELP_HINT,
    hasSuggestions: suggestions.length > 0,
    suggestions: suggestions.map((suggestion) => ({ usage: usageText(suggestion.usage), description: suggestion.description })),
    buttons: unrecognized
      ? [...suggestions.flatMap((suggestion) => (suggestion.sendText && suggestion.sendText !== 'help' ? [{ title: suggestion.sendText, value: suggestion.sendText }] : [])), { title: 'Help', value: 'help' }]
      : [],
    commands: unrecognized ? [] : view.commands.map((command) => ({ usage: usageText(command.usage), description: command.description })),
  });
}

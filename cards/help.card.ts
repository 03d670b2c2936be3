import template from './templates/help.json';
import { compileTemplate, plainText, usageText, type AdaptiveCardJson } from './render-template';

const renderTemplate = compileTemplate(template);

/** Shown after an unrecognised command instead of the whole catalogue. */
export const HELP_HINT = 'Type **help** to see what you can do.';

export interface HelpCommandLine {
  usage: string;
  description: string;
}

export interface HelpView {
  /**
   * The text the bot could not route, shown as "I didn't understand …" with the suggestions and
   * a hint to type help; the command list and next steps are then left out. Omit for plain help.
   */
  unrecognizedText?: string;
  /** The commands under a heading per group ("Management session", "Audit", …), in the order given. */
  groups?: ReadonlyArray<{ title: string; commands: readonly HelpCommandLine[] }>;
  /** Commands with no group, listed after the groups without a heading. */
  commands?: readonly HelpCommandLine[];
  /** "Did you mean …?" rows, best first; `sendText` makes a button that sends the command. */
  suggestions?: ReadonlyArray<{ usage: string; description: string; sendText?: string }>;
  /**
   * Buttons under plain help for the caller's common next steps, each sending its command's text
   * (so it is authorized again like typed text); `positive` shows it green.
   */
  nextSteps?: ReadonlyArray<{ title: string; sendText: string; positive?: boolean }>;
}

function commandLines(commands: readonly HelpCommandLine[]): Array<{ usage: string; description: string }> {
  return commands.map((command) => ({ usage: usageText(command.usage), description: command.description }));
}

export function renderHelpCard(view: HelpView): AdaptiveCardJson {
  const unrecognized = view.unrecognizedText ? plainText(view.unrecognizedText, 80) : '';
  const suggestions = unrecognized ? (view.suggestions ?? []) : [];
  const groups = unrecognized
    ? []
    : [
        ...(view.groups ?? []).map((group) => ({ title: plainText(group.title, 60), commands: commandLines(group.commands) })),
        ...(view.commands && view.commands.length > 0 ? [{ title: '', commands: commandLines(view.commands) }] : []),
      ].filter((group) => group.commands.length > 0);
  return renderTemplate({
    unrecognizedText: unrecognized,
    intro: 'Type one of these commands, or @mention me with it in a team or group chat:',
    hint: HELP_HINT,
    hasSuggestions: suggestions.length > 0,
    suggestions: suggestions.map((suggestion) => ({ usage: usageText(suggestion.usage), description: suggestion.description })),
    buttons: unrecognized
      ? [...suggestions.flatMap((suggestion) => (suggestion.sendText && suggestion.sendText !== 'help' ? [{ title: suggestion.sendText, value: suggestion.sendText }] : [])), { title: 'Help', value: 'help' }]
      : [],
    groups,
    nextSteps: unrecognized ? [] : (view.nextSteps ?? []).map((step) => ({ title: step.title, value: step.sendText, style: step.positive ? 'positive' : 'default' })),
  });
}

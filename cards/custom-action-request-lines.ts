/**
 * The exact request a custom action makes, as card lines: the method and URL, then the JSON body
 * one line per line, in a monospace font. Indentation survives as no-break spaces (markdown would
 * drop leading spaces), and every line is made safe for markdown like any other text.
 */
import { plainText } from './render-template';

const MAX_LINES = 60;

export function requestLines(text: string): string[] {
  const lines = text.split('\n');
  const shown = lines.slice(0, MAX_LINES).map((line) => {
    const indent = line.length - line.trimStart().length;
    const words = line.trim();
    return words === '' ? '\u00a0' : `${'\u00a0'.repeat(indent)}${plainText(words, 300)}`;
  });
  if (lines.length > MAX_LINES) shown.push(`… and ${lines.length - MAX_LINES} more lines`);
  return shown;
}

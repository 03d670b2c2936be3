/**
 * Reads pasted workflow text (JSON or YAML) through the shared definition reader
 * (services/definitions/definition-text.ts), with the workflows' size limit.
 */
import { parseDefinitionText as readDefinitionText, type ParsedText } from '../definitions/definition-text';

export type { FieldPath, Locator, ParsedText } from '../definitions/definition-text';

/** The largest definition text accepted (a long workflow is a few kilobytes). */
export const MAX_WORKFLOW_TEXT_LENGTH = 40_000;

export function parseDefinitionText(text: string): ParsedText {
  return readDefinitionText(text, { maxLength: MAX_WORKFLOW_TEXT_LENGTH, tooLong: `The definition is longer than ${MAX_WORKFLOW_TEXT_LENGTH} characters; split the workflow into smaller ones.` });
}

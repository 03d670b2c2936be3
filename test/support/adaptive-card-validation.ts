import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import draft06 from 'ajv/dist/refs/json-schema-draft-06.json';

/**
 * Two independent validators for every card the bot sends: the official Adaptive Card 1.5 JSON
 * schema (ajv, draft-06) and the `adaptivecards` library's own parser. Either can miss what the
 * other catches: the schema knows enum values and required properties, the library knows
 * cross-element rules such as unique input ids.
 */

export const ADAPTIVE_CARD_SCHEMA_PATH = path.resolve(__dirname, '../../../shared/specs/adaptive-card-1.5.schema.json');
/** Teams' limit for a message's card payload. */
export const MAX_CARD_BYTES = 28 * 1024;

let compiled: ValidateFunction | undefined;

function schemaValidator(): ValidateFunction {
  if (compiled) return compiled;
  const schema = JSON.parse(readFileSync(ADAPTIVE_CARD_SCHEMA_PATH, 'utf8')) as { id?: string } & Record<string, unknown>;
  const ajv = new Ajv({ strict: false, allErrors: true });
  ajv.addMetaSchema(draft06);
  addFormats(ajv);
  // The schema uses draft-06's top-level "id", which Ajv 8 rejects; "$id" means the same.
  const { id, ...rest } = schema;
  compiled = ajv.compile({ $id: id, ...rest });
  return compiled;
}

/** Schema errors as readable lines; empty when the card is valid. */
export function schemaErrors(card: unknown): string[] {
  const validate = schemaValidator();
  if (validate(card)) return [];
  return (validate.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message ?? ''} ${JSON.stringify(error.params)}`);
}

interface AdaptiveCardsLib {
  AdaptiveCard: new () => {
    parse(json: unknown, context?: unknown): void;
    validateProperties(): { validationEvents: Array<{ event: number; message: string }> };
  };
  SerializationContext: new () => { eventCount: number; getEventAt(index: number): { event: number; message: string } };
  ValidationEvent: Record<number, string>;
}

/**
 * The package's `lib/` build uses extension-less ESM imports that Node cannot resolve; the
 * webpack bundle in `dist/` loads in Node without a DOM for parsing and validation.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const AC = require('adaptivecards/dist/adaptivecards.js') as AdaptiveCardsLib;

/** Parse and validation events from the `adaptivecards` library; empty when it accepts the card silently. */
export function libraryErrors(card: unknown): string[] {
  const context = new AC.SerializationContext();
  const parsed = new AC.AdaptiveCard();
  parsed.parse(card, context);
  const events: Array<{ event: number; message: string }> = [];
  for (let index = 0; index < context.eventCount; index += 1) events.push(context.getEventAt(index));
  events.push(...parsed.validateProperties().validationEvents);
  return events.map((event) => `${AC.ValidationEvent[event.event] ?? event.event}: ${event.message}`);
}

export function cardBytes(card: unknown): number {
  return Buffer.byteLength(JSON.stringify(card), 'utf8');
}

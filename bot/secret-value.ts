import { inspect } from 'node:util';

const HIDDEN = '[Redacted]';

/**
 * Wraps a secret read from the environment so that logging, JSON-serialising or inspecting the
 * config never prints it. Only the composition root calls `reveal()`, to hand the value to the
 * SDK that needs it.
 */
export class SecretValue {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  reveal(): string {
    return this.#value;
  }

  toJSON(): string {
    return HIDDEN;
  }

  toString(): string {
    return HIDDEN;
  }

  [inspect.custom](): string {
    return `SecretValue(${HIDDEN})`;
  }
}

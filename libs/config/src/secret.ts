import { inspect } from 'node:util';

const REDACTED = '[redacted]';

/**
 * Wraps a secret so it cannot leak through JSON.stringify, template strings or util.inspect.
 * Callers must `reveal()` explicitly at the point of use.
 */
export class Secret<T = string> {
  readonly #value: T;

  constructor(value: T) {
    this.#value = value;
  }

  reveal(): T {
    return this.#value;
  }

  toJSON(): string {
    return REDACTED;
  }

  toString(): string {
    return REDACTED;
  }

  [inspect.custom](): string {
    return `Secret(${REDACTED})`;
  }
}

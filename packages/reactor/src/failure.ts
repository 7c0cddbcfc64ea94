/**
 * `Failure`: Twisted's wrapper around an error travelling down a Deferred's errback chain. It
 * keeps the error (`value`), its class (`type`) and where it was thrown, and lets an errback
 * pick the errors it handles (`check`, `trap`).
 */
import { InvalidArgumentError, describeValue } from '@async/loop';

/** An error class, as passed to `check()` and `trap()`. */
export type ErrorClass = abstract new (...args: any[]) => unknown;

/** An error wrapped for a Deferred's errback chain. */
export class Failure {
  /** The error. Usually an `Error`; anything JavaScript code threw is accepted. */
  readonly value: unknown;
  /** The error's class (its constructor), or `undefined` for a thrown primitive. */
  readonly type: Function | undefined;

  /** Wraps `value`, the error being handled. */
  constructor(value: unknown) {
    if (value instanceof Failure) {
      throw new InvalidArgumentError('new Failure(failure): the value is already a Failure; pass it on as it is');
    }
    this.value = value;
    this.type =
      typeof value === 'object' && value !== null ? (value.constructor as Function | undefined) : undefined;
  }

  /**
   * The first of `errorTypes` that the error is an instance of, or `null` when none matches.
   */
  check<E extends ErrorClass>(...errorTypes: E[]): E | null {
    for (const errorType of errorTypes) {
      if (typeof errorType !== 'function') {
        throw new InvalidArgumentError(`Failure.check() takes error classes, got ${describeValue(errorType)}`);
      }
      if (this.value instanceof errorType) return errorType;
    }
    return null;
  }

  /**
   * Like `check()`, but re-raises the error when none of `errorTypes` matches: an errback that
   * traps passes every other error on down the chain.
   */
  trap<E extends ErrorClass>(...errorTypes: E[]): E {
    const found = this.check(...errorTypes);
    if (found === null) this.raiseException();
    return found;
  }

  /** Throws the wrapped error. */
  raiseException(): never {
    throw this.value;
  }

  /** The error's message (Python's `str(exc)`). */
  getErrorMessage(): string {
    if (this.value instanceof Error) return this.value.message;
    return String(this.value);
  }

  /** The error's stack trace, or its class and message when it has none. */
  getTraceback(): string {
    if (this.value instanceof Error && typeof this.value.stack === 'string') return this.value.stack;
    return `${this.type?.name ?? typeof this.value}: ${this.getErrorMessage()}`;
  }

  /** Twisted keeps the traceback light once the chain is done; JavaScript has nothing to drop. */
  cleanFailure(): void {}

  toString(): string {
    return `[Failure instance: ${this.type?.name ?? typeof this.value}: ${this.getErrorMessage()}]`;
  }
}

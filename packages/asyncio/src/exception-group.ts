/**
 * Python's `ExceptionGroup`, which `TaskGroup` raises with the errors of its failed tasks. It is
 * an `AggregateError` (its `errors` are the group's `exceptions`), so JavaScript code that knows
 * nothing about it still sees every error. `split()` and `subgroup()` give what Python's
 * `except*` does: the part of a group that matches, with the nesting kept.
 */
import { InvalidArgumentError, describeValue } from '@async/loop';

/**
 * What `split()` and `subgroup()` match: an `Error` subclass (matched with `instanceof`), or a
 * predicate over each error (and over each nested group, as in Python).
 */
export type ExceptionCondition = (abstract new (...args: any[]) => unknown) | ((error: unknown) => boolean);

/** Several errors raised together, as Python's `ExceptionGroup`. */
export class ExceptionGroup extends AggregateError {
  override name = 'ExceptionGroup';
  /** The errors of the group, in the order they were raised (the same array as `errors`). */
  readonly exceptions: readonly unknown[];

  /**
   * @param message what failed, e.g. `'unhandled errors in a TaskGroup'`.
   * @param exceptions the errors; at least one.
   * @throws InvalidArgumentError if `message` is not a string or `exceptions` is empty.
   */
  constructor(message: string, exceptions: Iterable<unknown>, options?: ErrorOptions) {
    if (typeof message !== 'string') {
      throw new InvalidArgumentError(`ExceptionGroup message must be a string, got ${describeValue(message)}`);
    }
    if (exceptions === null || typeof (exceptions as Iterable<unknown>)?.[Symbol.iterator] !== 'function') {
      throw new InvalidArgumentError(
        `ExceptionGroup exceptions must be an iterable of errors, got ${describeValue(exceptions)}`,
      );
    }
    const list = [...exceptions];
    if (list.length === 0) {
      throw new InvalidArgumentError('ExceptionGroup needs at least one exception: an empty group means no error');
    }
    super(list, message, options);
    this.exceptions = this.errors as unknown[];
  }

  /** The part of the group that matches `condition`, keeping the nesting; `null` if none does. */
  subgroup(condition: ExceptionCondition): ExceptionGroup | null {
    return this.split(condition)[0];
  }

  /**
   * Splits the group in two: what matches `condition` and the rest, each a group with the same
   * message and nesting, or `null` when empty. A group that matches as a whole is kept whole.
   */
  split(condition: ExceptionCondition): [ExceptionGroup | null, ExceptionGroup | null] {
    const matches = toPredicate(condition);
    if (matches(this)) return [this, null];
    const matched: unknown[] = [];
    const rest: unknown[] = [];
    for (const error of this.exceptions) {
      if (error instanceof ExceptionGroup) {
        const [m, r] = error.split(condition);
        if (m !== null) matched.push(m);
        if (r !== null) rest.push(r);
      } else if (matches(error)) {
        matched.push(error);
      } else {
        rest.push(error);
      }
    }
    return [
      matched.length === 0 ? null : this._copyDetails(this.derive(matched)),
      rest.length === 0 ? null : this._copyDetails(this.derive(rest)),
    ];
  }

  /** A group like this one (same message) holding `exceptions`; `split()` builds with it. */
  derive(exceptions: Iterable<unknown>): ExceptionGroup {
    return new ExceptionGroup(this.message, exceptions);
  }

  private _copyDetails(group: ExceptionGroup): ExceptionGroup {
    if (this.cause !== undefined && group.cause === undefined) group.cause = this.cause;
    return group;
  }
}

function toPredicate(condition: ExceptionCondition): (error: unknown) => boolean {
  if (typeof condition !== 'function') {
    throw new InvalidArgumentError(
      `an ExceptionGroup condition must be an Error class or a predicate, got ${describeValue(condition)}`,
    );
  }
  const prototype: unknown = (condition as { prototype?: unknown }).prototype;
  if (condition === Error || prototype instanceof Error) {
    return (error) => error instanceof (condition as abstract new () => unknown);
  }
  return condition as (error: unknown) => boolean;
}

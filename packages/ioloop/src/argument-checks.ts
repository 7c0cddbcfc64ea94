/**
 * Argument checks for the Tornado front's entry points: each throws an `InvalidArgumentError`
 * naming the argument, what it got and what it needs.
 */
import { InvalidArgumentError, describeValue } from '@async/loop';

/** Throws unless `value` is a function. */
export function checkFunction(value: unknown, what: string): asserts value is (...args: never[]) => unknown {
  if (typeof value !== 'function') {
    throw new InvalidArgumentError(`${what} must be a function, got ${describeValue(value)}`);
  }
}

/** Throws unless `value` is a non-negative number of seconds (not NaN). */
export function checkSeconds(value: unknown, what: string): asserts value is number {
  if (typeof value !== 'number' || Number.isNaN(value) || value < 0) {
    throw new InvalidArgumentError(`${what} must be a non-negative number of seconds, got ${describeValue(value)}`);
  }
}

/** Throws unless `value` is a number that is not NaN (an absolute loop time). */
export function checkTime(value: unknown, what: string): asserts value is number {
  if (typeof value !== 'number' || Number.isNaN(value)) {
    throw new InvalidArgumentError(`${what} must be a loop time in seconds, got ${describeValue(value)}`);
  }
}

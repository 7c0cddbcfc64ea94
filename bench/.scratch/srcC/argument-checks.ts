/**
 * Argument validation for the loop's public entry points. Each check throws an
 * `InvalidArgumentError` whose message names the argument, what it received and what it needs,
 * so a caller can fix the call without reading the source.
 */
import { InvalidArgumentError } from './errors.js';

/** Describes a value for an error message without dumping large objects. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (typeof value === 'function') return `function ${value.name || '(anonymous)'}`;
  if (typeof value === 'object') return `an object (${value.constructor?.name ?? 'Object'})`;
  if (typeof value === 'string') return `the string ${JSON.stringify(value.slice(0, 40))}`;
  return `${typeof value} ${String(value)}`;
}

/** Throws unless `value` is a function. */
export function checkCallback(value: unknown, what: string): asserts value is (...args: never[]) => unknown {
  if (typeof value !== 'function') {
    throw new InvalidArgumentError(`${what} must be a function, got ${describeValue(value)}`);
  }
}

/** Throws unless `value` is a finite, non-negative number of seconds. */
export function checkDelay(value: unknown, what: string): asserts value is number {
  if (typeof value !== 'number' || Number.isNaN(value) || value < 0) {
    throw new InvalidArgumentError(
      `${what} must be a non-negative number of seconds, got ${describeValue(value)}`,
    );
  }
}

/** Throws unless `value` is a number that is not NaN (an absolute loop time). */
export function checkTime(value: unknown, what: string): asserts value is number {
  if (typeof value !== 'number' || Number.isNaN(value)) {
    throw new InvalidArgumentError(`${what} must be a loop time in seconds, got ${describeValue(value)}`);
  }
}

/**
 * The `timeout` arguments of `wait()`, `waitFor()`, `asCompleted()` and `timeout()`: seconds, or
 * `null`/`undefined` for none. As in Python a negative timeout counts as already expired; an
 * infinite one is the same as none, so that no timer is armed for it (a virtual clock would
 * otherwise jump to infinity).
 */
import { InvalidArgumentError, describeValue } from '@async/loop';

/**
 * Checks a timeout argument and normalises it: `null` for no timeout, else the number.
 * @throws InvalidArgumentError unless `value` is a number (not NaN), `null` or `undefined`.
 */
export function checkTimeout(value: unknown, what: string): number | null {
  if (value === null || value === undefined || value === Infinity) return null;
  if (typeof value !== 'number' || Number.isNaN(value)) {
    throw new InvalidArgumentError(`${what} must be a number of seconds or null, got ${describeValue(value)}`);
  }
  return value;
}

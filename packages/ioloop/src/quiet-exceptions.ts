/**
 * The `quietExceptions` option of `multi()` and `withTimeout()`: error classes that are not worth
 * reporting when they turn up where nobody waits for them any more.
 */
import { InvalidArgumentError, describeValue } from '@async/loop';

/** An error class (or several) whose instances are not reported. */
export type QuietExceptions = (abstract new (...args: never[]) => unknown) | ReadonlyArray<abstract new (...args: never[]) => unknown>;

/** @internal Checks the option and returns it as a list. */
export function quietList(quiet: QuietExceptions | undefined, what: string): ReadonlyArray<Function> {
  if (quiet === undefined) return [];
  const list = Array.isArray(quiet) ? quiet : [quiet];
  for (const cls of list) {
    if (typeof cls !== 'function') {
      throw new InvalidArgumentError(`${what}: quietExceptions must be error classes, got ${describeValue(cls)}`);
    }
  }
  return list as ReadonlyArray<Function>;
}

/** @internal True if `error` is an instance of one of the quiet classes. */
export function isQuiet(error: unknown, quiet: ReadonlyArray<Function>): boolean {
  return quiet.some((cls) => error instanceof cls);
}

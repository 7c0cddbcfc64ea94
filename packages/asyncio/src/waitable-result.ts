/**
 * The result type of waiting on a waitable, for the typings of `gather()` and `asCompleted()`:
 * `WaitableResult<Task<number>>` is `number`, and so on for coroutines, promises and async
 * functions.
 */
import type { AsyncFunction, Future } from '@async/loop';

/** What waiting on `W` evaluates to. */
export type WaitableResult<W> =
  W extends Future<infer R>
    ? R
    : W extends Generator<unknown, infer R, any>
      ? R
      : W extends PromiseLike<infer R>
        ? R
        : W extends AsyncFunction<infer R>
          ? R
          : unknown;

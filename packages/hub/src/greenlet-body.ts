/**
 * How the hub calls user code that may block: a generator function's coroutine is run with
 * `yield*`, so is a returned hub operation (`Op`), a returned native promise is waited on (through the hub's yield handler), and any other
 * value is the result as it is. So `spawn`, `withTimeout` and links take generator functions,
 * async functions and plain functions alike.
 */
import { type Coroutine, InvalidArgumentError, describeValue, isCoroutine } from '@async/loop';
import { Op } from './operation.js';

/** A function a greenlet can run: its result, or its coroutine's or promise's result, is the value. */
export type BlockingFunction<A extends unknown[] = never[], R = unknown> = (...args: A) => R;

/** The value a `BlockingFunction` stands for: the coroutine's return or the promise's value. */
export type BlockingResult<R> = R extends Generator<unknown, infer U, never> ? U : R extends PromiseLike<infer U> ? U : R;

/**
 * Calls `fn(...args)` and returns what to `yield*` to block on its result (or to drive as a
 * greenlet's body): the coroutine itself (so the greenlet runs it with no generator of ours in
 * between: every switch into a greenlet resumes each generator on its stack), a hub operation's
 * iterator, a wait on a native promise, or a value as it is.
 */
export function callBlocking(fn: (...args: never[]) => unknown, thisArg: unknown, args: unknown[]): Coroutine<unknown> {
  // A direct call for the common counts (spawn(fn, x)): `apply` spreads the array at run time.
  const call = fn as (this: unknown, ...a: unknown[]) => unknown;
  const count = args.length;
  const result: unknown =
    count === 0 ? call.call(thisArg) : count === 1 ? call.call(thisArg, args[0]) : call.apply(thisArg, args);
  if (isCoroutine(result)) return result as Coroutine<unknown>;
  // A hub operation is blocked on here, in this greenlet, rather than through a future. Its
  // iterator is handed back (not the operation) so that a greenlet can drive it as its body.
  if (result instanceof Op) return result[Symbol.iterator]() as Coroutine<unknown>;
  // Only a native promise (an async function's result) is waited on: a returned greenlet or
  // AsyncResult is a value like any other, not something to block on.
  if (result instanceof Promise) return waitOn(result);
  return valueOf(result);
}

/** Blocks on a promise through the hub's yield handler. */
function* waitOn(promise: Promise<unknown>): Coroutine<unknown> {
  return yield promise;
}

// eslint-disable-next-line require-yield
function* valueOf(value: unknown): Coroutine<unknown> {
  return value;
}

/** @throws InvalidArgumentError unless `fn` is a function. */
export function checkFunction(fn: unknown, what: string): asserts fn is (...args: never[]) => unknown {
  if (typeof fn !== 'function') {
    throw new InvalidArgumentError(
      `${what} must be a function (a generator function to block with yield*), got ${describeValue(fn)}`,
    );
  }
}

/** @throws InvalidArgumentError unless `fn` is a function (the loop's wording, for `EventLoop` methods). */
export function checkCallback(fn: unknown, what: string): void {
  if (typeof fn !== 'function') throw new InvalidArgumentError(`${what} must be a function, got ${describeValue(fn)}`);
}

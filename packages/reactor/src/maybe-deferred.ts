/**
 * `succeed`, `fail` and `maybeDeferred`: Twisted's ways of turning a value, an error or a call
 * that may or may not return a Deferred into a Deferred.
 */
import { InvalidArgumentError, describeValue, isThenable } from '@async/loop';
import { Deferred } from './deferred.js';
import { Failure } from './failure.js';

/** A Deferred that has already fired with `result`. */
export function succeed<T>(result: T): Deferred<T> {
  const d = new Deferred<T>();
  d.callback(result);
  return d;
}

/** A Deferred that has already failed with `error` (an `Error` or a `Failure`). */
export function fail<T = never>(error: Error | Failure): Deferred<T> {
  const d = new Deferred<T>();
  d.errback(error);
  return d;
}

/**
 * Calls `f(...args)` and returns a Deferred of its outcome: its Deferred as it is, a promise
 * converted, a returned `Failure` or a thrown error as a failed Deferred, any other value as a
 * fired one.
 */
export function maybeDeferred<A extends unknown[], R>(
  f: (...args: A) => R,
  ...args: A
): Deferred<R extends Deferred<infer U> ? U : R extends PromiseLike<infer P> ? P : R> {
  if (typeof f !== 'function') {
    throw new InvalidArgumentError(`maybeDeferred(f) must be a function, got ${describeValue(f)}`);
  }
  type Out = R extends Deferred<infer U> ? U : R extends PromiseLike<infer P> ? P : R;
  let result: unknown;
  try {
    result = f(...args);
  } catch (error) {
    return fail<Out>(error instanceof Failure ? error : new Failure(error));
  }
  if (result instanceof Deferred) return result as Deferred<Out>;
  if (result instanceof Failure) return fail<Out>(result);
  if (isThenable(result)) return Deferred.fromPromise(result) as Deferred<Out>;
  return succeed(result as Out);
}

/**
 * Deferred ⇄ native promise. A promise cannot be cancelled, so `deferredFromPromise` also takes
 * an async function, which it calls with an `AbortSignal` that cancelling the Deferred aborts —
 * the only way to stop the work behind a promise.
 */
import {
  type AsyncFunction,
  CancelledError,
  InvalidArgumentError,
  describeValue,
  isThenable,
} from '@async/loop';
import { Deferred, Failure } from '@async/reactor';

/**
 * A Deferred that fires with the outcome of `source`: a promise (or thenable), or an async
 * function called at once with an `AbortSignal`. Cancelling the Deferred fails it with
 * `CancelledError` at once and, for an async function, aborts its signal with that error as the
 * reason; a promise's late outcome is dropped.
 * @throws InvalidArgumentError if `source` is neither a promise nor a function.
 */
export function deferredFromPromise<T>(source: PromiseLike<T> | AsyncFunction<T>): Deferred<T> {
  if (isThenable(source)) return Deferred.fromPromise(source as PromiseLike<T>);
  if (typeof source !== 'function') {
    throw new InvalidArgumentError(
      `deferredFromPromise() takes a promise or an async function, got ${describeValue(source)}`,
    );
  }
  const controller = new AbortController();
  const d = new Deferred<T>(() => controller.abort(new CancelledError('the Deferred was cancelled')));
  let promise: PromiseLike<T>;
  try {
    promise = source(controller.signal);
  } catch (error) {
    d.errback(new Failure(error));
    return d;
  }
  if (!isThenable(promise)) {
    d.errback(new InvalidArgumentError(`deferredFromPromise(fn): fn must return a promise, got ${describeValue(promise)}`));
    return d;
  }
  promise.then(
    (value) => {
      if (!d.called) d.callback(value);
    },
    (error: unknown) => {
      if (!d.called) d.errback(new Failure(error));
    },
  );
  return d;
}

/**
 * A native promise of `d`'s outcome: its result, or its failure's error (a `Failure` is
 * unwrapped). Like `await d`, it consumes the result: `d`'s chain goes on with `undefined`.
 * @throws InvalidArgumentError if `d` is not a Deferred.
 */
export function deferredToPromise<T>(d: Deferred<T>): Promise<T> {
  if (!(d instanceof Deferred)) {
    throw new InvalidArgumentError(`deferredToPromise() takes a Deferred, got ${describeValue(d)}`);
  }
  return new Promise<T>((resolve, reject) => {
    d.addCallbacks(
      (value) => {
        resolve(value);
        return undefined;
      },
      (failure) => {
        reject(failure.value);
        return undefined;
      },
    );
  });
}

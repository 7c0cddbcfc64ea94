/**
 * `ensureDeferred` for every world: Twisted's own (`@async/reactor`) takes coroutines, promises,
 * futures and Deferreds, and other fronts' waitables through their registered converters; the
 * bridge adds async functions, which get an `AbortSignal` that cancelling the Deferred aborts.
 */
import { type AsyncFunction, type Coroutine, type Future, InvalidArgumentError, describeValue, isCoroutine, isThenable } from '@async/loop';
import { Deferred, ensureDeferred as reactorEnsureDeferred } from '@async/reactor';
import { deferredFromPromise } from './deferred-promise.js';

/** What `ensureDeferred` accepts. */
export type DeferrableWaitable<T> = Coroutine<T> | PromiseLike<T> | Future<T> | Deferred<T> | AsyncFunction<T>;

/**
 * A Deferred for `waitable`: a Deferred as it is; a coroutine driven as by `inlineCallbacks`
 * (cancelling the Deferred throws `CancelledError` in where it waits); a core `Future` or
 * `Task` as `deferredFromFuture`; a gevent `Greenlet` or another front's waitable through its
 * converter (cancelling kills the greenlet); a promise, or an async function called with an
 * `AbortSignal`, as `deferredFromPromise`.
 * @throws InvalidArgumentError for anything else (a generator function must be called first).
 */
export function ensureDeferred<T>(waitable: DeferrableWaitable<T>): Deferred<T> {
  if (typeof waitable === 'function') {
    if (Object.prototype.toString.call(waitable) === '[object GeneratorFunction]') {
      throw new InvalidArgumentError(
        `ensureDeferred() got the generator function ${waitable.name || '(anonymous)'}: call it to get a coroutine`,
      );
    }
    return deferredFromPromise(waitable as AsyncFunction<T>);
  }
  if (waitable instanceof Deferred || isCoroutine(waitable) || isThenable(waitable)) {
    return reactorEnsureDeferred(waitable as Coroutine<T>);
  }
  throw new InvalidArgumentError(
    `ensureDeferred() takes a coroutine, a Deferred, a Future, a promise or an async function, got ${describeValue(waitable)}`,
  );
}

/**
 * Futures from native promises and async functions. A promise cannot be thrown into, so the
 * only way to cancel the work behind one is to have asked for an `AbortSignal` up front:
 * `fromAsync(fn)` calls `fn(signal)` and aborts the signal when its future is cancelled.
 */
import type { EventLoop } from './event-loop.js';
import type { AsyncFunction } from './coroutine.js';
import { Future } from './future.js';
import { isThenable } from './coroutine.js';
import { InvalidArgumentError } from './errors.js';
import { checkCallback, describeValue } from './argument-checks.js';

/**
 * A future that completes when `promise` settles. Cancelling the future does not stop the work
 * behind the promise (use `fromAsync` for that); its late result is then dropped.
 */
export function fromPromise<T>(promise: PromiseLike<T>, loop: EventLoop): Future<T> {
  const future = new Future<T>(loop);
  promise.then(
    (value) => settle(future, () => future.setResult(value)),
    (error: unknown) => settle(future, () => future.setException(error)),
  );
  return future;
}

/**
 * Runs `fn(signal)` and returns a future of its promise. Cancelling the future aborts `signal`
 * with a `CancelledError` as its reason.
 */
export function fromAsync<T>(fn: AsyncFunction<T>, loop: EventLoop): Future<T> {
  checkCallback(fn, 'fromAsync(fn)');
  const controller = new AbortController();
  const future = new Future<T>(loop);
  future.addDoneCallback((f) => {
    if (f.cancelled()) controller.abort(f._makeCancelledError());
  });
  let promise: PromiseLike<T>;
  try {
    promise = fn(controller.signal);
  } catch (error) {
    future.setException(error);
    return future;
  }
  if (!isThenable(promise)) {
    future.setException(
      new InvalidArgumentError(`fromAsync(fn): fn must return a promise, got ${describeValue(promise)}`),
    );
    return future;
  }
  promise.then(
    (value) => settle(future, () => future.setResult(value)),
    (error: unknown) => settle(future, () => future.setException(error)),
  );
  return future;
}

/*
 * The promise may settle after the future was cancelled or its loop closed; in both cases the
 * outcome has nobody left to receive it, and throwing here would only become an unhandled
 * rejection.
 */
function settle(future: Future<unknown>, complete: () => void): void {
  if (future.done() || future.getLoop().isClosed()) return;
  complete();
}

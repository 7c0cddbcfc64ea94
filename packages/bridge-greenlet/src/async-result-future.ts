/**
 * gevent's `AsyncResult` ⇄ core Future. An `AsyncResult` has no cancellation: a future made
 * from one only stops listening when cancelled, and a cancelled future sets `CancelledError` on
 * the `AsyncResult` it feeds, so the greenlets blocked on it wake up.
 */
import {
  type EventLoop,
  type Future,
  CancelledError,
  InvalidArgumentError,
  describeValue,
  getRunningLoopOrNull,
  isFuture,
  toFuture,
} from '@async/loop';
import { AsyncResult } from '@async/hub';

/**
 * A future on `loop` (default: the running loop, else the loop under the result's hub) with the
 * outcome of `result.get()`: the value once set, or the error set. Cancelling the future only
 * stops waiting.
 * @throws InvalidArgumentError if `result` is not an `AsyncResult`.
 */
export function asyncResultToFuture<T>(result: AsyncResult<T>, loop?: EventLoop): Future<T> {
  if (!(result instanceof AsyncResult)) {
    throw new InvalidArgumentError(`asyncResultToFuture() takes an AsyncResult, got ${describeValue(result)}`);
  }
  if (loop !== undefined && (typeof loop !== 'object' || loop === null || typeof loop.createFuture !== 'function')) {
    throw new InvalidArgumentError(`asyncResultToFuture(result, loop) takes an EventLoop, got ${describeValue(loop)}`);
  }
  return toFuture(result.get(), loop ?? getRunningLoopOrNull() ?? result.hub.loop) as Future<T>;
}

/**
 * An `AsyncResult` (of the current hub) set from `future` once it is done: with its result, its
 * error (a non-`Error` is wrapped, with the value as `cause`), or `CancelledError` if it was
 * cancelled.
 * @throws InvalidArgumentError if `future` is not a core `Future`.
 */
export function futureToAsyncResult<T>(future: Future<T>): AsyncResult<T> {
  if (!isFuture(future)) {
    throw new InvalidArgumentError(`futureToAsyncResult() takes a Future or a Task, got ${describeValue(future)}`);
  }
  const result = new AsyncResult<T>();
  future.addDoneCallback((f) => {
    if (f.cancelled()) {
      try {
        f.result();
      } catch (error) {
        result.setException(error as CancelledError);
      }
      return;
    }
    const error = f.exception();
    if (error === null) result.set(f.result());
    else result.setException(error instanceof Error ? error : new Error(String(error), { cause: error }));
  });
  return result;
}

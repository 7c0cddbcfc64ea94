/**
 * Native interop: `toPromise(aw)` turns anything a coroutine can wait on into a native promise
 * (a coroutine runs as a task), `fromPromise(p)` and `fromAsync(fn)` turn native promises and
 * async functions into futures. Futures and tasks are thenable already, so `await fut` works
 * without any of these; they are for APIs that want a real `Promise`, or a `Future` to cancel.
 */
import {
  type AsyncFunction,
  type EventLoop,
  type Future,
  type Waitable,
  fromAsync as loopFromAsync,
  fromPromise as loopFromPromise,
  InvalidArgumentError,
  describeValue,
  getEventLoop,
  getRunningLoopOrNull,
  isThenable,
} from '@async/loop';
import { ensureFuture } from './tasks.js';

/**
 * A native promise of `aw`'s outcome: a future or task as it is, a coroutine wrapped in a task
 * on the running loop (or the current loop), a promise as it is. A cancelled future rejects the
 * promise with `CancelledError`.
 * @throws InvalidArgumentError if `aw` cannot be waited on.
 */
export function toPromise<T>(aw: Waitable<T>): Promise<T> {
  if (isThenable(aw) && aw instanceof Promise) return aw as Promise<T>;
  const future = ensureFuture(aw, getRunningLoopOrNull() ?? getEventLoop());
  return new Promise<T>((resolve, reject) => future.then(resolve, reject));
}

/**
 * A future on `loop` (default: the running loop, or the current loop) completed by `promise`.
 * Cancelling the future does not stop the work behind the promise: use `fromAsync()` for that.
 * @throws InvalidArgumentError if `promise` is not a promise or thenable.
 */
export function fromPromise<T>(promise: PromiseLike<T>, loop?: EventLoop): Future<T> {
  if (!isThenable(promise)) {
    throw new InvalidArgumentError(`fromPromise() needs a promise or thenable, got ${describeValue(promise)}`);
  }
  return loopFromPromise(promise, loop ?? getRunningLoopOrNull() ?? getEventLoop());
}

/**
 * Calls `fn(signal)` and returns a future of its promise on `loop` (default: the running loop,
 * or the current loop). Cancelling the future aborts `signal` with a `CancelledError` reason,
 * which is how a cancelled task stops native work such as `fetch()`.
 * @throws InvalidArgumentError if `fn` is not a function.
 */
export function fromAsync<T>(fn: AsyncFunction<T>, loop?: EventLoop): Future<T> {
  return loopFromAsync(fn, loop ?? getRunningLoopOrNull() ?? getEventLoop());
}

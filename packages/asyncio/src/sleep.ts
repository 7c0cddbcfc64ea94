/**
 * `sleep(delay, result)`: Python's `asyncio.sleep`. A delay of zero or less is one bare `yield`,
 * which lets every other ready callback run once, exactly like asyncio's `sleep(0)`; any other
 * delay waits on a future completed by a timer, and cancelling the sleep cancels the timer.
 */
import { type Coroutine, type Future, InvalidArgumentError, describeValue, getRunningLoop } from '@async/loop';
import { type AwaitableCoroutine, awaitable } from './awaitable-coroutine.js';

/**
 * A coroutine that completes after `delay` seconds with `result`. `sleep(0)` yields to the other
 * ready tasks once; a negative delay counts as 0, and `Infinity` sleeps until cancelled.
 * @throws InvalidArgumentError if `delay` is not a number (or is NaN).
 */
export function sleep(delay: number): AwaitableCoroutine<void>;
export function sleep<T>(delay: number, result: T): AwaitableCoroutine<T>;
export function sleep<T>(delay: number, result?: T): AwaitableCoroutine<T | undefined> {
  if (typeof delay !== 'number' || Number.isNaN(delay)) {
    throw new InvalidArgumentError(`sleep(delay) needs a number of seconds, got ${describeValue(delay)}`);
  }
  return awaitable(sleepCoroutine(delay, result));
}

function* sleepCoroutine<T>(delay: number, result: T): Coroutine<T> {
  if (delay <= 0) {
    yield;
    return result;
  }
  const future = getRunningLoop().createFuture<T>();
  // No timer can ever fire for an infinite delay; only cancellation ends the wait.
  if (delay === Infinity) return yield* future;
  const handle = future.getLoop().callLater(delay, setResultUnlessCancelled, future, result);
  try {
    return yield* future;
  } finally {
    // A future with a result was set by the timer, which has run: cancelling it again would
    // raise AlreadyCalled on a Twisted reactor's timers (asyncio code hosted on a reactor).
    if (!future.done() || future.cancelled()) handle.cancel();
  }
}

function setResultUnlessCancelled<T>(future: Future<T>, result: T): void {
  if (!future.cancelled()) future.setResult(result);
}

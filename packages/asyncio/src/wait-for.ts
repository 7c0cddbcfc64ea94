/**
 * `waitFor(aw, timeout)`: Python 3.12's `asyncio.wait_for`, which is a `timeout()` scope around
 * `await aw`. A coroutine runs inline in the calling task; a task or future is waited on and
 * cancelled (and waited for) if the deadline passes. A timeout of zero or less never starts a
 * coroutine: it is wrapped in a task, cancelled before its first step, and `TimeoutError` raised
 * (unless what was given is already done).
 */
import {
  type Coroutine,
  type Future,
  type Waitable,
  CancelledError,
  InvalidArgumentError,
  TimeoutError,
  describeValue,
  getRunningLoop,
  isCoroutine,
  isFuture,
  isThenable,
} from '@async/loop';
import { type AwaitableCoroutine, awaitable } from './awaitable-coroutine.js';
import { awaitWaitable } from './await-waitable.js';
import { ensureFuture } from './tasks.js';
import { timeout as timeoutScope } from './timeouts.js';
import { checkTimeout } from './timeout-argument.js';

/**
 * Waits for `aw` for at most `timeout` seconds (`null`: no limit) and evaluates to its result.
 * On timeout `aw` is cancelled and `TimeoutError` raised; if the caller is cancelled, so is `aw`.
 * Wrap `aw` in `shield()` to keep it running past the timeout.
 * @throws InvalidArgumentError if `aw` cannot be waited on or `timeout` is not a number or null.
 */
export function waitFor<T>(aw: Waitable<T>, timeout: number | null | undefined): AwaitableCoroutine<T> {
  if (!isFuture(aw) && !isCoroutine(aw) && !isThenable(aw) && typeof aw !== 'function') {
    throw new InvalidArgumentError(
      `waitFor() cannot wait on ${describeValue(aw)}: pass a coroutine, a future, a promise or an async function`,
    );
  }
  const seconds = checkTimeout(timeout, 'waitFor() timeout');
  return awaitable(waitForCoroutine(aw, seconds));
}

function* waitForCoroutine<T>(aw: Waitable<T>, timeout: number | null): Coroutine<T> {
  if (timeout !== null && timeout <= 0) {
    const future = ensureFuture(aw, getRunningLoop());
    if (future.done()) return future.result();
    yield* cancelAndWait(future);
    try {
      return future.result();
    } catch (error) {
      if (error instanceof CancelledError) throw new TimeoutError(undefined, { cause: error });
      throw error;
    }
  }
  return yield* timeoutScope(timeout).run(awaitWaitable(aw));
}

/** Cancels `future` and waits until it is done, without failing with its outcome. */
function* cancelAndWait(future: Future<unknown>): Coroutine<void> {
  const waiter = getRunningLoop().createFuture<void>();
  const release = (): void => {
    if (!waiter.done()) waiter.setResult(undefined);
  };
  future.addDoneCallback(release);
  try {
    future.cancel();
    yield* waiter;
  } finally {
    future.removeDoneCallback(release);
  }
}

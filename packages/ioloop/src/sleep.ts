/**
 * `sleep()`: Tornado's `gen.sleep`, a future completed after a delay on the current loop.
 * Cancelling the future cancels its timer.
 */
import { type Future, getEventLoop } from '@async/loop';
import { checkSeconds } from './argument-checks.js';

/**
 * A future that completes with `undefined` after `seconds`. Yield it in a coroutine
 * (`yield gen.sleep(0.5)`) or `await` it.
 * @throws InvalidArgumentError for a negative or non-numeric delay.
 */
export function sleep(seconds: number): Future<void> {
  checkSeconds(seconds, 'gen.sleep(seconds)');
  const loop = getEventLoop();
  const future = loop.createFuture<void>();
  let fired = false;
  const handle = loop.callLater(seconds, () => {
    fired = true;
    if (!future.done()) future.setResult(undefined);
  });
  // Only a timer that has not run is cancelled: on a Twisted reactor (IOLoop.forLoop(reactor)),
  // cancelling a call that already ran raises AlreadyCalled.
  future.addDoneCallback(() => {
    if (!fired) handle.cancel();
  });
  return future;
}

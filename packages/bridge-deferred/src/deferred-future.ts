/**
 * Deferred ⇄ core Future, as Twisted's `Deferred.fromFuture` and `Deferred.asFuture`. The
 * conversions themselves live on `Deferred` in `@async/reactor` (they need nothing but the
 * core); these functions are the bridge's explicit, argument-checked spelling of them, with
 * the loop defaulting to the running one.
 */
import {
  type EventLoop,
  Future,
  InvalidArgumentError,
  describeValue,
  getEventLoop,
  getRunningLoopOrNull,
} from '@async/loop';
import { Deferred } from '@async/reactor';

/**
 * A Deferred that fires with `future`'s outcome (a `Task` is a future too): its result, or a
 * `Failure` wrapping its error. Cancelling the Deferred cancels the future and waits for its
 * outcome, as Twisted does: a `CancelledError`, or the value a task that refused the
 * cancellation returned.
 * @throws InvalidArgumentError if `future` is not a core `Future`.
 */
export function deferredFromFuture<T>(future: Future<T>): Deferred<T> {
  if (!(future instanceof Future)) {
    throw new InvalidArgumentError(
      `deferredFromFuture() takes a Future or a Task, got ${describeValue(future)}: ` +
        'convert a promise with deferredFromPromise(), or anything else with ensureDeferred()',
    );
  }
  return Deferred.fromFuture(future);
}

/**
 * A future on `loop` (default: the running loop, else the current one) that completes with
 * `d`'s result, or fails with its failure's error — a cancelled Deferred's `CancelledError`
 * included, the very instance, so a task waiting on the future is cancelled with it (Twisted's
 * `asFuture` stores it the same way). The result is consumed: `d`'s chain goes on with
 * `undefined`. Cancelling the future cancels `d`, which runs its canceller.
 * @throws InvalidArgumentError if `d` is not a Deferred or `loop` not an event loop.
 */
export function deferredAsFuture<T>(d: Deferred<T>, loop?: EventLoop): Future<T> {
  if (!(d instanceof Deferred)) {
    throw new InvalidArgumentError(`deferredAsFuture() takes a Deferred, got ${describeValue(d)}`);
  }
  if (loop !== undefined && (typeof loop !== 'object' || loop === null || typeof loop.createFuture !== 'function')) {
    throw new InvalidArgumentError(`deferredAsFuture(d, loop) takes an EventLoop, got ${describeValue(loop)}`);
  }
  return d.asFuture(loop ?? getRunningLoopOrNull() ?? getEventLoop());
}

/**
 * The body of `runUntilComplete()`, shared by every loop and by the fronts that host themselves
 * on another loop: run `loop` until a future is done, then resolve with its result.
 */
import type { EventLoop } from './event-loop.js';
import type { Future } from './future.js';
import { InvalidArgumentError, LoopClosedError, LoopStateError } from './errors.js';

/**
 * Runs `loop` until the future made by `makeFuture` is done and returns its result (or throws
 * its error). The future must belong to one of `owners`: the loop itself, and for a hosted front
 * (a hub, a reactor, an IOLoop) the front as well. `makeFuture` is called only once the loop is
 * known to be usable, so nothing is scheduled on a closed or running loop.
 * @throws LoopClosedError, LoopStateError (already running, or stopped before the future was
 *   done), InvalidArgumentError (a future of another loop).
 */
export async function runUntilDone<T>(
  loop: EventLoop,
  makeFuture: () => Future<T>,
  owners: readonly EventLoop[],
): Promise<T> {
  if (loop.isClosed()) throw new LoopClosedError();
  if (loop.isRunning()) {
    throw new LoopStateError(
      'runUntilComplete() on a loop that is already running: wait on the future from a coroutine instead',
    );
  }
  const future = makeFuture();
  if (!owners.includes(future.getLoop())) {
    throw new InvalidArgumentError(
      'runUntilComplete() got a future attached to a different loop: run it on its own loop, or convert it with a bridge',
    );
  }
  const stopWhenDone = (): void => loop.stop();
  future.addDoneCallback(stopWhenDone);
  try {
    await loop.runForever();
  } finally {
    future.removeDoneCallback(stopWhenDone);
  }
  if (!future.done()) throw new LoopStateError('the event loop stopped before the future completed');
  return future.result();
}

/**
 * A gevent greenlet seen as a core Future. The conversion is the one `@async/hub` registers for
 * every driver (a `Task` that `yield*`s a greenlet uses it too): the greenlet's value or error;
 * a greenlet killed with `GreenletExit` fails the future with `CancelledError` (its `cause` is
 * the `GreenletExit`); cancelling the future kills the greenlet.
 */
import {
  type EventLoop,
  type Future,
  InvalidArgumentError,
  describeValue,
  getRunningLoopOrNull,
  toFuture,
} from '@async/loop';
import { type BlockingFunction, type BlockingResult, Greenlet, spawn } from '@async/hub';

/**
 * A future on `loop` (default: the running loop, else the loop under the greenlet's hub) with
 * `g`'s outcome. Cancelling it kills `g` with `GreenletExit`.
 * @throws InvalidArgumentError if `g` is not a gevent `Greenlet` or `loop` not an event loop.
 */
export function greenletToFuture<T>(g: Greenlet<T>, loop?: EventLoop): Future<T> {
  if (!(g instanceof Greenlet)) {
    throw new InvalidArgumentError(`greenletToFuture() takes a gevent Greenlet (from spawn()), got ${describeValue(g)}`);
  }
  if (loop !== undefined && (typeof loop !== 'object' || loop === null || typeof loop.createFuture !== 'function')) {
    throw new InvalidArgumentError(`greenletToFuture(g, loop) takes an EventLoop, got ${describeValue(loop)}`);
  }
  return toFuture(g, loop ?? getRunningLoopOrNull() ?? g.hub.loop) as Future<T>;
}

/**
 * Spawns `fn(...args)` in a greenlet of the current hub and returns it as a future (a task, to
 * asyncio code): it completes with what `fn` returns; cancelling it kills the greenlet, whose
 * `finally` blocks run where it blocks.
 * @throws InvalidArgumentError if `fn` is not a function.
 */
export function spawnAsTask<A extends unknown[], R>(fn: BlockingFunction<A, R>, ...args: A): Future<BlockingResult<R>> {
  if (typeof fn !== 'function') {
    throw new InvalidArgumentError(`spawnAsTask(fn) takes a function to run in a greenlet, got ${describeValue(fn)}`);
  }
  return greenletToFuture(spawn(fn, ...args));
}

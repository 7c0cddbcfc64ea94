/**
 * `onLoop`: lets a Tornado coroutine wait on a future of the same loop seen through another face.
 * Futures made through an `IOLoop` belong to the IOLoop, while code the loop underneath
 * dispatches directly (or code outside any running loop) makes futures on that loop; a core
 * `Task` only waits on futures of its own loop, so such a future is chained into one on the
 * waiter's loop. Futures of unrelated loops are left alone, for the task to reject.
 */
import { type EventLoop, type Future, followFuture } from '@async/loop';

/** True when `a` is an IOLoop (or another facade with `asyncioLoop`) over `b`, or `b` over `a`. */
function sameLoopUnderneath(a: EventLoop, b: EventLoop): boolean {
  return (a as { asyncioLoop?: unknown }).asyncioLoop === b || (b as { asyncioLoop?: unknown }).asyncioLoop === a;
}

/**
 * `future` itself when it belongs to `loop`; a future on `loop` that follows it (and cancels it
 * when cancelled) when it belongs to the same loop seen through an IOLoop; else `future` itself.
 * @internal
 */
export function onLoop<T>(future: Future<T>, loop: EventLoop): Future<T> {
  const owner = future.getLoop();
  if (owner === loop || !sameLoopUnderneath(owner, loop)) return future;
  return followFuture(future, loop);
}

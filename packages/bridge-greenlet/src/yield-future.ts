/**
 * `yieldFuture`: aiogevent's `yield_future` — a greenlet blocks on anything a Task could wait
 * on. The hub already blocks a greenlet on a yielded future; what this adds is ownership, as an
 * asyncio `await` has it: when the greenlet stops waiting because it is killed or its gevent
 * `Timeout` expires, the future (or Task, or converted Deferred) is cancelled, and an async
 * function's `AbortSignal` aborted.
 */
import { type Coroutine, type Waitable, ensureFuture } from '@async/loop';
import { currentHub } from '@async/hub';

/**
 * Blocks the current greenlet until `waitable` is done and evaluates to its result (its error is
 * raised): a `Future` or `Task`, a coroutine (run as a task on the hub), a Deferred or any
 * waitable with a registered converter, a promise, or an async function (called with an
 * `AbortSignal`). If the greenlet is killed or times out while waiting, the waitable is
 * cancelled. Use it as `const v = yield* yieldFuture(d)`.
 * @throws InvalidArgumentError (at the first step) if `waitable` cannot be waited on.
 */
export function* yieldFuture<T>(waitable: Waitable<T>): Coroutine<T> {
  const future = ensureFuture(waitable, currentHub());
  try {
    return (yield future) as T;
  } finally {
    // Still pending here means the wait was abandoned: a kill, a Timeout, or a throw() into us.
    if (!future.done()) future.cancel();
  }
}

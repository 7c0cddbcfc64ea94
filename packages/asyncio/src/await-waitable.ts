/**
 * `await aw` for anything a coroutine may wait on, as one generator to `yield*`: a coroutine runs
 * inline in the calling task (as `await coro` does in Python), everything else is converted to a
 * future on the running loop and waited for.
 */
import { type Coroutine, type Future, type Waitable, getRunningLoop, isCoroutine, toFuture } from '@async/loop';

/** Waits for `aw` inside the current task and evaluates to its result. */
export function* awaitWaitable<T>(aw: Waitable<T>): Coroutine<T> {
  if (isCoroutine(aw)) return yield* aw as Coroutine<T>;
  return yield* toFuture(aw, getRunningLoop()) as Future<T>;
}

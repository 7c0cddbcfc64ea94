/**
 * `shield(aw)`: Python's `asyncio.shield`. It returns a new future that follows `aw`; cancelling
 * that future (for instance by cancelling the task waiting on it) does not cancel `aw`, which runs
 * on. Keep a reference to a task you shield: the loop only holds tasks weakly.
 */
import { type Future, type Waitable } from '@async/loop';
import { ensureFuture } from './tasks.js';

/**
 * A future with the outcome of `aw` that can be cancelled without cancelling `aw`. A coroutine
 * is wrapped in a task first; a future already done is returned as it is.
 * @throws InvalidArgumentError if `aw` cannot be waited on.
 */
export function shield<T>(aw: Waitable<T>): Future<T> {
  const inner = ensureFuture(aw);
  if (inner.done()) return inner;
  const outer = inner.getLoop().createFuture<T>();

  const onInnerDone = (f: Future<T>): void => {
    if (outer.cancelled()) {
      // Nobody waits for the outcome any more; mark a failure as seen.
      if (!f.cancelled()) f.exception();
      return;
    }
    if (f.cancelled()) {
      outer.cancel();
      return;
    }
    const error = f.exception();
    if (error !== null) outer.setException(error);
    else outer.setResult(f.result());
  };
  const onOuterDone = (): void => {
    if (!inner.done()) inner.removeDoneCallback(onInnerDone);
  };

  inner.addDoneCallback(onInnerDone);
  outer.addDoneCallback(onOuterDone);
  return outer;
}

/**
 * `taskSignal(task)`: an `AbortSignal` that aborts when a task ends cancelled, to hand to native
 * APIs (`fetch()`, `setTimeout` from `node:timers/promises`, streams) started inside the task.
 * The reverse direction needs nothing: an async function a task waits on receives a signal that
 * aborts when the task is cancelled (see `fromAsync()`).
 *
 * It aborts when the task is done and cancelled, not at the `cancel()` request: a task may catch
 * the `CancelledError` and carry on (as a `timeout()` scope does when it turns it into a
 * `TimeoutError`), and an `AbortSignal`, once aborted, stays aborted.
 */
import { type Task, InvalidArgumentError, InvalidStateError, Task as TaskClass, describeValue, getRunningLoop } from '@async/loop';
import { currentTask } from './tasks.js';

/* One signal per task, made on first request. */
const signals = new WeakMap<Task<unknown>, AbortSignal>();

/**
 * The `AbortSignal` of `task` (default: the current task). It is aborted, with the task's
 * `CancelledError` as its reason, once the task ends cancelled (as a done callback, so on the
 * loop iteration after it ended); it never aborts for a task that returns or fails.
 * @throws InvalidArgumentError if `task` is not a task. With no `task`: LoopStateError when no
 *   loop is running, InvalidStateError outside a task.
 */
export function taskSignal(task?: Task<unknown>): AbortSignal {
  if (task === undefined) {
    const current = currentTask(getRunningLoop());
    if (current === null) {
      throw new InvalidStateError('taskSignal() was called outside a task: pass the task, as in taskSignal(task)');
    }
    task = current;
  } else if (!(task instanceof TaskClass)) {
    throw new InvalidArgumentError(`taskSignal(task) needs a Task, got ${describeValue(task)}`);
  }
  let signal = signals.get(task);
  if (signal !== undefined) return signal;
  const controller = new AbortController();
  signal = controller.signal;
  signals.set(task, signal);
  if (task.done()) {
    if (task.cancelled()) controller.abort(task._makeCancelledError());
  } else {
    task.addDoneCallback((t) => {
      if (t.cancelled()) controller.abort(t._makeCancelledError());
    });
  }
  return signal;
}

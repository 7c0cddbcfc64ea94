/**
 * asyncio's task functions, taking the loop from the running loop as modern asyncio does. The
 * `Task` class itself is the core's (`@async/loop`): these functions only find the loop.
 */
import {
  type Coroutine,
  type EventLoop,
  type Future,
  type Task,
  type Waitable,
  InvalidArgumentError,
  allTasks as loopTasks,
  currentTask as loopCurrentTask,
  describeValue,
  ensureFuture as loopEnsureFuture,
  getEventLoop,
  getRunningLoop,
  isCoroutine,
  isFuture,
} from '@async/loop';

/** Options for `createTask()`. */
export interface CreateTaskOptions {
  /** A name for debugging; defaults to `Task-<n>`. */
  name?: string;
  /**
   * Run the coroutine's first step at once, inside `createTask()`, as Python 3.12's eager tasks
   * do: a coroutine that finishes without waiting is done before `createTask()` returns.
   * Default false: the first step runs on the next loop iteration.
   */
  eagerStart?: boolean;
}

/**
 * Wraps `coro` in a `Task` on the running loop and schedules it (Python's `create_task()`).
 * Keep a reference to the task: the loop only holds tasks weakly, as in asyncio.
 * @throws LoopStateError when no loop is running; InvalidArgumentError if `coro` is not a
 *   coroutine (a generator object).
 */
export function createTask<T>(coro: Coroutine<T>, options: CreateTaskOptions = {}): Task<T> {
  const loop = getRunningLoop();
  if (!isCoroutine(coro)) {
    throw new InvalidArgumentError(
      `createTask() needs a coroutine (a generator object), got ${describeValue(coro)}: ` +
        'call the generator function, as in createTask(main())',
    );
  }
  if (options === null || typeof options !== 'object') {
    throw new InvalidArgumentError(`createTask() options must be an object, got ${describeValue(options)}`);
  }
  if (options.name !== undefined && typeof options.name !== 'string') {
    throw new InvalidArgumentError(`createTask() name must be a string, got ${describeValue(options.name)}`);
  }
  // The checked options as they are: a copy per task was 40 bytes of garbage in a gather of 1e5.
  return loop.createTask(coro, options);
}

/**
 * The task running on `loop` (default: the running loop) right now, or `null` outside any task.
 * @throws LoopStateError when no loop is given and none is running.
 */
export function currentTask(loop?: EventLoop): Task<unknown> | null {
  return loopCurrentTask(loop ?? getRunningLoop());
}

/**
 * The tasks of `loop` (default: the running loop) that are not done yet.
 * @throws LoopStateError when no loop is given and none is running.
 */
export function allTasks(loop?: EventLoop): Set<Task<unknown>> {
  return loopTasks(loop ?? getRunningLoop());
}

/**
 * A `Future` for `aw`: a future is returned as it is, a coroutine is wrapped in a `Task`, a
 * promise or async function in a future (Python's `ensure_future()`). New tasks and futures go
 * on `loop`, by default the running loop or else the current loop (`getEventLoop()`).
 * @throws InvalidArgumentError if `aw` is a future of another loop than `loop`, or cannot be
 *   waited on.
 */
export function ensureFuture<T>(aw: Waitable<T>, loop?: EventLoop): Future<T> {
  if (isFuture(aw)) {
    if (loop !== undefined && aw.getLoop() !== loop) {
      throw new InvalidArgumentError(
        'ensureFuture(): the future belongs to a different loop than the one given: ' +
          'create it on that loop, or convert it with a bridge',
      );
    }
    return aw as Future<T>;
  }
  return loopEnsureFuture(aw, loop ?? getEventLoop());
}

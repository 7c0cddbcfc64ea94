/**
 * `run(main())` and `Runner`: Python's `asyncio.run` and `asyncio.Runner`. A runner creates a
 * loop (a new `NodeEventLoop`, made the current loop, unless `loopFactory` gives one), runs
 * coroutines on it to completion, and on `close()` cancels the tasks still pending, waits for
 * them, and closes the loop. JavaScript cannot block, so both return promises.
 *
 * Tests pass `loopFactory: () => new VirtualEventLoop()` to run on virtual time.
 */
import {
  type Coroutine,
  type EventLoop,
  InvalidArgumentError,
  LoopStateError,
  describeValue,
  getRunningLoopOrNull,
  isCoroutine,
  newEventLoop,
  setEventLoop,
} from '@async/loop';
import { gather } from './gather.js';
import { allTasks } from './tasks.js';

/** Options of `run()` and `Runner`. */
export interface RunOptions {
  /** Turn the loop's debug mode on or off; left as the loop has it by default. */
  debug?: boolean;
  /**
   * Creates the loop to run on, instead of a new `NodeEventLoop`. A loop from a factory is not
   * made the current loop (as in Python).
   */
  loopFactory?: () => EventLoop;
}

type RunnerState = 'created' | 'initialized' | 'closed';

/** Runs several coroutines on one loop, then closes it. Prefer `run()` for a single one. */
export class Runner implements AsyncDisposable {
  private _state: RunnerState = 'created';
  private _loop: EventLoop | null = null;
  private _setEventLoop = false;
  private readonly _debug: boolean | undefined;
  private readonly _loopFactory: (() => EventLoop) | undefined;

  /** @throws InvalidArgumentError for bad options. */
  constructor(options: RunOptions = {}) {
    if (options === null || typeof options !== 'object') {
      throw new InvalidArgumentError(`Runner options must be an object, got ${describeValue(options)}`);
    }
    if (options.loopFactory !== undefined && typeof options.loopFactory !== 'function') {
      throw new InvalidArgumentError(`loopFactory must be a function returning a loop, got ${describeValue(options.loopFactory)}`);
    }
    this._debug = options.debug;
    this._loopFactory = options.loopFactory;
  }

  /**
   * The runner's loop, created on first use.
   * @throws LoopStateError if the runner is closed.
   */
  getLoop(): EventLoop {
    this._lazyInit();
    return this._loop!;
  }

  /**
   * Runs `coro` as a task on the runner's loop until it completes; resolves with its result or
   * rejects with its error (`CancelledError` if it was cancelled).
   * Rejects with InvalidArgumentError if `coro` is not a coroutine; LoopStateError if called from
   * a running loop, or while the runner is running another coroutine, or after `close()`.
   */
  async run<T>(coro: Coroutine<T>): Promise<T> {
    if (!isCoroutine(coro)) {
      throw new InvalidArgumentError(
        `Runner.run() needs a coroutine (a generator object), got ${describeValue(coro)}: call the generator function, as in run(main())`,
      );
    }
    if (getRunningLoopOrNull() !== null) {
      coro.return(undefined as T);
      throw new LoopStateError(
        'run() cannot be called from a running event loop: in a coroutine, use createTask() or yield* instead',
      );
    }
    this._lazyInit();
    const loop = this._loop!;
    const task = loop.createTask(coro);
    return loop.runUntilComplete(task);
  }

  /**
   * Cancels the tasks still pending on the loop, waits for them, and closes the loop. Errors those
   * tasks end with go to the loop's exception handler. Closing twice does nothing. Rejects with
   * LoopStateError while `run()` is in progress.
   */
  async close(): Promise<void> {
    if (this._state !== 'initialized') return;
    const loop = this._loop!;
    if (loop.isRunning()) {
      throw new LoopStateError('cannot close a Runner while it runs a coroutine: wait for run() to settle first');
    }
    try {
      await cancelAllTasks(loop);
    } finally {
      if (this._setEventLoop) setEventLoop(null);
      loop.close();
      this._loop = null;
      this._state = 'closed';
    }
  }

  /** `await using runner = new Runner()` closes it at the end of the block. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  private _lazyInit(): void {
    if (this._state === 'closed') throw new LoopStateError('this Runner is closed: create a new one');
    if (this._state === 'initialized') return;
    if (this._loopFactory === undefined) {
      this._loop = newEventLoop();
      if (!this._setEventLoop) {
        setEventLoop(this._loop);
        this._setEventLoop = true;
      }
    } else {
      const loop = this._loopFactory();
      if (loop === null || typeof loop !== 'object' || typeof loop.runUntilComplete !== 'function') {
        throw new InvalidArgumentError(`loopFactory must return an event loop, got ${describeValue(loop)}`);
      }
      this._loop = loop;
    }
    if (this._debug !== undefined) this._loop.setDebug(this._debug);
    this._state = 'initialized';
  }
}

/**
 * Runs `main` on a new loop and resolves with its result (Python's `asyncio.run`): creates the
 * loop, runs the coroutine to completion, cancels the tasks it left behind and waits for them,
 * then closes the loop. Rejects with the coroutine's error, with InvalidArgumentError if `main`
 * is not a coroutine, and with LoopStateError when called from a running loop.
 */
export async function run<T>(main: Coroutine<T>, options: RunOptions = {}): Promise<T> {
  if (getRunningLoopOrNull() !== null) {
    if (isCoroutine(main)) main.return(undefined as T);
    throw new LoopStateError(
      'run() cannot be called from a running event loop: in a coroutine, use createTask() or yield* instead',
    );
  }
  const runner = new Runner(options);
  try {
    return await runner.run(main);
  } finally {
    await runner.close();
  }
}

async function cancelAllTasks(loop: EventLoop): Promise<void> {
  const toCancel = allTasks(loop);
  if (toCancel.size === 0) return;
  for (const task of toCancel) task.cancel();
  await loop.runUntilComplete(gather(...toCancel, { returnExceptions: true }));
  for (const task of toCancel) {
    if (task.cancelled()) continue;
    const exception = task.exception();
    if (exception !== null) {
      loop.callExceptionHandler({ message: 'unhandled exception during run() shutdown', exception, task });
    }
  }
}

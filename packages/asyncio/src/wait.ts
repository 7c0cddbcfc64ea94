/**
 * `wait(futures, { timeout, returnWhen })`: Python's `asyncio.wait`. It waits until the condition
 * holds or the timeout passes and returns the futures split into `[done, pending]`; it never
 * raises on timeout and never cancels anything. As in Python 3.11+, it takes futures and tasks
 * only: wrap coroutines with `createTask()` first, so that their tasks can be found in the sets.
 */
import {
  type Coroutine,
  type Future,
  type TimerHandle,
  InvalidArgumentError,
  describeValue,
  getRunningLoop,
  isCoroutine,
  isFuture,
} from '@async/loop';
import { type AwaitableCoroutine, awaitable } from './awaitable-coroutine.js';
import { checkTimeout } from './timeout-argument.js';

/** `wait()` returns as soon as any future is done. */
export const FIRST_COMPLETED = 'FIRST_COMPLETED';
/** `wait()` returns as soon as any future fails (or all are done). */
export const FIRST_EXCEPTION = 'FIRST_EXCEPTION';
/** `wait()` returns when all futures are done (the default). */
export const ALL_COMPLETED = 'ALL_COMPLETED';

/** When `wait()` returns. */
export type ReturnWhen = typeof FIRST_COMPLETED | typeof FIRST_EXCEPTION | typeof ALL_COMPLETED;

/** Options of `wait()`. */
export interface WaitOptions {
  /** Return after this many seconds at the latest; `null` or absent: no limit. */
  timeout?: number | null;
  /** The condition to wait for; default `ALL_COMPLETED`. */
  returnWhen?: ReturnWhen;
}

/**
 * Waits for `futures` and evaluates to `[done, pending]`, two sets of the same future objects.
 * @throws InvalidArgumentError for an empty collection, a coroutine or promise among the futures,
 *   a bad `returnWhen` or a bad `timeout`.
 */
export function wait<F extends Future<unknown>>(
  futures: Iterable<F>,
  options: WaitOptions = {},
): AwaitableCoroutine<[Set<F>, Set<F>]> {
  if (isFuture(futures) || isCoroutine(futures) || futures === null || typeof futures !== 'object' ||
      typeof (futures as Iterable<F>)[Symbol.iterator] !== 'function') {
    throw new InvalidArgumentError(
      `wait() expects an iterable of futures, got ${describeValue(futures)}: pass an array of tasks`,
    );
  }
  const set = new Set(futures);
  if (set.size === 0) throw new InvalidArgumentError('wait() needs at least one future: the collection is empty');
  for (const f of set) {
    if (!isFuture(f)) {
      throw new InvalidArgumentError(
        `wait() takes futures and tasks only, got ${describeValue(f)}: ` +
          'wrap coroutines with createTask() and promises with ensureFuture() first',
      );
    }
  }
  const { timeout: timeoutOption, returnWhen = ALL_COMPLETED } = options ?? {};
  if (returnWhen !== FIRST_COMPLETED && returnWhen !== FIRST_EXCEPTION && returnWhen !== ALL_COMPLETED) {
    throw new InvalidArgumentError(
      `wait() returnWhen must be FIRST_COMPLETED, FIRST_EXCEPTION or ALL_COMPLETED, got ${describeValue(returnWhen)}`,
    );
  }
  const timeout = checkTimeout(timeoutOption, 'wait() timeout');
  return awaitable(waitCoroutine(set, timeout, returnWhen));
}

function* waitCoroutine<F extends Future<unknown>>(
  futures: Set<F>,
  timeout: number | null,
  returnWhen: ReturnWhen,
): Coroutine<[Set<F>, Set<F>]> {
  const loop = getRunningLoop();
  const waiter = loop.createFuture<void>();
  let timeoutHandle: TimerHandle | null = null;
  if (timeout !== null) timeoutHandle = loop.callLater(Math.max(0, timeout), releaseWaiter, waiter);
  let counter = futures.size;

  const onCompletion = (f: Future<unknown>): void => {
    counter--;
    if (
      counter <= 0 ||
      returnWhen === FIRST_COMPLETED ||
      (returnWhen === FIRST_EXCEPTION && !f.cancelled() && f.exception() !== null)
    ) {
      timeoutHandle?.cancel();
      releaseWaiter(waiter);
    }
  };

  for (const f of futures) f.addDoneCallback(onCompletion);
  try {
    yield* waiter;
  } finally {
    timeoutHandle?.cancel();
    for (const f of futures) f.removeDoneCallback(onCompletion);
  }
  const done = new Set<F>();
  const pending = new Set<F>();
  for (const f of futures) (f.done() ? done : pending).add(f);
  return [done, pending];
}

function releaseWaiter(waiter: Future<void>): void {
  if (!waiter.done()) waiter.setResult(undefined);
}

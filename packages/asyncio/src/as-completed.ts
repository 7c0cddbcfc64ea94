/**
 * `asCompleted(aws, { timeout })`: Python's `asyncio.as_completed`. It gives one coroutine per
 * waitable, and each `yield*` of the next one evaluates to the next result to arrive (or raises
 * its error): `for (const next of asCompleted(aws)) { const r = yield* next; }`. When the timeout
 * passes first, waiting on the next one raises `TimeoutError`.
 *
 * Python 3.13 can also be iterated with `async for` to get the futures themselves. That form is
 * left out: a coroutine cannot use `for await`, and TypeScript types the values of `for await` as
 * awaited, which would type a future as its result.
 */
import {
  type Coroutine,
  type EventLoop,
  type Future,
  type TimerHandle,
  type Waitable,
  InvalidArgumentError,
  TimeoutError,
  describeValue,
  getEventLoop,
  isCoroutine,
  isFuture,
} from '@async/loop';
import { type AwaitableCoroutine, awaitable } from './awaitable-coroutine.js';
import { Queue } from './queues.js';
import { ensureFuture } from './tasks.js';
import { checkTimeout } from './timeout-argument.js';
import type { WaitableResult } from './waitable-result.js';

/** Options of `asCompleted()`. */
export interface AsCompletedOptions {
  /** Seconds after which the waits still pending raise `TimeoutError`; `null`: no limit. */
  timeout?: number | null;
}

/** The iterator `asCompleted()` returns; see there. */
export class AsCompleted<T> implements IterableIterator<AwaitableCoroutine<T>> {
  private readonly _done = new Queue<Future<T> | null>();
  private readonly _todo: Set<Future<T>>;
  private _todoLeft: number;
  private _timeoutHandle: TimerHandle | null = null;
  private readonly _loop: EventLoop;
  private readonly _onCompletion = (f: Future<T>): void => {
    if (this._todo.size === 0) return; // the timeout came first
    this._todo.delete(f);
    this._done.putNowait(f);
    if (this._todo.size === 0) this._timeoutHandle?.cancel();
  };

  /** @internal Use `asCompleted()`. */
  constructor(aws: Iterable<Waitable<T>>, timeout: number | null) {
    const unique = new Set(aws);
    // The loop of the futures given, if any (as gather() does); else the running or current loop.
    let loop: EventLoop | undefined;
    for (const aw of unique) {
      if (isFuture(aw)) {
        loop = aw.getLoop();
        break;
      }
    }
    this._loop = loop ?? getEventLoop();
    this._todo = new Set();
    for (const aw of unique) this._todo.add(ensureFuture(aw, this._loop));
    for (const f of this._todo) f.addDoneCallback(this._onCompletion);
    if (this._todo.size > 0 && timeout !== null) {
      this._timeoutHandle = this._loop.callLater(Math.max(0, timeout), this._onTimeout);
    }
    this._todoLeft = this._todo.size;
  }

  [Symbol.iterator](): this {
    return this;
  }

  /** The next coroutine: it evaluates to the next result to arrive. */
  next(): IteratorResult<AwaitableCoroutine<T>, undefined> {
    if (this._todoLeft === 0) return { done: true, value: undefined };
    this._todoLeft--;
    return { done: false, value: awaitable(this._waitForResult()) };
  }

  private readonly _onTimeout = (): void => {
    for (const f of this._todo) {
      f.removeDoneCallback(this._onCompletion);
      this._done.putNowait(null); // tells a waiter the timeout passed
    }
    this._todo.clear();
  };

  private *_waitForFuture(): Coroutine<Future<T>> {
    const f = yield* this._done.get();
    if (f === null) throw new TimeoutError('asCompleted() timed out before the next result arrived');
    return f;
  }

  private *_waitForResult(): Coroutine<T> {
    return (yield* this._waitForFuture()).result();
  }
}

/**
 * Iterates over `aws` in the order they complete; see the module notes. Coroutines are wrapped in
 * tasks on the loop of the futures given, or else on the running (or current) loop; duplicates
 * are waited once.
 * @throws InvalidArgumentError if `aws` is a single future or coroutine, or not iterable, or holds
 *   something that cannot be waited on; or for a bad `timeout`.
 */
export function asCompleted<A extends Waitable<unknown>>(
  aws: Iterable<A>,
  options: AsCompletedOptions = {},
): AsCompleted<WaitableResult<A>> {
  if (isFuture(aws) || isCoroutine(aws) || aws === null || typeof aws !== 'object' ||
      typeof (aws as Iterable<A>)[Symbol.iterator] !== 'function') {
    throw new InvalidArgumentError(
      `asCompleted() expects an iterable of waitables, got ${describeValue(aws)}: pass an array`,
    );
  }
  const timeout = checkTimeout(options?.timeout, 'asCompleted() timeout');
  return new AsCompleted(aws as Iterable<Waitable<WaitableResult<A>>>, timeout);
}

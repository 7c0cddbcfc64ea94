/**
 * `Queue`, `PriorityQueue` and `LifoQueue`: Tornado's `tornado.queues`, queues for coroutines.
 * As in Tornado, an item put while a getter waits goes straight to that getter, and a getter
 * that frees room takes the item of the longest-waiting putter; `taskDone()` and `join()` track
 * when every item has been processed. Timeouts are deadlines: an absolute loop time or
 * `{ seconds }` from now.
 */
import { type Future, InvalidArgumentError, InvalidStateError, TimeoutError, describeValue } from '@async/loop';
import type { Deadline } from './deadline.js';
import { Event } from './event.js';
import { FutureWaiters, checkTimeout, doneFuture } from './future-waiters.js';
import { QueueEmpty, QueueFull } from './queue-errors.js';

/** A first-in, first-out queue for coroutines. */
export class Queue<T = unknown> {
  private readonly _maxsize: number;
  /** @internal The items, in the order the subclass keeps them. */
  protected readonly _queue: T[] = [];
  private readonly _getters = new FutureWaiters<T>();
  private readonly _putters = new FutureWaiters<void>();
  private readonly _pendingPuts = new Map<Future<void>, T>();
  private _unfinishedTasks = 0;
  private readonly _finished = new Event();

  /**
   * @param maxsize the most items the queue holds; 0 (the default) for no limit.
   * @throws InvalidArgumentError unless `maxsize` is a non-negative integer (Tornado raises
   *   TypeError for `None` and ValueError for a negative one).
   */
  constructor(maxsize = 0) {
    if (!Number.isInteger(maxsize) || maxsize < 0) {
      throw new InvalidArgumentError(`${new.target.name} maxsize must be an integer >= 0 (0 for no limit), got ${describeValue(maxsize)}`);
    }
    this._maxsize = maxsize;
    this._finished.set();
  }

  /** The most items the queue holds; 0 for no limit. */
  get maxsize(): number {
    return this._maxsize;
  }

  /** Number of items in the queue. */
  qsize(): number {
    return this._queue.length;
  }

  /** True if the queue holds no item. */
  empty(): boolean {
    return this._queue.length === 0;
  }

  /** True if the queue is at its `maxsize` (never, without one). */
  full(): boolean {
    return this._maxsize !== 0 && this.qsize() >= this._maxsize;
  }

  /** Items put and not yet marked with `taskDone()`. */
  get unfinishedTasks(): number {
    return this._unfinishedTasks;
  }

  /**
   * Puts `item`, waiting while the queue is full. The future resolves once the item is in, or
   * fails with `TimeoutError` at `timeout`; cancelling it withdraws the item.
   * @throws InvalidArgumentError for a bad deadline.
   */
  put(item: T, timeout?: Deadline | null): Future<void> {
    checkTimeout(timeout, 'Queue.put(item, timeout)');
    try {
      this.putNowait(item);
    } catch (error) {
      if (!(error instanceof QueueFull)) throw error;
      const putter = this._putters.add(timeout, 'Queue.put(item, timeout)', (waiter) =>
        waiter.setException(new TimeoutError('Queue.put() timed out while the queue was full')),
      );
      this._pendingPuts.set(putter, item);
      putter.addDoneCallback(() => this._pendingPuts.delete(putter));
      return putter;
    }
    return doneFuture(undefined);
  }

  /**
   * Puts `item` at once: straight to the longest-waiting getter if there is one.
   * @throws QueueFull if the queue is full.
   */
  putNowait(item: T): void {
    // Getters wait only while the queue is empty, so with one waiting there is room.
    if (this._getters.length === 0 && this.full()) throw new QueueFull(`the queue is full (maxsize ${this._maxsize}): use put() to wait for room`);
    this._putInternal(item);
    const getter = this._getters.shift();
    if (getter !== undefined) getter.setResult(this._get());
  }

  /**
   * A future of the next item, waiting while the queue is empty; it fails with `TimeoutError`
   * at `timeout`. Cancelling it withdraws the wait (no item is lost).
   * @throws InvalidArgumentError for a bad deadline.
   */
  get(timeout?: Deadline | null): Future<T> {
    checkTimeout(timeout, 'Queue.get(timeout)');
    let item: T;
    try {
      item = this.getNowait();
    } catch (error) {
      if (!(error instanceof QueueEmpty)) throw error;
      return this._getters.add(timeout, 'Queue.get(timeout)', (waiter) =>
        waiter.setException(new TimeoutError('Queue.get() timed out while the queue was empty')),
      );
    }
    return doneFuture(item);
  }

  /**
   * Takes the next item at once; if putters wait, the longest-waiting one's item moves in.
   * @throws QueueEmpty if there is no item.
   */
  getNowait(): T {
    const putter = this._putters.shift();
    if (putter !== undefined) {
      // A putter waits only while the queue is full, so there is an item to give.
      const item = this._pendingPuts.get(putter) as T;
      this._pendingPuts.delete(putter);
      try {
        this._putInternal(item);
      } catch (error) {
        // An item a PriorityQueue cannot order fails its own put, not this get.
        putter.setException(error);
        return this.getNowait();
      }
      putter.setResult(undefined);
      return this._get();
    }
    if (this.qsize() !== 0) return this._get();
    throw new QueueEmpty('the queue is empty: use get() to wait for an item');
  }

  /**
   * Marks one item taken from the queue as processed; `join()` completes when all are.
   * @throws InvalidStateError if called more times than items were put (Tornado's ValueError).
   */
  taskDone(): void {
    if (this._unfinishedTasks <= 0) {
      throw new InvalidStateError('taskDone() called too many times: call it once per item taken');
    }
    if (--this._unfinishedTasks === 0) this._finished.set();
  }

  /**
   * A future done once every item put has been marked with `taskDone()`; it fails with
   * `TimeoutError` at `timeout`.
   * @throws InvalidArgumentError for a bad deadline.
   */
  join(timeout?: Deadline | null): Future<void> {
    return this._finished.wait(timeout);
  }

  /**
   * `for await (const item of queue)`: gets items for ever, as Tornado's `async for`. Leave the
   * loop with `break`; no `get()` is left pending then.
   */
  [Symbol.asyncIterator](): AsyncIterator<T> {
    return {
      next: async (): Promise<IteratorResult<T>> => ({ value: await this.get(), done: false }),
    };
  }

  /**
   * An endless iterable of `get()` futures for coroutines:
   * `for (const next of queue.items()) { const item = yield* next; … }`. Each future is made
   * when the loop asks for it.
   */
  *items(): Generator<Future<T>, never, undefined> {
    for (;;) yield this.get();
  }

  /** @internal Stores an item; subclasses choose where. */
  protected _put(item: T): void {
    this._queue.push(item);
  }

  /** @internal Removes the next item. */
  protected _get(): T {
    return this._queue.shift() as T;
  }

  private _putInternal(item: T): void {
    this._put(item);
    this._unfinishedTasks++;
    this._finished.clear();
  }
}

/** A queue that gives the most recently put item first. */
export class LifoQueue<T = unknown> extends Queue<T> {
  protected override _get(): T {
    return this._queue.pop() as T;
  }
}

/**
 * A queue that gives the smallest item first (Tornado's heap order): by `compare` (negative when
 * `a` comes first), by default numbers and strings with `<` and arrays (Python's tuples, such as
 * `[priority, item]`) element by element. Equal items come out in the order they were put.
 */
export class PriorityQueue<T = unknown> extends Queue<T> {
  private readonly _compare: (a: T, b: T) => number;

  /** @throws InvalidArgumentError for a bad `maxsize` or a `compare` that is not a function. */
  constructor(maxsize = 0, compare: (a: T, b: T) => number = naturalOrder) {
    super(maxsize);
    if (typeof compare !== 'function') {
      throw new InvalidArgumentError(`PriorityQueue compare must be a function (a, b) => number, got ${describeValue(compare)}`);
    }
    this._compare = compare;
  }

  protected override _put(item: T): void {
    // Binary search for the first item greater than this one, so equal items stay in FIFO order.
    let lo = 0;
    let hi = this._queue.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this._compare(this._queue[mid] as T, item) <= 0) lo = mid + 1;
      else hi = mid;
    }
    this._queue.splice(lo, 0, item);
  }
}

/** Python's ordering of numbers, strings and tuples (arrays), for the default `PriorityQueue`. */
function naturalOrder(a: unknown, b: unknown): number {
  if (Array.isArray(a) && Array.isArray(b)) {
    const n = Math.min(a.length, b.length);
    for (let i = 0; i < n; i++) {
      const order = naturalOrder(a[i], b[i]);
      if (order !== 0) return order;
    }
    return a.length - b.length;
  }
  if (typeof a !== typeof b || (typeof a !== 'number' && typeof a !== 'string' && typeof a !== 'bigint')) {
    throw new InvalidArgumentError(
      `PriorityQueue cannot order ${describeValue(a)} and ${describeValue(b)}: give numbers, strings, arrays of them, or a compare function`,
    );
  }
  return (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0;
}

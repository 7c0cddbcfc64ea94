/**
 * `Queue`, `PriorityQueue` and `LifoQueue`: Python's asyncio queues (3.13, with `shutdown()`).
 * Producers `put()` (waiting while a bounded queue is full), consumers `get()` (waiting while it
 * is empty), `taskDone()` and `join()` track when every item has been processed. Waiting getters
 * and putters are served first in, first out; one that is woken but cancelled passes its turn on.
 */
import { type Coroutine, type Future, InvalidArgumentError, InvalidStateError, describeValue } from '@async/loop';
import { type AwaitableCoroutine, awaitable } from './awaitable-coroutine.js';
import { Deque } from './deque.js';
import { Event } from './event.js';
import { QueueEmpty, QueueFull, QueueShutDown } from './exceptions.js';
import { LoopBound } from './loop-bound.js';

/** A first-in, first-out queue for tasks. */
export class Queue<T> extends LoopBound {
  private readonly _maxsize: number;
  private readonly _items = new Deque<T>();
  private readonly _getters = new Deque<Future<void>>();
  private readonly _putters = new Deque<Future<void>>();
  private _unfinishedTasks = 0;
  private readonly _finished = new Event();
  private _isShutdown = false;

  /**
   * @param maxsize the most items the queue holds; 0 or less (the default) for no limit.
   * @throws InvalidArgumentError if `maxsize` is not an integer.
   */
  constructor(maxsize = 0) {
    super();
    if (!Number.isInteger(maxsize)) {
      throw new InvalidArgumentError(`${new.target.name} maxsize must be an integer (0 for no limit), got ${describeValue(maxsize)}`);
    }
    this._maxsize = maxsize;
    this._finished.set();
  }

  // The three storage methods subclasses override, as in Python.

  /** @internal Number of items stored. */
  protected _size(): number {
    return this._items.length;
  }

  /** @internal Stores `item`. */
  protected _put(item: T): void {
    this._items.push(item);
  }

  /** @internal Removes and returns the next item. */
  protected _get(): T {
    return this._items.shift() as T;
  }

  /** The most items the queue holds (0 or less: no limit). */
  get maxsize(): number {
    return this._maxsize;
  }

  /** Number of items in the queue. */
  qsize(): number {
    return this._size();
  }

  /** True if the queue holds no item. */
  empty(): boolean {
    return this._size() === 0;
  }

  /** True if the queue holds `maxsize` items (never for an unbounded queue). */
  full(): boolean {
    return this._maxsize > 0 && this._size() >= this._maxsize;
  }

  /**
   * Puts `item` in the queue, waiting for a free slot while it is full.
   * @throws QueueShutDown if the queue is (or gets) shut down.
   */
  put(item: T): AwaitableCoroutine<void> {
    return awaitable(this._putCoroutine(item));
  }

  private *_putCoroutine(item: T): Coroutine<void> {
    while (this.full()) {
      if (this._isShutdown) throw new QueueShutDown();
      const putter = this._getLoop().createFuture<void>();
      this._putters.push(putter);
      try {
        yield* putter;
      } catch (error) {
        putter.cancel();
        this._putters.remove(putter);
        // Woken for a free slot but not taking it: wake the next putter instead.
        if (!this.full() && !putter.cancelled()) this._wakeUpNext(this._putters);
        throw error;
      }
    }
    this.putNowait(item);
  }

  /**
   * Puts `item` in the queue without waiting.
   * @throws QueueFull if the queue is full; QueueShutDown if it was shut down.
   */
  putNowait(item: T): void {
    if (this._isShutdown) throw new QueueShutDown();
    if (this.full()) throw new QueueFull();
    this._put(item);
    this._unfinishedTasks++;
    this._finished.clear();
    this._wakeUpNext(this._getters);
  }

  /**
   * Removes and evaluates to the next item, waiting while the queue is empty.
   * @throws QueueShutDown if the queue is shut down and empty (or shut down immediately).
   */
  get(): AwaitableCoroutine<T> {
    return awaitable(this._getCoroutine());
  }

  private *_getCoroutine(): Coroutine<T> {
    while (this.empty()) {
      if (this._isShutdown) throw new QueueShutDown();
      const getter = this._getLoop().createFuture<void>();
      this._getters.push(getter);
      try {
        yield* getter;
      } catch (error) {
        getter.cancel();
        this._getters.remove(getter);
        // Woken for an item but not taking it: wake the next getter instead.
        if (!this.empty() && !getter.cancelled()) this._wakeUpNext(this._getters);
        throw error;
      }
    }
    return this.getNowait();
  }

  /**
   * Removes and returns the next item without waiting.
   * @throws QueueEmpty if there is none; QueueShutDown if the queue is shut down and empty.
   */
  getNowait(): T {
    if (this.empty()) {
      if (this._isShutdown) throw new QueueShutDown();
      throw new QueueEmpty();
    }
    const item = this._get();
    this._wakeUpNext(this._putters);
    return item;
  }

  /**
   * Tells the queue that an item taken with `get()` has been processed; `join()` returns once
   * every item put has been processed.
   * @throws InvalidStateError if called more times than items were put.
   */
  taskDone(): void {
    if (this._unfinishedTasks <= 0) {
      throw new InvalidStateError('Queue.taskDone() called more times than there were items put in the queue');
    }
    this._unfinishedTasks--;
    if (this._unfinishedTasks === 0) this._finished.set();
  }

  /** Waits until every item put in the queue has been taken and marked done with `taskDone()`. */
  join(): AwaitableCoroutine<void> {
    return awaitable(this._join());
  }

  private *_join(): Coroutine<void> {
    if (this._unfinishedTasks > 0) yield* this._finished.wait();
  }

  /**
   * Shuts the queue down: `put()` fails with `QueueShutDown` from now on, and so does `get()`
   * once the queue is empty; blocked callers are woken to see it. With `immediate`, the items
   * left are dropped (each counting as done for `join()`) and `get()` fails at once.
   */
  shutdown(immediate = false): void {
    this._isShutdown = true;
    if (immediate) {
      while (!this.empty()) {
        this._get();
        if (this._unfinishedTasks > 0) this._unfinishedTasks--;
      }
      if (this._unfinishedTasks === 0) this._finished.set();
    }
    // Every blocked getter and putter re-checks the queue and sees the shutdown.
    for (let getter = this._getters.shift(); getter !== undefined; getter = this._getters.shift()) {
      if (!getter.done()) getter.setResult(undefined);
    }
    for (let putter = this._putters.shift(); putter !== undefined; putter = this._putters.shift()) {
      if (!putter.done()) putter.setResult(undefined);
    }
  }

  private _wakeUpNext(waiters: Deque<Future<void>>): void {
    for (let waiter = waiters.shift(); waiter !== undefined; waiter = waiters.shift()) {
      if (!waiter.done()) {
        waiter.setResult(undefined);
        return;
      }
    }
  }

  override toString(): string {
    let details = `maxsize=${this._maxsize}`;
    if (this._getters.length > 0) details += ` _getters[${this._getters.length}]`;
    if (this._putters.length > 0) details += ` _putters[${this._putters.length}]`;
    if (this._unfinishedTasks > 0) details += ` tasks=${this._unfinishedTasks}`;
    if (this._isShutdown) details += ' shutdown';
    return `<${this.constructor.name} ${details}>`;
  }
}

/** A comparison for `PriorityQueue`: negative if `a` comes first, positive if `b` does. */
export type Comparator<T> = (a: T, b: T) => number;

/**
 * A queue that returns its smallest item first. Without a comparator, items are ordered as
 * Python orders them: numbers, bigints and strings by value, arrays element by element (so
 * `[priority, data]` entries work as Python's tuples do).
 */
export class PriorityQueue<T> extends Queue<T> {
  private readonly _heap: T[] = [];
  private readonly _compare: Comparator<T>;

  /**
   * @param maxsize the most items the queue holds; 0 or less for no limit.
   * @param compare the order of items; Python's ordering by default.
   * @throws InvalidArgumentError if `compare` is given and not a function.
   */
  constructor(maxsize = 0, compare?: Comparator<T>) {
    super(maxsize);
    if (compare !== undefined && typeof compare !== 'function') {
      throw new InvalidArgumentError(`PriorityQueue compare must be a function, got ${describeValue(compare)}`);
    }
    this._compare = compare ?? pythonOrder;
  }

  protected override _size(): number {
    return this._heap.length;
  }

  protected override _put(item: T): void {
    const heap = this._heap;
    heap.push(item);
    try {
      let i = heap.length - 1;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (this._compare(heap[i]!, heap[parent]!) >= 0) break;
        [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
        i = parent;
      }
    } catch (error) {
      // An item that cannot be compared must not stay in the heap (it would break it).
      heap.splice(heap.indexOf(item), 1);
      rebuild(heap, this._compare);
      throw error;
    }
  }

  protected override _get(): T {
    const heap = this._heap;
    const top = heap[0]!;
    const last = heap.pop()!;
    if (heap.length > 0) {
      heap[0] = last;
      siftDown(heap, 0, this._compare);
    }
    return top;
  }
}

/** A queue that returns the most recently added item first. */
export class LifoQueue<T> extends Queue<T> {
  private readonly _stack: T[] = [];

  protected override _size(): number {
    return this._stack.length;
  }

  protected override _put(item: T): void {
    this._stack.push(item);
  }

  protected override _get(): T {
    return this._stack.pop() as T;
  }
}

function siftDown<T>(heap: T[], start: number, compare: Comparator<T>): void {
  let i = start;
  for (;;) {
    const left = 2 * i + 1;
    if (left >= heap.length) return;
    const right = left + 1;
    const child = right < heap.length && compare(heap[right]!, heap[left]!) < 0 ? right : left;
    if (compare(heap[child]!, heap[i]!) >= 0) return;
    [heap[i], heap[child]] = [heap[child]!, heap[i]!];
    i = child;
  }
}

function rebuild<T>(heap: T[], compare: Comparator<T>): void {
  for (let i = (heap.length >> 1) - 1; i >= 0; i--) siftDown(heap, i, compare);
}

/**
 * Python's `<` for the values a priority queue usually holds.
 * @throws InvalidArgumentError for values Python could not compare either.
 */
function pythonOrder(a: unknown, b: unknown): number {
  if (Array.isArray(a) && Array.isArray(b)) {
    const n = Math.min(a.length, b.length);
    for (let i = 0; i < n; i++) {
      if (a[i] === b[i]) continue;
      const c = pythonOrder(a[i], b[i]);
      if (c !== 0) return c;
    }
    return a.length - b.length;
  }
  const ta = typeof a;
  const tb = typeof b;
  const numeric = (t: string): boolean => t === 'number' || t === 'bigint';
  if ((numeric(ta) && numeric(tb)) || (ta === 'string' && tb === 'string')) {
    return (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0;
  }
  throw new InvalidArgumentError(
    `PriorityQueue cannot order ${describeValue(a)} and ${describeValue(b)}: put numbers, strings or ` +
      '[priority, item] arrays, or give the queue a compare function',
  );
}

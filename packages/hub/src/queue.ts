/**
 * gevent's queues: `Queue` (FIFO, bounded or not), `LifoQueue`, `PriorityQueue` (smallest
 * first), `JoinableQueue` (with `taskDone`/`join`) and `Channel` (no buffer: a put waits for a
 * getter). A blocking `get`/`put` is a hub operation; `Empty` and `Full` report a
 * non-blocking call that cannot proceed, or a timeout. A queue is iterated until `StopIteration`
 * is got: `yield* queue.next()` or `yield* queue.each(fn)` in a greenlet, `for await` in plain code.
 */
import { type Coroutine, InvalidArgumentError, InvalidStateError, describeValue } from '@async/loop';
import { type Hub, currentHub } from './hub.js';
import { Op } from './operation.js';
import { WaitList, remaining } from './wait-list.js';
import { checkSeconds } from './greenlet.js';
import { type BlockingFunction, callBlocking, checkFunction } from './greenlet-body.js';
import { StopIteration } from './stop-iteration.js';

/** Raised by `get` when the queue is empty and it may not wait (any more). */
export class Empty extends Error {
  override name = 'Empty';
}

/** Raised by `put` when the queue is full and it may not wait (any more). */
export class Full extends Error {
  override name = 'Full';
}

/** Options of a queue's `get`, `put` and `peek`. */
export interface QueueOptions {
  /** Wait when the queue cannot proceed (default `true`). */
  block?: boolean;
  /** Seconds to wait at most. */
  timeout?: number | null;
}

/** A FIFO queue for greenlets. `maxsize` of `null` or `<= 0` means unbounded, as in gevent. */
export class Queue<T = unknown> {
  /** The hub the queue belongs to. */
  readonly hub: Hub;
  /** The bound, or `null` for none. */
  readonly maxsize: number | null;
  /** @internal */
  protected readonly _items: T[] = [];
  /** @internal */
  protected readonly _getters: WaitList;
  /** @internal */
  protected readonly _putters: WaitList;

  /** @throws InvalidArgumentError if `maxsize` is not a number or null. */
  constructor(maxsize: number | null = null) {
    if (maxsize !== null && typeof maxsize !== 'number') {
      throw new InvalidArgumentError(`a queue's maxsize must be a number or null, got ${describeValue(maxsize)}`);
    }
    this.hub = currentHub();
    this.maxsize = maxsize === null || maxsize <= 0 ? null : maxsize;
    this._getters = new WaitList(this.hub);
    this._putters = new WaitList(this.hub);
  }

  /** Number of items in the queue. */
  qsize(): number {
    return this._items.length;
  }

  /** True if there is no item. */
  empty(): boolean {
    return this.qsize() === 0;
  }

  /** True if a `put` would block. */
  full(): boolean {
    return this.maxsize !== null && this.qsize() >= this.maxsize;
  }

  /**
   * Adds `item`, waiting while the queue is full.
   * @throws Full if full and `block` is false, or still full after `timeout` seconds.
   */
  put(item: T, options: QueueOptions = {}): Op<void> {
    const { block, deadline } = this._options(options, 'put');
    if (!this.full()) {
      this._putItem(item);
      return Op.settled(this.hub, false, undefined);
    }
    if (!block) return Op.settled(this.hub, true, new Full());
    const self = this;
    return Op.composite(this.hub, function* () {
      while (self.full()) {
        if (!(yield* self._putters.wait(remaining(self.hub, deadline)))) {
          if (self.full()) throw new Full();
        }
      }
      self._putItem(item);
    });
  }

  /** `put(item, { block: false })` done at once. @throws Full if the queue is full. */
  putNowait(item: T): void {
    if (this.full()) throw new Full();
    this._putItem(item);
  }

  /**
   * Removes and evaluates to the next item, waiting while the queue is empty.
   * @throws Empty if empty and `block` is false, or still empty after `timeout` seconds.
   */
  get(options: QueueOptions = {}): Op<T> {
    return this._take(options, 'get', true);
  }

  /** `get({ block: false })` done at once. @throws Empty if the queue is empty. */
  getNowait(): T {
    if (this.qsize() === 0) throw new Empty();
    return this._getItem();
  }

  /** Like `get`, but leaves the item in the queue. */
  peek(options: QueueOptions = {}): Op<T> {
    return this._take(options, 'peek', false);
  }

  /** `peek({ block: false })` done at once. @throws Empty if the queue is empty. */
  peekNowait(): T {
    if (this.qsize() === 0) throw new Empty();
    return this._peek();
  }

  /**
   * gevent's `next(queue)`: blocks for the next item, `{ done: true }` once the item got is
   * `StopIteration` (which is consumed, as in gevent). In a greenlet:
   * `for (let r = yield* q.next(); !r.done; r = yield* q.next()) use(r.value);`
   */
  next(): Op<IteratorResult<Exclude<T, StopIteration>, undefined>> {
    const get = this.get();
    return Op.composite(this.hub, function* () {
      const item = yield* get;
      if (item === StopIteration) return { done: true, value: undefined };
      return { done: false, value: item as Exclude<T, StopIteration> };
    });
  }

  /**
   * gevent's `for item in queue:` for greenlets: calls `fn(item)` for each item got, blocking on
   * what it returns (a coroutine, an `Op`, a promise), until `StopIteration` is got.
   * @throws InvalidArgumentError if `fn` is not a function.
   */
  each(fn: BlockingFunction<[Exclude<T, StopIteration>]>): Op<void> {
    checkFunction(fn, 'Queue.each(fn)');
    const self = this;
    return Op.composite(this.hub, function* () {
      for (let r = yield* self.next(); !r.done; r = yield* self.next()) yield* callBlocking(fn, undefined, [r.value]);
    });
  }

  /** `for await (const item of queue)` in plain code, until `StopIteration` is got. */
  [Symbol.asyncIterator](): AsyncIterator<Exclude<T, StopIteration>, undefined> {
    return { next: async () => await this.next() };
  }

  /** @internal Stores an item; subclasses choose where. */
  protected _put(item: T): void {
    this._items.push(item);
  }

  /** @internal Removes the next item. */
  protected _get(): T {
    return this._items.shift()!;
  }

  /** @internal The next item, left in place. */
  protected _peek(): T {
    return this._items[0]!;
  }

  private _putItem(item: T): void {
    this._put(item);
    this._getters.notifyOne();
  }

  private _getItem(): T {
    const item = this._get();
    this._putters.notifyOne();
    return item;
  }

  private _take(options: QueueOptions, what: string, remove: boolean): Op<T> {
    const { block, deadline } = this._options(options, what);
    if (this.qsize() !== 0) return Op.settled(this.hub, false, remove ? this._getItem() : this._peek());
    if (!block) return Op.settled(this.hub, true, new Empty());
    const self = this;
    return Op.composite(this.hub, function* (): Coroutine<T> {
      while (self.qsize() === 0) {
        if (!(yield* self._getters.wait(remaining(self.hub, deadline)))) {
          if (self.qsize() === 0) throw new Empty();
        }
      }
      if (remove) return self._getItem();
      // A peek leaves the item, so the next getter may take it.
      self._getters.notifyOne();
      return self._peek();
    });
  }

  private _options(options: QueueOptions, what: string): { block: boolean; deadline: number | null } {
    const { block = true, timeout = null } = options;
    if (timeout !== null) checkSeconds(timeout, `${what}({ timeout })`);
    return { block, deadline: timeout === null ? null : this.hub.loop.time() + timeout };
  }
}

/** A queue that gives the most recently added item first. */
export class LifoQueue<T = unknown> extends Queue<T> {
  protected override _get(): T {
    return this._items.pop()!;
  }

  protected override _peek(): T {
    return this._items[this._items.length - 1]!;
  }
}

/**
 * A queue that gives the smallest item first: by `compare` (negative when `a` comes first),
 * or by default numbers and strings by `<` and arrays (Python's tuples) element by element.
 */
export class PriorityQueue<T = unknown> extends Queue<T> {
  private readonly _compare: (a: T, b: T) => number;

  constructor(maxsize: number | null = null, compare: (a: T, b: T) => number = defaultCompare) {
    super(maxsize);
    if (typeof compare !== 'function') {
      throw new InvalidArgumentError(`a PriorityQueue's compare must be a function, got ${describeValue(compare)}`);
    }
    this._compare = compare;
  }

  protected override _put(item: T): void {
    const heap = this._items;
    heap.push(item);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this._compare(heap[i]!, heap[parent]!) >= 0) break;
      [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
      i = parent;
    }
  }

  protected override _get(): T {
    const heap = this._items;
    const top = heap[0]!;
    const last = heap.pop()!;
    if (heap.length !== 0) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < heap.length && this._compare(heap[l]!, heap[m]!) < 0) m = l;
        if (r < heap.length && this._compare(heap[r]!, heap[m]!) < 0) m = r;
        if (m === i) break;
        [heap[i], heap[m]] = [heap[m]!, heap[i]!];
        i = m;
      }
    }
    return top;
  }
}

function defaultCompare(a: unknown, b: unknown): number {
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      const c = defaultCompare(a[i], b[i]);
      if (c !== 0) return c;
    }
    return a.length - b.length;
  }
  return (a as number) < (b as number) ? -1 : (b as number) < (a as number) ? 1 : 0;
}

/** A queue that counts unfinished tasks: each `get` is matched by a `taskDone`, and `join` waits for all. */
export class JoinableQueue<T = unknown> extends Queue<T> {
  private _unfinished = 0;
  private readonly _joiners: WaitList;

  constructor(maxsize: number | null = null) {
    super(maxsize);
    this._joiners = new WaitList(this.hub);
  }

  /** Items put and not yet marked done. */
  get unfinishedTasks(): number {
    return this._unfinished;
  }

  protected override _put(item: T): void {
    super._put(item);
    this._unfinished++;
  }

  /**
   * Marks one item taken with `get` as processed.
   * @throws InvalidStateError if called more times than items were put.
   */
  taskDone(): void {
    if (this._unfinished <= 0) {
      throw new InvalidStateError('taskDone() called more times than there were items put in the queue');
    }
    if (--this._unfinished === 0) this._joiners.notifyAll();
  }

  /** Blocks until every item put has been marked done; `false` if `timeout` passed first. */
  join(timeout: number | null = null): Op<boolean> {
    if (timeout !== null) checkSeconds(timeout, 'join(timeout)');
    if (this._unfinished === 0) return Op.settled(this.hub, false, true);
    const self = this;
    const deadline = timeout === null ? null : this.hub.loop.time() + timeout;
    return Op.composite(this.hub, function* () {
      while (self._unfinished !== 0) {
        if (!(yield* self._joiners.wait(remaining(self.hub, deadline)))) return self._unfinished === 0;
      }
      return true;
    });
  }
}

/**
 * A queue that is never bounded (gevent's `UnboundQueue`): `put` never blocks.
 */
export class UnboundQueue<T = unknown> extends Queue<T> {
  /** @throws InvalidArgumentError if a `maxsize` is given: this queue has none. */
  constructor(maxsize: null = null) {
    if (maxsize !== null) {
      throw new InvalidArgumentError(`UnboundQueue takes no maxsize, got ${describeValue(maxsize)}: use Queue(maxsize) for a bounded queue`);
    }
    super(null);
  }
}

/**
 * A queue with no room: `put` waits until a getter takes the item, and `get` waits for a putter.
 * `putNowait` succeeds only when a getter is waiting. `qsize()` counts the items on offer.
 */
export class Channel<T = unknown> extends Queue<T> {
  private readonly _offers: { item: T; taken: boolean }[] = [];

  constructor() {
    super(null);
  }

  override qsize(): number {
    return this._offers.length;
  }

  override full(): boolean {
    return true;
  }

  override put(item: T, options: QueueOptions = {}): Op<void> {
    const { block = true, timeout = null } = options;
    if (timeout !== null) checkSeconds(timeout, 'put({ timeout })');
    if (!block) {
      try {
        this.putNowait(item);
        return Op.settled(this.hub, false, undefined);
      } catch (error) {
        return Op.settled(this.hub, true, error);
      }
    }
    const self = this;
    const deadline = timeout === null ? null : this.hub.loop.time() + timeout;
    return Op.composite(this.hub, function* () {
      const offer = { item, taken: false };
      self._offers.push(offer);
      self._getters.notifyOne();
      try {
        while (!offer.taken) {
          if (!(yield* self._putters.wait(remaining(self.hub, deadline))) && !offer.taken) throw new Full();
        }
      } finally {
        const i = self._offers.indexOf(offer);
        if (i >= 0) self._offers.splice(i, 1);
      }
    });
  }

  override putNowait(item: T): void {
    if (this._getters.length === 0) throw new Full();
    this._offers.push({ item, taken: false });
    this._getters.notifyOne();
  }

  protected override _get(): T {
    const offer = this._offers.shift()!;
    offer.taken = true;
    this._putters.notifyAll();
    return offer.item;
  }

  protected override _peek(): T {
    return this._offers[0]!.item;
  }
}

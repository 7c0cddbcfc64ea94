/**
 * gevent's `Group` (a set of greenlets to join, kill and map over) and `Pool` (a group that runs
 * at most `size` greenlets at a time). A greenlet leaves its group when it finishes.
 */
import { type Coroutine, InvalidArgumentError, describeValue } from '@async/loop';
import { GreenletExit } from '@async/greenlet';
import { type Hub, currentHub } from './hub.js';
import { Op } from './operation.js';
import { Greenlet, type KillException, checkSeconds } from './greenlet.js';
import type { BlockingFunction, BlockingResult } from './greenlet-body.js';
import { WaitList, remaining } from './wait-list.js';
import { Iwait, type KillallOptions, killall } from './wait.js';

/** Options of `Group.join`. */
export interface GroupJoinOptions {
  /** Seconds to wait at most. */
  timeout?: number | null;
  /** Raise the error of the first greenlet of the group that fails. */
  raiseError?: boolean;
}

/**
 * Results given one at a time: `yield* it.next()` in a greenlet evaluates to an
 * `IteratorResult`; plain code uses `for await`.
 */
export class ResultIterator<T> implements AsyncIterable<T> {
  constructor(
    private readonly _hub: Hub,
    private readonly _next: () => Coroutine<IteratorResult<T, undefined>>,
  ) {}

  /** The next result, or `{ done: true }`; raises the error of a call that failed. */
  next(): Op<IteratorResult<T, undefined>> {
    return Op.composite(this._hub, this._next);
  }

  /** Every remaining result, in the iterator's order. */
  toArray(): Op<T[]> {
    const next = this._next;
    return Op.composite(this._hub, function* () {
      const all: T[] = [];
      for (let r = yield* next(); !r.done; r = yield* next()) all.push(r.value);
      return all;
    });
  }

  /** `for await` from plain code. Not an async generator, which would unwrap thenable results. */
  [Symbol.asyncIterator](): AsyncIterator<T, undefined> {
    return { next: async () => (await this.next()._boxed())[0] };
  }
}

/** A set of greenlets managed together. */
export class Group {
  /** The hub the group belongs to. */
  readonly hub: Hub;
  /** @internal */
  protected readonly _greenlets = new Set<Greenlet<unknown>>();
  /** @internal Wakes `join` and `waitAvailable` when a greenlet leaves. */
  protected readonly _changed: WaitList;
  private readonly _discard = (g: Greenlet<unknown>): void => this.discard(g);

  constructor(greenlets: Iterable<Greenlet<unknown>> = []) {
    this.hub = currentHub();
    this._changed = new WaitList(this.hub);
    for (const g of greenlets) this.add(g);
  }

  /** Number of greenlets in the group. */
  get size(): number {
    return this._greenlets.size;
  }

  /** The greenlets of the group. */
  greenlets(): Greenlet<unknown>[] {
    return [...this._greenlets];
  }

  /** True if `g` is in the group. */
  has(g: Greenlet<unknown>): boolean {
    return this._greenlets.has(g);
  }

  /**
   * Adds a greenlet; it leaves the group when it finishes.
   * @throws InvalidArgumentError if `g` is not a gevent `Greenlet`.
   */
  add(g: Greenlet<unknown>): void {
    if (!(g instanceof Greenlet)) {
      throw new InvalidArgumentError(`a Group holds gevent Greenlets, got ${describeValue(g)}`);
    }
    if (this._greenlets.has(g)) return;
    this._greenlets.add(g);
    g.rawlink(this._discard);
  }

  /** Removes a greenlet from the group (it keeps running). */
  discard(g: Greenlet<unknown>): void {
    if (!this._greenlets.delete(g)) return;
    g.unlink(this._discard);
    this._changed.notifyAll();
  }

  /** Makes a greenlet of `fn(...args)` in the group and starts it. */
  spawn<A extends unknown[], R>(fn: BlockingFunction<A, R>, ...args: A): Greenlet<BlockingResult<R>> {
    const g = new Greenlet<BlockingResult<R>>(fn as (...a: never[]) => unknown, ...args);
    this.add(g as Greenlet<unknown>);
    this._start(g as Greenlet<unknown>);
    return g;
  }

  /** Starts `g` and adds it. */
  start(g: Greenlet<unknown>): void {
    this.add(g);
    this._start(g);
  }

  /**
   * Blocks until the group is empty (or `timeout` seconds); evaluates to `true` if it is. With
   * `raiseError`, the first failure of a member is raised.
   */
  join(options: GroupJoinOptions = {}): Op<boolean> {
    const { timeout = null, raiseError = false } = options;
    if (timeout !== null) checkSeconds(timeout, 'join({ timeout })');
    const self = this;
    const deadline = timeout === null ? null : this.hub.loop.time() + timeout;
    const failed = (): Greenlet<unknown> | undefined => {
      if (!raiseError) return undefined;
      for (const g of self._greenlets) if (g.ready() && !g.successful()) return g;
      return undefined;
    };
    return Op.composite(this.hub, function* () {
      const watch = raiseError ? [...self._greenlets] : [];
      for (;;) {
        const bad = watch.find((g) => g.ready() && !g.successful()) ?? failed();
        if (bad !== undefined) throw bad.exception;
        if (self._greenlets.size === 0) return true;
        if (!(yield* self._changed.wait(remaining(self.hub, deadline)))) {
          if (self._greenlets.size === 0) return true;
          if (deadline !== null && self.hub.loop.time() >= deadline) return false;
        }
      }
    });
  }

  /** Kills every greenlet of the group (see `killall`). */
  kill(exception: KillException = GreenletExit, options: KillallOptions = {}): Op<void> {
    return killall(this.greenlets(), exception, options);
  }

  /** Kills one greenlet of the group and (unless `block` is false) waits for it. */
  killone(g: Greenlet<unknown>, exception: KillException = GreenletExit, options: KillallOptions = {}): Op<void> {
    return g.kill(exception, options);
  }

  /** Runs `fn(...args)` in a greenlet of the group and evaluates to its result. */
  apply<A extends unknown[], R>(fn: BlockingFunction<A, R>, args: A = [] as unknown as A): Op<BlockingResult<R>> {
    return this.spawn(fn, ...args).get();
  }

  /** Runs `fn(...args)` in a greenlet of the group and returns the greenlet. */
  applyAsync<A extends unknown[], R>(fn: BlockingFunction<A, R>, args: A = [] as unknown as A): Greenlet<BlockingResult<R>> {
    return this.spawn(fn, ...args);
  }

  /** `fn(item)` for every item, concurrently; evaluates to the results in order. The first failure is raised. */
  map<I, R>(fn: (item: I) => R, items: Iterable<I>): Op<BlockingResult<R>[]> {
    return this.imap(fn, items).toArray();
  }

  /** The results of `fn(item)` in the order of `items`, as they become available. */
  imap<I, R>(fn: (item: I) => R, items: Iterable<I>): ResultIterator<BlockingResult<R>> {
    const greenlets = [...items].map((item) => this.spawn(fn, item));
    let i = 0;
    return new ResultIterator(this.hub, function* () {
      const g = greenlets[i++];
      if (g === undefined) return { done: true, value: undefined };
      return { done: false, value: yield* g.get() };
    });
  }

  /** The results of `fn(item)` in the order they finish. */
  imapUnordered<I, R>(fn: (item: I) => R, items: Iterable<I>): ResultIterator<BlockingResult<R>> {
    const greenlets = [...items].map((item) => this.spawn(fn, item));
    const it = new Iwait(this.hub, greenlets, null, null);
    return new ResultIterator(this.hub, function* () {
      const g = yield* it.next();
      if (g === undefined) return { done: true, value: undefined };
      return { done: false, value: yield* g.get() };
    });
  }

  /** How many more greenlets could run at once (unbounded for a `Group`). */
  freeCount(): number {
    return Infinity;
  }

  /** True if no more greenlets could run at once. */
  full(): boolean {
    return this.freeCount() <= 0;
  }

  /** Blocks until `freeCount()` is above zero (or `timeout`); evaluates to `freeCount()`. */
  waitAvailable(timeout: number | null = null): Op<number> {
    if (timeout !== null) checkSeconds(timeout, 'waitAvailable(timeout)');
    if (!this.full()) return Op.settled(this.hub, false, this.freeCount());
    const self = this;
    const deadline = timeout === null ? null : this.hub.loop.time() + timeout;
    return Op.composite(this.hub, function* () {
      while (self.full()) {
        if (!(yield* self._changed.wait(remaining(self.hub, deadline)))) break;
      }
      return self.freeCount();
    });
  }

  /** @internal Starts a member greenlet; a `Pool` may hold it back. */
  protected _start(g: Greenlet<unknown>): void {
    g.start();
  }
}

/**
 * A group that runs at most `size` greenlets at a time. A greenlet spawned while the pool is
 * full is returned at once and starts when a slot frees, in spawn order; block on
 * `waitAvailable()` first to get gevent's back-pressure.
 */
export class Pool extends Group {
  /** The most greenlets that run at once. */
  readonly poolSize: number;
  private readonly _queued: Greenlet<unknown>[] = [];
  private readonly _running = new Set<Greenlet<unknown>>();

  /** @throws InvalidArgumentError if `size` is not a positive integer. */
  constructor(size: number) {
    if (!Number.isInteger(size) || size < 1) {
      throw new InvalidArgumentError(
        `a Pool's size must be a positive integer, got ${describeValue(size)}; use a Group for no limit`,
      );
    }
    super();
    this.poolSize = size;
  }

  override freeCount(): number {
    return Math.max(0, this.poolSize - this.size);
  }

  override discard(g: Greenlet<unknown>): void {
    if (!this.has(g)) return;
    const q = this._queued.indexOf(g);
    if (q >= 0) this._queued.splice(q, 1);
    this._running.delete(g);
    super.discard(g);
    while (this._running.size < this.poolSize && this._queued.length !== 0) {
      const next = this._queued.shift()!;
      this._running.add(next);
      next.start();
    }
  }

  protected override _start(g: Greenlet<unknown>): void {
    if (this._running.size < this.poolSize) {
      this._running.add(g);
      g.start();
    } else {
      this._queued.push(g);
    }
  }
}

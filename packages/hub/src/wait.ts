/**
 * Waiting on many objects at once: `iwait` gives them in the order they become ready, `wait`
 * collects them, `joinall` waits for greenlets (optionally raising the first error), `killall`
 * kills several and `kill` one without waiting.
 */
import { type Coroutine, type Handle, InvalidArgumentError, describeValue } from '@async/loop';
import { GreenletExit } from '@async/greenlet';
import { type Hub, currentHub } from './hub.js';
import { Op, ParkingOp } from './operation.js';
import { type Linkable, isLinkable } from './linkable.js';
import { Greenlet as RawGreenlet } from '@async/greenlet';
import { Greenlet, type KillException, checkSeconds } from './greenlet.js';

/** Options of `iwait` and `wait`. */
export interface WaitOptions {
  /** Seconds to wait at most, in all. */
  timeout?: number | null;
  /** Stop after this many objects are ready. */
  count?: number | null;
}

/**
 * The objects given to `iwait`, in the order they become ready. In a greenlet:
 * `for (let o = yield* it.next(); o !== undefined; o = yield* it.next())`; in plain code,
 * `for await (const o of it)`.
 */
export class Iwait<T extends Linkable> implements AsyncIterable<T> {
  private readonly _ready: T[] = [];
  private readonly _pending: Set<T>;
  private _given = 0;
  private _deadline: number | null;
  /** @internal The `next()` a greenlet is parked on, woken when an object becomes ready. */
  _waiter: IwaitNext<T> | null = null;
  private readonly _link = (source: T): void => {
    if (!this._pending.delete(source)) return;
    source.unlink(this._link as never); // an Event or AsyncResult keeps its links otherwise
    this._ready.push(source);
    this._waiter?._wake();
  };

  constructor(
    private readonly _hub: Hub,
    objects: Iterable<T>,
    private readonly _count: number | null,
    timeout: number | null,
  ) {
    this._pending = new Set(objects);
    for (const o of this._pending) {
      if (!isLinkable(o)) {
        throw new InvalidArgumentError(
          `iwait()/wait() wait on greenlets, AsyncResults, Events or other linkable objects, got ${describeValue(o)}`,
        );
      }
    }
    this._deadline = timeout === null ? null : _hub.loop.time() + timeout;
    for (const o of [...this._pending]) o.rawlink(this._link as never);
  }

  /** The next ready object, or `undefined` when all were given, `count` is reached or time is up. */
  next(): Op<T | undefined> {
    return new IwaitNext<T>(this._hub, this);
  }

  /**
   * @internal What `next()` gives without waiting: the next ready object, or `undefined` (and the
   * iterator is closed) once `count` is reached or nothing is pending; `NOT_YET` if it must wait.
   */
  _poll(): T | undefined | typeof NOT_YET {
    if (this._count !== null && this._given >= this._count) {
      this.close();
      return undefined;
    }
    if (this._ready.length !== 0) {
      this._given++;
      return this._ready.shift();
    }
    if (this._pending.size === 0) {
      this.close();
      return undefined;
    }
    return NOT_YET;
  }

  /** @internal Seconds left before the timeout, or `null` without one. */
  _remaining(): number | null {
    return this._deadline === null ? null : Math.max(0, this._deadline - this._hub.loop.time());
  }

  /** Stops listening to the objects not yet ready. */
  close(): void {
    for (const o of this._pending) o.unlink(this._link as never);
    this._pending.clear();
  }

  /** `for await` from plain code. Not an async generator, which would unwrap thenable objects. */
  [Symbol.asyncIterator](): AsyncIterator<T, undefined> {
    return {
      next: async (): Promise<IteratorResult<T, undefined>> => {
        const [o] = await this.next()._boxed();
        return o === undefined ? { done: true, value: undefined } : { done: false, value: o };
      },
      return: async (): Promise<IteratorResult<T, undefined>> => {
        this.close();
        return { done: true, value: undefined };
      },
    };
  }
}

/** What `Iwait._poll` returns when `next()` has to wait. */
const NOT_YET: unique symbol = Symbol('not yet');

/**
 * `Iwait.next()`: its own wait record (a `ParkingOp`), woken straight from the link of the object
 * that became ready, so each object given costs no closures, no hub record and no `Switch`
 * (`joinall` takes one per greenlet).
 */
class IwaitNext<T extends Linkable> extends ParkingOp<T | undefined> {
  private _greenlet: RawGreenlet | null = null;
  private _timer: Handle | null = null;
  /** The outcome `_park` found without waiting, for `_outcome()`. */
  private _now: T | undefined = undefined;

  constructor(
    hub: Hub,
    private readonly _iwait: Iwait<T>,
  ) {
    super(hub);
  }

  /** @internal Takes the next object now if there is one (or the end), else waits for a link. */
  _park(greenlet: RawGreenlet): boolean {
    const now = this._iwait._poll();
    if (now !== NOT_YET) {
      this._now = now;
      return false;
    }
    this._greenlet = greenlet;
    this._iwait._waiter = this;
    const remaining = this._iwait._remaining();
    if (remaining !== null) this._timer = this.hub.loop.callLater(remaining, expireIwaitNext, this);
    return true;
  }

  override _outcome(): T | undefined {
    const now = this._now;
    this._now = undefined;
    return now;
  }

  /** @internal The waiting greenlet was killed or timed out: it stops waiting. */
  _abandon(): void {
    this._timer?.cancel();
    this._timer = null;
    if (this._iwait._waiter === this) this._iwait._waiter = null;
    this._greenlet = null;
  }

  /** @internal An object became ready: the waiting greenlet gets it. */
  _wake(): void {
    if (this._greenlet === null) return;
    if (this.hub.trampoline.running) {
      // Links run from loop callbacks; should one run inside a greenlet, switch in from a callback.
      this.hub.loop.callSoon(wakeIwaitNext, this);
      return;
    }
    const now = this._iwait._poll();
    if (now !== NOT_YET) this._deliver(now);
  }

  /** @internal The timeout: the iterator ends. */
  _expire(): void {
    this._timer = null;
    if (this._greenlet === null) return;
    if (this.hub.trampoline.running) {
      this._timer = this.hub.loop.callSoon(expireIwaitNext, this);
      return;
    }
    this._iwait.close();
    this._deliver(undefined);
  }

  private _deliver(value: T | undefined): void {
    const greenlet = this._greenlet!;
    this._abandon();
    this.hub._unpark(greenlet, false, value);
  }
}

function wakeIwaitNext(op: { _wake(): void }): void {
  op._wake();
}

function expireIwaitNext(op: { _expire(): void }): void {
  op._expire();
}

/** Yields `objects` as they become ready: gevent's `iwait`. */
export function iwait<T extends Linkable>(objects: Iterable<T>, options: WaitOptions = {}): Iwait<T> {
  const { timeout = null, count = null } = checkWaitOptions(options, 'iwait');
  return new Iwait(currentHub(), objects, count, timeout);
}

/**
 * Waits until all `objects` are ready (or `count` of them, or `timeout` seconds) and evaluates
 * to those that are: gevent's `wait`.
 */
export function wait<T extends Linkable>(objects: Iterable<T>, options: WaitOptions = {}): Op<T[]> {
  const it = iwait(objects, options);
  return Op.composite(currentHub(), function* () {
    const done: T[] = [];
    try {
      for (let o = yield* it.next(); o !== undefined; o = yield* it.next()) done.push(o);
    } finally {
      it.close();
    }
    return done;
  });
}

/** Options of `joinall`. */
export interface JoinallOptions extends WaitOptions {
  /** Raise the error of the first greenlet that fails, as soon as it does. */
  raiseError?: boolean;
}

/**
 * Waits for the greenlets to finish (or `count` of them, or `timeout` seconds) and evaluates to
 * those that did. With `raiseError`, the first failure is raised at once.
 */
export function joinall<T extends Greenlet<unknown>>(greenlets: Iterable<T>, options: JoinallOptions = {}): Op<T[]> {
  const { raiseError = false } = options;
  const list = [...greenlets];
  const it = iwait(list, options);
  return Op.composite(currentHub(), function* (): Coroutine<T[]> {
    const done: T[] = [];
    try {
      for (let g = yield* it.next(); g !== undefined; g = yield* it.next()) {
        if (raiseError && !g.successful()) throw g.exception;
        done.push(g);
      }
    } finally {
      it.close();
    }
    return done;
  });
}

/** Options of `killall`. */
export interface KillallOptions {
  /** Wait until they are dead (default `true`). */
  block?: boolean;
  /** Seconds to wait at most. */
  timeout?: number | null;
}

/** Kills every greenlet with `exception` (default `GreenletExit`) and, unless `block` is false, waits. */
export function killall(
  greenlets: Iterable<Greenlet<unknown>>,
  exception: KillException = GreenletExit,
  options: KillallOptions = {},
): Op<void> {
  const { block = true, timeout = null } = options;
  const list = [...greenlets];
  for (const g of list) g.kill(exception, { block: false });
  if (!block) return Op.settled(currentHub(), false, undefined);
  const all = wait(list, { timeout });
  return Op.composite(currentHub(), function* () {
    yield* all;
  });
}

/**
 * gevent's `gevent.kill`: raises `exception` (default `GreenletExit`) in `greenlet` without
 * waiting. A `Greenlet` is killed with `kill(exception, { block: false })`; a raw greenlet (from
 * `spawnRaw`) has it thrown in where it blocks, from the hub. A dead greenlet is left alone.
 * @throws InvalidArgumentError if `greenlet` is not a greenlet.
 */
export function kill(greenlet: RawGreenlet, exception: KillException = GreenletExit): void {
  if (greenlet instanceof Greenlet) {
    greenlet.kill(exception, { block: false });
    return;
  }
  if (!(greenlet instanceof RawGreenlet)) {
    throw new InvalidArgumentError(`kill(greenlet) takes a greenlet, got ${describeValue(greenlet)}`);
  }
  if (greenlet.dead) return;
  const hub = currentHub();
  const error = typeof exception === 'function' ? new exception() : exception;
  hub.loop.callSoon(() => hub._interrupt(greenlet, error));
}

function checkWaitOptions(options: WaitOptions, what: string): WaitOptions {
  if (options.timeout !== undefined && options.timeout !== null) checkSeconds(options.timeout, `${what}({ timeout })`);
  const count = options.count;
  if (count !== undefined && count !== null && !(Number.isInteger(count) && count >= 0)) {
    throw new InvalidArgumentError(`${what}({ count }) must be a non-negative integer, got ${describeValue(count)}`);
  }
  return options;
}

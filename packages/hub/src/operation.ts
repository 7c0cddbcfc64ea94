/**
 * `Op`: what every blocking call of the hub returns (`sleep`, `join`, `get`, `Event.wait`, …).
 * It is iterable, so a greenlet blocks on it with `yield*`, and thenable, so plain code awaits it;
 * awaiting runs the hub's loop until the operation is done when the loop is not running yet, the
 * way blocking the main greenlet runs the hub in gevent. A primitive operation is an `arm`
 * function that registers a wake-up; a composite one is a generator body that blocks on others.
 */
import { AS_FUTURE, type Coroutine, type EventLoop, type Future } from '@async/loop';
import type { Greenlet as RawGreenlet } from '@async/greenlet';
import type { Hub } from './hub.js';

/** Delivers the outcome of a wait: a value, or (with `raise`) an error to raise at the blocking point. */
export type Wake = (raise: boolean, value: unknown) => void;

/**
 * Undoes what `arm` registered when the wait is abandoned (the greenlet was killed or timed out).
 * `notified` is true when the wake-up had already been given but not yet delivered, so a
 * primitive that handed out a notification can pass it on to another waiter.
 */
export type Cleanup = (notified: boolean) => void;

/** Registers a wake-up for a blocked greenlet (or a waiting future); may wake at once. */
export type Arm = (wake: Wake) => Cleanup | void;

const PRIMITIVE = 0;
const COMPOSITE = 1;
const SETTLED = 2;
const IMMEDIATE = 3;
const PARKING = 4;
/** Settled with an error, to raise. */
const FAILED = 5;

type Kind = typeof PRIMITIVE | typeof COMPOSITE | typeof SETTLED | typeof IMMEDIATE | typeof PARKING | typeof FAILED;

/**
 * The two results an operation's iterator gives, reused: `yield*` and the trampoline read one at
 * once and never keep it, so stepping an operation allocates nothing (the greenlet's `Switch`
 * does the same).
 */
const yielded: { value: unknown; done: false } = { value: undefined, done: false };
const returned: { value: unknown; done: true } = { value: undefined, done: true };

/** @internal Yields `value` from an operation's iterator (to the trampoline, hence the hub). */
export function yieldResult(value: unknown): IteratorYieldResult<unknown> {
  yielded.value = value;
  return yielded;
}

/** @internal Ends an operation's iterator with `value`: what `yield*` of it evaluates to. */
export function returnResult<T>(value: T): IteratorReturnResult<T> {
  returned.value = value;
  return returned as IteratorReturnResult<T>;
}

/**
 * A blocking operation of the hub: `yield* op` inside a greenlet, `await op` in plain code.
 * Each `yield*` or `then` performs the operation afresh, so keep one use per `Op`.
 */
export class Op<T> implements PromiseLike<T> {
  /**
   * Keeps the class's hidden class alive across full GCs (see `ANCHOR_HUB`). No hub: the hub
   * module imports this one, so none exists yet, and nothing ever reads it.
   */
  static readonly #mapAnchor: Op<never> = new Op<never>(null as unknown as Hub, SETTLED, undefined);
  /** @internal */
  readonly _kind: Kind;
  /**
   * What the kind needs, in one field (three fields for every operation, since a blocking call
   * makes one each time): the `arm` of a primitive, the body of a composite, the `now` of an
   * immediate one, the value or error of a settled one; nothing for a parking one.
   */
  private readonly _data: unknown;

  /**
   * @internal Operations are made by the hub's blocking calls. A `ParkingOp` subclass passes
   * only `hub` (the kind is then PARKING): `ParkingOp` has no constructor of its own, so V8
   * skips it and a subclass's `super()` calls this one directly.
   */
  protected constructor(
    /** The hub the operation blocks on. */
    readonly hub: Hub,
    kind: Kind = PARKING,
    data: unknown = undefined,
  ) {
    this._kind = kind;
    this._data = data;
  }

  /** @internal The wake-up registration of a primitive operation, else `null`. */
  get _arm(): Arm | null {
    return this._kind === PRIMITIVE ? (this._data as Arm) : null;
  }

  /** @internal An operation that waits for `arm`'s wake-up. */
  static primitive<T>(hub: Hub, arm: Arm): Op<T> {
    return new Op<T>(hub, PRIMITIVE, arm);
  }

  /** @internal An operation made of other blocking calls; from plain code it runs in a new greenlet. */
  static composite<T>(hub: Hub, body: () => Coroutine<T>): Op<T> {
    return new Op<T>(hub, COMPOSITE, body);
  }

  /**
   * @internal An operation that never blocks but is carried out when it is used (`now` runs at
   * each `yield*` or `then`), for a call whose result is ready: a cheaper `composite` with no
   * generator.
   */
  static immediate<T>(hub: Hub, now: () => T): Op<T> {
    return new Op<T>(hub, IMMEDIATE, now);
  }

  /** @internal An operation already done: it neither blocks nor yields. */
  static settled<T>(hub: Hub, raise: boolean, value: unknown): Op<T> {
    return new Op<T>(hub, raise ? FAILED : SETTLED, value);
  }

  /** `yield* op` blocks the calling greenlet until the operation is done and evaluates to its result. */
  [Symbol.iterator](): IterableIterator<unknown, T, unknown> {
    const kind = this._kind;
    // A composite's own body is the iterator: no generator layer of ours around it.
    if (kind === COMPOSITE) return (this._data as () => Coroutine<T>)();
    // Done with no value (a `sendall()` whose bytes were taken, a `join()` of a dead greenlet):
    // one shared iterator, which holds nothing, serves them all.
    if (kind === SETTLED && this._data === undefined) return DONE_ITERATOR as IterableIterator<unknown, T, unknown>;
    return HandOverIterator.forOp(this);
  }

  /**
   * @internal The outcome of an operation that does not have to wait: a settled or immediate
   * one, or a parking one that found its result ready (it throws a failure).
   */
  _outcome(): T {
    if (this._kind === IMMEDIATE) return (this._data as () => T)();
    if (this._kind === FAILED) throw this._data;
    return this._data as T;
  }

  /** Waits from plain code: runs the hub's loop until done if it is not running, else just waits. */
  then<R1 = T, R2 = never>(
    onfulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    return this._promise().then(onfulfilled, onrejected);
  }

  /**
   * A future on `loop` that settles with the operation's outcome: any driver (an asyncio Task, a
   * Deferred bridge) can wait on a hub operation, as `toFuture` finds this method by its key.
   */
  [AS_FUTURE](loop: EventLoop): Future<T> {
    return this._toFuture(loop);
  }

  /** @internal A future on `loop` that settles with the operation's outcome. */
  _toFuture(loop: EventLoop = this.hub.loop): Future<T> {
    const future = loop.createFuture<T>();
    if (this._kind === SETTLED) {
      future.setResult(this._data as T);
    } else if (this._kind === FAILED) {
      future.setException(this._data);
    } else if (this._kind === IMMEDIATE) {
      let value: T;
      try {
        value = (this._data as () => T)();
      } catch (error) {
        future.setException(error);
        return future;
      }
      future.setResult(value);
    } else if (this._kind === COMPOSITE) {
      const body = this._data as () => Coroutine<T>;
      this.hub._runInGreenlet(body, future);
    } else if (this._kind === PARKING) {
      this.hub._runInGreenlet(() => this as unknown as Coroutine<T>, future);
    } else {
      const cleanup = (this._data as Arm)((raise, value) => {
        if (future.done()) return;
        if (raise) future.setException(value);
        else future.setResult(value as T);
      });
      if (cleanup) {
        future.addDoneCallback((f) => {
          if (f.cancelled()) cleanup(false);
        });
      }
    }
    return future;
  }

  /**
   * @internal Like awaiting the operation, but the value comes in a box, so that a thenable
   * value (a greenlet, an `AsyncResult`) is not adopted by the promise.
   */
  async _boxed(): Promise<[T]> {
    const loop = this.hub.loop;
    const future = this._toFuture(loop);
    const box = loop.createFuture<[T]>();
    future.addDoneCallback((f) => {
      if (f.cancelled()) box.cancel();
      else if (f.exception() !== null && f.exception() !== undefined) box.setException(f.exception());
      else box.setResult([f.result()]);
    });
    if (loop.isRunning()) return await box;
    return await loop.runUntilComplete(box);
  }

  private async _promise(): Promise<T> {
    const loop = this.hub.loop;
    if (this._kind === SETTLED) return this._data as T;
    if (this._kind === FAILED) throw this._data;
    if (this._kind === IMMEDIATE) return (this._data as () => T)();
    const future = this._toFuture(loop);
    if (loop.isRunning() || future.done()) return await future;
    return await loop.runUntilComplete(future);
  }
}

/**
 * @internal An operation that is its own wait record: yielded to the hub, it is told which
 * greenlet waits (`_park`) and later wakes it through `hub._unpark` with the outcome, so a wait
 * allocates no closures, no record and no loop callback.
 */
export abstract class ParkingOp<T> extends Op<T> {
  /**
   * Registers `greenlet` as waiting on this operation (the hub then switches away from it), or
   * returns false if the operation can finish at once: the hub then takes `_outcome()`.
   */
  abstract _park(greenlet: RawGreenlet): boolean;

  /**
   * Undoes `_park`: the wait is abandoned (the greenlet was killed or timed out). The hub passes
   * the greenlet, for an operation that several greenlets wait on at once.
   */
  abstract _abandon(greenlet?: RawGreenlet): void;
}

/** Where a `HandOverIterator` stands. */
const HAND_OVER = 0;
const HAND_OVER_OP = 1;
const HANDED_OUT = 2;

/**
 * @internal An iterator that hands `waitable` to the driver at its first step and evaluates to
 * what the driver sends back: a small object, where a generator would cost a frame and a
 * resume. A greenlet waited on from a task uses it as it is. An operation's iterator (`forOp`)
 * adds the case of an operation that never blocks (settled, immediate), which finishes at the
 * first step. It is not the operation itself: an object with `next` and `throw` passes for a
 * coroutine (see `isCoroutine`), and a driver must be handed the operation, not something to run
 * as a task. One class for both, not a subclass: V8 does not inline a base class's constructor
 * into a subclass's, so each iterator cost a second constructor call.
 */
export class HandOverIterator<T> implements IterableIterator<unknown, T, unknown> {
  /** As `Op`'s: a task waiting on a greenlet, and every blocking call, makes one. */
  static readonly #mapAnchor: HandOverIterator<never> = new HandOverIterator<never>(undefined, false);

  /** `HAND_OVER`, `HAND_OVER_OP` (may finish without blocking), then `HANDED_OUT`: one field for both. */
  private _step: typeof HAND_OVER | typeof HAND_OVER_OP | typeof HANDED_OUT;

  /**
   * @param _waitable what goes to the driver
   * @param isOp `_waitable` is an `Op`, which may finish without blocking
   */
  constructor(
    private readonly _waitable: unknown,
    isOp: boolean,
  ) {
    this._step = isOp ? HAND_OVER_OP : HAND_OVER;
  }

  /** The iterator of `op` (see `Op[Symbol.iterator]`). */
  static forOp<T>(op: Op<T>): HandOverIterator<T> {
    return new HandOverIterator<T>(op, true);
  }

  /** Iterators are iterable, so `yield* op[Symbol.iterator]()` works too. */
  [Symbol.iterator](): this {
    return this;
  }

  next(value?: unknown): IteratorResult<unknown, T> {
    const step = this._step;
    if (step === HANDED_OUT) return returnResult(value as T);
    this._step = HANDED_OUT;
    if (step === HAND_OVER_OP) {
      const op = this._waitable as Op<T>;
      const kind = op._kind;
      if (kind === SETTLED || kind === IMMEDIATE || kind === FAILED) return returnResult(op._outcome());
    }
    return yieldResult(this._waitable);
  }

  /** An error raised at the wait goes on up through `yield*`. */
  throw(error?: unknown): IteratorResult<unknown, T> {
    this._step = HANDED_OUT;
    throw error;
  }

  /** The waiting coroutine is being closed at the wait. */
  return(value?: unknown): IteratorResult<unknown, T> {
    this._step = HANDED_OUT;
    return { value: value as T, done: true };
  }
}

/**
 * The iterator of every operation settled with `undefined`: it finishes at each first step, so
 * it has no state and one object serves every `yield*` at once.
 */
const DONE_ITERATOR: IterableIterator<unknown, undefined, unknown> = {
  [Symbol.iterator]() {
    return this;
  },
  next: () => returnResult(undefined),
  throw(error?: unknown): never {
    throw error;
  },
  return: (value?: unknown) => ({ value: value as undefined, done: true }),
};

/** True for a hub operation. */
export function isOp(value: unknown): value is Op<unknown> {
  return value instanceof Op;
}

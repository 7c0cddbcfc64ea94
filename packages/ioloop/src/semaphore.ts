/**
 * `Semaphore` and `BoundedSemaphore`: Tornado's `tornado.locks` semaphores. `acquire()` gives a
 * future of a `Releaser`, this port's `_ReleasingContextManager`: `using _ = yield* sem.acquire()`
 * releases at the end of the block, as `with (yield sem.acquire()):` does in Tornado; or call
 * `sem.release()` yourself. Waiters are served first come, first served.
 */
import { type Future, InvalidArgumentError, InvalidStateError, TimeoutError, describeValue } from '@async/loop';
import type { Deadline } from './deadline.js';
import { FutureWaiters, checkTimeout, doneFuture } from './future-waiters.js';

/** Something a `Releaser` releases: a semaphore or a lock. */
interface Releasable {
  release(): void;
}

/** What `acquire()` resolves to: releases what was acquired, once, explicitly or by `using`. */
export class Releaser implements Disposable {
  private _released = false;

  /** @internal Made by `acquire()`. */
  constructor(private readonly _owner: Releasable) {}

  /**
   * Releases the semaphore or lock.
   * @throws InvalidStateError if this releaser has released it already.
   */
  release(): void {
    if (this._released) {
      throw new InvalidStateError('this acquisition was released already: each acquire() is released once');
    }
    this._released = true;
    this._owner.release();
  }

  /** `using` support: releases unless `release()` was called already. */
  [Symbol.dispose](): void {
    if (!this._released) this.release();
  }
}

/** A counter that coroutines decrement with `acquire()`, waiting while it is zero. */
export class Semaphore {
  /** @internal The counter. */
  protected _value: number;
  private readonly _waiters = new FutureWaiters<Releaser>();

  /**
   * @param value the initial counter (default 1).
   * @throws InvalidArgumentError unless `value` is a non-negative integer (Tornado's ValueError).
   */
  constructor(value = 1) {
    if (!Number.isInteger(value) || value < 0) {
      throw new InvalidArgumentError(`${new.target.name} initial value must be an integer >= 0, got ${describeValue(value)}`);
    }
    this._value = value;
  }

  /** The counter: how many more `acquire()` calls would succeed at once. */
  get value(): number {
    return this._value;
  }

  /** Number of coroutines waiting in `acquire()`. */
  get waiters(): number {
    return this._waiters.length;
  }

  /**
   * Decrements the counter, waiting while it is zero. The future resolves to a `Releaser`, or
   * fails with `TimeoutError` at `timeout` (an absolute loop time or `{ seconds }` from now).
   * Cancelling it withdraws the wait and removes its timer.
   * @throws InvalidArgumentError for a bad deadline.
   */
  acquire(timeout?: Deadline | null): Future<Releaser> {
    if (this._value > 0) {
      checkTimeout(timeout, `${this.constructor.name}.acquire(timeout)`);
      this._value--;
      return doneFuture(new Releaser(this));
    }
    return this._waiters.add(timeout, `${this.constructor.name}.acquire(timeout)`, (waiter) =>
      waiter.setException(new TimeoutError(`${this.constructor.name}.acquire() timed out`)),
    );
  }

  /** Increments the counter and hands it to the longest waiter, if any. */
  release(): void {
    this._value++;
    const waiter = this._waiters.shift();
    if (waiter !== undefined) {
      this._value--;
      waiter.setResult(new Releaser(this));
    }
  }
}

/** A semaphore that refuses to be released above its initial value. */
export class BoundedSemaphore extends Semaphore {
  private readonly _initialValue: number;

  /** @throws InvalidArgumentError unless `value` is a non-negative integer. */
  constructor(value = 1) {
    super(value);
    this._initialValue = value;
  }

  /**
   * Increments the counter and wakes one waiter.
   * @throws InvalidStateError if that would take the counter above its initial value (Tornado's
   *   ValueError "Semaphore released too many times").
   */
  override release(): void {
    if (this._value >= this._initialValue) {
      throw new InvalidStateError('BoundedSemaphore released too many times: release once per acquire()');
    }
    super.release();
  }
}

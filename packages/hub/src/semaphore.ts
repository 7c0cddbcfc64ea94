/**
 * gevent's `Semaphore` and `BoundedSemaphore`: a counter that `acquire` decrements, blocking
 * at zero, and `release` increments. `scope(body)` is the twin of `with sem:`.
 */
import { type Coroutine, InvalidArgumentError, InvalidStateError, describeValue } from '@async/loop';
import { type Hub, currentHub } from './hub.js';
import { Op } from './operation.js';
import { WaitList, remaining } from './wait-list.js';
import { checkSeconds } from './greenlet.js';

/** Options of `acquire`. */
export interface AcquireOptions {
  /** Wait when it cannot be acquired at once (default `true`). */
  blocking?: boolean;
  /** Seconds to wait at most. */
  timeout?: number | null;
}

/** A counting semaphore for greenlets (default value 1). */
export class Semaphore {
  /** The hub the semaphore belongs to. */
  readonly hub: Hub;
  /** @internal */
  protected _counter: number;
  private readonly _waiters: WaitList;

  /** @throws InvalidArgumentError if `value` is not a non-negative integer. */
  constructor(value = 1) {
    if (!Number.isInteger(value) || value < 0) {
      throw new InvalidArgumentError(`a semaphore's initial value must be a non-negative integer, got ${describeValue(value)}`);
    }
    this.hub = currentHub();
    this._counter = value;
    this._waiters = new WaitList(this.hub);
  }

  /** The current value. */
  get counter(): number {
    return this._counter;
  }

  /** True if `acquire` would block. */
  locked(): boolean {
    return this._counter <= 0;
  }

  /**
   * Decrements the counter, waiting while it is zero; evaluates to `true`, or `false` if it
   * could not within `timeout` (or at once, with `blocking` false).
   */
  acquire(options: AcquireOptions = {}): Op<boolean> {
    const { blocking = true, timeout = null } = options;
    if (timeout !== null) checkSeconds(timeout, 'acquire({ timeout })');
    if (this._counter > 0) {
      this._counter--;
      return Op.settled(this.hub, false, true);
    }
    if (!blocking) return Op.settled(this.hub, false, false);
    const self = this;
    const deadline = timeout === null ? null : this.hub.loop.time() + timeout;
    return Op.composite(this.hub, function* () {
      while (self._counter <= 0) {
        if (!(yield* self._waiters.wait(remaining(self.hub, deadline))) && self._counter <= 0) return false;
      }
      self._counter--;
      return true;
    });
  }

  /** Increments the counter and wakes one waiter. */
  release(): void {
    this._counter++;
    this._waiters.notifyOne();
  }

  /** Blocks until the counter is above zero, without acquiring; evaluates to the counter. */
  wait(timeout: number | null = null): Op<number> {
    if (timeout !== null) checkSeconds(timeout, 'wait(timeout)');
    if (this._counter > 0) return Op.settled(this.hub, false, this._counter);
    const self = this;
    return Op.composite(this.hub, function* () {
      yield* self._waiters.wait(timeout);
      // Pass the wake-up on: waiting does not consume the count.
      if (self._counter > 0) self._waiters.notifyOne();
      return self._counter;
    });
  }

  /** Runs `body` holding the semaphore, as `with sem:`; releases it however the body ends. */
  scope<T>(body: () => Coroutine<T>): Op<T> {
    const self = this;
    return Op.composite(this.hub, function* () {
      yield* self.acquire();
      try {
        return yield* body();
      } finally {
        self.release();
      }
    });
  }
}

/** A semaphore that refuses to be released above its initial value. */
export class BoundedSemaphore extends Semaphore {
  private readonly _initial: number;

  constructor(value = 1) {
    super(value);
    this._initial = value;
  }

  /** @throws InvalidStateError if it would go above its initial value. */
  override release(): void {
    if (this._counter >= this._initial) {
      throw new InvalidStateError('BoundedSemaphore released too many times: release only what was acquired');
    }
    super.release();
  }
}

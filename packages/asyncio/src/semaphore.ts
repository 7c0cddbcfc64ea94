/**
 * `Semaphore` and `BoundedSemaphore`: Python's (3.12+) counting semaphores. Acquisition is first
 * in, first out: a newcomer waits behind queued tasks even when the counter is above zero, and a
 * task woken but cancelled before it runs gives its unit back and wakes the next one.
 */
import { type Coroutine, type Future, InvalidArgumentError, InvalidStateError, describeValue } from '@async/loop';
import { AcquireReleaseContext } from './acquire-release-context.js';
import { type AwaitableCoroutine, awaitable } from './awaitable-coroutine.js';
import { Deque } from './deque.js';

/** A counter of available units; `acquire()` takes one (waiting if none), `release()` returns one. */
export class Semaphore extends AcquireReleaseContext {
  /** @internal The units available. */
  protected _value: number;
  private readonly _waiters = new Deque<Future<boolean>>();

  /**
   * @param value the initial number of units (default 1).
   * @throws InvalidArgumentError if `value` is not an integer >= 0.
   */
  constructor(value = 1) {
    super();
    if (!Number.isInteger(value) || value < 0) {
      throw new InvalidArgumentError(`${new.target.name} initial value must be an integer >= 0, got ${describeValue(value)}`);
    }
    this._value = value;
  }

  /** True if `acquire()` would wait: no unit left, or tasks already queued. */
  locked(): boolean {
    if (this._value === 0) return true;
    for (const w of this._waiters) if (!w.cancelled()) return true;
    return false;
  }

  /** Takes a unit, waiting for one if needed (behind the tasks already waiting); evaluates to `true`. */
  acquire(): AwaitableCoroutine<true> {
    return awaitable(this._acquire());
  }

  private *_acquire(): Coroutine<true> {
    if (!this.locked()) {
      this._value--;
      return true;
    }
    const future = this._getLoop().createFuture<boolean>();
    this._waiters.push(future);
    try {
      try {
        yield* future;
      } finally {
        this._waiters.remove(future);
      }
    } catch (error) {
      // Woken (a unit was set aside for us) but cancelled before running: give the unit back.
      if (future.done() && !future.cancelled()) this._value++;
      throw error;
    } finally {
      // Newcomers may have queued behind us while units were free: wake as many as allowed.
      while (this._value > 0) {
        if (!this._wakeUpNext()) break;
      }
    }
    return true;
  }

  /** Returns a unit and wakes the first waiting task. */
  release(): void {
    this._value++;
    this._wakeUpNext();
  }

  private _wakeUpNext(): boolean {
    for (const future of this._waiters) {
      if (!future.done()) {
        this._value--;
        future.setResult(true);
        return true;
      }
    }
    return false;
  }

  override toString(): string {
    const state = this.locked() ? 'locked' : `unlocked, value:${this._value}`;
    const waiters = this._waiters.length > 0 ? `, waiters:${this._waiters.length}` : '';
    return `<${this.constructor.name} [${state}${waiters}]>`;
  }
}

/** A `Semaphore` that refuses to be released above its initial value. */
export class BoundedSemaphore extends Semaphore {
  private readonly _boundValue: number;

  /** @param value the initial and maximum number of units (default 1). */
  constructor(value = 1) {
    super(value);
    this._boundValue = value;
  }

  /**
   * Returns a unit.
   * @throws InvalidStateError if that would exceed the initial value (more releases than acquires).
   */
  override release(): void {
    if (this._value >= this._boundValue) {
      throw new InvalidStateError('BoundedSemaphore released too many times: each release() must match an acquire()');
    }
    super.release();
  }
}

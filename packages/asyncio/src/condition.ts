/**
 * `Condition`: Python's `asyncio.Condition`, a condition variable over a `Lock`. `wait()` releases
 * the lock, waits for a `notify()`, and takes the lock back before returning, even when it is
 * cancelled (the cancellation is raised once the lock is held again). A waiter that fails after
 * being notified passes the notification on, so no wake-up is lost (Python 3.13's behaviour).
 */
import {
  type Coroutine,
  type Future,
  CancelledError,
  InvalidArgumentError,
  InvalidStateError,
  describeValue,
} from '@async/loop';
import { AcquireReleaseContext } from './acquire-release-context.js';
import { type AwaitableCoroutine, awaitable } from './awaitable-coroutine.js';
import { Deque } from './deque.js';
import { Lock } from './lock.js';

/** A condition variable for tasks. */
export class Condition extends AcquireReleaseContext {
  private readonly _lock: Lock;
  private readonly _waiters = new Deque<Future<boolean>>();

  /**
   * @param lock the lock to use; a new `Lock` by default.
   * @throws InvalidArgumentError if `lock` is not a `Lock`.
   */
  constructor(lock?: Lock) {
    super();
    if (lock !== undefined && !(lock instanceof Lock)) {
      throw new InvalidArgumentError(`Condition(lock) needs a Lock, got ${describeValue(lock)}`);
    }
    this._lock = lock ?? new Lock();
  }

  /** True while the underlying lock is held. */
  locked(): boolean {
    return this._lock.locked();
  }

  /** Acquires the underlying lock. */
  acquire(): AwaitableCoroutine<true> {
    return this._lock.acquire();
  }

  /** Releases the underlying lock. @throws InvalidStateError if it is not held. */
  release(): void {
    this._lock.release();
  }

  /**
   * Releases the lock, waits until notified, re-acquires the lock, and evaluates to `true`.
   * @throws InvalidStateError if the lock is not held.
   */
  wait(): AwaitableCoroutine<true> {
    return awaitable(this._wait());
  }

  private *_wait(): Coroutine<true> {
    // Checked when the coroutine starts, as in Python: the lock may be taken after wait() is called.
    if (!this.locked()) throw notHeld('wait');
    try {
      this.release();
      try {
        const future = this._getLoop().createFuture<boolean>();
        this._waiters.push(future);
        try {
          yield* future;
          return true;
        } finally {
          this._waiters.remove(future);
        }
      } finally {
        // The lock must be held again when wait() ends, however it ends.
        let cancellation: CancelledError | null = null;
        for (;;) {
          try {
            yield* this.acquire();
            break;
          } catch (error) {
            if (!(error instanceof CancelledError)) throw error;
            cancellation = error;
          }
        }
        if (cancellation !== null) throw cancellation;
      }
    } catch (error) {
      // We may have been notified before failing: hand the notification to another waiter.
      this._notify(1);
      throw error;
    }
  }

  /**
   * Waits until `predicate()` is truthy, calling it first and after each wake-up, with the lock
   * held; evaluates to its last value.
   * @throws InvalidArgumentError if `predicate` is not a function.
   */
  waitFor<R>(predicate: () => R): AwaitableCoroutine<R> {
    if (typeof predicate !== 'function') {
      throw new InvalidArgumentError(`Condition.waitFor(predicate) needs a function, got ${describeValue(predicate)}`);
    }
    return awaitable(this._waitFor(predicate));
  }

  private *_waitFor<R>(predicate: () => R): Coroutine<R> {
    let result = predicate();
    while (!result) {
      yield* this._wait();
      result = predicate();
    }
    return result;
  }

  /**
   * Wakes up to `n` waiting tasks (default 1). They return from `wait()` once they get the lock,
   * so the caller should release it.
   * @throws InvalidStateError if the lock is not held; InvalidArgumentError if `n` is not a number.
   */
  notify(n = 1): void {
    if (typeof n !== 'number' || Number.isNaN(n)) {
      throw new InvalidArgumentError(`Condition.notify(n) needs a number, got ${describeValue(n)}`);
    }
    if (!this.locked()) throw notHeld('notify');
    this._notify(n);
  }

  /** Wakes every waiting task. @throws InvalidStateError if the lock is not held. */
  notifyAll(): void {
    this.notify(this._waiters.length);
  }

  private _notify(n: number): void {
    let woken = 0;
    for (const future of this._waiters) {
      if (woken >= n) break;
      if (!future.done()) {
        woken++;
        future.setResult(false);
      }
    }
  }

  override toString(): string {
    const waiters = this._waiters.length > 0 ? `, waiters:${this._waiters.length}` : '';
    return `<Condition [${this.locked() ? 'locked' : 'unlocked'}${waiters}]>`;
  }
}

function notHeld(what: string): InvalidStateError {
  return new InvalidStateError(`Condition.${what}() needs the lock: acquire it first (for instance inside cond.run())`);
}

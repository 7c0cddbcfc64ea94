/**
 * `Event`: Tornado's `tornado.locks.Event`, a flag coroutines wait on. Once set, `wait()`
 * returns done futures until `clear()`.
 */
import { type Future, TimeoutError } from '@async/loop';
import type { Deadline } from './deadline.js';
import { FutureWaiters, checkTimeout, doneFuture } from './future-waiters.js';

/** An event flag for coroutines. */
export class Event {
  private _value = false;
  private readonly _waiters = new FutureWaiters<void>();

  /** True once `set()` was called (and not `clear()` since). */
  isSet(): boolean {
    return this._value;
  }

  /** Sets the flag and wakes every waiter; later waits do not block. */
  set(): void {
    if (this._value) return;
    this._value = true;
    for (const waiter of this._waiters.drain()) waiter.setResult(undefined);
  }

  /** Clears the flag: later waits block until the next `set()`. */
  clear(): void {
    this._value = false;
  }

  /**
   * A future done once the flag is set (at once if it is set now). At `timeout` (an absolute
   * loop time or `{ seconds }` from now) it fails with the core `TimeoutError`, Tornado's
   * `tornado.util.TimeoutError`. Cancelling it withdraws the wait and removes its timer.
   * @throws InvalidArgumentError for a bad deadline.
   */
  wait(timeout?: Deadline | null): Future<void> {
    if (this._value) {
      checkTimeout(timeout, 'Event.wait(timeout)');
      return doneFuture(undefined);
    }
    return this._waiters.add(timeout, 'Event.wait(timeout)', (waiter) =>
      waiter.setException(new TimeoutError('Event.wait() timed out before the event was set')),
    );
  }
}

/**
 * `Lock`: Tornado's `tornado.locks.Lock`, a `BoundedSemaphore` of one. `acquire()` gives a
 * future of a `Releaser`, so `using _ = yield* lock.acquire()` holds it for a block.
 */
import { type Future, InvalidStateError } from '@async/loop';
import type { Deadline } from './deadline.js';
import { BoundedSemaphore, type Releaser } from './semaphore.js';

/** A mutual-exclusion lock for coroutines. */
export class Lock {
  private readonly _block = new BoundedSemaphore(1);

  /** True while some coroutine holds the lock. */
  locked(): boolean {
    return this._block.value === 0;
  }

  /**
   * Locks, waiting while another coroutine holds the lock; the future resolves to a `Releaser`,
   * or fails with `TimeoutError` at `timeout` (an absolute loop time or `{ seconds }` from now).
   * @throws InvalidArgumentError for a bad deadline.
   */
  acquire(timeout?: Deadline | null): Future<Releaser> {
    return this._block.acquire(timeout);
  }

  /**
   * Unlocks, handing the lock to the longest waiter.
   * @throws InvalidStateError if the lock is not held (Tornado's RuntimeError).
   */
  release(): void {
    try {
      this._block.release();
    } catch (error) {
      if (error instanceof InvalidStateError) throw new InvalidStateError('release unlocked lock: release() once per acquire()');
      throw error;
    }
  }
}

/**
 * `Condition`: Tornado's `tornado.locks.Condition`. Coroutines wait until another one notifies
 * them; no lock is involved. A notified waiter's future is resolved at once, so the coroutine
 * resumes on a later loop iteration, as in Tornado 5+.
 */
import { InvalidArgumentError, describeValue } from '@async/loop';
import type { Future } from '@async/loop';
import type { Deadline } from './deadline.js';
import { FutureWaiters } from './future-waiters.js';

/** A condition variable for coroutines. */
export class Condition {
  private readonly _waiters = new FutureWaiters<boolean>();

  /** Number of coroutines waiting. */
  get waiters(): number {
    return this._waiters.length;
  }

  /**
   * A future that resolves `true` once notified, or `false` at `timeout`: an absolute loop time
   * (`IOLoop.time() + 1`) or `{ seconds }` from now. Without a timeout it waits for ever.
   * Cancelling the future withdraws the wait and removes its timer.
   * @throws InvalidArgumentError for a bad deadline.
   */
  wait(timeout?: Deadline | null): Future<boolean> {
    return this._waiters.add(timeout, 'Condition.wait(timeout)', (waiter) => waiter.setResult(false));
  }

  /**
   * Wakes `n` waiters (default 1), longest waiting first.
   * @throws InvalidArgumentError unless `n` is a non-negative integer.
   */
  notify(n = 1): void {
    if (!Number.isInteger(n) || n < 0) {
      throw new InvalidArgumentError(`Condition.notify(n) takes a non-negative integer, got ${describeValue(n)}`);
    }
    // Take them all first, so a waiter's callbacks cannot change whom this call wakes.
    const woken: Future<boolean>[] = [];
    for (let waiter; woken.length < n && (waiter = this._waiters.shift()) !== undefined; ) woken.push(waiter);
    for (const waiter of woken) waiter.setResult(true);
  }

  /** Wakes every waiter. */
  notifyAll(): void {
    for (const waiter of this._waiters.drain()) waiter.setResult(true);
  }
}

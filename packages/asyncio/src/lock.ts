/**
 * `Lock`: Python's `asyncio.Lock`, a mutex for tasks. Waiters are served first in, first out; a
 * waiter that is woken but cancelled before it runs passes its turn to the next one, so the lock
 * is never left free with tasks waiting.
 */
import { type Coroutine, type Future, InvalidStateError } from '@async/loop';
import { AcquireReleaseContext } from './acquire-release-context.js';
import { type AwaitableCoroutine, awaitable } from './awaitable-coroutine.js';
import { Deque } from './deque.js';

/** A mutual-exclusion lock for tasks. Not reentrant. */
export class Lock extends AcquireReleaseContext {
  private _locked = false;
  private readonly _waiters = new Deque<Future<boolean>>();

  /** True while the lock is held. */
  locked(): boolean {
    return this._locked;
  }

  /**
   * Waits until the lock is free, takes it, and evaluates to `true`. Takes it without waiting
   * when it is free and nobody is queued (even with no loop running).
   */
  acquire(): AwaitableCoroutine<true> {
    return awaitable(this._acquire());
  }

  private *_acquire(): Coroutine<true> {
    if (!this._locked && allCancelled(this._waiters)) {
      this._locked = true;
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
      // Woken but cancelled: let the next waiter have the lock rather than leave it idle.
      if (!this._locked) this._wakeUpFirst();
      throw error;
    }
    this._locked = true;
    return true;
  }

  /**
   * Frees the lock and wakes the first waiter.
   * @throws InvalidStateError if the lock is not held.
   */
  release(): void {
    if (!this._locked) throw new InvalidStateError('Lock.release() on a lock that is not acquired');
    this._locked = false;
    this._wakeUpFirst();
  }

  private _wakeUpFirst(): void {
    const first = this._waiters.peek();
    if (first !== undefined && !first.done()) first.setResult(true);
  }

  override toString(): string {
    const waiters = this._waiters.length > 0 ? ` waiters:${this._waiters.length}` : '';
    return `<Lock [${this._locked ? 'locked' : 'unlocked'}]${waiters}>`;
  }
}

function allCancelled(waiters: Deque<Future<boolean>>): boolean {
  for (const w of waiters) if (!w.cancelled()) return false;
  return true;
}

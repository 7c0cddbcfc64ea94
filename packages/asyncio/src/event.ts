/**
 * `Event`: Python's `asyncio.Event`. Tasks wait until some task sets the flag; setting it wakes
 * them all, and they stay awake even if the flag is cleared before they run.
 */
import type { Coroutine, Future } from '@async/loop';
import { type AwaitableCoroutine, awaitable } from './awaitable-coroutine.js';
import { Deque } from './deque.js';
import { LoopBound } from './loop-bound.js';

/** A flag tasks can wait on. */
export class Event extends LoopBound {
  private _value = false;
  private readonly _waiters = new Deque<Future<boolean>>();

  /** True while the flag is set. */
  isSet(): boolean {
    return this._value;
  }

  /** Sets the flag and wakes every waiting task. */
  set(): void {
    if (this._value) return;
    this._value = true;
    for (const waiter of this._waiters) if (!waiter.done()) waiter.setResult(true);
  }

  /** Clears the flag; later `wait()` calls block until it is set again. */
  clear(): void {
    this._value = false;
  }

  /** Waits until the flag is set (at once if it is) and evaluates to `true`. */
  wait(): AwaitableCoroutine<true> {
    return awaitable(this._wait());
  }

  private *_wait(): Coroutine<true> {
    if (this._value) return true;
    const future = this._getLoop().createFuture<boolean>();
    this._waiters.push(future);
    try {
      yield* future;
      return true;
    } finally {
      this._waiters.remove(future);
    }
  }

  override toString(): string {
    const waiters = this._waiters.length > 0 ? ` waiters:${this._waiters.length}` : '';
    return `<Event [${this._value ? 'set' : 'unset'}]${waiters}>`;
  }
}

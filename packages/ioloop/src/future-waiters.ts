/**
 * `FutureWaiters`: the waiting coroutines of a Tornado lock or queue, each a pending future, in
 * arrival order. As Tornado's `Future()` does, a waiter belongs to the current loop: the IOLoop
 * inside its callbacks and coroutines, the loop under it elsewhere (so a task of another front
 * on that loop can wait on it too). A waiter with a deadline gets an IOLoop timeout that is
 * removed as soon as the waiter is done, however it ends (notified, timed out or cancelled by
 * its consumer), and a done waiter leaves the list, so neither timers nor futures pile up
 * (Tornado sweeps timed-out waiters every 100 timeouts instead).
 */
import { type Future, getEventLoop } from '@async/loop';
import { IOLoop } from './ioloop.js';
import { type Deadline, toDeadline } from './deadline.js';

/** @internal A FIFO of pending futures with optional deadlines. */
export class FutureWaiters<T> {
  private _futures: Future<T>[] = [];

  /** Number of waiters still pending. */
  get length(): number {
    let n = 0;
    for (const f of this._futures) if (!f.done()) n++;
    return n;
  }

  /**
   * Makes a waiter on the current loop. At `timeout` (a `Deadline`; `null`/`undefined` for
   * none), a callback of the current IOLoop calls `onTimeout(waiter)` if it is still pending.
   * @throws InvalidArgumentError for a bad deadline, before anything is registered.
   */
  add(timeout: Deadline | null | undefined, what: string, onTimeout: (waiter: Future<T>) => void): Future<T> {
    // Only a timeout needs the IOLoop; a plain wait makes none.
    const ioloop = timeout === undefined || timeout === null ? null : IOLoop.current();
    const when = ioloop === null ? 0 : toDeadline(timeout, ioloop, what);
    const waiter = getEventLoop().createFuture<T>();
    this._futures.push(waiter);
    const handle =
      ioloop === null
        ? null
        : ioloop.callAt(when, () => {
            if (!waiter.done()) onTimeout(waiter);
          });
    waiter.addDoneCallback(() => {
      handle?.cancel();
      const i = this._futures.indexOf(waiter);
      if (i >= 0) this._futures.splice(i, 1);
    });
    return waiter;
  }

  /**
   * Takes the longest-waiting pending waiter out of the list. A waiter that is done but whose
   * done callback has not run yet (cancelled a moment ago) is dropped, never returned.
   */
  shift(): Future<T> | undefined {
    for (;;) {
      const waiter = this._futures.shift();
      if (waiter === undefined || !waiter.done()) return waiter;
    }
  }

  /** Takes every pending waiter out of the list. */
  drain(): Future<T>[] {
    const pending = this._futures.filter((f) => !f.done());
    this._futures = [];
    return pending;
  }
}

/**
 * @internal Checks a `timeout` argument (`undefined`/`null`, or a `Deadline`) even where it will
 * not be needed, so a bad one shows up on the first call, not only once something has to wait.
 * @throws InvalidArgumentError for a bad deadline.
 */
export function checkTimeout(timeout: unknown, what: string): void {
  if (timeout !== undefined && timeout !== null) toDeadline(timeout, getEventLoop(), what);
}

/** @internal A future of the current loop that is done already, with `value`. */
export function doneFuture<T>(value: T): Future<T> {
  const future = getEventLoop().createFuture<T>();
  future.setResult(value);
  return future;
}

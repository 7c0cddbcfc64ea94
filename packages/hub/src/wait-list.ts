/**
 * `WaitList`: greenlets blocked until something notifies them one at a time (a queue's getters, a
 * semaphore's acquirers). A notification is delivered from the loop, and one given to a waiter
 * that is killed or times out before it runs is passed on to the next waiter, so none is lost.
 * Waiters re-check their condition after waking.
 */
import type { Hub } from './hub.js';
import { Op, type Wake } from './operation.js';
import type { TimerHandle } from '@async/loop';

interface Entry {
  wake: Wake;
  notified: boolean;
  timer: TimerHandle | null;
}

/** @internal A FIFO of blocked greenlets. */
export class WaitList {
  private readonly _entries: Entry[] = [];

  constructor(private readonly _hub: Hub) {}

  /** Number of greenlets waiting. */
  get length(): number {
    return this._entries.length;
  }

  /** Blocks until notified (`true`) or `timeout` seconds pass (`false`). */
  wait(timeout: number | null): Op<boolean> {
    return Op.primitive(this._hub, (wake) => {
      const entry: Entry = { wake, notified: false, timer: null };
      this._entries.push(entry);
      if (timeout !== null) {
        entry.timer = this._hub.loop.callLater(timeout, () => {
          this._remove(entry);
          wake(false, false);
        });
      }
      return (notified) => {
        entry.timer?.cancel();
        if (entry.notified || notified) this.notifyOne();
        else this._remove(entry);
      };
    });
  }

  /** Wakes the longest-waiting greenlet, if any; true if there was one. */
  notifyOne(): boolean {
    const entry = this._entries.shift();
    if (entry === undefined) return false;
    entry.notified = true;
    entry.timer?.cancel();
    this._hub.loop.callSoon(entry.wake, false, true);
    return true;
  }

  /** Wakes every waiting greenlet. */
  notifyAll(): void {
    while (this.notifyOne());
  }

  private _remove(entry: Entry): void {
    const i = this._entries.indexOf(entry);
    if (i >= 0) this._entries.splice(i, 1);
  }
}

/** @internal Seconds left until `deadline` (a loop time), or `null` for no deadline. */
export function remaining(hub: Hub, deadline: number | null): number | null {
  return deadline === null ? null : Math.max(0, deadline - hub.loop.time());
}

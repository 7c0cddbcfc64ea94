/**
 * gevent's `Event`: a flag greenlets wait on. `set()` wakes every waiter (from the loop, after
 * the caller goes on); `wait(timeout)` evaluates to `true` once set, `false` on timeout.
 */
import { type Hub, currentHub } from './hub.js';
import { Op } from './operation.js';
import type { Linkable, RawLink } from './linkable.js';
import { LinkNotifier } from './link-notifier.js';
import { checkSeconds } from './greenlet.js';

/** A flag that greenlets can wait on. */
export class Event implements Linkable {
  /** The hub the event belongs to. */
  readonly hub: Hub;
  private _flag = false;
  private readonly _links: LinkNotifier<this>;

  constructor() {
    this.hub = currentHub();
    this._links = new LinkNotifier(this.hub, this, () => this._flag);
  }

  /** True once set (and not cleared since). */
  isSet(): boolean {
    return this._flag;
  }

  /** Same as `isSet()`, for `wait`/`iwait`. */
  ready(): boolean {
    return this._flag;
  }

  /** Sets the flag and wakes every waiter. */
  set(): void {
    this._flag = true;
    this._links.schedule();
  }

  /** Resets the flag; later waiters block until the next `set()`. */
  clear(): void {
    this._flag = false;
  }

  /**
   * Blocks until the flag is set or `timeout` seconds pass; evaluates to `true` if woken by
   * `set()` (even if cleared since), else to the flag.
   * @throws InvalidArgumentError if `timeout` is negative.
   */
  wait(timeout: number | null = null): Op<boolean> {
    if (timeout !== null) checkSeconds(timeout, 'Event.wait(timeout)');
    if (this._flag) return Op.settled(this.hub, false, true);
    return Op.primitive(this.hub, (wake) => {
      // Whichever comes first removes the other, so nothing stays registered after the wait.
      const finish = (value: boolean): void => {
        cleanup();
        wake(false, value);
      };
      const link = (): void => finish(true);
      this._links.add(link);
      const timer = timeout === null ? null : this.hub.loop.callLater(timeout, () => finish(this._flag));
      const cleanup = (): void => {
        this._links.remove(link);
        timer?.cancel();
      };
      return cleanup;
    });
  }

  /** Calls `callback(this)` from the loop each time this becomes ready (soon, if it is). */
  rawlink(callback: RawLink<this>): void {
    this._links.add(callback);
  }

  /** Removes a callback added with `rawlink`. */
  unlink(callback: RawLink<this>): void {
    this._links.remove(callback);
  }

  /** `<Event set>` or `<Event clear>`. */
  toString(): string {
    return `<Event ${this._flag ? 'set' : 'clear'}>`;
  }
}

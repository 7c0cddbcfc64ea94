/**
 * `DelayedCall`: what `reactor.callLater()` returns, with Twisted's interface (`cancel`,
 * `reset`, `delay`, `active`, `getTime`, `called`). It is a core `TimerHandle`, so a Reactor
 * is an `EventLoop`, but keeps Twisted's strictness: cancelling or moving a call that ran or
 * was cancelled raises `AlreadyCalled` / `AlreadyCancelled`. Underneath it is one timer of the
 * loop the reactor runs on, replaced when the call is moved.
 */
import { InvalidArgumentError, TimerHandle, describeValue, type EventLoop } from '@async/loop';
import { AlreadyCalled, AlreadyCancelled } from './errors.js';

// The loop reports a slow timer with its own handle; this maps that handle back to the call.
const owners = new WeakMap<TimerHandle, DelayedCall>();

/** @internal The `DelayedCall` whose loop timer `handle` is, if any. */
export function delayedCallOf(handle: unknown): DelayedCall | undefined {
  return handle instanceof TimerHandle ? owners.get(handle) : undefined;
}

/** Throws unless `value` is a non-negative number of seconds (`Infinity` means never, as in PEP 3156). */
export function checkSeconds(value: unknown, what: string): asserts value is number {
  if (typeof value !== 'number' || Number.isNaN(value) || value < 0) {
    throw new InvalidArgumentError(`${what} must be a non-negative number of seconds, got ${describeValue(value)}`);
  }
}

/** A call scheduled with `reactor.callLater()`. */
export class DelayedCall extends TimerHandle {
  /** True once the call has run. */
  called = false;
  private _timer: TimerHandle | null = null;
  private readonly _clock: EventLoop;
  private readonly _lenient: boolean;

  /**
   * @internal Created by `Reactor.callLater()`; a `lenient` call cancels as PEP 3156's handles
   * do (harmless once it ran or was cancelled).
   */
  constructor(when: number, callback: (...args: any[]) => unknown, args: unknown[], clock: EventLoop, lenient = false) {
    super(when, callback, args, clock);
    this._clock = clock;
    this._lenient = lenient;
    this._schedule();
  }

  /** The reactor time (seconds) at which the call will run. */
  getTime(): number {
    return this._when;
  }

  /** True while the call has neither run nor been cancelled. */
  active(): boolean {
    return !this.called && !this._cancelled;
  }

  /** Cancels the call. @throws AlreadyCancelled, AlreadyCalled (unless made lenient). */
  override cancel(): void {
    if (this._lenient && !this.active()) {
      super.cancel();
      return;
    }
    this._checkActive();
    this._timer?.cancel();
    this._timer = null;
    super.cancel();
  }

  /** Moves the call to `secondsFromNow` seconds from now. @throws AlreadyCancelled, AlreadyCalled. */
  reset(secondsFromNow: number): void {
    this._checkActive();
    checkSeconds(secondsFromNow, 'DelayedCall.reset(secondsFromNow)');
    this._when = this._clock.time() + secondsFromNow;
    this._schedule();
  }

  /** Postpones the call by `secondsLater` seconds. @throws AlreadyCancelled, AlreadyCalled. */
  delay(secondsLater: number): void {
    this._checkActive();
    if (typeof secondsLater !== 'number' || !Number.isFinite(secondsLater)) {
      throw new InvalidArgumentError(`DelayedCall.delay(secondsLater) must be a finite number, got ${describeValue(secondsLater)}`);
    }
    this._when += secondsLater;
    this._schedule();
  }

  override toString(): string {
    const state = this.called ? 'called' : this._cancelled ? 'cancelled' : `at ${this._when.toFixed(3)}`;
    return `<DelayedCall ${this._callback?.name || '(anonymous)'} ${state}>`;
  }

  private _checkActive(): void {
    if (this._cancelled) throw new AlreadyCancelled();
    if (this.called) throw new AlreadyCalled();
  }

  private _schedule(): void {
    this._timer?.cancel();
    this._timer = this._clock.callAt(this._when, this._fire);
    owners.set(this._timer, this);
  }

  private readonly _fire = (): void => {
    this._timer = null;
    this.called = true;
    // The handle's own runner reports an exception to the loop's handler, as Twisted logs it.
    this._run();
    // Only the arguments are dropped: a core handle whose callback is null counts as cancelled.
    this._args = [];
  };
}

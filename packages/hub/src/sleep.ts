/**
 * `sleep` and `idle`: the simplest blocking calls. `sleep(0)` gives every other ready greenlet
 * and callback a turn, as in gevent.
 */
import { type EventLoop, type Future, type Handle, InvalidArgumentError, describeValue, queueRunnable } from '@async/loop';
import type { Greenlet as RawGreenlet } from '@async/greenlet';
import { type Hub, ANCHOR_HUB, currentHub } from './hub.js';
import { Op, ParkingOp } from './operation.js';
import { Greenlet } from './greenlet.js';

/**
 * Blocks the current greenlet for `seconds` (default 0: one turn of the loop) and evaluates to
 * `value`. A negative delay counts as 0, as in gevent.
 * @throws InvalidArgumentError if `seconds` is not a number.
 */
export function sleep<T = undefined>(seconds = 0, value?: T): Op<T> {
  if (typeof seconds !== 'number' || Number.isNaN(seconds)) {
    throw new InvalidArgumentError(`sleep(seconds) takes a number of seconds, got ${describeValue(seconds)}`);
  }
  const hub = currentHub();
  // One turn with nothing to give back, the commonest sleep: one operation per hub serves them all.
  if (seconds <= 0 && value === undefined) return (hub._turn ??= new TurnOp(hub)) as unknown as Op<T>;
  return new SleepOp<T>(hub, seconds, value as T);
}

/**
 * `sleep(0)` (or a negative delay) with no value: one operation per hub, shared, since it keeps
 * nothing of any one wait. A gevent greenlet that waits on it queues itself to be switched back
 * into after the loop's turn (`Greenlet._waitTurn`), so a turn allocates nothing; any other
 * greenlet gets a `SleepOp` of its own as its wait.
 */
class TurnOp extends ParkingOp<undefined> {
  constructor(hub: Hub) {
    super(hub);
  }

  /** @internal Always waits one turn, with a wait record of its own (never the operation). */
  _park(greenlet: RawGreenlet): boolean {
    if (greenlet instanceof Greenlet && greenlet._waitTurn()) return true;
    const own = new SleepOp<undefined>(this.hub, 0, undefined);
    own._park(greenlet);
    greenlet._hubWait = own;
    return true;
  }

  /**
   * @internal Nothing to undo: `_park` leaves the greenlet a wait record of its own (its turn, or
   * a `SleepOp`), so the hub never abandons the operation itself.
   */
  _abandon(): void {}

  override _outcome(): undefined {
    return undefined;
  }

  /** @internal Awaited from plain code: the future of a `sleep(0)` of its own. */
  override _toFuture(loop: EventLoop = this.hub.loop): Future<undefined> {
    return new SleepOp<undefined>(this.hub, 0, undefined)._toFuture(loop);
  }
}

/**
 * The operation `sleep()` returns: its own wait record (a `ParkingOp`), so that a greenlet's
 * `sleep(0)`, the commonest way to give others a turn, costs this object and a loop callback
 * rather than closures and a hub record. On the engine's loops `sleep(0)` queues the operation
 * itself (a `Runnable`), not a `Handle` with an argument array.
 */
class SleepOp<T> extends ParkingOp<T> {
  /** Keeps the class's hidden class alive across full GCs (see `ANCHOR_HUB`). */
  static readonly #mapAnchor: SleepOp<undefined> = new SleepOp<undefined>(ANCHOR_HUB, 0, undefined);
  private _greenlet: RawGreenlet | null = null;
  private _handle: Handle | null = null;
  /** True while the operation sits in the loop's ready queue as a `Runnable`. */
  private _queued = false;
  /** True while that queued run is to wake the sleeper: cleared to cancel it. */
  private _armed = false;

  constructor(
    hub: Hub,
    private readonly _seconds: number,
    private readonly _result: T,
  ) {
    super(hub);
  }

  /** @internal Sleeping always waits, at least one loop turn. */
  _park(greenlet: RawGreenlet): boolean {
    this._greenlet = greenlet;
    // A run still queued from an abandoned use of this operation cannot be taken back: a Handle then.
    if (this._seconds <= 0 && !this._queued && queueRunnable(this.hub.loop, this)) {
      this._queued = true;
      this._armed = true;
    } else {
      this._handle = this._schedule(wakeSleeper, this);
    }
    return true;
  }

  /** @internal The sleeper was killed or timed out: the wake-up is cancelled. */
  _abandon(): void {
    this._handle?.cancel();
    this._handle = null;
    this._armed = false;
    this._greenlet = null;
  }

  /** @internal The queued `sleep(0)` wake-up (see `_park`). */
  _run(): void {
    this._queued = false;
    if (!this._armed) return;
    this._armed = false;
    this._wake();
  }

  override _outcome(): T {
    return this._result;
  }

  /** @internal Awaited from plain code: a future completed by the same loop callback, no greenlet. */
  override _toFuture(loop: EventLoop = this.hub.loop): Future<T> {
    const future = loop.createFuture<T>();
    const handle = this._schedule(settleSleep, future, this._result);
    future.addDoneCallback((f) => {
      if (f.cancelled()) handle.cancel();
    });
    return future;
  }

  /** @internal The time is up: switch into the sleeper (from a loop callback, as the hub does). */
  _wake(): void {
    this._handle = null;
    const greenlet = this._greenlet;
    if (greenlet === null) return;
    if (this.hub.trampoline.running) {
      // Only a loop run from inside a greenlet gets here; switch in from a callback of its own.
      this._handle = this.hub.loop.callSoon(wakeSleeper, this);
      return;
    }
    this._greenlet = null;
    this.hub._unpark(greenlet, false, this._result);
  }

  private _schedule<A extends unknown[]>(callback: (...args: A) => void, ...args: A): Handle {
    const loop = this.hub.loop;
    return this._seconds <= 0 ? loop.callSoon(callback, ...args) : loop.callLater(this._seconds, callback, ...args);
  }
}

function wakeSleeper(op: SleepOp<unknown>): void {
  op._wake();
}

function settleSleep<T>(future: Future<T>, value: T): void {
  if (!future.done()) future.setResult(value);
}

/**
 * Blocks until the loop has run what was ready when it was called and what that scheduled in
 * turn: an approximation of gevent's `idle()`, since the `EventLoop` interface has no idle
 * watcher.
 */
export function idle(): Op<void> {
  const hub = currentHub();
  return Op.primitive(hub, (wake) => {
    let handle = hub.loop.callSoon(() => {
      handle = hub.loop.callSoon(wake, false, undefined);
    });
    return () => handle.cancel();
  });
}

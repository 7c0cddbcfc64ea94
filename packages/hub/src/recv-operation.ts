/**
 * `RecvOp`: what `Socket.recv()` returns when nothing is buffered yet. It is its own wait record
 * (a `ParkingOp`): the waiting greenlet is parked on the socket, and the transport's data
 * callback takes the bytes and switches straight into it with them, in the same loop callback,
 * as gevent's hub switches into a reader from the watcher's callback. A wait therefore costs
 * no closures, wait-list entry, hub record or loop callback; and a socket keeps the operation
 * (and its iterator) of its last finished `recv()` for the next one, so a greenlet reading in a
 * loop makes no object per read.
 */
import { type Handle, type TimerHandle, TimeoutError } from '@async/loop';
import type { Greenlet as RawGreenlet } from '@async/greenlet';
import { ParkingOp, yieldResult } from './operation.js';
import { remaining } from './wait-list.js';
import type { Socket } from './socket.js';

/** @internal A `recv(bufsize)` that may have to wait for data. */
export class RecvOp extends ParkingOp<Uint8Array> {
  private _greenlet: RawGreenlet | null = null;
  private _timer: TimerHandle | null = null;
  /** The wake-up deferred to a loop callback, when it came while a greenlet was running. */
  private _pending: Handle | null = null;
  private _timedOut = false;
  /** The iterator `yield*` gets, made at the first one and reused (one use at a time). */
  private _steps: RecvSteps | null = null;

  /**
   * @param _size the most bytes to take
   * @param _deadline loop time after which the wait raises `TimeoutError`, or `null`
   * @param _noWait the socket's timeout is 0: raise at once instead of waiting
   */
  constructor(
    private readonly _socket: Socket,
    /** @internal */ public _size: number,
    private _deadline: number | null,
    private _noWait: boolean,
  ) {
    super(_socket.hub);
  }

  /** @internal Makes a finished operation the socket's next `recv()`. */
  _reuse(size: number, deadline: number | null, noWait: boolean): this {
    this._size = size;
    this._deadline = deadline;
    this._noWait = noWait;
    return this;
  }

  /** `yield*` hands the operation to the hub, which parks the greenlet on it. */
  override [Symbol.iterator](): IterableIterator<unknown, Uint8Array, unknown> {
    const steps = this._steps;
    if (steps === null) return (this._steps = new RecvSteps(this));
    steps._handed = false;
    return steps;
  }

  /** @internal The bytes when some are buffered (or the end was seen), else `TimeoutError`. */
  override _outcome(): Uint8Array {
    const socket = this._socket;
    if (!socket._readable()) {
      socket._recvDone(this);
      throw new TimeoutError('timed out');
    }
    const bytes = socket._take(this._size);
    socket._recvDone(this);
    return bytes;
  }

  /** @internal The hub blocks `greenlet` here unless the bytes are there (or it must not wait). */
  _park(greenlet: RawGreenlet): boolean {
    if (this._socket._readable() || this._noWait) return false;
    this._greenlet = greenlet;
    this._timedOut = false;
    this._wait();
    return true;
  }

  /** @internal The wait is abandoned: leave the socket, drop the timer and any pending wake-up. */
  _abandon(): void {
    this._socket._removeReader(this);
    this._timer?.cancel();
    this._timer = null;
    this._pending?.cancel();
    this._pending = null;
    this._greenlet = null;
    this._socket._recvDone(this);
  }

  /**
   * @internal Data, the end of the stream or an error came (the socket has let go of this reader
   * already): hand the bytes over now, or from a loop callback when this runs inside a greenlet
   * (a greenlet closing the socket another one reads).
   */
  _fire(): void {
    this._timer?.cancel();
    this._timer = null;
    this._wake();
  }

  /**
   * @internal The data callback's shortcut, when the chunk is all this reader may take and
   * nothing was buffered before it: the chunk goes straight to the waiting greenlet, without
   * passing through the socket's buffer. Only from a loop callback (no greenlet running), with
   * the socket's reader slot already cleared.
   */
  _handOver(bytes: Uint8Array): void {
    const greenlet = this._greenlet!;
    this._timer?.cancel();
    this._timer = null;
    this._greenlet = null;
    this._socket._recvDone(this);
    this.hub._unpark(greenlet, false, bytes);
  }

  /** @internal True when `_handOver` may be used now: the greenlet waits, no wake-up is on its way. */
  _canHandOver(): boolean {
    return this._pending === null && this._greenlet !== null && !this.hub.trampoline.running;
  }

  /** @internal The socket's timeout passed with no data. */
  _timeOut(): void {
    this._timer = null;
    this._socket._removeReader(this);
    this._timedOut = true;
    this._wake();
  }

  /** @internal Switches into the waiting greenlet with its outcome, or waits on if there is none. */
  _deliver(): void {
    this._pending = null;
    const greenlet = this._greenlet;
    if (greenlet === null) return;
    const socket = this._socket;
    let raise = false;
    let value: unknown;
    if (socket._readable()) {
      try {
        value = socket._take(this._size);
      } catch (error) {
        raise = true;
        value = error;
      }
    } else if (this._timedOut) {
      raise = true;
      value = new TimeoutError('timed out');
    } else {
      // Another reader took the bytes between the wake-up and now.
      this._wait();
      return;
    }
    this._greenlet = null;
    socket._recvDone(this);
    this.hub._unpark(greenlet, raise, value);
  }

  private _wait(): void {
    this._socket._addReader(this);
    if (this._deadline !== null) {
      this._timer = this.hub.loop.callLater(remaining(this.hub, this._deadline)!, timedOut, this);
    }
  }

  private _wake(): void {
    if (this._pending !== null) return;
    if (this.hub.trampoline.running) this._pending = this.hub.loop.callSoon(deliver, this);
    else this._deliver();
  }
}

/**
 * The iterator of a `RecvOp`: hands the operation to the driver at its first step and evaluates
 * to what the driver sends back, as every operation's iterator does (`HandOverIterator`), but
 * kept by its operation for the next use. It is not the operation itself: an object with `next`
 * and `throw` passes for a coroutine, and a task must be handed the operation, not run it.
 */
class RecvSteps implements IterableIterator<unknown, Uint8Array, unknown> {
  /** @internal */ _handed = false;

  constructor(private readonly _op: RecvOp) {}

  [Symbol.iterator](): this {
    return this;
  }

  next(value?: unknown): IteratorResult<unknown, Uint8Array> {
    // A new result, not the shared one `returnResult` fills: that one is old and the bytes are
    // young, and the write barrier of storing them there costs more than allocating this.
    if (this._handed) return { value: value as Uint8Array, done: true };
    this._handed = true;
    return yieldResult(this._op);
  }

  /** An error raised at the wait goes on up through `yield*`. */
  throw(error?: unknown): IteratorResult<unknown, Uint8Array> {
    this._handed = true;
    throw error;
  }

  /** The waiting coroutine is being closed at the wait. */
  return(value?: unknown): IteratorResult<unknown, Uint8Array> {
    this._handed = true;
    return { value: value as Uint8Array, done: true };
  }
}

function deliver(op: RecvOp): void {
  op._deliver();
}

function timedOut(op: RecvOp): void {
  op._timeOut();
}

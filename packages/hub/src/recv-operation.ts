/**
 * `RecvOp`: what `Socket.recv()` returns when nothing is buffered yet. It is its own wait record
 * (a `ParkingOp`): the waiting greenlet is parked on the socket, and the transport's data
 * callback takes the bytes and switches straight into it with them, in the same loop callback,
 * as gevent's hub switches into a reader from the watcher's callback. A wait therefore costs
 * this one object, where a generic wait costs closures, a wait-list entry, a hub record and a
 * loop callback, all of which live until the data comes and so survive into the older
 * generation of the heap.
 */
import { type Handle, type TimerHandle, TimeoutError } from '@async/loop';
import type { Greenlet as RawGreenlet } from '@async/greenlet';
import { ParkingOp } from './operation.js';
import { remaining } from './wait-list.js';
import type { Socket } from './socket.js';

/** @internal A `recv(bufsize)` that may have to wait for data. */
export class RecvOp extends ParkingOp<Uint8Array> {
  private _greenlet: RawGreenlet | null = null;
  private _timer: TimerHandle | null = null;
  /** The wake-up deferred to a loop callback, when it came while a greenlet was running. */
  private _pending: Handle | null = null;
  private _timedOut = false;

  /**
   * @param _deadline loop time after which the wait raises `TimeoutError`, or `null`
   * @param _noWait the socket's timeout is 0: raise at once instead of waiting
   */
  constructor(
    private readonly _socket: Socket,
    private readonly _size: number,
    private readonly _deadline: number | null,
    private readonly _noWait: boolean,
  ) {
    super(_socket.hub);
  }

  /** @internal The bytes when some are buffered (or the end was seen), else `TimeoutError`. */
  override _outcome(): Uint8Array {
    if (!this._socket._readable()) throw new TimeoutError('timed out');
    return this._socket._take(this._size);
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

function deliver(op: RecvOp): void {
  op._deliver();
}

function timedOut(op: RecvOp): void {
  op._timeOut();
}

/**
 * gevent's `RLock`: a lock the greenlet that holds it may acquire again; it is free once
 * released as many times as acquired.
 */
import { type Coroutine, InvalidStateError } from '@async/loop';
import type { Greenlet as RawGreenlet } from '@async/greenlet';
import { type Hub, currentHub, getcurrent } from './hub.js';
import { Op } from './operation.js';
import { type AcquireOptions, Semaphore } from './semaphore.js';

/** A reentrant lock owned by a greenlet. */
export class RLock {
  /** The hub the lock belongs to. */
  readonly hub: Hub;
  private readonly _block = new Semaphore(1);
  private _owner: RawGreenlet | null = null;
  private _count = 0;

  constructor() {
    this.hub = currentHub();
  }

  /** True while some greenlet holds it. */
  locked(): boolean {
    return this._owner !== null;
  }

  /** Acquires for the current greenlet (again, if it holds it); `false` on timeout or non-blocking failure. */
  acquire(options: AcquireOptions = {}): Op<boolean> {
    const me = getcurrent();
    if (this._owner === me) {
      this._count++;
      return Op.settled(this.hub, false, true);
    }
    const self = this;
    const take = this._block.acquire(options);
    return Op.composite(this.hub, function* () {
      if (!(yield* take)) return false;
      self._owner = me;
      self._count = 1;
      return true;
    });
  }

  /** @throws InvalidStateError if the current greenlet does not hold the lock. */
  release(): void {
    if (this._owner !== getcurrent()) {
      throw new InvalidStateError('cannot release an RLock the current greenlet does not hold');
    }
    if (--this._count === 0) {
      this._owner = null;
      this._block.release();
    }
  }

  /** Runs `body` holding the lock, as `with lock:`. */
  scope<T>(body: () => Coroutine<T>): Op<T> {
    const self = this;
    return Op.composite(this.hub, function* () {
      yield* self.acquire();
      try {
        return yield* body();
      } finally {
        self.release();
      }
    });
  }
}

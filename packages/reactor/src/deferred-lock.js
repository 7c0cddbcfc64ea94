/** `DeferredLock`: a mutual-exclusion lock whose `acquire()` returns a Deferred. */
import { InvalidStateError } from '@async/loop';
import { Deferred } from './deferred.js';
import { ConcurrencyPrimitive } from './concurrency-primitive.js';
/** Twisted's `DeferredLock`: one holder at a time; waiters are served in order. */
export class DeferredLock extends ConcurrencyPrimitive {
    /** True while someone holds the lock. */
    locked = false;
    /** A Deferred that fires with the lock once it is free; cancelling it leaves the queue. */
    acquire() {
        const d = new Deferred((dd) => this._cancelAcquire(dd));
        if (this.locked) {
            this.waiting.push(d);
        }
        else {
            this.locked = true;
            d.callback(this);
        }
        return d;
    }
    /** Releases the lock and hands it to the next waiter. @throws InvalidStateError if it is not locked. */
    release() {
        if (!this.locked)
            throw new InvalidStateError('Tried to release an unlocked DeferredLock');
        this.locked = false;
        const d = this.waiting.shift();
        if (d !== undefined) {
            this.locked = true;
            d.callback(this);
        }
    }
}
//# sourceMappingURL=deferred-lock.js.map
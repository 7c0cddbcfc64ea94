/**
 * What `DeferredLock` and `DeferredSemaphore` share (Twisted's `_ConcurrencyPrimitive`):
 * `run(f)` acquires, calls `f`, and releases once its Deferred has fired, whatever the outcome.
 */
import { InvalidArgumentError, describeValue } from '@async/loop';
import { Deferred } from './deferred.js';
import { maybeDeferred } from './maybe-deferred.js';
/** A lock-like object whose `acquire()` returns a Deferred. */
export class ConcurrencyPrimitive {
    /** The Deferreds of the `acquire()` calls still waiting, first come first served. */
    waiting = [];
    /**
     * Acquires, then calls `f(...args)`; releases when its result (a Deferred, a promise or a
     * value) is available. The returned Deferred fires with that result.
     */
    run(f, ...args) {
        if (typeof f !== 'function') {
            throw new InvalidArgumentError(`run(f) must be a function, got ${describeValue(f)}`);
        }
        return this.acquire().addCallback(() => maybeDeferred(f, ...args).addBoth((result) => {
            this.release();
            return result;
        }));
    }
    /** @internal A cancelled acquire leaves the queue. */
    _cancelAcquire(d) {
        const i = this.waiting.indexOf(d);
        if (i >= 0)
            this.waiting.splice(i, 1);
    }
}
//# sourceMappingURL=concurrency-primitive.js.map
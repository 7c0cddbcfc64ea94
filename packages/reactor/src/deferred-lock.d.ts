import { Deferred } from './deferred.js';
import { ConcurrencyPrimitive } from './concurrency-primitive.js';
/** Twisted's `DeferredLock`: one holder at a time; waiters are served in order. */
export declare class DeferredLock extends ConcurrencyPrimitive {
    /** True while someone holds the lock. */
    locked: boolean;
    /** A Deferred that fires with the lock once it is free; cancelling it leaves the queue. */
    acquire(): Deferred<this>;
    /** Releases the lock and hands it to the next waiter. @throws InvalidStateError if it is not locked. */
    release(): void;
}
//# sourceMappingURL=deferred-lock.d.ts.map
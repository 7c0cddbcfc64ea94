import { Deferred } from './deferred.js';
import { ConcurrencyPrimitive } from './concurrency-primitive.js';
/** Twisted's `DeferredSemaphore`: at most `limit` holders at a time. */
export declare class DeferredSemaphore extends ConcurrencyPrimitive {
    /** How many more holders are allowed now. */
    tokens: number;
    /** How many holders are allowed at once. */
    readonly limit: number;
    /** @throws InvalidArgumentError unless `tokens` is an integer of at least 1. */
    constructor(tokens: number);
    /** A Deferred that fires with the semaphore once a token is free. */
    acquire(): Deferred<this>;
    /** Returns a token, handing it to the next waiter. @throws InvalidStateError if none was taken. */
    release(): void;
}
//# sourceMappingURL=deferred-semaphore.d.ts.map
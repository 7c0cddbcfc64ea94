import { Deferred } from './deferred.js';
/** A lock-like object whose `acquire()` returns a Deferred. */
export declare abstract class ConcurrencyPrimitive {
    /** The Deferreds of the `acquire()` calls still waiting, first come first served. */
    protected readonly waiting: Deferred<this>[];
    /** A Deferred that fires with this object once it is acquired. */
    abstract acquire(): Deferred<this>;
    /** Releases what `acquire()` took, letting the next waiter in. */
    abstract release(): void;
    /**
     * Acquires, then calls `f(...args)`; releases when its result (a Deferred, a promise or a
     * value) is available. The returned Deferred fires with that result.
     */
    run<A extends unknown[], R>(f: (...args: A) => R, ...args: A): Deferred<R extends Deferred<infer U> ? U : R extends PromiseLike<infer P> ? P : R>;
    /** @internal A cancelled acquire leaves the queue. */
    protected _cancelAcquire(d: Deferred<this>): void;
}
//# sourceMappingURL=concurrency-primitive.d.ts.map
import { Deferred } from './deferred.js';
import { Failure } from './failure.js';
/** A Deferred that has already fired with `result`. */
export declare function succeed<T>(result: T): Deferred<T>;
/** A Deferred that has already failed with `error` (an `Error` or a `Failure`). */
export declare function fail<T = never>(error: Error | Failure): Deferred<T>;
/**
 * Calls `f(...args)` and returns a Deferred of its outcome: its Deferred as it is, a promise
 * converted, a returned `Failure` or a thrown error as a failed Deferred, any other value as a
 * fired one.
 */
export declare function maybeDeferred<A extends unknown[], R>(f: (...args: A) => R, ...args: A): Deferred<R extends Deferred<infer U> ? U : R extends PromiseLike<infer P> ? P : R>;
//# sourceMappingURL=maybe-deferred.d.ts.map
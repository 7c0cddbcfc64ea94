/**
 * `succeed`, `fail` and `maybeDeferred`: Twisted's ways of turning a value, an error or a call
 * that may or may not return a Deferred into a Deferred.
 */
import { InvalidArgumentError, describeValue, isThenable } from '@async/loop';
import { Deferred } from './deferred.js';
import { Failure } from './failure.js';
/** A Deferred that has already fired with `result`. */
export function succeed(result) {
    const d = new Deferred();
    d.callback(result);
    return d;
}
/** A Deferred that has already failed with `error` (an `Error` or a `Failure`). */
export function fail(error) {
    const d = new Deferred();
    d.errback(error);
    return d;
}
/**
 * Calls `f(...args)` and returns a Deferred of its outcome: its Deferred as it is, a promise
 * converted, a returned `Failure` or a thrown error as a failed Deferred, any other value as a
 * fired one.
 */
export function maybeDeferred(f, ...args) {
    if (typeof f !== 'function') {
        throw new InvalidArgumentError(`maybeDeferred(f) must be a function, got ${describeValue(f)}`);
    }
    let result;
    try {
        result = f(...args);
    }
    catch (error) {
        return fail(error instanceof Failure ? error : new Failure(error));
    }
    if (result instanceof Deferred)
        return result;
    if (result instanceof Failure)
        return fail(result);
    if (isThenable(result))
        return Deferred.fromPromise(result);
    return succeed(result);
}
//# sourceMappingURL=maybe-deferred.js.map
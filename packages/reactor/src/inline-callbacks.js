/**
 * `inlineCallbacks` and `ensureDeferred`: Twisted's coroutine driver. The generator is stepped
 * synchronously — at once when called, and again inside the callback of each Deferred it waits
 * on — so a generator that only waits on fired Deferreds runs to its end before
 * `inlineCallbacks` returns, exactly as in Twisted. A value that is not a Deferred is sent
 * straight back (Twisted's rule); core Futures, promises and other fronts' waitables (through
 * their registered converters) are converted to Deferreds first.
 * Cancelling the returned Deferred cancels the Deferred the generator is waiting on, so the
 * generator sees a `CancelledError` where it waits and may handle it.
 */
import { Future, InvalidArgumentError, describeValue, getEventLoop, getRunningLoopOrNull, isCoroutine, isThenable, toFuture, } from '@async/loop';
import { Deferred } from './deferred.js';
import { Failure } from './failure.js';
/** Raised into the returned Deferred's own chain by `cancel()`; never seen by user code. */
class InlineCallbacksCancelled extends Error {
    name = 'InlineCallbacksCancelled';
}
function toDeferred(value) {
    if (value instanceof Deferred)
        return value;
    if (value instanceof Future)
        return Deferred.fromFuture(value);
    if (value instanceof Promise)
        return Deferred.fromPromise(value);
    // Another front's waitable (a gevent Greenlet, a hub operation) is thenable too, but goes
    // through its registered converter, so that cancelling the Deferred reaches it (kills the
    // greenlet, abandons the wait). A thenable no converter knows is adopted as a promise.
    if (isThenable(value))
        return Deferred.fromFuture(toFuture(value, getRunningLoopOrNull() ?? getEventLoop()));
    return undefined;
}
/*
 * Twisted's `_inlineCallbacks`. `waiting` tells whether the Deferred just yielded fired inside
 * `addBoth` (then the loop goes on with its result, without recursion) or later (then its
 * callback steps the generator again).
 */
function step(gen, result, status) {
    let waiting = true;
    let waitResult = undefined;
    for (;;) {
        let next;
        try {
            next = result instanceof Failure ? gen.throw(result.value) : gen.next(result);
        }
        catch (error) {
            status.deferred.errback(error instanceof Failure ? error : new Failure(error));
            return;
        }
        if (next.done) {
            if (next.value instanceof Deferred) {
                status.deferred.errback(new InvalidArgumentError('an inlineCallbacks generator returned a Deferred: return (yield* deferred) to return its result'));
            }
            else {
                status.deferred.callback(next.value);
            }
            return;
        }
        const d = toDeferred(next.value);
        if (d === undefined) {
            result = next.value;
            continue;
        }
        if (d === status.deferred) {
            result = new Failure(new InvalidArgumentError('an inlineCallbacks generator waited on its own Deferred: it would wait forever'));
            continue;
        }
        d.addBoth((r) => {
            if (waiting) {
                waiting = false;
                waitResult = r;
            }
            else {
                status.waitingOn = null;
                step(gen, r, status);
            }
            return undefined;
        });
        if (waiting) {
            waiting = false;
            status.waitingOn = d;
            return;
        }
        result = waitResult;
        waiting = true;
        waitResult = undefined;
    }
}
/*
 * Twisted's cancellation trick: the returned Deferred fails with a private error whose errback,
 * put first in its chain, swaps in a fresh Deferred (so the generator can go on after catching
 * the CancelledError) and cancels what the generator waits on.
 */
function cancellableDeferred(status) {
    const handleCancel = (failure) => {
        failure.trap(InlineCallbacksCancelled);
        status.deferred = cancellableDeferred(status);
        const awaited = status.waitingOn;
        awaited?.cancel();
        return status.deferred;
    };
    return new Deferred((it) => {
        it._prependErrback(handleCancel);
        it.errback(new InlineCallbacksCancelled('cancelled'));
    });
}
/** Drives `gen` as `inlineCallbacks` does; the Deferred fires with its return value. */
function drive(gen) {
    const status = { deferred: null, waitingOn: null };
    const deferred = cancellableDeferred(status);
    status.deferred = deferred;
    step(gen, undefined, status);
    return deferred;
}
/**
 * Decorates a generator function: calling the result runs the generator at once and returns a
 * Deferred of its return value. Inside, `const x = yield* deferred` waits on a Deferred (or a
 * Future, or a promise) and `return x` is Twisted's `returnValue(x)`.
 */
export function inlineCallbacks(f) {
    if (typeof f !== 'function') {
        throw new InvalidArgumentError(`inlineCallbacks(f) must be a generator function, got ${describeValue(f)}`);
    }
    const wrapped = function (...args) {
        let gen;
        try {
            gen = f.apply(this, args);
        }
        catch (error) {
            const d = new Deferred();
            d.errback(new Failure(error));
            return d;
        }
        if (!isCoroutine(gen)) {
            throw new InvalidArgumentError(`inlineCallbacks requires ${f.name || 'the function'} to be a generator function (function*), ` +
                `but it returned ${describeValue(gen)}`);
        }
        return drive(gen);
    };
    Object.defineProperty(wrapped, 'name', { value: f.name });
    return wrapped;
}
/**
 * A Deferred for a coroutine (driven as by `inlineCallbacks`), a promise, a core Future, or a
 * Deferred (returned as it is): Twisted's `ensureDeferred`.
 */
export function ensureDeferred(coro) {
    if (coro instanceof Deferred)
        return coro;
    if (isCoroutine(coro))
        return drive(coro);
    const d = toDeferred(coro);
    if (d !== undefined)
        return d;
    throw new InvalidArgumentError(`ensureDeferred() takes a coroutine, a promise, a Future or a Deferred, got ${describeValue(coro)}`);
}
//# sourceMappingURL=inline-callbacks.js.map
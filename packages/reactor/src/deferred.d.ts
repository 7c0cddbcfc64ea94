/**
 * `Deferred<T>`: Twisted's promise of a result, with its exact semantics. Callbacks run
 * synchronously, in the order added, when the Deferred fires (or at once if it has fired);
 * each callback's return value is the next one's input, a thrown error switches to the errback
 * chain and an errback's normal return switches back; a Deferred returned by a callback pauses
 * the chain until it fires. The chain is run with an explicit stack, as Twisted's
 * `_runCallbacks` does, so arbitrarily long chains of chained Deferreds never grow the JS stack.
 *
 * A Deferred whose chain ends on a failure that nobody handles is reported ("Unhandled error in
 * Deferred") through the loop's exception handler when it is garbage-collected. A Deferred is
 * iterable (`yield*` in `inlineCallbacks` or any `Task`) and thenable (`await`).
 */
import { Future, type EventLoop } from '@async/loop';
import { Failure } from './failure.js';
/** The value a Deferred of `R` — or `R` itself — gives a callback. */
export type Unwrap<R> = R extends Deferred<infer U> ? U : R;
/** A callback: receives the current result (and the extra arguments given with it). */
export type DeferredCallback<T, R, A extends unknown[] = []> = (result: T, ...args: A) => R;
/** An errback: receives the `Failure` (and the extra arguments given with it). */
export type DeferredErrback<R, A extends unknown[] = []> = (failure: Failure, ...args: A) => R;
/** Cancels the operation behind a Deferred; may fire it (otherwise it fails with `CancelledError`). */
export type Canceller<T> = (deferred: Deferred<T>) => void;
/** Anything with Twisted's `IReactorTime.callLater`: a `Reactor`, an `EventLoop`. */
export interface CallLaterClock {
    /** Schedules `f` after `delay` seconds; the result can be cancelled. */
    callLater(delay: number, f: () => void): {
        cancel(): void;
    };
}
/** A result that will be available later, with Twisted's callback chain. */
export declare class Deferred<T = unknown> implements PromiseLike<T> {
    #private;
    /** True once `callback()` or `errback()` was called (even if the chain is paused). */
    called: boolean;
    /** How many `pause()` calls are not matched by `unpause()` yet; chaining counts as one. */
    paused: number;
    /** @internal */ _result: unknown;
    /**
     * @internal The chain, flat: each entry is four slots (callback, its args, errback, its
     * args), from `_head` on. Flat and index-based so that adding a callback allocates nothing.
     */
    _callbacks: unknown[];
    /** @internal Index of the next entry to run in `_callbacks`. */
    _head: number;
    /** @internal */ _runningCallbacks: boolean;
    /** @internal */ _suppressAlreadyCalled: boolean;
    private _canceller;
    private _debugInfo;
    private _promise;
    /**
     * Creates an unfired Deferred. `canceller`, if given, is called by `cancel()` to stop the
     * operation; if it does not fire the Deferred, `cancel()` fails it with `CancelledError`.
     */
    constructor(canceller?: Canceller<T> | null);
    /** The current result: what the next callback would receive (a `Failure` on the errback path). */
    get result(): unknown;
    /**
     * Adds a callback and an errback at the same position of the chain: `callback` runs if the
     * result at this point is a success, `errback` (default: pass the failure on) if it is a
     * `Failure`. Runs at once if the Deferred has fired. Returns this Deferred, retyped.
     */
    addCallbacks<R1, R2 = never, A1 extends unknown[] = [], A2 extends unknown[] = []>(callback: DeferredCallback<T, R1, A1>, errback?: DeferredErrback<R2, A2> | null, callbackArgs?: A1, errbackArgs?: A2): Deferred<Unwrap<R1> | Unwrap<R2>>;
    /** Adds a callback for the success path; a failure passes it by. */
    addCallback<R, A extends unknown[]>(callback: DeferredCallback<T, R, A>, ...args: A): Deferred<Unwrap<R>>;
    /** Adds an errback for the failure path; a success passes it by. */
    addErrback<R, A extends unknown[]>(errback: DeferredErrback<R, A>, ...args: A): Deferred<T | Unwrap<R>>;
    /** Adds the same function as callback and errback: it receives a result or a `Failure`. */
    addBoth<R, A extends unknown[]>(callback: (result: T | Failure, ...args: A) => R, ...args: A): Deferred<Unwrap<R>>;
    /**
     * Makes this Deferred fire `other` with its result at this point of the chain (Twisted's
     * `chainDeferred`); the result here becomes `undefined`.
     */
    chainDeferred(other: Deferred<T>): Deferred<undefined>;
    /**
     * Fires the success chain with `result`.
     * @throws AlreadyCalledError if the Deferred has already fired;
     *   InvalidArgumentError if `result` is a Deferred (return it from a callback to chain instead).
     */
    callback(result: T): void;
    /**
     * Fires the failure chain with `fail` (an error, wrapped in a `Failure`, or a `Failure`).
     * @throws AlreadyCalledError if the Deferred has already fired;
     *   InvalidArgumentError if `fail` is neither an `Error` nor a `Failure`.
     */
    errback(fail: Failure | Error): void;
    /** Stops the chain from running until a matching `unpause()`. */
    pause(): void;
    /** Undoes one `pause()`; when none is left and the Deferred has fired, the chain runs on. */
    unpause(): void;
    /**
     * Cancels the operation. An unfired Deferred calls its canceller; if that does not fire it,
     * it fails with `CancelledError` (and, without a canceller, the operation's later result is
     * silently dropped). A Deferred paused on a chained Deferred cancels that one instead. A
     * fired Deferred is left alone.
     */
    cancel(): void;
    /**
     * Fails this Deferred with `TimeoutError` if it has not fired within `timeout` seconds of
     * `clock` (default: the current event loop), by cancelling it. `onTimeoutCancel(result,
     * timeout)` may replace the outcome of a timed-out Deferred. Returns this Deferred.
     */
    addTimeout(timeout: number, clock?: CallLaterClock, onTimeoutCancel?: (result: unknown, timeout: number) => unknown): Deferred<T>;
    /**
     * A core `Future` on `loop` that completes with this Deferred's result (Twisted's
     * `asFuture`). The result is consumed: this Deferred's chain continues with `undefined`.
     * Cancelling the future cancels this Deferred.
     */
    asFuture(loop: EventLoop): Future<T>;
    /**
     * A Deferred that fires with `future`'s outcome (Twisted's `Deferred.fromFuture`).
     * Cancelling the Deferred cancels the future and then waits for its outcome, as Twisted does:
     * usually a `CancelledError`, but a task that catches its cancellation and returns a value
     * fires the Deferred with that value.
     */
    static fromFuture<T>(future: Future<T>): Deferred<T>;
    /** A Deferred that fires with a promise's (or thenable's) outcome. */
    static fromPromise<T>(promise: PromiseLike<T>): Deferred<T>;
    /**
     * `yield* deferred` inside `inlineCallbacks` or any coroutine driver: evaluates to the
     * Deferred's result, or throws its failure's error. The result is consumed, as when Twisted's
     * `inlineCallbacks` waits on a Deferred.
     */
    [Symbol.iterator](): Generator<unknown, T, unknown>;
    /**
     * `await deferred`: the promise settles synchronously with the Deferred's result (no loop
     * hop). Awaiting consumes the result, as `asFuture` does.
     */
    then<R1 = T, R2 = never>(onfulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null, onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null): Promise<R1 | R2>;
    toString(): string;
    private _startRunCallbacks;
    /** @internal Puts `callback` first in the pending chain (`fromFuture`'s cancellation). */
    _prependCallback(callback: (result: unknown) => unknown): void;
    /** @internal Puts `errback` first in the pending chain (inlineCallbacks' cancellation). */
    _prependErrback(errback: DeferredErrback<unknown>): void;
    /** @internal Appends one entry (callback, its args, errback, its args) to the chain. */
    _push(callback: unknown, callbackArgs: unknown[], errback: unknown, errbackArgs: unknown[]): void;
    private _setFailResult;
    /** @internal */
    _clearFailResult(): void;
    /** @internal */
    _runCallbacks(): void;
}
//# sourceMappingURL=deferred.d.ts.map
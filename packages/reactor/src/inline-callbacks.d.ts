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
import { Future, type Coroutine } from '@async/loop';
import { Deferred } from './deferred.js';
/**
 * Decorates a generator function: calling the result runs the generator at once and returns a
 * Deferred of its return value. Inside, `const x = yield* deferred` waits on a Deferred (or a
 * Future, or a promise) and `return x` is Twisted's `returnValue(x)`.
 */
export declare function inlineCallbacks<A extends unknown[], T, This = unknown>(f: (this: This, ...args: A) => Coroutine<T>): (this: This, ...args: A) => Deferred<T>;
/**
 * A Deferred for a coroutine (driven as by `inlineCallbacks`), a promise, a core Future, or a
 * Deferred (returned as it is): Twisted's `ensureDeferred`.
 */
export declare function ensureDeferred<T>(coro: Coroutine<T> | PromiseLike<T> | Future<T> | Deferred<T>): Deferred<T>;
//# sourceMappingURL=inline-callbacks.d.ts.map
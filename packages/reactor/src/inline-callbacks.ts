/**
 * `inlineCallbacks` and `ensureDeferred`: Twisted's coroutine driver. The generator is stepped
 * synchronously — at once when called, and again inside the callback of each Deferred it waits
 * on — so a generator that only waits on fired Deferreds runs to its end before
 * `inlineCallbacks` returns, exactly as in Twisted. A value that is not a Deferred is sent
 * straight back (Twisted's rule); core Futures, promises and other fronts' waitables (through
 * the core's `toFuture`) are converted to Deferreds first.
 * Cancelling the returned Deferred cancels the Deferred the generator is waiting on, so the
 * generator sees a `CancelledError` where it waits and may handle it.
 */
import {
  Future,
  InvalidArgumentError,
  describeValue,
  getEventLoop,
  getRunningLoopOrNull,
  isCoroutine,
  isThenable,
  stepCoroutine,
  toFuture,
  type Coroutine,
} from '@async/loop';
import { Deferred } from './deferred.js';
import { Failure } from './failure.js';

/** Where a driven generator stands: the Deferred it will fire and the one it waits on. */
interface Status<T> {
  deferred: Deferred<T>;
  waitingOn: Deferred<unknown> | null;
}

/** Raised into the returned Deferred's own chain by `cancel()`; never seen by user code. */
class InlineCallbacksCancelled extends Error {
  override name = 'InlineCallbacksCancelled';
}

function toDeferred(value: unknown): Deferred<unknown> | undefined {
  if (value instanceof Deferred) return value;
  if (value instanceof Future) return Deferred.fromFuture(value);
  if (value instanceof Promise) return Deferred.fromPromise(value);
  // Another front's waitable (a gevent Greenlet, a hub operation) is thenable too, but goes
  // through `toFuture` (its `[AS_FUTURE]` or a registered converter), so that cancelling the
  // Deferred reaches it (kills the greenlet, abandons the wait). A thenable nothing converts is
  // adopted as a promise.
  if (isThenable(value)) return Deferred.fromFuture(toFuture(value, getRunningLoopOrNull() ?? getEventLoop()));
  return undefined;
}

/*
 * Twisted's `_inlineCallbacks`. `waiting` tells whether the Deferred just yielded fired inside
 * `addBoth` (then the loop goes on with its result, without recursion) or later (then its
 * callback steps the generator again).
 */
function step<T>(gen: Coroutine<T>, result: unknown, status: Status<T>): void {
  let waiting = true;
  let waitResult: unknown = undefined;
  for (;;) {
    let next: IteratorResult<unknown, T>;
    try {
      next = result instanceof Failure ? stepCoroutine(gen, true, result.value) : stepCoroutine(gen, false, result);
    } catch (error) {
      status.deferred.errback(error instanceof Failure ? error : new Failure(error));
      return;
    }
    if (next.done) {
      if (next.value instanceof Deferred) {
        status.deferred.errback(
          new InvalidArgumentError(
            'an inlineCallbacks generator returned a Deferred: return (yield* deferred) to return its result',
          ),
        );
      } else {
        status.deferred.callback(next.value);
      }
      return;
    }
    const d = toDeferred(next.value);
    if (d === undefined) {
      result = next.value;
      continue;
    }
    if (d === (status.deferred as Deferred<unknown>)) {
      result = new Failure(
        new InvalidArgumentError('an inlineCallbacks generator waited on its own Deferred: it would wait forever'),
      );
      continue;
    }
    d.addBoth((r: unknown) => {
      if (waiting) {
        waiting = false;
        waitResult = r;
      } else {
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
function cancellableDeferred<T>(status: Status<T>): Deferred<T> {
  const handleCancel = (failure: Failure): Deferred<T> => {
    failure.trap(InlineCallbacksCancelled);
    status.deferred = cancellableDeferred(status);
    const awaited = status.waitingOn;
    awaited?.cancel();
    return status.deferred;
  };
  return new Deferred<T>((it) => {
    it._prependErrback(handleCancel as (failure: Failure) => unknown);
    it.errback(new InlineCallbacksCancelled('cancelled'));
  });
}

/** Drives `gen` as `inlineCallbacks` does; the Deferred fires with its return value. */
function drive<T>(gen: Coroutine<T>): Deferred<T> {
  const status: Status<T> = { deferred: null as unknown as Deferred<T>, waitingOn: null };
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
export function inlineCallbacks<A extends unknown[], T, This = unknown>(
  f: (this: This, ...args: A) => Coroutine<T>,
): (this: This, ...args: A) => Deferred<T> {
  if (typeof f !== 'function') {
    throw new InvalidArgumentError(`inlineCallbacks(f) must be a generator function, got ${describeValue(f)}`);
  }
  const wrapped = function (this: This, ...args: A): Deferred<T> {
    let gen: unknown;
    try {
      gen = f.apply(this, args);
    } catch (error) {
      const d = new Deferred<T>();
      d.errback(new Failure(error));
      return d;
    }
    if (!isCoroutine(gen)) {
      throw new InvalidArgumentError(
        `inlineCallbacks requires ${f.name || 'the function'} to be a generator function (function*), ` +
          `but it returned ${describeValue(gen)}`,
      );
    }
    return drive(gen as Coroutine<T>);
  };
  Object.defineProperty(wrapped, 'name', { value: f.name });
  return wrapped;
}

/**
 * A Deferred for a coroutine (driven as by `inlineCallbacks`), a promise, a core Future, or a
 * Deferred (returned as it is): Twisted's `ensureDeferred`.
 */
export function ensureDeferred<T>(coro: Coroutine<T> | PromiseLike<T> | Future<T> | Deferred<T>): Deferred<T> {
  if (coro instanceof Deferred) return coro;
  if (isCoroutine(coro)) return drive(coro as Coroutine<T>);
  const d = toDeferred(coro);
  if (d !== undefined) return d as Deferred<T>;
  throw new InvalidArgumentError(
    `ensureDeferred() takes a coroutine, a promise, a Future or a Deferred, got ${describeValue(coro)}`,
  );
}

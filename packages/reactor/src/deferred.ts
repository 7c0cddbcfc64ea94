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
import {
  AS_FUTURE,
  CancelledError,
  Future,
  InvalidArgumentError,
  LoopClosedError,
  TimeoutError,
  describeValue,
  getEventLoop,
  getRunningLoopOrNull,
  isThenable,
  type EventLoop,
} from '@async/loop';
import { AlreadyCalledError } from './errors.js';
import { Failure } from './failure.js';
import { DeferredIterator } from './deferred-iterator.js';

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
  callLater(delay: number, f: () => void): { cancel(): void };
}

type AnyFn = (...args: any[]) => unknown;
/** Marks the continuation entry that hands a chained Deferred's result back to its waiter. */
const CONTINUE: AnyFn = () => undefined;
const NO_ARGS: unknown[] = [];
/** The chain of a Deferred with nothing pending: shared, never written to. */
const NO_CALLBACKS: unknown[] = [];

const passthru = (value: unknown): unknown => value;


/*
 * What is kept to report a failure nobody handled. It must not reference the Deferred, or the
 * Deferred would never be collected.
 */
interface DebugInfo {
  loop: EventLoop;
  failResult: Failure | null;
}

const unhandled = new FinalizationRegistry<DebugInfo>((info) => {
  const failure = info.failResult;
  if (failure === null) return;
  const context = { message: 'Unhandled error in Deferred:', exception: failure.value, failure };
  if (info.loop.isClosed()) info.loop.defaultExceptionHandler(context);
  else info.loop.callExceptionHandler(context);
});

/** The arguments from index `from` on, as an array. */
function argumentsFrom(all: IArguments, from: number): unknown[] {
  const args = new Array<unknown>(all.length - from);
  for (let i = from; i < all.length; i++) args[i - from] = all[i];
  return args;
}

function checkFunction(value: unknown, what: string): asserts value is AnyFn {
  if (typeof value !== 'function') {
    throw new InvalidArgumentError(`${what} must be a function, got ${describeValue(value)}`);
  }
}

/** A result that will be available later, with Twisted's callback chain. */
export class Deferred<T = unknown> implements PromiseLike<T> {
  /** True once `callback()` or `errback()` was called (even if the chain is paused). */
  called = false;
  /** How many `pause()` calls are not matched by `unpause()` yet; chaining counts as one. */
  paused = 0;
  /** @internal */ _result: unknown = undefined;
  /**
   * @internal The chain, flat: each entry is four slots (callback, its args, errback, its
   * args), from `_head` on. Flat and index-based so that adding a callback allocates nothing.
   */
  _callbacks: unknown[] = NO_CALLBACKS;
  /** @internal Index of the next entry to run in `_callbacks`. */
  _head = 0;
  /** @internal */ _runningCallbacks = false;
  /** @internal */ _suppressAlreadyCalled = false;
  // Loosely typed so that a Deferred<T> stays assignable to Deferred<unknown>.
  private _canceller: Canceller<any> | null;
  private _debugInfo: DebugInfo | null = null;
  private _promise: Promise<T> | null = null;
  /*
   * One Deferred that lives as long as the class, never fired. V8 holds the hidden class (map)
   * that a Deferred's fields give it only through the objects that have it: once every Deferred
   * has been collected, a full GC drops the map and deoptimizes every function compiled against
   * it, so a program that used Deferreds in bursts (requests, batches) re-warmed the chain
   * machinery after each major GC (the bench's chain ran at half speed after each forced GC).
   * This instance keeps the map, and the code compiled for it, alive. A module-level constant
   * would not do: one that no function refers to is dropped once the module has run.
   */
  static readonly #mapAnchor: Deferred<never> = new Deferred<never>();

  /**
   * Creates an unfired Deferred. `canceller`, if given, is called by `cancel()` to stop the
   * operation; if it does not fire the Deferred, `cancel()` fails it with `CancelledError`.
   */
  constructor(canceller?: Canceller<T> | null) {
    if (canceller !== undefined && canceller !== null) checkFunction(canceller, 'new Deferred(canceller)');
    this._canceller = canceller ?? null;
  }

  /** The current result: what the next callback would receive (a `Failure` on the errback path). */
  get result(): unknown {
    return this._result;
  }

  /**
   * Adds a callback and an errback at the same position of the chain: `callback` runs if the
   * result at this point is a success, `errback` (default: pass the failure on) if it is a
   * `Failure`. Runs at once if the Deferred has fired. Returns this Deferred, retyped.
   */
  addCallbacks<R1, R2 = never, A1 extends unknown[] = [], A2 extends unknown[] = []>(
    callback: DeferredCallback<T, R1, A1>,
    errback?: DeferredErrback<R2, A2> | null,
    callbackArgs?: A1,
    errbackArgs?: A2,
  ): Deferred<Unwrap<R1> | Unwrap<R2>> {
    checkFunction(callback, 'addCallbacks(callback)');
    if (errback !== undefined && errback !== null) checkFunction(errback, 'addCallbacks(errback)');
    this._push(callback, callbackArgs ?? NO_ARGS, errback ?? passthru, errbackArgs ?? NO_ARGS);
    if (this.called) this._runCallbacks();
    return this as unknown as Deferred<Unwrap<R1> | Unwrap<R2>>;
  }

  /** Adds a callback for the success path; a failure passes it by. */
  addCallback<R, A extends unknown[]>(callback: DeferredCallback<T, R, A>, ...args: A): Deferred<Unwrap<R>>;
  addCallback(callback: AnyFn): Deferred<unknown> {
    if (typeof callback !== 'function') checkFunction(callback, 'addCallback(callback)');
    // Extra arguments come from `arguments`: a rest parameter would allocate on every call.
    this._push(callback, arguments.length > 1 ? argumentsFrom(arguments, 1) : NO_ARGS, passthru, NO_ARGS);
    if (this.called) this._runCallbacks();
    return this;
  }

  /** Adds an errback for the failure path; a success passes it by. */
  addErrback<R, A extends unknown[]>(errback: DeferredErrback<R, A>, ...args: A): Deferred<T | Unwrap<R>>;
  addErrback(errback: AnyFn): Deferred<unknown> {
    if (typeof errback !== 'function') checkFunction(errback, 'addErrback(errback)');
    this._push(passthru, NO_ARGS, errback, arguments.length > 1 ? argumentsFrom(arguments, 1) : NO_ARGS);
    if (this.called) this._runCallbacks();
    return this;
  }

  /** Adds the same function as callback and errback: it receives a result or a `Failure`. */
  addBoth<R, A extends unknown[]>(
    callback: (result: T | Failure, ...args: A) => R,
    ...args: A
  ): Deferred<Unwrap<R>> {
    checkFunction(callback, 'addBoth(callback)');
    const a = args.length === 0 ? NO_ARGS : args;
    this._push(callback, a, callback, a);
    if (this.called) this._runCallbacks();
    return this as unknown as Deferred<Unwrap<R>>;
  }

  /**
   * Makes this Deferred fire `other` with its result at this point of the chain (Twisted's
   * `chainDeferred`); the result here becomes `undefined`.
   */
  chainDeferred(other: Deferred<T>): Deferred<undefined> {
    if (!(other instanceof Deferred)) {
      throw new InvalidArgumentError(`chainDeferred() takes a Deferred, got ${describeValue(other)}`);
    }
    return this.addCallbacks(
      (r) => other.callback(r),
      (f) => other.errback(f),
    ) as unknown as Deferred<undefined>;
  }

  /**
   * Fires the success chain with `result`.
   * @throws AlreadyCalledError if the Deferred has already fired;
   *   InvalidArgumentError if `result` is a Deferred (return it from a callback to chain instead).
   */
  callback(result: T): void {
    if (result instanceof Deferred) {
      throw new InvalidArgumentError(
        'callback() with a Deferred: return the Deferred from a callback to chain it, or use chainDeferred()',
      );
    }
    this._startRunCallbacks(result);
  }

  /**
   * Fires the failure chain with `fail` (an error, wrapped in a `Failure`, or a `Failure`).
   * @throws AlreadyCalledError if the Deferred has already fired;
   *   InvalidArgumentError if `fail` is neither an `Error` nor a `Failure`.
   */
  errback(fail: Failure | Error): void {
    if (!(fail instanceof Failure)) {
      if (!(fail instanceof Error)) {
        throw new InvalidArgumentError(
          `errback() takes an Error or a Failure, got ${describeValue(fail)}: wrap the value in an Error`,
        );
      }
      fail = new Failure(fail);
    }
    this._startRunCallbacks(fail);
  }

  /** Stops the chain from running until a matching `unpause()`. */
  pause(): void {
    this.paused++;
  }

  /** Undoes one `pause()`; when none is left and the Deferred has fired, the chain runs on. */
  unpause(): void {
    this.paused--;
    if (this.paused > 0) return;
    if (this.called) this._runCallbacks();
  }

  /**
   * Cancels the operation. An unfired Deferred calls its canceller; if that does not fire it,
   * it fails with `CancelledError` (and, without a canceller, the operation's later result is
   * silently dropped). A Deferred paused on a chained Deferred cancels that one instead. A
   * fired Deferred is left alone.
   */
  cancel(): void {
    if (!this.called) {
      const canceller = this._canceller;
      if (canceller !== null) canceller(this);
      else this._suppressAlreadyCalled = true;
      if (!this.called) this.errback(new Failure(new CancelledError()));
    } else if (this._result instanceof Deferred) {
      this._result.cancel();
    }
  }

  /**
   * Fails this Deferred with `TimeoutError` if it has not fired within `timeout` seconds of
   * `clock` (default: the current event loop), by cancelling it. `onTimeoutCancel(result,
   * timeout)` may replace the outcome of a timed-out Deferred. Returns this Deferred.
   */
  addTimeout(
    timeout: number,
    clock: CallLaterClock = getEventLoop(),
    onTimeoutCancel?: (result: unknown, timeout: number) => unknown,
  ): Deferred<T> {
    if (typeof timeout !== 'number' || Number.isNaN(timeout) || timeout < 0) {
      throw new InvalidArgumentError(`addTimeout(timeout) must be a non-negative number of seconds, got ${describeValue(timeout)}`);
    }
    if (typeof clock !== 'object' || clock === null || typeof clock.callLater !== 'function') {
      throw new InvalidArgumentError(`addTimeout(clock) needs an object with callLater(), got ${describeValue(clock)}`);
    }
    if (onTimeoutCancel !== undefined) checkFunction(onTimeoutCancel, 'addTimeout(onTimeoutCancel)');
    let timedOut = false;
    const delayedCall = clock.callLater(timeout, () => {
      timedOut = true;
      this.cancel();
    });
    this.addBoth((value) => {
      if (!timedOut) return value;
      if (onTimeoutCancel !== undefined) return onTimeoutCancel(value, timeout);
      if (value instanceof Failure) {
        value.trap(CancelledError);
        throw new TimeoutError(`Deferred timed out after ${timeout} seconds`);
      }
      return value;
    });
    this.addBoth((value) => {
      if (!timedOut) delayedCall.cancel();
      return value;
    });
    return this;
  }

  /**
   * A core `Future` on `loop` that completes with this Deferred's result (Twisted's
   * `asFuture`). The result is consumed: this Deferred's chain continues with `undefined`.
   * Cancelling the future cancels this Deferred.
   */
  asFuture(loop: EventLoop): Future<T> {
    if (loop.isClosed()) throw new LoopClosedError();
    const future = new DeferredFuture<T>(loop, this);
    // Two shared functions with the future as their argument, rather than two closures: a task
    // waiting on a Deferred converts it at every wait.
    const args = [future];
    this._push(resolveFuture, args, rejectFuture, args);
    if (this.called) this._runCallbacks();
    return future;
  }

  /**
   * The future of `asFuture(loop)`: what any driver (an asyncio `Task`, Tornado's `gen`) waits
   * on when it is handed a Deferred (the core's `toFuture` finds it by this key). The result is
   * consumed, and cancelling the future cancels the Deferred.
   */
  [AS_FUTURE](loop: EventLoop): Future<T> {
    return this.asFuture(loop);
  }

  /**
   * A Deferred that fires with `future`'s outcome (Twisted's `Deferred.fromFuture`).
   * Cancelling the Deferred cancels the future and then waits for its outcome, as Twisted does:
   * usually a `CancelledError`, but a task that catches its cancellation and returns a value
   * fires the Deferred with that value.
   */
  static fromFuture<T>(future: Future<T>): Deferred<T> {
    if (!(future instanceof Future)) {
      throw new InvalidArgumentError(`Deferred.fromFuture() takes a Future, got ${describeValue(future)}`);
    }
    // Twisted's trick: the canceller fires the Deferred, and a callback it puts first in the
    // chain swaps that result for a fresh Deferred that the future's outcome fires; the chain
    // waits on it. Only a cancelled Deferred has that callback: a result passes no extra step.
    let actual: Deferred<T> | null = null;
    const d = new Deferred<T>((self) => {
      const waiting = (actual = new Deferred<T>());
      future.cancel();
      self._prependCallback(() => waiting);
      self.callback(undefined as T);
    });
    future.addDoneCallback((f) => {
      const target = actual ?? d;
      if (target.called) return;
      let value: T;
      try {
        value = f.result();
      } catch (error) {
        target.errback(new Failure(error));
        return;
      }
      target.callback(value);
    });
    return d as Deferred<T>;
  }

  /** A Deferred that fires with a promise's (or thenable's) outcome. */
  static fromPromise<T>(promise: PromiseLike<T>): Deferred<T> {
    if (!isThenable(promise)) {
      throw new InvalidArgumentError(`Deferred.fromPromise() takes a promise, got ${describeValue(promise)}`);
    }
    const d = new Deferred<T>();
    promise.then(
      (value) => {
        if (!d.called) d.callback(value);
      },
      (error: unknown) => {
        if (!d.called) d.errback(new Failure(error));
      },
    );
    return d;
  }

  /**
   * `yield* deferred` inside `inlineCallbacks` or any coroutine driver: evaluates to the
   * Deferred's result, or throws its failure's error. The result is consumed, as when Twisted's
   * `inlineCallbacks` waits on a Deferred.
   */
  [Symbol.iterator](): IterableIterator<unknown, T, unknown> {
    return new DeferredIterator<T>(this);
  }

  /**
   * @internal True when the result can be taken at once: the Deferred has fired and its chain
   * is neither paused, nor running, nor waiting on callbacks.
   */
  _resultReady(): boolean {
    return this.called && this.paused === 0 && this._head === this._callbacks.length && !this._runningCallbacks;
  }

  /**
   * @internal Takes the ready result (see `_resultReady`): the chain goes on with `undefined`.
   * @throws the failure's error, if the result is a `Failure`
   */
  _takeResult(): T {
    const result = this._result;
    this._result = undefined;
    this._clearFailResult();
    if (result instanceof Failure) throw result.value;
    return result as T;
  }

  /**
   * `await deferred`: the promise settles synchronously with the Deferred's result (no loop
   * hop). Awaiting consumes the result, as `asFuture` does.
   */
  then<R1 = T, R2 = never>(
    onfulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    if (this._promise === null) {
      this._promise = new Promise<T>((resolve, reject) => {
        this.addCallbacks(
          (value) => {
            resolve(value);
            return undefined;
          },
          (failure) => {
            reject(failure.value);
            return undefined;
          },
        );
      });
    }
    return this._promise.then(onfulfilled, onrejected);
  }

  toString(): string {
    if (!this.called) return '<Deferred>';
    if (this._result instanceof Deferred) return '<Deferred waiting on Deferred>';
    return `<Deferred current result: ${this._result instanceof Failure ? this._result.toString() : describeValue(this._result)}>`;
  }

  private _startRunCallbacks(result: unknown): void {
    if (this.called) {
      if (this._suppressAlreadyCalled) {
        this._suppressAlreadyCalled = false;
        return;
      }
      throw new AlreadyCalledError();
    }
    this.called = true;
    this._result = result;
    this._runCallbacks();
  }

  /** @internal Puts `callback` first in the pending chain (`fromFuture`'s cancellation). */
  _prependCallback(callback: (result: unknown) => unknown): void {
    if (this._callbacks === NO_CALLBACKS) this._callbacks = [];
    this._callbacks.splice(this._head, 0, callback, NO_ARGS, passthru, NO_ARGS);
  }

  /** @internal Puts `errback` first in the pending chain (inlineCallbacks' cancellation). */
  _prependErrback(errback: DeferredErrback<unknown>): void {
    if (this._callbacks === NO_CALLBACKS) this._callbacks = [];
    this._callbacks.splice(this._head, 0, passthru, NO_ARGS, errback, NO_ARGS);
  }

  /** @internal Appends one entry (callback, its args, errback, its args) to the chain. */
  _push(callback: unknown, callbackArgs: unknown[], errback: unknown, errbackArgs: unknown[]): void {
    let callbacks = this._callbacks;
    if (callbacks === NO_CALLBACKS) callbacks = this._callbacks = [];
    callbacks.push(callback, callbackArgs, errback, errbackArgs);
  }

  private _setFailResult(failure: Failure): void {
    if (this._debugInfo === null) {
      this._debugInfo = { loop: getRunningLoopOrNull() ?? getEventLoop(), failResult: failure };
      unhandled.register(this, this._debugInfo);
    } else {
      this._debugInfo.failResult = failure;
    }
  }

  /** @internal */
  _clearFailResult(): void {
    if (this._debugInfo !== null) this._debugInfo.failResult = null;
  }

  /*
   * Twisted's `_runCallbacks`: `chain` is the stack of Deferreds whose chains are running; a
   * chained Deferred that has its result already is continued in place, one whose result is
   * pending pauses its waiter, and a waiter is resumed by pushing it on the stack rather than
   * by recursion.
   */
  /** @internal */
  _runCallbacks(): void {
    if (this._runningCallbacks) return;
    // The stack is only allocated once a chained Deferred hands its result back to a waiter.
    let chain: Deferred<unknown>[] | null = null;
    let current: Deferred<unknown> = this as Deferred<unknown>;
    for (;;) {
      if (current.paused > 0) return;
      let finished = true;
      const callbacks = current._callbacks;
      // Set for the whole walk rather than around each call: between two callbacks no other
      // code runs, so the flag reads the same to anything a callback calls.
      current._runningCallbacks = true;
      while (current._head < callbacks.length) {
        const at = current._head;
        current._head = at + 4;
        const result = current._result;
        const isFailure = result instanceof Failure;
        const callback = (isFailure ? callbacks[at + 2] : callbacks[at]) as AnyFn;
        const args = (isFailure ? callbacks[at + 3] : callbacks[at + 1]) as unknown[];
        if (callback === CONTINUE) {
          const chainee = args[0] as Deferred<unknown>;
          chainee._result = current._result;
          current._result = undefined;
          current._clearFailResult();
          chainee.paused--;
          (chain ??= [current]).push(chainee);
          finished = false;
          break;
        }
        let returned: unknown;
        try {
          const count = args.length;
          returned = count === 0 ? callback(result) : count === 1 ? callback(result, args[0]) : callback(result, ...args);
        } catch (error) {
          current._result = error instanceof Failure ? error : new Failure(error);
          continue;
        }
        current._result = returned;
        if (returned instanceof Deferred) {
          if (returned === current) {
            current._result = new Failure(
              new InvalidArgumentError('a callback returned the Deferred it was added to: this would wait forever'),
            );
            continue;
          }
          const inner = returned._result;
          if (!returned.called || inner instanceof Deferred || returned.paused > 0) {
            current.pause();
            const waiter = [current];
            returned._push(CONTINUE, waiter, CONTINUE, waiter);
            break;
          }
          returned._result = undefined;
          returned._clearFailResult();
          current._result = inner;
        }
      }
      current._runningCallbacks = false;
      if (current._head === current._callbacks.length && current._head !== 0) {
        // Everything queued has run: drop the spent callbacks (and what they hold) at once.
        current._callbacks = NO_CALLBACKS;
        current._head = 0;
      }
      if (finished) {
        if (current._result instanceof Failure) current._setFailResult(current._result);
        else current._clearFailResult();
        if (chain === null) return;
        chain.pop();
        if (chain.length === 0) return;
      }
      current = chain![chain!.length - 1]!;
    }
  }
}

/**
 * The loop of `DeferredFuture`'s map anchor: a future's constructor only asks it whether debug
 * mode is on.
 */
const ANCHOR_LOOP = { getDebug: (): boolean => false } as unknown as EventLoop;

/**
 * The future of `asFuture`. Cancelling it cancels the Deferred on the next loop iteration, as
 * Twisted's done callback does, but without a done callback, which would cost a loop callback
 * for every result too.
 */
class DeferredFuture<T> extends Future<T> {
  /** As `Deferred`'s: a task waiting on a Deferred makes one each time. */
  static readonly #mapAnchor: DeferredFuture<never> = new DeferredFuture<never>(ANCHOR_LOOP, new Deferred<never>());

  constructor(
    loop: EventLoop,
    private readonly _deferred: Deferred<T>,
  ) {
    super(loop);
  }

  override cancel(message?: string): boolean {
    if (this.done()) return false;
    // Scheduled before the waiters' callbacks, as Twisted's done callback is added first.
    this.getLoop().callSoon(cancelDeferred, this._deferred);
    return super.cancel(message);
  }

  override _describe(): string {
    return 'Future';
  }
}

function cancelDeferred(d: Deferred<unknown>): void {
  d.cancel();
}

/** Settles the future of `asFuture` with the Deferred's result; the chain goes on with `undefined`. */
function resolveFuture(value: unknown, future: Future<unknown>): undefined {
  if (!future.done()) future.setResult(value);
  return undefined;
}

/** Fails the future of `asFuture` with the failure's error, which is then handled. */
function rejectFuture(failure: Failure, future: Future<unknown>): undefined {
  if (!future.done()) future.setException(failure.value);
  return undefined;
}

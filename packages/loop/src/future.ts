/**
 * `Future<T>`: PEP 3156's future, the one result type every front builds on. A future is
 * completed once, with a result, an exception or a cancellation; its done callbacks are then
 * scheduled on its loop with `callSoon`, in the order they were added.
 *
 * A future is both iterable and thenable: `const v = yield* fut` inside any coroutine driver, and
 * `const v = await fut` in plain async code. The iterator is asyncio's `__await__`: it yields the
 * future itself to the driver, which resumes it once the future is done.
 */
import type { EventLoop } from './event-loop.js';
import { CancelledError, InvalidStateError } from './errors.js';
import { checkCallback } from './argument-checks.js';
import { type Callback, Handle, type Runnable, queueRunnable } from './handle.js';
import { ANCHOR_LOOP } from './map-anchor.js';

const PENDING = 0;
const CANCELLED = 1;
const FINISHED = 2;
type State = typeof PENDING | typeof CANCELLED | typeof FINISHED;

/** A done callback receives the future it was added to. */
export type DoneCallback<T> = (future: Future<T>) => unknown;

/** What is kept for reporting an exception that was never retrieved. */
interface UnretrievedReport {
  loop: EventLoop;
  exception: unknown;
  what: string;
  sourceTraceback: string | undefined;
}

/*
 * A future whose exception nobody looked at is reported when it is garbage-collected, as asyncio
 * does in `Future.__del__`. The held value must not reference the future, or it would never be
 * collected.
 */
const unretrieved = new FinalizationRegistry<UnretrievedReport>((report) => {
  if (report.loop.isClosed()) return;
  report.loop.callExceptionHandler({
    message: `${report.what} exception was never retrieved`,
    exception: report.exception,
    sourceTraceback: report.sourceTraceback,
  });
});

/** The result of an asynchronous operation, bound to one event loop. */
export class Future<T = unknown> implements PromiseLike<T> {
  /** Keeps the class's hidden class alive across full GCs (see `map-anchor.ts`). */
  static readonly #mapAnchor: Future<never> = new Future<never>(ANCHOR_LOOP);
  /** @internal */ _state: State = PENDING;
  /** @internal */ _result: T | undefined = undefined;
  /** @internal */ _exception: unknown = undefined;
  /** @internal */ _cancelMessage: string | undefined = undefined;
  // Stored loosely typed: a Future<T> must stay assignable to Future<unknown>.
  // Null, the only callback itself, or an array once there are two: most futures get at most one
  // (the task or gather waiting on them), and an array each was a measurable share of GC time.
  private _callbacks: DoneCallback<any> | DoneCallback<any>[] | null = null;
  private _reportPending = false;
  private _promise: Promise<T> | null = null;
  private _settle: ((future: Future<any>) => void) | null = null;
  private readonly _loop: EventLoop;
  /** Where the future was created; captured only in debug mode. */
  readonly sourceTraceback: string | undefined;

  /** Creates a pending future on `loop`. Prefer `loop.createFuture()`. */
  constructor(loop: EventLoop) {
    this._loop = loop;
    this.sourceTraceback = loop.getDebug() ? new Error('future created here').stack : undefined;
  }

  /** The loop the future is bound to. */
  getLoop(): EventLoop {
    return this._loop;
  }

  /** True once the future has a result, an exception, or was cancelled. */
  done(): boolean {
    return this._state !== PENDING;
  }

  /** True if the future was cancelled. */
  cancelled(): boolean {
    return this._state === CANCELLED;
  }

  /**
   * The future's result.
   * @throws the future's exception if it has one; `CancelledError` if it was cancelled;
   *   `InvalidStateError` if it is not done yet.
   */
  result(): T {
    if (this._state === CANCELLED) throw this._makeCancelledError();
    if (this._state !== FINISHED) throw new InvalidStateError('Result is not ready: the future is still pending');
    if (this._exception !== undefined) {
      this._markRetrieved();
      throw this._exception;
    }
    return this._result as T;
  }

  /**
   * The future's exception, or `null` if it finished with a result.
   * @throws `CancelledError` if it was cancelled; `InvalidStateError` if it is not done yet.
   */
  exception(): unknown {
    if (this._state === CANCELLED) throw this._makeCancelledError();
    if (this._state !== FINISHED) throw new InvalidStateError('Exception is not set: the future is still pending');
    this._markRetrieved();
    return this._exception === undefined ? null : this._exception;
  }

  /**
   * Adds a callback run (through `callSoon`) when the future is done. If it is done already, the
   * callback is scheduled at once.
   */
  addDoneCallback(callback: DoneCallback<T>): void {
    checkCallback(callback, 'addDoneCallback(callback)');
    if (this._state !== PENDING) this._loop.callSoon(callback, this);
    else if (this._callbacks === null) this._callbacks = callback;
    // A two-element literal: `push` onto a short array reserves room for 17, ~150 bytes held by
    // every pending future that has several callbacks.
    else if (typeof this._callbacks === 'function') this._callbacks = [this._callbacks, callback];
    else this._callbacks.push(callback);
  }

  /** Removes every registration of `callback`; returns how many were removed. */
  removeDoneCallback(callback: DoneCallback<T>): number {
    const callbacks = this._callbacks;
    if (callbacks === null) return 0;
    if (typeof callbacks === 'function') {
      if (callbacks !== callback) return 0;
      this._callbacks = null;
      return 1;
    }
    const kept = callbacks.filter((cb) => cb !== callback);
    this._callbacks = kept.length === 0 ? null : kept;
    return callbacks.length - kept.length;
  }

  /**
   * Cancels the future and schedules its callbacks. Returns false if it was already done.
   * `message` is carried by the `CancelledError` the waiters receive.
   */
  cancel(message?: string): boolean {
    if (this._state !== PENDING) return false;
    this._state = CANCELLED;
    this._cancelMessage = message;
    this._scheduleCallbacks();
    return true;
  }

  /** Completes the future with `result`. @throws `InvalidStateError` if it is already done. */
  setResult(result: T): void {
    if (this._state !== PENDING) throw this._alreadyDone('setResult');
    this._result = result;
    this._state = FINISHED;
    this._scheduleCallbacks();
  }

  /**
   * Completes the future with an exception. @throws `InvalidStateError` if it is already done.
   * If nobody retrieves the exception before the future is collected, the loop's exception
   * handler is told.
   */
  setException(exception: unknown): void {
    if (this._state !== PENDING) throw this._alreadyDone('setException');
    // `undefined` marks "no exception" internally; store a real error in its place.
    this._exception = exception === undefined ? new Error('future failed with undefined') : exception;
    this._state = FINISHED;
    this._reportPending = true;
    // Until its `stack` is read, an Error keeps the frames it was thrown through, receivers
    // included: an error thrown inside a task's coroutine would keep the task (and so itself)
    // alive, and never be reported. Reading it turns the frames into a string.
    if (this._exception instanceof Error) void this._exception.stack;
    unretrieved.register(
      this,
      { loop: this._loop, exception: this._exception, what: this._describe(), sourceTraceback: this.sourceTraceback },
      this,
    );
    this._scheduleCallbacks();
  }

  /** `yield* future` waits for the future inside a coroutine and evaluates to its result. */
  *[Symbol.iterator](): Generator<Future<T>, T, unknown> {
    if (this._state === PENDING) yield this;
    if (this._state === PENDING) {
      throw new InvalidStateError('a coroutine was resumed before the future it waits on was done');
    }
    return this.result();
  }

  /**
   * `await future` in plain async code. The promise settles as soon as the future completes
   * (it does not wait for a loop iteration), with its result, its exception, or a
   * `CancelledError`. Awaiting counts as retrieving the exception.
   */
  then<R1 = T, R2 = never>(
    onfulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    return this._asPromise().then(onfulfilled, onrejected);
  }

  /** `future.catch(...)`, as on a promise. */
  catch<R = never>(onrejected?: ((reason: unknown) => R | PromiseLike<R>) | null): Promise<T | R> {
    return this._asPromise().catch(onrejected);
  }

  /** `future.finally(...)`, as on a promise. */
  finally(onfinally?: (() => void) | null): Promise<T> {
    return this._asPromise().finally(onfinally);
  }

  toString(): string {
    const state = this._state === PENDING ? 'pending' : this._state === CANCELLED ? 'cancelled' : 'finished';
    return `<${this._describe()} ${state}>`;
  }

  /** @internal The name used in reports; `Task` overrides it. */
  _describe(): string {
    return this.constructor.name;
  }

  /** @internal The error that waiters of a cancelled future receive. */
  _makeCancelledError(): CancelledError {
    return new CancelledError(this._cancelMessage ?? 'the future was cancelled');
  }

  private _alreadyDone(what: string): InvalidStateError {
    return new InvalidStateError(`${what}() on a future that is already ${this._state === CANCELLED ? 'cancelled' : 'done'}: a future completes once`);
  }

  private _markRetrieved(): void {
    if (this._reportPending) {
      this._reportPending = false;
      unretrieved.unregister(this);
    }
  }

  private _asPromise(): Promise<T> {
    if (this._promise === null) {
      this._promise = new Promise<T>((resolve, reject) => {
        this._settle = (f) => {
          try {
            resolve(f.result());
          } catch (error) {
            reject(error);
          }
        };
      });
      if (this._state !== PENDING) this._settle!(this);
    }
    return this._promise;
  }

  private _scheduleCallbacks(): void {
    if (this._settle !== null) {
      this._settle(this);
      this._settle = null;
    }
    const callbacks = this._callbacks;
    if (callbacks === null) return;
    this._callbacks = null;
    if (typeof callbacks === 'function') this._scheduleCallback(callbacks);
    else for (let i = 0; i < callbacks.length; i++) this._scheduleCallback(callbacks[i]!);
  }

  private _scheduleCallback(callback: DoneCallback<any>): void {
    if (!queueRunnable(this._loop, new DoneCallbackCall(this, callback))) this._loop.callSoon(callback, this);
  }
}

/**
 * One done callback of a future, queued as it is on the engine's loops: the `Handle` and the
 * argument array of `callSoon(callback, future)` are two allocations per callback, and nobody
 * can cancel this call anyway (`removeDoneCallback` after completion is too late, as in asyncio).
 */
class DoneCallbackCall implements Runnable {
  constructor(
    private readonly _future: Future<any>,
    private readonly _callback: DoneCallback<any>,
  ) {}

  _run(): void {
    try {
      this._callback(this._future);
    } catch (exception) {
      // Reported as a Handle reports its callback's exception, with a handle describing the call.
      const handle = new Handle(this._callback as Callback, [this._future], this._future.getLoop());
      this._future.getLoop().callExceptionHandler({ message: `Exception in callback ${handle.toString()}`, exception, handle });
    }
  }

  /** What debug mode's slow-callback report names. */
  toString(): string {
    return `<done callback ${this._callback.name || '(anonymous)'} of ${this._future.toString()}>`;
  }
}

/** True for a core `Future` (and so for every subclass, `Task` included). */
export function isFuture(value: unknown): value is Future<unknown> {
  return value instanceof Future;
}

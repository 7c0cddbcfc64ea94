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

/*
 * `_state` packs the state (its low two bits) with flags, so that a future is five fields: with
 * 1e5 tasks alive at once, every byte of a future (and of `Task`, its subclass) is copied by each
 * young-generation collection they survive. Bits 0-3 are the future's; `Task` uses the bits from
 * `FIRST_SUBCLASS_FLAG` up. A future only ever leaves PENDING, so completing it is `|=`.
 */
const STATE_MASK = 3;
const PENDING = 0;
const CANCELLED = 1;
const FINISHED = 2;
/** Set with FINISHED when `_value` holds an exception rather than a result. */
const FAILED = 4;
/** The exception is registered for the never-retrieved report. */
const REPORT_PENDING = 8;
/** @internal The lowest bit a subclass may use in `_state`. */
export const FIRST_SUBCLASS_FLAG = 16;

/** A done callback receives the future it was added to. */
export type DoneCallback<T> = (future: Future<T>) => unknown;

/**
 * @internal A task waiting on a future. The future keeps the task itself in its callbacks and
 * calls `_wakeUp(future)` when their turn comes: no closure per waiting task, no queue entry of
 * its own.
 */
export interface FutureWaiter {
  _wakeUp(future: Future<unknown>): void;
}

type CallbackEntry = DoneCallback<any> | FutureWaiter;

/** What few futures need: made on first use (a cancel message, `await`, debug mode). */
class FutureExtra {
  cancelMessage: string | undefined = undefined;
  sourceTraceback: string | undefined = undefined;
  promise: Promise<any> | null = null;
  resolve: ((value: any) => void) | null = null;
  reject: ((reason: unknown) => void) | null = null;
  /** Used by `Task`: its cancellation requests not withdrawn yet. */
  cancelRequests = 0;
}

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
export class Future<T = unknown> implements PromiseLike<T>, Runnable {
  /** Keeps the class's hidden class alive across full GCs (see `map-anchor.ts`). */
  static readonly #mapAnchor: Future<never> = new Future<never>(ANCHOR_LOOP);
  /** @internal The state in the low two bits, and flags (see `STATE_MASK`). */
  _state = PENDING;
  /**
   * @internal The result, or the exception when FAILED is set. Unused while the future is
   * pending, so `Task` keeps what it waits on there.
   */
  _value: unknown = undefined;
  /*
   * Null, one entry, or an array once there are two: most futures get at most one (the task or
   * gather waiting on them), and an array each was a measurable share of GC time. Kept, once the
   * future is done, until its turn in the ready queue comes (see `_run`).
   */
  private _callbacks: CallbackEntry | CallbackEntry[] | null = null;
  private readonly _loop: EventLoop;
  /** @internal */ _extra: FutureExtra | null = null;

  /** Creates a pending future on `loop`. Prefer `loop.createFuture()`. */
  constructor(loop: EventLoop) {
    this._loop = loop;
    if (loop.getDebug()) this._extraRecord().sourceTraceback = new Error('future created here').stack;
  }

  /** Where the future was created; captured only in debug mode. */
  get sourceTraceback(): string | undefined {
    return this._extra?.sourceTraceback;
  }

  /** The loop the future is bound to. */
  getLoop(): EventLoop {
    return this._loop;
  }

  /** True once the future has a result, an exception, or was cancelled. */
  done(): boolean {
    return (this._state & STATE_MASK) !== PENDING;
  }

  /** True if the future was cancelled. */
  cancelled(): boolean {
    return (this._state & STATE_MASK) === CANCELLED;
  }

  /**
   * The future's result.
   * @throws the future's exception if it has one; `CancelledError` if it was cancelled;
   *   `InvalidStateError` if it is not done yet.
   */
  result(): T {
    const state = this._state;
    if ((state & STATE_MASK) === FINISHED && (state & FAILED) === 0) return this._value as T;
    if ((state & STATE_MASK) === CANCELLED) throw this._makeCancelledError();
    if ((state & STATE_MASK) !== FINISHED) throw new InvalidStateError('Result is not ready: the future is still pending');
    this._markRetrieved();
    throw this._value;
  }

  /**
   * The future's exception, or `null` if it finished with a result.
   * @throws `CancelledError` if it was cancelled; `InvalidStateError` if it is not done yet.
   */
  exception(): unknown {
    const state = this._state;
    if ((state & STATE_MASK) === CANCELLED) throw this._makeCancelledError();
    if ((state & STATE_MASK) !== FINISHED) throw new InvalidStateError('Exception is not set: the future is still pending');
    if ((state & FAILED) === 0) return null;
    this._markRetrieved();
    return this._value;
  }

  /**
   * Adds a callback run (through `callSoon`) when the future is done. If it is done already, the
   * callback is scheduled at once.
   */
  addDoneCallback(callback: DoneCallback<T>): void {
    checkCallback(callback, 'addDoneCallback(callback)');
    if ((this._state & STATE_MASK) !== PENDING) this._loop.callSoon(callback, this);
    else this._addEntry(callback);
  }

  /**
   * @internal Adds a waiting task to a pending future: it is woken (`_wakeUp`) where a done
   * callback added now would run.
   */
  _addWaiter(waiter: FutureWaiter): void {
    this._addEntry(waiter);
  }

  private _addEntry(entry: CallbackEntry): void {
    const callbacks = this._callbacks;
    if (callbacks === null) this._callbacks = entry;
    // A two-element literal: `push` onto a short array reserves room for 17, ~150 bytes held by
    // every pending future that has several callbacks.
    else if (!Array.isArray(callbacks)) this._callbacks = [callbacks, entry];
    else callbacks.push(entry);
  }

  /** Removes every registration of `callback`; returns how many were removed. */
  removeDoneCallback(callback: DoneCallback<T>): number {
    const callbacks = this._callbacks;
    // Once the future is done its callbacks are scheduled: too late to remove one, as in asyncio.
    if (callbacks === null || (this._state & STATE_MASK) !== PENDING) return 0;
    if (!Array.isArray(callbacks)) {
      if (callbacks !== callback) return 0;
      this._callbacks = null;
      return 1;
    }
    const kept = callbacks.filter((cb) => cb !== callback);
    this._callbacks = kept.length === 0 ? null : kept.length === 1 ? kept[0]! : kept;
    return callbacks.length - kept.length;
  }

  /**
   * Cancels the future and schedules its callbacks. Returns false if it was already done.
   * `message` is carried by the `CancelledError` the waiters receive.
   */
  cancel(message?: string): boolean {
    if ((this._state & STATE_MASK) !== PENDING) return false;
    this._state |= CANCELLED;
    this._value = undefined;
    this._setCancelMessage(message);
    this._scheduleCallbacks();
    return true;
  }

  /** Completes the future with `result`. @throws `InvalidStateError` if it is already done. */
  setResult(result: T): void {
    if ((this._state & STATE_MASK) !== PENDING) throw this._alreadyDone('setResult');
    this._value = result;
    this._state |= FINISHED;
    this._scheduleCallbacks();
  }

  /**
   * Completes the future with an exception. @throws `InvalidStateError` if it is already done.
   * If nobody retrieves the exception before the future is collected, the loop's exception
   * handler is told.
   */
  setException(exception: unknown): void {
    if ((this._state & STATE_MASK) !== PENDING) throw this._alreadyDone('setException');
    // `undefined` is no error to throw; store a real one in its place.
    const error = exception === undefined ? new Error('future failed with undefined') : exception;
    this._value = error;
    this._state |= FINISHED | FAILED | REPORT_PENDING;
    // Until its `stack` is read, an Error keeps the frames it was thrown through, receivers
    // included: an error thrown inside a task's coroutine would keep the task (and so itself)
    // alive, and never be reported. Reading it turns the frames into a string.
    if (error instanceof Error) void error.stack;
    unretrieved.register(
      this,
      { loop: this._loop, exception: error, what: this._describe(), sourceTraceback: this.sourceTraceback },
      this,
    );
    this._scheduleCallbacks();
  }

  /** `yield* future` waits for the future inside a coroutine and evaluates to its result. */
  *[Symbol.iterator](): Generator<Future<T>, T, unknown> {
    if (!this.done()) yield this;
    if (!this.done()) {
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
    const state = this._state & STATE_MASK;
    return `<${this._describe()} ${state === PENDING ? 'pending' : state === CANCELLED ? 'cancelled' : 'finished'}>`;
  }

  /** @internal The name used in reports; `Task` overrides it. */
  _describe(): string {
    return this.constructor.name;
  }

  /** @internal The error that waiters of a cancelled future receive. */
  _makeCancelledError(): CancelledError {
    return new CancelledError(this._extra?.cancelMessage ?? 'the future was cancelled');
  }

  /** @internal The record of the rare fields, made on first use. */
  _extraRecord(): FutureExtra {
    return (this._extra ??= new FutureExtra());
  }

  /** @internal Records the message of a cancellation (nothing to record for none). */
  _setCancelMessage(message: string | undefined): void {
    if (message !== undefined || this._extra !== null) this._extraRecord().cancelMessage = message;
  }

  /**
   * @internal The future's turn in the ready queue, once it is done: it runs its done callbacks,
   * each as its own `callSoon` would (a failing one is reported and the others still run). The
   * engine's loops queue the future itself (see `_scheduleCallbacks`).
   */
  _run(): void {
    const callbacks = this._callbacks;
    if (callbacks === null) return;
    this._callbacks = null;
    if (!Array.isArray(callbacks)) this._runEntry(callbacks);
    else for (let i = 0; i < callbacks.length; i++) this._runEntry(callbacks[i]!);
  }

  private _runEntry(entry: CallbackEntry): void {
    if (typeof entry !== 'function') {
      entry._wakeUp(this);
      return;
    }
    try {
      entry(this);
    } catch (exception) {
      reportCallbackFailure(this, entry, exception);
    }
  }

  private _alreadyDone(what: string): InvalidStateError {
    return new InvalidStateError(`${what}() on a future that is already ${this.cancelled() ? 'cancelled' : 'done'}: a future completes once`);
  }

  private _markRetrieved(): void {
    if ((this._state & REPORT_PENDING) !== 0) {
      this._state &= ~REPORT_PENDING;
      unretrieved.unregister(this);
    }
  }

  private _asPromise(): Promise<T> {
    const extra = this._extraRecord();
    if (extra.promise === null) {
      extra.promise = new Promise<T>((resolve, reject) => {
        extra.resolve = resolve;
        extra.reject = reject;
      });
      if (this.done()) this._settlePromise(extra);
    }
    return extra.promise as Promise<T>;
  }

  private _settlePromise(extra: FutureExtra): void {
    const resolve = extra.resolve!;
    const reject = extra.reject!;
    extra.resolve = null;
    extra.reject = null;
    let value: T;
    try {
      value = this.result();
    } catch (error) {
      reject(error);
      return;
    }
    resolve(value);
  }

  private _scheduleCallbacks(): void {
    const extra = this._extra;
    if (extra !== null && extra.resolve !== null) this._settlePromise(extra);
    const callbacks = this._callbacks;
    if (callbacks === null) return;
    const loop = this._loop;
    // One queue entry for all the callbacks: they would sit next to each other in the queue
    // anyway. Debug mode queues each on its own, so that a slow one is reported by name.
    if (!loop.getDebug() && queueRunnable(loop, this)) return;
    this._callbacks = null;
    if (!Array.isArray(callbacks)) this._scheduleEntry(callbacks);
    else for (let i = 0; i < callbacks.length; i++) this._scheduleEntry(callbacks[i]!);
  }

  private _scheduleEntry(entry: CallbackEntry): void {
    const loop = this._loop;
    if (queueRunnable(loop, new DoneCallbackCall(this, entry))) return;
    if (typeof entry === 'function') loop.callSoon(entry, this);
    else loop.callSoon(wakeWaiter, entry, this);
  }
}

function wakeWaiter(waiter: FutureWaiter, future: Future<unknown>): void {
  waiter._wakeUp(future);
}

function reportCallbackFailure(future: Future<any>, callback: DoneCallback<any>, exception: unknown): void {
  // Reported as a Handle reports its callback's exception, with a handle describing the call.
  const handle = new Handle(callback as Callback, [future], future.getLoop());
  future.getLoop().callExceptionHandler({ message: `Exception in callback ${handle.toString()}`, exception, handle });
}

/**
 * One done callback of a future, queued on its own in debug mode, so that a slow one is
 * reported by name.
 */
class DoneCallbackCall implements Runnable {
  constructor(
    private readonly _future: Future<any>,
    private readonly _entry: CallbackEntry,
  ) {}

  _run(): void {
    const entry = this._entry;
    if (typeof entry !== 'function') {
      entry._wakeUp(this._future);
      return;
    }
    try {
      entry(this._future);
    } catch (exception) {
      reportCallbackFailure(this._future, entry, exception);
    }
  }

  /** What debug mode's slow-callback report names. */
  toString(): string {
    const entry = this._entry;
    const name = typeof entry === 'function' ? entry.name || '(anonymous)' : String(entry);
    return `<done callback ${name} of ${this._future.toString()}>`;
  }
}

/** True for a core `Future` (and so for every subclass, `Task` included). */
export function isFuture(value: unknown): value is Future<unknown> {
  return value instanceof Future;
}

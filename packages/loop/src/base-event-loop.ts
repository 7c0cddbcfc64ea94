/**
 * The scheduling engine shared by every loop implementation: a ready queue drained in batches,
 * a timer heap, the run/stop/close lifecycle, the exception handler and debug mode. Subclasses
 * supply only a clock (`time()`) and a way to wait until a timer is due (`_waitForTimer`):
 * `NodeEventLoop` arms one Node timer, `VirtualEventLoop` jumps its virtual clock.
 *
 * How iterations are driven on Node: one iteration (asyncio's `_run_once`) moves the due timers
 * to the ready queue and runs the callbacks that were ready when it began; callbacks they
 * schedule wait for the next iteration. While there is ready work, iterations follow each other
 * as microtasks, so promise continuations run between them and a `callSoon` chain does not pay
 * for a trip through libuv each time; after a burst of `BURST_MS` milliseconds the next
 * iteration goes through `setImmediate`, so I/O is polled and nothing starves.
 */
// Not the global `performance`, a lazy getter that costs about 10 ns a read (see node-event-loop.ts).
import { performance } from 'node:perf_hooks';
import { inspect } from 'node:util';
import type { EventLoop, ExceptionContext, ExceptionHandler } from './event-loop.js';
import type { Coroutine, Waitable } from './coroutine.js';
import { type Callback, Handle, NO_ARGS, type Runnable, TimerHandle, type TimerOwner } from './handle.js';
import { TimerHeap } from './timer-heap.js';
import { Future } from './future.js';
import { Task, type TaskOptions, type TaskRegistry, ensureFuture } from './task.js';
import { LoopClosedError, LoopStateError } from './errors.js';
import { checkCallback, checkDelay, checkTime } from './argument-checks.js';
import { _enterDispatch, _setRunning } from './running-loop.js';
import { runUntilDone } from './run-until-done.js';
import type { Protocol, ProtocolFactory } from './protocols.js';
import type { Transport } from './transports.js';
import type { Server } from './server.js';
import type { ConnectionOptions, ServerOptions, StartTlsContext, StartTlsOptions } from './connection-options.js';

/** The arguments from index `from` on, as an array. */
function extraArguments(all: IArguments, from: number): unknown[] {
  const args = new Array<unknown>(all.length - from);
  for (let i = from; i < all.length; i++) args[i - from] = all[i];
  return args;
}

const RESOLVED = Promise.resolve();

/** How long a run of back-to-back iterations may last before yielding to libuv. */
const BURST_MS = 2;
/**
 * Within a burst the clock is read every tick at first, then, while the ticks between two reads
 * took less than `SHORT_TICKS_MS` in all, every 2, 4 … `MAX_CLOCK_STRIDE` ticks.
 */
const SHORT_TICKS_MS = 0.25;
const MAX_CLOCK_STRIDE = 8;
/** A batch longer than this gives its array's memory back when emptied: see `runOnce`. */
const MAX_KEPT_BATCH = 16384;
/** Cancelled timers are purged from the heap once they are this many and half of it. */
const MIN_CANCELLED_TIMERS_TO_PURGE = 100;
/** Node cannot arm a timer longer than this (about 24.8 days); longer waits are re-armed. */
export const MAX_NODE_TIMER_MS = 2 ** 31 - 1;

/** True when the environment asks for debug mode, like `PYTHONASYNCIODEBUG`. */
function debugFromEnvironment(): boolean {
  const value = globalThis.process?.env?.['ASYNC_LOOP_DEBUG'];
  return value !== undefined && value !== '' && value !== '0';
}

/** The engine behind every loop implementation. */
// Also a `RunnableQueue` and a `CurrentTaskSlot` (internal, so not in the `implements` list the
// API docs show).
export abstract class BaseEventLoop implements EventLoop, TimerOwner {
  /** @internal The task whose step runs now (see `CurrentTaskSlot` in task.ts), else null. */
  _currentTask: Task<unknown> | null = null;
  /** @internal The loop's unfinished tasks, for `allTasks()` (see `CurrentTaskSlot` in task.ts). */
  _taskRegistry: TaskRegistry | null = null;
  /** @internal The values of the `LoopLocal`s set for this loop, by slot (see loop-local.ts). */
  _locals: unknown[] = [];
  /** Callbacks for the next iteration. Swapped with `_spare` at each batch. */
  private _ready: Runnable[] = [];
  private _spare: Runnable[] = [];
  private readonly _timers = new TimerHeap();
  private _cancelledTimers = 0;

  private _running = false;
  private _dispatching = false;
  private _stopping = false;
  private _closed = false;
  private _resolveRun: (() => void) | null = null;

  /** An iteration is already queued (as a microtask or an immediate). */
  private _tickQueued = false;
  private _immediate: ReturnType<typeof setImmediate> | null = null;
  /*
   * -Infinity ("long ago"), not 0: a double from the start, as every clock read stored here
   * later is. With 0 (a small integer to V8) the first clock read changed the loop's hidden
   * class, so a loop that had run had another one than `NodeEventLoop`'s map anchor (see
   * node-event-loop.ts), and the anchor kept the wrong one alive.
   */
  private _burstStart = -Infinity;
  /** When the clock was last read for the burst, and how many ticks may pass before the next read. */
  private _lastBurstCheck = -Infinity;
  private _clockStride = 1;
  private _ticksUntilClock = 0;
  private _keepAlive: ReturnType<typeof setInterval> | null = null;

  private _debug = debugFromEnvironment();
  private _exceptionHandler: ExceptionHandler | null = null;
  /** @inheritDoc */
  slowCallbackDuration = 0.1;

  /**
   * Timers due within this many seconds of now are treated as due, because the wake-up timer's
   * granularity is coarser than the clock (asyncio's `clock_resolution`).
   */
  protected clockResolution = 0;

  /** The loop's monotonic clock, in seconds. */
  abstract time(): number;

  /**
   * Called when the loop is running, has no ready callbacks and its earliest timer is due at
   * `when` (in the future): arrange for `_wakeForTimer()` to be called then.
   */
  protected abstract _waitForTimer(when: number): void;

  /** Undo `_waitForTimer`: the loop stopped, or has no timer left. */
  protected abstract _cancelTimerWait(): void;

  /** See `EventLoop.createConnection`; each implementation brings its own transports. */
  abstract createConnection<P extends Protocol>(
    protocolFactory: ProtocolFactory<P>,
    options: ConnectionOptions,
  ): Future<[Transport, P]>;

  /** See `EventLoop.createServer`. */
  abstract createServer(protocolFactory: ProtocolFactory, options: ServerOptions): Future<Server>;

  /** See `EventLoop.startTls`; only the implementation's own transports can be upgraded. */
  abstract startTls(
    transport: Transport,
    protocol: Protocol,
    tls: StartTlsContext,
    options?: StartTlsOptions,
  ): Future<Transport>;

  // ---- scheduling -------------------------------------------------------------------------

  /*
   * The scheduling methods read extra arguments from `arguments` rather than a rest parameter:
   * a rest parameter allocates an array on every call, and almost every call has none.
   */
  callSoon<A extends unknown[]>(callback: (...args: A) => unknown, ...args: A): Handle;
  callSoon(callback: Callback): Handle {
    if (this._closed) throw new LoopClosedError();
    if (typeof callback !== 'function') checkCallback(callback, 'callSoon(callback)');
    const handle = new Handle(callback, arguments.length > 1 ? extraArguments(arguments, 1) : NO_ARGS, this);
    this._ready.push(handle);
    if (this._running && !this._tickQueued) this._queueTick();
    return handle;
  }

  /**
   * @internal `callSoon` for an object that runs itself (`item._run()`), when nobody could cancel
   * the call: no `Handle` and no argument array. A `Task` queues its first step this way, which
   * made creating a task about a third cheaper in memory.
   */
  _callSoonRunnable(item: Runnable): void {
    if (this._closed) throw new LoopClosedError();
    this._ready.push(item);
    if (this._running && !this._tickQueued) this._queueTick();
  }

  /**
   * @internal `_callSoonRunnable` for an I/O event's work (a socket's chunk, its end). When the
   * loop runs and is idle, the iteration runs now, inside the event, as a timer's wake-up does:
   * the item first, then the timers that are due, the order of asyncio's iteration (what the
   * selector returned, then the timers that came due). Queuing it instead would cost one more
   * microtask (or, once a burst is over, a `setImmediate`) for every event that finds the loop
   * idle: in a ping-pong server, every message. A busy loop queues the item as `callSoon` would.
   */
  _callSoonFromIo(item: Runnable): void {
    if (this._closed) throw new LoopClosedError();
    this._ready.push(item);
    if (!this._running || this._tickQueued || this._dispatching) return;
    this._startBurst();
    this._tickQueued = true;
    this._tick();
  }

  callLater<A extends unknown[]>(delay: number, callback: (...args: A) => unknown, ...args: A): TimerHandle;
  callLater(delay: number, callback: Callback): TimerHandle {
    checkDelay(delay, 'callLater(delay)');
    return this._callAt(this.time() + delay, callback, arguments.length > 2 ? extraArguments(arguments, 2) : NO_ARGS);
  }

  callAt<A extends unknown[]>(when: number, callback: (...args: A) => unknown, ...args: A): TimerHandle;
  callAt(when: number, callback: Callback): TimerHandle {
    checkTime(when, 'callAt(when)');
    return this._callAt(when, callback, arguments.length > 2 ? extraArguments(arguments, 2) : NO_ARGS);
  }

  private _callAt(when: number, callback: Callback, args: unknown[]): TimerHandle {
    if (this._closed) throw new LoopClosedError();
    if (typeof callback !== 'function') checkCallback(callback, 'the timer callback');
    const handle = new TimerHandle(when, callback, args, this);
    handle._scheduled = true;
    this._timers.push(handle);
    // Only an idle loop is waiting on a timer; a queued tick re-arms after it runs.
    if (this._running && !this._tickQueued && this._timers.peek() === handle) this._armTimer();
    return handle;
  }

  /** @internal Called by `TimerHandle.cancel()`. */
  _timerHandleCancelled(_handle: TimerHandle): void {
    this._cancelledTimers++;
  }

  createFuture<T = unknown>(): Future<T> {
    if (this._closed) throw new LoopClosedError();
    return new Future<T>(this);
  }

  createTask<T>(coro: Coroutine<T>, options?: TaskOptions): Task<T> {
    if (this._closed) throw new LoopClosedError();
    return new Task(coro, this, options);
  }

  // ---- running ----------------------------------------------------------------------------

  runForever(): Promise<void> {
    if (this._closed) return Promise.reject(new LoopClosedError());
    if (this._running) {
      return Promise.reject(
        new LoopStateError('this event loop is already running: wait for it to stop, or schedule work with callSoon'),
      );
    }
    this._running = true;
    _setRunning(this, true);
    // A running loop keeps the process alive even when it has nothing to do, as in Python.
    this._keepAlive = setInterval(() => {}, MAX_NODE_TIMER_MS);
    return new Promise<void>((resolve) => {
      this._resolveRun = resolve;
      this._queueTick();
    });
  }

  runUntilComplete<T>(waitable: Waitable<T>): Promise<T> {
    return runUntilDone(this, () => ensureFuture(waitable, this), [this]);
  }

  stop(): void {
    this._stopping = true;
    if (this._running && !this._tickQueued) this._queueTick();
  }

  close(): void {
    if (this._running) {
      throw new LoopStateError('cannot close a running event loop: call stop() and wait for runForever() first');
    }
    if (this._closed) return;
    this._closed = true;
    for (const item of this._ready) if (item instanceof Handle) item.cancel();
    this._ready = [];
    this._timers.clear();
    this._cancelledTimers = 0;
  }

  isRunning(): boolean {
    return this._running;
  }

  isClosed(): boolean {
    return this._closed;
  }

  // ---- errors and debugging -----------------------------------------------------------------

  setExceptionHandler(handler: ExceptionHandler | null): void {
    if (handler !== null) checkCallback(handler, 'setExceptionHandler(handler)');
    this._exceptionHandler = handler;
  }

  getExceptionHandler(): ExceptionHandler | null {
    return this._exceptionHandler;
  }

  callExceptionHandler(context: ExceptionContext): void {
    const handler = this._exceptionHandler;
    if (handler === null) {
      try {
        this.defaultExceptionHandler(context);
      } catch {
        // The default handler only writes to the console; there is nowhere left to report.
      }
      return;
    }
    try {
      handler(this, context);
    } catch (exception) {
      try {
        this.defaultExceptionHandler({ message: 'Unhandled error in exception handler', exception, context });
      } catch {
        // As above.
      }
    }
  }

  defaultExceptionHandler(context: ExceptionContext): void {
    const lines = [context.message || 'Unhandled exception in event loop'];
    for (const [key, value] of Object.entries(context)) {
      if (key === 'message' || key === 'exception' || key === 'sourceTraceback' || value === undefined) continue;
      // A plain object (such as the original context, when a custom handler failed) would print
      // as "[object Object]" and hide the error it carries; asyncio shows its repr.
      const plain = typeof value === 'object' && value !== null && value.toString === Object.prototype.toString;
      lines.push(`${key}: ${plain ? inspect(value, { depth: 3 }) : String(value)}`);
    }
    if (context.sourceTraceback) lines.push(`Object created at (most recent call last):\n${context.sourceTraceback}`);
    if (context.exception !== undefined) {
      const e = context.exception;
      lines.push(e instanceof Error && e.stack ? e.stack : String(e));
    }
    console.error(lines.join('\n'));
  }

  setDebug(enabled: boolean): void {
    this._debug = Boolean(enabled);
  }

  getDebug(): boolean {
    return this._debug;
  }

  // ---- the engine ---------------------------------------------------------------------------

  /** True while a batch of this loop's callbacks is running. */
  protected get dispatching(): boolean {
    return this._dispatching;
  }

  /** Number of callbacks waiting for the next iteration (cancelled ones included). */
  protected get readyCount(): number {
    return this._ready.length;
  }

  /** The deadline of the earliest live timer, or undefined when there is none. */
  protected nextTimerDeadline(): number | undefined {
    const timers = this._timers;
    let top = timers.peek();
    while (top !== undefined && top._cancelled) {
      timers.pop();
      top._scheduled = false;
      this._cancelledTimers--;
      top = timers.peek();
    }
    return top?._when;
  }

  /**
   * One iteration, asyncio's `_run_once`: move due timers to the ready queue, then run the
   * callbacks that are ready now. Callbacks scheduled meanwhile wait for the next iteration.
   */
  protected runOnce(): void {
    if (this._dispatching) {
      throw new LoopStateError('a loop iteration was started from inside a callback of the same loop');
    }
    const timers = this._timers;
    if (this._cancelledTimers > MIN_CANCELLED_TIMERS_TO_PURGE && this._cancelledTimers * 2 > timers.size) {
      timers.compact();
      this._cancelledTimers = 0;
    }
    if (timers.size > 0) {
      this._cancelledTimers -= timers.popDue(this.time() + this.clockResolution, this._ready);
    }
    const batch = this._ready;
    if (batch.length === 0) return;
    this._ready = this._spare;
    this._dispatching = true;
    const previous = _enterDispatch(this);
    try {
      if (this._debug) this._runBatchTimed(batch);
      else for (let i = 0; i < batch.length; i++) batch[i]!._run();
    } finally {
      _enterDispatch(previous);
      this._dispatching = false;
      // Emptied with pop(), which is inline and keeps the array's capacity for the next batch.
      // The length setter is a builtin call that costs more than a short batch's callbacks (about
      // 65 ns), and it frees the backing store: with many timers due at each wake-up, growing it
      // again was about 36 bytes of garbage per callback run. A huge batch's array is let go.
      if (batch.length > MAX_KEPT_BATCH) batch.length = 0;
      else while (batch.length !== 0) batch.pop();
      this._spare = batch;
    }
  }

  private _runBatchTimed(batch: Runnable[]): void {
    for (let i = 0; i < batch.length; i++) {
      const item = batch[i]!;
      const start = this.time();
      item._run();
      const took = this.time() - start;
      if (took >= this.slowCallbackDuration) {
        const message = `Executing ${String(item)} took ${took.toFixed(3)} seconds`;
        this.callExceptionHandler(item instanceof Handle ? { message, handle: item } : { message });
      }
    }
  }

  /**
   * Queue the next iteration: a microtask within a burst, otherwise an immediate. A timer wait
   * already armed is left alone: re-arming a Node timer for every I/O event would cost more than
   * the rare early wake-up, which `_wakeForTimer()` ignores while an iteration is queued.
   */
  private _queueTick(): void {
    this._tickQueued = true;
    if (this._ticksUntilClock > 0) {
      this._ticksUntilClock--;
      // A settled promise's `then` costs less than `queueMicrotask`, which on Node 20 allocates
      // an async resource per call; both run the tick as a microtask.
      RESOLVED.then(this._tickFromMicrotask);
      return;
    }
    const now = performance.now();
    if (now - this._burstStart < BURST_MS) {
      // A clock read costs about 60 ns, as much as a short tick's own work: while ticks are
      // short, read it every few ticks only. A long stretch since the last read resets the
      // stride, so a burst of slow ticks overshoots BURST_MS by less than MAX_CLOCK_STRIDE ticks.
      this._clockStride = now - this._lastBurstCheck < SHORT_TICKS_MS ? Math.min(this._clockStride * 2, MAX_CLOCK_STRIDE) : 1;
      this._lastBurstCheck = now;
      this._ticksUntilClock = this._clockStride - 1;
      RESOLVED.then(this._tickFromMicrotask);
    } else {
      this._immediate = setImmediate(this._tickFromImmediate);
    }
  }

  /**
   * A burst of microtask ticks starts: the clock is read at every tick again at first, but not
   * for the tick right after this one: it was read just now, and an I/O event that wakes an idle
   * loop starts a burst for every message it delivers.
   */
  private _startBurst(): void {
    this._burstStart = performance.now();
    this._lastBurstCheck = this._burstStart;
    this._clockStride = 1;
    this._ticksUntilClock = 1;
  }

  private readonly _tickFromMicrotask = (): void => this._tick();

  private readonly _tickFromImmediate = (): void => {
    this._immediate = null;
    this._startBurst();
    this._tick();
  };

  /** True while an iteration is queued or running: the loop is not idle. */
  protected get busy(): boolean {
    return this._tickQueued;
  }

  /** @internal Subclasses call this when the timer they armed is due. */
  protected _wakeForTimer(): void {
    if (!this._running || this._tickQueued) return;
    this._startBurst();
    this._tickQueued = true;
    this._tick();
  }

  private _tick(): void {
    if (!this._running) {
      this._tickQueued = false;
      return;
    }
    // `_tickQueued` stays set while the batch runs: what comes next is decided once, below, so a
    // callSoon(), callLater() or stop() from a callback must not queue an iteration of its own.
    try {
      this.runOnce();
    } finally {
      this._tickQueued = false;
    }
    if (this._stopping) {
      this._finishRun();
      return;
    }
    if (this._ready.length > 0) {
      this._queueTick();
    } else {
      // Idle: whatever wakes the loop next reads the clock before it continues a burst.
      this._ticksUntilClock = 0;
      this._armTimer();
    }
  }

  /** Idle: wait for the earliest timer, or for a `callSoon` from outside. */
  private _armTimer(): void {
    const when = this.nextTimerDeadline();
    if (when === undefined) {
      this._cancelTimerWait();
    } else if (when <= this.time() + this.clockResolution) {
      this._queueTick();
    } else {
      this._waitForTimer(when);
    }
  }

  private _finishRun(): void {
    this._running = false;
    this._stopping = false;
    _setRunning(this, false);
    this._cancelTimerWait();
    if (this._immediate !== null) {
      clearImmediate(this._immediate);
      this._immediate = null;
    }
    this._tickQueued = false;
    this._ticksUntilClock = 0;
    if (this._keepAlive !== null) {
      clearInterval(this._keepAlive);
      this._keepAlive = null;
    }
    const resolve = this._resolveRun;
    this._resolveRun = null;
    resolve?.();
  }
}

/**
 * `IOLoop`: Tornado's event loop, as Tornado 5+ builds it: a thin layer over another event loop
 * (there an asyncio loop, here any `EventLoop`: `NodeEventLoop`, `VirtualEventLoop`, another
 * front). Every `EventLoop` method is delegated to that loop, but, as the gevent hub does, the
 * IOLoop is a loop in its own right: futures and tasks made through it are bound to it, and
 * callbacks scheduled through it run with it as the running loop, so it passes the `EventLoop`
 * conformance suite and `IOLoop.current()` inside them is this IOLoop. There is at most one
 * `IOLoop` per underlying loop; `IOLoop.current()` finds (or makes) the one of the current loop.
 *
 * Tornado's callback methods (`addCallback`, `callLater`, `addTimeout`, …) run callbacks the way
 * Tornado's `_run_callback` does: a callback that returns a coroutine or a future has it driven,
 * and its failure reported to the loop's exception handler.
 */
import {
  type Coroutine,
  type EventLoop,
  type ExceptionContext,
  type ExceptionHandler,
  Future,
  type Handle,
  InvalidArgumentError,
  InvalidStateError,
  LoopClosedError,
  LoopStateError,
  type Protocol,
  type ProtocolFactory,
  type Runnable,
  type RunnableQueue,
  type Server,
  type ServerOptions,
  type ConnectionOptions,
  type StartTlsContext,
  type StartTlsOptions,
  type TaskOptions,
  TimeoutError,
  type TimerHandle,
  type Transport,
  type Waitable,
  Task as CoreTask,
  _enterDispatch,
  runUntilDone,
  describeValue,
  ensureFuture,
  followFuture,
  getEventLoop,
  isThenable,
  callSoonRunnable,
  queueIoEvent,
  setEventLoop,
  toFuture,
} from '@async/loop';
import { BadYieldError, convertYielded } from './convert-yielded.js';
import { checkFunction, checkSeconds, checkTime } from './argument-checks.js';
import { type Deadline, toDeadline } from './deadline.js';

/** Options for `new IOLoop()`. */
export interface IOLoopOptions {
  /** The loop to run on. Default: the current loop (`getEventLoop()`). */
  loop?: EventLoop;
  /** Make the new IOLoop's loop the current loop (`makeCurrent()`). Default false. */
  makeCurrent?: boolean;
}

/** Options for `IOLoop.current()`. */
export interface CurrentOptions {
  /** When false, return `null` instead of creating an IOLoop for the current loop. Default true. */
  instance?: boolean;
}

/** Options for `IOLoop.close()`. */
export interface CloseOptions {
  /** Also close every `IOStream` and `TCPServer` registered with this IOLoop. Default false. */
  allFds?: boolean;
}

/** Options for `IOLoop.runSync()`. */
export interface RunSyncOptions {
  /** Give up after this many seconds: the future is cancelled and `TimeoutError` raised. */
  timeout?: number;
}

/** Something `close({ allFds: true })` closes: a stream or a server. */
export interface Closable {
  /** Closes it; called once. */
  close(): void;
}

const ioloops = new WeakMap<EventLoop, IOLoop>();

/** Tornado's `IOLoop`, an `EventLoop` that delegates to the loop it runs on. */
export class IOLoop implements EventLoop, RunnableQueue {
  /**
   * The loop this IOLoop runs on (Tornado's `asyncio_loop`). Futures and tasks made through the
   * IOLoop belong to the IOLoop, not to this loop (see the README).
   */
  readonly asyncioLoop: EventLoop;
  /**
   * @internal The task whose step runs on this IOLoop now, else null: where the core's `Task`
   * keeps it for the engine's loops (a loop without the field costs a WeakMap lookup per step,
   * and every read of a stream in a coroutine is a step).
   */
  _currentTask: CoreTask<unknown> | null = null;
  /** @internal The IOLoop's unfinished tasks, for `allTasks()`: kept by the core's `Task`, as `_currentTask`. */
  _taskRegistry: object | null = null;
  private readonly _fds = new Set<Closable>();
  private _handler: { handler: ExceptionHandler; wrapped: ExceptionHandler } | null = null;
  private readonly _dispatchers = new WeakMap<(...args: unknown[]) => unknown, (...args: unknown[]) => unknown>();

  /**
   * Creates the IOLoop of `options.loop` (default the current loop).
   * @throws InvalidStateError if that loop has an IOLoop already: use `IOLoop.current()`.
   * @throws InvalidArgumentError if `options.loop` is not an event loop.
   */
  constructor(options: IOLoopOptions = {}) {
    const loop = options.loop ?? getEventLoop();
    if (loop === null || typeof loop !== 'object' || typeof loop.callSoon !== 'function' || typeof loop.time !== 'function') {
      throw new InvalidArgumentError(`new IOLoop({ loop }) needs an EventLoop, got ${describeValue(loop)}`);
    }
    if (loop.isClosed()) throw new LoopClosedError();
    if (loop instanceof IOLoop) {
      throw new InvalidStateError('that loop is an IOLoop already: use it as it is, or IOLoop.forLoop(loop)');
    }
    const existing = ioloops.get(loop);
    if (existing !== undefined) {
      throw new InvalidStateError('this event loop already has an IOLoop: get it with IOLoop.current() or IOLoop.forLoop(loop)');
    }
    this.asyncioLoop = loop;
    ioloops.set(loop, this);
    if (options.makeCurrent) this.makeCurrent();
  }

  /**
   * The IOLoop of the current loop (the running loop, else the one set with `setEventLoop()`,
   * else a new `NodeEventLoop`), created if it has none, unless `instance: false`: then `null`.
   */
  static current(): IOLoop;
  static current(options: CurrentOptions): IOLoop | null;
  static current(options: CurrentOptions = {}): IOLoop | null {
    const loop = getEventLoop();
    // Inside a callback an IOLoop dispatches, the running loop is the IOLoop itself.
    if (loop instanceof IOLoop) return loop;
    const existing = ioloops.get(loop);
    if (existing !== undefined) return existing;
    if (options.instance === false) return null;
    return new IOLoop({ loop });
  }

  /** The IOLoop of `loop`, created if it has none. */
  static forLoop(loop: EventLoop): IOLoop {
    if (loop instanceof IOLoop) return loop;
    return ioloops.get(loop) ?? new IOLoop({ loop });
  }

  /**
   * Makes this IOLoop current: its loop becomes the current loop (`setEventLoop()`), so
   * `IOLoop.current()` returns it outside of any running loop.
   */
  makeCurrent(): void {
    setEventLoop(this.asyncioLoop);
  }

  /** Clears the current IOLoop: the current loop is unset (`setEventLoop(null)`) if it has one. */
  static clearCurrent(): void {
    if (IOLoop.current({ instance: false }) !== null) setEventLoop(null);
  }

  /**
   * Runs the loop until `stop()`. Resolves once it has stopped.
   * Rejects with `LoopStateError` if it is running already, `LoopClosedError` once closed.
   */
  start(): Promise<void> {
    return this.asyncioLoop.runForever();
  }

  /** Stops the loop after the current batch of callbacks; `start()`'s promise then resolves. */
  stop(): void {
    this.asyncioLoop.stop();
  }

  /**
   * Closes the IOLoop and the loop under it. With `allFds`, every stream and server registered
   * with it is closed first. If its loop is the current loop, the current loop is unset.
   * @throws LoopStateError if the loop is running.
   */
  close(options: CloseOptions = {}): void {
    if (this.asyncioLoop.isClosed()) return;
    if (this.asyncioLoop.isRunning()) {
      throw new LoopStateError('cannot close a running IOLoop: stop() it and wait for start() to resolve first');
    }
    if (options.allFds) {
      for (const fd of [...this._fds]) {
        try {
          fd.close();
        } catch {
          // Closing is best effort: one failing close must not keep the others open.
        }
      }
    }
    this._fds.clear();
    const wasCurrent = IOLoop.current({ instance: false }) === this;
    this.asyncioLoop.close();
    ioloops.delete(this.asyncioLoop);
    if (wasCurrent) setEventLoop(null);
  }

  /** @internal Registers a stream or server for `close({ allFds: true })`. */
  _addFd(fd: Closable): void {
    this._fds.add(fd);
  }

  /** @internal Unregisters a stream or server once it is closed. */
  _removeFd(fd: Closable): void {
    this._fds.delete(fd);
  }

  /**
   * Starts the loop, runs `fn` in it, and stops once the coroutine or future `fn` returns is
   * done; resolves with its result. `fn` may return a generator object (it is driven as a
   * coroutine), a future, a promise, or nothing.
   * @throws InvalidArgumentError for a non-function `fn` or a bad timeout.
   * @returns a promise that rejects with `fn`'s error, `BadYieldError` if `fn` returns something
   *   that cannot be waited on, or `TimeoutError` after `timeout` seconds (the future is
   *   cancelled; a future that cannot be cancelled is left running).
   */
  runSync<T>(fn: () => Coroutine<T> | Waitable<T> | T | void, options: RunSyncOptions = {}): Promise<T> {
    checkFunction(fn, 'IOLoop.runSync(fn)');
    const timeout = options.timeout;
    if (timeout !== undefined) checkSeconds(timeout, 'IOLoop.runSync() timeout');
    return this._runSync(fn, timeout) as Promise<T>;
  }

  private async _runSync(fn: () => unknown, timeout: number | undefined): Promise<unknown> {
    const loop = this.asyncioLoop;
    let future: Future<unknown> | null = null;
    this.callSoon(() => {
      try {
        const value = fn();
        if (value === undefined) {
          future = this.createFuture();
          future.setResult(undefined);
        } else {
          future = convertYielded(value, this);
        }
      } catch (error) {
        future = this.createFuture();
        future.setException(error);
      }
      future.addDoneCallback(() => this.stop());
    });
    const handle =
      timeout === undefined
        ? null
        : loop.callLater(timeout, () => {
            if (future === null || !future.cancel()) this.stop();
          });
    try {
      await this.start();
    } finally {
      handle?.cancel();
    }
    const done = future as Future<unknown> | null;
    // Tornado reports any cancelled future as a timeout; without a timeout, the CancelledError
    // itself says more.
    if (done === null || !done.done() || (done.cancelled() && timeout !== undefined)) {
      throw new TimeoutError(
        timeout === undefined
          ? 'IOLoop.runSync(): the loop was stopped before the function\'s future completed'
          : `Operation timed out after ${timeout} seconds`,
      );
    }
    return done.result();
  }

  /**
   * Calls `callback(...args)` on the next iteration. If it returns a coroutine or a future, that
   * is driven and a failure reported to the exception handler. On a closed loop the call is
   * dropped, as in Tornado.
   * @throws InvalidArgumentError if `callback` is not a function.
   */
  addCallback<A extends unknown[]>(callback: (...args: A) => unknown, ...args: A): void {
    checkFunction(callback, 'IOLoop.addCallback() callback');
    if (this.asyncioLoop.isClosed()) return;
    this.asyncioLoop.callSoon(this._wrap(callback, args));
  }

  /** `addCallback()` for signal handlers (in Node, the same thing). */
  addCallbackFromSignal<A extends unknown[]>(callback: (...args: A) => unknown, ...args: A): void {
    this.addCallback(callback, ...args);
  }

  /**
   * Calls `callback(...args)` on the next iteration, detached from the caller: a generator
   * function's coroutine runs on its own, its failure reported to the exception handler.
   */
  spawnCallback<A extends unknown[]>(callback: (...args: A) => unknown, ...args: A): void {
    checkFunction(callback, 'IOLoop.spawnCallback() callback');
    this.addCallback(callback, ...args);
  }

  /**
   * Runs `callback(...args)` after `delay` seconds (Tornado's `call_later`). Returns the handle
   * to pass to `removeTimeout()`.
   * @throws InvalidArgumentError for a negative delay or a non-function callback.
   */
  callLater<A extends unknown[]>(delay: number, callback: (...args: A) => unknown, ...args: A): TimerHandle {
    checkSeconds(delay, 'IOLoop.callLater(delay)');
    checkFunction(callback, 'IOLoop.callLater() callback');
    return this.asyncioLoop.callLater(delay, this._wrap(callback, args));
  }

  /** Runs `callback(...args)` at loop time `when` (a time in the past runs it at once). */
  callAt<A extends unknown[]>(when: number, callback: (...args: A) => unknown, ...args: A): TimerHandle {
    checkTime(when, 'IOLoop.callAt(when)');
    checkFunction(callback, 'IOLoop.callAt() callback');
    return this.asyncioLoop.callAt(when, this._wrap(callback, args));
  }

  /**
   * Runs `callback(...args)` at `deadline`: an absolute loop time (a number, as `time()`
   * returns) or `{ seconds }` from now (Tornado's `timedelta`).
   */
  addTimeout<A extends unknown[]>(deadline: Deadline, callback: (...args: A) => unknown, ...args: A): TimerHandle {
    const when = toDeadline(deadline, this.asyncioLoop, 'IOLoop.addTimeout(deadline)');
    return this.callAt(when, callback, ...args);
  }

  /**
   * Cancels a timeout from `addTimeout`, `callLater` or `callAt`. Removing it twice, or after it
   * ran, does nothing.
   */
  removeTimeout(timeout: Handle): void {
    if (timeout === null || typeof timeout !== 'object' || typeof (timeout as Handle).cancel !== 'function') {
      throw new InvalidArgumentError(`IOLoop.removeTimeout(timeout) needs a handle from addTimeout(), got ${describeValue(timeout)}`);
    }
    timeout.cancel();
  }

  /**
   * Calls `callback(future)` once `future` (a `Future` or a promise) is done, as a loop callback.
   * @throws InvalidArgumentError for anything that is not a future or a promise.
   */
  addFuture<T>(future: Future<T> | PromiseLike<T>, callback: (future: Future<T>) => unknown): void {
    checkFunction(callback, 'IOLoop.addFuture() callback');
    if (!(future instanceof Future) && !isThenable(future)) {
      throw new InvalidArgumentError(`IOLoop.addFuture(future) needs a Future or a promise, got ${describeValue(future)}`);
    }
    const f = toFuture(future, this) as Future<T>;
    f.addDoneCallback((done) => this._runCallback(callback as (...a: unknown[]) => unknown, [done]));
  }

  /** The loop's clock, in seconds. */
  time(): number {
    return this.asyncioLoop.time();
  }

  /** Tornado's `_run_callback`: a returned coroutine or future is driven and its failure reported. */
  private _runCallback(callback: (...args: unknown[]) => unknown, args: unknown[]): void {
    const value = callback(...args);
    if (value === undefined || value === null) return;
    let future: Future<unknown>;
    try {
      future = convertYielded(value, this);
    } catch (error) {
      // A callback may return anything; only what can be waited on is Tornado's business.
      if (error instanceof BadYieldError) return;
      throw error;
    }
    // What `addFuture(future, discardFutureResult)` does, without a closure per future: a failure
    // is thrown from the done callback, so it reaches the exception handler.
    future.addDoneCallback(discardFutureResult);
  }

  /**
   * Wraps a callback scheduled through Tornado's methods (`addCallback`, `callLater`, `callAt`) so
   * that it runs with the IOLoop as the running loop (as the gevent hub does) and through
   * `_runCallback`. The wrapper keeps the callback's name, which debug reports show. The
   * `EventLoop` methods use `_dispatcher` instead.
   */
  private _wrap(callback: (...args: never[]) => unknown, args: unknown[]): () => void {
    const fn = callback as (...a: unknown[]) => unknown;
    const name = callback.name;
    return {
      [name]: (): void => {
        const previous = _enterDispatch(this);
        try {
          this._runCallback(fn, args);
        } finally {
          _enterDispatch(previous);
        }
      },
    }[name]!;
  }

  /**
   * The wrapper `callSoon()` schedules for `callback`: it runs it with this IOLoop as the running
   * loop, passing the handle's arguments on, and bears its name (debug reports show it). Made
   * once per callback and kept while the callback lives, because the same callback is scheduled
   * again and again: a task's wake-up on every future it waits on.
   */
  private _dispatcher(callback: (...args: unknown[]) => unknown): (...args: unknown[]) => unknown {
    let dispatcher = this._dispatchers.get(callback);
    if (dispatcher === undefined) {
      const ioloop = this;
      const name = callback.name;
      dispatcher = {
        [name]: function (): unknown {
          const previous = _enterDispatch(ioloop);
          try {
            return arguments.length === 0 ? callback() : callback.apply(undefined, arguments as unknown as unknown[]);
          } finally {
            _enterDispatch(previous);
          }
        },
      }[name]!;
      this._dispatchers.set(callback, dispatcher);
    }
    return dispatcher;
  }

  /**
   * @internal The engine's futures queue their done callbacks, and tasks their steps, as
   * runnables when their loop takes them. Each is wrapped once, to run with this IOLoop as the
   * running loop (what `_dispatcher` does for `callSoon`), and queued on the loop underneath as
   * it is: no `Handle`, no argument array, no dispatcher lookup. Every read or write a stream
   * completes wakes its coroutine this way.
   */
  _callSoonRunnable(item: Runnable): void {
    callSoonRunnable(this.asyncioLoop, new DispatchedRunnable(this, item));
  }

  /** @internal `_callSoonRunnable` for an I/O event: an idle loop underneath runs it at once. */
  _callSoonFromIo(item: Runnable): void {
    queueIoEvent(this.asyncioLoop, new DispatchedRunnable(this, item));
  }

  // --- The EventLoop interface: delegated to the loop underneath, bound to this IOLoop. ---

  /**
   * `EventLoop.callSoon`, with this IOLoop as the running loop while `callback` runs (no Tornado
   * callback handling: use `addCallback()` for that).
   * @throws InvalidArgumentError if `callback` is not a function.
   */
  callSoon<A extends unknown[]>(callback: (...args: A) => unknown, ...args: A): Handle;
  callSoon(callback: (...args: unknown[]) => unknown): Handle {
    checkFunction(callback, 'IOLoop.callSoon(callback)');
    const dispatcher = this._dispatcher(callback);
    // Arguments are passed on as they are (no rest array): every future completed through the
    // IOLoop schedules its done callbacks here, one argument each.
    if (arguments.length === 1) return this.asyncioLoop.callSoon(dispatcher);
    if (arguments.length === 2) return this.asyncioLoop.callSoon(dispatcher, arguments[1]);
    return this.asyncioLoop.callSoon(dispatcher, ...(Array.prototype.slice.call(arguments, 1) as unknown[]));
  }
  /**
   * A pending future bound to this IOLoop (its callbacks are scheduled through it).
   * @throws LoopClosedError once the IOLoop is closed.
   */
  createFuture<T = unknown>(): Future<T> {
    if (this.asyncioLoop.isClosed()) throw new LoopClosedError();
    return new Future<T>(this);
  }
  /**
   * A task bound to this IOLoop: `currentTask(ioloop)` finds it while it runs.
   * @throws LoopClosedError once the IOLoop is closed.
   */
  createTask<T>(coro: Coroutine<T>, options?: TaskOptions): CoreTask<T> {
    if (this.asyncioLoop.isClosed()) throw new LoopClosedError();
    return new CoreTask(coro, this, options);
  }
  /** `EventLoop.runForever`, the same as `start()`. */
  runForever(): Promise<void> {
    return this.asyncioLoop.runForever();
  }
  /**
   * Runs the loop until `waitable` is done, as `EventLoop.runUntilComplete`; futures of this
   * IOLoop and of the loop underneath are both accepted.
   * @returns a promise that rejects with `LoopClosedError` once closed, `LoopStateError` if the
   *   loop is running or stops before `waitable` is done, `InvalidArgumentError` for a future of
   *   another loop.
   */
  runUntilComplete<T>(waitable: Waitable<T>): Promise<T> {
    return runUntilDone(this.asyncioLoop, () => ensureFuture(waitable, this), [this, this.asyncioLoop]);
  }
  /** True while the loop runs. */
  isRunning(): boolean {
    return this.asyncioLoop.isRunning();
  }
  /** True once the loop is closed. */
  isClosed(): boolean {
    return this.asyncioLoop.isClosed();
  }
  /**
   * `EventLoop.setExceptionHandler`, on the loop underneath; the handler receives this IOLoop as
   * its loop argument.
   */
  setExceptionHandler(handler: ExceptionHandler | null): void {
    if (handler === null) {
      this.asyncioLoop.setExceptionHandler(null);
      this._handler = null;
      return;
    }
    checkFunction(handler, 'IOLoop.setExceptionHandler(handler)');
    const wrapped: ExceptionHandler = (_loop, context) => handler(this, context);
    this.asyncioLoop.setExceptionHandler(wrapped);
    this._handler = { handler, wrapped };
  }
  /** The custom exception handler, or `null` when the default is in use. */
  getExceptionHandler(): ExceptionHandler | null {
    const current = this.asyncioLoop.getExceptionHandler();
    return this._handler !== null && current === this._handler.wrapped ? this._handler.handler : current;
  }
  /** `EventLoop.callExceptionHandler`, delegated. */
  callExceptionHandler(context: ExceptionContext): void {
    this.asyncioLoop.callExceptionHandler(context);
  }
  /** `EventLoop.defaultExceptionHandler`, delegated. */
  defaultExceptionHandler(context: ExceptionContext): void {
    this.asyncioLoop.defaultExceptionHandler(context);
  }
  /** `EventLoop.setDebug`, delegated. */
  setDebug(enabled: boolean): void {
    this.asyncioLoop.setDebug(enabled);
  }
  /** `EventLoop.getDebug`, delegated. */
  getDebug(): boolean {
    return this.asyncioLoop.getDebug();
  }
  /** `EventLoop.slowCallbackDuration`, delegated. */
  get slowCallbackDuration(): number {
    return this.asyncioLoop.slowCallbackDuration;
  }
  set slowCallbackDuration(seconds: number) {
    this.asyncioLoop.slowCallbackDuration = seconds;
  }
  /** `EventLoop.createConnection`, delegated. */
  createConnection<P extends Protocol>(protocolFactory: ProtocolFactory<P>, options: ConnectionOptions): Future<[Transport, P]> {
    // Bound to the IOLoop, as its other futures are, so that a task of the IOLoop can wait on it.
    return followFuture(this.asyncioLoop.createConnection(protocolFactory, options), this, ([transport]) => transport.abort());
  }
  /** `EventLoop.createServer`, delegated. */
  createServer(protocolFactory: ProtocolFactory, options: ServerOptions): Future<Server> {
    return followFuture(this.asyncioLoop.createServer(protocolFactory, options), this, (server) => server.close());
  }
  /** `EventLoop.startTls`, delegated. */
  startTls(transport: Transport, protocol: Protocol, tls: StartTlsContext, options?: StartTlsOptions): Future<Transport> {
    return followFuture(this.asyncioLoop.startTls(transport, protocol, tls, options), this, (secure) => secure.abort());
  }
}

/** A runnable queued through an IOLoop: it runs with the IOLoop as the running loop. */
class DispatchedRunnable implements Runnable {
  constructor(
    private readonly _ioloop: IOLoop,
    private readonly _item: Runnable,
  ) {}

  _run(): void {
    const previous = _enterDispatch(this._ioloop);
    try {
      this._item._run();
    } finally {
      _enterDispatch(previous);
    }
  }

  /** What debug mode's slow-callback report names: the item itself. */
  toString(): string {
    return String(this._item);
  }
}

function discardFutureResult(future: Future<unknown>): void {
  future.result();
}

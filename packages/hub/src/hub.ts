/**
 * `Hub`: gevent's hub, which here is the event loop itself. Every hub owns a greenlet tree (a
 * `Trampoline`) whose main greenlet stands for the hub: loop callbacks switch into greenlets, and
 * a greenlet that blocks registers a wake-up on the loop and switches back to main, which returns
 * from the callback to the loop. The hub implements `EventLoop` by delegating to the loop it runs
 * on, so any code written against `EventLoop` can run on it; there is one hub per loop (`getHub`).
 */
import {
  type Callback,
  type ConnectionOptions,
  type Coroutine,
  type EventLoop,
  type ExceptionContext,
  type ExceptionHandler,
  type Handle,
  type Protocol,
  type ProtocolFactory,
  type Server,
  type ServerOptions,
  type StartTlsContext,
  type StartTlsOptions,
  type TaskOptions,
  type TimerHandle,
  type Transport,
  type Waitable,
  Future,
  InvalidArgumentError,
  LoopClosedError,
  Task,
  _enterDispatch,
  runUntilDone,
  ensureFuture,
  followFuture,
  getEventLoop,
  isCoroutine,
  toFuture,
  LoopLocal,
} from '@async/loop';
import { checkCallback } from './greenlet-body.js';
import { Greenlet as RawGreenlet, type Switch, Trampoline, getcurrent as rawGetcurrent, runningTrampoline } from '@async/greenlet';
import { type Arm, type Cleanup, Op, ParkingOp, type Wake } from './operation.js';

const ARMED = 0;
const FIRED = 1;
const DONE = 2;

/**
 * A greenlet of the hub that waits for a turn of the loop by queueing itself, with no wait record
 * of its own and no loop callback (gevent's `Greenlet`, see greenlet.ts, which imports this
 * module and so cannot be imported here): a bare `yield` in it, and `sleep(0)`, cost the hub
 * nothing more.
 */
interface TurnWaiter {
  /**
   * Queues the greenlet to be switched back into after one turn of the loop and sets its wait
   * record; false if it cannot, and the caller then waits its own way.
   */
  _waitTurn(): boolean;
}

/** What the hub keeps for a blocked greenlet: how to abandon its wait. */
interface Wait {
  /** Undoes the wait's registration when `greenlet` is interrupted (killed, timed out). */
  _abandon(greenlet: RawGreenlet): void;
}

/** The wait of a primitive operation (`Op.primitive`): its `arm`'s cleanup, and where it stands. */
class ArmedWait implements Wait {
  state: typeof ARMED | typeof FIRED | typeof DONE = ARMED;
  cleanup: Cleanup | null = null;

  _abandon(): void {
    // A wake-up given but not delivered yet is the primitive's to pass on (see `Cleanup`).
    const notified = this.state === FIRED;
    this.state = DONE;
    this.cleanup?.(notified);
  }
}

/** Each loop's hub (and each hub itself, for a hub passed as a loop). */
const hubs = new LoopLocal<Hub>();

/**
 * The hub of a loop: an `EventLoop` (every method delegates to `loop`) that also schedules
 * greenlets. Make it with `getHub(loop)`, which keeps one per loop.
 */
export class Hub implements EventLoop {
  /** The loop the hub runs on. */
  readonly loop: EventLoop;
  /** The greenlet tree of this hub; its `main` is the hub greenlet. */
  readonly trampoline: Trampoline;
  private _exceptionHandler: ExceptionHandler | null = null;
  /** @internal The last `minimalIdent` given out (gevent counts from 0). */
  _lastIdent = -1;
  /** @internal What `sleep(0)` returns on this hub, made on first use (see sleep.ts). */
  _turn: ParkingOp<undefined> | null = null;

  /**
   * @param loop the loop to run on (default: `getEventLoop()`). Prefer `getHub(loop)`, which
   *   returns the loop's existing hub.
   * @throws InvalidArgumentError if `loop` is not an event loop or already has a hub.
   */
  constructor(loop: EventLoop = getEventLoop()) {
    if (typeof loop !== 'object' || loop === null || typeof (loop as EventLoop).callSoon !== 'function') {
      throw new InvalidArgumentError(`a Hub runs on an EventLoop, got ${String(loop)}`);
    }
    if (hubs.get(loop) !== undefined) {
      throw new InvalidArgumentError('this loop already has a hub: use getHub(loop) to get it');
    }
    this.loop = loop;
    this.trampoline = new Trampoline();
    this.trampoline.setYieldHandler((yielded, greenlet) => this._onYield(yielded, greenlet));
    hubs.set(loop, this);
    hubs.set(this, this);
    this.trampoline._owner = this;
  }

  /** The hub greenlet: loop callbacks run in it, and a blocking greenlet switches to it. */
  get main(): RawGreenlet {
    return this.trampoline.main;
  }

  /**
   * Reports an error that escaped a greenlet through the loop's exception handler, as gevent's
   * `Hub.handle_error` prints it; the greenlet itself has recorded it already.
   */
  handleError(context: unknown, error: unknown): void {
    this.loop.callExceptionHandler({ message: `${String(context)} failed`, exception: error, greenlet: context });
  }

  /**
   * @internal Switches from the hub into `greenlet` (starting or resuming it) and reports an
   * error that comes back out, which only a raw greenlet lets through.
   */
  _switchIn(greenlet: RawGreenlet, raise: boolean, value: unknown): void {
    try {
      // `_enter` is `greenlet.switch(value)` (or `throw`) from main, minus the `Switch` nobody reads.
      greenlet.trampoline._enter(greenlet, raise, raise ? asError(value) : value);
    } catch (error) {
      this.handleError(greenlet, error);
    }
  }

  /**
   * @internal Raises `error` in `greenlet` where it blocks, abandoning its wait (kill, Timeout).
   * Called from loop callbacks; a call from inside a greenlet is deferred to one.
   */
  _interrupt(greenlet: RawGreenlet, error: Error): void {
    if (this.trampoline.running) {
      this.loop.callSoon(() => this._interrupt(greenlet, error));
      return;
    }
    const wait = greenlet._hubWait as Wait | null;
    if (wait !== null) {
      greenlet._hubWait = null;
      wait._abandon(greenlet);
    }
    if (greenlet.dead) return;
    this._switchIn(greenlet, true, error);
  }

  /** @internal Runs `body` in a new greenlet of this hub and settles `future` with its outcome. */
  _runInGreenlet<T>(body: () => Coroutine<T>, future: Future<T>): void {
    const hub = this;
    const runner = new RawGreenlet(function* () {
      try {
        const value = yield* body();
        if (!future.done()) future.setResult(value);
      } catch (error) {
        if (!future.done()) future.setException(error);
      }
    }, this.main);
    future.addDoneCallback((f) => {
      if (f.cancelled() && !runner.dead) hub._interrupt(runner, f._makeCancelledError());
    });
    this.loop.callSoon(() => this._switchIn(runner, false, undefined));
  }

  /**
   * @internal Wakes a greenlet blocked on a `ParkingOp`, switching into it at once; the operation
   * calls it from a loop callback (never while a greenlet runs), as gevent's hub switches into a
   * waiting greenlet straight from the watcher's callback.
   */
  _unpark(greenlet: RawGreenlet, raise: boolean, value: unknown): void {
    greenlet._hubWait = null;
    this._switchIn(greenlet, raise, value);
  }

  /** What a greenlet's `yield` of something other than a switch means: block on it. */
  private _onYield(yielded: unknown, greenlet: RawGreenlet): Switch {
    if (yielded instanceof Op) {
      const arm = yielded._arm;
      if (arm !== null) return this._block(greenlet, arm);
      if (yielded instanceof ParkingOp) {
        // Cleared first (a greenlet switched into by hand may hold a stale one): an operation
        // several greenlets share may set a wait of the greenlet's own in `_park`.
        greenlet._hubWait = null;
        if (yielded._park(greenlet)) {
          if (greenlet._hubWait === null) greenlet._hubWait = yielded;
          return this.trampoline._toMain();
        }
        // Ready already: no wait, the greenlet goes on with the outcome.
        let value: unknown;
        try {
          value = yielded._outcome();
        } catch (error) {
          return greenlet.throw(asError(error));
        }
        return greenlet.switch(value);
      }
    }
    if (yielded === undefined) {
      // A bare `yield` gives the other greenlets and callbacks a turn, as sleep(0) does: a gevent
      // greenlet queues itself for it; any other greenlet gets a loop callback of its own.
      if ((greenlet as RawGreenlet & Partial<TurnWaiter>)._waitTurn?.() === true) return this.trampoline._toMain();
      return this._block(greenlet, (wake) => {
        const handle = this.loop.callSoon(wake, false, undefined);
        return () => handle.cancel();
      });
    }
    const future = isCoroutine(yielded) ? ensureFuture(yielded as Coroutine, this.loop) : toFuture(yielded, this.loop);
    const owned = future !== yielded;
    return this._block(greenlet, (wake) => {
      const done = (f: Future<unknown>): void => {
        if (f.cancelled()) wake(true, f._makeCancelledError());
        else if (f.exception() !== null && f.exception() !== undefined) wake(true, f.exception());
        else wake(false, f.result());
      };
      future.addDoneCallback(done);
      return () => {
        future.removeDoneCallback(done);
        // A future made for this wait (a promise's, an async function's) is ours to cancel, which
        // aborts the AbortSignal an async function was given.
        if (owned) future.cancel();
      };
    });
  }

  /** Registers `arm`'s wake-up for `greenlet` and returns the switch to the hub. */
  private _block(greenlet: RawGreenlet, arm: Arm): Switch {
    const wait = new ArmedWait();
    let sync = true;
    let early: [boolean, unknown] | null = null;
    const wake: Wake = (raise, value) => {
      if (wait.state !== ARMED) return;
      wait.state = FIRED;
      if (sync) {
        early = [raise, value];
        return;
      }
      if (this.trampoline.running) this.loop.callSoon(deliver, raise, value);
      else deliver(raise, value);
    };
    const deliver = (raise: boolean, value: unknown): void => {
      if (wait.state !== FIRED) return; // interrupted since
      wait.state = DONE;
      greenlet._hubWait = null;
      this._switchIn(greenlet, raise, value);
    };
    wait.cleanup = arm(wake) ?? null;
    sync = false;
    const settled = early as [boolean, unknown] | null;
    if (settled !== null) {
      wait.state = DONE;
      const [raise, value] = settled;
      return raise ? greenlet.throw(asError(value)) : greenlet.switch(value);
    }
    greenlet._hubWait = wait;
    return this.trampoline._toMain();
  }

  // The EventLoop interface, delegated to the loop.

  /**
   * Wraps a callback scheduled through the hub so that it runs with the hub as the running loop;
   * the wrapper keeps the callback's name, which debug reports show.
   */
  private _wrap(callback: (...args: never[]) => unknown, args: unknown[]): () => unknown {
    const name = callback.name;
    const wrapped = {
      [name]: (): unknown => {
        const previous = _enterDispatch(this);
        try {
          return (callback as (...a: unknown[]) => unknown)(...args);
        } finally {
          _enterDispatch(previous);
        }
      },
    }[name]!;
    return wrapped;
  }

  /** The loop's clock, in seconds. */
  time(): number {
    return this.loop.time();
  }
  /** Schedules `callback(...args)` on the loop, with the hub as the running loop. */
  callSoon<A extends unknown[]>(callback: (...args: A) => unknown, ...args: A): Handle {
    checkCallback(callback, 'callSoon(callback)');
    return this.loop.callSoon(this._wrap(callback, args));
  }
  /** Schedules `callback(...args)` after `delay` seconds, with the hub as the running loop. */
  callLater<A extends unknown[]>(delay: number, callback: (...args: A) => unknown, ...args: A): TimerHandle {
    checkCallback(callback, 'the timer callback');
    return this.loop.callLater(delay, this._wrap(callback, args));
  }
  /** Schedules `callback(...args)` at loop time `when`, with the hub as the running loop. */
  callAt<A extends unknown[]>(when: number, callback: (...args: A) => unknown, ...args: A): TimerHandle {
    checkCallback(callback, 'the timer callback');
    return this.loop.callAt(when, this._wrap(callback, args));
  }
  /** A future bound to the hub (its callbacks are scheduled through the hub, on the loop). */
  createFuture<T = unknown>(): Future<T> {
    if (this.loop.isClosed()) throw new LoopClosedError();
    return new Future<T>(this);
  }
  /** A task bound to the hub; it may `yield*` hub operations as well as futures. */
  createTask<T>(coro: Coroutine<T>, options?: TaskOptions): Task<T> {
    if (this.loop.isClosed()) throw new LoopClosedError();
    return new Task(coro, this, options);
  }
  /** Runs the loop until `stop()`. */
  runForever(): Promise<void> {
    return this.loop.runForever();
  }
  /**
   * Runs the loop until `waitable` is done, as `EventLoop.runUntilComplete`; futures of the hub
   * and of its loop are both accepted, and so are hub operations.
   */
  runUntilComplete<T>(waitable: Waitable<T> | Op<T>): Promise<T> {
    return runUntilDone(
      this.loop,
      () => (waitable instanceof Op ? waitable._toFuture(this) : ensureFuture(waitable as Waitable<T>, this)),
      [this, this.loop],
    );
  }
  /** Stops the loop after the current batch. */
  stop(): void {
    this.loop.stop();
  }
  /** Closes the loop. */
  close(): void {
    this.loop.close();
  }
  /** True while the loop runs. */
  isRunning(): boolean {
    return this.loop.isRunning();
  }
  /** True once the loop is closed. */
  isClosed(): boolean {
    return this.loop.isClosed();
  }
  /** Installs `handler` on the loop; it is called with the hub as its loop argument. */
  setExceptionHandler(handler: ExceptionHandler | null): void {
    if (handler !== null) checkCallback(handler, 'setExceptionHandler(handler)');
    this.loop.setExceptionHandler(handler === null ? null : (_loop, context) => handler(this, context));
    this._exceptionHandler = handler;
  }
  /** The handler installed through the hub, or `null`. */
  getExceptionHandler(): ExceptionHandler | null {
    return this._exceptionHandler;
  }
  /** Reports `context` through the loop's exception handler. */
  callExceptionHandler(context: ExceptionContext): void {
    this.loop.callExceptionHandler(context);
  }
  /** The loop's default report (to the console). */
  defaultExceptionHandler(context: ExceptionContext): void {
    this.loop.defaultExceptionHandler(context);
  }
  /** Turns the loop's debug mode on or off. */
  setDebug(enabled: boolean): void {
    this.loop.setDebug(enabled);
  }
  /** True in debug mode. */
  getDebug(): boolean {
    return this.loop.getDebug();
  }
  /** Seconds a callback may take before debug mode reports it. */
  get slowCallbackDuration(): number {
    return this.loop.slowCallbackDuration;
  }
  set slowCallbackDuration(value: number) {
    this.loop.slowCallbackDuration = value;
  }
  /** Opens a connection on the loop (PEP 3156 `create_connection`). */
  createConnection<P extends Protocol>(
    protocolFactory: ProtocolFactory<P>,
    options: ConnectionOptions,
  ): Future<[Transport, P]> {
    // Bound to the hub, as its other futures are, so that a task of the hub can wait on it.
    return followFuture(this.loop.createConnection(protocolFactory, options), this, ([transport]) => transport.abort());
  }
  /** Starts a server on the loop (PEP 3156 `create_server`). */
  createServer(protocolFactory: ProtocolFactory, options: ServerOptions): Future<Server> {
    return followFuture(this.loop.createServer(protocolFactory, options), this, (server) => server.close());
  }
  /** Upgrades a connection to TLS on the loop (PEP 3156 `start_tls`). */
  startTls(transport: Transport, protocol: Protocol, tls: StartTlsContext, options?: StartTlsOptions): Future<Transport> {
    return followFuture(this.loop.startTls(transport, protocol, tls, options), this, (secure) => secure.abort());
  }

  /** `<Hub on LoopClass>`. */
  toString(): string {
    return `<Hub on ${this.loop.constructor.name}>`;
  }
}

/**
 * @internal The hub of the map anchors: the never-used instances that the hub's short-lived
 * classes (`Greenlet`, `SleepOp`, `GreenletFuture`, …) keep in private static fields, so that
 * V8 keeps their hidden classes, and the code compiled against them, across full GCs at which
 * every real instance had died (see the core's `map-anchor.ts`). Its loop only answers what
 * those constructors ask: the `Hub` constructor's check and a future's debug mode.
 */
export const ANCHOR_HUB: Hub = new Hub({ callSoon: () => undefined, getDebug: () => false } as unknown as EventLoop);

/**
 * The hub of `loop` (default: `getEventLoop()`), created on first use: one hub per loop. A hub
 * passed as the loop is returned as it is.
 */
export function getHub(loop: EventLoop = getEventLoop()): Hub {
  return hubs.get(loop) ?? new Hub(loop);
}

/**
 * The hub of the calling code: the hub whose greenlet is running, else the hub of the current
 * loop.
 */
export function currentHub(): Hub {
  // Outside every greenlet no trampoline runs (the default one has no owner).
  const owner = runningTrampoline()?._owner;
  return owner instanceof Hub ? owner : getHub();
}

/** The greenlet running now, or the current hub's greenlet outside every greenlet (gevent's `getcurrent`). */
export function getcurrent(): RawGreenlet {
  const current = rawGetcurrent();
  return current.trampoline._owner instanceof Hub ? current : getHub().main;
}

/** An `Error` for a value raised at a blocking point (futures may fail with anything). */
export function asError(value: unknown): Error {
  return value instanceof Error ? value : new Error(String(value), { cause: value });
}

export type { Callback };

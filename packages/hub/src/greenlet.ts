/**
 * gevent's `Greenlet`: a greenlet of the hub that runs a function once, records its value or
 * error, and tells links when it is done. Starting it schedules the first switch on the loop;
 * blocking inside it (`yield* sleep(1)`, `yield* other.join()`) switches to the hub.
 */
import {
  type Coroutine,
  type EventLoop,
  type Handle,
  CancelledError,
  Future,
  InvalidArgumentError,
  LoopClosedError,
  InvalidStateError,
  describeValue,
  registerConverter,
} from '@async/loop';
import { Greenlet as RawGreenlet, GreenletExit, getcurrent as rawGetcurrent } from '@async/greenlet';
import { type Hub, currentHub, getcurrent } from './hub.js';
import { Op } from './operation.js';
import { Timeout } from './timeout.js';
import type { Linkable, RawLink } from './linkable.js';
import { type BlockingFunction, type BlockingResult, callBlocking, checkFunction } from './greenlet-body.js';

/** Options of `Greenlet.get`. */
export interface GetOptions {
  /** Wait for the result (default `true`); `false` raises `Timeout` at once if it is not ready. */
  block?: boolean;
  /** Seconds to wait at most; then `Timeout` is raised. */
  timeout?: number | null;
}

/** Options of `Greenlet.kill`. */
export interface KillOptions {
  /** Whether the returned operation waits for the greenlet to die (default `true`). */
  block?: boolean;
  /** Seconds to wait at most for it to die. */
  timeout?: number | null;
}

/** What `kill` raises in the greenlet: an `Error`, or an `Error` class to instantiate. */
export type KillException = Error | (new () => Error);

interface Link {
  callback: unknown;
  /** Calls the callback with the greenlet (a closure, so the class stays covariant in its value type). */
  run: () => void;
}

/**
 * A gevent greenlet. `spawn(fn, ...args)` makes and starts one; `new Greenlet(fn, ...args)`
 * makes one to `start()` later. `fn` may be a generator function (it blocks with `yield*`), an
 * async function or a plain function.
 */
export class Greenlet<T = unknown> extends RawGreenlet implements Linkable, PromiseLike<T> {
  /** The hub the greenlet runs on. */
  readonly hub: Hub;
  /** The arguments `fn` is called with. */
  readonly args: unknown[];
  private readonly _fn: (...args: never[]) => unknown;
  private _outcome: { ok: true; value: T } | { ok: false; error: unknown } | null = null;
  private _links: Link[] = [];
  /** The futures of `_asFuture` waiting for the outcome, completed when it is reported. */
  private _futures: Future<T>[] | null = null;
  private _notifier: Handle | null = null;
  private _startHandle: Handle | null = null;
  private _startCancelled = false;
  private _name: string | undefined;
  private _ident = -1;
  /**
   * @internal Closed when `fn` returns or raises, before the outcome is recorded: a
   * `StreamServer`'s connection, closed here rather than by a wrapper generator around the
   * handler, which every switch into the greenlet would have to resume.
   */
  _closeWhenDone: { close(): void } | null = null;

  /**
   * @throws InvalidArgumentError if `fn` is not a function.
   */
  constructor(fn: (...args: never[]) => unknown, ...args: unknown[]) {
    checkFunction(fn, 'the function of a Greenlet');
    const hub = currentHub();
    super(undefined, hub.main);
    this.hub = hub;
    this._fn = fn;
    this.args = args;
  }

  /** Makes a greenlet and starts it: gevent's `Greenlet.spawn`. */
  static spawn<A extends unknown[], R>(fn: BlockingFunction<A, R>, ...args: A): Greenlet<BlockingResult<R>> {
    const g = new Greenlet<BlockingResult<R>>(fn as (...a: never[]) => unknown, ...args);
    g.start();
    return g;
  }

  /**
   * Makes a greenlet and starts it `seconds` from now: gevent's `Greenlet.spawn_later`.
   * @throws InvalidArgumentError if `seconds` is negative or `fn` not a function.
   */
  static spawnLater<A extends unknown[], R>(seconds: number, fn: BlockingFunction<A, R>, ...args: A): Greenlet<BlockingResult<R>> {
    checkSeconds(seconds, 'spawnLater(seconds)');
    const g = new Greenlet<BlockingResult<R>>(fn as (...a: never[]) => unknown, ...args);
    g.startLater(seconds);
    return g;
  }

  /** @internal The body the trampoline runs: `fn`, then the recording of its outcome. */
  override *run(): Coroutine<unknown> {
    this._startHandle = null;
    let value: unknown;
    try {
      try {
        value = yield* callBlocking(this._fn, this, this.args);
      } finally {
        this._closeWhenDone?.close();
      }
    } catch (error) {
      this._reportError(error);
      return undefined;
    }
    this._report({ ok: true, value: value as T });
    return undefined;
  }

  /** The greenlet's name: `Greenlet-<minimalIdent>` unless set. */
  get name(): string {
    return this._name ?? `Greenlet-${this.minimalIdent}`;
  }

  set name(value: string) {
    if (typeof value !== 'string') throw new InvalidArgumentError(`a greenlet's name must be a string, got ${describeValue(value)}`);
    this._name = value;
  }

  /** A small number identifying the greenlet within its hub, given out on first use from 0. */
  get minimalIdent(): number {
    if (this._ident === -1) this._ident = ++this.hub._lastIdent;
    return this._ident;
  }

  /** True once finished, or killed before it started. */
  override get dead(): boolean {
    return super.dead || (this._startCancelled && !this.started);
  }

  /** True once the greenlet has a value or an error (or is dead). */
  ready(): boolean {
    return this._outcome !== null || this.dead;
  }

  /** True if it finished without an error (being killed with `GreenletExit` counts as success). */
  successful(): boolean {
    return this._outcome !== null && this._outcome.ok;
  }

  /** The value `fn` returned (or the `GreenletExit` that killed it), else `undefined`. */
  get value(): T | GreenletExit | undefined {
    return this._outcome?.ok ? this._outcome.value : undefined;
  }

  /** The error `fn` raised, else `undefined`. */
  get exception(): unknown {
    return this._outcome !== null && !this._outcome.ok ? this._outcome.error : undefined;
  }

  /** Schedules the first switch into the greenlet; does nothing if already started or scheduled. */
  start(): void {
    if (this._startHandle !== null || this.started || this.ready()) return;
    this._startHandle = this.hub.loop.callSoon(() => this._begin());
  }

  /**
   * Schedules the start `seconds` from now.
   * @throws InvalidArgumentError if `seconds` is negative or not a number.
   */
  startLater(seconds: number): void {
    checkSeconds(seconds, 'startLater(seconds)');
    if (this._startHandle !== null || this.started || this.ready()) return;
    this._startHandle = this.hub.loop.callLater(seconds, () => this._begin());
  }

  /**
   * Waits until the greenlet is done, or `timeout` seconds. It neither raises the greenlet's
   * error nor raises on timeout: check `ready()`.
   */
  join(timeout: number | null = null): Op<void> {
    if (timeout !== null) checkSeconds(timeout, 'join(timeout)');
    if (this.ready()) return Op.settled(this.hub, false, undefined);
    return Op.primitive(this.hub, (wake) => {
      const finish = (): void => {
        cleanup();
        wake(false, undefined);
      };
      this.rawlink(finish);
      const timer = timeout === null ? null : this.hub.loop.callLater(timeout, finish);
      const cleanup = (): void => {
        this.unlink(finish);
        timer?.cancel();
      };
      return cleanup;
    });
  }

  /**
   * The value, waiting for it if need be; the greenlet's error is raised instead if it failed.
   * @throws Timeout if it is not ready and `block` is false, or after `timeout` seconds.
   */
  get(options: GetOptions = {}): Op<T> {
    const { block = true, timeout = null } = options;
    if (timeout !== null) checkSeconds(timeout, 'get({ timeout })');
    if (this.ready()) return Op.settled(this.hub, !this.successful(), this._settledValue());
    if (!block) return Op.settled(this.hub, true, new Timeout());
    return Op.primitive(this.hub, (wake) => {
      const finish = (raise: boolean, value: unknown): void => {
        cleanup();
        wake(raise, value);
      };
      const link: RawLink<this> = () => finish(!this.successful(), this._settledValue());
      this.rawlink(link);
      const timer = timeout === null ? null : this.hub.loop.callLater(timeout, () => finish(true, new Timeout(timeout)));
      const cleanup = (): void => {
        this.unlink(link);
        timer?.cancel();
      };
      return cleanup;
    });
  }

  /**
   * Raises `exception` (default `GreenletExit`) in the greenlet where it blocks, from the hub.
   * A greenlet that has not started dies without running. The operation returned waits for the
   * greenlet to die (unless `block` is false), for at most `timeout` seconds; a greenlet may
   * ignore it by not blocking until it is done.
   * @throws InvalidStateError if a greenlet kills itself with `block` true: it would wait for
   *   itself. Raise `GreenletExit` instead, or pass `{ block: false }`.
   */
  kill(exception: KillException = GreenletExit, options: KillOptions = {}): Op<void> {
    const { block = true, timeout = null } = options;
    const error = toError(exception);
    if (timeout !== null) checkSeconds(timeout, 'kill({ timeout })');
    if (block && getcurrent() === this) {
      throw new InvalidStateError(
        `${this} cannot kill itself and wait for its own death: throw GreenletExit, or pass { block: false }`,
      );
    }
    this._startHandle?.cancel();
    this._startHandle = null;
    if (!this.started) {
      if (!this.ready()) {
        this._startCancelled = true;
        this._reportError(error);
      }
      return Op.settled(this.hub, false, undefined);
    }
    if (this.dead) return Op.settled(this.hub, false, undefined);
    this.hub.loop.callSoon(() => {
      if (!this.dead) this.hub._interrupt(this, error);
    });
    return block ? this.join(timeout) : Op.settled(this.hub, false, undefined);
  }

  /**
   * Calls `callback(this)` in a new greenlet once this one is done (at once if it is); callbacks
   * run in the order they were linked. `callback` may block.
   * @throws InvalidArgumentError if `callback` is not a function.
   */
  link(callback: (greenlet: this) => unknown): void {
    this._addLink(callback, 'link(callback)', () => true);
  }

  /** Like `link`, for a greenlet that finished successfully only. */
  linkValue(callback: (greenlet: this) => unknown): void {
    this._addLink(callback, 'linkValue(callback)', () => this.successful());
  }

  /** Like `link`, for a greenlet that failed only. */
  linkException(callback: (greenlet: this) => unknown): void {
    this._addLink(callback, 'linkException(callback)', () => !this.successful());
  }

  /** Calls `callback(this)` directly from the hub once done; it must not block. */
  rawlink(callback: RawLink<this>): void {
    checkFunction(callback, 'rawlink(callback)');
    this._links.push({ callback, run: () => callback(this) });
    if (this.ready()) this._scheduleNotify();
  }

  /** Removes every link made with `callback`. */
  unlink(callback: unknown): void {
    this._links = this._links.filter((link) => link.callback !== callback);
  }

  /**
   * `yield* g`: inside a greenlet of the hub it is `yield* g.get()`, as in gevent. In any other
   * driver (an asyncio `Task`, `inlineCallbacks`, a Tornado coroutine) the greenlet itself is
   * yielded, so the driver waits on it the way it waits on a task: cancelling the driver kills
   * the greenlet, and a greenlet killed with `GreenletExit` raises `CancelledError` there.
   */
  *[Symbol.iterator](): Generator<unknown, T, unknown> {
    const current = rawGetcurrent();
    if (!current.isMain && current.trampoline === this.hub.trampoline) return yield* this.get();
    return (yield this) as T;
  }

  /**
   * `await g` from plain code waits for the value (running the hub's loop until then if it is not
   * running, as `Op` does), rejecting with the greenlet's error, or with `CancelledError` (whose
   * `cause` is the `GreenletExit`) if it was killed.
   */
  then<R1 = T, R2 = never>(
    onfulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    const loop = this.hub.loop;
    const future = this._asFuture(loop);
    const settled = loop.isRunning() || future.done() ? future : loop.runUntilComplete(future);
    return settled.then(onfulfilled, onrejected);
  }

  /**
   * @internal A future on `loop` with the greenlet's outcome, for the drivers of other fronts
   * (the registered converter): its value, or its error; a greenlet killed with `GreenletExit`
   * fails it with `CancelledError` (cause: the `GreenletExit`). Cancelling the future kills the
   * greenlet, as cancelling a task's awaiter cancels the task it awaits. The future is completed
   * when the greenlet finishes, not by a link (which would cost one more loop turn).
   */
  _asFuture(loop: EventLoop): Future<T> {
    if (loop.isClosed()) throw new LoopClosedError();
    const future = new GreenletFuture<T>(loop, this);
    if (this.ready()) settleFromGreenlet(future, this._outcome, this);
    else (this._futures ??= []).push(future);
    return future;
  }

  /** @internal Forgets a future of `_asFuture` that was cancelled. */
  _dropFuture(future: Future<T>): void {
    const futures = this._futures;
    if (futures === null) return;
    const i = futures.indexOf(future);
    if (i >= 0) futures.splice(i, 1);
  }

  /** `<Greenlet "name" state>`. */
  override toString(): string {
    const state = this.ready() ? (this.successful() ? 'done' : 'failed') : this.started ? 'running' : 'not started';
    return `<Greenlet "${this.name}" ${state}>`;
  }

  private _begin(): void {
    this._startHandle = null;
    this.hub._switchIn(this, false, undefined);
  }

  private _addLink(callback: unknown, what: string, when: () => boolean): void {
    checkFunction(callback, what);
    const hub = this.hub;
    const fn = callback as (g: unknown) => unknown;
    const g = this;
    this._links.push({
      callback,
      run: () => {
        if (!when()) return;
        // A link runs in its own greenlet so that it may block, as gevent's SpawnedLink.
        const runner = new RawGreenlet(function* () {
          yield* callBlocking(fn, undefined, [g]);
        }, hub.main);
        hub._switchIn(runner, false, undefined);
      },
    });
    if (this.ready()) this._scheduleNotify();
  }

  private _settledValue(): unknown {
    const outcome = this._outcome;
    if (outcome === null) return new GreenletExit();
    return outcome.ok ? outcome.value : outcome.error;
  }

  private _reportError(error: unknown): void {
    if (error instanceof GreenletExit) {
      this._report({ ok: true, value: error as T });
      return;
    }
    this._report({ ok: false, error });
    this.hub.handleError(this, error);
  }

  private _report(outcome: { ok: true; value: T } | { ok: false; error: unknown }): void {
    this._outcome = outcome;
    const futures = this._futures;
    if (futures !== null) {
      this._futures = null;
      for (const future of futures) settleFromGreenlet(future, outcome, this);
    }
    if (this._links.length !== 0) this._scheduleNotify();
  }

  private _scheduleNotify(): void {
    if (this._notifier !== null) return;
    this._notifier = this.hub.loop.callSoon(() => {
      this._notifier = null;
      while (this._links.length !== 0) {
        const link = this._links.shift()!;
        try {
          link.run();
        } catch (error) {
          this.hub.handleError(link.callback, error);
        }
      }
    });
  }
}

/** Makes a `Greenlet` that runs `fn(...args)` and starts it: gevent's `spawn`. */
export function spawn<A extends unknown[], R>(fn: BlockingFunction<A, R>, ...args: A): Greenlet<BlockingResult<R>> {
  return Greenlet.spawn(fn, ...args);
}

/**
 * Makes a greenlet and starts it `seconds` from now: gevent's `spawn_later`.
 * @throws InvalidArgumentError if `seconds` is negative or `fn` not a function.
 */
export function spawnLater<A extends unknown[], R>(
  seconds: number,
  fn: BlockingFunction<A, R>,
  ...args: A
): Greenlet<BlockingResult<R>> {
  return Greenlet.spawnLater(seconds, fn, ...args);
}

/**
 * Starts `fn(...args)` soon in a plain greenlet of the hub, with none of `Greenlet`'s
 * bookkeeping: gevent's `spawn_raw`. An error that escapes it goes to the loop's exception
 * handler.
 * @throws InvalidArgumentError if `fn` is not a function.
 */
export function spawnRaw<A extends unknown[]>(fn: (...args: A) => unknown, ...args: A): RawGreenlet {
  checkFunction(fn, 'the function of spawnRaw()');
  const hub = currentHub();
  const g = new RawGreenlet(function* () {
    return yield* callBlocking(fn as (...a: never[]) => unknown, undefined, args);
  }, hub.main);
  hub.loop.callSoon(() => hub._switchIn(g, false, undefined));
  return g;
}

/** @throws InvalidArgumentError unless `seconds` is a non-negative number. */
export function checkSeconds(seconds: unknown, what: string): asserts seconds is number {
  if (typeof seconds !== 'number' || !(seconds >= 0)) {
    throw new InvalidArgumentError(`${what} must be a non-negative number of seconds, got ${describeValue(seconds)}`);
  }
}

function toError(exception: unknown): Error {
  if (exception instanceof Error) return exception;
  if (typeof exception === 'function' && (exception === Error || exception.prototype instanceof Error)) {
    return new (exception as new () => Error)();
  }
  throw new InvalidArgumentError(`kill() takes an Error or an Error class, got ${describeValue(exception)}`);
}

/** The future of `Greenlet._asFuture`: cancelling it kills the greenlet. */
class GreenletFuture<T> extends Future<T> {
  constructor(
    loop: EventLoop,
    private readonly _greenlet: Greenlet<T>,
  ) {
    super(loop);
  }

  override cancel(message?: string): boolean {
    if (this.done()) return false;
    // The kill is scheduled before the waiters' callbacks, so the greenlet's cleanup runs first.
    this._greenlet._dropFuture(this);
    if (!this._greenlet.ready()) this._greenlet.kill(GreenletExit, { block: false });
    return super.cancel(message);
  }

  override _describe(): string {
    return 'Future';
  }
}

/** Completes `future` with a greenlet's outcome; `null` (dead, nothing recorded) counts as killed. */
function settleFromGreenlet<T>(
  future: Future<T>,
  outcome: { ok: true; value: T } | { ok: false; error: unknown } | null,
  greenlet: Greenlet<T>,
): void {
  if (future.done()) return;
  if (outcome !== null && !outcome.ok) future.setException(outcome.error);
  else if (outcome !== null && !(outcome.value instanceof GreenletExit)) future.setResult(outcome.value);
  else {
    const exit = outcome === null ? new GreenletExit() : (outcome.value as GreenletExit);
    future.setException(new CancelledError(`${greenlet.name} was killed`, { cause: exit }));
  }
}

// Any driver (an asyncio Task, a Deferred bridge) can wait on a gevent Greenlet or a hub operation.
registerConverter((value, loop): Future<unknown> | undefined => {
  if (value instanceof Greenlet) return value._asFuture(loop);
  if (value instanceof Op) return value._toFuture(loop);
  return undefined;
});

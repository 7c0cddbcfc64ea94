/**
 * gevent's `Greenlet`: a greenlet of the hub that runs a function once, records its value or
 * error, and tells links when it is done. Starting it schedules the first switch on the loop;
 * blocking inside it (`yield* sleep(1)`, `yield* other.join()`) switches to the hub.
 */
import {
  type Coroutine,
  type EventLoop,
  type Handle,
  AS_FUTURE,
  CancelledError,
  Future,
  InvalidArgumentError,
  LoopClosedError,
  InvalidStateError,
  describeValue,
  queueRunnable,
} from '@async/loop';
import {
  type GreenletBody,
  Greenlet as RawGreenlet,
  GreenletExit,
  initOwnBody,
} from '@async/greenlet';
import { type Hub, ANCHOR_HUB, currentHub, getcurrent } from './hub.js';
import { HandOverIterator, Op, ParkingOp } from './operation.js';
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

/** When a link made with `link`, `linkValue` or `linkException` runs. */
const ALWAYS = 0;
const ON_VALUE = 1;
const ON_EXCEPTION = 2;

/**
 * A link that runs its callback in a new greenlet (gevent's `SpawnedLink`). A raw link is kept as
 * its callback, with no record around it.
 */
class SpawnedLink {
  constructor(
    readonly callback: (greenlet: unknown) => unknown,
    readonly when: typeof ALWAYS | typeof ON_VALUE | typeof ON_EXCEPTION,
  ) {}
}

/** How a greenlet's function ended (see `Greenlet._ended`). */
const ENDED_NOT = 0;
const ENDED_VALUE = 1;
const ENDED_ERROR = 2;

/** What the greenlet is queued for in the loop (see `Greenlet._queuedFor`). */
const QUEUED_NOTHING = 0;
const QUEUED_START = 1;
const QUEUED_NOTIFY = 2;
const QUEUED_TURN = 3;

/**
 * The hub's wait record (`_hubWait`) of a greenlet waiting for its turn (`Greenlet._waitTurn`):
 * abandoning the wait (a kill, a `Timeout`) takes the turn back. It keeps nothing of any one
 * greenlet, so one serves them all.
 */
const TURN_WAIT = {
  _abandon(greenlet: Greenlet<unknown>): void {
    greenlet._cancelTurn();
  },
};

/**
 * What few greenlets need, kept out of the greenlet itself (one field instead of six, for every
 * greenlet spawned): made on first use.
 */
class GreenletExtra {
  /** The callback that notifies links when the greenlet could not queue itself for it. */
  notifier: Handle | null = null;
  /** The start's callback when the greenlet could not queue itself for it (or `startLater`). */
  startHandle: Handle | null = null;
  /** Killed before it started: dead without ever running. */
  startCancelled = false;
  name: string | undefined = undefined;
  ident = -1;
  /** See `Greenlet._closeWhenDone`. */
  closeWhenDone: { close(): void } | null = null;
}

/**
 * The class hub greenlets' constructor chain starts from: it has no constructor and no fields, so
 * V8 skips it and `super()` costs no call (a base class constructor is never inlined into a
 * subclass's). It is not on their prototype chain: `Greenlet.prototype` inherits from the raw
 * greenlet's prototype directly (see the static block in `Greenlet`), so a hub greenlet is a raw
 * `Greenlet` with all its methods. The hub's constructor sets the raw greenlet's fields with
 * `initOwnBody`, which sits beside their declarations.
 */
class UnconstructedGreenlet {}

/** A link as a greenlet keeps it: a raw link's callback, a `SpawnedLink`, or a waiting `get()`/`join()`. */
type Link = ((greenlet: never) => void) | SpawnedLink | GreenletWait<unknown, unknown>;

/**
 * The arguments `spawnWith` hands to the constructor, which takes them (and clears this) before
 * anything else: the array `spawn` got is kept as it is, rather than spread into the
 * constructor's own rest parameter, which would copy it.
 */
let givenArgs: unknown[] | null = null;

/** The hub the constructor takes instead of the current one: set only to make the map anchor. */
let givenHub: Hub | null = null;

/** The greenlet of `Greenlet`'s map anchor, for the anchors of the classes around it. */
let anchorGreenlet: Greenlet<never> | null = null;

/**
 * A gevent greenlet. `spawn(fn, ...args)` makes and starts one; `new Greenlet(fn, ...args)`
 * makes one to `start()` later. `fn` may be a generator function (it blocks with `yield*`), an
 * async function or a plain function.
 */
export class Greenlet<T = unknown>
  extends (UnconstructedGreenlet as unknown as typeof RawGreenlet)
  implements Linkable, PromiseLike<T>
{
  static {
    // One level less for every prototype walk: an `instanceof Future` that fails (an asyncio
    // task checks that first), `isPrototypeOf`, a method of the raw greenlet's. First, so that
    // the map anchor below gets the final chain.
    Object.setPrototypeOf(this.prototype, RawGreenlet.prototype);
  }

  /**
   * Keeps the class's hidden class alive across full GCs (see `ANCHOR_HUB`): most greenlets live
   * shorter than the time between two full GCs. Made on the stand-in hub and never started.
   */
  static readonly #mapAnchor: Greenlet<never> = Greenlet.#makeAnchor();

  static #makeAnchor(): Greenlet<never> {
    givenHub = ANCHOR_HUB;
    givenArgs = [];
    anchorGreenlet = new Greenlet<never>(Greenlet.#makeAnchor);
    return anchorGreenlet;
  }

  /** The hub the greenlet runs on. */
  readonly hub: Hub;
  /** The arguments `fn` is called with. */
  readonly args: unknown[];
  private readonly _fn: (...args: never[]) => unknown;
  /**
   * How `fn` ended (`ENDED_NOT`, `ENDED_VALUE`, `ENDED_ERROR`) and its value or error in
   * `_result`: two fields rather than an outcome object made for every greenlet.
   */
  private _ended: typeof ENDED_NOT | typeof ENDED_VALUE | typeof ENDED_ERROR = ENDED_NOT;
  private _result: unknown = undefined;
  /**
   * In the order they were made: `null` until the first (most greenlets never get one), then that
   * link as it is, then an array (one link, the common case, needs no array).
   */
  private _links: Link | Link[] | null = null;
  /** The futures of `_asFuture` waiting for the outcome, completed when it is reported. */
  private _futures: Future<T> | Future<T>[] | null = null;
  /**
   * What the greenlet's own run in the loop's ready queue is for (`QUEUED_START`,
   * `QUEUED_NOTIFY`, else `QUEUED_NOTHING`): on the engine's loops the start and the notifying
   * of links queue the greenlet itself (a `Runnable`), with no `Handle` and no argument array.
   * Set back to nothing to cancel it.
   */
  private _queuedFor: typeof QUEUED_NOTHING | typeof QUEUED_START | typeof QUEUED_NOTIFY | typeof QUEUED_TURN =
    QUEUED_NOTHING;
  /** True while the greenlet sits in the loop's ready queue, cancelled or not. */
  private _inQueue = false;
  /** The rarely needed state (see `GreenletExtra`), or `null`. */
  private _extra: GreenletExtra | null = null;

  /**
   * @throws InvalidArgumentError if `fn` is not a function.
   */
  constructor(fn: (...args: never[]) => unknown, ...args: unknown[]) {
    const given = givenArgs;
    givenArgs = null;
    checkFunction(fn, 'the function of a Greenlet');
    const hub = givenHub ?? currentHub();
    givenHub = null;
    // Calls nothing (see `UnconstructedGreenlet`): the raw greenlet's fields are set here.
    super();
    initOwnBody(this, hub.main);
    this.hub = hub;
    this._fn = fn;
    this.args = given ?? args;
  }

  /** Makes a greenlet and starts it: gevent's `Greenlet.spawn`. */
  static spawn<A extends unknown[], R>(fn: BlockingFunction<A, R>, ...args: A): Greenlet<BlockingResult<R>> {
    return spawnWith(fn, args);
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

  /**
   * @internal The first switch in calls `fn`; the trampoline drives what it gives (its coroutine,
   * see `callBlocking`) as the greenlet's body, with no generator of ours around it, and calls
   * `_exit` when it is done.
   */
  override _start(): GreenletBody {
    const extra = this._extra;
    if (extra !== null) extra.startHandle = null;
    if (this._queuedFor === QUEUED_START) this._queuedFor = QUEUED_NOTHING;
    return callBlocking(this._fn, this, this.args);
  }

  /**
   * @internal `fn` is done: closes what `_closeWhenDone` holds (an error there replaces the
   * outcome, as a `finally` would), then records the outcome. The parent (the hub) gets nothing.
   */
  override _exit(raise: boolean, value: unknown): undefined {
    const closing = this._extra === null ? null : this._extra.closeWhenDone;
    if (closing !== null) {
      try {
        closing.close();
      } catch (error) {
        raise = true;
        value = error;
      }
    }
    if (raise) this._reportError(value);
    else this._report(ENDED_VALUE, value);
    return undefined;
  }

  /**
   * @internal Closed when `fn` returns or raises, before the outcome is recorded: a
   * `StreamServer`'s connection, closed here rather than by a wrapper generator around the
   * handler, which every switch into the greenlet would have to resume.
   */
  get _closeWhenDone(): { close(): void } | null {
    return this._extra === null ? null : this._extra.closeWhenDone;
  }

  set _closeWhenDone(value: { close(): void } | null) {
    this._more().closeWhenDone = value;
  }

  /** The greenlet's name: `Greenlet-<minimalIdent>` unless set. */
  get name(): string {
    return this._extra?.name ?? `Greenlet-${this.minimalIdent}`;
  }

  set name(value: string) {
    if (typeof value !== 'string') throw new InvalidArgumentError(`a greenlet's name must be a string, got ${describeValue(value)}`);
    this._more().name = value;
  }

  /** A small number identifying the greenlet within its hub, given out on first use from 0. */
  get minimalIdent(): number {
    const extra = this._more();
    if (extra.ident === -1) extra.ident = ++this.hub._lastIdent;
    return extra.ident;
  }

  /** True once finished, or killed before it started. */
  override get dead(): boolean {
    return super.dead || (this._extra !== null && this._extra.startCancelled && !this.started);
  }

  /** The rarely needed state, made on first use. */
  private _more(): GreenletExtra {
    return (this._extra ??= new GreenletExtra());
  }

  /** True once the greenlet has a value or an error (or is dead). */
  ready(): boolean {
    return this._ended !== ENDED_NOT || this.dead;
  }

  /** True if it finished without an error (being killed with `GreenletExit` counts as success). */
  successful(): boolean {
    return this._ended === ENDED_VALUE;
  }

  /** The value `fn` returned (or the `GreenletExit` that killed it), else `undefined`. */
  get value(): T | GreenletExit | undefined {
    return this._ended === ENDED_VALUE ? (this._result as T | GreenletExit) : undefined;
  }

  /** The error `fn` raised, else `undefined`. */
  get exception(): unknown {
    return this._ended === ENDED_ERROR ? this._result : undefined;
  }

  /** Schedules the first switch into the greenlet; does nothing if already started or scheduled. */
  start(): void {
    if (this._queuedFor === QUEUED_START || this._extra?.startHandle != null || this.started || this.ready()) return;
    this._queueStart();
  }

  /** @internal Queues the start of a greenlet that is not started, not ready and not scheduled to start. */
  _queueStart(): void {
    const loop = this.hub.loop;
    // Nothing else of the greenlet's can be queued yet.
    if (queueRunnable(loop, this)) {
      this._queuedFor = QUEUED_START;
      this._inQueue = true;
    } else this._more().startHandle = loop.callSoon(beginGreenlet, this as Greenlet<unknown>);
  }

  /**
   * Schedules the start `seconds` from now.
   * @throws InvalidArgumentError if `seconds` is negative or not a number.
   */
  startLater(seconds: number): void {
    checkSeconds(seconds, 'startLater(seconds)');
    if (this._queuedFor === QUEUED_START || this._extra?.startHandle != null || this.started || this.ready()) return;
    this._more().startHandle = this.hub.loop.callLater(seconds, beginGreenlet, this as Greenlet<unknown>);
  }

  /**
   * Waits until the greenlet is done, or `timeout` seconds. It neither raises the greenlet's
   * error nor raises on timeout: check `ready()`.
   */
  join(timeout: number | null = null): Op<void> {
    if (timeout !== null) checkSeconds(timeout, 'join(timeout)');
    if (this.ready()) return Op.settled(this.hub, false, undefined);
    return new GreenletWait<T, void>(this, false, timeout);
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
    return new GreenletWait<T, T>(this, true, timeout);
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
    const extra = this._extra;
    if (extra !== null) {
      extra.startHandle?.cancel();
      extra.startHandle = null;
    }
    if (this._queuedFor === QUEUED_START) this._queuedFor = QUEUED_NOTHING;
    if (!this.started) {
      if (!this.ready()) {
        this._more().startCancelled = true;
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
    checkFunction(callback, 'link(callback)');
    this._addLink(new SpawnedLink(callback as (greenlet: unknown) => unknown, ALWAYS));
  }

  /** Like `link`, for a greenlet that finished successfully only. */
  linkValue(callback: (greenlet: this) => unknown): void {
    checkFunction(callback, 'linkValue(callback)');
    this._addLink(new SpawnedLink(callback as (greenlet: unknown) => unknown, ON_VALUE));
  }

  /** Like `link`, for a greenlet that failed only. */
  linkException(callback: (greenlet: this) => unknown): void {
    checkFunction(callback, 'linkException(callback)');
    this._addLink(new SpawnedLink(callback as (greenlet: unknown) => unknown, ON_EXCEPTION));
  }

  /** Calls `callback(this)` directly from the hub once done; it must not block. */
  rawlink(callback: RawLink<this>): void {
    checkFunction(callback, 'rawlink(callback)');
    this._addLink(callback as Link);
  }

  /** Removes every link made with `callback`. */
  unlink(callback: unknown): void {
    const links = this._links;
    if (links === null) return;
    if (!Array.isArray(links)) {
      if (links === callback || (links instanceof SpawnedLink && links.callback === callback)) this._links = null;
      return;
    }
    // In place and without a closure: `iwait` unlinks every greenlet it was told about.
    let kept = 0;
    for (let i = 0; i < links.length; i++) {
      const link = links[i]!;
      if (link === callback || (link instanceof SpawnedLink && link.callback === callback)) continue;
      links[kept++] = link;
    }
    while (links.length > kept) links.pop();
  }

  /**
   * `yield* g`: inside a greenlet of the hub it is `yield* g.get()`, as in gevent. In any other
   * driver (an asyncio `Task`, `inlineCallbacks`, a Tornado coroutine) the greenlet itself is
   * yielded, so the driver waits on it the way it waits on a task: cancelling the driver kills
   * the greenlet, and a greenlet killed with `GreenletExit` raises `CancelledError` there.
   */
  [Symbol.iterator](): Iterator<unknown, T, unknown> {
    // The hub's trampoline runs exactly while one of its greenlets (never its main) is current.
    if (this.hub.trampoline.running) return this.get()[Symbol.iterator]();
    // Outside the hub: the greenlet itself goes to the driver, which converts it to a future.
    return new HandOverIterator<T>(this, false);
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
   * A future on `loop` with the greenlet's outcome, for the drivers of other fronts (`toFuture`
   * finds it by the core's `AS_FUTURE` key): its value, or its error; a greenlet killed with
   * `GreenletExit` fails it with `CancelledError` (cause: the `GreenletExit`). Cancelling the
   * future kills the greenlet, as cancelling a task's awaiter cancels the task it awaits. The
   * future is completed when the greenlet finishes, not by a link (which would cost one more
   * loop turn).
   */
  [AS_FUTURE](loop: EventLoop): Future<T> {
    return this._asFuture(loop);
  }

  /** @internal The future of `[AS_FUTURE]` (see there). */
  _asFuture(loop: EventLoop): Future<T> {
    if (loop.isClosed()) throw new LoopClosedError();
    const future = new GreenletFuture<T>(loop, this);
    if (this.ready()) settleFromGreenlet(future, this);
    else this._addFuture(future);
    return future;
  }

  /** @internal Forgets a future of `_asFuture` that was cancelled. */
  _dropFuture(future: Future<T>): void {
    const futures = this._futures;
    if (futures === null) return;
    if (!Array.isArray(futures)) {
      if (futures === future) this._futures = null;
      return;
    }
    const i = futures.indexOf(future);
    if (i >= 0) futures.splice(i, 1);
  }

  /** As `_addLink`: one future (a task waiting, the common case) is kept without an array. */
  private _addFuture(future: Future<T>): void {
    const futures = this._futures;
    if (futures === null) this._futures = future;
    else if (Array.isArray(futures)) futures.push(future);
    else this._futures = [futures, future];
  }

  /** `<Greenlet "name" state>`. */
  override toString(): string {
    const state = this.ready() ? (this.successful() ? 'done' : 'failed') : this.started ? 'running' : 'not started';
    return `<Greenlet "${this.name}" ${state}>`;
  }

  /**
   * @internal The greenlet's turn in the loop's ready queue (see `_queuedFor`): its start, the
   * first switch in, or the notifying of its links; nothing if that was cancelled.
   */
  _run(): void {
    this._inQueue = false;
    const queuedFor = this._queuedFor;
    this._queuedFor = QUEUED_NOTHING;
    if (queuedFor === QUEUED_START) this._begin();
    else if (queuedFor === QUEUED_TURN) this._endTurn();
    else if (queuedFor === QUEUED_NOTIFY) this._notifyLinks();
  }

  /**
   * @internal For `sleep(0)` and a bare `yield`, where the greenlet blocks: queues the greenlet
   * itself to be switched back into after one turn of the loop, as its start is queued, with a
   * shared wait record (see `TURN_WAIT`), so a turn allocates nothing. False if it cannot (its
   * place in the queue is taken, or the loop is not one of the engine's): the caller then waits
   * its own way. The hub finds it on the greenlet (its internal `TurnWaiter`).
   */
  _waitTurn(): boolean {
    if (this._inQueue || !queueRunnable(this.hub.loop, this)) return false;
    this._queuedFor = QUEUED_TURN;
    this._inQueue = true;
    this._hubWait = TURN_WAIT;
    return true;
  }

  /** @internal The greenlet stops waiting for its turn (killed, timed out). */
  _cancelTurn(): void {
    if (this._queuedFor === QUEUED_TURN) this._queuedFor = QUEUED_NOTHING;
  }

  /** The turn is over: switch back in, from the loop, as the hub does. */
  private _endTurn(): void {
    const hub = this.hub;
    if (hub.trampoline.running) {
      // Only a loop run from inside a greenlet gets here; switch in from a callback of its own,
      // which holds the greenlet's place in the queue until then.
      this._queuedFor = QUEUED_TURN;
      this._inQueue = true;
      hub.loop.callSoon(runQueued, this as Greenlet<unknown>);
      return;
    }
    hub._unpark(this, false, undefined);
  }

  /** @internal The start callback: the first switch into the greenlet. */
  _begin(): void {
    const extra = this._extra;
    if (extra !== null) extra.startHandle = null;
    this.hub._switchIn(this, false, undefined);
  }

  /** @internal Adds a link (a raw one, a spawned one, or a `GreenletWait`). */
  _addLink(link: Link): void {
    const links = this._links;
    if (links === null) this._links = link;
    else if (Array.isArray(links)) links.push(link);
    else this._links = [links, link];
    if (this.ready()) this._scheduleNotify();
  }

  /** Runs one link: a raw one calls its callback, a spawned one starts it in a new greenlet. */
  private _runLink(link: Link): void {
    if (link instanceof GreenletWait) {
      link._linked();
      return;
    }
    if (!(link instanceof SpawnedLink)) {
      (link as RawLink<this>)(this);
      return;
    }
    if (link.when === ON_VALUE ? !this.successful() : link.when === ON_EXCEPTION && this.successful()) return;
    // A link runs in its own greenlet so that it may block, as gevent's SpawnedLink.
    const fn = link.callback;
    const g = this;
    const runner = new RawGreenlet(function* () {
      yield* callBlocking(fn, undefined, [g]);
    }, this.hub.main);
    this.hub._switchIn(runner, false, undefined);
  }

  /** @internal What `get()` gives once ready: the value, or the error to raise (see `successful`). */
  _settledValue(): unknown {
    return this._ended === ENDED_NOT ? new GreenletExit() : this._result;
  }

  /** @internal True if `fn` raised (an error other than `GreenletExit`). */
  _failed(): boolean {
    return this._ended === ENDED_ERROR;
  }

  private _reportError(error: unknown): void {
    if (error instanceof GreenletExit) {
      this._report(ENDED_VALUE, error);
      return;
    }
    this._report(ENDED_ERROR, error);
    this.hub.handleError(this, error);
  }

  private _report(ended: typeof ENDED_VALUE | typeof ENDED_ERROR, result: unknown): void {
    this._ended = ended;
    this._result = result;
    const futures = this._futures;
    if (futures !== null) {
      this._futures = null;
      if (!Array.isArray(futures)) settleFromGreenlet(futures, this);
      else for (const future of futures) settleFromGreenlet(future, this);
    }
    const links = this._links;
    if (links !== null && (!Array.isArray(links) || links.length !== 0)) this._scheduleNotify();
  }

  private _scheduleNotify(): void {
    if (this._queuedFor === QUEUED_NOTIFY || (this._extra !== null && this._extra.notifier !== null)) return;
    const loop = this.hub.loop;
    // A cancelled start may still sit in the queue, ahead of where this call belongs: a Handle then.
    if (!this._inQueue && queueRunnable(loop, this)) {
      this._queuedFor = QUEUED_NOTIFY;
      this._inQueue = true;
    } else {
      this._more().notifier = loop.callSoon(notifyLinks, this as Greenlet<unknown>);
    }
  }

  /** @internal The notifier callback: runs the links, each once, in the order they were made. */
  _notifyLinks(): void {
    const extra = this._extra;
    if (extra !== null) extra.notifier = null;
    for (;;) {
      // Read afresh each time: a link may add another one.
      const links = this._links;
      let link: Link;
      if (links === null) return;
      if (!Array.isArray(links)) {
        link = links;
        this._links = null;
      } else if (links.length === 0) {
        return;
      } else {
        link = links.shift()!;
      }
      try {
        this._runLink(link);
      } catch (error) {
        this.hub.handleError(link instanceof SpawnedLink ? link.callback : link, error);
      }
    }
  }
}

/**
 * `get()` or `join()` on a greenlet that is not ready: an operation that is its own wait record
 * and its own link. A greenlet blocked on it is parked (no closures, no hub record) and switched
 * into from the greenlet's link notifying; from plain code it completes a future the same way.
 * One wait at a time, as every operation (`Op`).
 */
class GreenletWait<T, R> extends ParkingOp<R> {
  /** As `Greenlet`'s: a `get()` or `join()` that waits makes one. */
  static readonly #mapAnchor: GreenletWait<never, never> = new GreenletWait<never, never>(anchorGreenlet!, true, null);

  private _waiter: RawGreenlet | null = null;
  private _future: Future<unknown> | null = null;
  private _timer: Handle | null = null;

  constructor(
    private readonly _target: Greenlet<T>,
    /** true for `get()`: the value, or the greenlet's error raised; a timeout raises `Timeout`. */
    private readonly _get: boolean,
    private readonly _timeout: number | null,
  ) {
    super(_target.hub);
  }

  /** @internal Nothing to wait for if the greenlet is ready by now; else waits for its link. */
  _park(greenlet: RawGreenlet): boolean {
    if (this._target.ready()) return false;
    this._waiter = greenlet;
    this._listen();
    return true;
  }

  override _outcome(): R {
    if (!this._get) return undefined as R;
    const target = this._target;
    if (!target.successful()) throw target._settledValue();
    return target._settledValue() as R;
  }

  /** @internal The waiting greenlet was killed or timed out: it stops waiting. */
  _abandon(): void {
    this._stopListening();
    this._waiter = null;
  }

  /** @internal Awaited from plain code: a future completed by the same link, no greenlet. */
  override _toFuture(loop: EventLoop = this.hub.loop): Future<R> {
    const future = loop.createFuture<R>();
    if (this._target.ready()) {
      this._settle(future);
      return future;
    }
    this._future = future;
    this._listen();
    future.addDoneCallback((f) => {
      if (f.cancelled() && this._future === f) {
        this._stopListening();
        this._future = null;
      }
    });
    return future;
  }

  /** @internal The link: the greenlet is done. */
  _linked(): void {
    this._end(false);
  }

  /** @internal The timeout. */
  _expire(): void {
    this._timer = null;
    this._end(true);
  }

  private _listen(): void {
    this._target._addLink(this as unknown as GreenletWait<unknown, unknown>);
    if (this._timeout !== null) this._timer = this.hub.loop.callLater(this._timeout, expireGreenletWait, this);
  }

  private _stopListening(): void {
    this._target.unlink(this);
    this._timer?.cancel();
    this._timer = null;
  }

  /** Hands the outcome (or, when `timedOut`, the end of the wait) to the waiter. */
  private _end(timedOut: boolean): void {
    const future = this._future;
    if (future !== null) {
      this._stopListening();
      this._future = null;
      if (!timedOut) this._settle(future);
      else if (this._get) future.setException(new Timeout(this._timeout));
      else future.setResult(undefined);
      return;
    }
    const waiter = this._waiter;
    if (waiter === null) return;
    if (this.hub.trampoline.running) {
      // Links and timers run from loop callbacks; should one run inside a greenlet, switch in from a callback.
      this.hub.loop.callSoon(timedOut ? expireGreenletWait : linkGreenletWait, this);
      return;
    }
    this._abandon();
    if (timedOut) this.hub._unpark(waiter, this._get, this._get ? new Timeout(this._timeout) : undefined);
    else if (!this._get) this.hub._unpark(waiter, false, undefined);
    else this.hub._unpark(waiter, !this._target.successful(), this._target._settledValue());
  }

  private _settle(future: Future<unknown>): void {
    if (future.done()) return;
    const target = this._target;
    if (!this._get) future.setResult(undefined);
    else if (!target.successful()) future.setException(target._settledValue());
    else future.setResult(target._settledValue());
  }
}

function linkGreenletWait(wait: { _linked(): void }): void {
  wait._linked();
}

function expireGreenletWait(wait: { _expire(): void }): void {
  wait._expire();
}

function runQueued(g: Greenlet<unknown>): void {
  g._run();
}

function beginGreenlet(g: Greenlet<unknown>): void {
  g._begin();
}

function notifyLinks(g: Greenlet<unknown>): void {
  g._notifyLinks();
}

/** Makes a `Greenlet` that runs `fn(...args)` and starts it: gevent's `spawn`. */
export function spawn<A extends unknown[], R>(fn: BlockingFunction<A, R>, ...args: A): Greenlet<BlockingResult<R>> {
  return spawnWith(fn, args);
}

function spawnWith<A extends unknown[], R>(fn: BlockingFunction<A, R>, args: A): Greenlet<BlockingResult<R>> {
  givenArgs = args;
  const g = new Greenlet<BlockingResult<R>>(fn as (...a: never[]) => unknown);
  // `start()` without its checks: nothing can have happened to a greenlet made just now.
  g._queueStart();
  return g;
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
  /** As `Greenlet`'s: a task waiting on a greenlet makes one each time. */
  static readonly #mapAnchor: GreenletFuture<never> = new GreenletFuture<never>(ANCHOR_HUB, anchorGreenlet!);

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

/**
 * Completes `future` with a ready greenlet's outcome; dead with nothing recorded counts as killed
 * (`_settledValue()` is then a `GreenletExit`).
 */
function settleFromGreenlet<T>(future: Future<T>, greenlet: Greenlet<T>): void {
  if (future.done()) return;
  const value = greenlet._settledValue();
  if (greenlet._failed()) future.setException(value);
  else if (!(value instanceof GreenletExit)) future.setResult(value as T);
  else future.setException(new CancelledError(`${greenlet.name} was killed`, { cause: value }));
}


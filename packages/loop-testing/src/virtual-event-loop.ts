/**
 * `VirtualEventLoop`: the engine of `@async/loop` on a virtual clock, for tests. Time moves only
 * when the test says so (`advance()`), or, while the loop runs, by jumping straight to the next
 * timer whenever nothing else is ready. Nothing waits on a real timer, so a test of a 30-second
 * timeout takes microseconds and always sees the same order of events. Its networking is in
 * memory (`loop.network`, a `VirtualNetwork`), so protocol tests need no sockets either.
 *
 * Two ways to use it:
 * - Twisted's `task.Clock` style: schedule, then `advance(seconds)` or `runUntilIdle()`; both run
 *   the callbacks synchronously, in order, before returning.
 * - asyncio style: `await loop.runUntilComplete(coro)`; virtual time jumps to each timer as soon
 *   as the loop is idle (disable with `{ autoAdvance: false }`).
 */
import {
  BaseEventLoop,
  InvalidArgumentError,
  LoopClosedError,
  LoopStateError,
  type Future,
  type Protocol,
  type ProtocolFactory,
  type Server,
  type StartTlsContext,
  type StartTlsOptions,
  type Transport,
} from '@async/loop';
import { MemoryTransport } from './memory-transport.js';
import {
  VirtualNetwork,
  type VirtualConnectionOptions,
  type VirtualNetworkOptions,
  type VirtualServerOptions,
} from './virtual-network.js';

/** Options for a `VirtualEventLoop`. */
export interface VirtualEventLoopOptions {
  /** The clock's starting time in seconds. Default 0. */
  start?: number;
  /** Jump to the next timer whenever the running loop is idle. Default true. */
  autoAdvance?: boolean;
  /** `runUntilIdle()` gives up after this many iterations. Default 100,000. */
  maxIterations?: number;
  /**
   * Default link settings of the loop's in-memory network (`latency`, `chunkSize`,
   * `bufferSize`); servers and connections may override them.
   */
  network?: VirtualNetworkOptions;
}

/** An `EventLoop` with virtual time. */
export class VirtualEventLoop extends BaseEventLoop {
  private _now: number;
  private readonly _autoAdvance: boolean;
  private readonly _maxIterations: number;
  private _jump: ReturnType<typeof setImmediate> | null = null;
  /**
   * The loop's in-memory network: where `createServer()` listens and `createConnection()`
   * connects. Use it to add host names or change the default latency.
   */
  readonly network: VirtualNetwork;

  constructor(options: VirtualEventLoopOptions = {}) {
    super();
    const start = options.start ?? 0;
    if (typeof start !== 'number' || !Number.isFinite(start)) {
      throw new InvalidArgumentError(`VirtualEventLoop start must be a finite number of seconds, got ${String(start)}`);
    }
    this._now = start;
    this.network = new VirtualNetwork(this, options.network);
    this._autoAdvance = options.autoAdvance ?? true;
    const maxIterations = options.maxIterations ?? 100_000;
    // NaN or a negative number would disable the guard, and a busy loop would hang the test.
    if (typeof maxIterations !== 'number' || !Number.isInteger(maxIterations) || maxIterations < 1) {
      throw new InvalidArgumentError(
        `VirtualEventLoop maxIterations must be a positive integer, got ${String(maxIterations)}`,
      );
    }
    this._maxIterations = maxIterations;
  }

  /** The virtual clock, in seconds. */
  time(): number {
    return this._now;
  }

  /**
   * Moves the clock forward by `seconds`, running every callback and timer that falls due, in
   * order, each timer at its own deadline. Returns once the loop is idle at the new time.
   */
  advance(seconds: number): void {
    if (typeof seconds !== 'number' || !(seconds >= 0) || !Number.isFinite(seconds)) {
      throw new InvalidArgumentError(`advance(seconds) needs a finite non-negative number, got ${String(seconds)}`);
    }
    this._checkUsable('advance()');
    const target = this._now + seconds;
    this._drain();
    for (;;) {
      const next = this.nextTimerDeadline();
      if (next === undefined || next > target) break;
      if (next > this._now) this._now = next;
      this._drain();
    }
    this._now = target;
    this._drain();
  }

  /**
   * Moves the clock forward by `seconds` without running anything, like trio's
   * `MockClock.jump()`. Unlike `advance()` it may be called from inside a callback: it is how a
   * test makes a callback take that long (for debug mode's slow-callback report). Timers that
   * fall due run at the loop's next iteration, late, as they would after real slow code.
   */
  jump(seconds: number): void {
    if (typeof seconds !== 'number' || !(seconds >= 0) || !Number.isFinite(seconds)) {
      throw new InvalidArgumentError(`jump(seconds) needs a finite non-negative number, got ${String(seconds)}`);
    }
    if (this.isClosed()) throw new LoopClosedError();
    this._now += seconds;
  }

  /** Runs ready callbacks (and timers already due) until none is left. Time does not move. */
  runUntilIdle(): void {
    this._checkUsable('runUntilIdle()');
    this._drain();
  }

  /** Moves the clock to the next timer's deadline and runs what is due; false if no timer. */
  advanceToNextTimer(): boolean {
    this._checkUsable('advanceToNextTimer()');
    this._drain();
    const next = this.nextTimerDeadline();
    // A timer at Infinity is never due; jumping to it would break the clock.
    if (next === undefined || next === Infinity) return false;
    if (next > this._now) this._now = next;
    this._drain();
    return true;
  }

  /** The deadline of the earliest pending timer, or `undefined`. */
  nextDeadline(): number | undefined {
    return this.nextTimerDeadline();
  }

  protected _waitForTimer(when: number): void {
    if (!this._autoAdvance || this._jump !== null) return;
    // Jump from an immediate rather than a microtask: real I/O that is already complete (a
    // test's file read, a socket) gets to deliver its callbacks before virtual time moves on.
    this._jump = setImmediate(() => {
      this._jump = null;
      // Virtual time moves only when the loop is idle; a busy loop re-arms when it goes idle.
      if (this.busy) return;
      const next = this.nextTimerDeadline();
      if (next === undefined || next === Infinity) return;
      if (next > this._now) this._now = next;
      this._wakeForTimer();
    });
  }

  protected _cancelTimerWait(): void {
    if (this._jump !== null) {
      clearImmediate(this._jump);
      this._jump = null;
    }
  }

  private _drain(): void {
    for (let i = 0; ; i++) {
      const next = this.nextTimerDeadline();
      if (this.readyCount === 0 && (next === undefined || next > this._now)) return;
      if (i >= this._maxIterations) {
        throw new LoopStateError(
          `the virtual loop was still busy after ${this._maxIterations} iterations: ` +
            'a callback probably reschedules itself forever',
        );
      }
      this.runOnce();
    }
  }

  private _checkUsable(what: string): void {
    if (this.isClosed()) throw new LoopClosedError();
    if (this.dispatching) {
      throw new LoopStateError(`${what} was called from a callback of the same loop: call it from the test instead`);
    }
  }

  /**
   * Connects through the loop's in-memory network (see `VirtualNetwork.connect()`): to a server
   * of this loop, never to a real socket. Besides the usual options it takes the link settings
   * `latency`, `chunkSize` and `bufferSize` for this connection. TLS is not available.
   */
  createConnection<P extends Protocol>(factory: ProtocolFactory<P>, options: VirtualConnectionOptions): Future<[Transport, P]> {
    return this.network.connect(factory, options);
  }

  /**
   * Listens on the loop's in-memory network (see `VirtualNetwork.listen()`). Link settings given
   * here apply to the connections the server accepts. TLS is not available.
   */
  createServer(factory: ProtocolFactory, options: VirtualServerOptions): Future<Server> {
    return this.network.listen(factory, options);
  }

  /**
   * Not available: in-memory transports have no TLS. Bad arguments throw `InvalidArgumentError`
   * as on any loop; otherwise the future fails with `NotImplementedError` (use a `NodeEventLoop`
   * to test TLS upgrades). See `VirtualNetwork.startTls()`.
   */
  startTls(transport: Transport, protocol: Protocol, tls: StartTlsContext, options?: StartTlsOptions): Future<Transport> {
    return this.network.startTls(transport, protocol, tls, options);
  }

  /**
   * Closes the loop. Live in-memory connections are destroyed first, without protocol callbacks
   * (nothing can run on a closed loop), and servers stop listening, so nothing outlives it.
   */
  override close(): void {
    if (!this.isRunning() && !this.isClosed()) {
      MemoryTransport.destroyAll(this);
      this.network._shutdown();
    }
    super.close();
  }
}

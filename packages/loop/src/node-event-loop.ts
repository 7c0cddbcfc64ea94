/**
 * `NodeEventLoop`: the default loop, on Node's own libuv loop. The engine is `BaseEventLoop`;
 * this class adds the clock (`performance.now()`, monotonic), one Node timer armed for the
 * earliest deadline, however many timers the heap holds, and real networking (`node:net`,
 * `node:tls`) through `NodeNetwork`.
 */
// Imported rather than read as the global: the global `performance` is a lazy getter, about
// 10 ns more per read, and the loop reads the clock at least once per I/O event.
import { performance } from 'node:perf_hooks';
import { BaseEventLoop, MAX_NODE_TIMER_MS } from './base-event-loop.js';
import type { Future } from './future.js';
import type { Protocol, ProtocolFactory } from './protocols.js';
import type { Transport } from './transports.js';
import type { Server } from './server.js';
import type { ConnectionOptions, ServerOptions, StartTlsContext, StartTlsOptions } from './connection-options.js';
import { NodeNetwork } from './node-network.js';

/** The event loop on Node's libuv loop. */
export class NodeEventLoop extends BaseEventLoop {
  /**
   * Keeps the loop's hidden class alive across full GCs (see `map-anchor.ts`): a loop that never
   * runs. A program that makes a fresh loop after the last one was collected (`asyncio.run()`
   * called again, a test runner's loop per test, the bench's loop per sample) otherwise found
   * every loop method, and what inlined them, deoptimized ("weak objects") and warmed them up
   * again. Making it opens nothing: networking and timers start with a run.
   */
  static readonly #mapAnchor: NodeEventLoop = new NodeEventLoop();

  private _timer: ReturnType<typeof setTimeout> | null = null;
  private _timerWhen = Infinity;
  private readonly _network = new NodeNetwork(this);
  private readonly _onTimer = (): void => {
    this._timer = null;
    this._timerWhen = Infinity;
    // Node may fire a little early against our clock; the engine re-arms if nothing is due.
    this._wakeForTimer();
  };

  constructor() {
    super();
    // Node's timers have millisecond granularity.
    this.clockResolution = 0.001;
  }

  /** Monotonic seconds from `performance.now()`. */
  time(): number {
    return performance.now() / 1000;
  }

  protected _waitForTimer(when: number): void {
    // A timer armed for an earlier deadline will fire first and re-arm for this one.
    if (this._timer !== null && this._timerWhen <= when) return;
    this._cancelTimerWait();
    const ms = Math.min(Math.max(1, Math.ceil((when - this.time()) * 1000)), MAX_NODE_TIMER_MS);
    this._timer = setTimeout(this._onTimer, ms);
    this._timerWhen = when;
  }

  protected _cancelTimerWait(): void {
    if (this._timer !== null) {
      clearTimeout(this._timer);
      this._timer = null;
      this._timerWhen = Infinity;
    }
  }

  /** TCP, TLS or UNIX-socket connection; see `EventLoop.createConnection`. */
  createConnection<P extends Protocol>(factory: ProtocolFactory<P>, options: ConnectionOptions): Future<[Transport, P]> {
    return this._network.createConnection(factory, options);
  }

  /** TCP, TLS or UNIX-socket server; see `EventLoop.createServer`. */
  createServer(factory: ProtocolFactory, options: ServerOptions): Future<Server> {
    return this._network.createServer(factory, options);
  }

  /**
   * Upgrades a TCP or UNIX-socket transport of this loop to TLS in place, with a `node:tls`
   * `TLSSocket` over its socket; see `EventLoop.startTls`.
   */
  startTls(transport: Transport, protocol: Protocol, tls: StartTlsContext, options?: StartTlsOptions): Future<Transport> {
    return this._network.startTls(transport, protocol, tls, options);
  }

  /**
   * Closes the loop and everything it opened on Node: servers stop listening, connections are
   * destroyed (without protocol callbacks, as the loop can run none), pending connection
   * attempts fail with `LoopClosedError`. Their handles are released by the next libuv turn.
   */
  override close(): void {
    if (!this.isRunning() && !this.isClosed()) this._network.closeAll();
    super.close();
  }
}

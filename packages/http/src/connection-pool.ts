/**
 * `ConnectionPool`: the client's connections, by origin (scheme, host, port). A request takes an
 * idle connection of its origin if there is one, else opens a new one, within two limits: the
 * requests in flight over all origins (`maxClients`) and the busy connections of one origin
 * (`maxConnectionsPerHost`). Requests over a limit wait in one FIFO queue; each freed slot goes
 * to the first waiting request it can serve. Idle connections are kept (most recently used
 * first) until the server closes them or `idleConnectionTimeout` passes.
 */
import type { EventLoop } from '@async/loop';
import type { ClientConfig } from './client-options.js';
import type { ClientExchange } from './client-exchange.js';
import { HTTPClientProtocol } from './client-protocol.js';

/** The connections of one `HTTPClient`. */
export class ConnectionPool {
  /** Requests in flight (connecting or waiting for their response). */
  inFlight = 0;
  private readonly _busy = new Map<string, number>();
  private readonly _idle = new Map<string, HTTPClientProtocol[]>();
  private readonly _queue: ClientExchange[] = [];
  private _closed = false;

  constructor(
    readonly loop: EventLoop,
    readonly config: ClientConfig,
  ) {}

  /** Idle connections kept, over every origin. */
  get idleCount(): number {
    let n = 0;
    for (const list of this._idle.values()) n += list.length;
    return n;
  }

  /** Requests waiting for a slot. */
  get queued(): number {
    return this._queue.length;
  }

  /** Gives `exchange` a connection now, or queues it. */
  acquire(exchange: ClientExchange): void {
    if (!this._tryStart(exchange)) this._queue.push(exchange);
  }

  /** Takes a queued exchange out (it timed out). */
  dequeue(exchange: ClientExchange): void {
    const i = this._queue.indexOf(exchange);
    if (i >= 0) this._queue.splice(i, 1);
  }

  /** Closes the idle connections; later releases close theirs too. */
  close(): void {
    this._closed = true;
    const idle = [...this._idle.values()].flat();
    this._idle.clear();
    for (const protocol of idle) this._closeIdle(protocol);
  }

  /** @internal A connection finished its request (or failed): free its slot, keep it if reusable. */
  _release(protocol: HTTPClientProtocol, reusable: boolean): void {
    if (!protocol._busy) return;
    protocol._busy = false;
    this._freeSlot(protocol.key);
    if (reusable && !this._closed && this.config.idleTimeout > 0 && !protocol._lost) {
      let list = this._idle.get(protocol.key);
      if (list === undefined) this._idle.set(protocol.key, (list = []));
      list.push(protocol);
      protocol._idleTimer = this.loop.callLater(this.config.idleTimeout, closeIdle, this, protocol);
      // As Node's http.Agent does: an idle kept-alive socket does not keep the process alive.
      setRef(protocol, false);
    } else if (reusable) {
      protocol._transport?.close();
    }
    this._pump();
  }

  /** @internal A connection was lost: forget it if idle. */
  _lost(protocol: HTTPClientProtocol): void {
    if (protocol._idleTimer !== null) {
      protocol._idleTimer.cancel();
      protocol._idleTimer = null;
    }
    const list = this._idle.get(protocol.key);
    if (list === undefined) return;
    const i = list.indexOf(protocol);
    if (i >= 0) list.splice(i, 1);
    if (list.length === 0) this._idle.delete(protocol.key);
  }

  /** @internal Closes an idle connection whose time is up. */
  _closeIdle(protocol: HTTPClientProtocol): void {
    this._lost(protocol);
    protocol._transport?.close();
  }

  private _tryStart(exchange: ClientExchange): boolean {
    const key = exchange.key;
    const busy = this._busy.get(key) ?? 0;
    if (this.inFlight >= this.config.maxClients || busy >= this.config.maxConnectionsPerHost) return false;
    this.inFlight++;
    this._busy.set(key, busy + 1);
    const list = this._idle.get(key);
    while (list !== undefined && list.length > 0) {
      const protocol = list.pop()!;
      if (list.length === 0) this._idle.delete(key);
      if (protocol._idleTimer !== null) {
        protocol._idleTimer.cancel();
        protocol._idleTimer = null;
      }
      if (protocol._lost || protocol._transport === null || protocol._transport.isClosing()) continue;
      setRef(protocol, true);
      protocol._busy = true;
      exchange._assign(protocol);
      return true;
    }
    this._connect(exchange);
    return true;
  }

  private _connect(exchange: ClientExchange): void {
    const key = exchange.key;
    let connecting;
    try {
      connecting = this.loop.createConnection(() => new HTTPClientProtocol(this, key), exchange.connectOptions());
    } catch (error) {
      this._freeSlot(key);
      exchange._onConnectFailed(error as Error);
      this._pump();
      return;
    }
    exchange._connecting = connecting;
    connecting.addDoneCallback((done) => {
      exchange._connecting = null;
      if (done.cancelled() || done.exception() !== null) {
        this._freeSlot(key);
        exchange._onConnectFailed(done.cancelled() ? null : (done.exception() as Error));
        this._pump();
        return;
      }
      const protocol = done.result()[1];
      protocol._busy = true;
      if (exchange.done) this._release(protocol, true);
      else exchange._assign(protocol);
    });
  }

  private _freeSlot(key: string): void {
    this.inFlight--;
    const busy = (this._busy.get(key) ?? 1) - 1;
    if (busy <= 0) this._busy.delete(key);
    else this._busy.set(key, busy);
  }

  /** Starts the first queued exchanges that now fit. */
  private _pump(): void {
    const queue = this._queue;
    for (let i = 0; i < queue.length && this.inFlight < this.config.maxClients; ) {
      const exchange = queue[i]!;
      if (exchange.done) queue.splice(i, 1);
      else if (this._tryStart(exchange)) queue.splice(i, 1);
      else i++;
    }
  }
}

function closeIdle(pool: ConnectionPool, protocol: HTTPClientProtocol): void {
  protocol._idleTimer = null;
  pool._closeIdle(protocol);
}

/** Refs or unrefs the Node socket under a connection (transports without one are left alone). */
function setRef(protocol: HTTPClientProtocol, ref: boolean): void {
  const socket = protocol._transport?.getExtraInfo('socket') as { ref?: () => void; unref?: () => void } | undefined;
  if (ref) socket?.ref?.();
  else socket?.unref?.();
}

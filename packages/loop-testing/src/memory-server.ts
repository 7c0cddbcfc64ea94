/**
 * `MemoryServer`: the `Server` of a `VirtualEventLoop`, listening on addresses of the loop's
 * `VirtualNetwork`. It follows asyncio's `Server`: connections it accepted stay open after
 * `close()` (which only stops listening) until they are closed through their transports or with
 * `closeClients()`/`abortClients()`, and `waitClosed()` resolves once the server is closed and
 * the last of them is gone. A server made with `startServing: false` is bound but does not
 * accept: connections wait in its backlog (refused once it is full) until `startServing()`.
 */
import {
  InvalidStateError,
  checkProtocol,
  type EventLoop,
  type Future,
  type Protocol,
  type ProtocolFactory,
  type Server,
  type ServerAddress,
} from '@async/loop';
import type { MemoryTransport } from './memory-transport.js';

/** What the server needs from its network. */
export interface ServerBinding {
  /** The addresses bound, in the order given. */
  readonly addresses: readonly ServerAddress[];
  /** Frees the addresses (called once, when the server closes). */
  unbind(): void;
}

/** A server on a `VirtualEventLoop`'s in-memory network. */
export class MemoryServer implements Server {
  private readonly _loop: EventLoop;
  private readonly _factory: ProtocolFactory;
  private readonly _backlog: number;
  private _binding: ServerBinding | null;
  private _serving = false;
  private readonly _clients = new Set<MemoryTransport>();
  /** Connected ends not accepted yet (the server is not serving). */
  private _pending: MemoryTransport[] = [];
  /** Futures of `waitClosed()`; `null` once the server is closed and has no connections. */
  private _waiters: Future<void>[] | null = [];
  private _servingForever: Future<void> | null = null;

  /** @internal Made by `VirtualNetwork.listen()`. */
  constructor(loop: EventLoop, factory: ProtocolFactory, binding: ServerBinding, backlog: number) {
    this._loop = loop;
    this._factory = factory;
    this._binding = binding;
    this._backlog = backlog;
  }

  /** The loop the server runs on. */
  getLoop(): EventLoop {
    return this._loop;
  }

  /**
   * Stops listening and frees the addresses: new connections are refused, those waiting in the
   * backlog are reset. Accepted connections stay open. Closing twice does nothing.
   */
  close(): void {
    const binding = this._binding;
    if (binding === null) return;
    this._binding = null;
    binding.unbind();
    this._serving = false;
    const pending = this._pending;
    this._pending = [];
    for (const end of pending) end.abort();
    const forever = this._servingForever;
    this._servingForever = null;
    if (forever !== null && !forever.done()) forever.setResult(undefined);
    if (this._clients.size === 0) this._wakeup();
  }

  /** Closes every accepted connection; each flushes what it has buffered first. */
  closeClients(): void {
    for (const transport of [...this._clients]) transport.close();
  }

  /** Aborts every accepted connection at once; their peers see a reset. */
  abortClients(): void {
    for (const transport of [...this._clients]) transport.abort();
  }

  /** Resolves once the server is closed and its last connection is gone. */
  waitClosed(): Future<void> {
    const waiter = this._loop.createFuture<void>();
    if (this._waiters === null) waiter.setResult(undefined);
    else this._waiters.push(waiter);
    return waiter;
  }

  /**
   * Starts accepting (the backlog first). The future is already resolved.
   * @throws InvalidStateError if the server is closed.
   */
  startServing(): Future<void> {
    this._checkOpen('startServing()');
    this._startServing();
    const result = this._loop.createFuture<void>();
    result.setResult(undefined);
    return result;
  }

  /**
   * Starts accepting if needed; the future resolves when the server is closed. Cancelling it
   * closes the server, as in asyncio.
   * @throws InvalidStateError if the server is closed or another `serveForever()` is waiting.
   */
  serveForever(): Future<void> {
    this._checkOpen('serveForever()');
    if (this._servingForever !== null) {
      throw new InvalidStateError('serveForever() is already running on this server; await the first call');
    }
    this._startServing();
    const result = this._loop.createFuture<void>();
    this._servingForever = result;
    result.addDoneCallback((future) => {
      if (this._servingForever === future) this._servingForever = null;
      if (future.cancelled()) this.close();
    });
    return result;
  }

  /** True while the server accepts connections. */
  isServing(): boolean {
    return this._serving;
  }

  /** The addresses it listens on; empty once closed. */
  addresses(): ServerAddress[] {
    return this._binding === null ? [] : [...this._binding.addresses];
  }

  /** The same as `addresses()`, as asyncio's `server.sockets`. */
  get sockets(): readonly ServerAddress[] {
    return this.addresses();
  }

  /** For debugging. */
  toString(): string {
    return `<MemoryServer ${JSON.stringify(this.addresses())}${this._serving ? ' serving' : ''}>`;
  }

  // ---- for the network (internal) -------------------------------------------------------------

  /** @internal True if a connection to this server can be made now (else it is refused). */
  _canConnect(): boolean {
    return this._binding !== null && (this._serving || this._pending.length < Math.max(1, this._backlog));
  }

  /** @internal A client connected: accept its server-side end, or queue it in the backlog. */
  _connected(end: MemoryTransport): void {
    if (this._serving) {
      this._accept(end);
      return;
    }
    this._pending.push(end);
    end._whenLost(() => {
      const index = this._pending.indexOf(end);
      if (index >= 0) this._pending.splice(index, 1);
    });
  }

  private _checkOpen(what: string): void {
    if (this._binding === null) {
      throw new InvalidStateError(`${what} on a closed server; create a new server with loop.createServer()`);
    }
  }

  private _startServing(): void {
    if (this._serving || this._binding === null) return;
    this._serving = true;
    const pending = this._pending;
    this._pending = [];
    for (const end of pending) if (!end._isDead) this._accept(end);
  }

  /** Makes the connection's protocol, as asyncio's `_accept_connection2`. */
  private _accept(end: MemoryTransport): void {
    let protocol: Protocol;
    try {
      protocol = this._factory() as Protocol;
      checkProtocol(protocol, 'the protocol factory result');
    } catch (exception) {
      this._loop.callExceptionHandler({
        message: 'Error on transport creation for incoming connection',
        exception,
        server: this,
        transport: end,
      });
      end.abort();
      return;
    }
    this._clients.add(end);
    end._whenLost(() => this._detach(end));
    end._attach(protocol);
  }

  private _detach(end: MemoryTransport): void {
    this._clients.delete(end);
    if (this._clients.size === 0 && this._binding === null) this._wakeup();
  }

  private _wakeup(): void {
    const waiters = this._waiters;
    this._waiters = null;
    if (waiters === null) return;
    for (const waiter of waiters) if (!waiter.done()) waiter.setResult(undefined);
  }
}


/**
 * `NodeServer`: asyncio's `Server` over a Node `net.Server` or `tls.Server`, made by
 * `NodeEventLoop.createServer()`. Each accepted connection (after its TLS handshake, for TLS)
 * becomes a `SocketTransport`; its protocol is made and connected as a loop callback.
 *
 * With `startServing: false` the server listens at once (so the port is reserved and
 * `addresses()` is known), but connections that arrive before `startServing()` are held, unread,
 * and handed to protocols in arrival order when serving starts: from the client's side that is
 * a listening socket whose owner has not accepted yet. `close()` stops listening and drops held
 * connections, and TLS handshakes still under way are dropped as they complete; accepted
 * connections live on until they close (or `closeClients()`/`abortClients()`), and
 * `waitClosed()` resolves once they are all gone. Closing the loop ends everything at once.
 */
import * as net from 'node:net';
import * as tls from 'node:tls';
import { lstatSync, unlinkSync } from 'node:fs';
import type { EventLoop } from './event-loop.js';
import type { Future } from './future.js';
import type { Protocol, ProtocolFactory } from './protocols.js';
import type { Server, ServerAddress } from './server.js';
import type { ServerOptions } from './connection-options.js';
import { InvalidStateError, LoopClosedError } from './errors.js';
import { checkProtocol } from './network-argument-checks.js';
import { fromNodeError } from './system-errors.js';
import { SocketTransport, type TransportContext, type TransportOwner } from './socket-transport.js';

/** What a server needs from the loop's network registry. */
export interface ServerNetwork {
  /** @internal A server is listening (or about to): end it if the loop closes. */
  _serverOpened(server: NodeServer): void;
  /** @internal A server is closed and has nothing left to end. */
  _serverClosed(server: NodeServer): void;
}

/** asyncio's default for `ssl_handshake_timeout`, in seconds. */
const DEFAULT_TLS_HANDSHAKE_TIMEOUT = 60;

/** Keeps a socket nobody reads yet from crashing the process with an 'error'. */
function ignoreError(): void {}

/** Removes a stale UNIX socket file left by a previous server, as asyncio does. */
function removeStaleSocket(path: string): void {
  try {
    if (lstatSync(path).isSocket()) unlinkSync(path);
  } catch {
    // Nothing there (or not ours to remove): listen() reports what matters.
  }
}

/** Starts a server for `loop.createServer()`; the options are already checked. */
export function openServer(
  loop: EventLoop,
  network: ServerNetwork,
  factory: ProtocolFactory,
  options: ServerOptions,
): Future<Server> {
  const future = loop.createFuture<Server>();
  const server = new NodeServer(loop, network, factory, options);
  server._listen(options, future);
  return future;
}

/** A listening server on `NodeEventLoop`. */
export class NodeServer implements Server, TransportOwner {
  private readonly _server: net.Server;
  private readonly _tls: boolean;
  private _serving = false;
  private _closed = false;
  private _listening = false;
  private readonly _clients = new Set<SocketTransport>();
  /** Connections accepted before `startServing()`. */
  private _held: net.Socket[] = [];
  /** TLS only: every raw socket, so a handshake in progress can be ended on close. */
  private readonly _raw: Set<net.Socket> | null;
  private _waiters: Future<void>[] = [];
  private _serveForever: Future<void> | null = null;
  /** Shared by every accepted connection's transport. */
  private readonly _context: TransportContext;
  /** The future of `createServer()`, while binding. */
  private _binding: Future<Server> | null = null;

  /** @internal */
  constructor(
    private readonly _loop: EventLoop,
    private readonly _network: ServerNetwork,
    private readonly _factory: ProtocolFactory,
    options: ServerOptions,
  ) {
    this._tls = options.tls !== undefined;
    this._context = { loop: _loop, owner: this, tls: this._tls, path: options.path, serverSide: true };
    const noDelay = options.noDelay ?? true;
    if (options.tls !== undefined) {
      const handshakeTimeout = (options.tlsHandshakeTimeout ?? DEFAULT_TLS_HANDSHAKE_TIMEOUT) * 1000;
      const server = tls.createServer({
        ...options.tls,
        allowHalfOpen: true,
        noDelay,
        handshakeTimeout: Math.min(handshakeTimeout, 2 ** 31 - 1),
      });
      const raw = new Set<net.Socket>();
      const forget = (socket: net.Socket): void => {
        raw.delete(socket);
        this._forgetIfDone();
      };
      server.on('connection', (socket: net.Socket) => {
        raw.add(socket);
        socket.once('close', () => forget(socket));
      });
      server.on('secureConnection', this._onConnection);
      // Node reports a handshake timeout here without closing the socket; a failed handshake
      // is closed already. Either way the client gets no protocol (asyncio only logs these).
      server.on('tlsClientError', (_error: Error, socket: tls.TLSSocket) => socket.destroy());
      this._raw = raw;
      this._server = server;
    } else {
      this._server = net.createServer({ allowHalfOpen: true, noDelay }, this._onConnection);
      this._raw = null;
    }
  }

  /** @internal Binds and listens; `future` resolves with the server, or fails with the error. */
  _listen(options: ServerOptions, future: Future<Server>): void {
    const server = this._server;
    const where =
      options.path ?? `${options.host === undefined ? '*' : options.host.includes(':') ? `[${options.host}]` : options.host}:${options.port}`;
    const onListenError = (error: Error): void => {
      server.removeListener('listening', onListening);
      this._binding = null;
      this._closed = true;
      this._network._serverClosed(this);
      server.close();
      if (!future.done()) future.setException(fromNodeError(error, `listening on ${where}`));
    };
    const onListening = (): void => {
      server.removeListener('error', onListenError);
      server.on('error', this._onServerError);
      this._binding = null;
      // Node does not listen once closed, but 'listening' may already be on its way.
      if (this._closed) return;
      this._listening = true;
      if (future.done()) {
        // Cancelled while binding.
        this.close();
        return;
      }
      this._serving = options.startServing ?? true;
      future.setResult(this);
    };
    server.once('error', onListenError);
    server.once('listening', onListening);
    this._binding = future;
    this._network._serverOpened(this);
    if (options.path !== undefined) {
      removeStaleSocket(options.path);
      server.listen({ path: options.path, backlog: options.backlog ?? 511 });
    } else {
      const listen: net.ListenOptions = { port: options.port!, backlog: options.backlog ?? 511 };
      if (options.host !== undefined) listen.host = options.host;
      if (options.ipv6Only !== undefined) listen.ipv6Only = options.ipv6Only;
      server.listen(listen);
    }
  }

  getLoop(): EventLoop {
    return this._loop;
  }

  close(): void {
    if (this._closed) return;
    this._closed = true;
    this._serving = false;
    this._server.close();
    for (const socket of this._held) socket.destroy();
    this._held = [];
    const forever = this._serveForever;
    this._serveForever = null;
    if (forever !== null && !forever.done()) forever.setResult(undefined);
    this._wakeWaiters();
    this._forgetIfDone();
  }

  closeClients(): void {
    for (const transport of [...this._clients]) transport.close();
  }

  abortClients(): void {
    for (const transport of [...this._clients]) transport.abort();
  }

  waitClosed(): Future<void> {
    const future = this._loop.createFuture<void>();
    if (this._closed && this._clients.size === 0) future.setResult(undefined);
    else this._waiters.push(future);
    return future;
  }

  startServing(): Future<void> {
    this._checkOpen('startServing()');
    this._startServing();
    const future = this._loop.createFuture<void>();
    future.setResult(undefined);
    return future;
  }

  serveForever(): Future<void> {
    this._checkOpen('serveForever()');
    if (this._serveForever !== null) {
      throw new InvalidStateError('serveForever() is already running on this server; await the first call');
    }
    this._startServing();
    const future = this._loop.createFuture<void>();
    this._serveForever = future;
    future.addDoneCallback((f) => {
      if (this._serveForever === f) this._serveForever = null;
      // Cancelling serveForever() stops the server, as in asyncio.
      if (f.cancelled()) this.close();
    });
    return future;
  }

  isServing(): boolean {
    return this._serving && !this._closed;
  }

  addresses(): ServerAddress[] {
    if (this._closed || !this._listening) return [];
    const address = this._server.address();
    if (address === null) return [];
    if (typeof address === 'string') return [address];
    return [{ address: address.address, family: address.family, port: address.port }];
  }

  get sockets(): readonly ServerAddress[] {
    return this.addresses();
  }

  toString(): string {
    const where = this.addresses()[0];
    const text = where === undefined ? '' : typeof where === 'string' ? ` ${where}` : ` ${where.address}:${where.port}`;
    return `<NodeServer${this._tls ? ' tls' : ''}${text}${this._closed ? ' closed' : ''}>`;
  }

  /** @internal A client's `connectionLost()` has run. */
  _transportLost(transport: SocketTransport): void {
    if (!this._clients.delete(transport)) return;
    this._wakeWaiters();
    this._forgetIfDone();
  }

  /** @internal `startTls()` replaced an accepted connection's transport. */
  _transportUpgraded(transport: SocketTransport, replacement: SocketTransport): void {
    if (this._clients.delete(transport)) this._clients.add(replacement);
  }

  /** @internal The loop is closing: stop listening and end every connection, silently. */
  _closeForLoop(): void {
    const binding = this._binding;
    this._binding = null;
    if (binding !== null && !binding.done()) {
      binding.setException(new LoopClosedError('the event loop was closed while the server was binding its address'));
    }
    this.close();
    for (const transport of this._clients) transport._destroyForLoopClose();
    this._clients.clear();
    if (this._raw !== null) for (const socket of this._raw) socket.destroy();
  }

  /** @internal Runs as a loop callback: makes the protocol and connects it. */
  _start(transport: SocketTransport): void {
    let protocol: Protocol;
    try {
      protocol = this._factory();
      checkProtocol(protocol, 'the protocol factory result');
    } catch (exception) {
      this._loop.callExceptionHandler({
        message: 'Error on transport creation for incoming connection',
        exception,
        transport,
        server: this,
      });
      transport.abort();
      return;
    }
    transport._attach(protocol);
  }

  private readonly _onConnection = (socket: net.Socket): void => {
    if (this._closed || this._loop.isClosed()) {
      socket.on('error', ignoreError);
      socket.destroy();
      return;
    }
    if (!this._serving) {
      socket.on('error', ignoreError);
      this._held.push(socket);
      return;
    }
    this._accept(socket);
  };

  private _accept(socket: net.Socket): void {
    const transport = new SocketTransport(socket, this._context);
    this._clients.add(transport);
    this._loop.callSoon(startConnection, this, transport);
  }

  private _startServing(): void {
    if (this._serving) return;
    this._serving = true;
    const held = this._held;
    this._held = [];
    for (const socket of held) {
      socket.removeListener('error', ignoreError);
      // A held connection the client gave up on has nothing left to serve.
      if (socket.destroyed) continue;
      this._accept(socket);
    }
  }

  private readonly _onServerError = (error: Error): void => {
    // Accept failures (EMFILE and the like) do not stop the server, as in asyncio.
    if (this._loop.isClosed()) return;
    this._loop.callExceptionHandler({
      message: 'Error accepting a connection',
      exception: fromNodeError(error, 'accepting a connection'),
      server: this,
    });
  };

  private _checkOpen(what: string): void {
    if (this._closed) throw new InvalidStateError(`${what} on a closed server; create a new server instead`);
  }

  /** A closed server stays known to the loop until its last connection and handshake end. */
  private _forgetIfDone(): void {
    if (this._closed && this._clients.size === 0 && (this._raw === null || this._raw.size === 0)) {
      this._network._serverClosed(this);
    }
  }

  private _wakeWaiters(): void {
    if (!this._closed || this._clients.size > 0 || this._waiters.length === 0) return;
    const waiters = this._waiters;
    this._waiters = [];
    for (const waiter of waiters) if (!waiter.done()) waiter.setResult(undefined);
  }
}

function startConnection(server: NodeServer, transport: SocketTransport): void {
  server._start(transport);
}

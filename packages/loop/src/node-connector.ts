/**
 * The client side of `NodeEventLoop.createConnection()`: one `ConnectAttempt` per call opens a
 * `net` or `tls` socket, waits for the connection (and the TLS handshake), and then, as a loop
 * callback, makes the protocol, calls its `connectionMade()` and resolves the future with the
 * transport and the protocol. Failures resolve the future with a typed error (refused, DNS,
 * certificate, timeout), cancelling the future closes the socket, and nothing outlives an
 * attempt that failed.
 */
import * as net from 'node:net';
import * as tls from 'node:tls';
import type { EventLoop } from './event-loop.js';
import type { Future } from './future.js';
import type { TimerHandle } from './handle.js';
import type { Protocol, ProtocolFactory } from './protocols.js';
import type { Transport } from './transports.js';
import type { ConnectionOptions } from './connection-options.js';
import { LoopClosedError, TimeoutError } from './errors.js';
import { checkProtocol } from './network-argument-checks.js';
import { fromNodeError } from './system-errors.js';
import { SocketTransport, type TransportContext } from './socket-transport.js';
import { applyServerName } from './tls-server-name.js';

/** What a `ConnectAttempt` needs from the loop's network registry. */
export interface ConnectorNetwork {
  /** @internal */ _attemptStarted(attempt: ConnectAttempt<Protocol>): void;
  /** @internal */ _attemptEnded(attempt: ConnectAttempt<Protocol>): void;
  /** @internal Tracks a client transport until its `connectionLost()` has run. */
  _track(transport: SocketTransport): void;
  /** @internal The context shared by client transports of this kind. */
  _clientContext(tls: boolean, path: string | undefined): TransportContext;
}

/** Keeps a socket whose attempt is over from crashing the process with a late 'error'. */
function ignoreError(): void {}

/** Formats where we connect to, for messages: `host:port`, `[v6]:port` or the UNIX path. */
function describeTarget(options: ConnectionOptions): string {
  if (options.path !== undefined) return options.path;
  const host = options.host!;
  return `${host.includes(':') ? `[${host}]` : host}:${options.port}`;
}

/** Opens a connection for `loop.createConnection()`; the options are already checked. */
export function openConnection<P extends Protocol>(
  loop: EventLoop,
  network: ConnectorNetwork,
  factory: ProtocolFactory<P>,
  options: ConnectionOptions,
): Future<[Transport, P]> {
  const future = loop.createFuture<[Transport, P]>();
  new ConnectAttempt<P>(loop, network, factory, options, future);
  return future;
}

/** One connection being opened. */
export class ConnectAttempt<P extends Protocol> {
  private readonly _socket: net.Socket;
  private readonly _tls: boolean;
  private readonly _connectEvent: 'connect' | 'secureConnect';
  private readonly _where: string;
  private _timer: TimerHandle | null = null;
  /** True until the socket connects or the attempt fails. */
  private _connecting = true;
  /** Connected, waiting for the loop callback that makes the protocol. */
  private _transport: SocketTransport | null = null;

  /** @internal */
  constructor(
    private readonly _loop: EventLoop,
    private readonly _network: ConnectorNetwork,
    private readonly _factory: ProtocolFactory<P>,
    private readonly _options: ConnectionOptions,
    /** @internal */ readonly _future: Future<[Transport, P]>,
  ) {
    this._where = describeTarget(_options);
    this._tls = _options.tls !== undefined && _options.tls !== false;
    this._connectEvent = this._tls ? 'secureConnect' : 'connect';
    this._socket = this._tls ? this._connectTls() : this._connectTcp();
    this._socket.on('error', this._onError);
    this._socket.once(this._connectEvent, this._onConnect);
    if (_options.timeout !== undefined && Number.isFinite(_options.timeout)) {
      this._timer = _loop.callLater(_options.timeout, this._onTimeout);
    }
    _future.addDoneCallback(this._onFutureDone);
    _network._attemptStarted(this as unknown as ConnectAttempt<Protocol>);
  }

  /** @internal The loop is closing: drop the socket and fail the future. */
  _abortForLoopClose(): void {
    const error = new LoopClosedError(`the event loop was closed while connecting to ${this._where}`);
    if (this._connecting) {
      this._fail(error);
      return;
    }
    // Connected, but the loop callback that would finish the job will never run.
    this._network._attemptEnded(this as unknown as ConnectAttempt<Protocol>);
    this._transport?._destroyForLoopClose();
    this._transport = null;
    if (!this._future.done()) this._future.setException(error);
  }

  private _connectTcp(): net.Socket {
    const o = this._options;
    const target: net.NetConnectOpts =
      o.path !== undefined ? { path: o.path } : { host: o.host!, port: o.port!, family: o.family ?? 0 };
    if (o.localAddress !== undefined) (target as net.TcpNetConnectOpts).localAddress = o.localAddress;
    if (o.localPort !== undefined) (target as net.TcpNetConnectOpts).localPort = o.localPort;
    return net.connect({ ...target, allowHalfOpen: true, noDelay: o.noDelay ?? true });
  }

  private _connectTls(): tls.TLSSocket {
    const o = this._options;
    const given = o.tls === true || o.tls === undefined || o.tls === false ? {} : o.tls;
    // tls.connect() hands these socket options on to net.connect(); its type omits them.
    const settings: tls.ConnectionOptions & Pick<net.TcpSocketConnectOpts, 'family' | 'localAddress' | 'localPort'> & {
      allowHalfOpen?: boolean;
    } = { ...given, allowHalfOpen: true };
    if (o.path !== undefined) settings.path = o.path;
    else {
      settings.host = o.host!;
      settings.port = o.port!;
      if (o.family !== undefined) settings.family = o.family;
    }
    if (o.localAddress !== undefined) settings.localAddress = o.localAddress;
    if (o.localPort !== undefined) settings.localPort = o.localPort;
    const name = o.serverHostname ?? (o.host !== undefined && net.isIP(o.host) === 0 ? o.host : undefined);
    if (name !== undefined) applyServerName(settings, name);
    return tls.connect(settings);
  }

  /** Ends the connecting phase once; false if it was already over. */
  private _endConnecting(): boolean {
    if (!this._connecting) return false;
    this._connecting = false;
    this._timer?.cancel();
    this._timer = null;
    this._socket.removeListener('error', this._onError);
    this._socket.removeListener(this._connectEvent, this._onConnect);
    return true;
  }

  /** Ends the attempt with a failure: the socket is destroyed and the future fails. */
  private _fail(error: unknown): void {
    if (!this._endConnecting()) return;
    this._network._attemptEnded(this as unknown as ConnectAttempt<Protocol>);
    this._socket.on('error', ignoreError);
    this._socket.destroy();
    if (!this._future.done()) this._future.setException(error);
  }

  private readonly _onError = (error: Error): void => {
    this._fail(fromNodeError(error, `connecting to ${this._where}`));
  };

  private readonly _onTimeout = (): void => {
    this._timer = null;
    this._fail(new TimeoutError(`connecting to ${this._where} timed out after ${this._options.timeout} seconds`));
  };

  private readonly _onFutureDone = (future: Future<[Transport, P]>): void => {
    // Only a cancellation can finish the future while the attempt is still pending.
    if (future.cancelled()) this._fail(null);
  };

  private readonly _onConnect = (): void => {
    if (!this._endConnecting()) return;
    const socket = this._socket;
    if (this._loop.isClosed()) {
      this._network._attemptEnded(this as unknown as ConnectAttempt<Protocol>);
      socket.on('error', ignoreError);
      socket.destroy();
      return;
    }
    if (this._tls && (this._options.noDelay ?? true)) socket.setNoDelay(true);
    const transport = new SocketTransport(socket, this._network._clientContext(this._tls, this._options.path));
    this._network._track(transport);
    this._transport = transport;
    this._loop.callSoon(finishConnect, this as unknown as ConnectAttempt<Protocol>, transport);
  };

  /** @internal Runs as a loop callback once connected: protocol, `connectionMade()`, result. */
  _finish(transport: SocketTransport): void {
    this._transport = null;
    this._network._attemptEnded(this as unknown as ConnectAttempt<Protocol>);
    const future = this._future;
    if (future.done()) {
      transport.abort();
      return;
    }
    let protocol: P;
    try {
      protocol = this._factory();
      checkProtocol(protocol, 'the protocol factory result');
    } catch (exception) {
      transport.abort();
      future.setException(exception);
      return;
    }
    const failure = transport._attach(protocol);
    if (future.done()) return;
    if (failure !== null) future.setException(failure);
    else future.setResult([transport, protocol]);
  }
}

function finishConnect(attempt: ConnectAttempt<Protocol>, transport: SocketTransport): void {
  attempt._finish(transport);
}

/**
 * `TCPServer`: Tornado's non-blocking TCP server. Subclass it and override `handleStream()`,
 * which receives an `IOStream` for each connection (an `SSLIOStream` with the `ssl` option).
 * A `handleStream()` that returns a coroutine or a future has it driven, and its failure
 * reported to the loop's exception handler.
 */
import type { TlsOptions } from 'node:tls';
import { type Future, InvalidStateError, type Server, type ServerAddress } from '@async/loop';
import { IOLoop } from './ioloop.js';
import { IOStream, type IOStreamProtocol, SSLIOStream, type StreamConnectionListener } from './iostream.js';
import { checkFunction } from './argument-checks.js';
import { NotSupportedError } from './stream-errors.js';

/** Options of a `TCPServer`. */
export interface TCPServerOptions {
  /** Serve TLS with these `node:tls` options (certificate and key at least). */
  ssl?: TlsOptions;
  /** `maxBufferSize` of each connection's stream. */
  maxBufferSize?: number;
  /** `maxWriteBufferSize` of each connection's stream. */
  maxWriteBufferSize?: number;
  /** The IOLoop to serve on. Default: `IOLoop.current()`. */
  ioloop?: IOLoop;
  /** Called with each connection instead of `handleStream()` (handy without subclassing). */
  handleStream?: (stream: IOStream, address: ServerAddress | undefined) => unknown;
}

/** A TCP (or TLS) server handing each connection to `handleStream()` as an `IOStream`. */
export class TCPServer {
  /** The IOLoop the server serves on. */
  readonly ioloop: IOLoop;
  private readonly _options: TCPServerOptions;
  private readonly _servers: Server[] = [];
  private readonly _closable = { close: (): void => this.stop() };
  /** Hands each stream to `handleStream()` once connected; one for all of the server's streams. */
  private readonly _listener: StreamConnectionListener = {
    _streamConnected: (stream, transport) =>
      this._handleConnection(stream, transport.getExtraInfo('peername') as ServerAddress | undefined),
  };

  /** @throws InvalidArgumentError for a `handleStream` option that is not a function. */
  constructor(options: TCPServerOptions = {}) {
    if (options.handleStream !== undefined) checkFunction(options.handleStream, 'TCPServer handleStream option');
    this._options = options;
    this.ioloop = options.ioloop ?? IOLoop.current();
  }

  /**
   * Listens on `port` (0 picks a free one: read it from `addresses()`) at `address` (default
   * every interface). Resolves once listening; fails with the bind error (`AddressInUseError`, …).
   */
  listen(port: number, address?: string): Future<void> {
    return this._bind(port, address, true);
  }

  /** Binds without accepting yet; call `start()` to accept. */
  bind(port: number, address?: string, backlog?: number): Future<void> {
    return this._bind(port, address, false, backlog);
  }

  /**
   * Starts accepting on every bound address. Only one process is supported here (use Node's
   * `cluster` to run several).
   * @throws NotSupportedError for more than one process.
   */
  start(numProcesses = 1): Future<void> {
    if (numProcesses !== 1) {
      throw new NotSupportedError('TCPServer.start(numProcesses): only 1 is supported; use node:cluster for several processes');
    }
    const loop = this.ioloop.asyncioLoop;
    const starting = this._servers.filter((s) => !s.isServing()).map((s) => s.startServing());
    const done = loop.createFuture<void>();
    let pending = starting.length;
    if (pending === 0) done.setResult(undefined);
    for (const f of starting) {
      f.addDoneCallback((s) => {
        if (done.done()) return;
        const error = s.cancelled() ? new InvalidStateError('startServing() was cancelled') : s.exception();
        if (error !== null) done.setException(error);
        else if (--pending === 0) done.setResult(undefined);
      });
    }
    return done;
  }

  /** Where the server listens (with the real port when bound to port 0). */
  addresses(): ServerAddress[] {
    return this._servers.flatMap((s) => s.addresses());
  }

  /**
   * Stops listening. Connections already accepted stay open, as in Tornado; close their streams
   * (or the IOLoop with `allFds`) to end them.
   */
  stop(): void {
    for (const server of this._servers.splice(0)) server.close();
    this.ioloop._removeFd(this._closable);
  }

  /**
   * Handles one connection. Override it (or give the `handleStream` option); may return a
   * coroutine or a future.
   * @throws NotSupportedError if neither is provided.
   */
  handleStream(stream: IOStream, address: ServerAddress | undefined): unknown {
    if (this._options.handleStream !== undefined) return this._options.handleStream(stream, address);
    stream.close();
    throw new NotSupportedError('TCPServer.handleStream() must be overridden (or given as the handleStream option)');
  }

  private _bind(port: number, address: string | undefined, serve: boolean, backlog?: number): Future<void> {
    const loop = this.ioloop.asyncioLoop;
    const creating = this.ioloop.createServer(() => this._newConnection(), {
      port,
      host: address,
      backlog,
      tls: this._options.ssl,
      startServing: serve,
    });
    const done = loop.createFuture<void>();
    creating.addDoneCallback((f) => {
      if (f.cancelled()) {
        done.cancel();
        return;
      }
      const error = f.exception();
      if (error !== null) {
        done.setException(error);
        return;
      }
      this._servers.push(f.result());
      this.ioloop._addFd(this._closable);
      done.setResult(undefined);
    });
    return done;
  }

  private _newConnection(): IOStream['protocol'] {
    const options = { ioloop: this.ioloop, maxBufferSize: this._options.maxBufferSize, maxWriteBufferSize: this._options.maxWriteBufferSize };
    const stream = this._options.ssl === undefined ? new IOStream(options) : new SSLIOStream(options);
    const protocol = stream.protocol as IOStreamProtocol;
    protocol.listener = this._listener;
    return protocol;
  }

  private _handleConnection(stream: IOStream, address: ServerAddress | undefined): void {
    // Run through the IOLoop so a returned coroutine is driven and its failure reported, and a
    // throwing handler reaches the exception handler rather than the transport.
    this.ioloop.addCallback(() => this.handleStream(stream, address));
  }
}


/**
 * `HTTPServer`, `createHTTPServer()` and `listenHTTP()`: an HTTP server as a protocol factory
 * plus the listeners it serves. The factory works with any transport source (the loop's
 * `createServer()`, a front's `listenTCP()`, the virtual loop's in-memory network); `listen()`
 * is the shortcut that calls `loop.createServer()` with it. `close()` stops listening, closes
 * idle keep-alive connections at once and the others after their current response, so
 * `waitClosed()` resolves once every connection is gone.
 */
import {
  InvalidArgumentError,
  InvalidStateError,
  SERVER_OPTION_NAMES,
  type EventLoop,
  type Future,
  type ProtocolFactory,
  type Server,
  type ServerAddress,
  type ServerOptions,
} from '@async/loop';
import { ServerConfig, type HTTPHandler, type HTTPServerOptions } from './server-options.js';
import { HTTPServerProtocol } from './server-protocol.js';

/** Options of `listenHTTP()`: where to listen (the loop's `ServerOptions`) and the HTTP settings. */
export interface ListenHTTPOptions extends ServerOptions, HTTPServerOptions {}


/** An HTTP server: its handler, options and connections, and the listeners it was given. */
export class HTTPServer {
  /** The loop the server runs on. */
  readonly loop: EventLoop;
  /**
   * Makes the protocol of each new connection: give it to any stream server (a front's
   * `listenTCP()`, `loop.createServer()`, `connectProtocols()` in tests).
   */
  readonly protocolFactory: ProtocolFactory<HTTPServerProtocol>;
  private readonly _config: ServerConfig;
  private readonly _servers: Server[] = [];
  private _closed = false;
  private _listenersOpen = 0;
  private _closeWaiters: Future<void>[] = [];

  /** Prefer `createHTTPServer()`. @throws `InvalidArgumentError` for bad options. */
  constructor(loop: EventLoop, handler: HTTPHandler, options: HTTPServerOptions = {}) {
    if (loop === null || typeof loop !== 'object' || typeof loop.createFuture !== 'function') {
      throw new InvalidArgumentError('createHTTPServer(loop, handler) needs an EventLoop as its first argument');
    }
    const config = new ServerConfig(loop, handler, options);
    this.loop = loop;
    this._config = config;
    this.protocolFactory = () => new HTTPServerProtocol(config);
  }

  /**
   * Listens on a TCP address (`host`, `port`: 0 for a free one), a UNIX socket (`path`), with TLS
   * if `tls` is given. May be called several times. Resolves once listening.
   */
  listen(options: ServerOptions): Future<ServerAddress[]> {
    const loop = this.loop;
    if (this._closed) {
      const failed = loop.createFuture<ServerAddress[]>();
      failed.setException(new InvalidStateError('listen() on a closed HTTP server: create a new one'));
      return failed;
    }
    const out = loop.createFuture<ServerAddress[]>();
    loop.createServer(this.protocolFactory, options).addDoneCallback((done) => {
      if (done.cancelled()) {
        out.cancel();
        return;
      }
      const error = done.exception();
      if (error !== null) {
        out.setException(error);
        return;
      }
      const server = done.result();
      this._servers.push(server);
      if (this._closed) this._closeListener(server);
      out.setResult(server.addresses());
    });
    return out;
  }

  /** The addresses listened on, over every `listen()`. */
  addresses(): ServerAddress[] {
    return this._servers.flatMap((server) => server.addresses());
  }

  /** The first TCP port listened on (handy after `port: 0`). @throws `InvalidStateError` if none. */
  get port(): number {
    for (const address of this.addresses()) if (typeof address !== 'string') return address.port;
    throw new InvalidStateError('the HTTP server is not listening on a TCP port');
  }

  /** The live connections' count. */
  get connectionCount(): number {
    return this._config.connections.size;
  }

  /**
   * Stops listening, closes idle connections now and busy ones after their current response.
   * Closing twice does nothing.
   */
  close(): void {
    if (this._closed) return;
    this._closed = true;
    this._config.closing = true;
    for (const server of this._servers) this._closeListener(server);
    this._config.onEmpty = () => this._checkClosed();
    for (const connection of this._config.connections) if (connection.idle) connection.close();
    this._checkClosed();
  }

  /** Aborts every connection at once (after `close()`, to stop waiting for slow responses). */
  abortConnections(): void {
    for (const connection of this._config.connections) connection.transport?.abort();
  }

  /** Resolves once the server is closed and every connection is gone. */
  waitClosed(): Future<void> {
    const out = this.loop.createFuture<void>();
    this._closeWaiters.push(out);
    this._checkClosed();
    return out;
  }

  private _closeListener(server: Server): void {
    server.close();
    this._listenersOpen++;
    server.waitClosed().addDoneCallback(() => {
      this._listenersOpen--;
      this._checkClosed();
    });
  }

  /** Settles `waitClosed()` futures once closed, with no listener and no connection left. */
  private _checkClosed(): void {
    if (!this._closed || this._config.connections.size > 0 || this._listenersOpen > 0) return;
    const waiters = this._closeWaiters;
    this._closeWaiters = [];
    for (const waiter of waiters) if (!waiter.done()) waiter.setResult(undefined);
  }
}

/**
 * Makes an HTTP server calling `handler` for each request. It does not listen yet: call
 * `listen()`, or give `server.protocolFactory` to any stream server.
 * @throws `InvalidArgumentError` for a bad loop, handler or options.
 */
export function createHTTPServer(loop: EventLoop, handler: HTTPHandler, options?: HTTPServerOptions): HTTPServer {
  return new HTTPServer(loop, handler, options);
}

/**
 * Makes an HTTP server and listens: resolves with it once listening.
 * `options` holds both where to listen (`host`, `port`, `path`, `tls`, …) and the HTTP settings.
 */
export function listenHTTP(loop: EventLoop, handler: HTTPHandler, options: ListenHTTPOptions): Future<HTTPServer> {
  const server = createHTTPServer(loop, handler, options);
  const listen: Record<string, unknown> = {};
  for (const key of SERVER_OPTION_NAMES) if (options[key] !== undefined) listen[key] = options[key];
  const out = loop.createFuture<HTTPServer>();
  server.listen(listen as ServerOptions).addDoneCallback((done) => {
    const error = done.cancelled() ? null : done.exception();
    if (done.cancelled()) out.cancel();
    else if (error !== null) out.setException(error);
    else out.setResult(server);
  });
  return out;
}

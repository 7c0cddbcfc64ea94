/**
 * `HTTPServer`: `tornado.httpserver.HTTPServer`, over the `@async/http` server. It hands each
 * request, body read, to an `Application` (anything with `handleRequest(request)`) or to a
 * request callback, as a Tornado `HTTPServerRequest`, dispatched as the IOLoop (so
 * `IOLoop.current()` is it, and a returned coroutine is driven on it). As a `TCPServer`,
 * `listen()` binds, `stop()` stops listening and leaves open connections alone, and
 * `closeAllConnections()` ends them.
 */
import { isIP } from 'node:net';
import type { TlsOptions } from 'node:tls';
import {
  type Future,
  InvalidArgumentError,
  InvalidStateError,
  type Server,
  type ServerAddress,
  _enterDispatch,
  describeValue,
  isThenable,
} from '@async/loop';
import {
  createHTTPServer,
  type HTTPServer as RawHTTPServer,
  type HTTPServerRequest as RawRequest,
  type HTTPServerResponse as RawResponse,
} from '@async/http';
import { IOLoop } from './ioloop.js';
import { convertYielded } from './convert-yielded.js';
import { HTTP1Connection } from './http1-connection.js';
import { HTTPServerRequest } from './http-server-request.js';

/** Something that handles whole requests: an `Application`, or your own router. */
export interface RequestDelegate {
  /** Answers `request` through `request.connection`. */
  handleRequest(request: HTTPServerRequest): unknown;
}

/** A request callback: answers through `request.connection`; may return a coroutine or a future. */
export type RequestCallback = (request: HTTPServerRequest) => unknown;

/** Options of `new HTTPServer()` (Tornado's keyword arguments, camelCase, seconds). */
export interface HTTPServerOptions {
  /** The IOLoop to serve on. Default: `IOLoop.current()`. */
  ioloop?: IOLoop;
  /** Serve TLS with these `node:tls` options (Tornado's `ssl_options`). */
  ssl?: TlsOptions;
  /** Trust `X-Real-Ip`/`X-Forwarded-For` and `X-Scheme`/`X-Forwarded-Proto` (behind a proxy). Default false. */
  xheaders?: boolean;
  /** Proxies to skip in `X-Forwarded-For` (with `xheaders`). */
  trustedDownstream?: string[];
  /** The scheme to report in `request.protocol` (default `https` with `ssl`, else `http`). */
  protocol?: string;
  /** Close each connection after one response. Default false. */
  noKeepAlive?: boolean;
  /** Largest request head, bytes (default 65536; 431 past it). */
  maxHeaderSize?: number;
  /** Largest request body, bytes (default 100 MiB; 413 past it). */
  maxBodySize?: number;
  /** Seconds a connection may wait for its next request (default 3600). */
  idleConnectionTimeout?: number;
  /** Seconds allowed for a request body (default: no limit). */
  bodyTimeout?: number;
  /** Seconds allowed for a request head (default 60). */
  headerTimeout?: number;
}

/** Tornado's HTTP server. */
export class HTTPServer {
  /** The IOLoop it serves on. */
  readonly ioloop: IOLoop;
  /** The `@async/http` server (its `protocolFactory` serves any transport, such as in-memory ones in tests). */
  readonly httpServer: RawHTTPServer;
  /** The future of the latest `listen()`: done once bound (with the bind error if it failed). */
  listening: Future<void>;
  private readonly _callback: RequestCallback;
  private readonly _options: HTTPServerOptions;
  private readonly _servers: Server[] = [];
  private readonly _closable = { close: (): void => this._closeNow() };

  /**
   * A server calling `requestCallback` (a function, or an `Application`) for each request.
   * @throws InvalidArgumentError for a callback that is neither, or bad options.
   */
  constructor(requestCallback: RequestCallback | RequestDelegate, options: HTTPServerOptions = {}) {
    if (typeof options !== 'object' || options === null) {
      throw new InvalidArgumentError(`HTTPServer options must be an object, got ${describeValue(options)}`);
    }
    if (typeof requestCallback === 'function') {
      this._callback = requestCallback;
    } else if (typeof requestCallback === 'object' && requestCallback !== null && typeof requestCallback.handleRequest === 'function') {
      this._callback = (request) => requestCallback.handleRequest(request);
    } else {
      throw new InvalidArgumentError(
        `HTTPServer(requestCallback) needs a function (request) => … or an Application, got ${describeValue(requestCallback)}`,
      );
    }
    this._options = options;
    this.ioloop = options.ioloop ?? IOLoop.current();
    this.httpServer = createHTTPServer(this.ioloop, (request, response) => this._handle(request, response), {
      noKeepAlive: options.noKeepAlive,
      maxHeaderSize: options.maxHeaderSize,
      maxBodySize: options.maxBodySize,
      idleConnectionTimeout: options.idleConnectionTimeout,
      bodyTimeout: options.bodyTimeout,
      headerTimeout: options.headerTimeout,
    });
    this.listening = this.ioloop.createFuture<void>();
    this.listening.setResult(undefined);
  }

  /**
   * Listens on `port` (0: a free one, see `port`) at `address` (default every interface). The
   * future (also kept as `listening`) is done once bound, or fails with the bind error
   * (`AddressInUseError`, …).
   */
  listen(port: number, address?: string): Future<void> {
    const done = this.ioloop.createFuture<void>();
    this.listening = done;
    const creating = this.ioloop.createServer(this.httpServer.protocolFactory, { port, host: address, tls: this._options.ssl });
    creating.addDoneCallback((f) => {
      if (f.cancelled()) return void done.cancel();
      const error = f.exception();
      if (error !== null) return void done.setException(error);
      this._servers.push(f.result());
      this.ioloop._addFd(this._closable);
      done.setResult(undefined);
    });
    return done;
  }

  /** Where the server listens. */
  addresses(): ServerAddress[] {
    return this._servers.flatMap((s) => s.addresses());
  }

  /** The first TCP port it listens on (after `listen(0)`). @throws InvalidStateError if none. */
  get port(): number {
    for (const address of this.addresses()) if (typeof address !== 'string') return address.port;
    throw new InvalidStateError('the HTTPServer is not listening on a TCP port yet: wait for server.listening');
  }

  /** Stops listening; connections already open are served on, as in Tornado. */
  stop(): void {
    for (const server of this._servers.splice(0)) server.close();
  }

  /**
   * Closes every open connection (idle ones at once, busy ones dropped) and resolves once they
   * are all gone. Call `stop()` first for a clean shutdown; afterwards the server accepts no
   * more requests.
   */
  closeAllConnections(): Future<void> {
    this.httpServer.close();
    this.httpServer.abortConnections();
    this.ioloop._removeFd(this._closable);
    return this.httpServer.waitClosed();
  }

  private _closeNow(): void {
    this.stop();
    this.httpServer.close();
    this.httpServer.abortConnections();
  }

  /** One request from `@async/http`, dispatched as the IOLoop. */
  private _handle(raw: RawRequest, response: RawResponse): unknown {
    const request = this._request(raw, response);
    const previous = _enterDispatch(this.ioloop);
    try {
      const result = this._callback(request);
      if (result === undefined || result === null) return undefined;
      if (typeof result === 'object' && (isThenable(result) || Symbol.iterator in result)) {
        // A coroutine or a future: driven on the IOLoop; a failure is a 500, reported by @async/http.
        return convertYielded(result, this.ioloop);
      }
      return undefined;
    } finally {
      _enterDispatch(previous);
    }
  }

  private _request(raw: RawRequest, response: RawResponse): HTTPServerRequest {
    const options = this._options;
    const peer = raw.getExtraInfo('peername') as { address?: string } | string | undefined;
    let remoteIp = typeof peer === 'object' && peer !== null && typeof peer.address === 'string' ? peer.address : '0.0.0.0';
    let protocol = options.protocol ?? (options.ssl === undefined ? 'http' : 'https');
    const headers = raw.headers;
    if (options.xheaders === true) {
      const trusted = options.trustedDownstream ?? [];
      let ip = headers.get('x-forwarded-for') ?? remoteIp;
      for (const candidate of ip.split(',').reverse().map((s) => s.trim())) {
        ip = candidate;
        if (!trusted.includes(candidate)) break;
      }
      ip = headers.get('x-real-ip') ?? ip;
      if (isIP(ip) !== 0) remoteIp = ip;
      const proto = headers.get('x-scheme') ?? headers.get('x-forwarded-proto');
      const last = proto?.split(',').pop()?.trim();
      if (last === 'http' || last === 'https') protocol = last;
    }
    return new HTTPServerRequest({
      method: raw.method,
      uri: raw.url,
      version: raw.version,
      headers,
      body: raw.body,
      remoteIp,
      protocol,
      connection: new HTTP1Connection(this.ioloop, response, raw.connection),
      extraInfo: (name) => raw.getExtraInfo(name as Parameters<RawRequest['getExtraInfo']>[0]),
    });
  }
}


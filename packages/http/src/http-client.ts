/**
 * `HTTPClient`: an HTTP/1.1 client on any `EventLoop`, Tornado's `AsyncHTTPClient` in spirit.
 * `request()` gives a core `Future` of the whole response; `stream()` a future of the head, the
 * body then read piece by piece. Connections are pooled per origin and reused (keep-alive),
 * within `maxClients` and `maxConnectionsPerHost`; redirects are followed up to a limit; gzip and
 * deflate bodies are decoded. Timeouts fail with the core `TimeoutError`, connection failures
 * with the core `OSError` family, malformed responses with `HTTPParseError`.
 */
import { InvalidArgumentError, InvalidStateError, type EventLoop, type Future } from '@async/loop';
import { ClientExchange } from './client-exchange.js';
import { ClientConfig, type HTTPClientOptions, type HTTPRequestOptions } from './client-options.js';
import { ConnectionPool } from './connection-pool.js';
import type { HTTPResponse, HTTPResponseStream, HTTPUpgrade } from './http-response.js';

/** An HTTP client with a connection pool. */
export class HTTPClient {
  /** The loop the client runs on; its futures belong to it. */
  readonly loop: EventLoop;
  private readonly _pool: ConnectionPool;
  private _closed = false;

  /** @throws `InvalidArgumentError` for a bad loop or options. */
  constructor(loop: EventLoop, options?: HTTPClientOptions) {
    if (loop === null || typeof loop !== 'object' || typeof loop.createFuture !== 'function') {
      throw new InvalidArgumentError('new HTTPClient(loop) needs an EventLoop as its first argument');
    }
    this.loop = loop;
    this._pool = new ConnectionPool(loop, new ClientConfig(options));
  }

  /**
   * Sends a request; the future resolves with the complete response (any status: a 404 is a
   * response, not an error), or fails with `TimeoutError`, an `OSError` (connection refused,
   * reset, TLS), `HTTPParseError` or `HTTPTooManyRedirectsError`. Bad options fail it with
   * `InvalidArgumentError`. Cancelling the future gives the request up.
   */
  request(options: HTTPRequestOptions): Future<HTTPResponse> {
    return this._begin(options, false) as Future<HTTPResponse>;
  }

  /**
   * Sends a request; the future resolves once the response head has arrived, with a stream to
   * read the body from (`read()` until `null`). The request timeout stops at the head.
   */
  stream(options: HTTPRequestOptions): Future<HTTPResponseStream> {
    return this._begin(options, true) as Future<HTTPResponseStream>;
  }

  /**
   * Sends a request asking to switch protocols (give the `Upgrade` and `Connection: Upgrade`
   * headers yourself, and any the new protocol needs). On `101 Switching Protocols` the future
   * resolves with the connection, taken out of the pool, reading paused; on any other answer,
   * with that whole response and no connection. Redirects are not followed.
   */
  upgrade(options: HTTPRequestOptions): Future<HTTPUpgrade> {
    return this._begin({ ...options, followRedirects: false }, false, true) as unknown as Future<HTTPUpgrade>;
  }

  /** Shortcut: `request({ ...options, url, method: 'GET' })`. */
  get(url: string | URL, options: Omit<HTTPRequestOptions, 'url' | 'method'> = {}): Future<HTTPResponse> {
    return this.request({ ...options, url, method: 'GET' });
  }

  /** Requests in flight, and requests waiting for a slot. */
  get activeRequests(): number {
    return this._pool.inFlight + this._pool.queued;
  }

  /** Idle connections in the pool. */
  get idleConnections(): number {
    return this._pool.idleCount;
  }

  /**
   * Closes the idle pooled connections; connections in use close after their response. Later
   * requests fail with `InvalidStateError`.
   */
  close(): void {
    this._closed = true;
    this._pool.close();
  }

  private _begin(options: HTTPRequestOptions, streaming: boolean, upgrade = false): Future<HTTPResponse | HTTPResponseStream> {
    if (this._closed) {
      const failed = this.loop.createFuture<HTTPResponse>();
      failed.setException(new InvalidStateError('request() on a closed HTTPClient: create a new client'));
      return failed;
    }
    let exchange: ClientExchange;
    try {
      exchange = new ClientExchange(this._pool, options, streaming);
      exchange._upgrade = upgrade;
    } catch (error) {
      const failed = this.loop.createFuture<HTTPResponse>();
      failed.setException(error);
      return failed;
    }
    this._pool.acquire(exchange);
    return exchange.result as Future<HTTPResponse | HTTPResponseStream>;
  }
}

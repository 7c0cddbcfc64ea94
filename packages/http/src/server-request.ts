/**
 * `HTTPServerRequest`: one request as the server's handler sees it. Its body is either buffered
 * (the default: `body` holds it all when the handler is called) or streamed (`read()` gives it
 * piece by piece through a `BodyQueue`, with backpressure on the connection).
 */
import type { ExtraInfoName, Future } from '@async/loop';
import { BodyQueue } from './body-queue.js';
import type { HTTPHeaders } from './http-headers.js';
import type { HTTPServerProtocol } from './server-protocol.js';
import type { RequestHead } from './head-parser.js';

const EMPTY = new Uint8Array(0);

/** A request received by an HTTP server. */
export class HTTPServerRequest {
  /** The method, as sent (`GET`, `POST`, …). */
  readonly method: string;
  /** The request target as sent: usually the path and query, `/search?q=x`. */
  readonly url: string;
  /** The header fields. */
  readonly headers: HTTPHeaders;
  /** `'HTTP/1.1'` or `'HTTP/1.0'`. */
  readonly version: 'HTTP/1.0' | 'HTTP/1.1';
  /**
   * The whole body when it is buffered (empty if there was none). Empty when streamed: use
   * `read()` then.
   */
  body: Uint8Array = EMPTY;
  /** The trailer fields of a chunked body, once it has been read; `null` if none. */
  trailers: HTTPHeaders | null = null;
  /** @internal */ readonly _protocol: HTTPServerProtocol;
  /** @internal The client asked for keep-alive (the HTTP/1.x defaults and `Connection`). */
  readonly _keepAlive: boolean;
  /** @internal The queue of a streamed body; `null` when buffered. */
  _queue: BodyQueue | null = null;
  /** @internal A `100 Continue` is owed before the body is read. */
  _continuePending = false;
  /** @internal The whole body has arrived. */
  _complete = false;
  private _delivered = false;

  /** @internal Made by the server connection. */
  constructor(protocol: HTTPServerProtocol, head: RequestHead, keepAlive: boolean) {
    this._protocol = protocol;
    this.method = head.method;
    this.url = head.target;
    this.headers = head.headers;
    this.version = head.versionMinor === 1 ? 'HTTP/1.1' : 'HTTP/1.0';
    this._keepAlive = keepAlive;
  }

  /** True if the body is streamed, to be read with `read()` (decided before the handler runs). */
  get streaming(): boolean {
    return this._queue !== null;
  }

  /** The most streamed body bytes that waited unread at once (0 when buffered). */
  get maxBuffered(): number {
    return this._queue === null ? 0 : this._queue.maxBuffered;
  }

  /** The path part of `url` (before `?`). */
  get path(): string {
    const q = this.url.indexOf('?');
    return q < 0 ? this.url : this.url.slice(0, q);
  }

  /** The query string of `url`, without the `?` (empty if none). */
  get query(): string {
    const q = this.url.indexOf('?');
    return q < 0 ? '' : this.url.slice(q + 1);
  }

  /** The `Host` header, or `''`. */
  get host(): string {
    return this.headers.get('host') ?? '';
  }

  /** `'https'` when the connection is TLS, else `'http'` (Tornado's `request.protocol`). */
  get protocol(): 'http' | 'https' {
    return this._protocol.getExtraInfo('cipher') === undefined ? 'http' : 'https';
  }

  /**
   * The client's IP address (Tornado's `remote_ip`), or `''` when the transport has none (a
   * UNIX socket).
   */
  get remoteAddress(): string {
    const peer = this._protocol.getExtraInfo('peername') as { address?: string } | string | undefined;
    return typeof peer === 'object' && peer !== null && typeof peer.address === 'string' ? peer.address : '';
  }

  /** The connection this request came on (for `getExtraInfo()`, `close()`). */
  get connection(): HTTPServerProtocol {
    return this._protocol;
  }

  /** Transport information: `'peername'` (the client's address), `'sockname'`, `'peercert'`… */
  getExtraInfo(name: ExtraInfoName, defaultValue?: unknown): unknown {
    return this._protocol.getExtraInfo(name, defaultValue);
  }

  /**
   * The next piece of the body, or `null` at its end; a buffered body comes as one piece. Only
   * one read may wait at a time. Fails with the `HTTPParseError` of a malformed body, or a
   * `ConnectionError` if the connection was lost first. The first read of a request that sent
   * `Expect: 100-continue` sends the `100 Continue`.
   */
  read(): Future<Uint8Array | null> {
    const queue = this._queue;
    if (queue !== null) return queue.read();
    const future = this._protocol.loop.createFuture<Uint8Array | null>();
    future.setResult(this._delivered || this.body.length === 0 ? null : this.body);
    this._delivered = true;
    return future;
  }

  /** The rest of the body as one `Uint8Array` (all of it, if nothing was read). Fails as `read()`. */
  readAll(): Future<Uint8Array> {
    const queue = this._queue;
    if (queue !== null) return queue.readAll();
    const future = this._protocol.loop.createFuture<Uint8Array>();
    future.setResult(this._delivered ? EMPTY : this.body);
    this._delivered = true;
    return future;
  }

  /** @internal The body ended, normally (`error` null) or not. */
  _end(error: Error | null): void {
    if (this._complete) return;
    if (error === null) this._complete = true;
    this._queue?._end(error);
  }
}

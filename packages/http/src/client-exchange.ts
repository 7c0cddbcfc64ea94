/**
 * `ClientExchange`: one client request on its way, through queueing, connecting, sending, the
 * response, redirects, a retry and its timeout, until its future settles. The request timeout
 * runs from `request()` to the end of the response (to the head, for a streamed one), across
 * redirects, as one timer.
 */
import {
  InvalidArgumentError,
  TimeoutError,
  type ConnectionOptions,
  type EventLoop,
  type Future,
  type TimerHandle,
  type Transport,
} from '@async/loop';
import { isIP } from 'node:net';
import type { ConnectionOptions as NodeTlsConnectionOptions } from 'node:tls';
import { BodyQueue } from './body-queue.js';
import type { ClientConfig, HTTPRequestOptions } from './client-options.js';
import { redirects } from './client-options.js';
import type { HTTPClientProtocol } from './client-protocol.js';
import type { ConnectionPool } from './connection-pool.js';
import { ACCEPT_ENCODING, StreamDecoder, decodeBody, decodedHeaders } from './content-decoding.js';
import { HTTPTooManyRedirectsError } from './errors.js';
import type { ResponseHead } from './head-parser.js';
import { HTTPHeaders, TOKEN } from './http-headers.js';
import { HTTPResponse, HTTPResponseStream, HTTPUpgrade } from './http-response.js';
import { seconds } from './server-options.js';

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const IDEMPOTENT = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS', 'TRACE']);
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);
const EMPTY = new Uint8Array(0);

/** One request of an `HTTPClient`, redirects included. */
export class ClientExchange {
  /** The method of the current hop. */
  method: string;
  /** The URL of the current hop. */
  url: URL;
  /** The pool key of the current hop. */
  key = '';
  /** @internal The pending `createConnection()` future. */
  _connecting: Future<[Transport, HTTPClientProtocol]> | null = null;
  /** @internal The connection may be reused after this response. */
  _reusable = true;
  private readonly _loop: EventLoop;
  private readonly _pool: ConnectionPool;
  private readonly _result: Future<HTTPResponse> | Future<HTTPResponseStream>;
  private readonly _streaming: boolean;
  private readonly _headers: HTTPHeaders;
  private _body: Uint8Array | null;
  private _producer: ((write: (chunk: Uint8Array | string) => Future<void>) => unknown) | null;
  /** @internal This is an `upgrade()` request: a 101 answer ends it with the connection. */
  _upgrade = false;
  /** @internal The produced body of the current hop has been sent entirely. */
  _bodySent = true;
  private readonly _connectTimeout: number;
  private readonly _followRedirects: boolean;
  private readonly _maxRedirects: number;
  private readonly _decompress: boolean;
  private readonly _tls: NodeTlsConnectionOptions | undefined;
  private readonly _start: number;
  private _redirects = 0;
  private _retried = false;
  private _timer: TimerHandle | null = null;
  private _protocol: HTTPClientProtocol | null = null;
  private _head: ResponseHead | null = null;
  private _parts: Uint8Array[] | null = null;
  private _queue: BodyQueue | null = null;
  private _decoder: StreamDecoder | null = null;
  /** The response is a redirect to follow: its body is read and dropped. */
  private _redirectTo: URL | null = null;
  private _done = false;

  /** @throws `InvalidArgumentError` for bad options. */
  constructor(pool: ConnectionPool, options: HTTPRequestOptions, streaming: boolean) {
    if (typeof options !== 'object' || options === null) {
      throw new InvalidArgumentError('request(options) needs an options object with at least a url');
    }
    const config: ClientConfig = pool.config;
    this._loop = pool.loop;
    this._pool = pool;
    this._streaming = streaming;
    this.url = parseURL(options.url);
    const method = options.method ?? 'GET';
    if (typeof method !== 'string' || !TOKEN.test(method)) {
      throw new InvalidArgumentError(`invalid method ${JSON.stringify(method)}: a method is a token such as GET or POST`);
    }
    this.method = method;
    const headers = new HTTPHeaders(config.defaultHeaders);
    if (options.headers !== undefined && options.headers !== null) {
      const own = new HTTPHeaders(options.headers);
      for (const name of new Set(own._names.map((n) => n.toLowerCase()))) headers.delete(name);
      headers.extend(own);
    }
    this._headers = headers;
    const body = options.body;
    if (body === undefined || body === null) this._body = null;
    else if (typeof body === 'string') this._body = Buffer.from(body, 'utf8');
    else if (body instanceof Uint8Array) this._body = body;
    else throw new InvalidArgumentError(`the request body must be a Uint8Array or a string, not ${typeof body}`);
    const producer = options.bodyProducer ?? null;
    if (producer !== null && typeof producer !== 'function') {
      throw new InvalidArgumentError('bodyProducer must be a function (write) => Future | Promise | void');
    }
    if (producer !== null && this._body !== null) throw new InvalidArgumentError('give either body or bodyProducer, not both');
    this._producer = producer;
    this._connectTimeout = seconds(options.connectTimeout, config.connectTimeout, 'connectTimeout');
    const requestTimeout = seconds(options.requestTimeout, config.requestTimeout, 'requestTimeout');
    this._followRedirects = options.followRedirects ?? config.followRedirects;
    this._maxRedirects = redirects(options.maxRedirects, config.maxRedirects);
    this._decompress = options.decompress ?? config.decompress;
    if (options.tls !== undefined && (typeof options.tls !== 'object' || options.tls === null)) {
      throw new InvalidArgumentError('the tls option must be an object of node:tls connection options');
    }
    this._tls = options.tls;
    this._result = this._loop.createFuture<HTTPResponse>();
    // Cancelling the caller's future gives the request up (fronts map their own cancellation to it).
    this._result.addDoneCallback((f) => {
      if (f.cancelled()) this._onCancelled();
    });
    this._start = this._loop.time();
    this._setKey();
    if (requestTimeout > 0) this._timer = this._loop.callLater(requestTimeout, onTimeout, this, requestTimeout);
  }

  /** The future given to the caller. */
  get result(): Future<HTTPResponse> | Future<HTTPResponseStream> {
    return this._result;
  }

  /** True once the caller's future is settled (or, streaming, the body ended). */
  get done(): boolean {
    return this._done;
  }

  /** Where to connect for the current hop. */
  connectOptions(): ConnectionOptions {
    const url = this.url;
    const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
    const options: ConnectionOptions = { host, port: port(url) };
    if (this._connectTimeout > 0) options.timeout = this._connectTimeout;
    if (url.protocol === 'https:') {
      options.tls = this._tls ?? this._pool.config.tls ?? true;
      if (isIP(host) === 0) options.serverHostname = host;
    }
    return options;
  }

  /** @internal The pool gives this exchange a connection: send the request. */
  _assign(protocol: HTTPClientProtocol): void {
    if (this._done) {
      this._pool._release(protocol, true);
      return;
    }
    this._protocol = protocol;
    this._head = null;
    this._parts = null;
    this._redirectTo = null;
    const headers = this._headers;
    const url = this.url;
    let head = `${this.method} ${url.pathname}${url.search} HTTP/1.1\r\n`;
    if (!headers.has('host')) head += `Host: ${url.host}\r\n`;
    for (let i = 0; i < headers._names.length; i++) head += `${headers._names[i]!}: ${headers._values[i]!}\r\n`;
    const body = this._body;
    const producer = this._producer;
    let chunked = false;
    if (!headers.has('content-length') && !headers.has('transfer-encoding')) {
      if (producer !== null) {
        head += 'Transfer-Encoding: chunked\r\n';
        chunked = true;
      } else if (body !== null) head += `Content-Length: ${body.length}\r\n`;
      else if (BODY_METHODS.has(this.method)) head += 'Content-Length: 0\r\n';
    } else if (producer !== null) {
      chunked = !headers.has('content-length');
    }
    if (this._decompress && !headers.has('accept-encoding')) head += `Accept-Encoding: ${ACCEPT_ENCODING}\r\n`;
    const connection = headers.get('connection');
    this._reusable = connection === undefined || !/(?:^|,)\s*close\s*(?:,|$)/i.test(connection);
    const expect = headers.get('expect');
    const expectContinue = expect !== undefined && expect.toLowerCase() === '100-continue' && body !== null;
    protocol._start(this, Buffer.from(`${head}\r\n`, 'latin1'), body, expectContinue);
    if (producer !== null) this._produce(protocol, producer, chunked);
  }

  /** Runs the body producer on `protocol`; the body ends when its result settles. */
  private _produce(
    protocol: HTTPClientProtocol,
    producer: (write: (chunk: Uint8Array | string) => Future<void>) => unknown,
    chunked: boolean,
  ): void {
    this._bodySent = false;
    const write = (chunk: Uint8Array | string): Future<void> => {
      if (typeof chunk !== 'string' && !(chunk instanceof Uint8Array)) {
        throw new InvalidArgumentError('write(chunk) takes a Uint8Array or a string');
      }
      return protocol._writeBody(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk, chunked);
    };
    const finish = (): void => {
      if (this._protocol !== protocol && this._protocol !== null) return;
      this._bodySent = true;
      protocol._endBody(chunked);
    };
    const failed = (error: unknown): void => {
      this._fail(error instanceof Error ? error : new Error(String(error)));
      // The connection carries half a body: drop it (unless it already went on without us).
      if (this._protocol === protocol) protocol._abort();
    };
    let result: unknown;
    try {
      result = producer(write);
    } catch (error) {
      failed(error);
      return;
    }
    if (result !== null && result !== undefined && typeof (result as PromiseLike<unknown>).then === 'function') {
      (result as PromiseLike<unknown>).then(finish, failed);
    } else {
      finish();
    }
  }

  /** @internal */
  _onHead(head: ResponseHead): void {
    if (this._done) return;
    this._head = head;
    if (head.status === 101) return;
    // A produced body cannot be sent again: follow only redirects that turn the request into a GET.
    if (this._followRedirects && REDIRECTS.has(head.status) && (this._producer === null || this._becomesGet(head.status))) {
      const location = head.headers.get('location');
      if (location !== undefined) {
        let target: URL | null = null;
        try {
          target = new URL(location, this.url);
        } catch {
          target = null;
        }
        if (target !== null && (target.protocol === 'http:' || target.protocol === 'https:')) {
          if (this._redirects >= this._maxRedirects) {
            // Read the body so the error carries the whole last response.
            this._redirectTo = null;
          } else {
            this._redirectTo = target;
            return;
          }
        }
      }
    }
    if (this._streaming && !(this._followRedirects && REDIRECTS.has(head.status) && this._redirects >= this._maxRedirects && head.headers.has('location'))) {
      const protocol = this._protocol!;
      const queue = new BodyQueue(this._loop, (pause) => protocol._pressure(pause));
      this._queue = queue;
      let headers = head.headers;
      const coding = headers.get('content-encoding');
      if (this._decompress && coding !== undefined && this.method !== 'HEAD') {
        this._decoder = StreamDecoder.create(
          coding,
          { data: (piece) => queue._push(piece), end: (error) => queue._end(error) },
          this._pool.config.maxBodySize,
        );
        if (this._decoder !== null) headers = decodedHeaders(headers, coding);
      }
      const stream = new HTTPResponseStream(
        head.status,
        head.reason,
        head.versionMinor === 1 ? 'HTTP/1.1' : 'HTTP/1.0',
        headers,
        this.url.href,
        queue,
        () => {
          this._reusable = false;
          this._decoder?.destroy();
          if (this._protocol !== null) this._protocol._abort();
        },
      );
      this._cancelTimer();
      this._done = true;
      if (!this._result.done()) (this._result as Future<HTTPResponseStream>).setResult(stream);
    }
  }

  /** @internal */
  _onBody(data: Uint8Array): void {
    if (this._redirectTo !== null) return;
    const copy = data.slice();
    if (this._decoder !== null) this._decoder.write(copy);
    else if (this._queue !== null) this._queue._push(copy);
    else (this._parts ??= []).push(copy);
  }

  /** @internal The response ended; the connection is back in the pool. */
  _onComplete(trailers: HTTPHeaders | null): void {
    this._protocol = null;
    const head = this._head!;
    const queue = this._queue;
    if (queue !== null) {
      if (this._decoder !== null) this._decoder.end();
      else queue._end(null);
      return;
    }
    if (this._done) return;
    const target = this._redirectTo;
    if (target !== null) {
      this._follow(head.status, target);
      return;
    }
    const parts = this._parts;
    let body: Uint8Array = parts === null ? EMPTY : parts.length === 1 ? parts[0]! : Buffer.concat(parts);
    let headers = head.headers;
    const coding = headers.get('content-encoding');
    if (this._decompress && coding !== undefined && this.method !== 'HEAD') {
      try {
        const decoded = decodeBody(body, coding, this._pool.config.maxBodySize);
        if (decoded !== null && decoded !== body) {
          body = decoded;
          headers = decodedHeaders(headers, coding);
        }
      } catch (error) {
        this._fail(error as Error);
        return;
      }
    }
    const response = new HTTPResponse(
      head.status,
      head.reason,
      head.versionMinor === 1 ? 'HTTP/1.1' : 'HTTP/1.0',
      headers,
      body,
      this.url.href,
      this._loop.time() - this._start,
      trailers,
    );
    if (this._followRedirects && REDIRECTS.has(head.status) && headers.has('location') && this._redirects >= this._maxRedirects) {
      this._fail(new HTTPTooManyRedirectsError(`more than ${this._maxRedirects} redirects (last to ${headers.get('location')!})`, response));
      return;
    }
    this._cancelTimer();
    this._done = true;
    if (this._result.done()) return;
    if (this._upgrade) (this._result as unknown as Future<HTTPUpgrade>).setResult(new HTTPUpgrade(response, null, EMPTY));
    else (this._result as Future<HTTPResponse>).setResult(response);
  }

  /** @internal The server switched protocols: the caller gets the connection. */
  _onUpgraded(transport: Transport, buffered: Uint8Array): void {
    this._protocol = null;
    if (this._done) {
      transport.abort();
      return;
    }
    const head = this._head!;
    const response = new HTTPResponse(
      head.status,
      head.reason,
      head.versionMinor === 1 ? 'HTTP/1.1' : 'HTTP/1.0',
      head.headers,
      EMPTY,
      this.url.href,
      this._loop.time() - this._start,
    );
    this._cancelTimer();
    this._done = true;
    const result = this._result as unknown as Future<HTTPUpgrade>;
    if (!result.done()) result.setResult(new HTTPUpgrade(response, transport, buffered));
  }

  /** @internal The connection failed under this request. */
  _onConnectionFailed(error: Error, protocol: HTTPClientProtocol): void {
    this._protocol = null;
    if (this._done && this._queue === null) return;
    if (this._queue !== null) {
      this._decoder?.destroy();
      this._queue._end(error);
      return;
    }
    // A reused connection the server closed while idle: try once more on a fresh one.
    if (protocol._uses > 1 && !protocol._received && !this._retried && this._producer === null && IDEMPOTENT.has(this.method)) {
      this._retried = true;
      this._pool.acquire(this);
      return;
    }
    this._fail(error);
  }

  /** @internal Opening a connection failed (`null`: cancelled). */
  _onConnectFailed(error: Error | null): void {
    if (this._done) return;
    this._fail(error ?? new TimeoutError('the connection attempt was cancelled'));
  }

  /** @internal The request timeout passed. */
  _onTimeout(seconds: number): void {
    this._timer = null;
    if (this._done) return;
    const error = new TimeoutError(`the request to ${this.url.href} timed out after ${seconds} s`);
    this._pool.dequeue(this);
    this._fail(error);
    this._connecting?.cancel();
    const protocol = this._protocol;
    this._protocol = null;
    protocol?._abort();
  }

  /** @internal The caller cancelled the future: stop waiting and drop the connection in use. */
  _onCancelled(): void {
    if (this._done) return;
    this._done = true;
    this._cancelTimer();
    this._pool.dequeue(this);
    this._connecting?.cancel();
    const protocol = this._protocol;
    this._protocol = null;
    protocol?._abort();
  }

  /** Whether following a redirect with `status` turns this request into a GET without body. */
  private _becomesGet(status: number): boolean {
    return status === 303 ? this.method !== 'HEAD' : (status === 301 || status === 302) && this.method === 'POST';
  }

  /** Follows a redirect: a new hop with the same future and timer. */
  private _follow(status: number, target: URL): void {
    this._redirects++;
    if (this._becomesGet(status)) {
      this.method = 'GET';
      this._body = null;
      this._producer = null;
      this._headers.delete('content-length');
      this._headers.delete('content-type');
      this._headers.delete('transfer-encoding');
    }
    if (target.origin !== this.url.origin) {
      // Credentials are for the origin they were given to.
      this._headers.delete('authorization');
      this._headers.delete('cookie');
      this._headers.delete('host');
    }
    this.url = target;
    this._setKey();
    this._pool.acquire(this);
  }

  private _fail(error: Error): void {
    if (this._done) return;
    this._done = true;
    this._cancelTimer();
    if (!this._result.done()) this._result.setException(error);
  }

  private _cancelTimer(): void {
    if (this._timer !== null) {
      this._timer.cancel();
      this._timer = null;
    }
  }

  private _setKey(): void {
    const tls = this._tls;
    this.key = `${this.url.protocol}//${this.url.host}${tls === undefined || this.url.protocol !== 'https:' ? '' : `#${tlsId(tls)}`}`;
  }
}

const tlsIds = new WeakMap<object, number>();
let nextTlsId = 1;

/** A number per TLS options object, so connections made with different options are pooled apart. */
function tlsId(options: object): number {
  let id = tlsIds.get(options);
  if (id === undefined) tlsIds.set(options, (id = nextTlsId++));
  return id;
}

function onTimeout(exchange: ClientExchange, seconds: number): void {
  exchange._onTimeout(seconds);
}

function parseURL(input: string | URL): URL {
  let url: URL;
  try {
    url = input instanceof URL ? input : new URL(String(input));
  } catch {
    throw new InvalidArgumentError(`invalid URL ${JSON.stringify(String(input))}: give an absolute http: or https: URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InvalidArgumentError(`unsupported URL scheme ${url.protocol} in ${url.href}: only http: and https:`);
  }
  return url;
}

function port(url: URL): number {
  if (url.port !== '') return Number(url.port);
  return url.protocol === 'https:' ? 443 : 80;
}

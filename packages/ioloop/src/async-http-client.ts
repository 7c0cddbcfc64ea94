/**
 * `AsyncHTTPClient`: Tornado's non-blocking HTTP client, over the `@async/http` client (pooled
 * keep-alive connections on the IOLoop's loop). As in Tornado, `new AsyncHTTPClient()` gives the
 * one shared client of its IOLoop (made on first use; later options are ignored) unless
 * `forceInstance: true`; at most `maxClients` requests run at once and the others wait in a FIFO
 * queue; a status outside 2xx is raised as `HTTPClientError` unless `raiseError: false`, and a
 * timeout is an `HTTPTimeoutError` with Tornado's code 599 and messages.
 */
import {
  ConnectionResetError,
  type Future,
  InvalidArgumentError,
  InvalidStateError,
  TimeoutError,
  type TimerHandle,
  describeValue,
} from '@async/loop';
import { HTTPClient, type HTTPClientOptions, HTTPHeaders, HTTPTooManyRedirectsError, type HTTPResponse as RawResponse } from '@async/http';
import { IOLoop } from './ioloop.js';
import { HTTPRequest, type HTTPRequestOptions, REQUEST_DEFAULTS } from './http-request.js';
import { HTTPResponse } from './http-client-response.js';
import { HTTPStreamClosedError, HTTPTimeoutError } from './http-client-errors.js';

/** Options of `new AsyncHTTPClient()`. */
export interface AsyncHTTPClientOptions {
  /** The IOLoop the client's futures belong to. Default: `IOLoop.current()`. */
  ioloop?: IOLoop;
  /** A new client instead of the IOLoop's shared one (Tornado's `force_instance`). Default false. */
  forceInstance?: boolean;
  /** Requests running at once; more wait in a queue (default 10). */
  maxClients?: number;
  /** Request options used where a request leaves one `undefined`. */
  defaults?: HTTPRequestOptions;
  /** Largest response body accepted, in bytes (default 100 MiB). */
  maxBodySize?: number;
  /** Largest response head accepted, in bytes (default 65536). */
  maxHeaderSize?: number;
  /** `node:tls` options for `https:` URLs (such as a `ca` to trust). */
  tls?: HTTPClientOptions['tls'];
}

/** Options of `fetch()`: the request's options when it is given as a URL, and `raiseError`. */
export interface FetchOptions extends HTTPRequestOptions {
  /**
   * Raise an `HTTPClientError` for a status outside 2xx (default true). When false, such a
   * response resolves normally with its `error` set; timeouts and connection errors still raise.
   */
  raiseError?: boolean;
}

const SUPPORTED_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS']);
const BODY_METHODS = new Set(['POST', 'PATCH', 'PUT']);
const USER_AGENT = 'Tornado/6.2 (@async/ioloop)';

/** The shared clients, per IOLoop and per class (as Tornado keeps one per subclass). */
const shared = new WeakMap<IOLoop, Map<Function, AsyncHTTPClient>>();

/** A fetch waiting for a slot, or running. */
interface Pending {
  request: HTTPRequest;
  raiseError: boolean;
  result: Future<HTTPResponse>;
  timer: TimerHandle | null;
  running: Future<RawResponse> | null;
  timedOut: boolean;
}

/** Tornado's `AsyncHTTPClient` (its `simple_httpclient`, with keep-alive connections). */
export class AsyncHTTPClient {
  /** The IOLoop whose futures `fetch()` returns. */
  readonly ioloop!: IOLoop;
  /** The most requests run at once. */
  readonly maxClients!: number;
  /** The request defaults given to the constructor. */
  readonly defaults!: Readonly<HTTPRequestOptions>;
  private readonly _http!: HTTPClient;
  private readonly _queue: Pending[] = [];
  private readonly _active = new Set<Pending>();
  private readonly _closable = { close: (): void => this.close() };
  private _shared!: boolean;
  private _closed = false;

  /**
   * The IOLoop's shared client (made now if it has none: only then are the options used), or a
   * new one with `forceInstance: true`.
   * @throws InvalidArgumentError for bad options.
   */
  constructor(options: AsyncHTTPClientOptions = {}) {
    if (typeof options !== 'object' || options === null) {
      throw new InvalidArgumentError(`AsyncHTTPClient options must be an object, got ${describeValue(options)}`);
    }
    const ioloop = options.ioloop ?? IOLoop.current();
    if (!(ioloop instanceof IOLoop)) {
      throw new InvalidArgumentError(`AsyncHTTPClient({ ioloop }) needs an IOLoop, got ${describeValue(ioloop)}`);
    }
    const forced = options.forceInstance === true;
    if (!forced) {
      const existing = shared.get(ioloop)?.get(new.target);
      // Tornado's __new__: the IOLoop's client is returned as it is, whatever the arguments.
      if (existing !== undefined) return existing as this;
    }
    this.ioloop = ioloop;
    this.maxClients = options.maxClients ?? 10;
    if (!Number.isSafeInteger(this.maxClients) || this.maxClients < 1) {
      throw new InvalidArgumentError(`maxClients must be a positive integer, got ${describeValue(options.maxClients)}`);
    }
    this.defaults = Object.freeze({ ...(options.defaults ?? {}) });
    this._http = new HTTPClient(ioloop, {
      // The queue is kept here, to tell a request that timed out in it (Tornado's own message).
      maxClients: this.maxClients,
      maxConnectionsPerHost: this.maxClients,
      maxBodySize: options.maxBodySize,
      maxHeaderSize: options.maxHeaderSize,
      tls: options.tls,
      requestTimeout: 0,
    });
    this._shared = !forced;
    if (!forced) {
      let byClass = shared.get(ioloop);
      if (byClass === undefined) shared.set(ioloop, (byClass = new Map()));
      byClass.set(new.target, this);
    }
    ioloop._addFd(this._closable);
  }

  /**
   * Fetches `request` (a URL, with `options`, or an `HTTPRequest`). The future, on the IOLoop,
   * resolves with the `HTTPResponse`, or fails with an `HTTPClientError` (a non-2xx status,
   * unless `raiseError: false`), an `HTTPTimeoutError` (599), an `HTTPStreamClosedError` (599,
   * the server closed the connection early), a connection error such as the core's
   * `ConnectionRefusedError` (raised as it is, as Tornado raises the socket's error), or an
   * `InvalidArgumentError` for a bad URL, method or body. Cancelling the future gives the request
   * up.
   * @throws InvalidStateError once the client is closed.
   * @throws InvalidArgumentError for request options given with an `HTTPRequest`, or a bad request.
   */
  fetch(request: string | URL | HTTPRequest, options: FetchOptions = {}): Future<HTTPResponse> {
    if (this._closed) throw new InvalidStateError('fetch() called on a closed AsyncHTTPClient: make a new one');
    if (typeof options !== 'object' || options === null) {
      throw new InvalidArgumentError(`fetch() options must be an object, got ${describeValue(options)}`);
    }
    const { raiseError = true, ...requestOptions } = options;
    let req: HTTPRequest;
    if (request instanceof HTTPRequest) {
      if (Object.keys(requestOptions).length > 0) {
        throw new InvalidArgumentError("fetch(): request options can't be given with an HTTPRequest object: set them on the request");
      }
      req = request;
    } else if (typeof request === 'string' || request instanceof URL) {
      req = new HTTPRequest(request, requestOptions);
    } else {
      throw new InvalidArgumentError(`fetch(request) needs a URL or an HTTPRequest, got ${describeValue(request)}`);
    }
    req = this._withDefaults(req);
    const result = this.ioloop.createFuture<HTTPResponse>();
    const problem = checkRequest(req);
    if (problem !== null) {
      result.setException(problem);
      return result;
    }
    const pending: Pending = { request: req, raiseError, result, timer: null, running: null, timedOut: false };
    result.addDoneCallback((f) => {
      if (f.cancelled()) this._cancelled(pending);
    });
    if (this._active.size < this.maxClients) {
      this._start(pending);
    } else {
      const timeout = queueTimeout(req);
      if (timeout > 0) {
        pending.timer = this.ioloop.callLater(timeout, () => this._queueTimedOut(pending));
      }
      this._queue.push(pending);
    }
    return result;
  }

  /**
   * Closes the client: idle connections now, busy ones after their response; requests still in
   * the queue fail with `InvalidStateError`. A shared client stops being the IOLoop's: the next
   * `new AsyncHTTPClient()` makes a new one. Closing twice does nothing.
   */
  close(): void {
    if (this._closed) return;
    this._closed = true;
    this._http.close();
    this.ioloop._removeFd(this._closable);
    if (this._shared) {
      const byClass = shared.get(this.ioloop);
      for (const [cls, client] of byClass ?? []) if (client === this) byClass!.delete(cls);
    }
    for (const pending of this._queue.splice(0)) {
      pending.timer?.cancel();
      if (!pending.result.done()) pending.result.setException(new InvalidStateError('the AsyncHTTPClient was closed before this request left its queue'));
    }
  }

  /** The request with the client's defaults, then Tornado's, for what it leaves undefined. */
  private _withDefaults(request: HTTPRequest): HTTPRequest {
    const defaults = this.defaults;
    const out = Object.assign(Object.create(HTTPRequest.prototype) as HTTPRequest, request);
    out.connectTimeout = request.connectTimeout ?? defaults.connectTimeout ?? REQUEST_DEFAULTS.connectTimeout;
    out.requestTimeout = request.requestTimeout ?? defaults.requestTimeout ?? REQUEST_DEFAULTS.requestTimeout;
    out.followRedirects = request.followRedirects ?? defaults.followRedirects ?? REQUEST_DEFAULTS.followRedirects;
    out.maxRedirects = request.maxRedirects ?? defaults.maxRedirects ?? REQUEST_DEFAULTS.maxRedirects;
    out.decompressResponse = request.decompressResponse ?? defaults.decompressResponse ?? REQUEST_DEFAULTS.decompressResponse;
    out.allowNonstandardMethods =
      request.allowNonstandardMethods ?? defaults.allowNonstandardMethods ?? REQUEST_DEFAULTS.allowNonstandardMethods;
    out.userAgent = request.userAgent ?? defaults.userAgent;
    out.authUsername = request.authUsername ?? defaults.authUsername;
    out.authPassword = request.authPassword ?? defaults.authPassword;
    if (defaults.headers !== undefined) {
      const headers = new HTTPHeaders(defaults.headers);
      for (const [name] of request.headers) headers.delete(name);
      headers.extend(request.headers);
      out.headers = headers;
    }
    return out;
  }

  private _start(pending: Pending): void {
    const req = pending.request;
    this._active.add(pending);
    const headers = req.headers.copy();
    if (req.userAgent !== undefined) headers.set('User-Agent', req.userAgent);
    else if (!headers.has('user-agent')) headers.set('User-Agent', USER_AGENT);
    // Tornado's simple client labels a POST body as a form unless told otherwise.
    if (req.method === 'POST' && !headers.has('content-type')) headers.set('Content-Type', 'application/x-www-form-urlencoded');
    if (req.authUsername !== undefined) {
      const token = Buffer.from(`${req.authUsername}:${req.authPassword ?? ''}`, 'utf8').toString('base64');
      headers.set('Authorization', `Basic ${token}`);
    }
    const startTime = Date.now();
    const running = this._http.request({
      url: req.url,
      method: req.method,
      headers,
      body: req.body,
      connectTimeout: req.connectTimeout,
      requestTimeout: 0,
      followRedirects: req.followRedirects,
      maxRedirects: req.maxRedirects,
      decompress: req.decompressResponse,
    });
    pending.running = running;
    const requestTimeout = req.requestTimeout ?? 0;
    if (requestTimeout > 0) {
      pending.timer = this.ioloop.callLater(requestTimeout, () => {
        pending.timer = null;
        pending.timedOut = true;
        running.cancel();
      });
    }
    running.addDoneCallback((done) => this._finished(pending, done, startTime));
  }

  private _finished(pending: Pending, done: Future<RawResponse>, startTime: number): void {
    this._active.delete(pending);
    pending.timer?.cancel();
    pending.timer = null;
    this._next();
    const result = pending.result;
    if (result.done()) return;
    if (done.cancelled()) {
      if (pending.timedOut) result.setException(new HTTPTimeoutError('Timeout during request'));
      else result.cancel();
      return;
    }
    const error = done.exception();
    let response: HTTPResponse;
    if (error === null) {
      response = this._response(pending.request, done.result(), startTime);
    } else if (error instanceof HTTPTooManyRedirectsError) {
      // Tornado returns the last redirect as the response once max_redirects is used up.
      response = this._response(pending.request, error.response as RawResponse, startTime);
    } else {
      result.setException(translateError(error as Error));
      return;
    }
    if (response.error !== null && (pending.raiseError || !response._errorIsResponseCode)) result.setException(response.error);
    else result.setResult(response);
  }

  private _response(request: HTTPRequest, raw: RawResponse, startTime: number): HTTPResponse {
    return new HTTPResponse(request, raw.code, {
      reason: raw.reason,
      headers: raw.headers,
      body: raw.body,
      effectiveUrl: raw.url,
      requestTime: raw.requestTime,
      startTime,
    });
  }

  /** Starts queued requests while there are free slots. */
  private _next(): void {
    while (this._active.size < this.maxClients && this._queue.length > 0) {
      const pending = this._queue.shift()!;
      pending.timer?.cancel();
      pending.timer = null;
      this._start(pending);
    }
  }

  private _queueTimedOut(pending: Pending): void {
    pending.timer = null;
    const at = this._queue.indexOf(pending);
    if (at < 0) return;
    this._queue.splice(at, 1);
    if (!pending.result.done()) pending.result.setException(new HTTPTimeoutError('Timeout in request queue'));
  }

  private _cancelled(pending: Pending): void {
    const at = this._queue.indexOf(pending);
    if (at >= 0) {
      this._queue.splice(at, 1);
      pending.timer?.cancel();
      pending.timer = null;
    }
    pending.running?.cancel();
  }
}

/** Tornado's checks before sending: a known method, and a body exactly for POST, PUT and PATCH. */
function checkRequest(request: HTTPRequest): Error | null {
  if (request.allowNonstandardMethods) return null;
  if (!SUPPORTED_METHODS.has(request.method)) {
    return new InvalidArgumentError(`unknown method ${request.method}: use one of ${[...SUPPORTED_METHODS].join(', ')}, or allowNonstandardMethods`);
  }
  const expected = BODY_METHODS.has(request.method);
  if (expected !== (request.body !== null)) {
    return new InvalidArgumentError(
      `Body must ${expected ? 'not ' : ''}be None for method ${request.method} (unless allowNonstandardMethods is true)`,
    );
  }
  return null;
}

/** How long a request may wait in the queue: Tornado's min(connect_timeout, request_timeout), zeros ignored. */
function queueTimeout(request: HTTPRequest): number {
  const timeouts = [request.connectTimeout ?? 0, request.requestTimeout ?? 0].filter((t) => t > 0);
  return timeouts.length === 0 ? 0 : Math.min(...timeouts);
}

/** The `@async/http` error as Tornado's simple client raises it. */
function translateError(error: Error): Error {
  if (error instanceof TimeoutError) return new HTTPTimeoutError('Timeout while connecting');
  if (error instanceof ConnectionResetError) return new HTTPStreamClosedError('Stream closed', { cause: error });
  return error;
}


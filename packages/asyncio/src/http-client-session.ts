/**
 * `http.ClientSession` (aiohttp's) and `http.request()` (the talk's Tulip
 * `tulip.http.request(method, url)`): requests as coroutines, `const response = yield*
 * http.request('GET', url)`, the body then read with `yield* response.read()`. A session keeps
 * connections alive and reuses them; `http.request()` uses one session shared per loop. Any
 * status is a response; a failed connection raises the core `OSError` family, a `timeout` the
 * core `TimeoutError`, and cancelling the task aborts the request.
 */
import { ACCEPT_ENCODING, HTTPClient, HTTPHeaders, type HTTPHeadersInit } from '@async/http';
import {
  type Coroutine,
  type EventLoop,
  InvalidArgumentError,
  InvalidStateError,
  describeValue,
  getEventLoop,
  getRunningLoop,
} from '@async/loop';
import { type AwaitableCoroutine, awaitable } from './awaitable-coroutine.js';
import { ClientResponse } from './http-client-response.js';

/** Options of one request. */
export interface RequestOptions {
  /** Request header fields. */
  headers?: HTTPHeadersInit;
  /** The body: bytes, or text (sent as UTF-8). */
  body?: Uint8Array | string | null;
  /** A body sent as JSON (with `Content-Type: application/json`). */
  json?: unknown;
  /** Seconds until the response head (default the session's, 300 as aiohttp); 0: none. */
  timeout?: number;
  /** Follow redirects (default true, up to 10 as aiohttp). */
  allowRedirects?: boolean;
}

/** Options of `new ClientSession(options)`. */
export interface ClientSessionOptions {
  /** The loop (default: the running loop, else the current one). */
  loop?: EventLoop;
  /** Header fields sent with every request. */
  headers?: HTTPHeadersInit;
  /** Default seconds until the response head (default 300, aiohttp's total timeout). */
  timeout?: number;
  /** Connections open at once, over all hosts (default 100, aiohttp's connector limit). */
  limit?: number;
}

/** aiohttp's `ClientSession`: requests sharing a pool of kept-alive connections. */
export class ClientSession {
  /** The loop requests run on. */
  readonly loop: EventLoop;
  private readonly _client: HTTPClient;
  private readonly _timeout: number;
  private _closed = false;

  /** @throws InvalidArgumentError for bad options. */
  constructor(options: ClientSessionOptions = {}) {
    if (typeof options !== 'object' || options === null) {
      throw new InvalidArgumentError(`ClientSession(options) takes an options object, got ${describeValue(options)}`);
    }
    const { timeout = 300, limit = 100 } = options;
    checkTimeout(timeout, 'ClientSession timeout');
    this.loop = options.loop ?? getEventLoop();
    this._timeout = timeout;
    this._client = new HTTPClient(this.loop, {
      maxClients: limit,
      maxConnectionsPerHost: limit,
      requestTimeout: 0,
      maxRedirects: 10,
      decompress: false,
      defaultHeaders: defaultHeaders(options.headers),
    });
  }

  /** True once closed. */
  get closed(): boolean {
    return this._closed;
  }

  /**
   * Sends a request; evaluates to the response once its head has arrived.
   * @throws InvalidStateError on a closed session; InvalidArgumentError for bad arguments.
   */
  request(method: string, url: string | URL, options: RequestOptions = {}): AwaitableCoroutine<ClientResponse> {
    if (typeof method !== 'string') throw new InvalidArgumentError(`request(method) takes a string such as 'GET', got ${describeValue(method)}`);
    if (typeof options !== 'object' || options === null) {
      throw new InvalidArgumentError(`request(method, url, options) takes an options object, got ${describeValue(options)}`);
    }
    const timeout = options.timeout ?? this._timeout;
    checkTimeout(timeout, 'request timeout');
    return awaitable(this._request(method.toUpperCase(), url, options, timeout));
  }

  // The request starts when the coroutine first runs, as a Python coroutine does when awaited.
  private *_request(method: string, url: string | URL, options: RequestOptions, timeout: number): Coroutine<ClientResponse> {
    if (this._closed) throw new InvalidStateError('request() on a closed ClientSession: make a new session');
    const headers = new HTTPHeaders(options.headers ?? undefined);
    let body = options.body ?? null;
    if (options.json !== undefined) {
      body = JSON.stringify(options.json);
      if (!headers.has('content-type')) headers.set('Content-Type', 'application/json');
    }
    const stream = yield* this._client.stream({
      url,
      method,
      headers,
      body,
      requestTimeout: timeout,
      followRedirects: options.allowRedirects ?? true,
    });
    return new ClientResponse(method, stream);
  }

  /** `request('GET', url, options)`. */
  get(url: string | URL, options?: RequestOptions): AwaitableCoroutine<ClientResponse> {
    return this.request('GET', url, options);
  }

  /** `request('POST', url, options)`. */
  post(url: string | URL, options?: RequestOptions): AwaitableCoroutine<ClientResponse> {
    return this.request('POST', url, options);
  }

  /** `request('PUT', url, options)`. */
  put(url: string | URL, options?: RequestOptions): AwaitableCoroutine<ClientResponse> {
    return this.request('PUT', url, options);
  }

  /** `request('DELETE', url, options)`. */
  delete(url: string | URL, options?: RequestOptions): AwaitableCoroutine<ClientResponse> {
    return this.request('DELETE', url, options);
  }

  /** `request('HEAD', url, options)`. */
  head(url: string | URL, options?: RequestOptions): AwaitableCoroutine<ClientResponse> {
    return this.request('HEAD', url, options);
  }

  /** Closes the kept-alive connections; later requests raise `InvalidStateError`. */
  close(): void {
    if (this._closed) return;
    this._closed = true;
    this._client.close();
  }
}

function checkTimeout(value: unknown, what: string): void {
  if (typeof value !== 'number' || !(value >= 0) || !Number.isFinite(value)) {
    throw new InvalidArgumentError(`${what} must be a non-negative number of seconds (0: none), got ${describeValue(value)}`);
  }
}

const shared = new WeakMap<EventLoop, ClientSession>();

/**
 * Tulip's `http.request(method, url)`: a request on the running loop's shared session.
 * @throws LoopStateError when no loop is running; as `ClientSession.request` otherwise.
 */
export function request(method: string, url: string | URL, options?: RequestOptions): AwaitableCoroutine<ClientResponse> {
  const loop = getRunningLoop();
  let session = shared.get(loop);
  if (session === undefined || session.closed) {
    session = new ClientSession({ loop });
    shared.set(loop, session);
  }
  return session.request(method, url, options);
}

/** The session's header fields, with aiohttp's `Accept-Encoding` unless given. */
function defaultHeaders(given: HTTPHeadersInit | undefined): HTTPHeaders {
  const headers = new HTTPHeaders(given ?? undefined);
  if (!headers.has('accept-encoding')) headers.set('Accept-Encoding', ACCEPT_ENCODING);
  return headers;
}
